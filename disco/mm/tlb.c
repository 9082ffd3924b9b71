/* The real TLB, filled on demand: the guest kernel's supervisor segments straight from the
   pmap; guest user addresses through the guest's virtual TLB, translated by the pmap. A miss
   in the virtual TLB goes to the guest's own refill handler (reflected). */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

int vtlb_probe(struct vcpu *v, uint64_t va, unsigned asid);

static void tlb_write_random(uint64_t hi, uint64_t lo0, uint64_t lo1) {
    __asm__ volatile("dmtc0 %0, $10\n\t"
                     "dmtc0 %1, $2\n\t"
                     "dmtc0 %2, $3\n\t"
                     "mtc0 $0, $5\n\t"
                     "tlbwr" ::"r"(hi), "r"(lo0), "r"(lo1));
}

/* Write an entry into the real TLB at a random index, EntryHi (the current ASID) kept. */
void tlb_write_entry(uint64_t hi, uint64_t lo0, uint64_t lo1) {
    uint64_t saved;
    __asm__ volatile("dmfc0 %0, $10" : "=r"(saved));
    tlb_write_random(hi, lo0, lo1);
    __asm__ volatile("dmtc0 %0, $10" ::"r"(saved));
}

void tlb_flush_all(void) {
    uint64_t hi;
    __asm__ volatile("dmfc0 %0, $10" : "=r"(hi));
    for (unsigned i = 0; i < 64; i++) {
        /* Distinct unmatchable VPNs in kseg0-ish space (never looked up in the TLB). */
        const uint64_t vpn = 0xFFFFFFFF80000000ull + ((uint64_t)i << 13);
        __asm__ volatile("mtc0 %0, $0\n\t"
                         "dmtc0 %1, $10\n\t"
                         "dmtc0 $0, $2\n\t"
                         "dmtc0 $0, $3\n\t"
                         "mtc0 $0, $5\n\t"
                         "tlbwi" ::"r"((uint64_t)i), "r"(vpn));
    }
    __asm__ volatile("dmtc0 %0, $10" ::"r"(hi));
}

/* Drop the real TLB entries for the pages hi and mask name, with hi's ASID or global (probe
   each 8 KiB pair; large pages beyond 2 MiB flush everything). */
void tlb_invalidate_vpn(uint64_t hi, uint64_t mask) {
    const uint64_t size = (mask | 0x1FFF) + 1;
    if (size > (2u << 20)) {
        tlb_flush_all();
        return;
    }
    uint64_t saved;
    __asm__ volatile("dmfc0 %0, $10" : "=r"(saved));
    const uint64_t base = hi & 0xC0000FFFFFFFE000ull & ~mask;
    for (uint64_t off = 0; off < size; off += 0x2000) {
        uint64_t index;
        __asm__ volatile("dmtc0 %1, $10\n\t"
                         "tlbp\n\t"
                         "mfc0 %0, $0"
                         : "=r"(index)
                         : "r"((base + off) | (hi & 0xFF)));
        if (index & 0x80000000ull) continue;
        const uint64_t unique = 0xFFFFFFFF80000000ull + ((index & 63) << 13);
        __asm__ volatile("dmtc0 %0, $10\n\t"
                         "dmtc0 $0, $2\n\t"
                         "dmtc0 $0, $3\n\t"
                         "mtc0 $0, $5\n\t"
                         "tlbwi" ::"r"(unique));
    }
    __asm__ volatile("dmtc0 %0, $10" ::"r"(saved));
}

/* Drop the real TLB entries made from guest entry e (none if it never had a valid half). */
void tlb_invalidate_range(const struct vtlb_entry *e) {
    if (e->lo0 | e->lo1) tlb_invalidate_vpn(e->hi, e->mask);
}

/* The machine EntryLo (G clear) for guest-physical gpa: 0 if invalid or beyond its memory. */
uint64_t machine_lo(struct vm *vm, uint64_t gpa, int dirty, int valid) {
    if (!valid || !gpa_ok(vm, gpa)) return 0;
    const uint64_t mpa = gpa_to_mpa(vm, gpa);
    return ((mpa >> 12) << 6) | (5u << 3) /* cacheable coherent */ | (dirty ? 4 : 0) | 2;
}

/* Guest-physical address of va through a virtual TLB entry half, or -1 (invalid). */
static int vtlb_translate(const struct vtlb_entry *e, uint64_t va, uint64_t *gpa, int *dirty) {
    const uint64_t half = ((e->mask | 0x1FFF) + 1) >> 1;
    const uint64_t lo = (va & half) ? e->lo1 : e->lo0;
    if (!(lo & 2)) return -1;
    *dirty = (lo & 4) != 0;
    *gpa = ((((lo >> 6) & 0xFFFFFFFull) << 12) & ~(half - 1)) | (va & (half - 1));
    return 0;
}

int guest_virt_to_phys(struct vcpu *v, uint64_t va, int write, uint64_t *gpa) {
    if (va >= DISCO_KSEG && va < DISCO_KSEG + DISCO_KSEG_SIZE) *gpa = va - DISCO_KSEG;
    else if (va >= DISCO_DIRECT_MAP && va < DISCO_DIRECT_MAP + (1ull << 40)) *gpa = va - DISCO_DIRECT_MAP;
    else {
        const int i = vtlb_probe(v, va, (unsigned)(v->cp0[C0_ENTRYHI] & 0xFF));
        int dirty;
        if (i < 0 || vtlb_translate(&v->tlb[i], va, gpa, &dirty) || (write && !dirty)) return -1;
    }
    return gpa_ok(v->vm, *gpa) ? 0 : -1;
}

int guest_read32(struct vcpu *v, uint64_t va, uint32_t *out) {
    uint64_t gpa;
    if ((va & 3) || guest_virt_to_phys(v, va, 0, &gpa)) return -1;
    *out = *(volatile uint32_t *)CACHED(gpa_to_mpa(v->vm, gpa));
    return 0;
}

int tlb_refill(struct vcpu *v, uint64_t va, int xtlb) {
    struct vm *vm = v->vm;
    const uint64_t even = va & ~0x1FFFull;
    const uint64_t hi = even | (v->cp0[C0_ENTRYHI] & 0xFF);
    uint64_t base = ~0ull;
    if (va >= DISCO_KSEG && va < DISCO_KSEG + DISCO_KSEG_SIZE) base = DISCO_KSEG;
    else if (va >= DISCO_DIRECT_MAP && va < DISCO_DIRECT_MAP + (1ull << 40)) base = DISCO_DIRECT_MAP;
    if (even == (DISCO_PRIV_PAGE & ~0x1FFFull)) { /* the privileged-register page (EPC writable) */
        vm->kernel_refills++;
        const uint64_t lo = ((v->priv_page >> 12) << 6) | (5u << 3) | 4 | 2 | 1;
        if (DISCO_PRIV_PAGE & 0x1000) tlb_write_random(hi, 1, lo);
        else tlb_write_random(hi, lo, 1);
        return 0;
    }
    if (base != ~0ull) { /* the guest kernel's own segments: always mapped, global */
        vm->kernel_refills++;
        const uint64_t gpa = even - base;
        if (!gpa_ok(vm, gpa | (va & 0x1000))) {
            reflect(v, v->f.cause >> 2 & 31, va, 0, 1); /* beyond its memory: a bus error? TLB fault */
            return 1;
        }
        /* The other page of the pair is mapped invalid if the guest freed it (mm/pmap.c): its
           touch must not take it back; the guest's next access to it comes here again, via
           kernel_invalid() when the pair is already in the real TLB. */
        const uint64_t other = gpa ^ (va & 0x1000) ^ 0x1000;
        const int other_freed = gpa_ok(vm, other) && (int64_t)vm->pmap[other >> 12] < 0;
        const uint64_t mine = machine_lo(vm, gpa | (va & 0x1000), 1, 1) | 1;
        const uint64_t theirs = other_freed ? 1 : machine_lo(vm, other, 1, 1) | 1;
        if (va & 0x1000) tlb_write_random(hi, theirs, mine);
        else tlb_write_random(hi, mine, theirs);
        return 0;
    }
    const unsigned asid = (unsigned)(v->cp0[C0_ENTRYHI] & 0xFF);
    /* The L2TLB (mm/l2tlb.c) first: what the assembly fast path left to C (global entries, a
       refill through the 32-bit vector); then the guest's TLB for what the L2TLB cannot hold
       (large pages, hash collisions). */
    const struct l2tlb_entry *l2 = l2tlb_lookup(v, va, asid);
    if (l2) {
        vm->l2tlb_hits++; /* no reflection */
        if (!(((va & 0x1000) ? l2->lo1 : l2->lo0) & 2)) {
            reflect(v, (unsigned)(v->f.cause >> 2) & 31, va, 0, 1); /* invalid in the guest's TLB */
            return 1;
        }
        tlb_write_random(hi, l2->lo0, l2->lo1);
        return 0;
    }
    const int i = vtlb_probe(v, va, asid);
    if (i < 0) {
        (void)xtlb;
        vm->l2tlb_misses++;
        reflect(v, (unsigned)(v->f.cause >> 2) & 31, va, 1, 1); /* the guest's refill handler */
        return 1;
    }
    vm->vtlb_hits++;
    const struct vtlb_entry *e = &v->tlb[i];
    uint64_t g0 = 0, g1 = 0;
    int d0 = 0, d1 = 0;
    const int ok0 = !vtlb_translate(e, even, &g0, &d0), ok1 = !vtlb_translate(e, even + 0x1000, &g1, &d1);
    const int ok_va = (va & 0x1000) ? ok1 : ok0;
    if (!ok_va) {
        reflect(v, (unsigned)(v->f.cause >> 2) & 31, va, 0, 1); /* invalid in the guest's TLB */
        return 1;
    }
    uint64_t lo0 = machine_lo(vm, g0, d0, ok0), lo1 = machine_lo(vm, g1, d1, ok1);
    if (e->lo0 & e->lo1 & 1) lo0 |= 1, lo1 |= 1; /* global: G in both halves */
    tlb_write_random(hi, lo0, lo1);
    return 0;
}

/* A TLB-invalid exception at va: 1 if it was the guest kernel's own segment, whose pair the
   real TLB holds with a page the guest had freed then (tlb_refill): the pair is written again
   from the pmap, and the access retried. */
int kernel_invalid(struct vcpu *v, uint64_t va) {
    const int kseg = va >= DISCO_KSEG && va < DISCO_KSEG + DISCO_KSEG_SIZE;
    const int direct = va >= DISCO_DIRECT_MAP && va < DISCO_DIRECT_MAP + (1ull << 40);
    if (!kseg && !direct) return 0;
    tlb_invalidate_vpn((va & ~0x1FFFull) | (v->cp0[C0_ENTRYHI] & 0xFF), 0);
    tlb_refill(v, va, 0);
    return 1;
}
