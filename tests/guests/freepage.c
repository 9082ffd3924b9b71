/* HC_FREE_PAGE and HC_ZERO_PAGE: the monitor takes freed pages back and hands them out again
   (disco/mm/pmap.c). Run as two VMs: vm1 scribbles over its low memory and halts, so its machine
   pages return to the pools; vm0 frees pages, takes some back at once (from limbo), waits
   until the rest are reclaimed, and gets them again, zeroed (some of them vm1's), through the
   kernel segment and through a TLB mapping it kept over the free. */
#include "disco/abi.h"
#include "guest.h"

#define PAGE 4096ull
#define NPAGES 64
#define KSEG(gpa) ((volatile uint64_t *)(DISCO_KSEG + (uint64_t)(gpa)))
#define UVA 0x10000000ull /* useg, mapped by the guest's own TLB entry */
#define ELO(gpa) ((((uint64_t)(gpa) >> 12) << 6) | (3u << 3) | 4 | 2)
#define SLICE 50000u      /* the monitor's time slice, virtual Count ticks */

static long backed(void) { return hcall(HC_VM_INFO, 4, 0); }

static void map_pair(unsigned index, uint64_t va, uint64_t gpa) { /* its own TLB entry */
    MTC0(10, va | (MFC0(10) & 0xFF));
    MTC0(2, ELO(gpa));
    MTC0(3, ELO(gpa + PAGE));
    MTC0(5, 0);
    MTC0(0, index);
    __asm__ volatile("tlbwi" ::: "memory");
}

static void wait_slices(unsigned n) {
    const uint32_t t0 = (uint32_t)MFC0_32(9);
    while ((uint32_t)((uint32_t)MFC0_32(9) - t0) < n * SLICE) {
    }
}

static void fill(uint64_t gpa, uint64_t tag) {
    for (unsigned i = 0; i < PAGE / 8; i++) KSEG(gpa)[i] = tag | i;
}

static unsigned differ(uint64_t gpa, uint64_t tag) { /* words not tag | index (tag 0: not zero) */
    unsigned bad = 0;
    for (unsigned i = 0; i < PAGE / 8; i++) bad += KSEG(gpa)[i] != (tag ? tag | i : 0);
    return bad;
}

static unsigned zero_pages(uint64_t first, unsigned n) { /* HC_ZERO_PAGE; the words not zero after */
    unsigned bad = 0;
    for (unsigned i = 0; i < n; i++) {
        bad += hcall(HC_ZERO_PAGE, (long)(first + i * PAGE), 0) != 0;
        bad += differ(first + i * PAGE, 0);
    }
    return bad;
}

/* With two vCPUs: vCPU 1, on another CPU, maps a pair through its own TLB and reads it; vCPU 0
   frees the pair, lets it be reclaimed, asks for it again and writes it; vCPU 1's mapping
   (its TLB entry, and what its CPU's real TLB and its L2TLB made of it) must reach the new
   pages. */
#define UVA2 0x20000000ull
static volatile uint64_t smp_gpa, smp_state, smp_seen_before, smp_seen_after;
static uint8_t stack1[8192] __attribute__((aligned(16)));

void secondary_main(uint64_t arg) {
    (void)arg;
    map_pair(11, UVA2, smp_gpa);
    smp_seen_before = *(volatile uint64_t *)(UVA2 + PAGE + 8);
    smp_state = 1; /* mapped and read: vCPU 0 frees the pair now */
    while (smp_state != 2) {
    }
    smp_seen_after = *(volatile uint64_t *)(UVA2 + PAGE + 8);
    smp_state = 3;
    hcall(HC_IDLE, 0, 0);
    for (;;) {
    }
}

static void smp_part(uint64_t gpa) {
    smp_gpa = gpa;
    fill(gpa + PAGE, 0x0123000000000000ull);
    report(hcall4(HC_VCPU_START, 1, (long)secondary_start, (long)&stack1[8192], 0) == 0, "vCPU 1 started");
    while (smp_state != 1) {
    }
    report(smp_seen_before == (0x0123000000000000ull | 1), "vCPU 1 reads the pair through its TLB");
    report(hcall(HC_FREE_PAGE, (long)gpa, 0) == 0 && hcall(HC_FREE_PAGE, (long)(gpa + PAGE), 0) == 0,
           "vCPU 0 frees the pair");
    wait_slices(8);
    report(zero_pages(gpa, 2) == 0, "the pair comes back zeroed");
    fill(gpa + PAGE, 0x4567000000000000ull);
    smp_state = 2;
    while (smp_state != 3) {
    }
    report(smp_seen_after == (0x4567000000000000ull | 1),
           "vCPU 1's kept mapping, on another CPU, reaches the new page (0x%lx)", smp_seen_after);
}

int main(void) {
    const long id = hcall(HC_VM_INFO, 2, 0), mem = hcall(HC_VM_INFO, 1, 0);
    if (id == 1) { /* the other VM: leaves its marks everywhere above its image, and halts */
        /* Between its exception vectors (page 0) and its image (linked at 1 MiB): the pages its
           memory returns to the pool first. */
        for (uint64_t gpa = PAGE; gpa < (1ull << 20); gpa += PAGE) fill(gpa, 0x5ec0000000000000ull);
        report(differ(PAGE, 0x5ec0000000000000ull) == 0, "vm1 filled its low memory and halts");
        return report_summary();
    }
    wait_slices(16); /* vm1 halts meanwhile */
    const uint64_t base = (uint64_t)mem / 2;
    report(backed() == mem, "all %ld MiB of its memory are backed", mem >> 20);
    for (unsigned i = 0; i < NPAGES; i++) fill(base + i * PAGE, (uint64_t)(i + 1) << 48);

    /* Its own TLB maps the first two pages at UVA, and keeps mapping them over the free. */
    const uint64_t hi = MFC0(10);
    map_pair(10, UVA, base);
    report(*(volatile uint64_t *)(UVA + 8) == ((1ull << 48) | 1), "a TLB mapping of the page reads it");

    unsigned bad = 0;
    for (unsigned i = 0; i < NPAGES; i++) bad += hcall(HC_FREE_PAGE, (long)(base + i * PAGE), 0) != 0;
    report(bad == 0, "HC_FREE_PAGE on %u pages returns 0", NPAGES);
    report(backed() == mem - (long)(NPAGES * PAGE), "they are no longer backed (%ld KiB less)", (mem - backed()) >> 10);
    report(hcall(HC_FREE_PAGE, (long)base, 0) == 0 && backed() == mem - (long)(NPAGES * PAGE),
           "freeing a page twice frees it once");
    report(hcall(HC_FREE_PAGE, (long)base + 8, 0) == HC_EFAULT, "freeing an unaligned address: HC_EFAULT");
    report(hcall(HC_FREE_PAGE, mem, 0) == HC_EFAULT, "freeing beyond its memory: HC_EFAULT");
    report(hcall(HC_FREE_PAGE, -4096, 0) == HC_EFAULT, "freeing page -1: HC_EFAULT");

    wait_slices(4); /* reclaimed: every CPU and vCPU has moved past the free */
    report(zero_pages(base + 2 * PAGE, 30) == 0, "30 reclaimed pages asked for again come back zeroed (none "
           "shows what another VM left)");
    report(backed() == mem - (long)(34 * PAGE), "and backed again");

    /* Freed and asked for again at once (no time slice ends in between): still in limbo, so
       taken back as they were, then zeroed. */
    bad = 0;
    for (unsigned i = 2; i < 32; i++) {
        fill(base + i * PAGE, 0x1111000000000000ull);
        bad += hcall(HC_FREE_PAGE, (long)(base + i * PAGE), 0) != 0;
        bad += zero_pages(base + i * PAGE, 1);
    }
    report(bad == 0, "30 pages freed and asked for again at once are zeroed");
    report(backed() == mem - (long)(34 * PAGE), "and backed");

    /* A pair of the kernel segment whose even page is asked for again while the odd one stays
       freed: the real TLB gets the pair with the odd page invalid; asking for the odd one
       afterwards must make the kernel's access to it work (not fault). */
    const uint64_t even = base + 32 * PAGE, odd = even + PAGE;
    report(zero_pages(even, 1) == 0, "a reclaimed page asked for again is zeroed");
    fill(even, 0xe0e0000000000000ull);
    report(zero_pages(odd, 1) == 0, "its pair's other page too, after the pair was mapped");
    fill(odd, 0x0d0d000000000000ull);
    report(differ(even, 0xe0e0000000000000ull) == 0 && differ(odd, 0x0d0d000000000000ull) == 0,
           "both pages of the pair keep what was written");

    report(zero_pages(base + 34 * PAGE, NPAGES - 34) == 0, "%u more reclaimed pages come back zeroed",
           NPAGES - 34);
    /* The pages its TLB entry still maps: new machine pages, which the mapping must reach
       (nothing stale in the real TLB or the L2TLB). */
    report(zero_pages(base, 2) == 0, "the TLB-mapped pages come back zeroed");
    fill(base, 0xaaaa000000000000ull);
    fill(base + PAGE, 0xbbbb000000000000ull);
    report(*(volatile uint64_t *)(UVA + 8) == (0xaaaa000000000000ull | 1) &&
               *(volatile uint64_t *)(UVA + PAGE + 16) == (0xbbbb000000000000ull | 2),
           "the kept TLB mapping reaches the new pages");
    report(backed() == mem, "all of its memory is backed again");
    MTC0(10, hi);
    if (hcall(HC_VM_INFO, 0, 0) == 2) smp_part(base + 64 * PAGE);
    return report_summary();
}
