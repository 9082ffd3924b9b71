// simctl: the simulation-control device (DESIGN.md node I/O window +0x02_0000).
// Registers are 64 bits at 8-byte strides; 32- or 64-bit accesses at a register's offset
// read or write its value (a 32-bit store of 3 to EXIT exits with 3).
#pragma once
#include <functional>

#include "dev/device.h"

namespace flashsim::dev {

struct SimctlHooks {
    std::function<void(int status)> exit;
    std::function<void(char)> putc;
    std::function<uint64_t()> instret, cycles;  // of the calling CPU
    std::function<void(uint64_t)> stats;       // 1 dump snapshot, 2 reset counters
    std::function<void(uint64_t)> annotate;
    std::function<uint64_t()> get_mode;       // 0 fast, 1 timing
    std::function<void(uint64_t)> set_mode;
};

class Simctl : public Device {
public:
    enum : uint64_t {
        EXIT = 0x00, PUTC = 0x08, INSTRET = 0x10, CYCLES = 0x18, STATS = 0x20, ANNOTATE = 0x28,
        MODE = 0x30,  // flashsim extension: read/write the simulation mode (0 fast, 1 timing)
    };
    Simctl(sc_core::sc_module_name name, SimctlHooks hooks) : Device(name), hooks_(std::move(hooks)) {}

protected:
    bool read(uint64_t offset, uint8_t* buf, unsigned len) override;
    bool write(uint64_t offset, const uint8_t* buf, unsigned len) override;

private:
    SimctlHooks hooks_;
};

}  // namespace flashsim::dev
