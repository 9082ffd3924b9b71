// A Cpu on a flat fake RAM, for unit tests that drive the core without SystemC.
#pragma once
#include <cstring>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/exec.h"

namespace test {

struct FakeBus : flashsim::cpu::SystemBus {
    std::vector<uint8_t> ram = std::vector<uint8_t>(16u << 20);
    uint8_t* ram_page(uint64_t pa) override { return pa < ram.size() ? ram.data() + (pa & ~0xFFFull) : nullptr; }
    bool read(uint64_t, uint8_t*, unsigned) override { return false; }
    bool write(uint64_t, const uint8_t*, unsigned) override { return false; }
};

struct Rig {
    FakeBus bus;
    flashsim::cpu::Cpu cpu{0, bus};
    static constexpr uint64_t kCode = 0xFFFFFFFF80010000ull;  // physical 0x10000

    // Put instruction words at kCode (followed by an endless loop) and start there.
    void program(std::initializer_list<uint32_t> words) {
        uint64_t pa = kCode & 0x1FFFFFFF;
        for (uint32_t w : words) put32(pa, w), pa += 4;
        put32(pa, 0x1000ffff);  // b .
        put32(pa + 4, 0);
        cpu.pc = kCode;
        cpu.npc = kCode + 4;
    }
    void put32(uint64_t pa, uint32_t w) {
        for (int i = 0; i < 4; ++i) bus.ram[pa + i] = static_cast<uint8_t>(w >> (24 - 8 * i));
    }
    uint64_t get64(uint64_t pa) const {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | bus.ram[pa + i];
        return v;
    }
    void user_mode() { set_status((cpu.cp0.status() & ~flashsim::cpu::st::KSU) | (2u << 3)); }
    void set_status(uint64_t v) {
        cpu.cp0.reg[flashsim::cpu::cp0reg::Status] = v;
        cpu.mode_changed();
    }
    unsigned exc_code() const { return (cpu.cp0.cause() >> 2) & 31; }
};

}  // namespace test
