/* Integer ALU: 32-bit results sign-extended, 64-bit arithmetic, shifts (immediate, +32 and
   variable forms using the low 5/6 bits of rs), set-on-less-than with sign-extended
   immediates, zero-extended logical immediates, LUI, MOVN/MOVZ, multiply/divide into HI/LO.
   Expected values computed by hand from the MIPS IV ISA (Rev 3.2) instruction descriptions. */
#include "isatest.h"

/* rd = insn(rs, rt) */
#define R3(insn, a, b)                                                                   \
    ({                                                                                   \
        uint64_t r_;                                                                     \
        __asm__ volatile(ASM_BEGIN insn " %0, %1, %2" ASM_END : "=r"(r_) : "r"((uint64_t)(a)), \
                         "r"((uint64_t)(b)));                                            \
        r_;                                                                              \
    })
/* rt = insn(rs, imm) ; also shifts rd = insn(rt, sa) */
#define RI(insn, a, imm)                                                                \
    ({                                                                                  \
        uint64_t r_;                                                                    \
        __asm__ volatile(ASM_BEGIN insn " %0, %1, " #imm ASM_END : "=r"(r_) : "r"((uint64_t)(a))); \
        r_;                                                                             \
    })
/* variable shifts: rd = insn(rt, rs) */
#define RV(insn, t, s) R3(insn, t, s)
/* LUI */
#define LUI(imm)                                                                  \
    ({                                                                            \
        uint64_t r_;                                                              \
        __asm__ volatile(ASM_BEGIN "lui %0, " #imm ASM_END : "=r"(r_));           \
        r_;                                                                       \
    })

/* HI/LO after insn rs, rt (mult family, div family: `div $0, rs, rt` is the raw instruction) */
struct hilo {
    uint64_t hi, lo;
};
#define MD(insn, a, b)                                                                      \
    ({                                                                                      \
        struct hilo h_;                                                                     \
        __asm__ volatile(ASM_BEGIN insn " %2, %3\n mfhi %0\n mflo %1" ASM_END                \
                         : "=&r"(h_.hi), "=&r"(h_.lo)                                       \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)));                         \
        h_;                                                                                 \
    })
#define DV(insn, a, b)                                                                      \
    ({                                                                                      \
        struct hilo h_;                                                                     \
        __asm__ volatile(ASM_BEGIN insn " $0, %2, %3\n mfhi %0\n mflo %1" ASM_END            \
                         : "=&r"(h_.hi), "=&r"(h_.lo)                                       \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)));                         \
        h_;                                                                                 \
    })

/* conditional move: start rd = init, then insn rd, rs, rt */
#define CMOV(insn, init, s, t)                                                            \
    ({                                                                                    \
        uint64_t r_ = (init);                                                             \
        __asm__ volatile(ASM_BEGIN insn " %0, %1, %2" ASM_END : "+r"(r_) : "r"((uint64_t)(s)), \
                         "r"((uint64_t)(t)));                                             \
        r_;                                                                               \
    })

static void chk_hilo(const char *what, struct hilo got, uint64_t hi, uint64_t lo) {
    report(got.hi == hi && got.lo == lo, "%s: hi 0x%lx lo 0x%lx (expected hi 0x%lx lo 0x%lx)", what,
           got.hi, got.lo, hi, lo);
}

static void test_add32(void) {
    chk("addu 0x7fffffff + 1", R3("addu", 0x7fffffffull, 1), 0xffffffff80000000ull);
    chk("addu -1 + 1", R3("addu", -1ll, 1), 0);
    chk("addu 0x7fffffff + 0x7fffffff", R3("addu", 0x7fffffffull, 0x7fffffffull), 0xfffffffffffffffeull);
    chk("addu 0x80000000 + 0x80000000 (carry out lost)", R3("addu", 0xffffffff80000000ull, 0xffffffff80000000ull), 0);
    chk("addu 0xffffffff + 0xffffffff", R3("addu", -1ll, -1ll), 0xfffffffffffffffeull);
    chk("subu 0 - 1", R3("subu", 0, 1), 0xffffffffffffffffull);
    chk("subu 0x80000000 - 1", R3("subu", 0xffffffff80000000ull, 1), 0x7fffffffull);
    chk("subu 1 - 0x80000000", R3("subu", 1, 0xffffffff80000000ull), 0xffffffff80000001ull);
    chk("addiu 0x7fffffff + 1", RI("addiu", 0x7fffffffull, 1), 0xffffffff80000000ull);
    chk("addiu 5 + 0xffff (-1)", RI("addiu", 5, -1), 4);
    chk("addiu 0 + 0x8000 (-32768)", RI("addiu", 0, -32768), 0xffffffffffff8000ull);
    chk("addiu 0 + 0x7fff", RI("addiu", 0, 32767), 0x7fff);
    chk("addiu 0x7fff8000 + 0x7fff", RI("addiu", 0x7fff8000ull, 32767), 0x7fffffffull);
    chk("addiu 0x7fff8001 + 0x7fff", RI("addiu", 0x7fff8001ull, 32767), 0xffffffff80000000ull);
    chk("add 5 + -3", R3("add", 5, -3ll), 2);
    chk("add -1 + -1", R3("add", -1ll, -1ll), 0xfffffffffffffffeull);
    chk("add 0x7ffffffe + 1", R3("add", 0x7ffffffeull, 1), 0x7fffffffull);
    chk("addi 10 + -20", RI("addi", 10, -20), 0xfffffffffffffff6ull);
    chk("addi 0xffffffff80000001 + -1", RI("addi", 0xffffffff80000001ull, -1), 0xffffffff80000000ull);
    chk("sub 3 - 5", R3("sub", 3, 5), 0xfffffffffffffffeull);
    chk("sub 0x80000001 - 1", R3("sub", 0xffffffff80000001ull, 1), 0xffffffff80000000ull);
}

static void test_add64(void) {
    chk("daddu 0x7fffffffffffffff + 1", R3("daddu", 0x7fffffffffffffffull, 1), 0x8000000000000000ull);
    chk("daddu 0xffffffff + 1 (no sign extension)", R3("daddu", 0xffffffffull, 1), 0x100000000ull);
    chk("daddu -1 + -1", R3("daddu", -1ll, -1ll), 0xfffffffffffffffeull);
    chk("daddu 0x123456789 + 0x987654321", R3("daddu", 0x123456789ull, 0x987654321ull), 0xaaaaaaaaaull);
    chk("daddiu 0xffffffff + 1", RI("daddiu", 0xffffffffull, 1), 0x100000000ull);
    chk("daddiu 0 + 0xffff (-1)", RI("daddiu", 0, -1), 0xffffffffffffffffull);
    chk("daddiu 0x100000000 + -1", RI("daddiu", 0x100000000ull, -1), 0xffffffffull);
    chk("daddiu 0x7fffffff + 0x7fff", RI("daddiu", 0x7fffffffull, 32767), 0x80007ffeull);
    chk("dsubu 0 - 1", R3("dsubu", 0, 1), 0xffffffffffffffffull);
    chk("dsubu 0x100000000 - 1", R3("dsubu", 0x100000000ull, 1), 0xffffffffull);
    chk("dsubu 0x8000000000000000 - 1", R3("dsubu", 0x8000000000000000ull, 1), 0x7fffffffffffffffull);
    chk("dadd 0x123456789 + 0x987654321", R3("dadd", 0x123456789ull, 0x987654321ull), 0xaaaaaaaaaull);
    chk("dadd 0x7fffffff + 1 (no 32-bit overflow)", R3("dadd", 0x7fffffffull, 1), 0x80000000ull);
    chk("dadd -5 + 3", R3("dadd", -5ll, 3), 0xfffffffffffffffeull);
    chk("dsub 0x100000000 - 1", R3("dsub", 0x100000000ull, 1), 0xffffffffull);
    chk("dsub 0 - 0x7fffffffffffffff", R3("dsub", 0, 0x7fffffffffffffffull), 0x8000000000000001ull);
    chk("daddi 0x8000000000000000 + 1", RI("daddi", 0x8000000000000000ull, 1), 0x8000000000000001ull);
    chk("daddi 0xffffffff + 1", RI("daddi", 0xffffffffull, 1), 0x100000000ull);
    chk("daddi 0 + -32768", RI("daddi", 0, -32768), 0xffffffffffff8000ull);
}

static void test_logic(void) {
    chk("and", R3("and", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull), 0x0f000f000f000f00ull);
    chk("or", R3("or", 0xf0, 0x0f00000000000000ull), 0x0f000000000000f0ull);
    chk("xor", R3("xor", -1ll, 0x0123456789abcdefull), 0xfedcba9876543210ull);
    chk("nor 0, 0", R3("nor", 0, 0), 0xffffffffffffffffull);
    chk("nor", R3("nor", 0xf0f0f0f0f0f0f0f0ull, 0x0f0f0f0f00000000ull), 0x000000000f0f0f0full);
    chk("andi -1 & 0x8000 (zero-extended)", RI("andi", -1ll, 0x8000), 0x8000);
    chk("andi -1 & 0xffff", RI("andi", -1ll, 0xffff), 0xffff);
    chk("andi 0x12345678 & 0xf0f0", RI("andi", 0x12345678ull, 0xf0f0), 0x5070);
    chk("ori 0 | 0xffff", RI("ori", 0, 0xffff), 0xffff);
    chk("ori 0xffffffff00000000 | 0x8001", RI("ori", 0xffffffff00000000ull, 0x8001), 0xffffffff00008001ull);
    chk("xori -1 ^ 0xffff", RI("xori", -1ll, 0xffff), 0xffffffffffff0000ull);
    chk("xori 0x8000 ^ 0x8000", RI("xori", 0x8000, 0x8000), 0);
    chk("lui 0x8000", LUI(0x8000), 0xffffffff80000000ull);
    chk("lui 0x7fff", LUI(0x7fff), 0x7fff0000ull);
    chk("lui 0xffff", LUI(0xffff), 0xffffffffffff0000ull);
    chk("lui 0x1234", LUI(0x1234), 0x12340000ull);
    chk("lui 0", LUI(0), 0);
    /* writes to $0 are discarded */
    uint64_t z;
    __asm__ volatile(ASM_BEGIN "addiu $0, $0, 5\n lui $0, 0x1234\n move %0, $0" ASM_END : "=r"(z));
    chk("$0 stays 0 after addiu/lui to it", z, 0);
}

static void test_slt(void) {
    chk("slt -1 < 1", R3("slt", -1ll, 1), 1);
    chk("sltu -1 < 1", R3("sltu", -1ll, 1), 0);
    chk("slt 1 < -1", R3("slt", 1, -1ll), 0);
    chk("sltu 1 < -1", R3("sltu", 1, -1ll), 1);
    chk("slt equal", R3("slt", 7, 7), 0);
    chk("sltu equal", R3("sltu", 7, 7), 0);
    chk("slt 0x8000000000000000 < 0 (64-bit)", R3("slt", 0x8000000000000000ull, 0), 1);
    chk("sltu 0x8000000000000000 < 0", R3("sltu", 0x8000000000000000ull, 0), 0);
    chk("slt 0x100000000 < 0x7fffffff", R3("slt", 0x100000000ull, 0x7fffffffull), 0);
    chk("sltu 0xffffffff < 0x100000000", R3("sltu", 0xffffffffull, 0x100000000ull), 1);
    chk("slti 0 < 0xffff (-1)", RI("slti", 0, -1), 0);
    chk("slti -5 < -4", RI("slti", -5ll, -4), 1);
    chk("slti -4 < -4", RI("slti", -4ll, -4), 0);
    chk("slti 0x7fffffffffffffff < 1", RI("slti", 0x7fffffffffffffffull, 1), 0);
    chk("slti 0x8000000000000000 < -32768", RI("slti", 0x8000000000000000ull, -32768), 1);
    chk("sltiu 0 < 0xffff (= 0xffffffffffffffff unsigned)", RI("sltiu", 0, -1), 1);
    chk("sltiu 0xfffffffffffffffe < 0xffff", RI("sltiu", 0xfffffffffffffffeull, -1), 1);
    chk("sltiu 0xffffffffffff8000 < 0x8000 (equal)", RI("sltiu", 0xffffffffffff8000ull, -32768), 0);
    chk("sltiu 0xffffffffffff7fff < 0x8000", RI("sltiu", 0xffffffffffff7fffull, -32768), 1);
    chk("sltiu 0x8000 < 0x7fff", RI("sltiu", 0x8000, 32767), 0);
    chk("sltiu 5 < 6", RI("sltiu", 5, 6), 1);
    chk("sltiu 0xffffffff < 0xffff (64-bit compare)", RI("sltiu", 0xffffffffull, -1), 1);
}

static void test_shift(void) {
    chk("sll 1, 31", RI("sll", 1, 31), 0xffffffff80000000ull);
    chk("sll 0x12345678, 4", RI("sll", 0x12345678ull, 4), 0x23456780ull);
    chk("sll 3, 30", RI("sll", 3, 30), 0xffffffffc0000000ull);
    chk("sll 0x0000000180000000, 0 (sign-extends low word)", RI("sll", 0x0000000180000000ull, 0), 0xffffffff80000000ull);
    chk("sll 0xffffffff7fffffff, 0", RI("sll", 0xffffffff7fffffffull, 0), 0x7fffffffull);
    chk("sll 0x40000000, 1", RI("sll", 0x40000000ull, 1), 0xffffffff80000000ull);
    chk("srl 0x80000000, 1", RI("srl", 0xffffffff80000000ull, 1), 0x40000000ull);
    chk("srl 0x80000000, 0 (stays sign-extended)", RI("srl", 0xffffffff80000000ull, 0), 0xffffffff80000000ull);
    chk("srl -1, 31", RI("srl", -1ll, 31), 1);
    chk("srl -1, 4", RI("srl", -1ll, 4), 0x0fffffffull);
    chk("sra 0x80000000, 4", RI("sra", 0xffffffff80000000ull, 4), 0xfffffffff8000000ull);
    chk("sra 0x7fffffff, 30", RI("sra", 0x7fffffffull, 30), 1);
    chk("sra -1, 31", RI("sra", -1ll, 31), 0xffffffffffffffffull);
    chk("sra 0x80000000, 31", RI("sra", 0xffffffff80000000ull, 31), 0xffffffffffffffffull);
    chk("sllv 1 << (33 & 31 = 1)", RV("sllv", 1, 33), 2);
    chk("sllv 1 << (32 & 31 = 0)", RV("sllv", 1, 32), 1);
    chk("sllv 1 << (0xffffffffffffffe0|31)", RV("sllv", 1, 0xffffffffffffffffull), 0xffffffff80000000ull);
    chk("srlv 0x80000000 >> (0x3f & 31 = 31)", RV("srlv", 0xffffffff80000000ull, 0x3f), 1);
    chk("srlv 0x80000000 >> (0x20 -> 0)", RV("srlv", 0xffffffff80000000ull, 0x20), 0xffffffff80000000ull);
    chk("srlv 0xf0000000 >> 28", RV("srlv", 0xfffffffff0000000ull, 28), 0xf);
    chk("srav 0x80000000 >> (0x24 & 31 = 4)", RV("srav", 0xffffffff80000000ull, 0x24), 0xfffffffff8000000ull);
    chk("srav 0x40000000 >> 30", RV("srav", 0x40000000ull, 30), 1);
    chk("dsll 1, 31 (no sign extension)", RI("dsll", 1, 31), 0x80000000ull);
    chk("dsll 0x123456789, 8", RI("dsll", 0x123456789ull, 8), 0x12345678900ull);
    chk("dsll32 1, 31", RI("dsll32", 1, 31), 0x8000000000000000ull);
    chk("dsll32 0x12345678, 0 (shift 32)", RI("dsll32", 0x12345678ull, 0), 0x1234567800000000ull);
    chk("dsll32 0xffffffff00000001, 4", RI("dsll32", 0xffffffff00000001ull, 4), 0x0000001000000000ull);
    chk("dsrl 0x8000000000000000, 31", RI("dsrl", 0x8000000000000000ull, 31), 0x100000000ull);
    chk("dsrl -1, 4", RI("dsrl", -1ll, 4), 0x0fffffffffffffffull);
    chk("dsrl32 0x8000000000000000, 31 (shift 63)", RI("dsrl32", 0x8000000000000000ull, 31), 1);
    chk("dsrl32 0x1234567800000000, 0", RI("dsrl32", 0x1234567800000000ull, 0), 0x12345678ull);
    chk("dsrl32 -1, 0 (zero fill)", RI("dsrl32", -1ll, 0), 0xffffffffull);
    chk("dsra 0x8000000000000000, 4", RI("dsra", 0x8000000000000000ull, 4), 0xf800000000000000ull);
    chk("dsra 0x7000000000000000, 4", RI("dsra", 0x7000000000000000ull, 4), 0x0700000000000000ull);
    chk("dsra32 0x8000000000000000, 0", RI("dsra32", 0x8000000000000000ull, 0), 0xffffffff80000000ull);
    chk("dsra32 0x8000000000000000, 31", RI("dsra32", 0x8000000000000000ull, 31), 0xffffffffffffffffull);
    chk("dsra32 0x4000000000000000, 30", RI("dsra32", 0x4000000000000000ull, 30), 1);
    chk("dsllv 1 << 63", RV("dsllv", 1, 63), 0x8000000000000000ull);
    chk("dsllv 1 << (64 & 63 = 0)", RV("dsllv", 1, 64), 1);
    chk("dsllv 1 << (0x7f & 63 = 63)", RV("dsllv", 1, 0x7f), 0x8000000000000000ull);
    chk("dsllv 0xff << 32", RV("dsllv", 0xff, 32), 0xff00000000ull);
    chk("dsrlv -1 >> (0x43 & 63 = 3)", RV("dsrlv", -1ll, 0x43), 0x1fffffffffffffffull);
    chk("dsrlv 0x8000000000000000 >> 32", RV("dsrlv", 0x8000000000000000ull, 32), 0x80000000ull);
    chk("dsrav 0x8000000000000000 >> (0x7c & 63 = 60)", RV("dsrav", 0x8000000000000000ull, 0x7c), 0xfffffffffffffff8ull);
    chk("dsrav 0x8000000000000000 >> 32", RV("dsrav", 0x8000000000000000ull, 32), 0xffffffff80000000ull);
    chk("dsrav 0x4000000000000000 >> 62", RV("dsrav", 0x4000000000000000ull, 62), 1);
}

static void test_cmov(void) {
    chk("movz rt=0 moves", CMOV("movz", 0x1111, 0x2222, 0), 0x2222);
    chk("movz rt!=0 keeps", CMOV("movz", 0x1111, 0x2222, 1), 0x1111);
    chk("movz rt=0x100000000 (64-bit test) keeps", CMOV("movz", 0x1111, 0x2222, 0x100000000ull), 0x1111);
    chk("movn rt!=0 moves", CMOV("movn", 0x1111, 0x2222, 5), 0x2222);
    chk("movn rt=0 keeps", CMOV("movn", 0x1111, 0x2222, 0), 0x1111);
    chk("movn rt=0x100000000 (64-bit test) moves", CMOV("movn", 0x1111, 0x2222, 0x100000000ull), 0x2222);
    chk("movn moves all 64 bits", CMOV("movn", 0, 0x8765432112345678ull, -1ll), 0x8765432112345678ull);
}

static void test_muldiv(void) {
    chk_hilo("mult 0x7fffffff * 0x7fffffff", MD("mult", 0x7fffffffull, 0x7fffffffull), 0x3fffffff, 1);
    chk_hilo("mult -1 * -1", MD("mult", -1ll, -1ll), 0, 1);
    chk_hilo("mult -2 * 3", MD("mult", -2ll, 3), 0xffffffffffffffffull, 0xfffffffffffffffaull);
    chk_hilo("mult 0x80000000 * -1 (LO sign-extended)", MD("mult", 0xffffffff80000000ull, -1ll), 0,
             0xffffffff80000000ull);
    chk_hilo("mult 0x80000000 * 0x80000000", MD("mult", 0xffffffff80000000ull, 0xffffffff80000000ull),
             0x40000000, 0);
    chk_hilo("mult 0x10000 * 0x10000", MD("mult", 0x10000, 0x10000), 1, 0);
    chk_hilo("multu 0xffffffff * 0xffffffff", MD("multu", -1ll, -1ll), 0xfffffffffffffffeull, 1);
    chk_hilo("multu 0x80000000 * 2", MD("multu", 0xffffffff80000000ull, 2), 1, 0);
    chk_hilo("multu 0xffffffff * 2", MD("multu", -1ll, 2), 1, 0xfffffffffffffffeull);
    chk_hilo("multu 0x12345678 * 0x10", MD("multu", 0x12345678, 0x10), 1, 0x23456780);
    chk_hilo("div 7 / 2", DV("div", 7, 2), 1, 3);
    chk_hilo("div -7 / 2", DV("div", -7ll, 2), 0xffffffffffffffffull, 0xfffffffffffffffdull);
    chk_hilo("div 7 / -2", DV("div", 7, -2ll), 1, 0xfffffffffffffffdull);
    chk_hilo("div -7 / -2", DV("div", -7ll, -2ll), 0xffffffffffffffffull, 3);
    chk_hilo("div 0x80000000 / 2", DV("div", 0xffffffff80000000ull, 2), 0, 0xffffffffc0000000ull);
    chk_hilo("div 0x7fffffff / 0x10000", DV("div", 0x7fffffffull, 0x10000), 0xffff, 0x7fff);
    chk_hilo("divu 0xffffffff / 2", DV("divu", -1ll, 2), 1, 0x7fffffff);
    chk_hilo("divu 0x80000000 / 0x10", DV("divu", 0xffffffff80000000ull, 0x10), 0, 0x08000000);
    chk_hilo("divu 0xfffffffe / 0xffffffff", DV("divu", 0xfffffffffffffffeull, -1ll), 0xfffffffffffffffeull, 0);
    chk_hilo("divu 0xffffffff / 0x10 (LO, HI positive)", DV("divu", -1ll, 0x10), 0xf, 0x0fffffff);
    chk_hilo("dmult 0x100000000 * 0x100000000", MD("dmult", 0x100000000ull, 0x100000000ull), 1, 0);
    chk_hilo("dmult -1 * 0x7fffffffffffffff", MD("dmult", -1ll, 0x7fffffffffffffffull), 0xffffffffffffffffull,
             0x8000000000000001ull);
    chk_hilo("dmult 0x8000000000000000 * -1", MD("dmult", 0x8000000000000000ull, -1ll), 0,
             0x8000000000000000ull);
    chk_hilo("dmult -3 * 5", MD("dmult", -3ll, 5), 0xffffffffffffffffull, 0xfffffffffffffff1ull);
    chk_hilo("dmult 0x8000000000000000 * 0x8000000000000000", MD("dmult", 0x8000000000000000ull,
             0x8000000000000000ull), 0x4000000000000000ull, 0);
    chk_hilo("dmultu -1 * -1", MD("dmultu", -1ll, -1ll), 0xfffffffffffffffeull, 1);
    chk_hilo("dmultu 0x8000000000000000 * 4", MD("dmultu", 0x8000000000000000ull, 4), 2, 0);
    chk_hilo("dmultu 0xffffffff * 0xffffffff", MD("dmultu", 0xffffffffull, 0xffffffffull), 0,
             0xfffffffe00000001ull);
    chk_hilo("ddiv -7 / 2", DV("ddiv", -7ll, 2), 0xffffffffffffffffull, 0xfffffffffffffffdull);
    chk_hilo("ddiv 0x8000000000000000 / 2", DV("ddiv", 0x8000000000000000ull, 2), 0, 0xc000000000000000ull);
    chk_hilo("ddiv 100 / -7", DV("ddiv", 100, -7ll), 2, 0xfffffffffffffff2ull);
    chk_hilo("ddiv 0x123456789abcdef0 / 0x100000000", DV("ddiv", 0x123456789abcdef0ull, 0x100000000ull),
             0x9abcdef0ull, 0x12345678ull);
    chk_hilo("ddivu -1 / 2", DV("ddivu", -1ll, 2), 1, 0x7fffffffffffffffull);
    chk_hilo("ddivu 0x8000000000000000 / 3", DV("ddivu", 0x8000000000000000ull, 3), 2, 0x2aaaaaaaaaaaaaaaull);
    chk_hilo("ddivu 5 / 0xffffffffffffffff", DV("ddivu", 5, -1ll), 5, 0);

    struct hilo h;
    __asm__ volatile(ASM_BEGIN "mthi %2\n mtlo %3\n mfhi %0\n mflo %1" ASM_END
                     : "=&r"(h.hi), "=&r"(h.lo)
                     : "r"(0x0123456789abcdefull), "r"(0xfedcba9876543210ull));
    chk_hilo("mthi/mtlo round trip (64-bit)", h, 0x0123456789abcdefull, 0xfedcba9876543210ull);
}

int main(void) {
    test_add32();
    test_add64();
    test_logic();
    test_slt();
    test_shift();
    test_cmov();
    test_muldiv();
    return report_summary();
}
