// Timing mode of the machine: the core's TimingModel on top of the caches-and-directory model
// (sim/mem/memory_timing.h), with node-to-node latencies from the topology and misses fed to
// each home node's MAGIC miss counters.
#pragma once
#include <functional>
#include <memory>

#include "cpu/timing_model.h"
#include "mem/memory_timing.h"
#include "net/topology.h"

namespace flashsim::platform {

class MachineTiming : public cpu::TimingModel {
public:
    // on_miss(page address, requesting node): a miss reached the page's home memory.
    MachineTiming(const mem::TimingConfig& cfg, const net::Topology& topo,
                  std::function<void(uint64_t page_addr, unsigned node)> on_miss);
    uint64_t access(unsigned cpu, uint64_t paddr, Kind kind, uint64_t now_cycles) override {
        static constexpr mem::AccessKind kinds[] = {mem::AccessKind::Fetch, mem::AccessKind::Load,
                                                    mem::AccessKind::Store};
        // The base CPI of 1 already pays for a primary-cache hit.
        const uint64_t lat = model_.access(cpu, paddr, kinds[static_cast<unsigned>(kind)], now_cycles);
        return lat > l1_hit_ ? lat - l1_hit_ : 0;
    }
    mem::MemoryTiming& model() { return model_; }
    const mem::MemoryTiming& model() const { return model_; }

private:
    static std::vector<unsigned> cpu_nodes(const net::Topology& topo);
    mem::MemoryTiming model_;
    uint64_t l1_hit_;
};

}  // namespace flashsim::platform
