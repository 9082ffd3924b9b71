#include "platform/cpu_module.h"

namespace flashsim::platform {

CpuModule* CpuModule::running = nullptr;

CpuModule::CpuModule(sc_core::sc_module_name name, unsigned id, sc_core::sc_time cycle, uint64_t quantum)
    : sc_module(name), socket("socket"), cpu_(std::make_unique<cpu::Cpu>(id, *this)), cycle_(cycle),
      quantum_(quantum) {
    SC_HAS_PROCESS(CpuModule);
    SC_THREAD(thread);
}

void CpuModule::set_held(bool held) {
    held_ = held;
    if (!held) release_.notify(sc_core::SC_ZERO_TIME);
}

void CpuModule::thread() {
    for (;;) {
        if (held_) wait(release_);
        const uint64_t before = cpu_->cycles;
        const uint64_t budget = next_quantum ? next_quantum() : quantum_;
        running = this;
        cpu_->run(budget);
        running = nullptr;
        // A CPU spinning on a lock gives the host back at once but spends the simulated time
        // of its whole quantum, as if it had spun it: the holder gets to run, and runs stay
        // deterministic.
        if (cpu_->take_yield() && cpu_->cycles - before < budget) cpu_->cycles = before + budget;
        if (after_quantum && !after_quantum(*this)) return;
        // Simulated time advances once per quantum, never per instruction.
        const uint64_t spent = cpu_->cycles - before;
        wait(cycle_ * static_cast<double>(spent ? spent : 1));
    }
}

uint8_t* CpuModule::ram_page(uint64_t paddr) {
    for (const DmiRange& r : dmi_)
        if (paddr >= r.start && paddr <= r.end) return r.ptr + ((paddr - r.start) & ~0xFFFull);
    tlm::tlm_generic_payload p;
    tlm::tlm_dmi dmi;
    p.set_address(paddr);
    p.set_command(tlm::TLM_READ_COMMAND);
    if (!socket->get_direct_mem_ptr(p, dmi) || !dmi.is_read_write_allowed()) return nullptr;
    // Grants are page-aligned here: RAM ranges start on 4 KiB boundaries.
    dmi_.push_back({dmi.get_start_address(), dmi.get_end_address(), dmi.get_dmi_ptr()});
    return dmi.get_dmi_ptr() + ((paddr - dmi.get_start_address()) & ~0xFFFull);
}

bool CpuModule::transport(tlm::tlm_command cmd, uint64_t paddr, uint8_t* buf, unsigned len) {
    tlm::tlm_generic_payload p;
    p.set_command(cmd);
    p.set_address(paddr);
    p.set_data_ptr(buf);
    p.set_data_length(len);
    p.set_streaming_width(len);
    p.set_byte_enable_ptr(nullptr);
    p.set_dmi_allowed(false);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(p, delay);
    return p.is_response_ok();
}

bool CpuModule::read(uint64_t paddr, uint8_t* buf, unsigned len) {
    return transport(tlm::TLM_READ_COMMAND, paddr, buf, len);
}
bool CpuModule::write(uint64_t paddr, const uint8_t* buf, unsigned len) {
    return transport(tlm::TLM_WRITE_COMMAND, paddr, const_cast<uint8_t*>(buf), len);
}

}  // namespace flashsim::platform
