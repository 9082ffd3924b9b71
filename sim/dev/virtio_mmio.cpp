#include "dev/virtio_mmio.h"

#include <fmt/format.h>

namespace flashsim::dev {

namespace {
// Register offsets (virtio 1.1, 4.2.2).
enum : uint64_t {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020, DRIVER_FEATURES_SEL = 0x024,
    QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
    INTERRUPT_STATUS = 0x060, INTERRUPT_ACK = 0x064, STATUS = 0x070,
    QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084, QUEUE_DRIVER_LOW = 0x090, QUEUE_DRIVER_HIGH = 0x094,
    QUEUE_DEVICE_LOW = 0x0a0, QUEUE_DEVICE_HIGH = 0x0a4, CONFIG_GENERATION = 0x0fc, CONFIG = 0x100,
};
constexpr uint32_t kMagic = 0x74726976;  // "virt"
constexpr uint32_t kVendor = 0x4d494653;  // "SFIM": flashsim
constexpr uint16_t kDescNext = 1, kDescWrite = 2;
constexpr uint32_t kIntUsedBuffer = 1;

uint64_t get_le(const uint8_t* p, unsigned len) {
    uint64_t v = 0;
    for (unsigned i = len; i-- > 0;) v = (v << 8) | p[i];
    return v;
}
void put_le(uint8_t* p, unsigned len, uint64_t v) {
    for (unsigned i = 0; i < len; ++i, v >>= 8) p[i] = static_cast<uint8_t>(v);
}
void set_half(uint64_t& reg, bool high, uint32_t v) {
    reg = high ? (reg & 0xFFFFFFFFull) | (uint64_t(v) << 32) : (reg & ~0xFFFFFFFFull) | v;
}
}  // namespace

VirtioMmio::VirtioMmio(sc_core::sc_module_name name, Dma& dma, uint32_t device_id, unsigned queues)
    : Device(name), dma_(dma), device_id_(device_id), queues_(queues) {}

void VirtioMmio::reset() {
    q_ = {};
    dev_feat_sel_ = drv_feat_sel_ = queue_sel_ = status_ = 0;
    driver_features_ = 0;
    set_interrupt(0);
    device_reset();
}

void VirtioMmio::set_interrupt(uint32_t bits) {
    const bool before = irq();
    int_status_ = bits;
    if (irq() != before && on_irq) on_irq(irq());
}

bool VirtioMmio::read(uint64_t off, uint8_t* buf, unsigned len) {
    if (off >= CONFIG) {
        config_read(off - CONFIG, buf, len);
        return true;
    }
    if (len != 4 || (off & 3)) return false;  // the spec allows only 32-bit register access
    uint32_t v = 0;
    const Queue* q = selected();
    switch (off) {
        case MAGIC: v = kMagic; break;
        case VERSION: v = 2; break;
        case DEVICE_ID: v = device_id_; break;
        case VENDOR_ID: v = kVendor; break;
        case DEVICE_FEATURES:
            v = dev_feat_sel_ < 2 ? static_cast<uint32_t>(device_features() >> (32 * dev_feat_sel_)) : 0;
            break;
        case QUEUE_NUM_MAX: v = q ? kQueueMax : 0; break;
        case QUEUE_READY: v = q && q->ready; break;
        case INTERRUPT_STATUS: v = int_status_; break;
        case STATUS: v = status_; break;
        case CONFIG_GENERATION: v = 0; break;  // the configuration never changes
        default: break;  // write-only and reserved registers read as 0
    }
    put_le(buf, 4, v);
    return true;
}

bool VirtioMmio::write(uint64_t off, const uint8_t* buf, unsigned len) {
    if (off >= CONFIG) return true;  // no writable configuration fields
    if (len != 4 || (off & 3)) return false;
    const uint32_t v = static_cast<uint32_t>(get_le(buf, 4));
    Queue* q = selected();
    switch (off) {
        case DEVICE_FEATURES_SEL: dev_feat_sel_ = v; break;
        case DRIVER_FEATURES_SEL: drv_feat_sel_ = v; break;
        case DRIVER_FEATURES:
            if (drv_feat_sel_ < 2) set_half(driver_features_, drv_feat_sel_ == 1, v);
            break;
        case QUEUE_SEL: queue_sel_ = v; break;
        case QUEUE_NUM:
            if (q) q->num = v;
            break;
        case QUEUE_READY:
            if (q) {
                // A queue size must be a power of two no larger than QueueNumMax (spec 2.6).
                if (v && (q->num == 0 || q->num > kQueueMax || (q->num & (q->num - 1))))
                    fail(fmt::format("queue {} made ready with size {}", queue_sel_, q->num));
                else q->ready = v & 1;
            }
            break;
        case QUEUE_NOTIFY:
            if (v < queues_ && q_[v].ready && !(status_ & kStatusNeedsReset)) queue_notify(v);
            break;
        case INTERRUPT_ACK: set_interrupt(int_status_ & ~v); break;
        case STATUS:
            if (v == 0) reset();
            else status_ = v | (status_ & kStatusNeedsReset);
            break;
        case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH:
            if (q) set_half(q->desc, off == QUEUE_DESC_HIGH, v);
            break;
        case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH:
            if (q) set_half(q->avail, off == QUEUE_DRIVER_HIGH, v);
            break;
        case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH:
            if (q) set_half(q->used, off == QUEUE_DEVICE_HIGH, v);
            break;
        default: break;  // read-only and reserved registers ignore writes
    }
    return true;
}

void VirtioMmio::fail(const std::string& why) {
    if (!(status_ & kStatusNeedsReset))
        fmt::print(stderr, "flashsim: {}: {}; the device stops until the driver resets it\n", name(), why);
    status_ |= kStatusNeedsReset;
}

bool VirtioMmio::pop(unsigned qi, Chain& c) {
    Queue& q = q_[qi];
    if (!q.ready || (status_ & kStatusNeedsReset)) return false;
    uint8_t idx[2];
    if (!dma_.read(q.avail + 2, idx, 2)) {
        fail(fmt::format("queue {}: available ring at 0x{:x} is not in RAM", qi, q.avail));
        return false;
    }
    if (static_cast<uint16_t>(get_le(idx, 2)) == q.last_avail) return false;
    uint8_t head[2];
    if (!dma_.read(q.avail + 4 + 2 * (q.last_avail % q.num), head, 2)) {
        fail(fmt::format("queue {}: available ring at 0x{:x} is not in RAM", qi, q.avail));
        return false;
    }
    ++q.last_avail;
    c.head = static_cast<uint16_t>(get_le(head, 2));
    c.bufs.clear();
    uint32_t i = c.head;
    for (unsigned n = 0;; ++n) {
        uint8_t d[16];
        if (i >= q.num || n >= q.num) {
            fail(fmt::format("queue {}: descriptor chain from {} is out of range or loops", qi, c.head));
            return false;
        }
        if (!dma_.read(q.desc + 16 * i, d, 16)) {
            fail(fmt::format("queue {}: descriptor table at 0x{:x} is not in RAM", qi, q.desc));
            return false;
        }
        const uint16_t flags = static_cast<uint16_t>(get_le(d + 12, 2));
        c.bufs.push_back({get_le(d, 8), static_cast<uint32_t>(get_le(d + 8, 4)), (flags & kDescWrite) != 0});
        if (!(flags & kDescNext)) break;
        i = static_cast<uint32_t>(get_le(d + 14, 2));
    }
    return true;
}

void VirtioMmio::push(unsigned qi, const Chain& c, uint32_t written) {
    Queue& q = q_[qi];
    uint8_t elem[8], idx[2];
    put_le(elem, 4, c.head);
    put_le(elem + 4, 4, written);
    put_le(idx, 2, static_cast<uint16_t>(q.used_idx + 1));
    if (!dma_.write(q.used + 4 + 8 * (q.used_idx % q.num), elem, 8) || !dma_.write(q.used + 2, idx, 2)) {
        fail(fmt::format("queue {}: used ring at 0x{:x} is not in RAM", qi, q.used));
        return;
    }
    ++q.used_idx;
    set_interrupt(int_status_ | kIntUsedBuffer);
}

}  // namespace flashsim::dev
