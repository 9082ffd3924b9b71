// Semantic bodies of the instructions, one per row of sim/isa/mips4.def, grouped by family in
// exec_alu.cpp, exec_branch.cpp, exec_mem.cpp, exec_cp0.cpp and exec_cp1.cpp. Each body is a few
// lines over the vocabulary below (Spike style).
#pragma once
#include "cpu/cpu.h"

namespace flashsim::cpu {

#define INSN(id, ...) void exec_##id(Cpu& c, const Insn& in);
#include "isa/mips4.def"
#undef INSN
void exec_INVALID(Cpu& c, const Insn& in);

// Indexed by isa::Op.
extern const Handler kHandlers[];
// Permissions of the current mode, fixed when a page is predecoded (code pages are kept per
// permission set, so the check costs nothing per instruction).
enum : unsigned { kGatePriv = 1, kGateCp1 = 2, kGate64 = 4, kGateMips4 = 8 };
// The body to run for op under those permissions, or the exception it raises instead.
Handler select_handler(isa::Op op, unsigned gate);
constexpr unsigned kGateAll = kGatePriv | kGateCp1 | kGate64 | kGateMips4;
// Fill in the operands and handler of one instruction word (imm as its format needs).
void predecode(Insn& in, uint32_t raw, unsigned gate);

inline uint64_t sx32(uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); }
inline int64_t s64(uint64_t v) { return static_cast<int64_t>(v); }

// Conditional branches (MIPS IV ISA, "Branch"): the slot of a normal branch always runs as a
// delay slot (exceptions there set BD); a branch-likely that is not taken skips its slot.
inline void cond_branch(Cpu& c, const Insn& in, bool taken) {
    c.delay_next = true;
    if (taken) {
        c.npc = c.cur_pc + 4 + static_cast<uint64_t>(in.imm);
        if (in.imm < 0) c.backward_branch(c.npc);
    }
}
inline void cond_branch_likely(Cpu& c, const Insn& in, bool taken) {
    if (taken) c.branch_to(c.cur_pc + 4 + static_cast<uint64_t>(in.imm));
    else c.nullify_delay_slot();
}

}  // namespace flashsim::cpu

// Vocabulary for the bodies (c: the Cpu, in: the predecoded instruction).
#define RS (c.gpr[in.rs])
#define RT (c.gpr[in.rt])
#define IMM (in.imm)
#define WRITE_REG(r, v)         \
    do {                        \
        c.gpr[r] = (v);         \
        c.gpr[0] = 0;           \
    } while (0)
#define WRITE_RD(v) WRITE_REG(in.rd, v)
#define WRITE_RT(v) WRITE_REG(in.rt, v)
#define FR_MODE ((c.cp0.status() & ::flashsim::cpu::st::FR) != 0)
