/* Loads and stores (big-endian): sign/zero extension of LB/LBU/LH/LHU/LW/LWU/LD, SB/SH/SW/SD,
   LWL/LWR/LDL/LDR/SWL/SWR/SDL/SDR at every byte offset and the classic unaligned pairs,
   address errors on misaligned LH/LW/LD/SH/SW/SD (AdEL 4 / AdES 5, BadVAddr = the address,
   destination unchanged), LL/SC and LLD/SCD (success; failure after an ERET).
   Expected values by hand from the MIPS IV ISA (Rev 3.2) instruction descriptions. */
#include "isatest.h"

/* 16 bytes with mixed high bits, and room behind them */
static volatile uint8_t pat[32] __attribute__((aligned(16))) = {
    0x81, 0x12, 0xa3, 0x34, 0xc5, 0x56, 0xe7, 0x78, 0x09, 0x9a, 0x2b, 0xbc, 0x4d, 0xde, 0x6f, 0xf0,
};
static volatile uint64_t buf[4] __attribute__((aligned(16)));

#define LOAD(insn, base, off)                                                                   \
    ({                                                                                          \
        uint64_t r_;                                                                            \
        __asm__ volatile(ASM_BEGIN insn " %0, " #off "(%1)" ASM_END : "=r"(r_) : "r"(base) : "memory"); \
        r_;                                                                                     \
    })
/* load into a register that holds `init` first (partial loads merge into it) */
#define LOADM(insn, init, base, off)                                                            \
    ({                                                                                          \
        uint64_t r_ = (init);                                                                   \
        __asm__ volatile(ASM_BEGIN insn " %0, " #off "(%1)" ASM_END : "+r"(r_) : "r"(base) : "memory"); \
        r_;                                                                                     \
    })
#define STORE(insn, val, base, off)                                                             \
    __asm__ volatile(ASM_BEGIN insn " %0, " #off "(%1)" ASM_END ::"r"((uint64_t)(val)), "r"(base) : "memory")
/* an unaligned pair: two instructions into one register */
#define LOAD2(i1, o1, i2, o2, init, base)                                                        \
    ({                                                                                          \
        uint64_t r_ = (init);                                                                   \
        __asm__ volatile(ASM_BEGIN i1 " %0, " #o1 "(%1)\n" i2 " %0, " #o2 "(%1)" ASM_END          \
                         : "+r"(r_) : "r"(base) : "memory");                                    \
        r_;                                                                                     \
    })
#define STORE2(i1, o1, i2, o2, val, base)                                                        \
    __asm__ volatile(ASM_BEGIN i1 " %0, " #o1 "(%1)\n" i2 " %0, " #o2 "(%1)" ASM_END            \
                     ::"r"((uint64_t)(val)), "r"(base) : "memory")

static uint64_t ld(volatile void *p) { return LOAD("ld", p, 0); }
static void sd(volatile void *p, uint64_t v) { STORE("sd", v, p, 0); }

static void test_loads(void) {
    volatile uint8_t *p = pat;
    chk("lb 0x81", LOAD("lb", p, 0), 0xffffffffffffff81ull);
    chk("lbu 0x81", LOAD("lbu", p, 0), 0x81);
    chk("lb 0x12", LOAD("lb", p, 1), 0x12);
    chk("lbu 0x12", LOAD("lbu", p, 1), 0x12);
    chk("lb 0xf0 at +15", LOAD("lb", p, 15), 0xfffffffffffffff0ull);
    chk("lh 0x8112", LOAD("lh", p, 0), 0xffffffffffff8112ull);
    chk("lhu 0x8112", LOAD("lhu", p, 0), 0x8112);
    chk("lh 0xa334 at +2", LOAD("lh", p, 2), 0xffffffffffffa334ull);
    chk("lh 0x099a at +8", LOAD("lh", p, 8), 0x099a);
    chk("lhu 0xe778 at +6", LOAD("lhu", p, 6), 0xe778);
    chk("lw 0x8112a334", LOAD("lw", p, 0), 0xffffffff8112a334ull);
    chk("lwu 0x8112a334", LOAD("lwu", p, 0), 0x8112a334ull);
    chk("lw 0xc556e778 at +4", LOAD("lw", p, 4), 0xffffffffc556e778ull);
    chk("lw 0x099a2bbc at +8", LOAD("lw", p, 8), 0x099a2bbcull);
    chk("lwu 0x4dde6ff0 at +12", LOAD("lwu", p, 12), 0x4dde6ff0ull);
    chk("ld at +0", LOAD("ld", p, 0), 0x8112a334c556e778ull);
    chk("ld at +8", LOAD("ld", p, 8), 0x099a2bbc4dde6ff0ull);
    /* negative offsets */
    volatile uint8_t *q = p + 8;
    chk("lw -8(base+8)", LOAD("lw", q, -8), 0xffffffff8112a334ull);
    chk("lbu -1(base+8)", LOAD("lbu", q, -1), 0x78);
    chk("ld -8(base+8)", LOAD("ld", q, -8), 0x8112a334c556e778ull);
    /* the same bytes through other segments: kseg1 (uncached) and xkphys (cached, uncached) */
    uint64_t pa = (uint64_t)p & 0x1fffffffull;
    chk("lw via kseg1", LOAD("lw", SEG_KSEG1(pa), 0), 0xffffffff8112a334ull);
    chk("ld via xkphys cached (0x9800...)", LOAD("ld", SEG_XKPHYS_CACHED(pa), 8), 0x099a2bbc4dde6ff0ull);
    chk("ld via xkphys uncached (0x9000...)", LOAD("ld", SEG_XKPHYS_UNCACHED(pa), 0), 0x8112a334c556e778ull);
}

static void test_stores(void) {
    volatile uint64_t *b = buf;
    sd(b, 0);
    STORE("sb", 0x12345678abull, b, 3);
    chk("sb 0xab at +3", ld(b), 0x000000ab00000000ull);
    STORE("sb", 0xffull, b, 0);
    chk("sb 0xff at +0", ld(b), 0xff0000ab00000000ull);
    sd(b, 0);
    STORE("sh", 0x1234abcdull, b, 6);
    chk("sh 0xabcd at +6", ld(b), 0x000000000000abcdull);
    STORE("sh", 0x8001ull, b, 0);
    chk("sh 0x8001 at +0", ld(b), 0x800100000000abcdull);
    sd(b, 0);
    STORE("sw", 0x1122334455667788ull, b, 4);
    chk("sw stores the low word at +4", ld(b), 0x0000000055667788ull);
    STORE("sw", 0xffffffff80000001ull, b, 0);
    chk("sw 0x80000001 at +0", ld(b), 0x8000000155667788ull);
    STORE("sd", 0x0123456789abcdefull, b, 8);
    chk("sd / ld", LOAD("ld", b, 8), 0x0123456789abcdefull);
    chk("sd byte order: lbu +8", LOAD("lbu", b, 8), 0x01);
    chk("sd byte order: lbu +15", LOAD("lbu", b, 15), 0xef);
    chk("sd byte order: lhu +10", LOAD("lhu", b, 10), 0x4567);
    chk("sd byte order: lw +12", LOAD("lw", b, 12), 0xffffffff89abcdefull);
}

static void test_lwl_lwr(void) {
    volatile uint8_t *p = pat;
    const uint64_t pos = 0x0000000011223344ull, neg = 0xffffffff99aabbccull;
    chk("lwl +0 (whole word)", LOADM("lwl", pos, p, 0), 0xffffffff8112a334ull);
    chk("lwl +1", LOADM("lwl", pos, p, 1), 0x0000000012a33444ull);
    chk("lwl +2", LOADM("lwl", pos, p, 2), 0xffffffffa3343344ull);
    chk("lwl +3", LOADM("lwl", pos, p, 3), 0x0000000034223344ull);
    chk("lwl +1 into negative", LOADM("lwl", neg, p, 1), 0x0000000012a334ccull);
    chk("lwl +3 into negative", LOADM("lwl", neg, p, 3), 0x0000000034aabbccull);
    chk("lwr +0", LOADM("lwr", pos, p, 0), 0x0000000011223381ull);
    chk("lwr +1", LOADM("lwr", pos, p, 1), 0x0000000011228112ull);
    chk("lwr +2", LOADM("lwr", pos, p, 2), 0x00000000118112a3ull);
    chk("lwr +3 (whole word, sign-extended)", LOADM("lwr", pos, p, 3), 0xffffffff8112a334ull);
    chk("lwr +0 into negative", LOADM("lwr", neg, p, 0), 0xffffffff99aabb81ull);
    chk("lwr +2 into negative", LOADM("lwr", neg, p, 2), 0xffffffff998112a3ull);
    chk("lwr +7 (second word, whole)", LOADM("lwr", pos, p, 7), 0xffffffffc556e778ull);
    /* the classic unaligned word load: lwl addr; lwr addr+3 */
    chk("ulw at +1 (lwl 1 / lwr 4)", LOAD2("lwl", 1, "lwr", 4, 0, p), 0x0000000012a334c5ull);
    chk("ulw at +2 (lwl 2 / lwr 5)", LOAD2("lwl", 2, "lwr", 5, 0, p), 0xffffffffa334c556ull);
    chk("ulw at +3 (lwl 3 / lwr 6)", LOAD2("lwl", 3, "lwr", 6, 0, p), 0x0000000034c556e7ull);
    chk("ulw at +0 (lwl 0 / lwr 3)", LOAD2("lwl", 0, "lwr", 3, 0, p), 0xffffffff8112a334ull);
    chk("ulw at +1, lwr first (lwr 4 / lwl 1)", LOAD2("lwr", 4, "lwl", 1, 0, p), 0x0000000012a334c5ull);
}

static void test_ldl_ldr(void) {
    volatile uint8_t *p = pat;
    const uint64_t old = 0x0011223344556677ull;
    chk("ldl +0 (whole)", LOADM("ldl", old, p, 0), 0x8112a334c556e778ull);
    chk("ldl +1", LOADM("ldl", old, p, 1), 0x12a334c556e77877ull);
    chk("ldl +3", LOADM("ldl", old, p, 3), 0x34c556e778556677ull);
    chk("ldl +4", LOADM("ldl", old, p, 4), 0xc556e77844556677ull);
    chk("ldl +7", LOADM("ldl", old, p, 7), 0x7811223344556677ull);
    chk("ldr +0", LOADM("ldr", old, p, 0), 0x0011223344556681ull);
    chk("ldr +3", LOADM("ldr", old, p, 3), 0x001122338112a334ull);
    chk("ldr +4", LOADM("ldr", old, p, 4), 0x0011228112a334c5ull);
    chk("ldr +6", LOADM("ldr", old, p, 6), 0x008112a334c556e7ull);
    chk("ldr +7 (whole)", LOADM("ldr", old, p, 7), 0x8112a334c556e778ull);
    chk("uld at +5 (ldl 5 / ldr 12)", LOAD2("ldl", 5, "ldr", 12, 0, p), 0x56e778099a2bbc4dull);
    chk("uld at +1 (ldl 1 / ldr 8)", LOAD2("ldl", 1, "ldr", 8, 0, p), 0x12a334c556e77809ull);
    chk("uld at +7 (ldl 7 / ldr 14)", LOAD2("ldl", 7, "ldr", 14, 0, p), 0x78099a2bbc4dde6full);
    chk("uld at +0 (ldl 0 / ldr 7)", LOAD2("ldl", 0, "ldr", 7, 0, p), 0x8112a334c556e778ull);
}

static void test_swl_swr(void) {
    volatile uint64_t *b = buf;
    const uint64_t init = 0xaabbccddeeff0011ull, v = 0xffffffff11223344ull;
    static const uint64_t swl_exp[4] = {0x11223344eeff0011ull, 0xaa112233eeff0011ull,
                                        0xaabb1122eeff0011ull, 0xaabbcc11eeff0011ull};
    static const uint64_t swr_exp[4] = {0x44bbccddeeff0011ull, 0x3344ccddeeff0011ull,
                                        0x223344ddeeff0011ull, 0x11223344eeff0011ull};
    sd(b, init); STORE("swl", v, b, 0); chk("swl +0", ld(b), swl_exp[0]);
    sd(b, init); STORE("swl", v, b, 1); chk("swl +1", ld(b), swl_exp[1]);
    sd(b, init); STORE("swl", v, b, 2); chk("swl +2", ld(b), swl_exp[2]);
    sd(b, init); STORE("swl", v, b, 3); chk("swl +3", ld(b), swl_exp[3]);
    sd(b, init); STORE("swr", v, b, 0); chk("swr +0", ld(b), swr_exp[0]);
    sd(b, init); STORE("swr", v, b, 1); chk("swr +1", ld(b), swr_exp[1]);
    sd(b, init); STORE("swr", v, b, 2); chk("swr +2", ld(b), swr_exp[2]);
    sd(b, init); STORE("swr", v, b, 3); chk("swr +3", ld(b), swr_exp[3]);
    sd(b, init); STORE("swl", v, b, 5); chk("swl +5 (second word)", ld(b), 0xaabbccddee112233ull);
    sd(b, init); STORE("swr", v, b, 6); chk("swr +6 (second word)", ld(b), 0xaabbccdd22334411ull);
    /* the classic unaligned word store: swl addr; swr addr+3 */
    sd(b, init); STORE2("swl", 1, "swr", 4, 0x12345678ull, b);
    chk("usw 0x12345678 at +1", ld(b), 0xaa12345678ff0011ull);
    sd(b, init); STORE2("swl", 3, "swr", 6, 0x87654321ull, b);
    chk("usw 0x87654321 at +3", ld(b), 0xaabbcc8765432111ull);
}

static void test_sdl_sdr(void) {
    volatile uint64_t *b = buf;
    const uint64_t init = 0xa0a1a2a3a4a5a6a7ull, v = 0x0102030405060708ull;
    sd(b, init); STORE("sdl", v, b, 0); chk("sdl +0", ld(b), 0x0102030405060708ull);
    sd(b, init); STORE("sdl", v, b, 1); chk("sdl +1", ld(b), 0xa001020304050607ull);
    sd(b, init); STORE("sdl", v, b, 3); chk("sdl +3", ld(b), 0xa0a1a20102030405ull);
    sd(b, init); STORE("sdl", v, b, 7); chk("sdl +7", ld(b), 0xa0a1a2a3a4a5a601ull);
    sd(b, init); STORE("sdr", v, b, 0); chk("sdr +0", ld(b), 0x08a1a2a3a4a5a6a7ull);
    sd(b, init); STORE("sdr", v, b, 4); chk("sdr +4", ld(b), 0x0405060708a5a6a7ull);
    sd(b, init); STORE("sdr", v, b, 6); chk("sdr +6", ld(b), 0x02030405060708a7ull);
    sd(b, init); STORE("sdr", v, b, 7); chk("sdr +7", ld(b), 0x0102030405060708ull);
    /* usd at +3: sdl 3; sdr 10 */
    sd(b, init); sd(b + 1, init);
    STORE2("sdl", 3, "sdr", 10, 0x1122334455667788ull, b);
    chk("usd at +3: first dword", ld(b), 0xa0a1a21122334455ull);
    chk("usd at +3: second dword", ld(b + 1), 0x667788a3a4a5a6a7ull);
}

/* A misaligned access: returns the destination register (it holds 0x5a5a... before). */
#define BAD_LOAD(insn, base, off, epcvar)                                                       \
    ({                                                                                          \
        uint64_t r_ = 0x5a5a5a5a5a5a5a5aull;                                                    \
        __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: " insn " %0, " #off "(%2)\n.set pop" \
                         : "+r"(r_), "=&r"(epcvar) : "r"(base) : "memory");                     \
        r_;                                                                                     \
    })
#define BAD_STORE(insn, val, base, off, epcvar)                                                 \
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: " insn " %1, " #off "(%2)\n.set pop" \
                     : "=&r"(epcvar) : "r"((uint64_t)(val)), "r"(base) : "memory")

static void check_adel(const char *what, uint64_t rt, uint64_t epc, uint64_t addr, unsigned code) {
    report(last.n == 1 && last.code == code, "%s: one exception, ExcCode %lu (expected %u)", what,
           last.code, code);
    report(last.badvaddr == addr, "%s: BadVAddr 0x%lx (expected 0x%lx)", what, last.badvaddr, addr);
    report(last.epc == epc, "%s: EPC 0x%lx (expected 0x%lx)", what, last.epc, epc);
    report((last.cause & CAUSE_BD) == 0, "%s: Cause.BD clear", what);
    if (code == EXC_ADEL) report(rt == 0x5a5a5a5a5a5a5a5aull, "%s: destination not written (0x%lx)", what, rt);
}

static void test_address_errors(void) {
    volatile uint8_t *p = pat;
    uint64_t epc, rt;
    const uint64_t a = (uint64_t)p;
    exc_handler = capture_handler;

    exc_reset(); rt = BAD_LOAD("lw", p, 1, epc); check_adel("lw at +1", rt, epc, a + 1, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("lw", p, 2, epc); check_adel("lw at +2", rt, epc, a + 2, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("lwu", p, 3, epc); check_adel("lwu at +3", rt, epc, a + 3, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("lh", p, 1, epc); check_adel("lh at +1", rt, epc, a + 1, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("lhu", p, 7, epc); check_adel("lhu at +7", rt, epc, a + 7, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("ld", p, 4, epc); check_adel("ld at +4", rt, epc, a + 4, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("ld", p, 1, epc); check_adel("ld at +1", rt, epc, a + 1, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("ll", p, 2, epc); check_adel("ll at +2", rt, epc, a + 2, EXC_ADEL);
    exc_reset(); rt = BAD_LOAD("lld", p, 4, epc); check_adel("lld at +4", rt, epc, a + 4, EXC_ADEL);

    volatile uint64_t *b = buf;
    const uint64_t ba = (uint64_t)b;
    sd(b, 0x1111111111111111ull);
    sd(b + 1, 0x2222222222222222ull);
    exc_reset(); BAD_STORE("sw", 0xdeadbeefull, b, 2, epc); check_adel("sw at +2", 0, epc, ba + 2, EXC_ADES);
    exc_reset(); BAD_STORE("sh", 0xbeefull, b, 1, epc); check_adel("sh at +1", 0, epc, ba + 1, EXC_ADES);
    exc_reset(); BAD_STORE("sd", 0xdeadbeefull, b, 4, epc); check_adel("sd at +4", 0, epc, ba + 4, EXC_ADES);
    exc_reset(); BAD_STORE("sd", 0xdeadbeefull, b, 12, epc); check_adel("sd at +12", 0, epc, ba + 12, EXC_ADES);
    chk("memory untouched by the faulting stores (dword 0)", ld(b), 0x1111111111111111ull);
    chk("memory untouched by the faulting stores (dword 1)", ld(b + 1), 0x2222222222222222ull);
    /* byte accesses and the unaligned-load instructions never fault on alignment */
    exc_reset();
    (void)LOAD("lb", p, 3);
    (void)LOADM("lwl", 0, p, 3);
    (void)LOADM("ldr", 0, p, 5);
    STORE("sb", 0, b, 7);
    STORE("swr", 0, b, 9);
    report(last.n == 0, "lb/lwl/ldr/sb/swr at odd addresses raise nothing (%u exceptions)", last.n);
    exc_handler = 0;
}

static void test_llsc(void) {
    volatile uint64_t *b = buf;
    const uint64_t ba = (uint64_t)b;
    uint64_t v, ok;
    exc_handler = capture_handler;

    sd(b, 0x8000000012345678ull);
    __asm__ volatile(ASM_BEGIN "ll %0, 0(%2)\n addiu %1, %0, 1\n sc %1, 0(%2)" ASM_END
                     : "=&r"(v), "=&r"(ok) : "r"(b) : "memory");
    chk("ll loads the sign-extended word", v, 0xffffffff80000000ull);
    chk("sc after ll succeeds (rt = 1)", ok, 1);
    chk("sc stored the word", ld(b), 0x8000000112345678ull);

    sd(b, 0x0000000500000000ull);
    exc_reset();
    __asm__ volatile(ASM_BEGIN "ll %0, 0(%2)\n syscall\n li %1, 0x77\n sc %1, 0(%2)" ASM_END
                     : "=&r"(v), "=&r"(ok) : "r"(b) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall between ll and sc taken (code %lu)", last.code);
    chk("ll before syscall loads 5", v, 5);
    chk("sc after an eret fails (rt = 0)", ok, 0);
    chk("failed sc leaves memory", ld(b), 0x0000000500000000ull);

    sd(b + 1, 0xfedcba9876543210ull);
    __asm__ volatile(ASM_BEGIN "lld %0, 8(%2)\n daddiu %1, %0, 0x10\n scd %1, 8(%2)" ASM_END
                     : "=&r"(v), "=&r"(ok) : "r"(b) : "memory");
    chk("lld loads the doubleword", v, 0xfedcba9876543210ull);
    chk("scd after lld succeeds (rt = 1)", ok, 1);
    chk("scd stored the doubleword", ld(b + 1), 0xfedcba9876543220ull);

    exc_reset();
    __asm__ volatile(ASM_BEGIN "lld %0, 8(%2)\n syscall\n daddiu %1, %0, 1\n scd %1, 8(%2)" ASM_END
                     : "=&r"(v), "=&r"(ok) : "r"(b) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall between lld and scd taken (code %lu)", last.code);
    chk("scd after an eret fails (rt = 0)", ok, 0);
    chk("failed scd leaves memory", ld(b + 1), 0xfedcba9876543220ull);

    /* an atomic increment loop as compilers write it */
    sd(b, 0x0000000700000000ull);
    unsigned tries = 0;
    __asm__ volatile(".set push\n.set noreorder\n"
                     "1: ll %0, 0(%2)\n addiu %0, %0, 3\n sc %0, 0(%2)\n beqz %0, 1b\n addiu %1, %1, 1\n"
                     ".set pop"
                     : "=&r"(v), "+r"(tries) : "r"(b) : "memory");
    chk("ll/sc loop: word incremented", ld(b), 0x0000000a00000000ull);
    chk("ll/sc loop: one pass", tries, 1);
    (void)ba;
    exc_handler = 0;
}

int main(void) {
    test_loads();
    test_stores();
    test_lwl_lwr();
    test_ldl_ldr();
    test_swl_swr();
    test_sdl_sdr();
    test_address_errors();
    test_llsc();
    return report_summary();
}
