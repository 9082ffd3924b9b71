/*
 * platform_flashsim.c - flashsim's own board contract:
 *   UART 16550 at physical 0x1F010000 (byte registers, stride 1);
 *   simctl at physical 0x1F020000: +0x00 EXIT (64-bit write, low 8 bits are
 *   the status), +0x08 PUTC, +0x10 INSTRET (64-bit read).
 * The console uses the UART (the path real software takes); EXIT carries the
 * status directly, so no "EXIT <n>" line is printed.
 */
#include "platform.h"

#define UART_THR ((volatile uint8_t *)PLAT_KSEG1(0x1F010000))
#define UART_LSR ((volatile uint8_t *)PLAT_KSEG1(0x1F010005))
#define LSR_THRE 0x20
#define SIMCTL_EXIT    ((volatile uint64_t *)PLAT_KSEG1(0x1F020000))
#define SIMCTL_INSTRET ((volatile uint64_t *)PLAT_KSEG1(0x1F020010))

void plat_putc(char c)
{
    while (!(*UART_LSR & LSR_THRE))
        ;
    *UART_THR = (uint8_t)c;
}

void plat_exit(int status)
{
    for (;;)
        *SIMCTL_EXIT = (uint64_t)(status & 0xff);
}

uint64_t plat_instret(void)
{
    return *SIMCTL_INSTRET;
}
