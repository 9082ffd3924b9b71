#include "mem/ram.h"

#include <sys/mman.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace flashsim::mem {

Ram::Ram(sc_core::sc_module_name name, uint64_t size) : sc_module(name), socket("socket"), size_(size) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error(fmt::format("cannot allocate {} bytes of RAM", size));
    data_ = static_cast<uint8_t*>(p);
    socket.register_b_transport(this, &Ram::b_transport);
    socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
    socket.register_transport_dbg(this, &Ram::transport_dbg);
}

Ram::~Ram() { munmap(data_, size_); }

void Ram::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) {
    const uint64_t a = p.get_address();
    const unsigned len = p.get_data_length();
    if (a + len > size_ || a + len < a) {
        p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (p.is_write()) std::memcpy(data_ + a, p.get_data_ptr(), len);
    else std::memcpy(p.get_data_ptr(), data_ + a, len);
    p.set_dmi_allowed(true);
    p.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    dmi.set_dmi_ptr(data_);
    dmi.set_start_address(0);
    dmi.set_end_address(size_ - 1);
    dmi.allow_read_write();
    return true;
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& p) {
    sc_core::sc_time t;
    b_transport(p, t);
    return p.is_response_ok() ? p.get_data_length() : 0;
}

}  // namespace flashsim::mem
