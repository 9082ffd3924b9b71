// Tag arrays and one CPU's cache hierarchy (L1 I, L1 D, unified L2 inclusive of both), for the
// timing model (docs/coherence.md). A line is one 64-bit key, (line address << 2) | state, so a
// hit is one subtract and one unsigned compare per way and Invalid is the key 0.
#pragma once
#include <cstdint>
#include <vector>

#include "mem/timing_config.h"

namespace flashsim::mem {

class TagArray {
public:
    struct Way {
        uint64_t key = 0;  // (line << 2) | LineState; 0 when Invalid
        uint64_t lru = 0;  // the array's access tick at the last use: the smallest goes first
    };

    TagArray(const CacheGeometry& g, const char* name);

    unsigned line_shift() const { return shift_; }
    unsigned ways() const { return ways_; }
    uint64_t sets() const { return set_mask_ + 1; }

    // The hit path: valid (any state) resp. writable (E or D, becomes D) copy of `line`.
    bool read_hit(uint64_t line) {
        Way* w = set_of(line);
        const uint64_t want = line << 2;
        for (unsigned i = 0; i < ways_; ++i)
            if (w[i].key - want - 1 < 3) {
                w[i].lru = ++tick_;
                return true;
            }
        return false;
    }
    bool write_hit(uint64_t line) {
        Way* w = set_of(line);
        const uint64_t want = line << 2;
        for (unsigned i = 0; i < ways_; ++i)
            if (w[i].key - want - 2 < 2) {
                w[i].key = want | 3;
                w[i].lru = ++tick_;
                return true;
            }
        return false;
    }

    Way* find(uint64_t line);
    const Way* find(uint64_t line) const;
    Way& victim(uint64_t line);  // an invalid way of the line's set, else the least recently used
    Way& at_index(uint64_t line, unsigned way) { return set_of(line)[way % ways_]; }
    void touch(Way& w) { w.lru = ++tick_; }
    LineState state_of(uint64_t line) const {
        const Way* w = find(line);
        return w ? state(*w) : LineState::I;
    }
    const std::vector<Way>& all() const { return w_; }

    static LineState state(const Way& w) { return static_cast<LineState>(w.key & 3); }
    static uint64_t line(const Way& w) { return w.key >> 2; }
    static bool valid(const Way& w) { return w.key & 3; }
    static void fill(Way& w, uint64_t line, LineState s) { w.key = (line << 2) | static_cast<unsigned>(s); }
    static void set_state(Way& w, LineState s) {
        w.key = s == LineState::I ? 0 : (w.key & ~3ull) | static_cast<unsigned>(s);
    }

private:
    Way* set_of(uint64_t line) { return &w_[(line & set_mask_) * ways_]; }
    const Way* set_of(uint64_t line) const { return &w_[(line & set_mask_) * ways_]; }

    std::vector<Way> w_;
    uint64_t set_mask_ = 0;
    uint64_t tick_ = 0;
    unsigned ways_ = 0;
    unsigned shift_ = 0;
};

// One CPU's hierarchy. L1 lines may be smaller than L2 lines (R10000: 32-byte D, 64-byte I,
// 128-byte L2); "subline" below is an L1 line inside an L2 line. Inclusion: every valid L1
// line lies in a valid L2 line, and a writable (E/D) L1 D line in an E/D L2 line. A Dirty L1 D
// line makes its L2 line dirty without the L2 state saying so: dirty() asks both.
class CpuCaches {
public:
    explicit CpuCaches(const TimingConfig& c);

    TagArray l1i, l1d, l2;

    // L1 lines of L2 line `line2` in `a` (by visiting each subline's set).
    template <class F> void for_each_subline(TagArray& a, uint64_t line2, F&& f) {
        const unsigned d = l2.line_shift() - a.line_shift();
        for (uint64_t s = line2 << d, e = (line2 + 1) << d; s < e; ++s)
            if (TagArray::Way* w = a.find(s)) f(*w);
    }
    bool dirty(const TagArray::Way& w2);  // L2 way D, or one of its L1 D sublines D

    // An external request takes the line away (invalidation, forwarded GetX): returns whether it
    // was dirty. Throws std::logic_error if the line is not held (the directory disagrees).
    bool invalidate(uint64_t line2);
    // A forwarded GetS: E/D -> S here and in the L1s; returns whether it was dirty.
    bool downgrade(uint64_t line2);
    // Drop L2 way w2 (replacement or CACHE op) with its L1 sublines; returns the state to report
    // to the home: D if dirty anywhere, else the L2 state.
    LineState evict(TagArray::Way& w2);
    // After this CPU gained ownership: L1 D sublines held Shared become writable (E).
    void promote_l1d(uint64_t line2);
    // Put line1 (an L1 line number of `a`) into `a` in state s; a Dirty L1 victim dirties its
    // L2 line. The caller has made sure the containing L2 line is valid.
    void fill_l1(TagArray& a, uint64_t line1, LineState s);
};

}  // namespace flashsim::mem
