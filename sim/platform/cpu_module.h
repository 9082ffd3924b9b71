// Binds an R10000 core to TLM: it runs a quantum of instructions, then lets SystemC time
// catch up once (VCML style); RAM through DMI pointers, devices through b_transport.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "cpu/cpu.h"

namespace flashsim::platform {

class CpuModule : public sc_core::sc_module, public cpu::SystemBus {
public:
    tlm_utils::simple_initiator_socket<CpuModule> socket;

    CpuModule(sc_core::sc_module_name name, unsigned id, sc_core::sc_time cycle, uint64_t quantum);
    cpu::Cpu& core() { return *cpu_; }
    // The CPU whose quantum is running now (devices use it for "the calling CPU").
    static CpuModule* running;
    // Held CPUs sleep until released (boot mailbox, issue 4).
    void set_held(bool held);
    // Called after every quantum; returning false stops this CPU for good.
    std::function<bool(CpuModule&)> after_quantum;
    // Instructions to run in the next quantum (the machine clips it to --max-instructions).
    std::function<uint64_t()> next_quantum;

    uint8_t* ram_page(uint64_t paddr) override;
    bool read(uint64_t paddr, uint8_t* buf, unsigned len) override;
    bool write(uint64_t paddr, const uint8_t* buf, unsigned len) override;

private:
    struct DmiRange {
        uint64_t start, end;
        uint8_t* ptr;
    };
    std::unique_ptr<cpu::Cpu> cpu_;
    sc_core::sc_time cycle_;
    uint64_t quantum_;
    bool held_ = false;
    sc_core::sc_event release_;
    std::vector<DmiRange> dmi_;

    void thread();
    bool transport(tlm::tlm_command cmd, uint64_t paddr, uint8_t* buf, unsigned len);
};

}  // namespace flashsim::platform
