// MAGIC occupancy of one node: its controller handles one message at a time for occupancy_ns
// each (docs/coherence.md "Occupancy"). Kept as a calendar of occupancy-sized slots rather than
// a single "free at" time, because CPUs run temporally decoupled: a CPU a quantum behind must
// not queue behind traffic that another CPU made a quantum in its future. Messages that arrive
// in time order see exactly a FIFO "free at" server, quantised to one slot.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace flashsim::mem {

class MagicCalendar {
public:
    static constexpr uint64_t kSlots = 4096;  // window remembered: kSlots x occupancy

    void configure(uint64_t occupancy_ticks) {
        slot_ = occupancy_ticks;
        base_ = 0;
        bits_.assign(kSlots / 64, 0);
    }

    // When a message that arrives at `t` starts being handled (the controller is then busy for
    // one slot). An arrival older than the window cannot be placed and starts at once.
    uint64_t reserve(uint64_t t) {
        if (!slot_) return t;
        uint64_t s = t / slot_;
        if (s < base_) return t;
        for (;; ++s) {
            if (s >= base_ + kSlots) advance(s + 1 - kSlots);
            const uint64_t i = s & (kSlots - 1);
            uint64_t& word = bits_[i >> 6];
            const uint64_t bit = 1ull << (i & 63);
            if (!(word & bit)) {
                word |= bit;
                return std::max(t, s * slot_);
            }
        }
    }

private:
    void advance(uint64_t new_base) {
        if (new_base - base_ >= kSlots) std::fill(bits_.begin(), bits_.end(), 0);
        else
            for (uint64_t s = base_; s < new_base; ++s) {
                const uint64_t i = s & (kSlots - 1);
                bits_[i >> 6] &= ~(1ull << (i & 63));
            }
        base_ = new_base;
    }

    uint64_t slot_ = 0;  // ticks per slot; 0: occupancy off
    uint64_t base_ = 0;  // first slot of the window
    std::vector<uint64_t> bits_;
};

}  // namespace flashsim::mem
