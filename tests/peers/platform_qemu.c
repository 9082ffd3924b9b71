/*
 * platform_qemu.c - QEMU "malta" board (qemu-system-mips64 -M malta -cpu 5Kf).
 * Console: the PIIX4 ISA 16550 COM1 (first -serial) at I/O port 0x3F8; the
 * GT-64120 maps PCI I/O space at physical 0x18000000, hence 0x180003F8.
 * Exit: MIPS UHI semihosting "exit" (SDBBP 1 with t9=1, a0=status), which
 * makes QEMU call exit(status); needs -semihosting-config enable=on (set by
 * scripts/run-peer.sh). Fallback if semihosting is off: the Malta FPGA
 * SOFTRES register (0x1F000500) <- GORESET (0x42) resets the board, which
 * with -no-reboot makes QEMU exit with status 0; hence the "EXIT <n>" line.
 * QEMU's CP0 Count is time-based (no -icount), so no instret.
 */
#include "platform.h"

#define UART_THR ((volatile uint8_t *)PLAT_KSEG1(0x180003F8))
#define UART_LSR ((volatile uint8_t *)PLAT_KSEG1(0x180003FD))
#define LSR_THRE 0x20
#define MALTA_SOFTRES ((volatile uint32_t *)PLAT_KSEG1(0x1F000500))
#define MALTA_GORESET 0x42

void plat_putc(char c)
{
    while (!(*UART_LSR & LSR_THRE))
        ;
    *UART_THR = (uint8_t)c;
}

void plat_exit(int status)
{
    plat_puts("EXIT ");
    plat_putdec(status & 0xff);
    plat_putc('\n');
    while (!(*UART_LSR & 0x40)) /* TEMT: wait until the line is drained */
        ;
    register uint64_t op __asm__("$25") = 1; /* UHI_exit */
    register uint64_t a0 __asm__("$4") = (uint64_t)(status & 0xff);
    /* SDBBP is MIPS32/64 (EJTAG), not MIPS IV: let gas accept it here. */
    __asm__ volatile(".set push\n\t.set mips64\n\tsdbbp 1\n\t.set pop"
                     : : "r"(op), "r"(a0) : "memory");
    *MALTA_SOFTRES = MALTA_GORESET;
    for (;;)
        ;
}

uint64_t plat_instret(void)
{
    return 0;
}
