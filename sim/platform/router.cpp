#include "platform/router.h"

#include <algorithm>

namespace flashsim::platform {

Router::Router(sc_core::sc_module_name name) : sc_module(name), in("in"), out("out") {
    in.register_b_transport(this, &Router::b_transport);
    in.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
    in.register_transport_dbg(this, &Router::transport_dbg);
}

const Router::Range* Router::find(uint64_t a) const {
    for (const Range& r : ranges_)
        if (a >= r.base && a - r.base < r.size) return &r;
    return nullptr;
}

void Router::b_transport(int, tlm::tlm_generic_payload& p, sc_core::sc_time& t) {
    const uint64_t a = p.get_address();
    const Range* r = find(a);
    if (!r || a - r->base + p.get_data_length() > r->size) {
        p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    p.set_address(a - r->base + r->offset);
    out[r->port]->b_transport(p, t);
    p.set_address(a);
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& p, tlm::tlm_dmi& dmi) {
    const uint64_t a = p.get_address();
    const Range* r = find(a);
    if (!r) return false;
    p.set_address(a - r->base + r->offset);
    const bool ok = out[r->port]->get_direct_mem_ptr(p, dmi);
    p.set_address(a);
    if (!ok) return false;
    // Clip the grant to this range and express it in physical addresses.
    const uint64_t lo = std::max<uint64_t>(dmi.get_start_address(), r->offset);
    const uint64_t hi = std::min<uint64_t>(dmi.get_end_address(), r->offset + r->size - 1);
    dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (lo - dmi.get_start_address()));
    dmi.set_start_address(lo - r->offset + r->base);
    dmi.set_end_address(hi - r->offset + r->base);
    return true;
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& p) {
    const uint64_t a = p.get_address();
    const Range* r = find(a);
    if (!r) return 0;
    p.set_address(a - r->base + r->offset);
    const unsigned n = out[r->port]->transport_dbg(p);
    p.set_address(a);
    return n;
}

}  // namespace flashsim::platform
