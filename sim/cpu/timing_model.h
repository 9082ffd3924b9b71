// What the core asks of a timing model (sim/mem: caches and directory) in timing mode: the
// stall, in cycles beyond the base CPI of 1, of one access to a physical address.
#pragma once
#include <cstdint>

namespace flashsim::cpu {

class TimingModel {
public:
    enum class Kind : uint8_t { Fetch, Load, Store };
    virtual ~TimingModel() = default;
    virtual uint64_t access(unsigned cpu, uint64_t paddr, Kind kind, uint64_t now_cycles) = 0;
};

}  // namespace flashsim::cpu
