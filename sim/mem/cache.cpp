#include "mem/cache.h"

#include <stdexcept>

#include <fmt/format.h>

namespace flashsim::mem {

namespace {
bool pow2(uint64_t v) { return v && !(v & (v - 1)); }
unsigned log2u(uint64_t v) {
    unsigned r = 0;
    while (v > 1) v >>= 1, ++r;
    return r;
}
}  // namespace

TagArray::TagArray(const CacheGeometry& g, const char* name) {
    if (!pow2(g.line_bytes) || g.line_bytes < 8 || g.ways == 0 || g.size_bytes == 0 ||
        g.size_bytes % (uint64_t{g.ways} * g.line_bytes) || !pow2(g.size_bytes / (uint64_t{g.ways} * g.line_bytes)))
        throw std::invalid_argument(fmt::format(
            "{} cache: {} bytes, {} ways, {}-byte lines is not a power-of-two number of sets of "
            "power-of-two lines",
            name, g.size_bytes, g.ways, g.line_bytes));
    shift_ = log2u(g.line_bytes);
    ways_ = g.ways;
    set_mask_ = g.size_bytes / (uint64_t{g.ways} * g.line_bytes) - 1;
    w_.resize(g.size_bytes / g.line_bytes);
}

TagArray::Way* TagArray::find(uint64_t line) {
    Way* w = set_of(line);
    const uint64_t want = line << 2;
    for (unsigned i = 0; i < ways_; ++i)
        if (w[i].key - want - 1 < 3) return &w[i];
    return nullptr;
}

const TagArray::Way* TagArray::find(uint64_t line) const {
    return const_cast<TagArray*>(this)->find(line);
}

TagArray::Way& TagArray::victim(uint64_t line) {
    Way* w = set_of(line);
    Way* best = &w[0];
    for (unsigned i = 0; i < ways_; ++i) {
        if (!valid(w[i])) return w[i];
        if (w[i].lru < best->lru) best = &w[i];
    }
    return *best;
}

CpuCaches::CpuCaches(const TimingConfig& c) : l1i(c.l1i, "L1 I"), l1d(c.l1d, "L1 D"), l2(c.l2, "L2") {
    if (c.l2.line_bytes > 4096 || c.l1i.line_bytes > c.l2.line_bytes || c.l1d.line_bytes > c.l2.line_bytes)
        throw std::invalid_argument(fmt::format(
            "cache lines: L1 I {} and L1 D {} bytes must not exceed the L2's {}, and the L2's must not "
            "exceed a 4 KiB page",
            c.l1i.line_bytes, c.l1d.line_bytes, c.l2.line_bytes));
}

bool CpuCaches::dirty(const TagArray::Way& w2) {
    bool d = TagArray::state(w2) == LineState::D;
    for_each_subline(l1d, TagArray::line(w2), [&](TagArray::Way& w) { d |= TagArray::state(w) == LineState::D; });
    return d;
}

bool CpuCaches::invalidate(uint64_t line2) {
    TagArray::Way* w2 = l2.find(line2);
    if (!w2)
        throw std::logic_error(fmt::format("cache: asked to give up line {:#x}, which it does not hold",
                                           line2 << l2.line_shift()));
    return evict(*w2) == LineState::D;
}

bool CpuCaches::downgrade(uint64_t line2) {
    TagArray::Way* w2 = l2.find(line2);
    if (!w2 || TagArray::state(*w2) == LineState::S)
        throw std::logic_error(fmt::format("cache: forwarded GetS for line {:#x}, which it does not own ({})",
                                           line2 << l2.line_shift(), to_string(l2.state_of(line2))));
    const bool d = dirty(*w2);
    TagArray::set_state(*w2, LineState::S);
    for_each_subline(l1d, line2, [](TagArray::Way& w) { TagArray::set_state(w, LineState::S); });
    return d;
}

LineState CpuCaches::evict(TagArray::Way& w2) {
    const uint64_t line2 = TagArray::line(w2);
    bool d = TagArray::state(w2) == LineState::D;
    for_each_subline(l1d, line2, [&](TagArray::Way& w) {
        d |= TagArray::state(w) == LineState::D;
        TagArray::set_state(w, LineState::I);
    });
    const LineState s = d ? LineState::D : TagArray::state(w2);
    for_each_subline(l1i, line2, [](TagArray::Way& w) { TagArray::set_state(w, LineState::I); });
    TagArray::set_state(w2, LineState::I);
    return s;
}

void CpuCaches::promote_l1d(uint64_t line2) {
    for_each_subline(l1d, line2, [](TagArray::Way& w) {
        if (TagArray::state(w) == LineState::S) TagArray::set_state(w, LineState::E);
    });
}

void CpuCaches::fill_l1(TagArray& a, uint64_t line1, LineState s) {
    TagArray::Way* w = a.find(line1);
    if (!w) {
        w = &a.victim(line1);
        if (TagArray::valid(*w) && TagArray::state(*w) == LineState::D) {
            // The victim's data goes to its L2 line, which inclusion guarantees is there.
            const uint64_t v2 = TagArray::line(*w) >> (l2.line_shift() - a.line_shift());
            TagArray::Way* w2 = l2.find(v2);
            if (!w2 || TagArray::state(*w2) < LineState::E)
                throw std::logic_error(fmt::format("cache: dirty L1 line {:#x} without an exclusive L2 line",
                                                   TagArray::line(*w) << a.line_shift()));
            TagArray::set_state(*w2, LineState::D);
        }
    }
    TagArray::fill(*w, line1, s);
    a.touch(*w);
}

}  // namespace flashsim::mem
