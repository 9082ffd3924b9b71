/* Load latency to every node's memory, measured from CPU 0 in timing mode: a pointer chase
   through 4 MiB of a node's memory (4x the L2) in a random cyclic order, so every load
   misses; the cycles per load, less the loop's own cost measured on an L1-resident chain,
   is the miss latency. Prints "latency node N: C cycles" for tests/machine/check_latency.py. */
#include "guest.h"

#define CHAIN_BYTES (4u << 20)
#define STRIDE 2048u /* one element per 2 KiB: distinct lines, distinct sets */
#define ELEMS (CHAIN_BYTES / STRIDE)
#define REGION 0x01000000ull /* 16 MiB into each node's memory, clear of this program */

static uint32_t perm[ELEMS];

/* Cacheable coherent (attribute 5) xkphys view of a physical address. */
static inline uint64_t cached(uint64_t pa) { return 0xA800000000000000ull | pa; }

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static void build_chain(uint64_t base, unsigned elems, unsigned stride) {
    for (unsigned i = 0; i < elems; i++) perm[i] = i;
    for (unsigned i = elems - 1; i > 0; i--) { /* Fisher-Yates */
        const unsigned j = next_rand() % (i + 1);
        const uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (unsigned i = 0; i < elems; i++)
        *(volatile uint64_t *)(base + (uint64_t)perm[i] * stride) = base + (uint64_t)perm[(i + 1) % elems] * stride;
}

/* Cycles for `loads` dependent loads starting at p. */
static uint64_t chase(uint64_t p, uint64_t loads) {
    const uint64_t t0 = mmio_read64(MAGIC(0) + MAGIC_CYCLE);
    pointer_chase(p, loads);
    return mmio_read64(MAGIC(0) + MAGIC_CYCLE) - t0;
}

int main(void) {
    const unsigned nodes = (unsigned)mmio_read64(MAGIC(0) + MAGIC_NODE_COUNT);
    /* Loop cost with every load an L1 hit: 8 elements, 64 bytes apart. */
    static uint64_t small[64] __attribute__((aligned(128)));
    const uint64_t sbase = (uint64_t)small;
    for (unsigned i = 0; i < 8; i++) small[i * 8] = sbase + ((i + 1) % 8) * 64;
    chase(sbase, 1000);
    const uint64_t hit = chase(sbase, 100000);
    printf_("loop with L1 hits: %lu cycles per iteration x1000\n", hit / 100);
    for (unsigned n = 0; n < nodes; n++) {
        const uint64_t base = cached(((uint64_t)n << 32) + REGION);
        build_chain(base, ELEMS, STRIDE);
        chase(base, ELEMS * 2); /* write back the dirty lines, leave them clean */
        const uint64_t loads = ELEMS * 4;
        const uint64_t c = chase(base, loads);
        /* x1000 for three decimals without floating point */
        const uint64_t per = (c * 1000) / loads - (hit * 1000) / 100000;
        printf_("latency node %u: %lu.%03lu cycles\n", n, per / 1000, per % 1000);
    }
    report(1, "measured %u nodes", nodes);
    return report_summary();
}
