// CP0 and the TLB: reset state, translation through the 64-entry TLB (refill vs invalid vs
// modified, vectors, BadVAddr/Context/EntryHi), page sizes, ASIDs, Random, Count/Compare,
// exceptions in delay slots (R10000 manual ch. 14-16).
#include <catch2/catch.hpp>

#include "rig.h"

using namespace flashsim::cpu;
using test::Rig;

namespace {
void write_tlb(Cpu& c, unsigned index, uint64_t hi, uint64_t lo0, uint64_t lo1, uint64_t mask = 0) {
    c.cp0.reg[cp0reg::Index] = index;
    c.cp0.reg[cp0reg::EntryHi] = hi;
    c.cp0.reg[cp0reg::EntryLo0] = lo0;
    c.cp0.reg[cp0reg::EntryLo1] = lo1;
    c.cp0.reg[cp0reg::PageMask] = mask;
    c.mode_changed();
    Insn in{};
    exec_TLBWI(c, in);
}
// EntryLo for physical address pa: PFN, cacheable noncoherent, D, V.
uint64_t lo(uint64_t pa, bool d = true, bool v = true, bool g = false) {
    return ((pa >> 12) << 6) | (3 << 3) | (d ? 4 : 0) | (v ? 2 : 0) | (g ? 1 : 0);
}
}  // namespace

TEST_CASE("reset state follows the boot protocol", "[cp0]") {
    Rig r;
    CHECK(r.cpu.cp0.status() == (st::CU0 | st::CU1 | st::FR | st::KX | st::SX | st::UX));
    CHECK(((r.cpu.cp0.reg[cp0reg::PRId] >> 8) & 0xFF) == 0x09);
    CHECK(r.cpu.mode() == 0);
}

TEST_CASE("TLB maps even and odd pages, 4 KiB and 16 KiB", "[tlb]") {
    Rig r;
    write_tlb(r.cpu, 5, 0x0000000000400000ull | 7, lo(0x200000), lo(0x300000));
    r.cpu.cp0.reg[cp0reg::EntryHi] = 7;  // ASID 7
    r.user_mode();
    uint64_t pa = 0;
    REQUIRE(r.cpu.translate(0x400123, Access::Load, pa));
    CHECK(pa == 0x200123);
    REQUIRE(r.cpu.translate(0x401FF8, Access::Store, pa));
    CHECK(pa == 0x300FF8);
    // 16 KiB pages: PageMask 0x6000, the pair covers 32 KiB.
    write_tlb(r.cpu, 6, 0x0000000000800000ull | 7, lo(0x100000), lo(0x140000), 0x6000);
    r.user_mode();
    REQUIRE(r.cpu.translate(0x803ABC, Access::Load, pa));
    CHECK(pa == 0x103ABC);
    REQUIRE(r.cpu.translate(0x807000, Access::Load, pa));
    CHECK(pa == 0x143000);
}

TEST_CASE("TLB refill uses the XTLB vector for 64-bit user addresses, 0x000 for 32-bit", "[tlb]") {
    Rig r;
    r.user_mode();
    r.cpu.cur_pc = 0x1000;
    uint64_t pa;
    CHECK_FALSE(r.cpu.translate(0x12345678, Access::Load, pa));
    CHECK(r.exc_code() == 2);  // TLBL
    CHECK(r.cpu.pc == 0xFFFFFFFF80000080ull);
    CHECK(r.cpu.cp0.reg[cp0reg::BadVAddr] == 0x12345678);
    CHECK(r.cpu.cp0.reg[cp0reg::EPC] == 0x1000);
    CHECK(((r.cpu.cp0.reg[cp0reg::Context] >> 4) & 0x7FFFF) == (0x12345678 >> 13));
    CHECK((r.cpu.cp0.reg[cp0reg::EntryHi] & ~0xFFull) == (0x12345678ull & ~0x1FFFull));
    CHECK(r.cpu.stats.tlb_refills == 1);

    Rig r32;
    r32.set_status((r32.cpu.cp0.status() & ~st::UX) | (2u << 3));
    CHECK_FALSE(r32.cpu.translate(0x12345678, Access::Store, pa));
    CHECK(r32.exc_code() == 3);  // TLBS
    CHECK(r32.cpu.pc == 0xFFFFFFFF80000000ull);
}

TEST_CASE("a refill with EXL set goes to the general vector and keeps EPC", "[tlb]") {
    Rig r;
    r.cpu.cp0.reg[cp0reg::EPC] = 0x4444;
    r.set_status(r.cpu.cp0.status() | st::EXL);
    uint64_t pa;
    CHECK_FALSE(r.cpu.translate(0x7000, Access::Load, pa));  // kuseg, kernel mode, mapped
    CHECK(r.cpu.pc == 0xFFFFFFFF80000180ull);
    CHECK(r.cpu.cp0.reg[cp0reg::EPC] == 0x4444);
}

TEST_CASE("invalid and modified exceptions use the general vector", "[tlb]") {
    Rig r;
    write_tlb(r.cpu, 1, 0x10000, lo(0x20000, false, true), lo(0x21000, true, false));
    uint64_t pa;
    CHECK_FALSE(r.cpu.translate(0x10000, Access::Store, pa));
    CHECK(r.exc_code() == 1);  // Mod
    CHECK(r.cpu.pc == 0xFFFFFFFF80000180ull);
    Rig r2;
    write_tlb(r2.cpu, 1, 0x10000, lo(0x20000), lo(0x21000, true, false));
    CHECK_FALSE(r2.cpu.translate(0x11000, Access::Load, pa));
    CHECK(r2.exc_code() == 2);  // TLBL, invalid
    CHECK(r2.cpu.pc == 0xFFFFFFFF80000180ull);
    CHECK(r2.cpu.stats.tlb_refills == 0);
}

TEST_CASE("ASIDs separate address spaces; the G bit matches any ASID", "[tlb]") {
    Rig r;
    write_tlb(r.cpu, 2, 0x20000 | 3, lo(0x40000), lo(0x41000));
    write_tlb(r.cpu, 3, 0x30000 | 3, lo(0x50000, true, true, true), lo(0x51000, true, true, true));
    r.cpu.cp0.reg[cp0reg::EntryHi] = 4;
    r.cpu.mode_changed();
    uint64_t pa;
    CHECK(r.cpu.translate(0x30010, Access::Load, pa));
    CHECK(pa == 0x50010);
    CHECK_FALSE(r.cpu.translate(0x20010, Access::Load, pa));
}

TEST_CASE("TLBP finds entries and sets P on a miss; TLBR reads them back", "[tlb]") {
    Rig r;
    write_tlb(r.cpu, 9, 0x60000 | 1, lo(0x70000), lo(0x71000));
    Insn in{};
    r.cpu.cp0.reg[cp0reg::EntryHi] = 0x60000 | 1;
    exec_TLBP(r.cpu, in);
    CHECK(r.cpu.cp0.reg[cp0reg::Index] == 9);
    r.cpu.cp0.reg[cp0reg::EntryHi] = 0x90000 | 1;
    exec_TLBP(r.cpu, in);
    CHECK(r.cpu.cp0.reg[cp0reg::Index] == 0x80000000ull);
    r.cpu.cp0.reg[cp0reg::Index] = 9;
    exec_TLBR(r.cpu, in);
    CHECK(r.cpu.cp0.reg[cp0reg::EntryHi] == (0x60000 | 1));
    CHECK(r.cpu.cp0.reg[cp0reg::EntryLo1] == lo(0x71000));
}

TEST_CASE("Random stays between Wired and 63", "[cp0]") {
    Rig r;
    r.cpu.cp0.reg[cp0reg::Wired] = 60;
    r.cpu.reset_random();
    r.program({0x00000000, 0x00000000, 0x00000000});
    for (int i = 0; i < 50; ++i) {
        r.cpu.run(1);
        const unsigned x = r.cpu.random_index();
        CHECK(x >= 60);
        CHECK(x <= 63);
    }
}

TEST_CASE("kernel segments: kseg0/kseg1 unmapped, xkphys needs KX, user cannot touch them", "[mmu]") {
    Rig r;
    uint64_t pa;
    CHECK(r.cpu.translate(0xFFFFFFFF80123456ull, Access::Load, pa));
    CHECK(pa == 0x123456);
    CHECK(r.cpu.translate(0xFFFFFFFFA0123456ull, Access::Load, pa));
    CHECK(pa == 0x123456);
    CHECK(r.cpu.translate(0x9000000012345678ull, Access::Load, pa));
    CHECK(pa == 0x12345678);
    CHECK_FALSE(r.cpu.translate(0x9000100000000000ull, Access::Load, pa));  // bits 58:40 set
    CHECK(r.exc_code() == 4);
    r.set_status(r.cpu.cp0.status() & ~st::KX);
    CHECK_FALSE(r.cpu.translate(0x9000000012345678ull, Access::Load, pa));
    Rig u;
    u.user_mode();
    CHECK_FALSE(u.cpu.translate(0xFFFFFFFF80000000ull, Access::Store, pa));
    CHECK(u.exc_code() == 5);  // AdES
    CHECK(u.cpu.cp0.reg[cp0reg::BadVAddr] == 0xFFFFFFFF80000000ull);
}

TEST_CASE("supervisor mode reaches sseg and xsseg but not kseg0", "[mmu]") {
    Rig r;
    const uint64_t super = (r.cpu.cp0.status() & ~st::KSU) | (1u << 3);
    uint64_t pa;
    r.set_status(super);  // each exception sets EXL (kernel mode): start again every time
    REQUIRE(r.cpu.mode() == 1);
    CHECK_FALSE(r.cpu.translate(0xFFFFFFFFC0000000ull, Access::Load, pa));
    CHECK(r.exc_code() == 2);  // mapped: a TLB miss, not an address error
    r.set_status(super);
    CHECK_FALSE(r.cpu.translate(0x4000000000001000ull, Access::Load, pa));
    CHECK(r.exc_code() == 2);
    r.set_status(super);
    CHECK_FALSE(r.cpu.translate(0xFFFFFFFF80000000ull, Access::Load, pa));
    CHECK(r.exc_code() == 4);
}

TEST_CASE("an exception in a delay slot sets BD and EPC to the branch", "[exc]") {
    Rig r;
    r.program({0x10000002,    // b +2
               0x0000000c});  // syscall (delay slot)
    r.cpu.run(2);
    CHECK(r.exc_code() == 8);
    CHECK((r.cpu.cp0.cause() & ca::BD) != 0);
    CHECK(r.cpu.cp0.reg[cp0reg::EPC] == Rig::kCode);
    CHECK(r.cpu.pc == 0xFFFFFFFF80000180ull);
}

TEST_CASE("branch-likely not taken nullifies its delay slot", "[branch]") {
    Rig r;
    r.program({0x54000002,    // bnel zero, zero, +2 (never taken)
               0x24020001,    // addiu v0, zero, 1 (nullified)
               0x24030002});  // addiu v1, zero, 2
    r.cpu.run(2);
    CHECK(r.cpu.gpr[2] == 0);
    CHECK(r.cpu.gpr[3] == 2);
}

TEST_CASE("Count ticks at half the clock; Compare raises IP7", "[timer]") {
    Rig r;
    r.program({});
    Insn in{};
    r.cpu.set_count(0);
    r.cpu.set_compare(100);
    r.cpu.run(150);
    CHECK(r.cpu.count() == 75);
    CHECK((r.cpu.cp0.cause() & (1u << 15)) == 0);
    r.cpu.run(60);
    CHECK((r.cpu.cp0.cause() & (1u << 15)) != 0);
    // Enabled: the interrupt is taken.
    r.set_status(r.cpu.cp0.status() | st::IE | (0x80u << 8));
    r.cpu.run(1);
    CHECK(r.exc_code() == 0);
    CHECK(r.cpu.pc == 0xFFFFFFFF80000184ull);  // took Int at 0x180, then ran one instruction
    (void)in;
}

TEST_CASE("reserved and unusable instructions", "[exc]") {
    Rig r;
    r.program({0x7c03e83b});  // rdhwr v1, $29: not on the R10000
    r.cpu.run(1);
    CHECK(r.exc_code() == 10);
    Rig f;
    f.set_status(f.cpu.cp0.status() & ~st::CU1);
    f.program({0x46221080});  // add.d without CU1
    f.cpu.run(1);
    CHECK(f.exc_code() == 11);
    CHECK(((f.cpu.cp0.cause() >> 28) & 3) == 1);
    Rig u;
    u.user_mode();
    u.program({0x40026000});  // mfc0 in user mode
    u.cpu.run(1);
    CHECK(u.exc_code() == 4);  // fetching kseg0 code in user mode is an address error first
}
