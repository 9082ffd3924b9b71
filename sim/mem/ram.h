// Node RAM: a TLM-2.0 target that grants DMI over its whole range, so CPUs reach it through
// host pointers (DESIGN.md "Timing"). Backed by an anonymous mapping: untouched pages cost
// nothing, and they read as zero as real memory after the boot ROM's clear would.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace flashsim::mem {

class Ram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Ram> socket;

    Ram(sc_core::sc_module_name name, uint64_t size);
    ~Ram() override;
    uint64_t size() const { return size_; }
    uint8_t* data() { return data_; }

private:
    uint64_t size_;
    uint8_t* data_;
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& p, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(tlm::tlm_generic_payload& p);
};

}  // namespace flashsim::mem
