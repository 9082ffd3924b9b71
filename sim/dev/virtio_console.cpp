#include "dev/virtio_console.h"

#include <vector>

#include <fmt/format.h>

namespace flashsim::dev {

namespace {
constexpr uint32_t kDeviceIdConsole = 3;
enum : unsigned { RECEIVEQ = 0, TRANSMITQ = 1 };
}  // namespace

VirtioConsole::VirtioConsole(sc_core::sc_module_name name, Dma& dma, std::function<void(const char*, size_t)> sink)
    : VirtioMmio(name, dma, kDeviceIdConsole, 2), sink_(std::move(sink)) {}

void VirtioConsole::config_read(uint64_t, uint8_t* buf, unsigned len) {
    // cols, rows, max_nr_ports, emerg_wr: meaningful only with features this device does not offer.
    for (unsigned i = 0; i < len; ++i) buf[i] = 0;
}

void VirtioConsole::queue_notify(unsigned q) {
    if (q != TRANSMITQ) return;  // receive buffers stay posted: there is no input
    Chain c;
    std::vector<char> data;
    while (pop(q, c)) {
        for (const Buffer& b : c.bufs) {
            if (b.device_writes) {
                fail("a transmit buffer the device should write");
                return;
            }
            data.resize(b.len);
            if (!dma_.read(b.addr, data.data(), b.len)) {
                fail(fmt::format("transmit buffer at 0x{:x} is not in RAM", b.addr));
                return;
            }
            sink_(data.data(), data.size());
            bytes_written += b.len;
        }
        push(q, c, 0);
    }
}

}  // namespace flashsim::dev
