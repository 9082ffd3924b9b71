// The virtio-mmio transport, version 2 (virtio 1.1 spec, section 4.2: registers little-endian,
// split virtqueues in guest memory), for the devices in a node's I/O window slots
// (DESIGN.md: +0x10_0000 + 0x1000*k). A device class derives from it and serves its queues
// when the driver notifies; requests complete at once, so runs stay deterministic.
#pragma once
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "dev/device.h"
#include "dev/dma.h"

namespace flashsim::dev {

class VirtioMmio : public Device {
public:
    static constexpr uint64_t kFeatureVersion1 = 1ull << 32;
    static constexpr unsigned kMaxQueues = 4, kQueueMax = 256;
    static constexpr uint32_t kStatusNeedsReset = 0x40;

    std::function<void(bool)> on_irq;  // the interrupt line (InterruptStatus != 0)
    bool irq() const { return int_status_ != 0; }

    // One descriptor chain popped from a queue's available ring.
    struct Buffer {
        uint64_t addr;
        uint32_t len;
        bool device_writes;
    };
    struct Chain {
        uint16_t head = 0;
        std::vector<Buffer> bufs;
    };

protected:
    VirtioMmio(sc_core::sc_module_name name, Dma& dma, uint32_t device_id, unsigned queues);
    // What the device class provides.
    virtual uint64_t device_features() const = 0;
    virtual void config_read(uint64_t offset, uint8_t* buf, unsigned len) = 0;  // bytes as in memory
    virtual void queue_notify(unsigned q) = 0;
    virtual void device_reset() {}

    // Queue service for the device class.
    bool pop(unsigned q, Chain& c);                  // false: nothing available (or the device broke)
    void push(unsigned q, const Chain& c, uint32_t written);  // to the used ring, and interrupt
    // A driver error in the rings: the device stops and asks for a reset (spec 2.1.2).
    void fail(const std::string& why);
    Dma& dma_;

private:
    struct Queue {
        uint32_t num = 0;
        bool ready = false;
        uint64_t desc = 0, avail = 0, used = 0;
        uint16_t last_avail = 0, used_idx = 0;
    };
    const uint32_t device_id_;
    const unsigned queues_;
    std::array<Queue, kMaxQueues> q_{};
    uint32_t dev_feat_sel_ = 0, drv_feat_sel_ = 0, queue_sel_ = 0, status_ = 0, int_status_ = 0;
    uint64_t driver_features_ = 0;
    bool read(uint64_t offset, uint8_t* buf, unsigned len) override;
    bool write(uint64_t offset, const uint8_t* buf, unsigned len) override;
    void reset();
    void set_interrupt(uint32_t bits);
    Queue* selected() { return queue_sel_ < queues_ ? &q_[queue_sel_] : nullptr; }
};

}  // namespace flashsim::dev
