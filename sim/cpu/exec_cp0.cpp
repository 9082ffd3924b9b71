// Coprocessor 0: register moves, TLB instructions, ERET (R10000 manual ch. 14 and 16).
#include "cpu/exec.h"

namespace flashsim::cpu {
namespace {

uint64_t read_cp0(Cpu& c, unsigned r) {
    using namespace cp0reg;
    switch (r) {
        case Random: return c.random_index();
        case Count: return c.count();
        case 7: case 23: case 24: case 31: return 0;  // not implemented registers read 0
        default: return c.cp0.reg[r];
    }
}

void write_cp0(Cpu& c, unsigned r, uint64_t v) {
    using namespace cp0reg;
    uint64_t* reg = c.cp0.reg;
    switch (r) {
        case Index: reg[r] = (reg[r] & 0x80000000ull) | (v & 63); break;
        case EntryLo0:
        case EntryLo1: reg[r] = v & kEntryLoMask; break;
        case Context: reg[r] = (reg[r] & 0x7FFFFFull) | (v & ~0x7FFFFFull); break;
        case PageMask: reg[r] = v & kPageMaskMask; break;
        case Wired:
            reg[r] = v & 63;
            c.reset_random();  // writing Wired sets Random to its upper bound
            break;
        case Count: c.set_count(static_cast<uint32_t>(v)); break;
        case EntryHi:
            reg[r] = v & kEntryHiMask;
            c.mode_changed();  // the ASID is part of the soft TLB context
            break;
        case Compare: c.set_compare(static_cast<uint32_t>(v)); break;
        case Status:
            reg[r] = v & st::kWritable & 0xFFFFFFFFull;
            c.mode_changed();
            break;
        case Cause:  // only the software interrupt bits IP1:0 are writable
            reg[r] = (reg[r] & ~ca::IPSoft) | (v & ca::IPSoft);
            c.check_interrupts_soon();
            break;
        case Config: reg[r] = (reg[r] & ~7ull) | (v & 7); break;  // K0 coherency attribute
        case XContext: reg[r] = (reg[r] & 0x1FFFFFFFFFull) | (v & ~0x1FFFFFFFFFull); break;
        case WatchLo:
        case WatchHi:
            reg[r] = v;
            c.watch_changed();
            break;
        case Random: case BadVAddr: case PRId: case 7: case 23: case 24: case 31:
            break;  // read-only or absent
        default: reg[r] = v; break;
    }
}

}  // namespace

void exec_MFC0(Cpu& c, const Insn& in) { WRITE_RT(sx32(read_cp0(c, in.rd))); }
void exec_DMFC0(Cpu& c, const Insn& in) { WRITE_RT(read_cp0(c, in.rd)); }
void exec_MTC0(Cpu& c, const Insn& in) { write_cp0(c, in.rd, sx32(RT)); }
void exec_DMTC0(Cpu& c, const Insn& in) { write_cp0(c, in.rd, RT); }

void exec_TLBR(Cpu& c, const Insn&) {
    using namespace cp0reg;
    const TlbEntry& e = c.cp0.tlb[c.cp0.reg[Index] & 63];
    c.cp0.reg[EntryHi] = e.hi;
    c.cp0.reg[EntryLo0] = e.lo0 | (e.global ? 1 : 0);
    c.cp0.reg[EntryLo1] = e.lo1 | (e.global ? 1 : 0);
    c.cp0.reg[PageMask] = e.mask;
    c.mode_changed();
}

static void tlb_write(Cpu& c, unsigned i) {
    using namespace cp0reg;
    // EntryHi is kept as written; lookups ignore the bits PageMask covers.
    c.cp0.tlb[i].set(c.cp0.reg[PageMask], c.cp0.reg[EntryHi], c.cp0.reg[EntryLo0], c.cp0.reg[EntryLo1]);
    c.tlb_written(i);
}
void exec_TLBWI(Cpu& c, const Insn&) { tlb_write(c, c.cp0.reg[cp0reg::Index] & 63); }
void exec_TLBWR(Cpu& c, const Insn&) { tlb_write(c, c.random_index()); }

void exec_TLBP(Cpu& c, const Insn&) {
    const uint64_t hi = c.cp0.reg[cp0reg::EntryHi];
    const int i = c.cp0.probe(hi, hi & 0xFF);
    c.cp0.reg[cp0reg::Index] = i < 0 ? 0x80000000ull : static_cast<uint64_t>(i);
}

void exec_ERET(Cpu& c, const Insn&) { c.eret(); }

}  // namespace flashsim::cpu
