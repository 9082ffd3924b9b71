// Base for memory-mapped devices: a TLM target whose registers are reached with b_transport.
// Data buffers hold bytes in guest (big-endian) order.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace flashsim::dev {

class Device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Device> socket;
    explicit Device(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_b_transport(this, &Device::b_transport);
    }

protected:
    // offset within the device; false = bus error
    virtual bool read(uint64_t offset, uint8_t* buf, unsigned len) = 0;
    virtual bool write(uint64_t offset, const uint8_t* buf, unsigned len) = 0;

    // Big-endian value of a 1-8 byte buffer.
    static uint64_t be_value(const uint8_t* buf, unsigned len) {
        uint64_t v = 0;
        for (unsigned i = 0; i < len; ++i) v = (v << 8) | buf[i];
        return v;
    }
    static void put_be(uint8_t* buf, unsigned len, uint64_t v) {
        for (unsigned i = len; i-- > 0; v >>= 8) buf[i] = static_cast<uint8_t>(v);
    }

private:
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) {
        const bool ok = p.is_write() ? write(p.get_address(), p.get_data_ptr(), p.get_data_length())
                                     : read(p.get_address(), p.get_data_ptr(), p.get_data_length());
        p.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
};

}  // namespace flashsim::dev
