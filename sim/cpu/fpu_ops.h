// IEEE arithmetic of the R10000 FPU on raw register bits (MIPS IV ISA "FPU" chapters; R10000
// Microprocessor User's Manual v2.0 ch. 17). The COP1 handlers in exec_cp1.cpp read registers,
// call one of these and then commit the exceptions to FCSR (Cause/Flags/trap).
//
// Every function takes an Env: the FCSR as it was when the instruction issued (rounding mode,
// FS, enables) and `exc`, to which it ORs the exceptions the operation raised (bits kInexact ..
// kInvalid below). The value returned is the untrapped result.
//
// Behaviour choices (see exec_cp1.cpp for the whole list):
//  - NaNs are MIPS legacy (pre-2008, as the R10000): quiet NaN has the fraction MSB CLEAR,
//    signalling NaN has it SET. A signalling NaN operand raises Invalid; any NaN result (a NaN
//    operand, or an invalid operation) is the default NaN 0x7FBFFFFF / 0x7FF7FFFFFFFFFFFF, as
//    QEMU does for pre-2008 MIPS (softfloat default-NaN mode with snan_bit_is_one).
//  - Denormal operands and results are computed exactly (as the kernel's emulation of the
//    R10000's Unimplemented Operation trap would), tininess is detected after rounding (as the
//    ISA requires; x86-64 hosts do the same). With FCSR.FS=1 a denormal result is flushed to 0,
//    or to the smallest normal number when RP/RM round away from zero in its direction, and
//    Underflow and Inexact are raised (R4000/R10000 FS semantics).
//  - With the Underflow trap enabled, a tiny result raises Underflow even when exact (ISA:
//    "underflow is signaled when tininess is detected regardless of loss of accuracy").
#pragma once
#include <cstdint>

namespace flashsim::cpu::fpu {

// The exceptions in the bit order of the FCSR fields: Flags 6:2 and Enables 11:7 hold I U O Z V,
// Cause 17:12 holds I U O Z V E.
enum : uint32_t {
    kInexact = 1u << 0,
    kUnderflow = 1u << 1,
    kOverflow = 1u << 2,
    kDivZero = 1u << 3,
    kInvalid = 1u << 4,
    kUnimplemented = 1u << 5,  // Cause only, always enabled
};
constexpr unsigned kFlagsShift = 2, kEnablesShift = 7, kCauseShift = 12;
constexpr uint32_t kFlagsMask = 0x1Fu << kFlagsShift;
constexpr uint32_t kEnablesMask = 0x1Fu << kEnablesShift;
constexpr uint32_t kCauseMask = 0x3Fu << kCauseShift;
constexpr uint32_t kFsBit = 1u << 24;

// FCSR.RM (bits 1:0).
enum : unsigned { kRN = 0, kRZ = 1, kRP = 2, kRM = 3 };

struct Env {
    uint32_t fcsr;
    uint32_t exc = 0;
    explicit Env(uint32_t f) : fcsr(f) {}
    unsigned rm() const { return fcsr & 3; }
    bool flush() const { return (fcsr & kFsBit) != 0; }
    uint32_t enables() const { return (fcsr >> kEnablesShift) & 0x1F; }
};

// The two floating-point formats.
struct S {
    using Bits = uint32_t;
    using Host = float;
    static constexpr Bits kSign = 0x80000000u, kExp = 0x7F800000u, kFrac = 0x007FFFFFu;
    static constexpr Bits kFracMsb = 0x00400000u;  // set = signalling (MIPS legacy)
    static constexpr Bits kDefaultNan = 0x7FBFFFFFu;
    static constexpr Bits kMinNormal = 0x00800000u;
};
struct D {
    using Bits = uint64_t;
    using Host = double;
    static constexpr Bits kSign = 0x8000000000000000ull, kExp = 0x7FF0000000000000ull,
                          kFrac = 0x000FFFFFFFFFFFFFull;
    static constexpr Bits kFracMsb = 0x0008000000000000ull;
    static constexpr Bits kDefaultNan = 0x7FF7FFFFFFFFFFFFull;
    static constexpr Bits kMinNormal = 0x0010000000000000ull;
};

template <class F>
constexpr bool is_nan(typename F::Bits x) {
    return (x & ~F::kSign) > F::kExp;
}
template <class F>
constexpr bool is_snan(typename F::Bits x) {  // MIPS legacy: fraction MSB set
    return is_nan<F>(x) && (x & F::kFracMsb) != 0;
}
template <class F>
constexpr bool is_inf(typename F::Bits x) {
    return (x & ~F::kSign) == F::kExp;
}
template <class F>
constexpr bool is_subnormal(typename F::Bits x) {  // denormal, not zero
    return (x & F::kExp) == 0 && (x & F::kFrac) != 0;
}

enum class Arith : uint8_t { Add, Sub, Mul, Div };

// fs op ft, rounded per FCSR.RM.
template <class F>
typename F::Bits arith(Arith op, typename F::Bits a, typename F::Bits b, Env& e);
template <class F>
typename F::Bits square_root(typename F::Bits a, Env& e);
// 1/x, correctly rounded (one division).
template <class F>
typename F::Bits recip(typename F::Bits a, Env& e);
// 1/sqrt(x) as two rounded operations, sqrt then 1/r, exceptions of both (as QEMU does; the
// ISA allows RSQRT to be less accurate than IEEE, so this is not always correctly rounded).
template <class F>
typename F::Bits rsqrt(typename F::Bits a, Env& e);
// MADD/MSUB/NMADD/NMSUB, unfused as on the R10000: p = round(fs*ft); r = round(p +/- fr);
// negate_result gives NMADD/NMSUB (-(fs*ft + fr), -(fs*ft - fr)); exceptions of both steps.
template <class F>
typename F::Bits mul_add(typename F::Bits fs, typename F::Bits ft, typename F::Bits fr,
                         bool subtract, bool negate_result, Env& e);
// ABS/NEG: arithmetic per the MIPS IV ISA / R4000 manual: a signalling NaN raises Invalid (the
// untrapped result is the default NaN with the sign processed); otherwise only the sign changes
// (a quiet NaN keeps its payload, no exception).
template <class F>
typename F::Bits absolute(typename F::Bits a, Env& e);
template <class F>
typename F::Bits negate(typename F::Bits a, Env& e);
// C.cond.fmt: cond bits 3:0 as in the ISA (bit 0 unordered, 1 equal, 2 less, 3 signal on QNaN).
template <class F>
bool compare(typename F::Bits a, typename F::Bits b, unsigned cond, Env& e);
// Float to W (to64=false, result in the low 32 bits) or L, rounded with rm (not FCSR.RM: the
// ROUND/TRUNC/CEIL/FLOOR forms pass their own). NaN, infinity or out of range: Invalid and
// 0x7FFFFFFF / 0x7FFFFFFFFFFFFFFF. Inexact when the value was not an integer.
template <class F>
uint64_t to_int(typename F::Bits a, unsigned rm, bool to64, Env& e);

uint64_t cvt_d_s(uint32_t a, Env& e);
uint32_t cvt_s_d(uint64_t a, Env& e);
uint32_t cvt_s_w(uint32_t a, Env& e);
uint64_t cvt_d_w(uint32_t a, Env& e);
uint32_t cvt_s_l(uint64_t a, Env& e);
uint64_t cvt_d_l(uint64_t a, Env& e);

// Round a double to an integral value with MIPS rounding mode rm, exactly (no host FP state).
double round_integral(double v, unsigned rm);

}  // namespace flashsim::cpu::fpu
