// Jumps and branches. The delay slot runs in place: a taken branch sets the PC after the slot
// (Cpu::branch_to); a branch-likely that is not taken skips the slot (MIPS IV ISA, "Branch").
#include "cpu/exec.h"

namespace flashsim::cpu {

static inline void branch(Cpu& c, const Insn& in, bool taken) { cond_branch(c, in, taken); }
static inline void branch_likely(Cpu& c, const Insn& in, bool taken) { cond_branch_likely(c, in, taken); }

void exec_J(Cpu& c, const Insn& in) {
    c.branch_to(((c.cur_pc + 4) & ~0x0FFFFFFFull) | static_cast<uint64_t>(in.imm));
}
void exec_JAL(Cpu& c, const Insn& in) {
    c.gpr[31] = c.cur_pc + 8;
    c.branch_to(((c.cur_pc + 4) & ~0x0FFFFFFFull) | static_cast<uint64_t>(in.imm));
}
void exec_JR(Cpu& c, const Insn& in) { c.branch_to(RS); }
void exec_JALR(Cpu& c, const Insn& in) {
    const uint64_t t = RS;  // read before rd is written (rd == rs is UNPREDICTABLE anyway)
    WRITE_RD(c.cur_pc + 8);
    c.branch_to(t);
}

void exec_BEQ(Cpu& c, const Insn& in) { branch(c, in, RS == RT); }
void exec_BNE(Cpu& c, const Insn& in) { branch(c, in, RS != RT); }
void exec_BLEZ(Cpu& c, const Insn& in) { branch(c, in, s64(RS) <= 0); }
void exec_BGTZ(Cpu& c, const Insn& in) { branch(c, in, s64(RS) > 0); }
void exec_BLTZ(Cpu& c, const Insn& in) { branch(c, in, s64(RS) < 0); }
void exec_BGEZ(Cpu& c, const Insn& in) { branch(c, in, s64(RS) >= 0); }
void exec_BEQL(Cpu& c, const Insn& in) { branch_likely(c, in, RS == RT); }
void exec_BNEL(Cpu& c, const Insn& in) { branch_likely(c, in, RS != RT); }
void exec_BLEZL(Cpu& c, const Insn& in) { branch_likely(c, in, s64(RS) <= 0); }
void exec_BGTZL(Cpu& c, const Insn& in) { branch_likely(c, in, s64(RS) > 0); }
void exec_BLTZL(Cpu& c, const Insn& in) { branch_likely(c, in, s64(RS) < 0); }
void exec_BGEZL(Cpu& c, const Insn& in) { branch_likely(c, in, s64(RS) >= 0); }

// The link register is written whether or not the branch is taken.
void exec_BLTZAL(Cpu& c, const Insn& in) {
    const bool t = s64(RS) < 0;
    c.gpr[31] = c.cur_pc + 8;
    branch(c, in, t);
}
void exec_BGEZAL(Cpu& c, const Insn& in) {
    const bool t = s64(RS) >= 0;
    c.gpr[31] = c.cur_pc + 8;
    branch(c, in, t);
}
void exec_BLTZALL(Cpu& c, const Insn& in) {
    const bool t = s64(RS) < 0;
    c.gpr[31] = c.cur_pc + 8;
    branch_likely(c, in, t);
}
void exec_BGEZALL(Cpu& c, const Insn& in) {
    const bool t = s64(RS) >= 0;
    c.gpr[31] = c.cur_pc + 8;
    branch_likely(c, in, t);
}

}  // namespace flashsim::cpu
