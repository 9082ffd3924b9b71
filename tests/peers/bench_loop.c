/* bench_loop.c - integer throughput benchmark with an exactly known
 * instruction count: the asm loop body is 5 instructions (4 + delay slot),
 * so LOOP_ITERS iterations retire 5*LOOP_ITERS instructions (default 200M),
 * plus a few hundred for startup/printing. Prints the result so the work
 * can't be optimised away and so peers can be cross-checked. */
#include "platform.h"

#ifndef LOOP_ITERS
#define LOOP_ITERS 40000000ull
#endif

int main(void)
{
    uint64_t n = LOOP_ITERS, a = 1, b = 0x9E3779B97F4A7C15ull, c = 0;
    uint64_t t0 = plat_instret();
    __asm__ volatile(".set push\n\t.set noreorder\n"
                     "1:\tdaddiu %0, %0, -1\n\t"
                     "daddu  %1, %1, %2\n\t"
                     "xor    %2, %2, %1\n\t"
                     "bnez   %0, 1b\n\t"
                     "daddiu %3, %3, 1\n\t"
                     ".set pop"
                     : "+r"(n), "+r"(a), "+r"(b), "+r"(c));
    uint64_t t1 = plat_instret();
    plat_puts("loop a=");
    plat_puthex(a);
    plat_puts(" b=");
    plat_puthex(b);
    plat_puts(" c=");
    plat_putdec((int64_t)c);
    plat_putc('\n');
    if (t1) {
        plat_puts("instret ");
        plat_putdec((int64_t)(t1 - t0));
        plat_putc('\n');
    }
    return 0;
}
