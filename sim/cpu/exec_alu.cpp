// Integer arithmetic, logic, shifts, multiply/divide, conditional moves, traps and
// system instructions (MIPS IV ISA, CPU instruction descriptions).
#include "cpu/exec.h"

namespace flashsim::cpu {

// ---- 32-bit arithmetic: results are sign-extended words; ADD/SUB/ADDI trap on overflow ----
template <typename Op>
static void add32_trap(Cpu& c, const Insn& in, uint64_t b, unsigned dst, Op op) {
    int32_t r;
    if (op(static_cast<int32_t>(RS), static_cast<int32_t>(b), &r)) return c.exception(ExcCode::Ov);
    WRITE_REG(dst, sx32(static_cast<uint32_t>(r)));
}
template <typename Op>
static void add64_trap(Cpu& c, const Insn& in, uint64_t b, unsigned dst, Op op) {
    int64_t r;
    if (op(s64(RS), s64(b), &r)) return c.exception(ExcCode::Ov);
    WRITE_REG(dst, static_cast<uint64_t>(r));
}
static bool add32(int32_t a, int32_t b, int32_t* r) { return __builtin_add_overflow(a, b, r); }
static bool sub32(int32_t a, int32_t b, int32_t* r) { return __builtin_sub_overflow(a, b, r); }
static bool add64(int64_t a, int64_t b, int64_t* r) { return __builtin_add_overflow(a, b, r); }
static bool sub64(int64_t a, int64_t b, int64_t* r) { return __builtin_sub_overflow(a, b, r); }

void exec_ADD(Cpu& c, const Insn& in) { add32_trap(c, in, RT, in.rd, add32); }
void exec_SUB(Cpu& c, const Insn& in) { add32_trap(c, in, RT, in.rd, sub32); }
void exec_ADDI(Cpu& c, const Insn& in) { add32_trap(c, in, IMM, in.rt, add32); }
void exec_DADD(Cpu& c, const Insn& in) { add64_trap(c, in, RT, in.rd, add64); }
void exec_DSUB(Cpu& c, const Insn& in) { add64_trap(c, in, RT, in.rd, sub64); }
void exec_DADDI(Cpu& c, const Insn& in) { add64_trap(c, in, IMM, in.rt, add64); }

void exec_ADDU(Cpu& c, const Insn& in) { WRITE_RD(sx32(RS + RT)); }
void exec_SUBU(Cpu& c, const Insn& in) { WRITE_RD(sx32(RS - RT)); }
void exec_ADDIU(Cpu& c, const Insn& in) { WRITE_RT(sx32(RS + IMM)); }
void exec_DADDU(Cpu& c, const Insn& in) { WRITE_RD(RS + RT); }
void exec_DSUBU(Cpu& c, const Insn& in) { WRITE_RD(RS - RT); }
void exec_DADDIU(Cpu& c, const Insn& in) { WRITE_RT(RS + IMM); }

void exec_AND(Cpu& c, const Insn& in) { WRITE_RD(RS & RT); }
void exec_OR(Cpu& c, const Insn& in) { WRITE_RD(RS | RT); }
void exec_XOR(Cpu& c, const Insn& in) { WRITE_RD(RS ^ RT); }
void exec_NOR(Cpu& c, const Insn& in) { WRITE_RD(~(RS | RT)); }
void exec_ANDI(Cpu& c, const Insn& in) { WRITE_RT(RS & IMM); }
void exec_ORI(Cpu& c, const Insn& in) { WRITE_RT(RS | IMM); }
void exec_XORI(Cpu& c, const Insn& in) { WRITE_RT(RS ^ IMM); }
void exec_LUI(Cpu& c, const Insn& in) { WRITE_RT(sx32(IMM << 16)); }

void exec_SLT(Cpu& c, const Insn& in) { WRITE_RD(s64(RS) < s64(RT)); }
void exec_SLTU(Cpu& c, const Insn& in) { WRITE_RD(RS < RT); }
void exec_SLTI(Cpu& c, const Insn& in) { WRITE_RT(s64(RS) < IMM); }
void exec_SLTIU(Cpu& c, const Insn& in) { WRITE_RT(RS < static_cast<uint64_t>(IMM)); }

// ---- shifts ----
void exec_SLL(Cpu& c, const Insn& in) { WRITE_RD(sx32(static_cast<uint32_t>(RT) << in.sa)); }
void exec_SRL(Cpu& c, const Insn& in) { WRITE_RD(sx32(static_cast<uint32_t>(RT) >> in.sa)); }
void exec_SRA(Cpu& c, const Insn& in) {
    WRITE_RD(sx32(static_cast<uint32_t>(static_cast<int32_t>(RT) >> in.sa)));
}
void exec_SLLV(Cpu& c, const Insn& in) { WRITE_RD(sx32(static_cast<uint32_t>(RT) << (RS & 31))); }
void exec_SRLV(Cpu& c, const Insn& in) { WRITE_RD(sx32(static_cast<uint32_t>(RT) >> (RS & 31))); }
void exec_SRAV(Cpu& c, const Insn& in) {
    WRITE_RD(sx32(static_cast<uint32_t>(static_cast<int32_t>(RT) >> (RS & 31))));
}
void exec_DSLL(Cpu& c, const Insn& in) { WRITE_RD(RT << in.sa); }
void exec_DSRL(Cpu& c, const Insn& in) { WRITE_RD(RT >> in.sa); }
void exec_DSRA(Cpu& c, const Insn& in) { WRITE_RD(static_cast<uint64_t>(s64(RT) >> in.sa)); }
void exec_DSLL32(Cpu& c, const Insn& in) { WRITE_RD(RT << (in.sa + 32)); }
void exec_DSRL32(Cpu& c, const Insn& in) { WRITE_RD(RT >> (in.sa + 32)); }
void exec_DSRA32(Cpu& c, const Insn& in) { WRITE_RD(static_cast<uint64_t>(s64(RT) >> (in.sa + 32))); }
void exec_DSLLV(Cpu& c, const Insn& in) { WRITE_RD(RT << (RS & 63)); }
void exec_DSRLV(Cpu& c, const Insn& in) { WRITE_RD(RT >> (RS & 63)); }
void exec_DSRAV(Cpu& c, const Insn& in) { WRITE_RD(static_cast<uint64_t>(s64(RT) >> (RS & 63))); }

// ---- multiply and divide into HI/LO ----
void exec_MULT(Cpu& c, const Insn& in) {
    const int64_t p = int64_t(int32_t(RS)) * int64_t(int32_t(RT));
    c.lo = sx32(static_cast<uint64_t>(p));
    c.hi = sx32(static_cast<uint64_t>(p) >> 32);
}
void exec_MULTU(Cpu& c, const Insn& in) {
    const uint64_t p = uint64_t(uint32_t(RS)) * uint64_t(uint32_t(RT));
    c.lo = sx32(p);
    c.hi = sx32(p >> 32);
}
void exec_DMULT(Cpu& c, const Insn& in) {
    const __int128 p = static_cast<__int128>(s64(RS)) * s64(RT);
    c.lo = static_cast<uint64_t>(p);
    c.hi = static_cast<uint64_t>(p >> 64);
}
void exec_DMULTU(Cpu& c, const Insn& in) {
    const unsigned __int128 p = static_cast<unsigned __int128>(RS) * RT;
    c.lo = static_cast<uint64_t>(p);
    c.hi = static_cast<uint64_t>(p >> 64);
}
// Division by zero and MIN/-1 leave UNPREDICTABLE results in the ISA; we divide by 1 instead
// (LO = dividend, HI = 0), which is what QEMU does, so differential runs agree.
void exec_DIV(Cpu& c, const Insn& in) {
    const int32_t a = int32_t(RS), b = int32_t(RT);
    const bool odd = b == 0 || (a == INT32_MIN && b == -1);
    c.lo = sx32(static_cast<uint32_t>(odd ? a : a / b));
    c.hi = sx32(static_cast<uint32_t>(odd ? 0 : a % b));
}
void exec_DIVU(Cpu& c, const Insn& in) {
    const uint32_t a = uint32_t(RS), b = uint32_t(RT);
    c.lo = sx32(b ? a / b : a);
    c.hi = sx32(b ? a % b : 0);
}
void exec_DDIV(Cpu& c, const Insn& in) {
    const int64_t a = s64(RS), b = s64(RT);
    const bool odd = b == 0 || (a == INT64_MIN && b == -1);
    c.lo = static_cast<uint64_t>(odd ? a : a / b);
    c.hi = static_cast<uint64_t>(odd ? 0 : a % b);
}
void exec_DDIVU(Cpu& c, const Insn& in) {
    const uint64_t a = RS, b = RT;
    c.lo = b ? a / b : a;
    c.hi = b ? a % b : 0;
}
void exec_MFHI(Cpu& c, const Insn& in) { WRITE_RD(c.hi); }
void exec_MFLO(Cpu& c, const Insn& in) { WRITE_RD(c.lo); }
void exec_MTHI(Cpu& c, const Insn& in) { c.hi = RS; }
void exec_MTLO(Cpu& c, const Insn& in) { c.lo = RS; }

// ---- conditional moves ----
void exec_MOVZ(Cpu& c, const Insn& in) {
    if (RT == 0) WRITE_RD(RS);
}
void exec_MOVN(Cpu& c, const Insn& in) {
    if (RT != 0) WRITE_RD(RS);
}
void exec_MOVCI(Cpu& c, const Insn& in) {  // MOVF/MOVT on FP condition code cc (bits 20:18)
    if (c.fpu.cc((in.raw >> 18) & 7) == ((in.raw >> 16) & 1)) WRITE_RD(RS);
}

// ---- traps ----
static void trap_if(Cpu& c, bool cond) {
    if (cond) c.exception(ExcCode::Tr);
}
void exec_TGE(Cpu& c, const Insn& in) { trap_if(c, s64(RS) >= s64(RT)); }
void exec_TGEU(Cpu& c, const Insn& in) { trap_if(c, RS >= RT); }
void exec_TLT(Cpu& c, const Insn& in) { trap_if(c, s64(RS) < s64(RT)); }
void exec_TLTU(Cpu& c, const Insn& in) { trap_if(c, RS < RT); }
void exec_TEQ(Cpu& c, const Insn& in) { trap_if(c, RS == RT); }
void exec_TNE(Cpu& c, const Insn& in) { trap_if(c, RS != RT); }
void exec_TGEI(Cpu& c, const Insn& in) { trap_if(c, s64(RS) >= IMM); }
void exec_TGEIU(Cpu& c, const Insn& in) { trap_if(c, RS >= static_cast<uint64_t>(IMM)); }
void exec_TLTI(Cpu& c, const Insn& in) { trap_if(c, s64(RS) < IMM); }
void exec_TLTIU(Cpu& c, const Insn& in) { trap_if(c, RS < static_cast<uint64_t>(IMM)); }
void exec_TEQI(Cpu& c, const Insn& in) { trap_if(c, s64(RS) == IMM); }
void exec_TNEI(Cpu& c, const Insn& in) { trap_if(c, s64(RS) != IMM); }

// ---- system ----
void exec_SYSCALL(Cpu& c, const Insn&) { c.exception(ExcCode::Sys); }
void exec_BREAK(Cpu& c, const Insn&) { c.exception(ExcCode::Bp); }
void exec_SYNC(Cpu&, const Insn&) {}  // memory is sequentially consistent in this model
void exec_INVALID(Cpu& c, const Insn&) { c.exception(ExcCode::RI); }

// Coprocessor 2 is absent: unusable unless CU2 is set, then a Reserved Instruction.
static void cop2(Cpu& c) {
    if (!(c.cp0.status() & st::CU2)) return c.exception(ExcCode::CpU, 2);
    c.exception(ExcCode::RI);
}
void exec_COP2(Cpu& c, const Insn&) { cop2(c); }
void exec_LWC2(Cpu& c, const Insn&) { cop2(c); }
void exec_LDC2(Cpu& c, const Insn&) { cop2(c); }
void exec_SWC2(Cpu& c, const Insn&) { cop2(c); }
void exec_SDC2(Cpu& c, const Insn&) { cop2(c); }

// ---- the handler table and the gate ----
const Handler kHandlers[] = {
#define INSN(id, ...) &exec_##id,
#include "isa/mips4.def"
#undef INSN
    &exec_INVALID,
};

// What an instruction that the current mode does not allow does instead (R10000 manual 14.x:
// CP0 is usable in kernel mode or with CU0, CP1 only with CU1; 64-bit and MIPS IV operations
// are Reserved Instructions in 32-bit user/supervisor mode and in user mode without XX).
static void exec_CPU0(Cpu& c, const Insn&) { c.exception(ExcCode::CpU, 0); }
static void exec_CPU1(Cpu& c, const Insn&) { c.exception(ExcCode::CpU, 1); }

Handler select_handler(isa::Op op, unsigned gate) {
    const uint32_t f = isa::info(op).flags;
    if ((f & isa::IF_PRIV) && !(gate & kGatePriv)) return &exec_CPU0;
    if ((f & isa::IF_CP1) && !(gate & kGateCp1)) return &exec_CPU1;
    if ((f & isa::IF_D64) && !(gate & kGate64)) return &exec_INVALID;
    if ((f & isa::IF_M4) && !(gate & kGateMips4)) return &exec_INVALID;
    return kHandlers[static_cast<unsigned>(op)];
}

}  // namespace flashsim::cpu
