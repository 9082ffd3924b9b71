// The decode table: every row is reachable, rows do not shadow each other, and the R2
// additions the R10000 lacks decode to nothing (Reserved Instruction).
#include <catch2/catch.hpp>

#include "isa/isa.h"

using namespace flashsim::isa;

TEST_CASE("every row decodes from its own match pattern", "[decode]") {
    for (unsigned i = 0; i < kNumOps; ++i) {
        const OpInfo& oi = kOps[i];
        INFO(oi.mnemonic);
        CHECK(static_cast<unsigned>(decode(oi.match)) == i);
        CHECK((oi.match & ~oi.mask) == 0);  // a match bit outside the mask is a typo
    }
}

TEST_CASE("no two rows accept the same word", "[decode]") {
    for (unsigned i = 0; i < kNumOps; ++i)
        for (unsigned j = i + 1; j < kNumOps; ++j) {
            const OpInfo &a = kOps[i], &b = kOps[j];
            const uint32_t common = a.mask & b.mask;
            INFO(a.mnemonic << " vs " << b.mnemonic);
            CHECK((a.match & common) != (b.match & common));
        }
}

TEST_CASE("MIPS32/64 R2 instructions are reserved on the R10000", "[decode]") {
    const struct {
        const char* name;
        uint32_t word;
    } r2[] = {
        {"ext t0,t1,4,8", 0x7d2c3900},  {"ins t0,t1,4,8", 0x7d2c5904}, {"seb t0,t1", 0x7c096420},
        {"seh t0,t1", 0x7c096620},      {"wsbh t0,t1", 0x7c0960a0},    {"rdhwr v1,$29", 0x7c03e83b},
        {"rotr t0,t1,3", 0x002960c2},   {"dext t0,t1,4,8", 0x7d2c3903}, {"clz t0,t1", 0x712c6020},
        {"mul t0,t1,t2", 0x712e6002},   {"di", 0x41606000},            {"ei", 0x41606020},
        {"wait", 0x42000020},           {"sdbbp", 0x7000003f},
    };
    for (auto& c : r2) {
        INFO(c.name);
        CHECK(decode(c.word) == Op::INVALID);
    }
}

TEST_CASE("disassembly follows objdump's syntax", "[disasm]") {
    CHECK(disassemble(0x27bdffe0, 0) == "addiu   sp, sp, -32");
    CHECK(disassemble(0x00000000, 0) == "nop");
    CHECK(disassemble(0x03e00008, 0) == "jr      ra");
    CHECK(disassemble(0xdfbf0018, 0) == "ld      ra, 24(sp)");
    CHECK(disassemble(0x1000ffff, 0x100) == "beq     zero, zero, 0x100");
    CHECK(disassemble(0x46221080, 0) == "add.d   $f2, $f2, $f2");
    CHECK(disassemble(0x4c6210a1, 0) == "madd.d  $f2, $f3, $f2, $f2");
    CHECK(disassemble(0x42000018, 0) == "eret");
    CHECK(disassemble(0x40026000, 0) == "mfc0    v0, $12");
    CHECK(disassemble(0x7c03e83b, 0) == ".word   0x7c03e83b");
}

TEST_CASE("flags mark what the gate checks", "[decode]") {
    CHECK(info(decode(0x40026000)).flags & IF_PRIV);  // mfc0
    CHECK(info(decode(0x46221080)).flags & IF_CP1);   // add.d
    CHECK(info(decode(0x0062102d)).flags & IF_D64);   // daddu
    CHECK(info(decode(0x0062100b)).flags & IF_M4);    // movn
    CHECK(info(decode(0x10000001)).flags & IF_BRANCH);
    CHECK(info(decode(0x50000001)).flags & IF_LIKELY);  // beql
}

TEST_CASE("COP1X indexed stores and prefx keep fs/hint in bits 15:11", "[decode]") {
    CHECK(decode(0x4c8e1009) == Op::SDXC1);  // sdxc1 $f2, t2(a0)
    CHECK(decode(0x4c8e1008) == Op::SWXC1);  // swxc1 $f2, t2(a0)
    CHECK(decode(0x4c8e080f) == Op::PREFX);  // prefx 1, t2(a0)
    CHECK(decode(0x4c8e1049) == Op::INVALID);  // bits 10:6 must be zero
    CHECK(decode(0x4c8e0080) == Op::LWXC1);    // lwxc1 $f2, t2(a0): fd in bits 10:6
    CHECK(decode(0x4c8e0081) == Op::LDXC1);
    CHECK(decode(0x4c8e0881) == Op::INVALID);  // bits 15:11 must be zero
}
