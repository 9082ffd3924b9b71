/* The software L2TLB (Bugnion et al. 4.1.2), one per vCPU: the guest TLB entries its 64-entry
   virtual TLB holds and those it no longer holds, already translated to machine EntryLo
   values, so a hardware TLB miss on them is refilled by the monitor (by the assembly fast path
   in arch/entry.S: an index from EntryHi, one tag compare, TLBWR) instead of being reflected to
   the guest's refill handler. Per vCPU, like the TLB it extends: only the CPU running the vCPU
   reads or writes it, so no lock. Coherence with the guest's TLB writes: every entry the guest
   writes goes in; an entry pushed out by TLBWR (a refill replacing a random victim) is kept;
   an entry overwritten by TLBWI (the guest choosing that slot: a flush or a remap) is dropped,
   and so is any older entry for the VPN the guest is writing, so the L2TLB never outlives the
   guest's intent. Only 4 KiB pages of useg/xuseg are kept (large pages and the rest go through
   the virtual TLB in C). The machine values are computed from the pmap at insertion; entries
   of a page the guest freed are dropped before its machine page is reused (mm/pmap.c). */
#include "lib/lib.h"
#include "vm/vm.h"

/* Where an ASID's entries start (0x100: the global ones): ASIDs are spread over the table so
   that the same address in two address spaces does not collide. */
static unsigned asid_base(unsigned asid) { return (asid * 41u) & (L2TLB_ENTRIES - 1); }
_Static_assert(((0x100 * 41u) & (L2TLB_ENTRIES - 1)) == 256, "arch/entry.S refill_global");

/* The slot of a key (R | VPN2 | ASID; VPN2 | 0x100 for global entries): the low 10 bits of
   the VPN2 from the ASID's base, so the table has 2 * L2TLB_ENTRIES - 1 slots. The refill fast
   path (arch/entry.S) computes the same from EntryHi and v->l2base, this ASID's base. */
static unsigned slot(uint64_t key) {
    return asid_base((unsigned)(key & 0x1FF)) + ((unsigned)(key >> 13) & (L2TLB_ENTRIES - 1));
}

/* The guest's ASID changed (its EntryHi): where the fast path looks now. */
void l2tlb_set_asid(struct vcpu *v) { v->l2base = &v->l2tlb[asid_base((unsigned)(v->cp0[C0_ENTRYHI] & 0xFF))]; }

#define VPN2_MASK 0xC0000FFFFFFFE000ull

void l2tlb_init(struct vcpu *v) {
    for (unsigned i = 0; i < L2TLB_SLOTS; i++) v->l2tlb[i] = (struct l2tlb_entry){L2TLB_NOFAST, 0, 0, 0};
    l2tlb_set_asid(v);
}

/* The entry translating va for asid, or 0. */
const struct l2tlb_entry *l2tlb_lookup(struct vcpu *v, uint64_t va, unsigned asid) {
    const uint64_t vpn2 = va & VPN2_MASK;
    const struct l2tlb_entry *e = &v->l2tlb[slot(vpn2 | asid)];
    if (e->tag == (vpn2 | asid)) return e;
    e = &v->l2tlb[slot(vpn2 | 0x100)];
    if (e->tag == (vpn2 | L2TLB_NOFAST) && ((e->lo0 | e->lo1) & 2)) return e;
    return 0;
}

/* Keep guest entry e, as machine EntryLo values (the G bit as the real TLB wants it: in both
   halves of a global entry, in neither otherwise); the slot written, or 0. An entry with no
   valid half is kept only while it is in the guest's TLB (resident): the fast path then
   writes it and the hardware raises the TLB-invalid exception the guest's TLB would; once
   out of the guest's TLB, it is forgotten (the guest's refill handler decides anew). */
const struct l2tlb_entry *l2tlb_insert(struct vcpu *v, const struct vtlb_entry *e, int resident) {
    if (!resident && !(e->lo0 & 2) && !(e->lo1 & 2)) {
        l2tlb_drop(v, e->hi);
        return 0;
    }
    if (e->mask || (e->hi >> 62)) return 0;
    const uint64_t g0 = ((e->lo0 >> 6) & 0xFFFFFFFull) << 12, g1 = ((e->lo1 >> 6) & 0xFFFFFFFull) << 12;
    if (((e->lo0 & 2) && !gpa_ok(v->vm, g0)) || ((e->lo1 & 2) && !gpa_ok(v->vm, g1)))
        return 0; /* beyond its memory: the slow path decides */
    const int global = (e->lo0 & e->lo1 & 1) != 0;
    uint64_t lo0 = machine_lo(v->vm, g0, (e->lo0 & 4) != 0, (e->lo0 & 2) != 0);
    uint64_t lo1 = machine_lo(v->vm, g1, (e->lo1 & 4) != 0, (e->lo1 & 2) != 0);
    const uint64_t vpn2 = e->hi & VPN2_MASK;
    struct l2tlb_entry *l;
    if (global) {
        l = &v->l2tlb[slot(vpn2 | 0x100)];
        *l = (struct l2tlb_entry){vpn2 | L2TLB_NOFAST, lo0 | 1, lo1 | 1, 0};
    } else {
        const uint64_t key = vpn2 | (e->hi & 0xFF);
        l = &v->l2tlb[slot(key)];
        *l = (struct l2tlb_entry){key, lo0, lo1, 0};
    }
    return l;
}

/* Forget what the L2TLB holds for hi's VPN2, with hi's ASID and global. */
void l2tlb_drop(struct vcpu *v, uint64_t hi) {
    const uint64_t vpn2 = hi & VPN2_MASK, key = vpn2 | (hi & 0xFF);
    struct l2tlb_entry *e = &v->l2tlb[slot(key)];
    if (e->tag == key) *e = (struct l2tlb_entry){L2TLB_NOFAST, 0, 0, 0};
    e = &v->l2tlb[slot(vpn2 | 0x100)];
    if (e->tag == (vpn2 | L2TLB_NOFAST)) *e = (struct l2tlb_entry){L2TLB_NOFAST, 0, 0, 0};
}
