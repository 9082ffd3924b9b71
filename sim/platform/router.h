// The node's address decoder: initiators (CPUs) in, targets (RAM, devices) out, each target
// at a physical range. DMI grants are translated back into physical addresses.
#pragma once
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace flashsim::platform {

class Router : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<Router> in;
    tlm_utils::multi_passthrough_initiator_socket<Router> out;

    explicit Router(sc_core::sc_module_name name);
    // Bind `socket` to the next out port and map [base, base+size) to target offset `offset`.
    template <typename Socket>
    void map(Socket& socket, uint64_t base, uint64_t size, uint64_t offset = 0) {
        out.bind(socket);
        add_range(base, size, offset, ports_++);
    }
    // A second range on an already-bound port (RAM above the I/O window).
    void add_range(uint64_t base, uint64_t size, uint64_t offset, unsigned port) {
        ranges_.push_back({base, size, offset, port});
    }
    unsigned last_port() const { return ports_ - 1; }

private:
    struct Range {
        uint64_t base, size, offset;
        unsigned port;
    };
    std::vector<Range> ranges_;
    unsigned ports_ = 0;

    const Range* find(uint64_t a) const;
    void b_transport(int id, tlm::tlm_generic_payload& p, sc_core::sc_time& t);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& p, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& p);
};

}  // namespace flashsim::platform
