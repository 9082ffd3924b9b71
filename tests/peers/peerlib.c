/* peerlib.c - target-independent helpers over plat_putc (see platform.h). */
#include "platform.h"

void plat_puts(const char *s)
{
    while (*s)
        plat_putc(*s++);
}

void plat_puthex(uint64_t v)
{
    plat_puts("0x");
    for (int i = 60; i >= 0; i -= 4)
        plat_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

void plat_putdec(int64_t v)
{
    char buf[24];
    int n = 0;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (v < 0)
        plat_putc('-');
    do {
        buf[n++] = '0' + u % 10;
        u /= 10;
    } while (u);
    while (n)
        plat_putc(buf[--n]);
}

void plat_trap(uint64_t cause, uint64_t epc, uint64_t badvaddr)
{
    plat_puts("\nTRAP cause=");
    plat_puthex(cause);
    plat_puts(" epc=");
    plat_puthex(epc);
    plat_puts(" badvaddr=");
    plat_puthex(badvaddr);
    plat_putc('\n');
    plat_exit(128 + ((cause >> 2) & 0x1f));
}
