/* isa_probe.c - which MIPS IV (R10000) instructions does a peer emulator
 * implement, and does it get them right? Each probe runs with resumable traps
 * (plat_trap_resume), so an unimplemented instruction prints "TRAP exc=N"
 * (10 = reserved instruction, 11 = coprocessor unusable) instead of ending
 * the run. Output lines: "<name> ok" | "<name> TRAP exc=N" | "<name> BAD ...".
 * Exit status = number of non-ok probes. */
#include "platform.h"

#define ASM(...) __asm__ volatile(".set push\n\t.set mips4\n\t" __VA_ARGS__)

typedef union { double d; uint64_t u; } du;
typedef union { float f; uint32_t u; } fu;

static volatile double vd[4] = { 1.5, 2.0, 0.25, 4.0 };
static volatile float vf[4] = { 1.5f, 2.0f, 0.25f, 4.0f };
static uint64_t mem[4] __attribute__((aligned(16)));
static int bad;

static void report(const char *name, uint64_t got, uint64_t want, uint64_t cause)
{
    plat_puts(name);
    if (cause) {
        plat_puts(" TRAP exc=");
        plat_putdec(PLAT_EXCCODE(cause));
        bad++;
    } else if (got != want) {
        plat_puts(" BAD got=");
        plat_puthex(got);
        plat_puts(" want=");
        plat_puthex(want);
        bad++;
    } else {
        plat_puts(" ok");
    }
    plat_putc('\n');
}

/* GXemul stops the whole emulation on an instruction it does not know
 * instead of raising Reserved Instruction, so -DPROBE_ONLY=k runs only the
 * k-th probe (0-based) to survey it one instruction at a time. */
static int probe_index;
#ifdef PROBE_ONLY
#define PROBE_SELECTED() (probe_index++ == PROBE_ONLY)
#else
#define PROBE_SELECTED() (probe_index++, 1)
#endif

#define PROBE(name, want, ...)                                       \
    if (PROBE_SELECTED()) {                                          \
        uint64_t r = 0;                                              \
        plat_trap_cause = 0;                                         \
        __VA_ARGS__;                                                 \
        report(name, r, (uint64_t)(want), plat_trap_cause);          \
    }

static uint64_t dbits(double d) { du x = { d }; return x.u; }
static uint64_t fbits(float f) { fu x = { f }; return x.u; }

int main(void)
{
    double a = vd[0], b = vd[1], c = vd[2], four = vd[3];
    float as = vf[0], bs = vf[1], cs = vf[2], fours = vf[3];
    plat_trap_resume = 1;

    /* ---- integer MIPS IV ---- */
    PROBE("movn", 7, { uint64_t t = 5; ASM("movn %0, %1, %2\n\t.set pop" : "+r"(t) : "r"(7ull), "r"(1ull)); r = t; });
    PROBE("movz", 7, { uint64_t t = 5; ASM("movz %0, %1, $0\n\t.set pop" : "+r"(t) : "r"(7ull)); r = t; });
    PROBE("pref", 0, { ASM("pref 0, 0(%0)\n\t.set pop" : : "r"(mem)); });
    /* c.lt.d on cc1 (true), then movt/movf conditional on $fcc1 */
    PROBE("c.lt.d cc1+movt", 9, { uint64_t t = 1; ASM("c.lt.d $fcc1, %1, %2\n\tmovt %0, %3, $fcc1\n\t.set pop" : "+r"(t) : "f"(a), "f"(b), "r"(9ull)); r = t; });
    PROBE("movf", 1, { uint64_t t = 1; ASM("c.lt.d $fcc2, %1, %2\n\tmovf %0, %3, $fcc2\n\t.set pop" : "+r"(t) : "f"(a), "f"(b), "r"(9ull)); r = t; });
    PROBE("fcsr fcc bits", (1u << 25) | (1u << 26) | (1u << 30), {
        uint32_t f; ASM("ctc1 $0, $31\n\tc.lt.d $fcc1, %1, %2\n\tc.lt.d $fcc2, %1, %2\n\tc.lt.d $fcc6, %1, %2\n\tc.lt.d $fcc0, %2, %1\n\tcfc1 %0, $31\n\t.set pop" : "=r"(f) : "f"(a), "f"(b)); r = f; });
    PROBE("bc1t cc7", 1, { uint64_t t = 0; ASM(".set noreorder\n\tc.eq.d $fcc7, %1, %1\n\tbc1t $fcc7, 1f\n\tnop\n\tb 2f\n\tnop\n1:\tli %0, 1\n2:\n\t.set pop" : "+r"(t) : "f"(a)); r = t; });
    PROBE("ll/sc", 0x1234 + 1, { uint64_t ok; mem[0] = 0x1234; ASM("ll %0, 4(%1)\n\taddiu %0, %0, 1\n\tsc %0, 4(%1)\n\t.set pop" : "=&r"(ok) : "r"(mem) : "memory"); r = ok ? mem[0] : 0; });
    PROBE("lld/scd", 0x5555, { uint64_t ok; mem[1] = 0x5554; ASM("lld %0, 0(%1)\n\tdaddiu %0, %0, 1\n\tscd %0, 0(%1)\n\t.set pop" : "=&r"(ok) : "r"(&mem[1]) : "memory"); r = ok ? mem[1] : 0; });
    PROBE("ldl/ldr", 0x2233445566778899ull, { mem[0] = 0x1122334455667788ull; mem[1] = 0x99aabbccddeeff00ull; uint64_t t;
        ASM("ldl %0, 1(%1)\n\tldr %0, 8(%1)\n\t.set pop" : "=&r"(t) : "r"(mem)); r = t; });
    PROBE("dmultu hi", 0x1, { uint64_t hi; ASM("dmultu %1, %1\n\tmfhi %0\n\t.set pop" : "=r"(hi) : "r"(1ull << 32) : "hi", "lo"); r = hi; });
    PROBE("ddiv", (uint64_t)-3, { uint64_t lo; ASM("ddiv $0, %1, %2\n\tmflo %0\n\t.set pop" : "=r"(lo) : "r"(-7ll), "r"(2ll) : "hi", "lo"); r = lo; });

    /* ---- COP1X (opcode 0x13): indexed FP memory + multiply-add ---- */
    PROBE("ldxc1", dbits(1.5), { double t; ASM("ldxc1 %0, %1(%2)\n\t.set pop" : "=f"(t) : "r"(0ull), "r"(&vd[0])); r = dbits(t); });
    PROBE("lwxc1", fbits(2.0f), { float t; ASM("lwxc1 %0, %1(%2)\n\t.set pop" : "=f"(t) : "r"(4ull), "r"(&vf[0])); r = fbits(t); });
    PROBE("sdxc1", dbits(2.0), { mem[2] = 0; ASM("sdxc1 %0, %1(%2)\n\t.set pop" : : "f"(b), "r"(16ull), "r"(mem) : "memory"); r = mem[2]; });
    PROBE("swxc1", (uint64_t)fbits(0.25f) << 32, { mem[3] = 0; ASM("swxc1 %0, %1(%2)\n\t.set pop" : : "f"(cs), "r"(24ull), "r"(mem) : "memory"); r = mem[3]; });
    PROBE("prefx", 0, { ASM("prefx 0, %0(%1)\n\t.set pop" : : "r"(8ull), "r"(mem)); });
    PROBE("madd.d", dbits(3.25), { double t; ASM("madd.d %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(c), "f"(a), "f"(b)); r = dbits(t); });
    PROBE("msub.d", dbits(2.75), { double t; ASM("msub.d %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(c), "f"(a), "f"(b)); r = dbits(t); });
    PROBE("nmadd.d", dbits(-3.25), { double t; ASM("nmadd.d %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(c), "f"(a), "f"(b)); r = dbits(t); });
    PROBE("nmsub.d", dbits(-2.75), { double t; ASM("nmsub.d %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(c), "f"(a), "f"(b)); r = dbits(t); });
    PROBE("madd.s", fbits(3.25f), { float t; ASM("madd.s %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(cs), "f"(as), "f"(bs)); r = fbits(t); });
    /* R10000/MIPS IV madd is NOT fused: (1+2^-30)(1-2^-30) = 1-2^-60 rounds to
     * 1.0 before the add, so the result must be +0.0 (fused would be -2^-60). */
    {
        volatile double x = 1.0 + 0x1p-30, y = 1.0 - 0x1p-30, m1 = -1.0;
        PROBE("madd.d unfused", dbits(0.0), { double t; double xx = x, yy = y, mm = m1;
            ASM("madd.d %0, %1, %2, %3\n\t.set pop" : "=f"(t) : "f"(mm), "f"(xx), "f"(yy)); r = dbits(t); });
    }

    /* ---- COP1 MIPS IV additions ---- */
    PROBE("recip.d", dbits(0.25), { double t; ASM("recip.d %0, %1\n\t.set pop" : "=f"(t) : "f"(four)); r = dbits(t); });
    PROBE("rsqrt.d", dbits(0.5), { double t; ASM("rsqrt.d %0, %1\n\t.set pop" : "=f"(t) : "f"(four)); r = dbits(t); });
    PROBE("recip.s", fbits(0.25f), { float t; ASM("recip.s %0, %1\n\t.set pop" : "=f"(t) : "f"(fours)); r = fbits(t); });
    PROBE("rsqrt.s", fbits(0.5f), { float t; ASM("rsqrt.s %0, %1\n\t.set pop" : "=f"(t) : "f"(fours)); r = fbits(t); });
    PROBE("movt.d cc3", dbits(2.0), { double t = a; ASM("c.lt.d $fcc3, %1, %2\n\tmovt.d %0, %2, $fcc3\n\t.set pop" : "+f"(t) : "f"(a), "f"(b)); r = dbits(t); });
    PROBE("movf.d cc4", dbits(1.5), { double t = a; ASM("c.lt.d $fcc4, %1, %2\n\tmovf.d %0, %2, $fcc4\n\t.set pop" : "+f"(t) : "f"(a), "f"(b)); r = dbits(t); });
    PROBE("movn.d", dbits(2.0), { double t = a; ASM("movn.d %0, %1, %2\n\t.set pop" : "+f"(t) : "f"(b), "r"(1ull)); r = dbits(t); });
    PROBE("movz.s", fbits(2.0f), { float t = as; ASM("movz.s %0, %1, $0\n\t.set pop" : "+f"(t) : "f"(bs)); r = fbits(t); });

    /* ---- MIPS III FPU details that matter with FR=1 ---- */
    PROBE("dmtc1 odd $f1", 0x0123456789abcdefull, { uint64_t t; ASM("dmtc1 %1, $f1\n\tdmfc1 %0, $f1\n\t.set pop" : "=r"(t) : "r"(0x0123456789abcdefull) : "$f1"); r = t; });
    PROBE("cvt.l.d RN", (uint64_t)-4, { double t; du x; ASM("cvt.l.d %0, %1\n\t.set pop" : "=f"(t) : "f"(-3.5)); x.d = t; r = x.u; });
    PROBE("trunc.l.d", (uint64_t)-3, { double t; du x; ASM("trunc.l.d %0, %1\n\t.set pop" : "=f"(t) : "f"(-3.7)); x.d = t; r = x.u; });
    PROBE("cvt.d.l", dbits(-5.0), { double t; ASM("dmtc1 %1, %0\n\tcvt.d.l %0, %0\n\t.set pop" : "=f"(t) : "r"(-5ll)); r = dbits(t); });
    PROBE("div.d 1/0 fcsr", 0x00008020, { uint32_t f; double t; ASM("ctc1 $0, $31\n\tdiv.d %1, %2, %3\n\tcfc1 %0, $31\n\t.set pop" : "=r"(f), "=f"(t) : "f"(a), "f"(0.0)); r = f; });
    PROBE("sqrt.s", fbits(2.0f), { float t; ASM("sqrt.s %0, %1\n\t.set pop" : "=f"(t) : "f"(fours)); r = fbits(t); });
    __asm__ volatile("ctc1 $0, $31");

    plat_trap_resume = 0;
    plat_puts("probes not ok: ");
    plat_putdec(bad);
    plat_putc('\n');
    return bad;
}
