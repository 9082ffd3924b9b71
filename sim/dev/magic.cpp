#include "dev/magic.h"

namespace flashsim::dev {

Magic::Magic(sc_core::sc_module_name name, const MagicConfig& cfg, MagicHooks hooks)
    : Device(name), cfg_(cfg), hooks_(std::move(hooks)), mailboxes_(cfg.cpus), ipi_pending_(cfg.cpus) {}

void Magic::post_ipi(unsigned k, uint32_t bits) {
    if (k >= cfg_.cpus || !bits) return;
    ipi_pending_[k] |= bits;
    hooks_.set_irq(global(k), 3, true);
}

void Magic::set_source(unsigned src, bool level) {
    const uint64_t bit = 1ull << src;
    int_pending_ = level ? (int_pending_ | bit) : (int_pending_ & ~bit);
    update_ip2();
}

void Magic::update_ip2() {
    const bool level = (int_pending_ & int_enable_) != 0;
    for (unsigned k = 0; k < cfg_.cpus; ++k) hooks_.set_irq(global(k), 2, level && k == int_target_);
}

void Magic::update_ip4() {
    const bool level = !hot_queue_.empty();
    for (unsigned k = 0; k < cfg_.cpus; ++k) hooks_.set_irq(global(k), 4, level && k == hot_target_);
}

void Magic::count_miss(uint64_t paddr, unsigned from_node) {
    if (from_node >= cfg_.nodes) return;
    const uint64_t page = paddr & ~0xFFFull;
    auto& counts = misses_[page];
    if (counts.empty()) counts.assign(cfg_.nodes, 0);
    const uint64_t n = ++counts[from_node];
    // A (page, node) pair is queued once, when its count reaches the threshold; software
    // resets the page's counters (HOT_RESET) after acting on it (FLASH's miss-counting unit).
    if (hot_threshold_ && n == hot_threshold_) {
        if (hot_queue_.size() >= kHotQueueDepth) {
            ++hot_dropped_;
        } else {
            hot_queue_.push_back({page, from_node, n});
            update_ip4();
        }
    }
}

bool Magic::read(uint64_t off, uint8_t* buf, unsigned len) {
    if ((len != 4 && len != 8) || (off & 7)) return false;
    uint64_t v = 0;
    if (off >= MAILBOX && off < MAILBOX + MAILBOX_STRIDE * cfg_.cpus) {
        const BootMailbox& m = mailboxes_[(off - MAILBOX) / MAILBOX_STRIDE];
        switch ((off - MAILBOX) % MAILBOX_STRIDE) {
            case 0x00: v = m.pc; break;
            case 0x08: v = m.sp; break;
            case 0x10: v = m.gp; break;
            case 0x18: v = m.arg; break;
            case 0x20: v = m.started; break;
            default: return false;
        }
    } else if (off >= IPI_PENDING && off < IPI_PENDING + 8 * cfg_.cpus) {
        v = ipi_pending_[(off - IPI_PENDING) / 8];
    } else {
        switch (off) {
            case NODE_ID: v = cfg_.node; break;
            case NODE_COUNT: v = cfg_.nodes; break;
            case NODE_CPUS: v = cfg_.cpus; break;
            case FIRST_CPU: v = cfg_.first_cpu; break;
            case CPU_COUNT: v = cfg_.total_cpus; break;
            case CYCLE: v = hooks_.cycles(); break;
            case WHOAMI: v = hooks_.whoami(); break;
            case INT_PENDING: v = int_pending_; break;
            case INT_ENABLE: v = int_enable_; break;
            case INT_TARGET: v = int_target_; break;
            case HOT_THRESHOLD: v = hot_threshold_; break;
            case HOT_QUEUE_LEN: v = hot_queue_.size(); break;
            case HOT_POP:
                // page | node | valid bit 11; 0 when the queue is empty.
                if (!hot_queue_.empty()) {
                    const HotRecord r = hot_queue_.front();
                    hot_queue_.pop_front();
                    v = r.page | 0x800 | r.node;
                    hot_popped_count_ = r.count;
                    update_ip4();
                }
                break;
            case HOT_POP_COUNT: v = hot_popped_count_; break;
            case HOT_TARGET: v = hot_target_; break;
            case MISS_SELECT: v = miss_select_; break;
            case MISS_COUNT: {
                const auto it = misses_.find(miss_select_ & ~0xFFFull);
                const unsigned node = static_cast<unsigned>(miss_select_ & 0xFF);
                v = (it != misses_.end() && node < it->second.size()) ? it->second[node] : 0;
                break;
            }
            case HOT_DROPPED: v = hot_dropped_; break;
            default: return false;
        }
    }
    put_be(buf, len, len == 4 ? (v & 0xFFFFFFFF) : v);
    return true;
}

bool Magic::write(uint64_t off, const uint8_t* buf, unsigned len) {
    if ((len != 4 && len != 8) || (off & 7)) return false;
    const uint64_t v = be_value(buf, len);
    if (off >= MAILBOX && off < MAILBOX + MAILBOX_STRIDE * cfg_.cpus) {
        const unsigned k = static_cast<unsigned>((off - MAILBOX) / MAILBOX_STRIDE);
        BootMailbox& m = mailboxes_[k];
        switch ((off - MAILBOX) % MAILBOX_STRIDE) {
            case 0x00: m.pc = v; break;
            case 0x08: m.sp = v; break;
            case 0x10: m.gp = v; break;
            case 0x18: m.arg = v; break;
            case 0x20:
                if (!m.started) {  // a running CPU is not restarted
                    m.started = true;
                    hooks_.start_cpu(global(k), m);
                }
                break;
            default: return false;
        }
        return true;
    }
    if (off >= IPI_PENDING && off < IPI_PENDING + 8 * cfg_.cpus) {  // write 1 to clear
        const unsigned k = static_cast<unsigned>((off - IPI_PENDING) / 8);
        ipi_pending_[k] &= ~static_cast<uint32_t>(v);
        if (!ipi_pending_[k]) hooks_.set_irq(global(k), 3, false);
        return true;
    }
    switch (off) {
        case IPI_SEND: {
            const unsigned cpu = static_cast<unsigned>(v >> 32);
            if (cpu >= cfg_.total_cpus) return true;  // no such CPU: ignored (docs/magic.md)
            hooks_.send_ipi(cpu, static_cast<uint32_t>(v));
            return true;
        }
        case INT_ENABLE: int_enable_ = v; update_ip2(); return true;
        case INT_TARGET: int_target_ = v < cfg_.cpus ? v : 0; update_ip2(); return true;
        case HOT_THRESHOLD: hot_threshold_ = v; return true;
        case HOT_RESET: misses_.erase(v & ~0xFFFull); return true;
        case HOT_TARGET: hot_target_ = v < cfg_.cpus ? v : 0; update_ip4(); return true;
        case MISS_SELECT: miss_select_ = v; return true;
        default: return false;  // read-only or unassigned: bus error
    }
}

}  // namespace flashsim::dev
