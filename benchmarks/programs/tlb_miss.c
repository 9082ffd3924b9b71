/* tlb_miss.c - TLB-miss-heavy benchmark with the program's own software
 * refill handler (tlb_refill.S), like an OS kernel:
 *   - a linear page table at physical 8 MiB (kseg0), Context.PTEBase -> it;
 *   - VPAGES 4 KiB virtual pages at VBASE in useg (xuseg: Status.UX=1, so
 *     misses take the XTLB refill vector 0x080; the handler is also at 0x000),
 *     each mapped V|D|G, cacheable, to one of FRAMES physical frames at 16 MiB;
 *   - STEPS loads+stores at pseudo-random pages: with far more pages than TLB
 *     entries (QEMU 5Kf: 32, R10000: 64, each mapping 2 pages) nearly every
 *     access misses and runs the handler (tlbwr: replacement is random, so the
 *     TLB size does not matter for the result).
 * The program runs in kernel mode (kuseg is mapped the same way as useg). */
#include "bench.h"

extern const uint32_t tlb_refill_start[], tlb_refill_end[];
extern char _end[];

#define KSEG0(pa) (0xFFFFFFFF80000000ull | (uint64_t)(pa))
#define KSEG1(pa) (0xFFFFFFFFA0000000ull | (uint64_t)(pa))
#define PT_PHYS 0x00800000u    /* page table: 8 MiB aligned (Context.PTEBase) */
#define FRAME_PHYS 0x01000000u /* frame pool */
#define FRAMES 2048u           /* 8 MiB of frames */
#define VBASE 0x00400000u
#define VPAGES 16384u          /* 64 MiB of virtual space */
#ifndef STEPS
#define STEPS (4500000u * SCALE)
#endif

#define ENTRYLO(pfn) (((uint64_t)(pfn) << 6) | (3u << 3) | 4u | 2u | 1u) /* C=3 D V G */

static inline void mtc0_context(uint64_t v) { __asm__ volatile("dmtc0 %0, $4" : : "r"(v)); }
static inline void mtc0_pagemask(uint64_t v) { __asm__ volatile("mtc0 %0, $5" : : "r"(v)); }
static inline void mtc0_wired(uint64_t v) { __asm__ volatile("mtc0 %0, $6" : : "r"(v)); }
static inline void mtc0_entryhi(uint64_t v) { __asm__ volatile("dmtc0 %0, $10" : : "r"(v)); }

int main(void)
{
    if ((uint64_t)_end > KSEG0(PT_PHYS)) {
        plat_puts("tlb_miss: image overlaps the page table\n");
        return 1;
    }
    /* Page table: the entry for virtual page v sits at PT + (v >> 1) * 16 +
     * (v & 1) * 8 = PT + v * 8 (v = VA >> 12). Entries outside the range stay
     * as they are (never touched). */
    volatile uint64_t *pt = (volatile uint64_t *)KSEG0(PT_PHYS);
    for (uint32_t i = 0; i < VPAGES; i++) {
        uint32_t v = (VBASE >> 12) + i;
        uint32_t frame = (i * 2654435761u) & (FRAMES - 1); /* scatter, 8 pages per frame */
        pt[v] = ENTRYLO((FRAME_PHYS >> 12) + frame);
    }
    volatile uint64_t *pool = (volatile uint64_t *)KSEG0(FRAME_PHYS);
    for (uint32_t i = 0; i < FRAMES * 4096 / 8; i++)
        pool[i] = i;

    /* Install the handler at both refill vectors through kseg1, then drop any
     * stale I-cache lines at the kseg0 alias. */
    unsigned words = (unsigned)(tlb_refill_end - tlb_refill_start);
    for (unsigned vec = 0; vec <= 0x80; vec += 0x80) {
        volatile uint32_t *dst = (volatile uint32_t *)KSEG1(vec);
        for (unsigned i = 0; i < words; i++)
            dst[i] = tlb_refill_start[i];
        for (unsigned off = 0; off < words * 4; off += 16)
            __asm__ volatile("cache 0x10, 0(%0)" : : "r"(KSEG0(vec + off)) : "memory");
    }
    mtc0_pagemask(0);
    mtc0_wired(0);
    mtc0_entryhi(0); /* ASID 0 (the mappings are global anyway) */
    mtc0_context(KSEG0(PT_PHYS));

    uint64_t rng = 0xA4093822299F31D0ull, sum = 0;
    for (uint32_t s = 0; s < STEPS; s++) {
        uint64_t r = xorshift64(&rng);
        uint32_t page = (uint32_t)r & (VPAGES - 1);
        volatile uint64_t *p = (volatile uint64_t *)(uint64_t)(VBASE + page * 4096u + ((uint32_t)(r >> 20) & 0xFF8u));
        uint64_t x = *p;
        *p = x + s;
        sum = rotl64(sum, 7) ^ x;
    }
    /* Read back every virtual page once (sequential: ~1 miss per 2 pages). */
    for (uint32_t i = 0; i < VPAGES; i++)
        sum += *(volatile uint64_t *)(uint64_t)(VBASE + i * 4096u + ((i * 8u) & 0xFF8u));
    bench_report("tlb_miss", sum);
    return 0;
}
