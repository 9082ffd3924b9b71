/* hello.c - smoke test for the peer platform layer: prints "hello", a
 * checksum over integer + FPU work (must be identical on every target),
 * and exits with status 3. */
#include "platform.h"

static uint64_t data[64]; /* in .bss: also checks that start.S zeroed it */

int main(void)
{
    plat_puts("hello\n");

    uint64_t sum = 0;
    for (int i = 0; i < 64; i++)
        sum += data[i]; /* 0 if .bss was cleared */

    /* Integer: xorshift + multiply/divide mix. */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 1000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data[i & 63] += x;
        sum = sum * 31 + x / ((uint64_t)i + 3) + (uint64_t)((int64_t)x % 1000003);
    }

    /* FPU: double and single arithmetic, conversions, compares, sqrt. */
    volatile double d = 1.0; /* volatile: keep the work at run time */
    double acc = 0.0;
    float f = 0.5f;
    for (int i = 1; i <= 200; i++) {
        d = d * 1.0001 + 1.0 / (double)i;
        acc += __builtin_sqrt(d) - (double)(int64_t)(d * 3.0);
        f = f * 1.5f - (float)i / 7.0f;
        if (acc > 10.0)
            acc -= 3.25;
    }
    union { double d; uint64_t u; } ud = { acc };
    union { float f; uint32_t u; } uf = { f };
    sum ^= ud.u;
    sum = sum * 1099511628211ull ^ uf.u;
    for (int i = 0; i < 64; i++)
        sum += data[i] * (uint64_t)(i + 1);

    plat_puts("checksum ");
    plat_puthex(sum);
    plat_putc('\n');
    return 3;
}
