/* Integer overflow and trap instructions. ADD/ADDI/SUB/DADD/DADDI/DSUB raise Integer Overflow
   (ExcCode 12) on two's-complement overflow and leave rd/rt unmodified; ADDU/ADDIU/SUBU/DADDU/
   DADDIU/DSUBU never trap. TEQ/TNE/TGE/TGEU/TLT/TLTU and the immediate forms (immediate
   sign-extended, unsigned forms compare it as unsigned) raise Trap (13) exactly when the
   condition holds, comparing all 64 bits. MIPS IV ISA (Rev 3.2) instruction descriptions. */
#include "isatest.h"

#define SENT 0x5a5a5a5a5a5a5a5aull

/* rd = insn(rs, rt) at label 1; epc = its address */
#define OV3(insn, a, b, epcvar)                                                                \
    ({                                                                                         \
        uint64_t r_ = SENT;                                                                    \
        __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: " insn " %0, %2, %3\n.set pop" \
                         : "+r"(r_), "=&r"(epcvar) : "r"((uint64_t)(a)), "r"((uint64_t)(b)));  \
        r_;                                                                                    \
    })
#define OVI(insn, a, imm, epcvar)                                                              \
    ({                                                                                         \
        uint64_t r_ = SENT;                                                                    \
        __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: " insn " %0, %2, " #imm "\n.set pop" \
                         : "+r"(r_), "=&r"(epcvar) : "r"((uint64_t)(a)));                      \
        r_;                                                                                    \
    })
#define TR2(insn, a, b, epcvar)                                                                \
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: " insn " %1, %2\n.set pop" \
                     : "=&r"(epcvar) : "r"((uint64_t)(a)), "r"((uint64_t)(b)))
#define TRI(insn, a, imm, epcvar)                                                              \
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: " insn " %1, " #imm "\n.set pop" \
                     : "=&r"(epcvar) : "r"((uint64_t)(a)))

/* expected: code = -1 for no exception */
static void expect(const char *what, int code, uint64_t epc) {
    if (code < 0) {
        report(last.n == 0, "%s: no exception (%u taken, code %lu)", what, last.n, last.code);
        return;
    }
    report(last.n == 1 && last.code == (uint64_t)code, "%s: ExcCode %lu (expected %d), %u taken", what,
           last.code, code, last.n);
    report(last.epc == epc, "%s: EPC 0x%lx (expected 0x%lx)", what, last.epc, epc);
    report(!(last.cause & CAUSE_BD), "%s: Cause.BD clear", what);
}

static void ov_case(const char *what, uint64_t r, uint64_t epc) {
    expect(what, EXC_OV, epc);
    report(r == SENT, "%s: destination not written (0x%lx)", what, r);
}
static void ok_case(const char *what, uint64_t r, uint64_t exp) {
    expect(what, -1, 0);
    chk(what, r, exp);
}

static void test_overflow(void) {
    uint64_t e, r;
    exc_reset(); r = OV3("add", 0x7fffffffull, 1, e); ov_case("add 0x7fffffff + 1", r, e);
    exc_reset(); r = OV3("add", 0xffffffff80000000ull, -1ll, e); ov_case("add 0x80000000 + -1", r, e);
    exc_reset(); r = OV3("add", 0xffffffff80000000ull, 0xffffffff80000000ull, e); ov_case("add 0x80000000 + 0x80000000", r, e);
    exc_reset(); r = OV3("add", 0x40000000ull, 0x40000000ull, e); ov_case("add 0x40000000 + 0x40000000", r, e);
    exc_reset(); r = OV3("add", -1ll, 1, e); ok_case("add -1 + 1", r, 0);
    exc_reset(); r = OV3("add", 0x7ffffffeull, 1, e); ok_case("add 0x7ffffffe + 1", r, 0x7fffffff);
    exc_reset(); r = OV3("add", 0xffffffff80000000ull, 0x7fffffffull, e); ok_case("add 0x80000000 + 0x7fffffff", r, -1ll);
    exc_reset(); r = OVI("addi", 0x7fffffffull, 1, e); ov_case("addi 0x7fffffff + 1", r, e);
    exc_reset(); r = OVI("addi", 0xffffffff80000000ull, -1, e); ov_case("addi 0x80000000 + -1", r, e);
    exc_reset(); r = OVI("addi", 0x7fff8001ull, 0x7fff, e); ov_case("addi 0x7fff8001 + 0x7fff", r, e);
    exc_reset(); r = OVI("addi", 0x7fff0000ull, 0x7fff, e); ok_case("addi 0x7fff0000 + 0x7fff", r, 0x7fff7fff);
    exc_reset(); r = OVI("addi", 0xffffffff80000001ull, -1, e); ok_case("addi 0x80000001 + -1", r, 0xffffffff80000000ull);
    exc_reset(); r = OV3("sub", 0xffffffff80000000ull, 1, e); ov_case("sub 0x80000000 - 1", r, e);
    exc_reset(); r = OV3("sub", 0x7fffffffull, -1ll, e); ov_case("sub 0x7fffffff - -1", r, e);
    exc_reset(); r = OV3("sub", 0, 0xffffffff80000000ull, e); ov_case("sub 0 - 0x80000000", r, e);
    exc_reset(); r = OV3("sub", -1ll, 0x7fffffffull, e); ok_case("sub -1 - 0x7fffffff", r, 0xffffffff80000000ull);
    exc_reset(); r = OV3("sub", 5, 7, e); ok_case("sub 5 - 7", r, -2ll);
    exc_reset(); r = OV3("dadd", 0x7fffffffffffffffull, 1, e); ov_case("dadd 0x7fffffffffffffff + 1", r, e);
    exc_reset(); r = OV3("dadd", 0x8000000000000000ull, -1ll, e); ov_case("dadd 0x8000000000000000 + -1", r, e);
    exc_reset(); r = OV3("dadd", 0x8000000000000000ull, 0x8000000000000000ull, e); ov_case("dadd min + min", r, e);
    exc_reset(); r = OV3("dadd", 0x7fffffffull, 1, e); ok_case("dadd 0x7fffffff + 1 (no 64-bit overflow)", r, 0x80000000ull);
    exc_reset(); r = OV3("dadd", 0x8000000000000000ull, 0x7fffffffffffffffull, e); ok_case("dadd min + max", r, -1ll);
    exc_reset(); r = OVI("daddi", 0x7fffffffffffffffull, 1, e); ov_case("daddi 0x7fffffffffffffff + 1", r, e);
    exc_reset(); r = OVI("daddi", 0x8000000000000000ull, -32768, e); ov_case("daddi 0x8000000000000000 + -32768", r, e);
    exc_reset(); r = OVI("daddi", 0x7fffffffull, 1, e); ok_case("daddi 0x7fffffff + 1", r, 0x80000000ull);
    exc_reset(); r = OVI("daddi", 0x8000000000007fffull, -32767, e); ok_case("daddi 0x8000000000007fff + -32767", r, 0x8000000000000000ull);
    exc_reset(); r = OV3("dsub", 0x8000000000000000ull, 1, e); ov_case("dsub min - 1", r, e);
    exc_reset(); r = OV3("dsub", 0, 0x8000000000000000ull, e); ov_case("dsub 0 - min", r, e);
    exc_reset(); r = OV3("dsub", 0x7fffffffffffffffull, -1ll, e); ov_case("dsub max - -1", r, e);
    exc_reset(); r = OV3("dsub", -1ll, 0x7fffffffffffffffull, e); ok_case("dsub -1 - max", r, 0x8000000000000000ull);
    exc_reset(); r = OV3("dsub", 0xffffffff80000000ull, 1, e); ok_case("dsub 0xffffffff80000000 - 1", r, 0xffffffff7fffffffull);

    /* rd == rs: the source survives an overflow */
    uint64_t x = 0x7fffffffull;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: add %0, %0, %2\n.set pop"
                     : "+r"(x), "=&r"(e) : "r"(1ull));
    expect("add rd=rs overflow", EXC_OV, e);
    chk("add rd=rs overflow: rs/rd keeps 0x7fffffff", x, 0x7fffffffull);
    x = 0x7fffffffffffffffull;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: daddi %0, %0, 1\n.set pop"
                     : "+r"(x), "=&r"(e));
    expect("daddi rt=rs overflow", EXC_OV, e);
    chk("daddi rt=rs overflow: keeps 0x7fffffffffffffff", x, 0x7fffffffffffffffull);
}

static void test_unsigned_never_trap(void) {
    uint64_t e, r;
    exc_reset(); r = OV3("addu", 0x7fffffffull, 1, e); ok_case("addu 0x7fffffff + 1", r, 0xffffffff80000000ull);
    exc_reset(); r = OVI("addiu", 0x7fffffffull, 1, e); ok_case("addiu 0x7fffffff + 1", r, 0xffffffff80000000ull);
    exc_reset(); r = OV3("subu", 0xffffffff80000000ull, 1, e); ok_case("subu 0x80000000 - 1", r, 0x7fffffffull);
    exc_reset(); r = OV3("daddu", 0x7fffffffffffffffull, 1, e); ok_case("daddu max + 1", r, 0x8000000000000000ull);
    exc_reset(); r = OVI("daddiu", 0x7fffffffffffffffull, 1, e); ok_case("daddiu max + 1", r, 0x8000000000000000ull);
    exc_reset(); r = OVI("daddiu", 0x8000000000000000ull, -1, e); ok_case("daddiu min + -1", r, 0x7fffffffffffffffull);
    exc_reset(); r = OV3("dsubu", 0x8000000000000000ull, 1, e); ok_case("dsubu min - 1", r, 0x7fffffffffffffffull);
    (void)e;
}

static void tcheck(const char *what, int traps, uint64_t epc) { expect(what, traps ? EXC_TR : -1, epc); }

static void test_traps(void) {
    uint64_t e = 0;
    exc_reset(); TR2("teq", 5, 5, e); tcheck("teq 5, 5 traps", 1, e);
    exc_reset(); TR2("teq", 5, 6, e); tcheck("teq 5, 6 does not", 0, e);
    exc_reset(); TR2("teq", 0x100000005ull, 5, e); tcheck("teq 0x100000005, 5 does not (64-bit)", 0, e);
    exc_reset(); TR2("tne", 5, 6, e); tcheck("tne 5, 6 traps", 1, e);
    exc_reset(); TR2("tne", 5, 5, e); tcheck("tne 5, 5 does not", 0, e);
    exc_reset(); TR2("tne", 0x8000000000000000ull, 0, e); tcheck("tne 0x8000000000000000, 0 traps", 1, e);
    exc_reset(); TR2("tge", -1ll, 1, e); tcheck("tge -1, 1 does not", 0, e);
    exc_reset(); TR2("tge", 1, -1ll, e); tcheck("tge 1, -1 traps", 1, e);
    exc_reset(); TR2("tge", 3, 3, e); tcheck("tge 3, 3 traps", 1, e);
    exc_reset(); TR2("tge", 0x8000000000000000ull, 0x7fffffffffffffffull, e); tcheck("tge min, max does not", 0, e);
    exc_reset(); TR2("tgeu", -1ll, 1, e); tcheck("tgeu -1, 1 traps (unsigned)", 1, e);
    exc_reset(); TR2("tgeu", 1, -1ll, e); tcheck("tgeu 1, -1 does not", 0, e);
    exc_reset(); TR2("tgeu", 3, 3, e); tcheck("tgeu 3, 3 traps", 1, e);
    exc_reset(); TR2("tlt", -1ll, 1, e); tcheck("tlt -1, 1 traps", 1, e);
    exc_reset(); TR2("tlt", 1, -1ll, e); tcheck("tlt 1, -1 does not", 0, e);
    exc_reset(); TR2("tlt", 3, 3, e); tcheck("tlt 3, 3 does not", 0, e);
    exc_reset(); TR2("tlt", 0xffffffff00000000ull, 0, e); tcheck("tlt 0xffffffff00000000, 0 traps", 1, e);
    exc_reset(); TR2("tltu", -1ll, 1, e); tcheck("tltu -1, 1 does not", 0, e);
    exc_reset(); TR2("tltu", 1, -1ll, e); tcheck("tltu 1, -1 traps", 1, e);
    exc_reset(); TR2("tltu", 3, 3, e); tcheck("tltu 3, 3 does not", 0, e);
    exc_reset(); TR2("tltu", 0xffffffffull, 0x100000000ull, e); tcheck("tltu 0xffffffff, 0x100000000 traps", 1, e);

    exc_reset(); TRI("teqi", -1ll, -1, e); tcheck("teqi -1, -1 traps", 1, e);
    exc_reset(); TRI("teqi", 0xffffull, -1, e); tcheck("teqi 0xffff, -1 does not (imm sign-extended)", 0, e);
    exc_reset(); TRI("teqi", 0xffffffffull, -1, e); tcheck("teqi 0xffffffff, -1 does not (64-bit)", 0, e);
    exc_reset(); TRI("teqi", 0x1234, 0x1234, e); tcheck("teqi 0x1234, 0x1234 traps", 1, e);
    exc_reset(); TRI("tnei", 0, 0, e); tcheck("tnei 0, 0 does not", 0, e);
    exc_reset(); TRI("tnei", 0, 1, e); tcheck("tnei 0, 1 traps", 1, e);
    exc_reset(); TRI("tnei", 0xffffffffffff8000ull, -32768, e); tcheck("tnei 0xffffffffffff8000, -32768 does not", 0, e);
    exc_reset(); TRI("tgei", 0x8000000000000000ull, -32768, e); tcheck("tgei min, -32768 does not", 0, e);
    exc_reset(); TRI("tgei", 0, -1, e); tcheck("tgei 0, -1 traps", 1, e);
    exc_reset(); TRI("tgei", 5, 5, e); tcheck("tgei 5, 5 traps", 1, e);
    exc_reset(); TRI("tgei", 4, 5, e); tcheck("tgei 4, 5 does not", 0, e);
    exc_reset(); TRI("tgeiu", 0, -1, e); tcheck("tgeiu 0, 0xffffffffffffffff does not", 0, e);
    exc_reset(); TRI("tgeiu", 0xffffffffffff8000ull, -32768, e); tcheck("tgeiu 0xffffffffffff8000, itself traps", 1, e);
    exc_reset(); TRI("tgeiu", 0xffffffffffff7fffull, -32768, e); tcheck("tgeiu 0xffffffffffff7fff, 0xffffffffffff8000 does not", 0, e);
    exc_reset(); TRI("tgeiu", -1ll, 100, e); tcheck("tgeiu -1, 100 traps", 1, e);
    exc_reset(); TRI("tlti", -1ll, 0, e); tcheck("tlti -1, 0 traps", 1, e);
    exc_reset(); TRI("tlti", 0, 0, e); tcheck("tlti 0, 0 does not", 0, e);
    exc_reset(); TRI("tlti", 0x7fffffffffffffffull, 1, e); tcheck("tlti max, 1 does not", 0, e);
    exc_reset(); TRI("tlti", -32769ll, -32768, e); tcheck("tlti -32769, -32768 traps", 1, e);
    exc_reset(); TRI("tltiu", 5, -1, e); tcheck("tltiu 5, 0xffffffffffffffff traps", 1, e);
    exc_reset(); TRI("tltiu", -1ll, 5, e); tcheck("tltiu -1, 5 does not", 0, e);
    exc_reset(); TRI("tltiu", 0, 1, e); tcheck("tltiu 0, 1 traps", 1, e);
    exc_reset(); TRI("tltiu", 1, 1, e); tcheck("tltiu 1, 1 does not", 0, e);
    exc_reset(); TRI("tltiu", 0x8000, 0x7fff, e); tcheck("tltiu 0x8000, 0x7fff does not", 0, e);
}

static void test_in_delay_slot(void) {
    uint64_t br, r = SENT;
    exc_reset();
    resume_pc = 0;
    uint64_t after;
    __asm__ volatile(".set push\n.set noreorder\n dla %1, 2f\n dla %2, 3f\n sd %2, 0(%4)\n"
                     "2: beq $0, $0, 3f\n add %0, %3, %3\n nop\n3:\n.set pop"
                     : "+r"(r), "=&r"(br), "=&r"(after) : "r"(0x7fffffffull), "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_OV, "add overflow in a delay slot: Ov (code %lu)", last.code);
    chk("add overflow in a delay slot: EPC = the branch", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "add overflow in a delay slot: Cause.BD set");
    chk("add overflow in a delay slot: rd not written", r, SENT);
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: bne $0, $0, 3f\n teq $0, $0\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(after) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_TR, "teq in the slot of an untaken branch: Tr (code %lu)", last.code);
    chk("teq in a delay slot: EPC = the branch", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "teq in a delay slot: Cause.BD set");
}

int main(void) {
    exc_handler = capture_handler;
    test_overflow();
    test_unsigned_never_trap();
    test_traps();
    test_in_delay_slot();
    exc_handler = 0;
    return report_summary();
}
