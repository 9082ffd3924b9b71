// A virtio console (virtio 1.1, section 5.3) with one port and no input: what the guest
// writes to it (Linux: /dev/hvc0) goes to a host file, a second output channel beside the
// UART console for bulk results, logs or traces (--virtio-console FILE).
#pragma once
#include <functional>
#include <string>

#include "dev/virtio_mmio.h"

namespace flashsim::dev {

class VirtioConsole : public VirtioMmio {
public:
    // sink receives every byte the guest transmits, in order.
    VirtioConsole(sc_core::sc_module_name name, Dma& dma, std::function<void(const char*, size_t)> sink);
    uint64_t bytes_written = 0;

protected:
    uint64_t device_features() const override { return kFeatureVersion1; }
    void config_read(uint64_t offset, uint8_t* buf, unsigned len) override;
    void queue_notify(unsigned q) override;

private:
    std::function<void(const char*, size_t)> sink_;
};

}  // namespace flashsim::dev
