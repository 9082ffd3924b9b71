// Disassembler: one printer per operand Format from the decode table (GNU objdump syntax,
// n64 register names), so the trace reads like `mips64-linux-gnuabi64-objdump -d`.
#include <fmt/format.h>

#include "isa/isa.h"

namespace flashsim::isa {
namespace {

constexpr const char* kGpr[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                  "a4",   "a5", "a6", "a7", "t0", "t1", "t2", "t3",
                                  "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                  "t8",   "t9", "k0", "k1", "gp", "sp", "s8", "ra"};
constexpr const char* kFpCond[16] = {"f",  "un",   "eq",  "ueq", "olt", "ult", "ole", "ule",
                                     "sf", "ngle", "seq", "ngl", "lt",  "nge", "le",  "ngt"};

std::string mnemonic(Op op, uint32_t raw) {
    std::string m = info(op).mnemonic;
    if (auto p = m.find("%c"); p != std::string::npos) m.replace(p, 2, (raw >> 16) & 1 ? "t" : "f");
    if (auto p = m.find("%f"); p != std::string::npos) m.replace(p, 2, kFpCond[raw & 15]);
    return m;
}

}  // namespace

std::string disassemble(uint32_t raw, uint64_t pc) {
    const Op op = decode(raw);
    if (op == Op::INVALID) return fmt::format(".word   0x{:08x}", raw);
    if (raw == 0) return "nop";
    const char *r_s = kGpr[rs(raw)], *r_t = kGpr[rt(raw)], *r_d = kGpr[rd(raw)];
    const uint64_t btarget = pc + 4 + (static_cast<uint64_t>(simm16(raw)) << 2);
    const unsigned cc = (raw >> 18) & 7;
    std::string ops;
    switch (info(op).format) {
        case Format::NONE: break;
        case Format::RD_RT_SA: ops = fmt::format("{}, {}, {}", r_d, r_t, sa(raw)); break;
        case Format::RD_RT_RS: ops = fmt::format("{}, {}, {}", r_d, r_t, r_s); break;
        case Format::RD_RS_RT: ops = fmt::format("{}, {}, {}", r_d, r_s, r_t); break;
        case Format::RD_RS: ops = rd(raw) == 31 ? r_s : fmt::format("{}, {}", r_d, r_s); break;
        case Format::RD: ops = r_d; break;
        case Format::RS: ops = r_s; break;
        case Format::RS_RT: ops = fmt::format("{}, {}", r_s, r_t); break;
        case Format::RD_RS_CC: ops = fmt::format("{}, {}, $fcc{}", r_d, r_s, cc); break;
        case Format::CODE20: ops = fmt::format("0x{:x}", (raw >> 6) & 0xFFFFF); break;
        case Format::CODE26: ops = fmt::format("0x{:x}", raw & 0x3FFFFFF); break;
        case Format::RS_BRANCH: ops = fmt::format("{}, 0x{:x}", r_s, btarget); break;
        case Format::RS_RT_BRANCH: ops = fmt::format("{}, {}, 0x{:x}", r_s, r_t, btarget); break;
        case Format::RS_SIMM: ops = fmt::format("{}, {}", r_s, simm16(raw)); break;
        case Format::JUMP:
            ops = fmt::format("0x{:x}", ((pc + 4) & ~0x0FFFFFFFull) | ((raw & 0x3FFFFFF) << 2));
            break;
        case Format::RT_RS_SIMM: ops = fmt::format("{}, {}, {}", r_t, r_s, simm16(raw)); break;
        case Format::RT_RS_UIMM: ops = fmt::format("{}, {}, 0x{:x}", r_t, r_s, uimm16(raw)); break;
        case Format::RT_UIMM: ops = fmt::format("{}, 0x{:x}", r_t, uimm16(raw)); break;
        case Format::RT_MEM: ops = fmt::format("{}, {}({})", r_t, simm16(raw), r_s); break;
        case Format::FT_MEM: ops = fmt::format("$f{}, {}({})", ft(raw), simm16(raw), r_s); break;
        case Format::OP_MEM: ops = fmt::format("0x{:x}, {}({})", rt(raw), simm16(raw), r_s); break;
        case Format::RT_C0: ops = fmt::format("{}, ${}", r_t, rd(raw)); break;
        case Format::RT_FS: ops = fmt::format("{}, $f{}", r_t, fs(raw)); break;
        case Format::RT_FCR: ops = fmt::format("{}, ${}", r_t, fs(raw)); break;
        case Format::CC_BRANCH: ops = fmt::format("$fcc{}, 0x{:x}", cc, btarget); break;
        case Format::FD_FS_FT: ops = fmt::format("$f{}, $f{}, $f{}", fd(raw), fs(raw), ft(raw)); break;
        case Format::FD_FS: ops = fmt::format("$f{}, $f{}", fd(raw), fs(raw)); break;
        case Format::FD_FS_CC: ops = fmt::format("$f{}, $f{}, $fcc{}", fd(raw), fs(raw), cc); break;
        case Format::FD_FS_RT: ops = fmt::format("$f{}, $f{}, {}", fd(raw), fs(raw), r_t); break;
        case Format::CC_FS_FT:
            ops = fmt::format("$fcc{}, $f{}, $f{}", (raw >> 8) & 7, fs(raw), ft(raw));
            break;
        case Format::FD_INDEX: ops = fmt::format("$f{}, {}({})", fd(raw), r_t, r_s); break;
        case Format::FS_INDEX: ops = fmt::format("$f{}, {}({})", fs(raw), r_t, r_s); break;
        case Format::HINT_INDEX: ops = fmt::format("0x{:x}, {}({})", fs(raw), r_t, r_s); break;
        case Format::FD_FR_FS_FT:
            ops = fmt::format("$f{}, $f{}, $f{}, $f{}", fd(raw), rs(raw), fs(raw), ft(raw));
            break;
    }
    std::string m = mnemonic(op, raw);
    return ops.empty() ? m : fmt::format("{:<7} {}", m, ops);
}

}  // namespace flashsim::isa
