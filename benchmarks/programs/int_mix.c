/* int_mix.c - integer benchmark: table CRC-32 over a 256 KiB buffer,
 * non-recursive quicksort of 16 Ki 64-bit keys, FNV-1a and a multiply hash,
 * repeated ROUNDS times with the buffer perturbed each round. */
#include "bench.h"

#ifndef ROUNDS
#define ROUNDS (60 * SCALE)
#endif
#define BUF_WORDS (64 * 1024) /* 256 KiB of uint32 */
#define SORT_N (16 * 1024)

static uint32_t buf[BUF_WORDS];
static uint64_t keys[SORT_N];
static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, unsigned long n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void quicksort(uint64_t *a, long n)
{
    long stack[128];
    int sp = 0;
    long lo = 0, hi = n - 1;
    for (;;) {
        while (hi - lo > 16) {
            uint64_t p = a[lo + (hi - lo) / 2];
            long i = lo, j = hi;
            while (i <= j) {
                while (a[i] < p)
                    i++;
                while (a[j] > p)
                    j--;
                if (i <= j) {
                    uint64_t t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            /* push the larger part, loop on the smaller one */
            if (j - lo > hi - i) {
                stack[sp++] = lo;
                stack[sp++] = j;
                lo = i;
            } else {
                stack[sp++] = i;
                stack[sp++] = hi;
                hi = j;
            }
        }
        for (long i = lo + 1; i <= hi; i++) { /* insertion sort the rest */
            uint64_t v = a[i];
            long j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        if (sp == 0)
            break;
        hi = stack[--sp];
        lo = stack[--sp];
    }
}

int main(void)
{
    uint64_t rng = 0x243F6A8885A308D3ull;
    uint64_t sum = 0xCBF29CE484222325ull;
    crc_init();
    for (unsigned i = 0; i < BUF_WORDS; i++)
        buf[i] = (uint32_t)xorshift64(&rng);

    for (unsigned r = 0; r < ROUNDS; r++) {
        uint32_t c = crc32((const uint8_t *)buf, sizeof buf);
        sum = (sum ^ c) * 0x100000001B3ull;
        /* keys from the buffer, mixed with the round's CRC */
        unsigned off = c & (BUF_WORDS - 1);
        for (unsigned i = 0; i < SORT_N; i++) {
            uint32_t w = buf[(off + i) & (BUF_WORDS - 1)];
            keys[i] = ((uint64_t)w << 32 | (w ^ c)) * 0x9E3779B97F4A7C15ull;
        }
        quicksort(keys, SORT_N);
        for (unsigned i = 1; i < SORT_N; i++)
            if (keys[i - 1] > keys[i])
                sum += 0xBAD; /* never: the sort is wrong */
        for (unsigned i = 0; i < SORT_N; i += 7) {
            sum ^= keys[i];
            sum *= 0x100000001B3ull;
            sum = rotl64(sum, 29) + (keys[i] >> (i & 31));
        }
        /* perturb the buffer so the next CRC differs */
        for (unsigned i = r & 15; i < BUF_WORDS; i += 16)
            buf[i] += (uint32_t)(sum >> 7) ^ i;
    }
    bench_report("int_mix", sum);
    return 0;
}
