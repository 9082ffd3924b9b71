// MIPS IV instruction identities, operand formats and decoding, generated from mips4.def.
#pragma once
#include <cstdint>
#include <string>

namespace flashsim::isa {

// Operand layouts; the disassembler prints each one (disasm.cpp).
enum class Format : uint8_t {
    NONE, RD_RT_SA, RD_RT_RS, RD_RS_RT, RD_RS, RD, RS, RS_RT, RD_RS_CC, CODE20, CODE26,
    RS_BRANCH, RS_RT_BRANCH, RS_SIMM, JUMP, RT_RS_SIMM, RT_RS_UIMM, RT_UIMM, RT_MEM, FT_MEM,
    OP_MEM, RT_C0, RT_FS, RT_FCR, CC_BRANCH, FD_FS_FT, FD_FS, FD_FS_CC, FD_FS_RT, CC_FS_FT,
    FD_INDEX, FS_INDEX, HINT_INDEX, FD_FR_FS_FT,
};

enum Flags : uint32_t {
    IF_BRANCH = 1u << 0,  // has a delay slot
    IF_LIKELY = 1u << 1,  // branch-likely: the slot is nullified when not taken
    IF_LOAD = 1u << 2,
    IF_STORE = 1u << 3,
    IF_PRIV = 1u << 4,  // needs kernel mode or CU0 (Coprocessor Unusable otherwise)
    IF_CP1 = 1u << 5,   // needs CU1
    IF_D64 = 1u << 6,   // 64-bit operation: Reserved Instruction in 32-bit user/supervisor mode
    IF_M4 = 1u << 7,    // MIPS IV addition: Reserved Instruction in user mode unless Status.XX
};

enum class Op : uint16_t {
#define INSN(id, mn, match, mask, fmt, flags) id,
#include "mips4.def"
#undef INSN
    INVALID,  // matches nothing: Reserved Instruction
};

struct OpInfo {
    const char* mnemonic;
    uint32_t match, mask;
    Format format;
    uint32_t flags;
};

constexpr OpInfo kOps[] = {
#define INSN(id, mn, match, mask, fmt, flags) {mn, match, mask, Format::fmt, flags},
#include "mips4.def"
#undef INSN
    {"(reserved)", 0, 0, Format::NONE, 0},
};
constexpr unsigned kNumOps = static_cast<unsigned>(Op::INVALID);

inline const OpInfo& info(Op op) { return kOps[static_cast<unsigned>(op)]; }

// The row of mips4.def that the word matches, or Op::INVALID.
Op decode(uint32_t raw);

// "addiu   sp, sp, -32"; pc is the instruction's address (for branch targets).
std::string disassemble(uint32_t raw, uint64_t pc);

// Instruction fields.
constexpr unsigned rs(uint32_t r) { return (r >> 21) & 31; }
constexpr unsigned rt(uint32_t r) { return (r >> 16) & 31; }
constexpr unsigned rd(uint32_t r) { return (r >> 11) & 31; }
constexpr unsigned sa(uint32_t r) { return (r >> 6) & 31; }
constexpr int64_t simm16(uint32_t r) { return static_cast<int16_t>(r & 0xFFFF); }
constexpr uint64_t uimm16(uint32_t r) { return r & 0xFFFF; }
// FPU fields: fmt=rs, ft=rt, fs=rd, fd=sa; fr (COP1X) = rs.
constexpr unsigned ft(uint32_t r) { return rt(r); }
constexpr unsigned fs(uint32_t r) { return rd(r); }
constexpr unsigned fd(uint32_t r) { return sa(r); }

}  // namespace flashsim::isa
