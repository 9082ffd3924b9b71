/* The MIPS IV FPU of the R10000: add/sub/mul/div/sqrt/abs/neg .s/.d, conversions, rounding
   modes (FCSR.RM) and the ROUND/TRUNC/CEIL/FLOOR forms, FCSR flags and cause, IEEE special
   results (infinity, the legacy default NaNs 0x7FBFFFFF / 0x7FF7FFFFFFFFFFFF), enabled
   exceptions raising FPE (15), C.cond with BC1T/BC1F/BC1TL/BC1FL on cc 0..7 and MOVF/MOVT,
   MOVZ/MOVN.fmt, FR=0 (paired) vs FR=1 register views, LWXC1/LDXC1/SWXC1/SDXC1, and
   MADD/MSUB/NMADD/NMSUB rounded twice (unfused).
   Expected values: exact IEEE 754 results computed by hand (and checked with exact rational
   arithmetic), MIPS IV ISA Rev 3.2 (FPU chapters, FCSR), R10000 manual ch. 17. */
#include "isatest.h"

/* FCSR fields */
#define RM_RN 0
#define RM_RZ 1
#define RM_RP 2
#define RM_RM 3
#define FL_I (1u << 2)
#define FL_U (1u << 3)
#define FL_O (1u << 4)
#define FL_Z (1u << 5)
#define FL_V (1u << 6)
#define EN_I (1u << 7)
#define EN_Z (1u << 10)
#define EN_V (1u << 11)
#define CA_I (1u << 12)
#define CA_O (1u << 14)
#define CA_Z (1u << 15)
#define CA_V (1u << 16)
#define CA_MASK (0x3fu << 12)
#define FCC0 (1u << 23)
#define FCC(n) ((n) == 0 ? FCC0 : (1u << (24 + (n))))

/* doubles */
#define D_1 0x3FF0000000000000ull
#define D_2 0x4000000000000000ull
#define D_3 0x4008000000000000ull
#define D_4 0x4010000000000000ull
#define D_M1 0xBFF0000000000000ull
#define D_M2 0xC000000000000000ull
#define D_HALF 0x3FE0000000000000ull
#define D_MHALF 0xBFE0000000000000ull
#define D_0 0x0000000000000000ull
#define D_INF 0x7FF0000000000000ull
#define D_QNAN 0x7FF7FFFFFFFFFFFFull /* legacy MIPS: quiet NaN has the fraction MSB clear */
#define D_SNAN 0x7FF8000000000000ull
/* singles */
#define S_1 0x3F800000u
#define S_2 0x40000000u
#define S_3 0x40400000u
#define S_M1 0xBF800000u
#define S_MHALF 0xBF000000u
#define S_QNAN 0x7FBFFFFFu

static uint32_t get_fcsr(void) {
    uint64_t v;
    __asm__ volatile("cfc1 %0, $31" : "=r"(v));
    return (uint32_t)v;
}
static void set_fcsr(uint32_t v) { __asm__ volatile("ctc1 %0, $31" ::"r"((uint64_t)v) : "memory"); }

#define FOP2D(insn, a, b)                                                                       \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("dmtc1 %1, $f2\n dmtc1 %2, $f4\n " insn " $f0, $f2, $f4\n dmfc1 %0, $f0" \
                         : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "$f0", "$f2", "$f4"); \
        r_;                                                                                     \
    })
#define FOP1D(insn, a)                                                                          \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("dmtc1 %1, $f2\n " insn " $f0, $f2\n dmfc1 %0, $f0"                     \
                         : "=r"(r_) : "r"((uint64_t)(a)) : "$f0", "$f2");                       \
        r_;                                                                                     \
    })
#define FOP2S(insn, a, b)                                                                       \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("mtc1 %1, $f2\n mtc1 %2, $f4\n " insn " $f0, $f2, $f4\n mfc1 %0, $f0"   \
                         : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "$f0", "$f2", "$f4"); \
        (uint32_t)r_;                                                                           \
    })
#define FOP1S(insn, a)                                                                          \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("mtc1 %1, $f2\n " insn " $f0, $f2\n mfc1 %0, $f0"                       \
                         : "=r"(r_) : "r"((uint64_t)(a)) : "$f0", "$f2");                       \
        (uint32_t)r_;                                                                           \
    })
/* conversions: source in $f2 (64-bit move), result read back 64-bit or low word */
#define CVT_D2W(insn, a) ((uint32_t)({ uint64_t r_; __asm__ volatile("dmtc1 %1, $f2\n " insn " $f0, $f2\n mfc1 %0, $f0" : "=r"(r_) : "r"((uint64_t)(a)) : "$f0", "$f2"); r_; }))
#define CVT_D2L(insn, a) ({ uint64_t r_; __asm__ volatile("dmtc1 %1, $f2\n " insn " $f0, $f2\n dmfc1 %0, $f0" : "=r"(r_) : "r"((uint64_t)(a)) : "$f0", "$f2"); r_; })
#define CVT_W2X(insn, w) ({ uint64_t r_; __asm__ volatile("mtc1 %1, $f2\n " insn " $f0, $f2\n dmfc1 %0, $f0" : "=r"(r_) : "r"((uint64_t)(w)) : "$f0", "$f2"); r_; })

static void chk_fcsr(const char *what, uint32_t mask, uint32_t exp) {
    const uint32_t f = get_fcsr();
    report((f & mask) == exp, "%s: FCSR 0x%x & 0x%x = 0x%x (expected 0x%x)", what, f, mask, f & mask, exp);
}

static void test_arith(void) {
    set_fcsr(0);
    chk("add.d 1.5 + 2.25", FOP2D("add.d", 0x3FF8000000000000ull, 0x4002000000000000ull), 0x400E000000000000ull);
    chk_fcsr("add.d exact: no cause, no flags", CA_MASK | 0x7c, 0);
    chk("sub.d 1 - 3", FOP2D("sub.d", D_1, D_3), D_M2);
    chk("mul.d 3 * -0.5", FOP2D("mul.d", D_3, D_MHALF), 0xBFF8000000000000ull);
    chk("div.d 1 / 3 (RN)", FOP2D("div.d", D_1, D_3), 0x3FD5555555555555ull);
    chk_fcsr("div.d 1/3: Cause.I and Flag.I", CA_MASK | 0x7c, CA_I | FL_I);
    set_fcsr(0);
    chk("sqrt.d 2", FOP1D("sqrt.d", D_2), 0x3FF6A09E667F3BCDull);
    chk_fcsr("sqrt.d 2 inexact", CA_MASK, CA_I);
    chk("sqrt.d 4 = 2", FOP1D("sqrt.d", D_4), D_2);
    chk_fcsr("sqrt.d 4 exact: cause cleared by the next operation", CA_MASK, 0);
    chk_fcsr("  flag I from the earlier sqrt stays (sticky)", FL_I, FL_I);
    chk("abs.d -2", FOP1D("abs.d", D_M2), D_2);
    chk("neg.d 2", FOP1D("neg.d", D_2), D_M2);
    chk("neg.d 0 = -0", FOP1D("neg.d", D_0), 0x8000000000000000ull);
    chk("mov.d", FOP1D("mov.d", 0x123456789abcdef0ull), 0x123456789abcdef0ull);
    chk("add.s 1.5 + 2.25", FOP2S("add.s", 0x3FC00000u, 0x40100000u), 0x40700000u);
    chk("sub.s 1 - 3", FOP2S("sub.s", S_1, S_3), 0xC0000000u);
    chk("mul.s 3 * -0.5", FOP2S("mul.s", S_3, S_MHALF), 0xBFC00000u);
    chk("div.s 1 / 3 (RN)", FOP2S("div.s", S_1, S_3), 0x3EAAAAABu);
    chk("sqrt.s 2", FOP1S("sqrt.s", S_2), 0x3FB504F3u);
    chk("abs.s -1", FOP1S("abs.s", S_M1), S_1);
    chk("neg.s 1", FOP1S("neg.s", S_1), S_M1);
    chk("recip.d 4 = 0.25", FOP1D("recip.d", D_4), 0x3FD0000000000000ull);
    chk("rsqrt.d 4 = 0.5", FOP1D("rsqrt.d", D_4), D_HALF);
    chk("recip.s 2 = 0.5", FOP1S("recip.s", S_2), 0x3F000000u);

    /* IEEE special cases, traps disabled */
    set_fcsr(0);
    chk("div.d 1 / 0 = +inf", FOP2D("div.d", D_1, D_0), D_INF);
    chk_fcsr("div.d 1/0: Cause.Z, Flag.Z", CA_MASK | 0x7c, CA_Z | FL_Z);
    chk("div.d -1 / 0 = -inf", FOP2D("div.d", D_M1, D_0), 0xFFF0000000000000ull);
    set_fcsr(0);
    chk("div.d 0 / 0 = default NaN", FOP2D("div.d", D_0, D_0), D_QNAN);
    chk_fcsr("div.d 0/0: Cause.V, Flag.V", CA_MASK | 0x7c, CA_V | FL_V);
    chk("div.s 0 / 0 = default NaN", FOP2S("div.s", 0, 0), S_QNAN);
    set_fcsr(0);
    chk("sqrt.d -1 = default NaN", FOP1D("sqrt.d", D_M1), D_QNAN);
    chk_fcsr("sqrt.d -1: Invalid", CA_MASK, CA_V);
    set_fcsr(0);
    chk("sub.d inf - inf = default NaN", FOP2D("sub.d", D_INF, D_INF), D_QNAN);
    set_fcsr(0);
    chk("add.d qNaN + 1 = NaN, no Invalid", FOP2D("add.d", D_QNAN, D_1) & 0x7FF0000000000000ull, D_INF);
    chk_fcsr("add.d with a quiet NaN operand: no Invalid", CA_V, 0);
    set_fcsr(0);
    chk("mul.d 1e308 * 10 = +inf (RN)", FOP2D("mul.d", 0x7FE1CCF385EBC8A0ull, 0x4024000000000000ull), D_INF);
    chk_fcsr("mul.d overflow: Cause O and I, Flags O and I", CA_MASK | 0x7c, CA_O | CA_I | FL_O | FL_I);
    set_fcsr(RM_RZ);
    chk("mul.d 1e308 * 10 = max finite (RZ)", FOP2D("mul.d", 0x7FE1CCF385EBC8A0ull, 0x4024000000000000ull),
        0x7FEFFFFFFFFFFFFFull);
    set_fcsr(0);
    chk("add.d 1 + -1 = +0 (RN)", FOP2D("add.d", D_1, D_M1), D_0);
    set_fcsr(RM_RM);
    chk("add.d 1 + -1 = -0 (RM)", FOP2D("add.d", D_1, D_M1), 0x8000000000000000ull);
    set_fcsr(0);
}

static void test_rounding(void) {
    static const uint32_t rms[4] = {RM_RN, RM_RZ, RM_RP, RM_RM};
    static const char *const names[4] = {"RN", "RZ", "RP", "RM"};
    static const uint64_t third[4] = {0x3FD5555555555555ull, 0x3FD5555555555555ull, 0x3FD5555555555556ull,
                                      0x3FD5555555555555ull};
    static const uint64_t mthird[4] = {0xBFD5555555555555ull, 0xBFD5555555555555ull, 0xBFD5555555555555ull,
                                       0xBFD5555555555556ull};
    static const uint32_t sthird[4] = {0x3EAAAAABu, 0x3EAAAAAAu, 0x3EAAAAABu, 0x3EAAAAAAu};
    static const uint32_t smtwothirds[4] = {0xBF2AAAABu, 0xBF2AAAAAu, 0xBF2AAAAAu, 0xBF2AAAABu};
    static const uint32_t cvt25[4] = {2, 2, 3, 2};
    static const uint32_t cvtm25[4] = {(uint32_t)-2, (uint32_t)-2, (uint32_t)-2, (uint32_t)-3};
    for (unsigned i = 0; i < 4; i++) {
        set_fcsr(rms[i]);
        report(FOP2D("div.d", D_1, D_3) == third[i], "div.d 1/3 %s", names[i]);
        report(FOP2D("div.d", D_M1, D_3) == mthird[i], "div.d -1/3 %s", names[i]);
        report(FOP2S("div.s", S_1, S_3) == sthird[i], "div.s 1/3 %s", names[i]);
        report(FOP2S("div.s", 0xC0000000u, S_3) == smtwothirds[i], "div.s -2/3 %s", names[i]);
        report(CVT_D2W("cvt.w.d", 0x4004000000000000ull) == cvt25[i], "cvt.w.d 2.5 %s = %u", names[i], cvt25[i]);
        report(CVT_D2W("cvt.w.d", 0xC004000000000000ull) == cvtm25[i], "cvt.w.d -2.5 %s = %d", names[i],
               (int)cvtm25[i]);
    }
    set_fcsr(RM_RN);
    chk("cvt.w.d 3.5 RN (ties to even) = 4", CVT_D2W("cvt.w.d", 0x400C000000000000ull), 4);
    chk_fcsr("cvt.w.d 3.5: inexact", CA_MASK, CA_I);
    chk("cvt.w.d -3.0 exact", CVT_D2W("cvt.w.d", 0xC008000000000000ull), 0xFFFFFFFDu);
    chk_fcsr("cvt.w.d -3.0: exact, no cause", CA_MASK, 0);
    /* the fixed-rounding forms ignore FCSR.RM: run them under RP */
    set_fcsr(RM_RP);
    chk("round.w.d 2.5 = 2", CVT_D2W("round.w.d", 0x4004000000000000ull), 2);
    chk("round.w.d 3.5 = 4", CVT_D2W("round.w.d", 0x400C000000000000ull), 4);
    chk("round.w.d -2.5 = -2", CVT_D2W("round.w.d", 0xC004000000000000ull), 0xFFFFFFFEu);
    chk("trunc.w.d -2.7 = -2", CVT_D2W("trunc.w.d", 0xC00599999999999Aull), 0xFFFFFFFEu);
    chk("ceil.w.d -2.7 = -2", CVT_D2W("ceil.w.d", 0xC00599999999999Aull), 0xFFFFFFFEu);
    chk("floor.w.d -2.7 = -3", CVT_D2W("floor.w.d", 0xC00599999999999Aull), 0xFFFFFFFDu);
    chk("ceil.w.d 2.1 = 3", CVT_D2W("ceil.w.d", 0x4000CCCCCCCCCCCDull), 3);
    chk("floor.w.d 2.1 = 2 (under RP)", CVT_D2W("floor.w.d", 0x4000CCCCCCCCCCCDull), 2);
    chk("trunc.w.s -2.5f = -2", CVT_D2W("trunc.w.s", 0xC0200000u), 0xFFFFFFFEu);
    chk("round.l.d 2^40 + 0.5 = 2^40", CVT_D2L("round.l.d", 0x4270000000000800ull), 0x10000000000ull);
    chk("cvt.l.d 2^40 + 0.5 under RP = 2^40 + 1", CVT_D2L("cvt.l.d", 0x4270000000000800ull), 0x10000000001ull);
    chk("trunc.l.d -3.0 = -3", CVT_D2L("trunc.l.d", 0xC008000000000000ull), 0xFFFFFFFFFFFFFFFDull);
    chk("floor.l.d -2.7 = -3", CVT_D2L("floor.l.d", 0xC00599999999999Aull), 0xFFFFFFFFFFFFFFFDull);
    set_fcsr(RM_RN);
    chk("cvt.d.w -7", CVT_W2X("cvt.d.w", (uint32_t)-7), 0xC01C000000000000ull);
    chk("cvt.s.w 16777217 (RN) = 16777216", (uint32_t)CVT_W2X("cvt.s.w", 16777217u), 0x4B800000u);
    chk_fcsr("cvt.s.w 16777217: inexact", CA_MASK, CA_I);
    set_fcsr(RM_RP);
    chk("cvt.s.w 16777217 (RP) = 16777218", (uint32_t)CVT_W2X("cvt.s.w", 16777217u), 0x4B800001u);
    set_fcsr(RM_RN);
    chk("cvt.d.l 2^53 + 1 (RN) = 2^53", CVT_D2L("cvt.d.l", 0x20000000000001ull), 0x4340000000000000ull);
    set_fcsr(RM_RP);
    chk("cvt.d.l 2^53 + 1 (RP) = 2^53 + 2", CVT_D2L("cvt.d.l", 0x20000000000001ull), 0x4340000000000001ull);
    set_fcsr(RM_RN);
    chk("cvt.s.d 1/3", (uint32_t)CVT_D2L("cvt.s.d", 0x3FD5555555555555ull), 0x3EAAAAABu);
    chk("cvt.d.s 0.1f (exact)", CVT_W2X("cvt.d.s", 0x3DCCCCCDu), 0x3FB99999A0000000ull);
    chk_fcsr("cvt.d.s: exact", CA_MASK, 0);
    set_fcsr(0);
    chk("cvt.w.d NaN = 2^31 - 1 (Invalid, untrapped)", CVT_D2W("cvt.w.d", D_QNAN), 0x7FFFFFFFu);
    chk_fcsr("cvt.w.d NaN: Invalid", CA_V | FL_V, CA_V | FL_V);
    set_fcsr(0);
    chk("cvt.w.d +inf = 2^31 - 1", CVT_D2W("cvt.w.d", D_INF), 0x7FFFFFFFu);
    chk_fcsr("cvt.w.d +inf: Invalid", CA_V, CA_V);
    set_fcsr(0);
}

/* c.cond.fmt on cc n, then read FCSR */
#define CMPD(cond, a, b)                                                                        \
    ({                                                                                          \
        __asm__ volatile("dmtc1 %0, $f2\n dmtc1 %1, $f4\n c." cond ".d $f2, $f4"                 \
                         ::"r"((uint64_t)(a)), "r"((uint64_t)(b)) : "$f2", "$f4");              \
        (get_fcsr() & FCC0) != 0;                                                               \
    })

static void test_compare(void) {
    set_fcsr(0);
    chk("c.eq.d 1, 1", CMPD("eq", D_1, D_1), 1);
    chk("c.eq.d 1, 2", CMPD("eq", D_1, D_2), 0);
    chk("c.eq.d +0, -0", CMPD("eq", D_0, 0x8000000000000000ull), 1);
    chk("c.lt.d 1, 2", CMPD("lt", D_1, D_2), 1);
    chk("c.lt.d 2, 1", CMPD("lt", D_2, D_1), 0);
    chk("c.lt.d -2, 1", CMPD("lt", D_M2, D_1), 1);
    chk("c.le.d 2, 2", CMPD("le", D_2, D_2), 1);
    chk("c.olt.d 1, 2", CMPD("olt", D_1, D_2), 1);
    chk("c.ult.d 2, 1", CMPD("ult", D_2, D_1), 0);
    chk("c.f.d 1, 1", CMPD("f", D_1, D_1), 0);
    set_fcsr(0);
    chk("c.un.d NaN, 1", CMPD("un", D_QNAN, D_1), 1);
    chk("c.un.d 1, 2", CMPD("un", D_1, D_2), 0);
    chk("c.eq.d NaN, NaN", CMPD("eq", D_QNAN, D_QNAN), 0);
    chk("c.ueq.d NaN, 1", CMPD("ueq", D_QNAN, D_1), 1);
    chk("c.ult.d NaN, 1", CMPD("ult", D_QNAN, D_1), 1);
    chk("c.olt.d NaN, 1", CMPD("olt", D_QNAN, D_1), 0);
    chk_fcsr("quiet NaN in non-signalling compares: no Invalid", FL_V, 0);
    chk("c.lt.d NaN, 1 (signalling form)", CMPD("lt", D_QNAN, D_1), 0);
    chk_fcsr("c.lt.d with a quiet NaN: Invalid", CA_V | FL_V, CA_V | FL_V);
    set_fcsr(0);
    chk("c.ngle.d NaN, 1", CMPD("ngle", D_QNAN, D_1), 1);
    chk_fcsr("c.ngle.d with a quiet NaN: Invalid", CA_V, CA_V);
    set_fcsr(0);
    chk("c.eq.d sNaN, 1", CMPD("eq", D_SNAN, D_1), 0);
    chk_fcsr("c.eq.d with a signalling NaN: Invalid", CA_V, CA_V);
    set_fcsr(0);
    uint64_t r;
    __asm__ volatile("mtc1 %1, $f2\n mtc1 %2, $f4\n c.lt.s $f2, $f4\n cfc1 %0, $31"
                     : "=r"(r) : "r"((uint64_t)S_1), "r"((uint64_t)S_2) : "$f2", "$f4");
    chk("c.lt.s 1, 2 sets cc0 (FCSR bit 23)", r & FCC0, FCC0);

    /* condition codes 1..7: FCSR bits 25..31 */
    for (unsigned n = 1; n < 8; n++) {
        set_fcsr(0);
        switch (n) {
            case 1: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc1, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            case 2: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc2, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            case 3: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc3, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            case 4: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc4, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            case 5: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc5, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            case 6: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc6, $f2, $f2" ::"r"(D_1) : "$f2"); break;
            default: __asm__ volatile("dmtc1 %0, $f2\n c.eq.d $fcc7, $f2, $f2" ::"r"(D_1) : "$f2"); break;
        }
        const uint32_t f = get_fcsr();
        report((f & 0xFE800000u) == FCC(n), "c.eq.d on $fcc%u sets only FCSR bit %u (0x%x)", n, 24 + n, f);
    }
    set_fcsr(0);
}

/* bit 1: slot ran, 2: fall-through ran, 4: target */
#define BC1(insn)                                                                               \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n " insn ", 1f\n ori %0, %0, 1\n" \
                         " ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop" : "=&r"(r_));              \
        r_;                                                                                     \
    })

static void test_branches_and_moves(void) {
    set_fcsr(FCC(3) | FCC0);
    chk("bc1t (cc0 = 1): taken", BC1("bc1t $fcc0"), 5);
    chk("bc1f (cc0 = 1): not taken, slot runs", BC1("bc1f $fcc0"), 7);
    chk("bc1t $fcc3 (1): taken", BC1("bc1t $fcc3"), 5);
    chk("bc1f $fcc3 (1): not taken", BC1("bc1f $fcc3"), 7);
    chk("bc1t $fcc2 (0): not taken", BC1("bc1t $fcc2"), 7);
    chk("bc1f $fcc2 (0): taken", BC1("bc1f $fcc2"), 5);
    chk("bc1tl $fcc2 (0): not taken, slot nullified", BC1("bc1tl $fcc2"), 6);
    chk("bc1fl $fcc3 (1): not taken, slot nullified", BC1("bc1fl $fcc3"), 6);
    chk("bc1tl $fcc3 (1): taken", BC1("bc1tl $fcc3"), 5);
    chk("bc1fl $fcc7 (0): taken", BC1("bc1fl $fcc7"), 5);
    /* the compare result is visible to the very next branch */
    uint64_t r;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dmtc1 %1, $f2\n dmtc1 %2, $f4\n"
                     " c.lt.d $fcc6, $f2, $f4\n bc1t $fcc6, 1f\n nop\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r) : "r"(D_1), "r"(D_2) : "$f2", "$f4");
    chk("c.lt.d $fcc6 then bc1t $fcc6 at once", r, 4);

    /* MOVF/MOVT (GPR) on cc */
    set_fcsr(FCC(5));
    uint64_t d = 0x1111;
    __asm__ volatile("movt %0, %1, $fcc5" : "+r"(d) : "r"(0x2222ull));
    chk("movt rd, rs, $fcc5 (cc5 = 1): moves", d, 0x2222);
    d = 0x1111;
    __asm__ volatile("movf %0, %1, $fcc5" : "+r"(d) : "r"(0x2222ull));
    chk("movf rd, rs, $fcc5 (cc5 = 1): keeps", d, 0x1111);
    d = 0x1111;
    __asm__ volatile("movf %0, %1, $fcc4" : "+r"(d) : "r"(0x2222ull));
    chk("movf rd, rs, $fcc4 (cc4 = 0): moves", d, 0x2222);
    /* MOVF.fmt/MOVT.fmt */
    __asm__ volatile("dmtc1 %1, $f0\n dmtc1 %2, $f2\n movt.d $f0, $f2, $fcc5\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(D_1), "r"(D_2) : "$f0", "$f2");
    chk("movt.d $fcc5 (1): moves", r, D_2);
    __asm__ volatile("dmtc1 %1, $f0\n dmtc1 %2, $f2\n movf.d $f0, $f2, $fcc5\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(D_1), "r"(D_2) : "$f0", "$f2");
    chk("movf.d $fcc5 (1): keeps", r, D_1);
    __asm__ volatile("mtc1 %1, $f0\n mtc1 %2, $f2\n movf.s $f0, $f2, $fcc1\n mfc1 %0, $f0"
                     : "=r"(r) : "r"((uint64_t)S_1), "r"((uint64_t)S_2) : "$f0", "$f2");
    chk("movf.s $fcc1 (0): moves", (uint32_t)r, S_2);
    /* MOVZ/MOVN.fmt on a GPR */
    __asm__ volatile("dmtc1 %1, $f0\n dmtc1 %2, $f2\n movz.d $f0, $f2, %3\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(D_1), "r"(D_2), "r"(0ull) : "$f0", "$f2");
    chk("movz.d rt = 0: moves", r, D_2);
    __asm__ volatile("dmtc1 %1, $f0\n dmtc1 %2, $f2\n movz.d $f0, $f2, %3\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(D_1), "r"(D_2), "r"(0x100000000ull) : "$f0", "$f2");
    chk("movz.d rt = 0x100000000: keeps", r, D_1);
    __asm__ volatile("dmtc1 %1, $f0\n dmtc1 %2, $f2\n movn.d $f0, $f2, %3\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(D_1), "r"(D_2), "r"(7ull) : "$f0", "$f2");
    chk("movn.d rt = 7: moves", r, D_2);
    chk_fcsr("moves do not touch FCSR", 0xffffffffu, FCC(5));
    set_fcsr(0);
}

/* ---- enabled exceptions: FPE (15) ---- */
static volatile unsigned n_fpe;
static volatile uint64_t fpe_epc, fpe_fcsr, fpe_code;
static void fpe_handler(struct exc_frame *f) {
    n_fpe++;
    fpe_code = EXC_CODE(f);
    fpe_epc = f->epc;
    fpe_fcsr = get_fcsr();
    set_fcsr(0);
    f->epc += 4;
}

#define TRAPD(insn, a, b, init, epcvar)                                                          \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile(".set push\n.set noreorder\n dmtc1 %2, $f2\n dmtc1 %3, $f4\n dmtc1 %4, $f0\n" \
                         LABEL_ADDR("%1") "1: " insn " $f0, $f2, $f4\n dmfc1 %0, $f0\n.set pop"   \
                         : "=&r"(r_), "=&r"(epcvar)                                              \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(init))         \
                         : "$f0", "$f2", "$f4");                                                 \
        r_;                                                                                     \
    })

static void test_fpe(void) {
    uint64_t e, r;
    exc_handler = fpe_handler;
    n_fpe = 0;
    set_fcsr(EN_I);
    r = TRAPD("div.d", D_1, D_3, 0x5555ull, e);
    chk("Inexact enabled: div.d 1/3 raises FPE", n_fpe, 1);
    chk("  ExcCode 15", fpe_code, EXC_FPE);
    chk("  EPC = the div.d", fpe_epc, e);
    report((fpe_fcsr & CA_MASK) == CA_I, "  Cause = I only (FCSR 0x%lx)", fpe_fcsr);
    report((fpe_fcsr & FL_I) == 0, "  Flag.I not set by a trapped exception");
    chk("  destination not written", r, 0x5555);

    n_fpe = 0;
    set_fcsr(EN_Z);
    r = TRAPD("div.d", D_1, D_0, 0x6666ull, e);
    chk("DivZero enabled: div.d 1/0 raises FPE", n_fpe, 1);
    report((fpe_fcsr & CA_MASK) == CA_Z, "  Cause = Z (FCSR 0x%lx)", fpe_fcsr);
    chk("  destination not written", r, 0x6666);
    chk("  EPC", fpe_epc, e);

    n_fpe = 0;
    set_fcsr(EN_Z);
    r = TRAPD("div.d", D_1, D_3, 0, e);
    chk("DivZero enabled, inexact result: no trap", n_fpe, 0);
    chk("  result written", r, 0x3FD5555555555555ull);
    chk_fcsr("  Flag.I set", FL_I, FL_I);

    n_fpe = 0;
    set_fcsr(EN_V);
    r = TRAPD("sub.d", D_INF, D_INF, 0x7777ull, e);
    chk("Invalid enabled: inf - inf raises FPE", n_fpe, 1);
    report((fpe_fcsr & CA_MASK) == CA_V, "  Cause = V (FCSR 0x%lx)", fpe_fcsr);
    chk("  destination not written", r, 0x7777);

    /* single precision, mul overflow with O enabled (bit 9) */
    n_fpe = 0;
    set_fcsr(1u << 9);
    uint64_t rs;
    __asm__ volatile(".set push\n.set noreorder\n mtc1 %2, $f2\n mtc1 %2, $f4\n mtc1 $0, $f0\n"
                     LABEL_ADDR("%1") "1: mul.s $f0, $f2, $f4\n mfc1 %0, $f0\n.set pop"
                     : "=&r"(rs), "=&r"(e) : "r"(0x7F000000ull) : "$f0", "$f2", "$f4");
    chk("Overflow enabled: mul.s 2^127 * 2^127 raises FPE", n_fpe, 1);
    report((fpe_fcsr & CA_O) != 0, "  Cause.O set (FCSR 0x%lx)", fpe_fcsr);
    chk("  destination not written", (uint32_t)rs, 0);

    /* CTC1 setting a Cause bit and its Enable traps at once (MIPS IV ISA, CTC1) */
    n_fpe = 0;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: ctc1 %1, $31\n nop\n.set pop"
                     : "=&r"(e) : "r"((uint64_t)(CA_I | EN_I)));
    chk("ctc1 with Cause.I and Enable.I: FPE", n_fpe, 1);
    chk("  EPC = the ctc1", fpe_epc, e);
    /* a trapping compare leaves the condition code alone */
    n_fpe = 0;
    set_fcsr(EN_V | FCC0);
    __asm__ volatile("dmtc1 %0, $f2\n dmtc1 %1, $f4\n c.lt.d $f2, $f4" ::"r"(D_QNAN), "r"(D_1) : "$f2", "$f4");
    chk("Invalid enabled: c.lt.d with a NaN raises FPE", n_fpe, 1);
    report((fpe_fcsr & FCC0) != 0, "  cc0 not written by the trapped compare (FCSR 0x%lx)", fpe_fcsr);
    set_fcsr(0);
    exc_handler = capture_handler;
}

static void test_fr_modes(void) {
    const uint64_t sr = MFC0(12);
    uint64_t r, lo, hi;
    static volatile uint64_t mem[2] __attribute__((aligned(16)));

    MTC0(12, sr & ~SR_FR);
    __asm__ volatile("mtc1 %1, $f0\n mtc1 %2, $f1\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(0x11112222ull), "r"(0x33334444ull) : "$f0", "$f1");
    chk("FR=0: mtc1 $f1 writes the high half of the $f0 pair", r, 0x3333444411112222ull);
    __asm__ volatile("sdc1 $f0, 0(%0)" ::"r"(mem) : "memory");
    chk("FR=0: sdc1 $f0 stores the pair", mem[0], 0x3333444411112222ull);
    __asm__ volatile("dmtc1 %2, $f2\n mfc1 %0, $f2\n mfc1 %1, $f3"
                     : "=&r"(lo), "=&r"(hi) : "r"(0x4000000000000001ull) : "$f2", "$f3");
    chk("FR=0: mfc1 $f2 = low word of the pair", lo, 1);
    chk("FR=0: mfc1 $f3 = high word of the pair", hi, 0x40000000);
    mem[1] = 0x3FF8000000000000ull; /* 1.5 */
    __asm__ volatile("ldc1 $f4, 8(%1)\n mfc1 %0, $f5" : "=r"(r) : "r"(mem) : "$f4", "$f5", "memory");
    chk("FR=0: ldc1 $f4 then mfc1 $f5 = high word", r, 0x3FF80000);
    __asm__ volatile("mtc1 %1, $f6\n mtc1 %2, $f7\n mtc1 $0, $f8\n mtc1 %3, $f9\n add.d $f10, $f6, $f8\n"
                     " dmfc1 %0, $f10"
                     : "=r"(r) : "r"(0ull), "r"(0x3FF80000ull), "r"(0x40020000ull)
                     : "$f6", "$f7", "$f8", "$f9", "$f10", "$f11");
    chk("FR=0: add.d on pairs built with mtc1 (1.5 + 2.25)", r, 0x400E000000000000ull);
    __asm__ volatile("lwc1 $f13, 8(%1)\n mtc1 $0, $f12\n dmfc1 %0, $f12"
                     : "=r"(r) : "r"(mem) : "$f12", "$f13", "memory");
    chk("FR=0: lwc1 $f13 loads the high half of $f12", r, 0x3FF8000000000000ull);
    MTC0(12, sr);

    /* FR=1: 32 independent 64-bit registers */
    __asm__ volatile("dmtc1 %1, $f0\n mtc1 %2, $f1\n dmfc1 %0, $f0"
                     : "=r"(r) : "r"(0x1234567887654321ull), "r"(0x99999999ull) : "$f0", "$f1");
    chk("FR=1: mtc1 $f1 leaves $f0 alone", r, 0x1234567887654321ull);
    __asm__ volatile("dmtc1 %1, $f1\n dmfc1 %0, $f1" : "=r"(r) : "r"(0xfedcba9876543210ull) : "$f1");
    chk("FR=1: $f1 holds 64 bits", r, 0xfedcba9876543210ull);
    __asm__ volatile("dmtc1 %1, $f3\n dmtc1 %2, $f5\n add.d $f1, $f3, $f5\n dmfc1 %0, $f1"
                     : "=r"(r) : "r"(0x3FF8000000000000ull), "r"(0x4002000000000000ull) : "$f1", "$f3", "$f5");
    chk("FR=1: add.d on odd registers", r, 0x400E000000000000ull);
    mem[0] = 0xaaaaaaaabbbbbbbbull;
    __asm__ volatile("lwc1 $f7, 4(%1)\n mfc1 %0, $f7" : "=r"(r) : "r"(mem) : "$f7", "memory");
    chk("FR=1: lwc1/mfc1 on an odd register", r, 0xffffffffbbbbbbbbull);
}

static void test_indexed(void) {
    static volatile uint64_t b[4] __attribute__((aligned(16))) = {0x1111111122222222ull, 0x3333333344444444ull,
                                                                   0x4005BF0A8B145769ull, 0};
    uint64_t r;
    __asm__ volatile("ldxc1 $f0, %1(%2)\n dmfc1 %0, $f0" : "=r"(r) : "r"(16ull), "r"(b) : "$f0", "memory");
    chk("ldxc1 base + 16", r, 0x4005BF0A8B145769ull);
    __asm__ volatile("ldxc1 $f0, %1(%2)\n dmfc1 %0, $f0" : "=r"(r) : "r"((uint64_t)b + 8), "r"(0ull)
                     : "$f0", "memory");
    chk("ldxc1 with the address in the index register", r, 0x3333333344444444ull);
    __asm__ volatile("dmtc1 %0, $f2\n sdxc1 $f2, %1(%2)" ::"r"(0x0123456789abcdefull), "r"(24ull), "r"(b)
                     : "$f2", "memory");
    chk("sdxc1 base + 24", b[3], 0x0123456789abcdefull);
    __asm__ volatile("lwxc1 $f4, %1(%2)\n mfc1 %0, $f4" : "=r"(r) : "r"(4ull), "r"(b) : "$f4", "memory");
    chk("lwxc1 base + 4 (low word of b[0], sign-extended by mfc1)", r, 0x22222222ull);
    __asm__ volatile("lwxc1 $f4, %1(%2)\n mfc1 %0, $f4" : "=r"(r) : "r"(8ull), "r"(b) : "$f4", "memory");
    chk("lwxc1 base + 8", r, 0x33333333ull);
    __asm__ volatile("mtc1 %0, $f6\n swxc1 $f6, %1(%2)" ::"r"(0xdeadbeefull), "r"(28ull), "r"(b) : "$f6", "memory");
    chk("swxc1 base + 28", b[3], 0x01234567deadbeefull);
    /* indexed accesses check alignment like the others */
    exc_reset();
    __asm__ volatile("ldxc1 $f0, %0(%1)" ::"r"(4ull), "r"(b) : "$f0", "memory");
    report(last.n == 1 && last.code == EXC_ADEL, "ldxc1 at base + 4: AdEL (code %lu)", last.code);
    chk("  BadVAddr", last.badvaddr, (uint64_t)b + 4);
    exc_reset();
    __asm__ volatile("swxc1 $f0, %0(%1)" ::"r"(2ull), "r"(b) : "$f0", "memory");
    report(last.n == 1 && last.code == EXC_ADES, "swxc1 at base + 2: AdES (code %lu)", last.code);
}

#define MADD3D(insn, fr, fs, ft)                                                                 \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("dmtc1 %1, $f2\n dmtc1 %2, $f4\n dmtc1 %3, $f6\n " insn " $f0, $f2, $f4, $f6\n" \
                         " dmfc1 %0, $f0"                                                       \
                         : "=r"(r_) : "r"((uint64_t)(fr)), "r"((uint64_t)(fs)), "r"((uint64_t)(ft))      \
                         : "$f0", "$f2", "$f4", "$f6");                                         \
        r_;                                                                                     \
    })
#define MADD3S(insn, fr, fs, ft)                                                                 \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile("mtc1 %1, $f2\n mtc1 %2, $f4\n mtc1 %3, $f6\n " insn " $f0, $f2, $f4, $f6\n" \
                         " mfc1 %0, $f0"                                                        \
                         : "=r"(r_) : "r"((uint64_t)(fr)), "r"((uint64_t)(fs)), "r"((uint64_t)(ft))      \
                         : "$f0", "$f2", "$f4", "$f6");                                         \
        (uint32_t)r_;                                                                           \
    })

static void test_madd(void) {
    /* x = 1 + 2^-30: x*x = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29 before the add, so
       x*x - 1 is 2^-29 unfused (0x3E20000000000000) and 2^-29 + 2^-60 fused (...200000). */
    const uint64_t x = 0x3FF0000000400000ull;
    set_fcsr(0);
    chk("madd.d x*x + -1 (unfused)", MADD3D("madd.d", D_M1, x, x), 0x3E20000000000000ull);
    chk("msub.d x*x - 1 (unfused)", MADD3D("msub.d", D_1, x, x), 0x3E20000000000000ull);
    chk("nmadd.d -(x*x + -1) (unfused)", MADD3D("nmadd.d", D_M1, x, x), 0xBE20000000000000ull);
    chk("nmsub.d -(x*x - 1) (unfused)", MADD3D("nmsub.d", D_1, x, x), 0xBE20000000000000ull);
    chk("madd.d 2*3 + 1 = 7", MADD3D("madd.d", D_1, D_2, D_3), 0x401C000000000000ull);
    chk("msub.d 2*3 - 1 = 5", MADD3D("msub.d", D_1, D_2, D_3), 0x4014000000000000ull);
    chk("nmadd.d -(2*3 + 1) = -7", MADD3D("nmadd.d", D_1, D_2, D_3), 0xC01C000000000000ull);
    chk("nmsub.d -(2*3 - 1) = -5", MADD3D("nmsub.d", D_1, D_2, D_3), 0xC014000000000000ull);
    /* single: y = 1 + 2^-12, y*y = 1 + 2^-11 + 2^-24 (a tie, to even: 1 + 2^-11) */
    const uint32_t y = 0x3F800800u;
    chk("madd.s y*y + -1 (unfused)", MADD3S("madd.s", S_M1, y, y), 0x3A000000u);
    chk("msub.s y*y - 1 (unfused)", MADD3S("msub.s", S_1, y, y), 0x3A000000u);
    chk("nmadd.s -(y*y + -1)", MADD3S("nmadd.s", S_M1, y, y), 0xBA000000u);
    chk("nmsub.s -(y*y - 1)", MADD3S("nmsub.s", S_1, y, y), 0xBA000000u);
    chk_fcsr("madd/msub: the rounded product set Inexact", FL_I, FL_I);
    set_fcsr(0);
}

static void test_fcsr_fir(void) {
    uint64_t fir;
    __asm__ volatile("cfc1 %0, $0" : "=r"(fir));
    chk("FIR (FCR0) implementation = 0x09", (fir >> 8) & 0xff, 0x09);
    set_fcsr(0xFE800F83u); /* cc7..1, cc0, all enables, RM = 3, no cause */
    chk("FCSR cc bits, enables and RM read back", get_fcsr(), 0xFE800F83u);
    set_fcsr(0x0100007Cu); /* FS and all flags */
    chk("FCSR FS and flags read back", get_fcsr(), 0x0100007Cu);
    set_fcsr(0);
    chk("FCSR cleared", get_fcsr(), 0);
}

static void test_bc1_delay_slot(void) {
    uint64_t br, t;
    exc_handler = capture_handler;
    set_fcsr(0);
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: bc1t 3f\n syscall\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall in the slot of an untaken bc1t: Sys (code %lu)", last.code);
    chk("  EPC = the bc1t", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "  Cause.BD set");
    set_fcsr(FCC0);
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: bc1t 3f\n syscall\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    chk("syscall in the slot of a taken bc1t: EPC = the bc1t", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "  Cause.BD set");
    set_fcsr(0);
}

int main(void) {
    exc_handler = capture_handler;
    test_fcsr_fir();
    test_arith();
    test_rounding();
    test_compare();
    test_branches_and_moves();
    test_fpe();
    test_fr_modes();
    test_indexed();
    test_madd();
    test_bc1_delay_slot();
    exc_handler = 0;
    return report_summary();
}
