/* The per-VM software L2TLB (Bugnion et al. 4.1.2): the guest TLB entries the guest's 64-entry
   TLBs hold and those they no longer hold, so a hardware TLB miss on them is refilled by the
   monitor (first by the assembly fast path in arch/entry.S) instead of being reflected to the
   guest's refill handler. Coherence with the guest's TLB writes: every entry the guest writes
   goes in; an entry pushed out by TLBWR (a refill replacing a random victim) is kept; an entry
   overwritten by TLBWI (the guest choosing that slot: a flush or a remap) is dropped, and so is
   any older entry for the VPN the guest is writing, so the L2TLB never outlives the guest's
   intent. */
#include "lib/lib.h"
#include "vm/vm.h"

/* The index; arch/entry.S computes the same in its refill fast path. */
static unsigned slot(uint64_t vpn2, unsigned asid) {
    return (unsigned)((vpn2 >> 13) ^ (vpn2 >> 23) ^ asid) & (L2TLB_ENTRIES - 1);
}

static int matches(const struct vtlb_entry *e, uint64_t va, unsigned asid) {
    const uint64_t vmask = 0xC0000FFFFFFFE000ull & ~e->mask;
    const int global = (e->lo0 & e->lo1 & 1) != 0;
    return (e->lo0 | e->lo1) && ((va ^ e->hi) & vmask) == 0 && (global || (e->hi & 0xFF) == asid);
}

/* Entries are indexed by their 8 KiB pair (4 KiB pages, the common case); an entry with larger
   pages is only found from the pair its VPN2 names. */
/* A copy of the entry for va, taken under the VM's lock (its vCPUs may run on other CPUs). */
int l2tlb_lookup(struct vm *vm, uint64_t va, unsigned asid, struct vtlb_entry *out) {
    spin_lock(&vm->l2tlb_lock);
    const struct vtlb_entry *e = &vm->l2tlb[slot(va & ~0x1FFFull, asid)];
    if (!matches(e, va, asid)) e = &vm->l2tlb[slot(va & ~0x1FFFull, 0x100)]; /* global ones: ASID 0x100 */
    const int hit = matches(e, va, asid);
    if (hit) *out = *e;
    spin_unlock(&vm->l2tlb_lock);
    return hit;
}

void l2tlb_insert(struct vm *vm, const struct vtlb_entry *e) {
    if (!(e->lo0 & 2) && !(e->lo1 & 2)) return; /* nothing valid to keep */
    const int global = (e->lo0 & e->lo1 & 1) != 0;
    spin_lock(&vm->l2tlb_lock);
    vm->l2tlb[slot(e->hi & ~0x1FFFull, global ? 0x100 : (unsigned)(e->hi & 0xFF))] = *e;
    spin_unlock(&vm->l2tlb_lock);
}

void l2tlb_drop(struct vm *vm, uint64_t hi) {
    spin_lock(&vm->l2tlb_lock);
    for (unsigned a = 0; a < 2; a++) {
        struct vtlb_entry *e = &vm->l2tlb[slot(hi & ~0x1FFFull, a ? 0x100 : (unsigned)(hi & 0xFF))];
        if (((e->hi ^ hi) & 0xC0000FFFFFFFE000ull & ~e->mask) == 0) memset(e, 0, sizeof *e);
    }
    spin_unlock(&vm->l2tlb_lock);
}
