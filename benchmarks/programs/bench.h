/* bench.h - shared helpers for the speed benchmark programs.
 * Every program is freestanding (tests/peers platform layer), deterministic,
 * and prints one line "<name> checksum 0x<16 hex>" that must be identical on
 * flashsim, GXemul and QEMU. SCALE (default 1) multiplies the amount of work. */
#ifndef BENCH_H
#define BENCH_H
#include "platform.h"

#ifndef SCALE
#define SCALE 1
#endif

static inline uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

static inline void bench_report(const char *name, uint64_t sum)
{
    plat_puts(name);
    plat_puts(" checksum ");
    plat_puthex(sum);
    plat_putc('\n');
}

/* benchlib.c: GCC may turn loops into calls to these even when freestanding. */
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

#endif
