// IEEE arithmetic of the R10000 FPU with the host FPU (see fpu_ops.h for the behaviour).
//
// How the host is used: NaN operands never reach it (MIPS legacy NaNs have the opposite
// quiet/signalling encoding to x86 and ARM, so they are handled here on bits). For the rest, each
// operation runs between setting the host rounding mode to FCSR.RM (MXCSR on x86-64, else
// <cfenv>) with the host
// exception flags cleared, and reading those flags back; the host rounding mode is restored
// afterwards. Each operation is a volatile sandwich: operands are read from volatile objects
// after fesetround/feclearexcept, and the result is stored to a volatile object before
// fetestexcept, so the compiler can neither constant-fold it nor move it across the fenv calls,
// whatever the optimisation level and without -frounding-math. Multiply-add is two such
// sandwiches, so it cannot be contracted into a host FMA either.
//
// Build: no special flag is needed for correctness; -frounding-math is harmless and
// recommended. The file refuses -ffast-math/-Ofast (they break IEEE semantics) and x87-style
// excess precision (FLT_EVAL_METHOD != 0).
#include "cpu/fpu_ops.h"

#include <cfenv>
#include <cfloat>
#include <cmath>
#include <cstring>

#if defined(__FAST_MATH__)
#error "fpu_ops.cpp needs IEEE semantics: do not build it with -ffast-math or -Ofast"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "fpu_ops.cpp needs float/double evaluated in their own precision (SSE2 on x86)"
#endif
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

namespace flashsim::cpu::fpu {
namespace {

template <class F>
typename F::Host to_host(typename F::Bits b) {
    typename F::Host h;
    std::memcpy(&h, &b, sizeof h);
    return h;
}
template <class F>
typename F::Bits to_bits(typename F::Host h) {
    typename F::Bits b;
    std::memcpy(&b, &h, sizeof b);
    return b;
}

#if defined(__x86_64__) && defined(__SSE2__)
// x86-64: float and double arithmetic is SSE, so only MXCSR matters. Touching it directly
// (ldmxcsr/stmxcsr) costs a few cycles; <cfenv> also clears the x87 state (fnclex), which
// made feclearexcept most of the cost of every FP instruction. The asm has a memory clobber so
// the volatile operand loads and result store of an operation stay between the two.
class HostFenv {
public:
    explicit HostFenv(unsigned rm) {
        asm volatile("stmxcsr %0" : "=m"(saved_) : : "memory");
        // RC field (bits 14:13): nearest 00, down 01, up 10, toward zero 11; flags 5:0 cleared,
        // FTZ/DAZ off so denormals are exact.
        static constexpr uint32_t kRc[4] = {0u << 13, 3u << 13, 2u << 13, 1u << 13};
        uint32_t want = (saved_ & ~(0x603Fu | (1u << 15) | (1u << 6))) | kRc[rm & 3];
        asm volatile("ldmxcsr %0" : : "m"(want) : "memory");
    }
    ~HostFenv() { asm volatile("ldmxcsr %0" : : "m"(saved_) : "memory"); }
    HostFenv(const HostFenv&) = delete;
    HostFenv& operator=(const HostFenv&) = delete;

    // The host exceptions raised since construction, as kInexact..kInvalid.
    uint32_t raised() const {
        uint32_t x;
        asm volatile("stmxcsr %0" : "=m"(x) : : "memory");
        uint32_t r = 0;
        if (x & 0x20) r |= kInexact;
        if (x & 0x10) r |= kUnderflow;
        if (x & 0x08) r |= kOverflow;
        if (x & 0x04) r |= kDivZero;
        if (x & 0x01) r |= kInvalid;
        return r;
    }

private:
    uint32_t saved_;
};
#else
constexpr int kHostRound[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

// The host FP environment for one guest operation: guest rounding mode, exception flags clear.
class HostFenv {
public:
    explicit HostFenv(unsigned rm) : host_(std::fegetround()) {
        const int want = kHostRound[rm & 3];
        if (want != host_) {
            std::fesetround(want);
            changed_ = true;
        }
        std::feclearexcept(FE_ALL_EXCEPT);
    }
    ~HostFenv() {
        if (changed_) std::fesetround(host_);
    }
    HostFenv(const HostFenv&) = delete;
    HostFenv& operator=(const HostFenv&) = delete;

    // The host exceptions raised since construction, as kInexact..kInvalid.
    uint32_t raised() const {
        const int x = std::fetestexcept(FE_ALL_EXCEPT);
        uint32_t r = 0;
        if (x & FE_INEXACT) r |= kInexact;
        if (x & FE_UNDERFLOW) r |= kUnderflow;
        if (x & FE_OVERFLOW) r |= kOverflow;
        if (x & FE_DIVBYZERO) r |= kDivZero;
        if (x & FE_INVALID) r |= kInvalid;
        return r;
    }

private:
    int host_;
    bool changed_ = false;
};
#endif

template <typename T>
T host_arith(Arith op, T a, T b, unsigned rm, uint32_t& exc) {
    HostFenv env(rm);
    volatile T x = a;
    volatile T y = b;
    volatile T r;
    switch (op) {
        case Arith::Add: r = x + y; break;
        case Arith::Sub: r = x - y; break;
        case Arith::Mul: r = x * y; break;
        case Arith::Div: r = x / y; break;
    }
    exc |= env.raised();
    return r;
}

template <typename T>
T host_sqrt(T a, unsigned rm, uint32_t& exc) {
    HostFenv env(rm);
    volatile T x = a;
    volatile T r = std::sqrt(static_cast<T>(x));
    exc |= env.raised();
    return r;
}

template <typename To, typename From>
To host_convert(From a, unsigned rm, uint32_t& exc) {
    HostFenv env(rm);
    volatile From x = a;
    volatile To r = static_cast<To>(x);
    exc |= env.raised();
    return r;
}

// A host result becomes a guest result: NaN -> default NaN, denormal handling (fpu_ops.h).
template <class F>
typename F::Bits finish(typename F::Host h, Env& e) {
    typename F::Bits r = to_bits<F>(h);
    if (is_nan<F>(r)) return F::kDefaultNan;  // only from an invalid operation (Invalid raised)
    if (is_subnormal<F>(r)) {
        if (e.flush()) {
            const typename F::Bits sign = r & F::kSign;
            const bool away = (e.rm() == kRP && !sign) || (e.rm() == kRM && sign);
            r = sign | (away ? F::kMinNormal : 0);
            e.exc |= kUnderflow | kInexact;
        } else if (e.enables() & kUnderflow) {
            e.exc |= kUnderflow;  // tiny, trap enabled: signalled even when exact
        }
    }
    return r;
}

// NaN operands: Invalid if any is signalling; the result is the default NaN.
template <class F>
bool nan_operands(typename F::Bits a, typename F::Bits b, Env& e) {
    if (!is_nan<F>(a) && !is_nan<F>(b)) return false;
    if (is_snan<F>(a) || is_snan<F>(b)) e.exc |= kInvalid;
    return true;
}

}  // namespace

template <class F>
typename F::Bits arith(Arith op, typename F::Bits a, typename F::Bits b, Env& e) {
    if (nan_operands<F>(a, b, e)) return F::kDefaultNan;
    return finish<F>(host_arith(op, to_host<F>(a), to_host<F>(b), e.rm(), e.exc), e);
}

template <class F>
typename F::Bits square_root(typename F::Bits a, Env& e) {
    if (nan_operands<F>(a, a, e)) return F::kDefaultNan;
    return finish<F>(host_sqrt(to_host<F>(a), e.rm(), e.exc), e);
}

template <class F>
typename F::Bits recip(typename F::Bits a, Env& e) {
    return arith<F>(Arith::Div, to_bits<F>(typename F::Host(1)), a, e);
}

template <class F>
typename F::Bits rsqrt(typename F::Bits a, Env& e) {
    return recip<F>(square_root<F>(a, e), e);
}

template <class F>
typename F::Bits mul_add(typename F::Bits fs, typename F::Bits ft, typename F::Bits fr,
                         bool subtract, bool negate_result, Env& e) {
    const typename F::Bits p = arith<F>(Arith::Mul, fs, ft, e);
    const typename F::Bits r = arith<F>(subtract ? Arith::Sub : Arith::Add, p, fr, e);
    return negate_result ? r ^ F::kSign : r;
}

template <class F>
typename F::Bits absolute(typename F::Bits a, Env& e) {
    if (is_snan<F>(a)) {
        e.exc |= kInvalid;
        a = F::kDefaultNan;
    }
    return a & ~F::kSign;
}

template <class F>
typename F::Bits negate(typename F::Bits a, Env& e) {
    if (is_snan<F>(a)) {
        e.exc |= kInvalid;
        a = F::kDefaultNan | (a & F::kSign);
    }
    return a ^ F::kSign;
}

template <class F>
bool compare(typename F::Bits a, typename F::Bits b, unsigned cond, Env& e) {
    if (is_nan<F>(a) || is_nan<F>(b)) {
        if ((cond & 8) || is_snan<F>(a) || is_snan<F>(b)) e.exc |= kInvalid;
        return (cond & 1) != 0;
    }
    const typename F::Host x = to_host<F>(a), y = to_host<F>(b);  // ordered: no host exception
    return ((cond & 2) && x == y) || ((cond & 4) && x < y);
}

double round_integral(double v, unsigned rm) {
    if (!(std::fabs(v) < 0x1p52)) return v;  // already an integer (or not finite)
    const double t = std::trunc(v);
    const double f = v - t;  // exact
    if (f == 0) return t;
    const double away = t + (v < 0 ? -1.0 : 1.0);  // exact below 2^52
    switch (rm & 3) {
        case kRZ: return t;
        case kRP: return v > 0 ? away : t;
        case kRM: return v < 0 ? away : t;
        default: {
            const double af = std::fabs(f);
            if (af != 0.5) return af > 0.5 ? away : t;
            return std::fmod(t, 2.0) == 0 ? t : away;  // tie: to even
        }
    }
}

template <class F>
uint64_t to_int(typename F::Bits a, unsigned rm, bool to64, Env& e) {
    const uint64_t invalid = to64 ? 0x7FFFFFFFFFFFFFFFull : 0x7FFFFFFFull;
    if (is_nan<F>(a) || is_inf<F>(a)) {
        e.exc |= kInvalid;
        return invalid;
    }
    const double v = static_cast<double>(to_host<F>(a));  // exact for both formats
    const double r = round_integral(v, rm);
    const double lo = to64 ? -0x1p63 : -0x1p31, hi = to64 ? 0x1p63 : 0x1p31;
    if (!(r >= lo && r < hi)) {
        e.exc |= kInvalid;  // no Inexact with it, as softfloat/QEMU
        return invalid;
    }
    if (r != v) e.exc |= kInexact;
    const int64_t i = static_cast<int64_t>(r);
    return to64 ? static_cast<uint64_t>(i) : static_cast<uint32_t>(static_cast<int32_t>(i));
}

uint64_t cvt_d_s(uint32_t a, Env& e) {
    if (is_nan<S>(a)) {
        if (is_snan<S>(a)) e.exc |= kInvalid;
        return D::kDefaultNan;
    }
    return to_bits<D>(static_cast<double>(to_host<S>(a)));  // exact, never denormal
}

uint32_t cvt_s_d(uint64_t a, Env& e) {
    if (is_nan<D>(a)) {
        if (is_snan<D>(a)) e.exc |= kInvalid;
        return S::kDefaultNan;
    }
    return finish<S>(host_convert<float>(to_host<D>(a), e.rm(), e.exc), e);
}

uint32_t cvt_s_w(uint32_t a, Env& e) {
    return finish<S>(host_convert<float>(static_cast<int32_t>(a), e.rm(), e.exc), e);
}

uint64_t cvt_d_w(uint32_t a, Env& e) {
    return finish<D>(host_convert<double>(static_cast<int32_t>(a), e.rm(), e.exc), e);
}

uint32_t cvt_s_l(uint64_t a, Env& e) {
    return finish<S>(host_convert<float>(static_cast<int64_t>(a), e.rm(), e.exc), e);
}

uint64_t cvt_d_l(uint64_t a, Env& e) {
    return finish<D>(host_convert<double>(static_cast<int64_t>(a), e.rm(), e.exc), e);
}

#define FPU_INSTANTIATE(F)                                                                   \
    template F::Bits arith<F>(Arith, F::Bits, F::Bits, Env&);                                \
    template F::Bits square_root<F>(F::Bits, Env&);                                          \
    template F::Bits recip<F>(F::Bits, Env&);                                                \
    template F::Bits rsqrt<F>(F::Bits, Env&);                                                \
    template F::Bits mul_add<F>(F::Bits, F::Bits, F::Bits, bool, bool, Env&);                \
    template F::Bits absolute<F>(F::Bits, Env&);                                             \
    template F::Bits negate<F>(F::Bits, Env&);                                               \
    template bool compare<F>(F::Bits, F::Bits, unsigned, Env&);                              \
    template uint64_t to_int<F>(F::Bits, unsigned, bool, Env&);
FPU_INSTANTIATE(S)
FPU_INSTANTIATE(D)
#undef FPU_INSTANTIATE

}  // namespace flashsim::cpu::fpu
