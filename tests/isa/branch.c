/* Branches and jumps: every conditional branch taken and not taken with 64-bit comparisons,
   forwards and backwards; the delay slot always executes for normal branches and is
   nullified by a branch-likely that is not taken; the branch decision and jump target are
   fixed before the slot runs; link registers (BLTZAL/BGEZAL write r31 = branch + 8 even when
   not taken; JAL; JALR with rd != 31). MIPS IV ISA (Rev 3.2), "Branch" / "Jump" descriptions.

   Result bits: 1 = delay slot ran, 2 = fall-through ran, 4 = target/join ran, 8 = backward
   target ran. Forward taken: 5; not taken: 7; likely not taken: 6. Backward taken: 13. */
#include "isatest.h"

#define TAKEN 5
#define NOT_TAKEN 7
#define LIKELY_NOT_TAKEN 6
#define BACK_TAKEN 13

#define BR_FWD(insn_ops)                                                                   \
    "move %0, $0\n" insn_ops ", 1f\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n"
#define BR_BACK(insn_ops)                                                                  \
    "move %0, $0\n b 2f\n nop\n1: ori %0, %0, 8\n b 3f\n nop\n2: " insn_ops ", 1b\n"        \
    " ori %0, %0, 1\n ori %0, %0, 2\n3: ori %0, %0, 4\n"

#define BR2(insn, a, b)                                                                       \
    ({                                                                                        \
        uint64_t r_;                                                                          \
        __asm__ volatile(ASM_BEGIN BR_FWD(insn " %1, %2") ASM_END : "=&r"(r_)                  \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "$31");                   \
        r_;                                                                                   \
    })
#define BR1(insn, a)                                                                          \
    ({                                                                                        \
        uint64_t r_;                                                                          \
        __asm__ volatile(ASM_BEGIN BR_FWD(insn " %1") ASM_END : "=&r"(r_) : "r"((uint64_t)(a)) \
                         : "$31");                                                            \
        r_;                                                                                   \
    })
#define BRB2(insn, a, b)                                                                      \
    ({                                                                                        \
        uint64_t r_;                                                                          \
        __asm__ volatile(ASM_BEGIN BR_BACK(insn " %1, %2") ASM_END : "=&r"(r_)                 \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "$31");                   \
        r_;                                                                                   \
    })
#define BRB1(insn, a)                                                                         \
    ({                                                                                        \
        uint64_t r_;                                                                          \
        __asm__ volatile(ASM_BEGIN BR_BACK(insn " %1") ASM_END : "=&r"(r_) : "r"((uint64_t)(a)) \
                         : "$31");                                                            \
        r_;                                                                                   \
    })

static void test_two_operand(void) {
    chk("beq equal: taken", BR2("beq", 5, 5), TAKEN);
    chk("beq unequal: not taken", BR2("beq", 5, 6), NOT_TAKEN);
    chk("beq differing only in bits 63:32: not taken", BR2("beq", 0x100000005ull, 5), NOT_TAKEN);
    chk("beq -1, -1: taken", BR2("beq", -1ll, -1ll), TAKEN);
    chk("bne unequal: taken", BR2("bne", 1, 2), TAKEN);
    chk("bne equal: not taken", BR2("bne", 7, 7), NOT_TAKEN);
    chk("bne differing only in bits 63:32: taken", BR2("bne", 0x8000000000000000ull, 0), TAKEN);
    chk("beql equal: taken", BR2("beql", 3, 3), TAKEN);
    chk("beql unequal: slot nullified", BR2("beql", 3, 4), LIKELY_NOT_TAKEN);
    chk("bnel unequal: taken", BR2("bnel", 3, 4), TAKEN);
    chk("bnel equal: slot nullified", BR2("bnel", 3, 3), LIKELY_NOT_TAKEN);
    chk("beq backwards taken", BRB2("beq", 9, 9), BACK_TAKEN);
    chk("beq backwards not taken", BRB2("beq", 9, 8), NOT_TAKEN);
    chk("bne backwards taken", BRB2("bne", 9, 8), BACK_TAKEN);
    chk("beql backwards taken", BRB2("beql", 1, 1), BACK_TAKEN);
    chk("beql backwards not taken: slot nullified", BRB2("beql", 1, 2), LIKELY_NOT_TAKEN);
    chk("bnel backwards taken", BRB2("bnel", 1, 2), BACK_TAKEN);
}

static void test_one_operand(void) {
    /* blez / bgtz / bltz / bgez compare the whole 64-bit register with zero */
    chk("blez 0: taken", BR1("blez", 0), TAKEN);
    chk("blez -1: taken", BR1("blez", -1ll), TAKEN);
    chk("blez 1: not taken", BR1("blez", 1), NOT_TAKEN);
    chk("blez 0x8000000000000000: taken", BR1("blez", 0x8000000000000000ull), TAKEN);
    chk("blez 0x100000000: not taken", BR1("blez", 0x100000000ull), NOT_TAKEN);
    chk("bgtz 1: taken", BR1("bgtz", 1), TAKEN);
    chk("bgtz 0: not taken", BR1("bgtz", 0), NOT_TAKEN);
    chk("bgtz -1: not taken", BR1("bgtz", -1ll), NOT_TAKEN);
    chk("bgtz 0x80000000 (positive 64-bit): taken", BR1("bgtz", 0x80000000ull), TAKEN);
    chk("bltz -1: taken", BR1("bltz", -1ll), TAKEN);
    chk("bltz 0: not taken", BR1("bltz", 0), NOT_TAKEN);
    chk("bltz 0x80000000 (positive 64-bit): not taken", BR1("bltz", 0x80000000ull), NOT_TAKEN);
    chk("bltz 0x8000000000000000: taken", BR1("bltz", 0x8000000000000000ull), TAKEN);
    chk("bgez 0: taken", BR1("bgez", 0), TAKEN);
    chk("bgez 5: taken", BR1("bgez", 5), TAKEN);
    chk("bgez -1: not taken", BR1("bgez", -1ll), NOT_TAKEN);
    chk("bgez 0xffffffff00000000: not taken", BR1("bgez", 0xffffffff00000000ull), NOT_TAKEN);
    chk("blezl 0: taken", BR1("blezl", 0), TAKEN);
    chk("blezl 1: slot nullified", BR1("blezl", 1), LIKELY_NOT_TAKEN);
    chk("bgtzl 1: taken", BR1("bgtzl", 1), TAKEN);
    chk("bgtzl 0: slot nullified", BR1("bgtzl", 0), LIKELY_NOT_TAKEN);
    chk("bltzl -1: taken", BR1("bltzl", -1ll), TAKEN);
    chk("bltzl 0: slot nullified", BR1("bltzl", 0), LIKELY_NOT_TAKEN);
    chk("bgezl 0: taken", BR1("bgezl", 0), TAKEN);
    chk("bgezl -1: slot nullified", BR1("bgezl", -1ll), LIKELY_NOT_TAKEN);
    chk("bltzal -1: taken", BR1("bltzal", -1ll), TAKEN);
    chk("bltzal 1: not taken", BR1("bltzal", 1), NOT_TAKEN);
    chk("bgezal 0: taken", BR1("bgezal", 0), TAKEN);
    chk("bgezal -1: not taken", BR1("bgezal", -1ll), NOT_TAKEN);
    chk("bltzall -1: taken", BR1("bltzall", -1ll), TAKEN);
    chk("bltzall 0: slot nullified", BR1("bltzall", 0), LIKELY_NOT_TAKEN);
    chk("bgezall 0: taken", BR1("bgezall", 0), TAKEN);
    chk("bgezall -1: slot nullified", BR1("bgezall", -1ll), LIKELY_NOT_TAKEN);
    chk("blez backwards taken", BRB1("blez", -5ll), BACK_TAKEN);
    chk("bgtz backwards taken", BRB1("bgtz", 5), BACK_TAKEN);
    chk("bltz backwards taken", BRB1("bltz", -5ll), BACK_TAKEN);
    chk("bgez backwards taken", BRB1("bgez", 5), BACK_TAKEN);
    chk("bgez backwards not taken", BRB1("bgez", -5ll), NOT_TAKEN);
    chk("bgezl backwards taken", BRB1("bgezl", 0), BACK_TAKEN);
    chk("bltzl backwards not taken: slot nullified", BRB1("bltzl", 0), LIKELY_NOT_TAKEN);
    chk("bltzal backwards taken", BRB1("bltzal", -1ll), BACK_TAKEN);
    chk("bgezall backwards taken", BRB1("bgezall", 1), BACK_TAKEN);
}

/* Link: r31 = address of the branch + 8, written whether or not the branch is taken. */
#define LINK1(insn, a, resvar, brvar)                                                          \
    ({                                                                                         \
        uint64_t ra_;                                                                          \
        __asm__ volatile(".set push\n.set noreorder\n dla %2, 2f\n move %0, $0\n"               \
                         "2: " insn " %3, 1f\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n" \
                         " move %1, $31\n.set pop"                                             \
                         : "=&r"(resvar), "=&r"(ra_), "=&r"(brvar) : "r"((uint64_t)(a)) : "$31"); \
        ra_;                                                                                   \
    })

static void test_link(void) {
    uint64_t r, br, ra;
    ra = LINK1("bltzal", -1ll, r, br);
    chk("bltzal taken: result", r, TAKEN);
    chk("bltzal taken: r31 = branch + 8", ra, br + 8);
    ra = LINK1("bltzal", 0, r, br);
    chk("bltzal not taken: result", r, NOT_TAKEN);
    chk("bltzal not taken: r31 still = branch + 8", ra, br + 8);
    ra = LINK1("bgezal", 3, r, br);
    chk("bgezal taken: r31 = branch + 8", ra, br + 8);
    ra = LINK1("bgezal", -3ll, r, br);
    chk("bgezal not taken: result", r, NOT_TAKEN);
    chk("bgezal not taken: r31 still = branch + 8", ra, br + 8);
    ra = LINK1("bltzall", 0, r, br);
    chk("bltzall not taken: slot nullified", r, LIKELY_NOT_TAKEN);
    chk("bltzall not taken: r31 still = branch + 8", ra, br + 8);
    ra = LINK1("bgezall", 0, r, br);
    chk("bgezall taken: r31 = branch + 8", ra, br + 8);
    report((ra >> 32) == 0xffffffffull, "link value is the sign-extended 64-bit PC (0x%lx)", ra);

    /* jal: r31 = jal + 8, delay slot runs, jumps over the fall-through */
    __asm__ volatile(".set push\n.set noreorder\n dla %2, 2f\n move %0, $0\n"
                     "2: jal 1f\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n move %1, $31\n.set pop"
                     : "=&r"(r), "=&r"(ra), "=&r"(br) : : "$31");
    chk("jal: delay slot runs, fall-through skipped", r, TAKEN);
    chk("jal: r31 = jal + 8", ra, br + 8);

    /* j */
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n"
                     " j 1f\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r));
    chk("j: delay slot runs, fall-through skipped", r, TAKEN);

    /* jr to a register target */
    uint64_t t;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %1, 1f\n"
                     " jr %1\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(t));
    chk("jr: delay slot runs, fall-through skipped", r, TAKEN);

    /* jalr with rd != 31: the link goes to rd, r31 untouched */
    uint64_t link, ra_after;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n li $31, 0x1234\n dla %3, 1f\n dla %4, 2f\n"
                     "2: jalr %1, %3\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n move %2, $31\n.set pop"
                     : "=&r"(r), "=&r"(link), "=&r"(ra_after), "=&r"(t), "=&r"(br) : : "$31");
    chk("jalr rd: delay slot runs, fall-through skipped", r, TAKEN);
    chk("jalr rd: rd = jalr + 8", link, br + 8);
    chk("jalr rd: r31 untouched", ra_after, 0x1234);
    /* jalr rs (rd = 31 implied) */
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %2, 1f\n dla %3, 2f\n"
                     "2: jalr %2\n ori %0, %0, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n move %1, $31\n.set pop"
                     : "=&r"(r), "=&r"(ra), "=&r"(t), "=&r"(br) : : "$31");
    chk("jalr rs: result", r, TAKEN);
    chk("jalr rs: r31 = jalr + 8", ra, br + 8);
    /* a real call and return through jal/jr ra */
    uint64_t v;
    __asm__ volatile(".set push\n.set noreorder\n li %0, 1\n jal 5f\n daddiu %0, %0, 2\n"
                     " b 6f\n daddiu %0, %0, 100\n"
                     "5: jr $31\n dsll %0, %0, 4\n"
                     "6:\n.set pop"
                     : "=&r"(v) : : "$31");
    chk("call/return: slot, callee, slot of jr, slot of b", v, ((1 + 2) << 4) + 100);
}

static void test_decided_before_slot(void) {
    uint64_t r, x;
    /* The slot changes the compared register: the branch was already decided. */
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n move %1, $0\n"
                     " beq %1, $0, 1f\n addiu %1, %1, 1\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(x));
    chk("beq decided before its slot changes rs: taken", r, 4);
    chk("the slot's write is visible after the branch", x, 1);
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n li %1, 1\n"
                     " beql %1, $0, 1f\n addiu %1, %1, -1\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(x));
    chk("beql not taken although its slot would zero rs", r, 6);
    chk("nullified slot had no effect", x, 1);
    /* jr target read before the slot overwrites the register */
    uint64_t t;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %1, 1f\n"
                     " jr %1\n move %1, $0\n ori %0, %0, 2\n1: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(t));
    chk("jr target fixed before the slot clobbers rs", r, 4);
}

static void test_loops(void) {
    uint64_t n, acc;
    /* backwards bne loop: 10 iterations, the slot runs every time */
    __asm__ volatile(".set push\n.set noreorder\n li %0, 10\n move %1, $0\n"
                     "1: addiu %0, %0, -1\n bne %0, $0, 1b\n addiu %1, %1, 1\n.set pop"
                     : "=&r"(n), "=&r"(acc));
    chk("bne loop: counter", n, 0);
    chk("bne loop: slot ran 10 times", acc, 10);
    /* bnel loop: the slot runs only when the branch is taken */
    __asm__ volatile(".set push\n.set noreorder\n li %0, 10\n move %1, $0\n"
                     "1: addiu %0, %0, -1\n bnel %0, $0, 1b\n addiu %1, %1, 1\n.set pop"
                     : "=&r"(n), "=&r"(acc));
    chk("bnel loop: slot ran 9 times (not on exit)", acc, 9);
    /* bgtz loop counting down from 5 with a 64-bit counter above 2^32 */
    __asm__ volatile(".set push\n.set noreorder\n li %0, 1\n dsll32 %0, %0, 0\n daddiu %0, %0, 5\n move %1, $0\n"
                     "1: daddiu %0, %0, -1\n dsrl32 $8, %0, 0\n bgtz $8, 1b\n addiu %1, %1, 1\n.set pop"
                     : "=&r"(n), "=&r"(acc) : : "$8");
    chk("bgtz loop over 64-bit counter: iterations", acc, 6);
    chk("bgtz loop over 64-bit counter: final", n, 0xffffffffull);
}

int main(void) {
    test_two_operand();
    test_one_operand();
    test_link();
    test_decided_before_slot();
    test_loops();
    return report_summary();
}
