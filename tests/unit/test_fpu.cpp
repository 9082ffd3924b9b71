// The FPU handlers of sim/cpu/exec_cp1.cpp, driven directly: each instruction is built as its
// raw word, decoded with the ISA table and run through kHandlers the way Cpu::run does (without
// the CU1 gate). Expected values are worked out by hand (bit patterns), not with the host FPU.
#include <catch2/catch.hpp>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "cpu/cpu.h"
#include "cpu/exec.h"
#include "cpu/fpu_ops.h"
#include "isa/isa.h"

using namespace flashsim;
using namespace flashsim::cpu;

namespace {

class NullBus : public SystemBus {
public:
    uint8_t* ram_page(uint64_t) override { return nullptr; }
    bool read(uint64_t, uint8_t*, unsigned) override { return false; }
    bool write(uint64_t, const uint8_t*, unsigned) override { return false; }
};

constexpr uint64_t kPc = 0xFFFFFFFF80001000ull;

// ---- instruction words ----
constexpr unsigned kS = 16, kD = 17, kW = 20, kL = 21;
enum Funct : unsigned {
    F_ADD = 0x00, F_SUB = 0x01, F_MUL = 0x02, F_DIV = 0x03, F_SQRT = 0x04, F_ABS = 0x05,
    F_MOV = 0x06, F_NEG = 0x07, F_ROUND_L = 0x08, F_TRUNC_L = 0x09, F_CEIL_L = 0x0A,
    F_FLOOR_L = 0x0B, F_ROUND_W = 0x0C, F_TRUNC_W = 0x0D, F_CEIL_W = 0x0E, F_FLOOR_W = 0x0F,
    F_MOVCF = 0x11, F_MOVZ = 0x12, F_MOVN = 0x13, F_RECIP = 0x15, F_RSQRT = 0x16,
    F_CVT_S = 0x20, F_CVT_D = 0x21, F_CVT_W = 0x24, F_CVT_L = 0x25, F_C = 0x30,
};
uint32_t cop1(unsigned fmt, unsigned ft, unsigned fs, unsigned fd, unsigned funct) {
    return 0x44000000u | (fmt << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct;
}
uint32_t c_cond(unsigned fmt, unsigned cond, unsigned cc, unsigned fs, unsigned ft) {
    return cop1(fmt, ft, fs, cc << 2, F_C | cond);
}
uint32_t movcf(unsigned fmt, unsigned fd, unsigned fs, unsigned cc, bool tf) {
    return cop1(fmt, (cc << 2) | (tf ? 1 : 0), fs, fd, F_MOVCF);
}
uint32_t cop1_move(unsigned sub, unsigned rt, unsigned fs) {  // MFC1=0 DMFC1=1 CFC1=2 MTC1=4 ..
    return 0x44000000u | (sub << 21) | (rt << 16) | (fs << 11);
}
uint32_t mfc1(unsigned rt, unsigned fs) { return cop1_move(0, rt, fs); }
uint32_t dmfc1(unsigned rt, unsigned fs) { return cop1_move(1, rt, fs); }
uint32_t cfc1(unsigned rt, unsigned fcr) { return cop1_move(2, rt, fcr); }
uint32_t mtc1(unsigned rt, unsigned fs) { return cop1_move(4, rt, fs); }
uint32_t dmtc1(unsigned rt, unsigned fs) { return cop1_move(5, rt, fs); }
uint32_t ctc1(unsigned rt, unsigned fcr) { return cop1_move(6, rt, fcr); }
uint32_t bc1(unsigned cc, bool likely, bool tf, int16_t offset_words) {
    return 0x45000000u | (cc << 18) | ((likely ? 1u : 0u) << 17) | ((tf ? 1u : 0u) << 16) |
           static_cast<uint16_t>(offset_words);
}
enum MaddOp : unsigned { MADD = 0x20, MSUB = 0x28, NMADD = 0x30, NMSUB = 0x38 };
uint32_t cop1x(unsigned op, bool dbl, unsigned fd, unsigned fr, unsigned fs, unsigned ft) {
    return 0x4C000000u | (fr << 21) | (ft << 16) | (fs << 11) | (fd << 6) | op | (dbl ? 1 : 0);
}

// ---- bit patterns ----
uint32_t fb(float f) {
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}
uint64_t db(double d) {
    uint64_t b;
    std::memcpy(&b, &d, 8);
    return b;
}
constexpr uint32_t kQNanS = 0x7F800001u;  // MIPS legacy: fraction MSB clear = quiet
constexpr uint32_t kSNanS = 0x7FC00000u;  // fraction MSB set = signalling (x86's default qNaN)
constexpr uint64_t kQNanD = 0x7FF0000000000001ull;
constexpr uint64_t kSNanD = 0x7FF8000000000000ull;
constexpr uint32_t kDefNanS = 0x7FBFFFFFu;
constexpr uint64_t kDefNanD = 0x7FF7FFFFFFFFFFFFull;

constexpr uint32_t I = fpu::kInexact, U = fpu::kUnderflow, O = fpu::kOverflow,
                   Z = fpu::kDivZero, V = fpu::kInvalid, E = fpu::kUnimplemented;

struct Fx {
    NullBus bus;
    Cpu c{0, bus};
    Fx() {
        c.pc = kPc;
        c.npc = kPc + 4;
    }

    // Run one instruction as Cpu::run does: cur_pc, delay-slot state, pc/npc advanced first.
    void exec(uint32_t raw) {
        const isa::Op op = isa::decode(raw);
        REQUIRE(op != isa::Op::INVALID);
        Insn in{};
        predecode(in, raw, kGateAll);
        c.cur_pc = c.pc;
        c.in_delay = c.delay_next;
        c.delay_next = false;
        c.pc = c.npc;
        c.npc += 4;
        in.fn(c, in);
    }

    bool fr() const { return (c.cp0.status() & st::FR) != 0; }
    void set_fr(bool on) {
        if (on) c.cp0.status() |= st::FR;
        else c.cp0.status() &= ~st::FR;
    }
    void s(unsigned n, uint32_t bits) { c.fpu.set_w(n, bits, fr()); }
    void d(unsigned n, uint64_t bits) { c.fpu.set_d(n, bits, fr()); }
    void sf(unsigned n, float v) { s(n, fb(v)); }
    void df(unsigned n, double v) { d(n, db(v)); }
    uint32_t s(unsigned n) const { return c.fpu.get_w(n, fr()); }
    uint64_t d(unsigned n) const { return c.fpu.get_d(n, fr()); }
    void rm(unsigned mode) { c.fpu.fcsr = (c.fpu.fcsr & ~3u) | mode; }
    void enable(uint32_t exc) { c.fpu.fcsr |= exc << fpu::kEnablesShift; }
    uint32_t cause() const { return (c.fpu.fcsr >> fpu::kCauseShift) & 0x3F; }
    uint32_t flags() const { return (c.fpu.fcsr >> fpu::kFlagsShift) & 0x1F; }
    unsigned exc_code() const { return static_cast<unsigned>((c.cp0.cause() & ca::ExcMask) >> ca::ExcShift); }
    uint64_t fpe_count() const { return c.stats.exceptions[static_cast<unsigned>(ExcCode::FPE)]; }
    bool trapped() const { return fpe_count() == 1 && exc_code() == 15; }
};

// One two-operand (or one-operand) S/D instruction: fd=6, fs=2, ft=4 (0 for one operand: the
// decode table requires the field to be zero).
unsigned ft_for(unsigned funct) { return funct <= F_DIV ? 4 : 0; }

struct Case {
    unsigned funct;
    double a, b;
    uint64_t want;  // bits of the result in the format
    uint32_t cause;
};

void run_s(const Case& k, unsigned mode = fpu::kRN) {
    Fx x;
    x.rm(mode);
    x.sf(2, static_cast<float>(k.a));
    x.sf(4, static_cast<float>(k.b));
    x.exec(cop1(kS, ft_for(k.funct), 2, 6, k.funct));
    INFO("funct " << k.funct << " a " << k.a << " b " << k.b << " rm " << mode);
    CHECK(x.s(6) == static_cast<uint32_t>(k.want));
    CHECK(x.cause() == k.cause);
    CHECK(x.flags() == (k.cause & 0x1F));
    CHECK(x.fpe_count() == 0);
}

void run_d(const Case& k, unsigned mode = fpu::kRN) {
    Fx x;
    x.rm(mode);
    x.df(2, k.a);
    x.df(4, k.b);
    x.exec(cop1(kD, ft_for(k.funct), 2, 6, k.funct));
    INFO("funct " << k.funct << " a " << k.a << " b " << k.b << " rm " << mode);
    CHECK(x.d(6) == k.want);
    CHECK(x.cause() == k.cause);
    CHECK(x.flags() == (k.cause & 0x1F));
    CHECK(x.fpe_count() == 0);
}

}  // namespace

TEST_CASE("fpu: arithmetic, single", "[fpu]") {
    const Case cases[] = {
        {F_ADD, 1.5, 2.25, 0x40700000u, 0},       // 3.75
        {F_SUB, 1.5, 2.25, 0xBF400000u, 0},       // -0.75
        {F_MUL, 1.5, 2.25, 0x40580000u, 0},       // 3.375
        {F_DIV, 1.0, 3.0, 0x3EAAAAABu, I},        // 1/3
        {F_DIV, 3.0, 2.0, 0x3FC00000u, 0},        // 1.5
        {F_SQRT, 2.0, 0, 0x3FB504F3u, I},         // sqrt 2
        {F_SQRT, 4.0, 0, 0x40000000u, 0},         // 2
        {F_SQRT, -0.0, 0, 0x80000000u, 0},        // sqrt(-0) = -0
        {F_ABS, -1.5, 0, 0x3FC00000u, 0},
        {F_NEG, 1.5, 0, 0xBFC00000u, 0},
        {F_NEG, 0.0, 0, 0x80000000u, 0},
        {F_RECIP, 4.0, 0, 0x3E800000u, 0},        // 0.25
        {F_RECIP, 3.0, 0, 0x3EAAAAABu, I},
        {F_RSQRT, 4.0, 0, 0x3F000000u, 0},        // 0.5
        {F_RSQRT, 2.0, 0, 0x3F3504F3u, I},
    };
    for (const Case& k : cases) run_s(k);
}

TEST_CASE("fpu: arithmetic, double", "[fpu]") {
    const Case cases[] = {
        {F_ADD, 1.5, 2.25, 0x400E000000000000ull, 0},
        {F_SUB, 1.5, 2.25, 0xBFE8000000000000ull, 0},
        {F_MUL, 1.5, 2.25, 0x400B000000000000ull, 0},
        {F_DIV, 1.0, 3.0, 0x3FD5555555555555ull, I},
        {F_DIV, 3.0, 2.0, 0x3FF8000000000000ull, 0},
        {F_SQRT, 2.0, 0, 0x3FF6A09E667F3BCDull, I},
        {F_SQRT, 4.0, 0, 0x4000000000000000ull, 0},
        {F_ABS, -1.5, 0, 0x3FF8000000000000ull, 0},
        {F_NEG, 1.5, 0, 0xBFF8000000000000ull, 0},
        {F_RECIP, 4.0, 0, 0x3FD0000000000000ull, 0},
        {F_RECIP, 3.0, 0, 0x3FD5555555555555ull, I},
        {F_RSQRT, 4.0, 0, 0x3FE0000000000000ull, 0},
        // sqrt then 1/r, two roundings (as QEMU): one ulp below the correctly rounded
        // 1/sqrt(2) = 0x3FE6A09E667F3BCD.
        {F_RSQRT, 2.0, 0, 0x3FE6A09E667F3BCCull, I},
    };
    for (const Case& k : cases) run_d(k);
}

TEST_CASE("fpu: rounding modes on an inexact result", "[fpu]") {
    // 1/3 and -1/3 in each mode.
    const uint32_t s_pos[4] = {0x3EAAAAABu, 0x3EAAAAAAu, 0x3EAAAAABu, 0x3EAAAAAAu};
    const uint32_t s_neg[4] = {0xBEAAAAABu, 0xBEAAAAAAu, 0xBEAAAAAAu, 0xBEAAAAABu};
    const uint64_t d_pos[4] = {0x3FD5555555555555ull, 0x3FD5555555555555ull,
                               0x3FD5555555555556ull, 0x3FD5555555555555ull};
    const uint64_t d_neg[4] = {0xBFD5555555555555ull, 0xBFD5555555555555ull,
                               0xBFD5555555555555ull, 0xBFD5555555555556ull};
    for (unsigned m = 0; m < 4; ++m) {
        run_s({F_DIV, 1.0, 3.0, s_pos[m], I}, m);
        run_s({F_DIV, -1.0, 3.0, s_neg[m], I}, m);
        run_d({F_DIV, 1.0, 3.0, d_pos[m], I}, m);
        run_d({F_DIV, -1.0, 3.0, d_neg[m], I}, m);
        // 1 + 2^-24 (single): a tie in RN (to even: 1.0), up in RP only.
        run_s({F_ADD, 1.0, 0x1p-24, m == fpu::kRP ? 0x3F800001u : 0x3F800000u, I}, m);
        // Overflow: RN/RP give +inf, RZ/RM the largest finite number.
        const bool to_inf = m == fpu::kRN || m == fpu::kRP;
        run_d({F_MUL, 0x1p1023, 2.0, to_inf ? 0x7FF0000000000000ull : 0x7FEFFFFFFFFFFFFFull, O | I},
              m);
    }
    // The host's own rounding mode is back to what it was.
    CHECK(std::fegetround() == FE_TONEAREST);
}

TEST_CASE("fpu: each exception sets its Cause and Flag", "[fpu]") {
    // Inexact
    run_s({F_DIV, 1.0, 3.0, 0x3EAAAAABu, I});
    // Underflow: (2^-126 * (1+2^-23)) * 0.5 is tiny and inexact (ties to even 2^-127).
    {
        Fx x;
        x.s(2, 0x00800001u);
        x.sf(4, 0.5f);
        x.exec(cop1(kS, 4, 2, 6, F_MUL));
        CHECK(x.s(6) == 0x00400000u);
        CHECK(x.cause() == (U | I));
        CHECK(x.flags() == (U | I));
    }
    {
        Fx x;
        x.d(2, 0x0010000000000001ull);
        x.df(4, 0.5);
        x.exec(cop1(kD, 4, 2, 6, F_MUL));
        CHECK(x.d(6) == 0x0008000000000000ull);
        CHECK(x.cause() == (U | I));
    }
    // An exact denormal result with Underflow disabled raises nothing.
    {
        Fx x;
        x.s(2, 0x00800000u);
        x.sf(4, 0.5f);
        x.exec(cop1(kS, 4, 2, 6, F_MUL));
        CHECK(x.s(6) == 0x00400000u);
        CHECK(x.cause() == 0);
    }
    // Overflow (with Inexact)
    run_s({F_MUL, 0x1.fffffep127, 2.0, 0x7F800000u, O | I});
    run_d({F_MUL, 0x1p1023, 2.0, 0x7FF0000000000000ull, O | I});
    // Division by zero
    run_s({F_DIV, 1.0, 0.0, 0x7F800000u, Z});
    run_d({F_DIV, -1.0, 0.0, 0xFFF0000000000000ull, Z});
    run_s({F_RECIP, 0.0, 0, 0x7F800000u, Z});
    run_d({F_RSQRT, -0.0, 0, 0xFFF0000000000000ull, Z});  // 1/sqrt(-0) = 1/-0
    // Invalid: the default NaN
    run_s({F_DIV, 0.0, 0.0, kDefNanS, V});
    run_d({F_DIV, 0.0, 0.0, kDefNanD, V});
    run_s({F_SUB, INFINITY, INFINITY, kDefNanS, V});
    run_d({F_MUL, 0.0, INFINITY, kDefNanD, V});
    run_s({F_SQRT, -1.0, 0, kDefNanS, V});
    run_d({F_SQRT, -1.0, 0, kDefNanD, V});
    run_d({F_RSQRT, -4.0, 0, kDefNanD, V});

    // Cause is this instruction's only; Flags accumulate.
    Fx x;
    x.sf(2, 1.0f);
    x.sf(4, 3.0f);
    x.sf(8, 0.0f);
    x.exec(cop1(kS, 4, 2, 6, F_DIV));  // 1/3: I
    x.exec(cop1(kS, 8, 2, 6, F_DIV));  // 1/0: Z
    CHECK(x.cause() == Z);
    CHECK(x.flags() == (I | Z));
    x.exec(cop1(kS, 8, 8, 6, F_DIV));  // 0/0: V
    CHECK(x.cause() == V);
    x.exec(cop1(kS, 2, 2, 6, F_ADD));  // exact
    CHECK(x.cause() == 0);
    CHECK(x.flags() == (I | Z | V));
}

TEST_CASE("fpu: an enabled exception traps and fd is not written", "[fpu]") {
    struct Trap {
        uint32_t enable;
        unsigned funct;
        float a, b;
        uint32_t cause;
    };
    const Trap traps[] = {
        {V, F_DIV, 0.0f, 0.0f, V},
        {Z, F_DIV, 1.0f, 0.0f, Z},
        {I, F_DIV, 1.0f, 3.0f, I},
        {O, F_MUL, 0x1.fffffep127f, 2.0f, O | I},
        {I, F_MUL, 0x1.fffffep127f, 2.0f, O | I},  // the Inexact that comes with Overflow
        {U, F_MUL, 0x1p-126f, 0.5f, U},            // exact tiny result: signalled when enabled
        {U | V | Z | O | I, F_SQRT, -4.0f, 0, V},
    };
    for (const Trap& t : traps) {
        Fx x;
        x.enable(t.enable);
        x.c.fpu.fcsr |= V << fpu::kFlagsShift;  // a prior V flag
        const uint32_t flags0 = x.flags();
        x.sf(2, t.a);
        x.sf(4, t.b);
        x.s(6, 0xDEADBEEFu);
        x.exec(cop1(kS, ft_for(t.funct), 2, 6, t.funct));
        INFO("funct " << t.funct << " enable " << t.enable);
        CHECK(x.trapped());
        CHECK(x.c.cp0.reg[cp0reg::EPC] == kPc);
        CHECK(x.s(6) == 0xDEADBEEFu);
        CHECK(x.cause() == t.cause);
        CHECK(x.flags() == flags0);
    }
    // Double, with an odd-numbered destination (FR=1).
    {
        Fx x;
        x.enable(Z);
        x.df(2, 1.0);
        x.df(4, 0.0);
        x.d(7, 0x1234ull);
        x.exec(cop1(kD, 4, 2, 7, F_DIV));
        CHECK(x.trapped());
        CHECK(x.d(7) == 0x1234ull);
        CHECK(x.cause() == Z);
        CHECK(x.flags() == 0);
    }
    // Other exceptions enabled, but not the one raised: no trap.
    {
        Fx x;
        x.enable(V | Z | O | U);
        x.sf(2, 1.0f);
        x.sf(4, 3.0f);
        x.exec(cop1(kS, 4, 2, 6, F_DIV));
        CHECK(x.fpe_count() == 0);
        CHECK(x.s(6) == 0x3EAAAAABu);
        CHECK(x.flags() == I);
    }
    // A compare with Invalid enabled does not write its condition code.
    {
        Fx x;
        x.enable(V);
        x.c.fpu.set_cc(2, true);
        x.s(2, kSNanS);
        x.sf(4, 1.0f);
        x.exec(c_cond(kS, 0 /* c.f */, 2, 2, 4));
        CHECK(x.trapped());
        CHECK(x.c.fpu.cc(2));
        CHECK(x.cause() == V);
    }
    // A conversion with Invalid enabled.
    {
        Fx x;
        x.enable(V);
        x.df(2, 1e20);
        x.s(6, 0x55u);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_W));
        CHECK(x.trapped());
        CHECK(x.s(6) == 0x55u);
    }
}

TEST_CASE("fpu: NaNs are MIPS legacy (quiet = fraction MSB clear)", "[fpu]") {
    // A quiet NaN operand: default NaN, no exception. A signalling NaN: default NaN, Invalid.
    for (unsigned f : {F_ADD, F_SUB, F_MUL, F_DIV}) {
        for (bool first : {true, false}) {
            Fx x;
            x.s(2, first ? kQNanS : fb(1.0f));
            x.s(4, first ? fb(1.0f) : kQNanS);
            x.exec(cop1(kS, 4, 2, 6, f));
            CHECK(x.s(6) == kDefNanS);
            CHECK(x.cause() == 0);
            x.s(2, first ? kSNanS : fb(1.0f));
            x.s(4, first ? fb(1.0f) : kSNanS);
            x.exec(cop1(kS, 4, 2, 6, f));
            CHECK(x.s(6) == kDefNanS);
            CHECK(x.cause() == V);

            x.d(2, first ? kQNanD : db(1.0));
            x.d(4, first ? db(1.0) : kQNanD);
            x.exec(cop1(kD, 4, 2, 6, f));
            CHECK(x.d(6) == kDefNanD);
            CHECK(x.cause() == 0);
            x.d(2, first ? kSNanD : db(1.0));
            x.d(4, first ? db(1.0) : kSNanD);
            x.exec(cop1(kD, 4, 2, 6, f));
            CHECK(x.d(6) == kDefNanD);
            CHECK(x.cause() == V);
        }
    }
    // The default NaN is itself quiet.
    {
        Fx x;
        x.s(2, kDefNanS);
        x.exec(cop1(kS, 0, 2, 6, F_SQRT));
        CHECK(x.s(6) == kDefNanS);
        CHECK(x.cause() == 0);
    }
    // MOV is not arithmetic: any NaN is copied, FCSR untouched.
    {
        Fx x;
        x.c.fpu.fcsr = I << fpu::kCauseShift;
        x.s(2, kSNanS);
        x.exec(cop1(kS, 0, 2, 6, F_MOV));
        CHECK(x.s(6) == kSNanS);
        x.d(2, kSNanD);
        x.exec(cop1(kD, 0, 2, 8, F_MOV));
        CHECK(x.d(8) == kSNanD);
        CHECK(x.cause() == I);
    }
    // ABS/NEG are arithmetic: a signalling NaN raises Invalid, a quiet NaN only changes sign.
    {
        Fx x;
        x.s(2, kSNanS | 0x80000000u);
        x.exec(cop1(kS, 0, 2, 6, F_ABS));
        CHECK(x.s(6) == kDefNanS);
        CHECK(x.cause() == V);
        x.s(2, kSNanS);
        x.exec(cop1(kS, 0, 2, 6, F_NEG));
        CHECK(x.s(6) == (kDefNanS | 0x80000000u));
        CHECK(x.cause() == V);
        x.s(2, kQNanS);
        x.exec(cop1(kS, 0, 2, 6, F_NEG));
        CHECK(x.s(6) == (kQNanS | 0x80000000u));
        CHECK(x.cause() == 0);
        x.d(2, kQNanD | (1ull << 63));
        x.exec(cop1(kD, 0, 2, 6, F_ABS));
        CHECK(x.d(6) == kQNanD);
        CHECK(x.cause() == 0);
        x.d(2, kSNanD);
        x.exec(cop1(kD, 0, 2, 6, F_NEG));
        CHECK(x.d(6) == (kDefNanD | (1ull << 63)));
        CHECK(x.cause() == V);
        CHECK(x.flags() == V);
    }
    // Format conversions of NaNs.
    {
        Fx x;
        x.s(2, kSNanS);
        x.exec(cop1(kS, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == kDefNanD);
        CHECK(x.cause() == V);
        x.s(2, kQNanS);
        x.exec(cop1(kS, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == kDefNanD);
        CHECK(x.cause() == 0);
        x.d(2, kQNanD);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == kDefNanS);
        CHECK(x.cause() == 0);
        x.d(2, kSNanD);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == kDefNanS);
        CHECK(x.cause() == V);
    }
}

TEST_CASE("fpu: C.cond.fmt, all 16 conditions", "[fpu]") {
    // Truth of each condition for the four relations, and whether a QNaN signals (cond bit 3).
    struct Row {
        const char* name;
        bool lt, eq, gt, un;
    };
    const Row rows[16] = {
        {"f", 0, 0, 0, 0},    {"un", 0, 0, 0, 1},   {"eq", 0, 1, 0, 0},  {"ueq", 0, 1, 0, 1},
        {"olt", 1, 0, 0, 0},  {"ult", 1, 0, 0, 1},  {"ole", 1, 1, 0, 0}, {"ule", 1, 1, 0, 1},
        {"sf", 0, 0, 0, 0},   {"ngle", 0, 0, 0, 1}, {"seq", 0, 1, 0, 0}, {"ngl", 0, 1, 0, 1},
        {"lt", 1, 0, 0, 0},   {"nge", 1, 0, 0, 1},  {"le", 1, 1, 0, 0},  {"ngt", 1, 1, 0, 1},
    };
    enum Rel { LT, EQ, GT, UN_Q, UN_S };
    for (unsigned fmt : {kS, kD}) {
        for (unsigned cond = 0; cond < 16; ++cond) {
            for (Rel rel : {LT, EQ, GT, UN_Q, UN_S}) {
                Fx x;
                double a = 0, b = 0;
                switch (rel) {
                    case LT: a = 1.0, b = 2.0; break;
                    case EQ: a = 0.0, b = -0.0; break;  // +0 == -0
                    case GT: a = 2.0, b = -1.0; break;
                    default: break;
                }
                if (fmt == kS) {
                    x.sf(2, static_cast<float>(a));
                    x.sf(4, static_cast<float>(b));
                    if (rel == UN_Q) x.s(4, kQNanS);
                    if (rel == UN_S) x.s(2, kSNanS);
                } else {
                    x.df(2, a);
                    x.df(4, b);
                    if (rel == UN_Q) x.d(4, kQNanD);
                    if (rel == UN_S) x.d(2, kSNanD);
                }
                // cc5 starts with the opposite of the expected value; cc0/cc4/cc6 must not move.
                const Row& r = rows[cond];
                const bool want = rel == LT ? r.lt : rel == EQ ? r.eq : rel == GT ? r.gt : r.un;
                x.c.fpu.set_cc(5, !want);
                x.c.fpu.set_cc(4, true);
                x.exec(c_cond(fmt, cond, 5, 2, 4));
                INFO("c." << r.name << (fmt == kS ? ".s" : ".d") << " relation " << rel);
                CHECK(x.c.fpu.cc(5) == want);
                CHECK(x.c.fpu.cc(4));
                CHECK_FALSE(x.c.fpu.cc(0));
                CHECK_FALSE(x.c.fpu.cc(6));
                const bool invalid = rel == UN_S || (rel == UN_Q && cond >= 8);
                CHECK(x.cause() == (invalid ? V : 0u));
                CHECK(x.fpe_count() == 0);
            }
        }
    }
    // cc0 is FCSR bit 23, cc1..7 bits 25..31.
    Fx x;
    x.sf(2, 1.0f);
    x.sf(4, 2.0f);
    x.exec(c_cond(kS, 4 /* olt */, 0, 2, 4));
    x.exec(c_cond(kS, 4, 1, 2, 4));
    x.exec(c_cond(kS, 4, 7, 2, 4));
    CHECK(x.c.fpu.fcsr == ((1u << 23) | (1u << 25) | (1u << 31)));
}

TEST_CASE("fpu: conversions to integer", "[fpu]") {
    struct Conv {
        unsigned fmt, funct, rm;
        double v;
        uint64_t want;
        uint32_t cause;
    };
    const uint64_t kMaxW = 0x7FFFFFFF, kMaxL = 0x7FFFFFFFFFFFFFFFull;
    const Conv convs[] = {
        // CVT uses FCSR.RM
        {kS, F_CVT_W, fpu::kRN, 2.5, 2, I},
        {kD, F_CVT_W, fpu::kRN, 3.5, 4, I},
        {kD, F_CVT_W, fpu::kRN, -2.5, 0xFFFFFFFEu, I},
        {kD, F_CVT_W, fpu::kRP, 2.1, 3, I},
        {kD, F_CVT_W, fpu::kRM, -2.1, 0xFFFFFFFDu, I},
        {kD, F_CVT_W, fpu::kRZ, -2.9, 0xFFFFFFFEu, I},
        {kD, F_CVT_W, fpu::kRN, 7.0, 7, 0},
        {kD, F_CVT_L, fpu::kRN, -3.5, static_cast<uint64_t>(-4), I},
        {kS, F_CVT_L, fpu::kRP, -0.5f, 0, I},
        // ROUND/TRUNC/CEIL/FLOOR ignore FCSR.RM
        {kD, F_ROUND_W, fpu::kRZ, 2.5, 2, I},
        {kD, F_ROUND_W, fpu::kRZ, 2.7, 3, I},
        {kS, F_ROUND_W, fpu::kRM, -3.5, 0xFFFFFFFCu, I},
        {kD, F_TRUNC_W, fpu::kRP, -2.7, 0xFFFFFFFEu, I},
        {kD, F_CEIL_W, fpu::kRM, -2.7, 0xFFFFFFFEu, I},
        {kS, F_CEIL_W, fpu::kRN, 2.25, 3, I},
        {kD, F_FLOOR_W, fpu::kRP, -2.7, 0xFFFFFFFDu, I},
        {kS, F_FLOOR_W, fpu::kRN, 2.75, 2, I},
        {kD, F_ROUND_L, fpu::kRN, 0x1p40 + 0.5, 0x10000000000ull, I},
        {kD, F_ROUND_L, fpu::kRN, 0x1p40 + 1.5, 0x10000000002ull, I},
        {kD, F_TRUNC_L, fpu::kRN, -3.7, static_cast<uint64_t>(-3), I},
        {kS, F_CEIL_L, fpu::kRN, 1.25, 2, I},
        {kS, F_FLOOR_L, fpu::kRN, -1.25, static_cast<uint64_t>(-2), I},
        {kD, F_FLOOR_L, fpu::kRN, 0x1p60, 0x1000000000000000ull, 0},
        // range limits and invalid operands: 0x7FFF.. and Invalid only
        {kD, F_CVT_W, fpu::kRN, 0x1p31, kMaxW, V},
        {kD, F_CVT_W, fpu::kRN, -0x1p31, 0x80000000u, 0},
        {kD, F_TRUNC_W, fpu::kRN, -2147483648.9, 0x80000000u, I},
        {kD, F_TRUNC_W, fpu::kRN, -2147483649.0, kMaxW, V},
        {kD, F_CEIL_W, fpu::kRN, 2147483646.5, 0x7FFFFFFFu, I},
        {kD, F_CEIL_W, fpu::kRN, 2147483647.5, kMaxW, V},
        {kS, F_TRUNC_W, fpu::kRN, INFINITY, kMaxW, V},
        {kS, F_TRUNC_W, fpu::kRN, -INFINITY, kMaxW, V},
        {kD, F_CVT_L, fpu::kRN, 0x1p63, kMaxL, V},
        {kD, F_CVT_L, fpu::kRN, -0x1p63, 0x8000000000000000ull, 0},
        {kS, F_ROUND_L, fpu::kRN, -1e30, kMaxL, V},
    };
    for (const Conv& k : convs) {
        Fx x;
        x.rm(k.rm);
        if (k.fmt == kS) x.sf(2, static_cast<float>(k.v));
        else x.df(2, k.v);
        x.d(6, 0xAAAAAAAAAAAAAAAAull);
        x.exec(cop1(k.fmt, 0, 2, 6, k.funct));
        const bool to64 = k.funct == F_CVT_L || k.funct <= F_FLOOR_L;
        INFO("fmt " << k.fmt << " funct " << k.funct << " rm " << k.rm << " v " << k.v);
        if (to64) {
            CHECK(x.d(6) == k.want);
        } else {
            CHECK(x.s(6) == k.want);
            CHECK((x.d(6) >> 32) == 0xAAAAAAAAull);  // FR=1: a word result keeps the upper half
        }
        CHECK(x.cause() == k.cause);
        CHECK(x.fpe_count() == 0);
    }
    // NaN operands, quiet or signalling: Invalid.
    for (uint32_t nan : {kQNanS, kSNanS}) {
        Fx x;
        x.s(2, nan);
        x.exec(cop1(kS, 0, 2, 6, F_CVT_W));
        CHECK(x.s(6) == kMaxW);
        CHECK(x.cause() == V);
    }
    for (uint64_t nan : {kQNanD, kSNanD}) {
        Fx x;
        x.d(2, nan);
        x.exec(cop1(kD, 0, 2, 6, F_TRUNC_L));
        CHECK(x.d(6) == kMaxL);
        CHECK(x.cause() == V);
    }
}

TEST_CASE("fpu: conversions between formats", "[fpu]") {
    {  // CVT.D.S is exact, denormal singles included.
        Fx x;
        x.sf(2, 1.5f);
        x.exec(cop1(kS, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == 0x3FF8000000000000ull);
        x.s(2, 0x00000001u);  // 2^-149
        x.exec(cop1(kS, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == 0x36A0000000000000ull);
        CHECK(x.cause() == 0);
    }
    {  // CVT.S.D rounds with FCSR.RM.
        Fx x;
        x.df(2, 1.0 / 3.0);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x3EAAAAABu);
        CHECK(x.cause() == I);
        x.rm(fpu::kRZ);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x3EAAAAAAu);
        x.df(2, 1e300);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x7F7FFFFFu);  // RZ overflow: largest finite
        CHECK(x.cause() == (O | I));
        x.rm(fpu::kRN);
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x7F800000u);
        CHECK(x.cause() == (O | I));
        x.df(2, 0x1.8p-140);  // a denormal single, exact: 3 * 2^-141
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x00000300u);
        CHECK(x.cause() == 0);
        x.df(2, 0x1.0000001p-140);  // not exact as a denormal single
        x.exec(cop1(kD, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x00000200u);
        CHECK(x.cause() == (U | I));
    }
    {  // From W
        Fx x;
        x.s(2, 16777217u);
        x.exec(cop1(kW, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x4B800000u);  // 2^24, ties to even
        CHECK(x.cause() == I);
        x.rm(fpu::kRP);
        x.exec(cop1(kW, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x4B800001u);
        x.s(2, 0x80000000u);
        x.exec(cop1(kW, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == db(-2147483648.0));
        CHECK(x.cause() == 0);
        x.s(2, static_cast<uint32_t>(-5));
        x.exec(cop1(kW, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == db(-5.0));
    }
    {  // From L
        Fx x;
        x.d(2, 0x7FFFFFFFFFFFFFFFull);
        x.exec(cop1(kL, 0, 2, 6, F_CVT_S));
        CHECK(x.s(6) == 0x5F000000u);  // 2^63
        CHECK(x.cause() == I);
        x.d(2, (1ull << 53) + 1);
        x.exec(cop1(kL, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == db(0x1p53));
        CHECK(x.cause() == I);
        x.rm(fpu::kRP);
        x.exec(cop1(kL, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == db(0x1p53 + 2));
        x.d(2, static_cast<uint64_t>(-5));
        x.exec(cop1(kL, 0, 2, 6, F_CVT_D));
        CHECK(x.d(6) == db(-5.0));
        CHECK(x.cause() == 0);
    }
}

TEST_CASE("fpu: MADD/MSUB/NMADD/NMSUB", "[fpu]") {
    // fd=6, fr=8, fs=2, ft=4: 0.25 +/- 1.5*2.0
    struct M {
        unsigned op;
        double want;
    };
    for (const M& m : {M{MADD, 3.25}, M{MSUB, 2.75}, M{NMADD, -3.25}, M{NMSUB, -2.75}}) {
        Fx x;
        x.df(2, 1.5);
        x.df(4, 2.0);
        x.df(8, 0.25);
        x.exec(cop1x(m.op, true, 6, 8, 2, 4));
        CHECK(x.d(6) == db(m.want));
        x.sf(2, 1.5f);
        x.sf(4, 2.0f);
        x.sf(8, 0.25f);
        x.exec(cop1x(m.op, false, 6, 8, 2, 4));
        CHECK(x.s(6) == fb(static_cast<float>(m.want)));
        CHECK(x.cause() == 0);
    }
    {  // Unfused: (1+2^-30)(1-2^-30) = 1-2^-60 rounds to 1 before the add.
        const double a = 1.0 + 0x1p-30, b = 1.0 - 0x1p-30;
        REQUIRE(db(std::fma(a, b, -1.0)) == db(-0x1p-60));  // what a fused unit gives
        Fx x;
        x.df(2, a);
        x.df(4, b);
        x.df(8, -1.0);
        x.exec(cop1x(MADD, true, 6, 8, 2, 4));
        CHECK(x.d(6) == 0);  // +0.0
        CHECK(x.cause() == I);
        x.sf(2, 1.0f + 0x1p-13f);
        x.sf(4, 1.0f - 0x1p-13f);
        x.sf(8, -1.0f);
        x.exec(cop1x(MADD, false, 6, 8, 2, 4));
        CHECK(x.s(6) == 0u);
        CHECK(x.cause() == I);
    }
    {  // NMSUB is -(fs*ft - fr): an exact zero difference gives -0.
        Fx x;
        x.df(2, 2.0);
        x.df(4, 3.0);
        x.df(8, 6.0);
        x.exec(cop1x(NMSUB, true, 6, 8, 2, 4));
        CHECK(x.d(6) == 0x8000000000000000ull);
        x.exec(cop1x(MSUB, true, 6, 8, 2, 4));
        CHECK(x.d(6) == 0);
    }
    {  // Exceptions of both steps: the product overflows (O, I), then inf + -inf (V).
        Fx x;
        x.sf(2, 0x1.fffffep127f);
        x.sf(4, 2.0f);
        x.sf(8, -INFINITY);
        x.exec(cop1x(MADD, false, 6, 8, 2, 4));
        CHECK(x.s(6) == kDefNanS);
        CHECK(x.cause() == (O | I | V));
        // NMADD negates after the sum, NaN included (as QEMU).
        x.exec(cop1x(NMADD, false, 6, 8, 2, 4));
        CHECK(x.s(6) == (kDefNanS | 0x80000000u));
    }
    {  // Trap on the product step: fd untouched.
        Fx x;
        x.enable(O);
        x.df(2, 0x1p1023);
        x.df(4, 2.0);
        x.df(8, 1.0);
        x.d(6, 77);
        x.exec(cop1x(MADD, true, 6, 8, 2, 4));
        CHECK(x.trapped());
        CHECK(x.d(6) == 77);
        CHECK(x.cause() == (O | I));
    }
}

TEST_CASE("fpu: FR=1 and FR=0 register views", "[fpu]") {
    {  // FR=1: 32 64-bit registers, odd ones usable for doubles.
        Fx x;
        REQUIRE(x.fr());
        x.c.gpr[8] = 0xFFFFFFFF3FC00000ull;  // mtc1 takes the low word: 1.5f
        x.exec(mtc1(8, 1));
        CHECK(x.c.fpu.fpr[1] == 0x3FC00000ull);
        x.c.gpr[9] = db(2.5);
        x.exec(dmtc1(9, 3));
        CHECK(x.c.fpu.fpr[3] == db(2.5));
        x.exec(cop1(kD, 3, 3, 5, F_ADD));  // $f5 = $f3 + $f3
        CHECK(x.c.fpu.fpr[5] == db(5.0));
        x.exec(dmfc1(10, 5));
        CHECK(x.c.gpr[10] == db(5.0));
        x.exec(cop1(kS, 1, 1, 7, F_ADD));  // $f7 = 3.0f, low word
        CHECK(static_cast<uint32_t>(x.c.fpu.fpr[7]) == fb(3.0f));
        x.c.fpu.fpr[11] = 0x80000000DEADBEEFull;
        x.exec(mfc1(12, 11));  // low word, sign-extended
        CHECK(x.c.gpr[12] == 0xFFFFFFFFDEADBEEFull);
        x.exec(mfc1(0, 11));  // $zero stays 0
        CHECK(x.c.gpr[0] == 0);
    }
    {  // FR=0: 16 even/odd pairs; odd word = high half of the pair.
        Fx x;
        x.set_fr(false);
        const uint64_t v = db(1.5);
        x.c.gpr[8] = static_cast<uint32_t>(v);
        x.c.gpr[9] = v >> 32;
        x.exec(mtc1(8, 0));
        x.exec(mtc1(9, 1));
        CHECK(x.c.fpu.fpr[0] == v);
        CHECK(x.c.fpu.fpr[1] == 0);
        x.exec(cop1(kD, 0, 0, 2, F_ADD));  // $f2/$f3 = 3.0
        CHECK(x.c.fpu.fpr[2] == db(3.0));
        x.exec(mfc1(10, 3));  // the high word of 3.0 = 0x40080000
        CHECK(x.c.gpr[10] == 0x40080000ull);
        x.exec(dmfc1(11, 2));
        CHECK(x.c.gpr[11] == db(3.0));
        // Singles in odd registers live in the high half.
        x.c.gpr[12] = fb(1.25f);
        x.exec(mtc1(12, 5));
        x.exec(cop1(kS, 5, 5, 7, F_ADD));  // $f7 = 2.5f
        CHECK((x.c.fpu.fpr[6] >> 32) == fb(2.5f));
        CHECK(static_cast<uint32_t>(x.c.fpu.fpr[6]) == 0);
        x.exec(mfc1(13, 7));
        CHECK(x.c.gpr[13] == fb(2.5f));
        // DMTC1 fills the pair.
        x.c.gpr[14] = 0x0123456789ABCDEFull;
        x.exec(dmtc1(14, 8));
        x.exec(mfc1(15, 8));
        x.exec(mfc1(16, 9));
        CHECK(x.c.gpr[15] == 0xFFFFFFFF89ABCDEFull);
        CHECK(x.c.gpr[16] == 0x01234567ull);
    }
}

TEST_CASE("fpu: MOVF/MOVT/MOVZ/MOVN.fmt", "[fpu]") {
    Fx x;
    x.c.fpu.fcsr = (V << fpu::kCauseShift);  // moves never touch FCSR
    x.c.fpu.set_cc(3, true);
    x.c.fpu.set_cc(4, false);
    const uint32_t fcsr0 = x.c.fpu.fcsr;
    x.df(2, 1.5);
    x.df(6, 9.0);
    x.exec(movcf(kD, 6, 2, 3, true));  // movt.d on cc3=1: moves
    CHECK(x.d(6) == db(1.5));
    x.df(6, 9.0);
    x.exec(movcf(kD, 6, 2, 3, false));  // movf.d on cc3=1: no
    CHECK(x.d(6) == db(9.0));
    x.sf(2, 2.5f);
    x.sf(6, 9.0f);
    x.exec(movcf(kS, 6, 2, 4, false));  // movf.s on cc4=0: moves
    CHECK(x.s(6) == fb(2.5f));
    x.sf(6, 9.0f);
    x.exec(movcf(kS, 6, 2, 4, true));  // movt.s on cc4=0: no
    CHECK(x.s(6) == fb(9.0f));
    // MOVZ/MOVN on a GPR.
    x.c.gpr[5] = 0;
    x.c.gpr[7] = 42;
    x.exec(cop1(kS, 5, 2, 6, F_MOVZ));
    CHECK(x.s(6) == fb(2.5f));
    x.sf(6, 9.0f);
    x.exec(cop1(kS, 7, 2, 6, F_MOVZ));
    CHECK(x.s(6) == fb(9.0f));
    x.exec(cop1(kD, 7, 2, 6, F_MOVN));
    CHECK(x.d(6) == x.d(2));
    x.df(6, 9.0);
    x.exec(cop1(kD, 5, 2, 6, F_MOVN));
    CHECK(x.d(6) == db(9.0));
    x.exec(cop1(kD, 0, 2, 6, F_MOVZ));  // rt = $zero
    CHECK(x.d(6) == x.d(2));
    CHECK(x.c.fpu.fcsr == fcsr0);
}

TEST_CASE("fpu: BC1F/BC1T/BC1FL/BC1TL", "[fpu]") {
    struct B {
        bool tf, likely, cc_value;
        bool taken;
    };
    const B bs[] = {
        {true, false, true, true},    // bc1t, cc set: taken
        {true, false, false, false},  // bc1t, cc clear
        {false, false, false, true},  // bc1f, cc clear: taken
        {false, false, true, false},
        {true, true, true, true},     // bc1tl
        {true, true, false, false},   // bc1tl not taken: slot nullified
        {false, true, false, true},   // bc1fl
        {false, true, true, false},
    };
    for (unsigned cc : {0u, 5u}) {
        for (const B& b : bs) {
            for (int16_t off : {int16_t(16), int16_t(-3)}) {
                Fx x;
                x.c.fpu.set_cc(cc, b.cc_value);
                x.c.fpu.set_cc(cc ^ 1, !b.cc_value);  // a neighbour with the other value
                x.exec(bc1(cc, b.likely, b.tf, off));
                INFO("cc " << cc << " tf " << b.tf << " likely " << b.likely << " value "
                           << b.cc_value << " off " << off);
                if (b.taken) {
                    CHECK(x.c.delay_next);
                    CHECK(x.c.pc == kPc + 4);  // the delay slot runs next
                    CHECK(x.c.npc == kPc + 4 + static_cast<uint64_t>(int64_t(off) * 4));
                } else if (b.likely) {
                    CHECK_FALSE(x.c.delay_next);
                    CHECK(x.c.pc == kPc + 8);  // the delay slot is skipped
                    CHECK(x.c.npc == kPc + 12);
                } else {
                    CHECK(x.c.delay_next);  // the slot of a normal branch is a delay slot either way
                    CHECK(x.c.pc == kPc + 4);
                    CHECK(x.c.npc == kPc + 8);
                }
            }
        }
    }
    // cc0 is FCSR bit 23: set through CTC1, tested by bc1t $fcc0.
    Fx x;
    x.c.gpr[4] = 1u << 23;
    x.exec(ctc1(4, 31));
    x.exec(bc1(0, false, true, 8));
    CHECK(x.c.delay_next);
    CHECK(x.c.npc == kPc + 4 + 4 + 32);
}

TEST_CASE("fpu: CFC1/CTC1", "[fpu]") {
    {
        Fx x;
        x.exec(cfc1(2, 0));  // FIR
        CHECK(x.c.gpr[2] == Fpu::kFir);
        x.c.gpr[3] = 0x01000003;  // FS, RM=RM
        x.exec(ctc1(3, 31));
        CHECK(x.c.fpu.fcsr == 0x01000003u);
        x.exec(cfc1(4, 31));
        CHECK(x.c.gpr[4] == 0x01000003u);
        x.c.gpr[3] = 0x007C0000;  // bits 22:18 are not writable
        x.exec(ctc1(3, 31));
        CHECK(x.c.fpu.fcsr == 0);
        x.c.gpr[3] = 0x80000000u;  // cc7: CFC1 sign-extends
        x.exec(ctc1(3, 31));
        CHECK(x.c.fpu.cc(7));
        x.exec(cfc1(4, 31));
        CHECK(x.c.gpr[4] == 0xFFFFFFFF80000000ull);
        // Other FCRs: reads 0, writes ignored (FCR0 too).
        x.c.gpr[3] = 0xFFFFFFFF;
        x.exec(ctc1(3, 25));
        x.exec(ctc1(3, 0));
        x.exec(cfc1(5, 25));
        CHECK(x.c.gpr[5] == 0);
        x.exec(cfc1(5, 0));
        CHECK(x.c.gpr[5] == Fpu::kFir);
        CHECK(x.c.fpu.fcsr == 0x80000000u);
        // A Cause bit without its Enable: no exception.
        x.c.gpr[3] = V << fpu::kCauseShift;
        x.exec(ctc1(3, 31));
        CHECK(x.fpe_count() == 0);
        CHECK(x.cause() == V);
    }
    {  // Cause and Enable together: FCSR is written, then FPE.
        Fx x;
        x.c.gpr[3] = (V << fpu::kCauseShift) | (V << fpu::kEnablesShift);
        x.exec(ctc1(3, 31));
        CHECK(x.trapped());
        CHECK(x.c.fpu.fcsr == static_cast<uint32_t>(x.c.gpr[3]));
    }
    {  // Cause E is always enabled.
        Fx x;
        x.c.gpr[3] = E << fpu::kCauseShift;
        x.exec(ctc1(3, 31));
        CHECK(x.trapped());
        CHECK(x.cause() == E);
    }
}

TEST_CASE("fpu: FS=1 flushes denormal results", "[fpu]") {
    struct Ftz {
        unsigned rm;
        bool negative;
        uint32_t want;
    };
    const Ftz fs[] = {
        {fpu::kRN, false, 0x00000000u}, {fpu::kRN, true, 0x80000000u},
        {fpu::kRZ, false, 0x00000000u}, {fpu::kRZ, true, 0x80000000u},
        {fpu::kRP, false, 0x00800000u}, {fpu::kRP, true, 0x80000000u},
        {fpu::kRM, false, 0x00000000u}, {fpu::kRM, true, 0x80800000u},
    };
    for (const Ftz& f : fs) {
        Fx x;
        x.c.fpu.fcsr = fpu::kFsBit | f.rm;
        x.s(2, f.negative ? 0x80800000u : 0x00800000u);  // -/+ 2^-126
        x.sf(4, 0.5f);
        x.exec(cop1(kS, 4, 2, 6, F_MUL));  // 2^-127: exact as a denormal, flushed
        INFO("rm " << f.rm << " negative " << f.negative);
        CHECK(x.s(6) == f.want);
        CHECK(x.cause() == (U | I));
    }
    {  // Double, and the trap when Underflow is enabled.
        Fx x;
        x.c.fpu.fcsr = fpu::kFsBit;
        x.d(2, 0x0010000000000000ull);
        x.df(4, 0.25);
        x.exec(cop1(kD, 4, 2, 6, F_MUL));
        CHECK(x.d(6) == 0);
        CHECK(x.cause() == (U | I));
        x.enable(U);
        x.d(6, 5);
        x.exec(cop1(kD, 4, 2, 6, F_MUL));
        CHECK(x.trapped());
        CHECK(x.d(6) == 5);
    }
    {  // Denormal operands are used as they are; normal results are not affected.
        Fx x;
        x.c.fpu.fcsr = fpu::kFsBit;
        x.s(2, 0x00000003u);
        x.s(4, 0x00000001u);
        x.exec(cop1(kS, 4, 2, 6, F_SUB));  // 2 * 2^-149: denormal result, flushed
        CHECK(x.s(6) == 0);
        x.sf(4, 0x1p100f);
        x.exec(cop1(kS, 4, 2, 6, F_MUL));  // 3 * 2^-49: normal
        CHECK(x.s(6) == fb(0x1.8p-48f));
        CHECK(x.cause() == 0);
    }
}
