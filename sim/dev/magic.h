// MAGIC, the FLASH node controller (node I/O window + 0x00_0000): node identity, CPU boot
// mailboxes, inter-processor interrupts (IP3), the node interrupt controller (IP2), a global
// cycle counter, and the per-page miss-counting unit with its hot-page queue (IP4).
// Register layout: docs/magic.md.
#pragma once
#include <array>
#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

#include "dev/device.h"

namespace flashsim::dev {

struct BootMailbox {
    uint64_t pc = 0, sp = 0, gp = 0, arg = 0;
    bool started = false;
};

struct MagicConfig {
    unsigned node = 0, nodes = 1;
    unsigned first_cpu = 0, cpus = 1;  // this node's CPUs are first_cpu .. first_cpu+cpus-1
    unsigned total_cpus = 1;
};

struct MagicHooks {
    std::function<void(unsigned cpu, const BootMailbox&)> start_cpu;  // release a held CPU
    std::function<void(unsigned cpu, unsigned line, bool level)> set_irq;
    std::function<void(unsigned cpu, uint32_t bits)> send_ipi;  // to whichever node holds cpu
    std::function<uint64_t()> cycles;  // global cycle counter
    std::function<unsigned()> whoami;  // the calling CPU
};

class Magic : public Device {
public:
    // Register offsets (docs/magic.md).
    enum : uint64_t {
        NODE_ID = 0x0000, NODE_COUNT = 0x0008, NODE_CPUS = 0x0010, FIRST_CPU = 0x0018,
        CPU_COUNT = 0x0020, CYCLE = 0x0028, WHOAMI = 0x0030,
        MAILBOX = 0x1000, MAILBOX_STRIDE = 0x40,  // +0 PC, +8 SP, +0x10 GP, +0x18 ARG, +0x20 START
        IPI_SEND = 0x2000, IPI_PENDING = 0x2100,  // IPI_PENDING + 8*k for local CPU k
        INT_PENDING = 0x3000, INT_ENABLE = 0x3008, INT_TARGET = 0x3010,
        HOT_THRESHOLD = 0x4000, HOT_QUEUE_LEN = 0x4008, HOT_POP = 0x4010, HOT_POP_COUNT = 0x4018,
        HOT_RESET = 0x4020, HOT_TARGET = 0x4028, MISS_SELECT = 0x4030, MISS_COUNT = 0x4038,
        HOT_DROPPED = 0x4040,
    };
    static constexpr unsigned kMaxCpusPerNode = 64;
    static constexpr size_t kHotQueueDepth = 256;
    // Interrupt-controller sources.
    enum : unsigned { SRC_UART = 0, SRC_VIRTIO0 = 8 };

    Magic(sc_core::sc_module_name name, const MagicConfig& cfg, MagicHooks hooks);
    // An IPI for local CPU k (from any node's IPI_SEND).
    void post_ipi(unsigned local_cpu, uint32_t bits);
    // A device's interrupt line into the node interrupt controller.
    void set_source(unsigned src, bool level);
    // A cache miss that reached this (home) node's memory, from `from_node` (timing mode).
    void count_miss(uint64_t paddr, unsigned from_node);
    // The mailbox of local CPU k (the machine releases CPU 0 itself at boot).
    BootMailbox& mailbox(unsigned k) { return mailboxes_.at(k); }

protected:
    bool read(uint64_t offset, uint8_t* buf, unsigned len) override;
    bool write(uint64_t offset, const uint8_t* buf, unsigned len) override;

private:
    struct HotRecord {
        uint64_t page;
        unsigned node;
        uint64_t count;
    };
    MagicConfig cfg_;
    MagicHooks hooks_;
    std::vector<BootMailbox> mailboxes_;
    std::vector<uint32_t> ipi_pending_;
    uint64_t int_pending_ = 0, int_enable_ = 0, int_target_ = 0;
    uint64_t hot_threshold_ = 0, hot_target_ = 0, miss_select_ = 0, hot_popped_count_ = 0;
    uint64_t hot_dropped_ = 0;
    std::unordered_map<uint64_t, std::vector<uint64_t>> misses_;  // page -> count per node
    std::deque<HotRecord> hot_queue_;

    void update_ip2();
    void update_ip4();
    unsigned global(unsigned local) const { return cfg_.first_cpu + local; }
};

}  // namespace flashsim::dev
