// Semantic bodies of the COP1 rows of mips4.def (moves, control registers, BC1 branches,
// S/D arithmetic, conversions, compares, conditional moves) and the COP1X multiply-adds.
// The FP loads/stores (LWC1 .. SDXC1, PREFX) and the integer MOVCI live in exec_mem.cpp /
// exec_alu.cpp. The gate (exec_gate) has already checked CU1 / MIPS IV / 64-bit rights.
//
// Sources: MIPS IV Instruction Set Rev 3.2 (FPU instructions, FCSR); R10000 Microprocessor
// User's Manual v2.0 ch. 17 (FSR, exceptions); QEMU target/mips/fpu_helper.c as the reference
// the differential tests compare with where the manuals leave room.
//
// FCSR (FCR31): RM 1:0, Flags 6:2 (I U O Z V), Enables 11:7, Cause 17:12 (I U O Z V E), cc0 23,
// FS 24, cc1..7 25..31. Every arithmetic instruction (including conversions, compares, ABS and
// NEG) sets Cause to exactly its own exceptions; if one of them is enabled (E always is) the FPE
// exception is taken: the destination (FPR or condition code) is not written and Flags are
// unchanged. Otherwise the exceptions are ORed into Flags. MOV, MOVF/MOVT, MOVZ/MOVN and the
// GPR<->FPR moves are not arithmetic: they never touch FCSR ("The FSR is not modified by load,
// store, or move instructions", R10000 manual).
//
// Behaviour choices (where the manuals leave room or the R10000 would trap to the kernel):
//  - NaN: MIPS legacy encoding (quiet = fraction MSB clear). sNaN operand -> Invalid. Any NaN
//    result is the default NaN 0x7FBFFFFF / 0x7FF7FFFFFFFFFFFF, also when an operand is a quiet
//    NaN (no payload propagation): what QEMU does for pre-NaN2008 MIPS (default-NaN mode).
//    NMADD/NMSUB negate after the sum, so their NaN result is the default NaN with the sign set
//    (as QEMU). Compares: any NaN is unordered; Invalid for sNaN, or for QNaN when cond bit 3 is
//    set.
//  - ABS/NEG: arithmetic per the MIPS IV ISA and the R4000/R10000 manuals ("absolute value (ABS)
//    and negate (NEG) are considered to be arithmetic operations and cause this exception if ...
//    a signaling NaN"): sNaN -> Invalid, untrapped result the default NaN with the sign
//    processed; otherwise only the sign bit changes (a quiet NaN keeps its payload); Cause is
//    updated. QEMU differs: it treats them as pure bit operations (no Invalid, Cause untouched).
//  - Denormals: the R10000 with FS=0 takes an Unimplemented Operation trap for a denormal
//    operand or result and the kernel emulates the instruction; we compute the IEEE result
//    directly, as if emulated (Cause E is never raised by an operation). FS=1: denormal results
//    are flushed to zero (to the smallest normal when RP/RM round away from zero in the result's
//    direction), raising Underflow and Inexact; denormal operands are used as they are (QEMU
//    does not flush inputs either; QEMU's flush raises no Underflow/Inexact, the R4000/R10000
//    FS definition does). The intermediate product of MADD etc. is flushed like a result.
//  - RECIP is 1/x correctly rounded. RSQRT is 1/sqrt(x) as two rounded steps (sqrt, then 1/r),
//    exactly like QEMU; the ISA allows RSQRT to be less accurate than IEEE, and this is within
//    one ulp but not always correctly rounded (e.g. rsqrt.d 2.0 = 0x3FE6A09E667F3BCC).
//  - Conversions to W/L: NaN, infinity or a rounded value out of range -> Invalid (no Inexact),
//    untrapped result 0x7FFFFFFF / 0x7FFFFFFFFFFFFFFF. ROUND/TRUNC/CEIL/FLOOR use their own
//    rounding, CVT.W/CVT.L use FCSR.RM. (The real R10000 raises Unimplemented Operation for
//    CVT.L/ROUND.L etc. of values beyond 2^53; that trap is not modelled, the result is what
//    the kernel emulation gives.)
//  - Registers: singles through Fpu::get_w/set_w, doubles and longs through get_d/set_d, in the
//    view Status.FR selects. A double-format operand with an odd register number in FR=0 mode
//    (UNPREDICTABLE in the ISA; QEMU raises RI) uses the even register of the pair, as the views
//    do. A single result written with FR=1 leaves the upper half of the register unchanged.
#include <cstdint>

#include "cpu/exec.h"
#include "cpu/fpu_ops.h"

namespace flashsim::cpu {
namespace {

using fpu::D;
using fpu::Env;
using fpu::S;

template <class F>
typename F::Bits read_fpr(const Cpu& c, unsigned n);
template <>
uint32_t read_fpr<S>(const Cpu& c, unsigned n) {
    return c.fpu.get_w(n, FR_MODE);
}
template <>
uint64_t read_fpr<D>(const Cpu& c, unsigned n) {
    return c.fpu.get_d(n, FR_MODE);
}

template <class F>
void write_fpr(Cpu& c, unsigned n, typename F::Bits v);
template <>
void write_fpr<S>(Cpu& c, unsigned n, uint32_t v) {
    c.fpu.set_w(n, v, FR_MODE);
}
template <>
void write_fpr<D>(Cpu& c, unsigned n, uint64_t v) {
    c.fpu.set_d(n, v, FR_MODE);
}

// Record an arithmetic instruction's exceptions in FCSR. Returns false (the FPE exception has
// been raised and the result must not be written) if any of them is enabled; true otherwise.
bool commit(Cpu& c, uint32_t exc) {
    uint32_t& f = c.fpu.fcsr;
    f = (f & ~fpu::kCauseMask) | (exc << fpu::kCauseShift);
    const uint32_t enabled = ((f >> fpu::kEnablesShift) & 0x1F) | fpu::kUnimplemented;
    if (exc & enabled) {
        c.exception(ExcCode::FPE);
        return false;
    }
    f |= (exc & 0x1F) << fpu::kFlagsShift;
    return true;
}

// fd = fs op ft
template <class F>
void binary(Cpu& c, const Insn& in, fpu::Arith op) {
    Env e(c.fpu.fcsr);
    const auto r = fpu::arith<F>(op, read_fpr<F>(c, in.rd), read_fpr<F>(c, in.rt), e);
    if (commit(c, e.exc)) write_fpr<F>(c, in.sa, r);
}

// fd = fn(fs)
template <class F>
void unary(Cpu& c, const Insn& in, typename F::Bits (*fn)(typename F::Bits, Env&)) {
    Env e(c.fpu.fcsr);
    const auto r = fn(read_fpr<F>(c, in.rd), e);
    if (commit(c, e.exc)) write_fpr<F>(c, in.sa, r);
}

// fd = integer(fs); rm < 0: FCSR.RM
template <class F>
void to_integer(Cpu& c, const Insn& in, int rm, bool to64) {
    Env e(c.fpu.fcsr);
    const unsigned mode = rm < 0 ? e.rm() : static_cast<unsigned>(rm);
    const uint64_t r = fpu::to_int<F>(read_fpr<F>(c, in.rd), mode, to64, e);
    if (!commit(c, e.exc)) return;
    if (to64) c.fpu.set_d(in.sa, r, FR_MODE);
    else c.fpu.set_w(in.sa, static_cast<uint32_t>(r), FR_MODE);
}

// fd = (fs * ft) +/- fr, possibly negated; COP1X: fr = rs, ft = rt, fs = rd, fd = sa
template <class F>
void multiply_add(Cpu& c, const Insn& in, bool subtract, bool negate) {
    Env e(c.fpu.fcsr);
    const auto r = fpu::mul_add<F>(read_fpr<F>(c, in.rd), read_fpr<F>(c, in.rt),
                                   read_fpr<F>(c, in.rs), subtract, negate, e);
    if (commit(c, e.exc)) write_fpr<F>(c, in.sa, r);
}

// C.cond.fmt: cond = bits 3:0, cc = bits 10:8 (the top of the fd field)
template <class F>
void compare(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const bool r = fpu::compare<F>(read_fpr<F>(c, in.rd), read_fpr<F>(c, in.rt), in.raw & 15, e);
    if (commit(c, e.exc)) c.fpu.set_cc(in.sa >> 2, r);
}

template <class F>
void move(Cpu& c, const Insn& in) {
    write_fpr<F>(c, in.sa, read_fpr<F>(c, in.rd));
}

// MOVF.fmt / MOVT.fmt: cc = bits 20:18, tf = bit 16
template <class F>
void move_cc(Cpu& c, const Insn& in) {
    if (c.fpu.cc(in.rt >> 2) == ((in.rt & 1) != 0)) move<F>(c, in);
}

// BC1F/BC1T/BC1FL/BC1TL: cc = bits 20:18
void branch_cc(Cpu& c, const Insn& in, bool tf, bool likely) {
    const bool taken = c.fpu.cc(in.rt >> 2) == tf;
    if (likely) cond_branch_likely(c, in, taken);
    else cond_branch(c, in, taken);
}

}  // namespace

// ---- moves between the GPRs and the FPU ----

void exec_MFC1(Cpu& c, const Insn& in) { WRITE_RT(sx32(c.fpu.get_w(in.rd, FR_MODE))); }
void exec_DMFC1(Cpu& c, const Insn& in) { WRITE_RT(c.fpu.get_d(in.rd, FR_MODE)); }
void exec_MTC1(Cpu& c, const Insn& in) { c.fpu.set_w(in.rd, static_cast<uint32_t>(RT), FR_MODE); }
void exec_DMTC1(Cpu& c, const Insn& in) { c.fpu.set_d(in.rd, RT, FR_MODE); }

// The R10000 has two FPU control registers: FCR0 (FIR, read-only) and FCR31 (FCSR). Reads of
// any other FCR return 0 and writes to them (and to FCR0) are ignored; the ISA leaves them
// UNPREDICTABLE (the FCCR/FEXR/FENR aliases at 25/26/28 are MIPS32/64 additions).
void exec_CFC1(Cpu& c, const Insn& in) {
    uint32_t v = 0;
    if (in.rd == 0) v = Fpu::kFir;
    else if (in.rd == 31) v = c.fpu.fcsr;
    WRITE_RT(sx32(v));
}

void exec_CTC1(Cpu& c, const Insn& in) {
    if (in.rd != 31) return;
    uint32_t& f = c.fpu.fcsr;
    f = (static_cast<uint32_t>(RT) & Fpu::kWritableFcsr) | (f & ~Fpu::kWritableFcsr);
    // A Cause bit set together with its Enable (or Cause E) takes the FPE exception right after
    // the write (MIPS IV ISA, CTC1; R10000 manual 17.x).
    const uint32_t cause = (f & fpu::kCauseMask) >> fpu::kCauseShift;
    const uint32_t enabled = ((f >> fpu::kEnablesShift) & 0x1F) | fpu::kUnimplemented;
    if (cause & enabled) c.exception(ExcCode::FPE);
}

// ---- branches on a condition code ----

void exec_BC1F(Cpu& c, const Insn& in) { branch_cc(c, in, false, false); }
void exec_BC1T(Cpu& c, const Insn& in) { branch_cc(c, in, true, false); }
void exec_BC1FL(Cpu& c, const Insn& in) { branch_cc(c, in, false, true); }
void exec_BC1TL(Cpu& c, const Insn& in) { branch_cc(c, in, true, true); }

// ---- S and D arithmetic ----

#define FP_SD_BODY(Id, ...)                                                       \
    void exec_##Id##_S(Cpu& c, const Insn& in) {                                  \
        using F = S;                                                              \
        __VA_ARGS__;                                                              \
    }                                                                             \
    void exec_##Id##_D(Cpu& c, const Insn& in) {                                  \
        using F = D;                                                              \
        __VA_ARGS__;                                                              \
    }

FP_SD_BODY(ADD, binary<F>(c, in, fpu::Arith::Add))
FP_SD_BODY(SUB, binary<F>(c, in, fpu::Arith::Sub))
FP_SD_BODY(MUL, binary<F>(c, in, fpu::Arith::Mul))
FP_SD_BODY(DIV, binary<F>(c, in, fpu::Arith::Div))
FP_SD_BODY(SQRT, unary<F>(c, in, &fpu::square_root<F>))
FP_SD_BODY(ABS, unary<F>(c, in, &fpu::absolute<F>))
FP_SD_BODY(NEG, unary<F>(c, in, &fpu::negate<F>))
FP_SD_BODY(RECIP, unary<F>(c, in, &fpu::recip<F>))
FP_SD_BODY(RSQRT, unary<F>(c, in, &fpu::rsqrt<F>))
FP_SD_BODY(MOV, move<F>(c, in))
FP_SD_BODY(MOVCF, move_cc<F>(c, in))
FP_SD_BODY(MOVZ, if (RT == 0) move<F>(c, in))
FP_SD_BODY(MOVN, if (RT != 0) move<F>(c, in))
FP_SD_BODY(ROUND_L, to_integer<F>(c, in, fpu::kRN, true))
FP_SD_BODY(TRUNC_L, to_integer<F>(c, in, fpu::kRZ, true))
FP_SD_BODY(CEIL_L, to_integer<F>(c, in, fpu::kRP, true))
FP_SD_BODY(FLOOR_L, to_integer<F>(c, in, fpu::kRM, true))
FP_SD_BODY(ROUND_W, to_integer<F>(c, in, fpu::kRN, false))
FP_SD_BODY(TRUNC_W, to_integer<F>(c, in, fpu::kRZ, false))
FP_SD_BODY(CEIL_W, to_integer<F>(c, in, fpu::kRP, false))
FP_SD_BODY(FLOOR_W, to_integer<F>(c, in, fpu::kRM, false))
FP_SD_BODY(CVT_W, to_integer<F>(c, in, -1, false))
FP_SD_BODY(CVT_L, to_integer<F>(c, in, -1, true))
FP_SD_BODY(C, compare<F>(c, in))
#undef FP_SD_BODY

// ---- conversions between formats ----

void exec_CVT_D_S(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint64_t r = fpu::cvt_d_s(c.fpu.get_w(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_d(in.sa, r, FR_MODE);
}
void exec_CVT_S_D(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint32_t r = fpu::cvt_s_d(c.fpu.get_d(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_w(in.sa, r, FR_MODE);
}
void exec_CVT_S_W(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint32_t r = fpu::cvt_s_w(c.fpu.get_w(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_w(in.sa, r, FR_MODE);
}
void exec_CVT_D_W(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint64_t r = fpu::cvt_d_w(c.fpu.get_w(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_d(in.sa, r, FR_MODE);
}
void exec_CVT_S_L(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint32_t r = fpu::cvt_s_l(c.fpu.get_d(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_w(in.sa, r, FR_MODE);
}
void exec_CVT_D_L(Cpu& c, const Insn& in) {
    Env e(c.fpu.fcsr);
    const uint64_t r = fpu::cvt_d_l(c.fpu.get_d(in.rd, FR_MODE), e);
    if (commit(c, e.exc)) c.fpu.set_d(in.sa, r, FR_MODE);
}

// ---- COP1X multiply-add (unfused on the R10000) ----

void exec_MADD_S(Cpu& c, const Insn& in) { multiply_add<S>(c, in, false, false); }
void exec_MADD_D(Cpu& c, const Insn& in) { multiply_add<D>(c, in, false, false); }
void exec_MSUB_S(Cpu& c, const Insn& in) { multiply_add<S>(c, in, true, false); }
void exec_MSUB_D(Cpu& c, const Insn& in) { multiply_add<D>(c, in, true, false); }
void exec_NMADD_S(Cpu& c, const Insn& in) { multiply_add<S>(c, in, false, true); }
void exec_NMADD_D(Cpu& c, const Insn& in) { multiply_add<D>(c, in, false, true); }
void exec_NMSUB_S(Cpu& c, const Insn& in) { multiply_add<S>(c, in, true, true); }
void exec_NMSUB_D(Cpu& c, const Insn& in) { multiply_add<D>(c, in, true, true); }

}  // namespace flashsim::cpu
