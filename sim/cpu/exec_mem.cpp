// Loads and stores, unaligned word/doubleword pieces (big-endian), LL/SC, FPU memory
// access, CACHE and prefetch (MIPS IV ISA; R10000 manual ch. 6 for CACHE).
#include "cpu/exec.h"

namespace flashsim::cpu {

static inline uint64_t ea(const Cpu& c, const Insn& in) { return RS + static_cast<uint64_t>(IMM); }

template <typename T, bool Signed>
static inline void load_into_rt(Cpu& c, const Insn& in) {
    T v;
    if (!c.load<T>(ea(c, in), v)) return;
    if constexpr (Signed)
        WRITE_RT(static_cast<uint64_t>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(v))));
    else WRITE_RT(static_cast<uint64_t>(v));
}

void exec_LB(Cpu& c, const Insn& in) { load_into_rt<uint8_t, true>(c, in); }
void exec_LBU(Cpu& c, const Insn& in) { load_into_rt<uint8_t, false>(c, in); }
void exec_LH(Cpu& c, const Insn& in) { load_into_rt<uint16_t, true>(c, in); }
void exec_LHU(Cpu& c, const Insn& in) { load_into_rt<uint16_t, false>(c, in); }
void exec_LW(Cpu& c, const Insn& in) { load_into_rt<uint32_t, true>(c, in); }
void exec_LWU(Cpu& c, const Insn& in) { load_into_rt<uint32_t, false>(c, in); }
void exec_LD(Cpu& c, const Insn& in) { load_into_rt<uint64_t, false>(c, in); }

void exec_SB(Cpu& c, const Insn& in) { c.store<uint8_t>(ea(c, in), static_cast<uint8_t>(RT)); }
void exec_SH(Cpu& c, const Insn& in) { c.store<uint16_t>(ea(c, in), static_cast<uint16_t>(RT)); }
void exec_SW(Cpu& c, const Insn& in) { c.store<uint32_t>(ea(c, in), static_cast<uint32_t>(RT)); }
void exec_SD(Cpu& c, const Insn& in) { c.store<uint64_t>(ea(c, in), RT); }

// The pieces fault on their own (unaligned) effective address: translate it first, then the
// aligned access cannot fault (same page).
static inline bool piece_ok(Cpu& c, uint64_t a, Access acc) {
    uint64_t pa;
    return c.translate(a, acc, pa);
}
// ---- unaligned pieces. Big-endian: byte offset k within the word is bits (3-k)*8.. ----
// LWL/LWR results are sign-extended from bit 31 of the merged word (as QEMU does; the ISA
// leaves bits 63:32 of a partial LWR UNPREDICTABLE).
void exec_LWL(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Load)) return;
    uint32_t w;
    if (!c.load<uint32_t>(a & ~3ull, w)) return;
    const unsigned sh = 8 * (a & 3);
    const uint32_t keep = static_cast<uint32_t>((1ull << sh) - 1);
    WRITE_RT(sx32((static_cast<uint32_t>(RT) & keep) | (w << sh)));
}
void exec_LWR(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Load)) return;
    uint32_t w;
    if (!c.load<uint32_t>(a & ~3ull, w)) return;
    const unsigned sh = 8 * (3 - (a & 3));
    const uint32_t take = 0xFFFFFFFFu >> sh;
    WRITE_RT(sx32((static_cast<uint32_t>(RT) & ~take) | (w >> sh)));
}
void exec_LDL(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Load)) return;
    uint64_t d;
    if (!c.load<uint64_t>(a & ~7ull, d)) return;
    const unsigned sh = 8 * (a & 7);
    const uint64_t keep = sh ? (1ull << sh) - 1 : 0;
    WRITE_RT((RT & keep) | (d << sh));
}
void exec_LDR(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Load)) return;
    uint64_t d;
    if (!c.load<uint64_t>(a & ~7ull, d)) return;
    const unsigned sh = 8 * (7 - (a & 7));
    const uint64_t take = ~0ull >> sh;
    WRITE_RT((RT & ~take) | (d >> sh));
}
// Stores of pieces: read-modify-write of the aligned unit. The load cannot fault where the
// store would not, except on a read-only (D=0) page, where the store raises Mod as it must.
void exec_SWL(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Store)) return;
    uint32_t w;
    if (!c.load<uint32_t>(a & ~3ull, w)) return;
    const unsigned sh = 8 * (a & 3);
    const uint32_t repl = 0xFFFFFFFFu >> sh;
    c.store<uint32_t>(a & ~3ull, (w & ~repl) | (static_cast<uint32_t>(RT) >> sh));
}
void exec_SWR(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Store)) return;
    uint32_t w;
    if (!c.load<uint32_t>(a & ~3ull, w)) return;
    const unsigned sh = 8 * (3 - (a & 3));
    const uint32_t repl = static_cast<uint32_t>(0xFFFFFFFFull << sh);
    c.store<uint32_t>(a & ~3ull, (w & ~repl) | static_cast<uint32_t>(RT << sh));
}
void exec_SDL(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Store)) return;
    uint64_t d;
    if (!c.load<uint64_t>(a & ~7ull, d)) return;
    const unsigned sh = 8 * (a & 7);
    const uint64_t repl = ~0ull >> sh;
    c.store<uint64_t>(a & ~7ull, (d & ~repl) | (RT >> sh));
}
void exec_SDR(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!piece_ok(c, a, Access::Store)) return;
    uint64_t d;
    if (!c.load<uint64_t>(a & ~7ull, d)) return;
    const unsigned sh = 8 * (7 - (a & 7));
    const uint64_t repl = ~0ull << sh;
    c.store<uint64_t>(a & ~7ull, (d & ~repl) | (RT << sh));
}

// ---- LL/SC: the link is the physical address; ERET or another CPU's store breaks it ----
template <typename T>
static void load_linked(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    T v;
    if (!c.load<T>(a, v)) return;
    uint64_t pa;
    if (!c.translate(a, Access::Load, pa)) return;
    c.link(pa);
    if constexpr (sizeof(T) == 4) WRITE_RT(sx32(v));
    else WRITE_RT(v);
}
template <typename T>
static void store_conditional(Cpu& c, const Insn& in) {
    const uint64_t a = ea(c, in);
    if (!c.llbit) {
        // Still check alignment/translation: an SC that would fault faults even if it fails.
        uint64_t pa;
        if (a & (sizeof(T) - 1)) return c.address_error(a, Access::Store);
        if (!c.translate(a, Access::Store, pa)) return;
        WRITE_RT(0);
        c.sc_failed();
        return;
    }
    if (!c.store<T>(a, static_cast<T>(RT))) return;
    c.llbit = false;
    c.sc_succeeded();
    WRITE_RT(1);
}
void exec_LL(Cpu& c, const Insn& in) { load_linked<uint32_t>(c, in); }
void exec_LLD(Cpu& c, const Insn& in) { load_linked<uint64_t>(c, in); }
void exec_SC(Cpu& c, const Insn& in) { store_conditional<uint32_t>(c, in); }
void exec_SCD(Cpu& c, const Insn& in) { store_conditional<uint64_t>(c, in); }

// ---- FPU loads and stores (word views follow Status.FR, fpu.h) ----
static void fp_load_w(Cpu& c, uint64_t a, unsigned ft) {
    uint32_t v;
    if (c.load<uint32_t>(a, v)) c.fpu.set_w(ft, v, FR_MODE);
}
static void fp_load_d(Cpu& c, uint64_t a, unsigned ft) {
    uint64_t v;
    if (c.load<uint64_t>(a, v)) c.fpu.set_d(ft, v, FR_MODE);
}
void exec_LWC1(Cpu& c, const Insn& in) { fp_load_w(c, ea(c, in), in.rt); }
void exec_LDC1(Cpu& c, const Insn& in) { fp_load_d(c, ea(c, in), in.rt); }
void exec_SWC1(Cpu& c, const Insn& in) { c.store<uint32_t>(ea(c, in), c.fpu.get_w(in.rt, FR_MODE)); }
void exec_SDC1(Cpu& c, const Insn& in) { c.store<uint64_t>(ea(c, in), c.fpu.get_d(in.rt, FR_MODE)); }
// Indexed forms: base rs + index rt; fd (loads) or fs (stores).
void exec_LWXC1(Cpu& c, const Insn& in) { fp_load_w(c, RS + RT, in.sa); }
void exec_LDXC1(Cpu& c, const Insn& in) { fp_load_d(c, RS + RT, in.sa); }
void exec_SWXC1(Cpu& c, const Insn& in) { c.store<uint32_t>(RS + RT, c.fpu.get_w(in.rd, FR_MODE)); }
void exec_SDXC1(Cpu& c, const Insn& in) { c.store<uint64_t>(RS + RT, c.fpu.get_d(in.rd, FR_MODE)); }

// ---- hints: prefetches never fault (MIPS IV ISA, PREF) ----
void exec_PREF(Cpu&, const Insn&) {}
void exec_PREFX(Cpu&, const Insn&) {}

// CACHE: caches are a timing model only, memory is always coherent with the functional RAM,
// so every operation is accepted and counted (DESIGN.md, "Processor").
void exec_CACHE(Cpu& c, const Insn&) { ++c.stats.cache_ops; }

}  // namespace flashsim::cpu
