/* Privileged instructions a guest kernel executes, emulated on its virtual CPU exactly as the
   R10000 would execute them natively (R10000 manual ch. 14, 16; MIPS IV ISA). */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

#define RS(i) (((i) >> 21) & 31)
#define RT(i) (((i) >> 16) & 31)
#define RD(i) (((i) >> 11) & 31)

static uint64_t sx32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

static uint64_t real_count(void) {
    uint64_t c;
    __asm__ volatile("mfc0 %0, $9" : "=r"(c));
    return c & 0xFFFFFFFFull;
}

uint32_t virtual_count(const struct vcpu *v) { return (uint32_t)(real_count() + v->cp0[C0_COUNT]); }

static unsigned vrandom(struct vcpu *v) {
    const unsigned wired = (unsigned)(v->cp0[C0_WIRED] & 63);
    return 63 - (unsigned)(real_count() % (64 - wired)); /* within [Wired, 63] */
}

static uint64_t read_c0(struct vcpu *v, unsigned r) {
    switch (r) {
        case C0_RANDOM: return vrandom(v);
        case C0_COUNT: return (real_count() + v->cp0[C0_COUNT]) & 0xFFFFFFFFull; /* cp0[COUNT]: offset */
        case C0_CAUSE: /* the virtual timer's IP7 as of now, for a guest that polls */
            if (virtual_interrupts_pending(v)) {
                const uint32_t now = virtual_count(v), cmp = (uint32_t)v->cp0[C0_COMPARE];
                if ((uint32_t)(cmp - v->last_vcount - 1) < (uint32_t)(now - v->last_vcount)) v->cp0[C0_CAUSE] |= 1ull << 15;
            }
            return v->cp0[C0_CAUSE];
        case 7: case 23: case 24: case 31: return 0;
        default: return v->cp0[r];
    }
}

static void write_c0(struct vcpu *v, unsigned r, uint64_t val) {
    uint64_t *c = v->cp0;
    switch (r) {
        case C0_INDEX: c[r] = (c[r] & 0x80000000ull) | (val & 63); break;
        case C0_ENTRYLO0:
        case C0_ENTRYLO1: c[r] = val & 0xC0000003FFFFFFFFull; break;
        case C0_CONTEXT: c[r] = (c[r] & 0x7FFFFFull) | (val & ~0x7FFFFFull); break;
        case C0_PAGEMASK: c[r] = val & 0x1FFE000ull; break;
        case C0_WIRED: c[r] = val & 63; break;
        case C0_COUNT: c[r] = (val - real_count()) & 0xFFFFFFFFull; break;
        case C0_ENTRYHI: {
            const uint64_t old = c[r] & 0xFF;
            c[r] = val & 0xC0000FFFFFFFE0FFull;
            if ((c[r] & 0xFF) != old) {
                /* Guest user mappings are tagged with the guest's ASID in the real TLB. */
                const uint64_t hi = c[r] & 0xFF;
                __asm__ volatile("dmtc0 %0, $10" ::"r"(hi));
                l2tlb_set_asid(v);
            }
            break;
        }
        case C0_COMPARE: c[r] = val & 0xFFFFFFFFull; c[C0_CAUSE] &= ~(1ull << 15); break;
        case C0_STATUS:
            c[r] = val & 0xFFFFFFFFull & ~(1ull << 21 | 1ull << 19);
            apply_virtual_status(v);
            break;
        case C0_CAUSE: c[r] = (c[r] & ~0x300ull) | (val & 0x300ull); break;
        case C0_CONFIG: c[r] = (c[r] & ~7ull) | (val & 7); break;
        case C0_XCONTEXT: c[r] = (c[r] & 0x1FFFFFFFFFull) | (val & ~0x1FFFFFFFFFull); break;
        case C0_RANDOM: case C0_BADVADDR: case C0_PRID: case 7: case 23: case 24: case 31: break;
        default: c[r] = val; break;
    }
}

/* The index of the virtual TLB: each entry is on the chain of its VPN2 bits 7:0 (whatever its
   ASID), so a probe looks at the few entries of one chain instead of all 64, unless some
   entry has large pages (its VPN2 bits then say little): then it scans them all. */
static unsigned vbucket(uint64_t hi) { return (unsigned)(hi >> 13) & (VTLB_BUCKETS - 1); }

static void vtlb_unlink(struct vcpu *v, unsigned i) {
    const unsigned p = v->vtlb_prev[i], n = v->vtlb_next[i];
    if (p) v->vtlb_next[p - 1] = (uint8_t)n;
    else v->vtlb_head[vbucket(v->tlb[i].hi)] = (uint8_t)n;
    if (n) v->vtlb_prev[n - 1] = (uint8_t)p;
    if (v->tlb[i].mask) v->vtlb_large--;
}

static void vtlb_link(struct vcpu *v, unsigned i) {
    uint8_t *h = &v->vtlb_head[vbucket(v->tlb[i].hi)];
    v->vtlb_next[i] = *h;
    v->vtlb_prev[i] = 0;
    if (*h) v->vtlb_prev[*h - 1] = (uint8_t)(i + 1);
    *h = (uint8_t)(i + 1);
    if (v->tlb[i].mask) v->vtlb_large++;
}

void vtlb_index_init(struct vcpu *v) {
    memset(v->vtlb_head, 0, sizeof v->vtlb_head);
    v->vtlb_large = 0;
    for (unsigned i = VTLB_ENTRIES; i-- > 0;) vtlb_link(v, i);
}

/* The guest flushing its whole TLB, as Linux's local_flush_tlb_all does before it reuses its
   ASIDs: TLBWI of an entry with no valid half at every index from Wired up to 63, in order.
   What the L2TLB kept of entries pushed out earlier, and what the real TLB holds of them, must
   go too: the ASIDs they carry may now name other address spaces. 1 once the sweep is done. */
static int whole_flush(struct vcpu *v, unsigned i, const struct vtlb_entry *e) {
    const unsigned wired = (unsigned)(v->cp0[C0_WIRED] & 63);
    if ((e->lo0 | e->lo1) & 2) v->sweep_next = 0; /* (none) */
    else if (i == wired) v->sweep_next = i + 1;
    else if (i == v->sweep_next && i > wired) v->sweep_next = i + 1;
    else v->sweep_next = 0;
    if (v->sweep_next != VTLB_ENTRIES) return 0;
    v->sweep_next = 0;
    l2tlb_init(v);
    tlb_flush_all();
    v->vm->whole_flushes++;
    return 1;
}

static void vtlb_write(struct vcpu *v, unsigned i, int random) {
    i &= 63;
    struct vtlb_entry *e = &v->tlb[i];
    const uint64_t hi = v->cp0[C0_ENTRYHI], mask = v->cp0[C0_PAGEMASK];
    /* The same pages and ASID again (a kernel updating an entry): one drop, one invalidation. */
    const int same = e->hi == hi && e->mask == mask;
    /* The old entry: kept in the L2TLB when a refill evicted it, forgotten when overwritten
       on purpose (mm/l2tlb.c); either way the real TLB must not keep it. */
    if (random) l2tlb_insert(v, e, 0);
    else if (!same) l2tlb_drop(v, e->hi);
    if (!same) tlb_invalidate_range(e);
    l2tlb_drop(v, hi);
    vtlb_unlink(v, i);
    e->mask = mask;
    e->hi = hi;
    /* The entry is global only if both halves say so, and TLBR then shows G in both. */
    const uint64_t g = v->cp0[C0_ENTRYLO0] & v->cp0[C0_ENTRYLO1] & 1;
    e->lo0 = (v->cp0[C0_ENTRYLO0] & ~1ull) | g;
    e->lo1 = (v->cp0[C0_ENTRYLO1] & ~1ull) | g;
    vtlb_link(v, i);
    if (!random && whole_flush(v, i, e)) return;
    tlb_invalidate_vpn(hi, mask); /* and none made from an L2TLB entry for these pages */
    /* The L2TLB also holds what the guest's TLB holds (one lookup), and the real TLB gets it
       now, as the guest's TLB write would natively: its next access needs no refill. */
    const struct l2tlb_entry *l = l2tlb_insert(v, e, 1);
    if (l) tlb_write_entry((l->tag & L2TLB_NOFAST) ? (hi & 0xC0000FFFFFFFE000ull) | (v->cp0[C0_ENTRYHI] & 0xFF) : l->tag,
                           l->lo0, l->lo1);
}

int vtlb_probe(struct vcpu *v, uint64_t va, unsigned asid);

/* HC_TLB_UPDATE: the virtual CP0 writes, the probe and the write of a kernel's TLB update. */
int64_t vtlb_update(struct vcpu *v, uint64_t hi, uint64_t lo0, uint64_t lo1) {
    write_c0(v, C0_ENTRYHI, hi);
    write_c0(v, C0_ENTRYLO0, lo0);
    write_c0(v, C0_ENTRYLO1, lo1);
    write_c0(v, C0_PAGEMASK, 0);
    const int i = vtlb_probe(v, v->cp0[C0_ENTRYHI], (unsigned)(v->cp0[C0_ENTRYHI] & 0xFF));
    const unsigned index = i >= 0 ? (unsigned)i : vrandom(v);
    v->cp0[C0_INDEX] = index;
    vtlb_write(v, index, i < 0);
    return index;
}

static int vtlb_match(const struct vtlb_entry *e, uint64_t va, unsigned asid) {
    const uint64_t vmask = 0xC0000FFFFFFFE000ull & ~e->mask;
    const int global = (e->lo0 & e->lo1 & 1) != 0;
    return ((va ^ e->hi) & vmask) == 0 && (global || (e->hi & 0xFF) == asid);
}

/* The lowest-numbered entry matching va and asid, as TLBP finds it, or -1. */
int vtlb_probe(struct vcpu *v, uint64_t va, unsigned asid) {
    if (v->vtlb_large) {
        for (unsigned i = 0; i < VTLB_ENTRIES; i++)
            if (vtlb_match(&v->tlb[i], va, asid)) return (int)i;
        return -1;
    }
    int found = -1;
    for (unsigned k = v->vtlb_head[vbucket(va)]; k; k = v->vtlb_next[k - 1])
        if ((found < 0 || k - 1 < (unsigned)found) && vtlb_match(&v->tlb[k - 1], va, asid)) found = (int)(k - 1);
    return found;
}

/* 1: emulated, advance; 0: ERET (pc set); -1: not an instruction the monitor emulates. */
int emulate_privileged(struct vcpu *v, uint32_t insn) {
    uint64_t *g = v->f.gpr;
    if ((insn >> 26) == 0x2F) return 1; /* CACHE: caches are the monitor's business */
    if ((insn >> 26) != 0x10) return -1;
    const unsigned rs = RS(insn);
    switch (rs) {
        case 0x00: if (RT(insn)) g[RT(insn)] = sx32(read_c0(v, RD(insn))); return 1; /* MFC0 */
        case 0x01: if (RT(insn)) g[RT(insn)] = read_c0(v, RD(insn)); return 1;       /* DMFC0 */
        case 0x04: write_c0(v, RD(insn), sx32(g[RT(insn)])); return 1;               /* MTC0 */
        case 0x05: write_c0(v, RD(insn), g[RT(insn)]); return 1;                     /* DMTC0 */
        default: break;
    }
    if (!(insn & (1u << 25))) return -1;
    switch (insn & 0x3F) {
        case 0x01: { /* TLBR */
            const struct vtlb_entry *e = &v->tlb[v->cp0[C0_INDEX] & 63];
            write_c0(v, C0_ENTRYHI, e->hi); /* its ASID becomes the current one, really too */
            v->cp0[C0_ENTRYLO0] = e->lo0;
            v->cp0[C0_ENTRYLO1] = e->lo1;
            v->cp0[C0_PAGEMASK] = e->mask;
            return 1;
        }
        case 0x02: vtlb_write(v, (unsigned)v->cp0[C0_INDEX], 0); return 1; /* TLBWI */
        case 0x06: vtlb_write(v, vrandom(v), 1); return 1;                  /* TLBWR */
        case 0x08: {                                                       /* TLBP */
            const uint64_t hi = v->cp0[C0_ENTRYHI];
            const int i = vtlb_probe(v, hi, (unsigned)(hi & 0xFF));
            v->cp0[C0_INDEX] = i < 0 ? 0x80000000ull : (uint64_t)i;
            if (i < 0) {
                /* The guest now believes nothing maps the page: it probes before changing or
                   flushing a mapping. A pair its TLBWR pushed out and the L2TLB (or the real
                   TLB) kept must not outlive that belief. */
                l2tlb_drop(v, hi);
                tlb_invalidate_vpn(hi, 0);
            }
            return 1;
        }
        case 0x18: { /* ERET */
            uint64_t *s = &v->cp0[C0_STATUS];
            v->nested = 0;
            if (*s & ST_ERL) {
                v->f.pc = v->cp0[C0_ERROREPC];
                *s &= ~ST_ERL;
            } else {
                v->f.pc = v->cp0[C0_EPC];
                *s &= ~ST_EXL;
            }
            apply_virtual_status(v);
            return 0;
        }
        default: return -1;
    }
}

/* Where execution goes after the instruction at pc completes: pc + 4, or, when it sits in a
   branch delay slot (Cause.BD: pc is the branch), the branch's target if taken. */
int next_pc_after(struct vcpu *v, uint64_t *next) {
    const uint64_t pc = v->f.pc;
    if (!(v->f.cause & CAUSE_BD)) {
        *next = pc + 4;
        return 0;
    }
    uint32_t b;
    if (guest_read32(v, pc, &b)) return -1;
    const uint64_t *g = v->f.gpr;
    const int64_t rs = (int64_t)g[RS(b)], rt = (int64_t)g[RT(b)];
    const uint64_t btarget = pc + 4 + ((uint64_t)(int64_t)(int16_t)(b & 0xFFFF) << 2);
    const uint64_t jtarget = ((pc + 4) & ~0x0FFFFFFFull) | ((uint64_t)(b & 0x3FFFFFF) << 2);
    int taken;
    uint64_t target = btarget;
    switch (b >> 26) {
        case 0x00:
            if ((b & 0x3F) != 0x08 && (b & 0x3F) != 0x09) return -1;
            *next = (uint64_t)rs; /* JR/JALR: rs was read before the link was written */
            return 0;
        case 0x02: case 0x03: *next = jtarget; return 0;
        case 0x04: case 0x14: taken = rs == rt; break;
        case 0x05: case 0x15: taken = rs != rt; break;
        case 0x06: case 0x16: taken = rs <= 0; break;
        case 0x07: case 0x17: taken = rs > 0; break;
        case 0x01:
            switch (RT(b) & 0x3) {
                case 0: taken = rs < 0; break;  /* BLTZ(L), BLTZAL(L) */
                default: taken = rs >= 0; break; /* BGEZ(L), BGEZAL(L) */
            }
            break;
        default: return -1; /* BC1x in a slot with a privileged instruction: not expected */
    }
    *next = taken ? target : pc + 8;
    return 0;
}
