/*
 * platform_gxemul.c - GXemul "testmips" machine (gxemul -E testmips -C R10000).
 * Devices per GXemul's src/include/testmachine/dev_cons.h: the "cons" device
 * sits at physical 0x10000000; a byte store to +0x00 prints a character, any
 * access to +0x10 halts the emulator. The halt carries no status, so
 * plat_exit prints "EXIT <n>" first (scripts/run-peer.sh converts it).
 * GXemul has no exact retired-instruction counter visible to the guest.
 */
#include "platform.h"

#define CONS_PUTCHAR ((volatile uint8_t *)PLAT_KSEG1(0x10000000))
#define CONS_HALT    ((volatile uint8_t *)PLAT_KSEG1(0x10000010))

void plat_putc(char c)
{
    *CONS_PUTCHAR = (uint8_t)c;
}

void plat_exit(int status)
{
    plat_puts("EXIT ");
    plat_putdec(status & 0xff);
    plat_putc('\n');
    for (;;)
        *CONS_HALT = 0;
}

uint64_t plat_instret(void)
{
    return 0;
}
