#include "mem/memory_timing.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace flashsim::mem {

using St = DirState;
using Ev = DirEvent;
using Ac = DirAction;

// One directory transaction at the line's home: the request (or writeback/hint) that started it
// and every home-bound message it causes, run to completion in time order.
struct MemoryTiming::Txn {
    uint64_t line = 0;
    unsigned home = 0;
    NodeSide* hs = nullptr;
    Directory::Ref d;
    const LineWindow* win = nullptr;  // the line's windows at its home, if any are remembered
    unsigned req = 0, req_node = 0;   // requester (or the CPU putting the line)
    DirEvent req_ev = Ev::GetS;
    uint64_t t = 0;           // start of the handler running now at the home, ticks
    uint64_t data_ready = 0;  // memory data available at the home
    uint64_t reply_at = 0;    // the requester has its answer
    uint64_t pending_from = 0, pending_until = 0;
    DirState pending_state = St::U;
    bool pending = false, nak = false, forwarded = false, exclusive = false;
};

MemoryTiming::MemoryTiming(const TimingConfig& cfg, unsigned cpus, std::vector<unsigned> cpu_node, NodeLatency latf)
    : cfg_(cfg) {
    if (cpus == 0 || cpus >= kNoCpu)
        throw std::invalid_argument(fmt::format("memory timing: {} CPUs (1 to {} supported)", cpus, kNoCpu - 1));
    if (cpu_node.size() != cpus)
        throw std::invalid_argument(
            fmt::format("memory timing: {} CPUs but {} CPU-to-node entries", cpus, cpu_node.size()));
    if (!(cfg.clock_mhz > 0) || !std::isfinite(cfg.clock_mhz))
        throw std::invalid_argument(fmt::format("memory timing: clock {} MHz", cfg.clock_mhz));
    for (double v : {cfg.local_ns, cfg.remote_ns, cfg.directory_ns, cfg.intervention_ns, cfg.invalidate_ns,
                     cfg.occupancy_ns})
        if (!(v >= 0) || !std::isfinite(v))
            throw std::invalid_argument(fmt::format("memory timing: latency {} ns is not a finite value >= 0", v));
    if (cfg.window_table_entries == 0 || (cfg.window_table_entries & (cfg.window_table_entries - 1)))
        throw std::invalid_argument(
            fmt::format("memory timing: window table of {} entries (a power of two)", cfg.window_table_entries));
    unsigned nodes = cfg.nodes;
    for (unsigned n : cpu_node) nodes = std::max(nodes, n + 1);
    if (nodes > 256)
        throw std::invalid_argument(fmt::format("memory timing: {} nodes (physical address bits 39:32 give 256)", nodes));

    cpu_.reserve(cpus);
    for (unsigned c = 0; c < cpus; ++c) cpu_.emplace_back(cfg, cpu_node[c]);
    l2_shift_ = cpu_[0].caches.l2.line_shift();
    node_.reserve(nodes);
    for (unsigned n = 0; n < nodes; ++n) node_.emplace_back(cfg, n, cpus, nodes, l2_shift_);
    for (NodeSide& n : node_) n.magic.configure(ns_to_ticks(cfg.occupancy_ns));

    if (!latf) latf = uniform_latency(cfg.local_ns, cfg.remote_ns);
    lat_.resize(size_t{nodes} * nodes);
    for (unsigned a = 0; a < nodes; ++a)
        for (unsigned b = 0; b < nodes; ++b) {
            const double ns = latf(a, b);
            if (!(ns >= 0) || !std::isfinite(ns))
                throw std::invalid_argument(fmt::format("memory timing: latency {} -> {} is {} ns", a, b, ns));
            lat_[a * nodes + b] = ns_to_ticks(ns);
        }
    l1_hit_ = cfg.l1_hit_cycles;
    l2_hit_ = cfg.l2_hit_cycles;
    local_ = ns_to_ticks(cfg.local_ns);
    dir_ = ns_to_ticks(cfg.directory_ns);
    intervention_ = ns_to_ticks(cfg.intervention_ns);
    invalidate_ = ns_to_ticks(cfg.invalidate_ns);
}

uint64_t MemoryTiming::ns_to_ticks(double ns) const {
    return static_cast<uint64_t>(std::llround(ns * cfg_.clock_mhz));
}

MemoryTiming::NodeSide& MemoryTiming::home_side(uint64_t line) {
    const unsigned h = home_of_line(line);
    if (h >= node_.size() || (line << l2_shift_) >> 40)
        throw std::out_of_range(fmt::format("memory timing: physical address {:#x} is on node {}, the machine has {}",
                                            line << l2_shift_, h, node_.size()));
    return node_[h];
}

unsigned MemoryTiming::sharer_count(const uint64_t* sharers) const {
    unsigned n = 0;
    for (unsigned w = 0, e = node_[0].dir.words(); w < e; ++w) n += static_cast<unsigned>(__builtin_popcountll(sharers[w]));
    return n;
}

uint64_t MemoryTiming::magic(unsigned node, uint64_t arrival) {
    NodeSide& n = node_[node];
    const uint64_t start = n.magic.reserve(arrival);
    ++n.st.magic_messages;
    n.st.magic_queue_ticks += start - arrival;
    return start;
}

// ---- the processor side ----

uint64_t MemoryTiming::miss(unsigned cpu, uint64_t paddr, AccessKind k, uint64_t now_cycles) {
    CpuSide& c = cpu_[cpu];
    CpuCaches& cc = c.caches;
    const bool fetch = k == AccessKind::Fetch;
    const bool write = k == AccessKind::Store || k == AccessKind::SC;
    ++(fetch ? c.st.l1i_misses : c.st.l1d_misses);

    const uint64_t line = paddr >> l2_shift_;
    TagArray::Way* w2 = cc.l2.find(line);
    const LineState s2 = w2 ? TagArray::state(*w2) : LineState::I;
    uint64_t cycles;
    if (s2 != LineState::I && (!write || s2 != LineState::S)) {
        ++c.st.l2_hits;
        cc.l2.touch(*w2);
        cycles = l2_hit_;
    } else {
        const uint64_t now = now_cycles * kTicksPerCycle;
        bool exclusive = false;
        uint64_t done;
        if (s2 == LineState::S) {
            ++c.st.upgrades;
            cc.l2.touch(*w2);
            done = request(cpu, line, Ev::Upgrade, now, &exclusive);
            TagArray::set_state(*w2, LineState::D);
            cc.promote_l1d(line);
        } else {
            home_side(line);  // a bad address throws before anything changes
            ++c.st.l2_misses;
            ++(home_of(paddr) == c.node ? c.st.local_misses : c.st.remote_misses);
            // The victim leaves the caches first; its writeback or hint goes out after the
            // request (the R10000 issues the read before the writeback).
            TagArray::Way& v = cc.l2.victim(line);
            const uint64_t victim = TagArray::line(v);
            const LineState vs = TagArray::valid(v) ? cc.evict(v) : LineState::I;
            done = request(cpu, line, write ? Ev::GetX : fetch ? Ev::GetShd : Ev::GetS, now, &exclusive);
            TagArray::fill(v, line, write ? LineState::D : exclusive ? LineState::E : LineState::S);
            cc.l2.touch(v);
            w2 = &v;
            if (vs != LineState::I) put(cpu, victim, vs, now);
        }
        cycles = to_cycles(done - now);
    }
    const LineState l2s = TagArray::state(*w2);
    if (write) {
        if (l2s == LineState::E) TagArray::set_state(*w2, LineState::D);
        cc.fill_l1(cc.l1d, paddr >> cc.l1d.line_shift(), LineState::D);
    } else if (fetch) {
        cc.fill_l1(cc.l1i, paddr >> cc.l1i.line_shift(), LineState::S);
    } else {
        cc.fill_l1(cc.l1d, paddr >> cc.l1d.line_shift(), l2s == LineState::S ? LineState::S : LineState::E);
    }
    c.st.miss_cycles += cycles;
    return cycles;
}

void MemoryTiming::evict_l2(unsigned cpu, TagArray::Way& w, uint64_t now) {
    const uint64_t line = TagArray::line(w);
    const LineState s = cpu_[cpu].caches.evict(w);
    put(cpu, line, s, now);
}

uint64_t MemoryTiming::cache_op(unsigned cpu, unsigned op, uint64_t addr, uint64_t now_cycles) {
    CpuSide& c = cpu_.at(cpu);
    CpuCaches& cc = c.caches;
    ++c.st.cache_ops;
    const uint64_t now = now_cycles * kTicksPerCycle;
    const auto way = static_cast<unsigned>(addr & 0xFF);  // R10000: bit 0 picks one of 2 ways
    // A primary D line written back goes to its L2 line (inclusion keeps that line there).
    auto l1d_writeback_invalidate = [&](TagArray::Way& w) {
        if (TagArray::state(w) == LineState::D)
            if (TagArray::Way* w2 = cc.l2.find(TagArray::line(w) >> (l2_shift_ - cc.l1d.line_shift())))
                TagArray::set_state(*w2, LineState::D);
        TagArray::set_state(w, LineState::I);
    };
    switch (op & 0x1F) {
    case 0x00:  // Index Invalidate (I)
        TagArray::set_state(cc.l1i.at_index(addr >> cc.l1i.line_shift(), way), LineState::I);
        return l1_hit_;
    case 0x01:  // Index Writeback Invalidate (D)
        l1d_writeback_invalidate(cc.l1d.at_index(addr >> cc.l1d.line_shift(), way));
        return l1_hit_;
    case 0x03: {  // Index Writeback Invalidate (S)
        TagArray::Way& w = cc.l2.at_index(addr >> l2_shift_, way);
        if (TagArray::valid(w)) evict_l2(cpu, w, now);
        return l2_hit_;
    }
    case 0x10:  // Hit Invalidate (I)
        if (TagArray::Way* w = cc.l1i.find(addr >> cc.l1i.line_shift())) TagArray::set_state(*w, LineState::I);
        return l1_hit_;
    case 0x11:  // Hit Invalidate (D): the primary copy is dropped, the L2 line stays as it is
        if (TagArray::Way* w = cc.l1d.find(addr >> cc.l1d.line_shift())) TagArray::set_state(*w, LineState::I);
        return l1_hit_;
    case 0x15:  // Hit Writeback Invalidate (D)
        if (TagArray::Way* w = cc.l1d.find(addr >> cc.l1d.line_shift())) l1d_writeback_invalidate(*w);
        return l1_hit_;
    case 0x13:  // Hit Invalidate (S): the directory is told as for a writeback (data is the RAM's)
    case 0x17:  // Hit Writeback Invalidate (S)
        if (TagArray::Way* w = cc.l2.find(addr >> l2_shift_)) evict_l2(cpu, *w, now);
        return l2_hit_;
    default:  // Index Load/Store Tag/Data, Cache Barrier, unused codes: no effect on the model
        return (op & 3) == 3 ? l2_hit_ : l1_hit_;
    }
}

// ---- the directory side ----

uint64_t MemoryTiming::request(unsigned cpu, uint64_t line, DirEvent ev, uint64_t now, bool* exclusive) {
    Txn x;
    x.line = line;
    x.hs = &home_side(line);
    x.home = x.hs->dir.node();
    x.d = x.hs->dir.get(line);
    x.win = x.hs->dir.window(line);
    x.req = cpu;
    x.req_node = cpu_[cpu].node;
    x.req_ev = ev;
    queue_.clear();

    const DirState before = x.d.entry->state;
    uint64_t arrive = now + lat(x.req_node, x.home);
    for (;;) {
        x.t = magic(x.home, arrive);
        ++x.hs->st.messages[static_cast<unsigned>(ev)];
        const bool busy = x.win && x.win->busy_from <= x.t && x.t < x.win->busy_until;
        dispatch(x, busy ? x.win->busy_state : x.d.entry->state, ev, busy);
        if (!x.nak) break;
        // NAKed: the requester hears so and retries; the retry finds the line free.
        x.nak = false;
        arrive = std::max(x.t + dir_ + lat(x.home, x.req_node) + lat(x.req_node, x.home), x.win->busy_until);
    }
    const uint64_t accepted = x.t;
    run(x);

    if (x.pending || x.exclusive) {
        LineWindow& w = x.hs->dir.window_slot(line);
        if (w.line_plus1 != line + 1) w = LineWindow{};
        w.line_plus1 = line + 1;
        if (x.pending) {
            w.busy_from = x.pending_from;
            w.busy_until = x.pending_until;
            w.busy_state = x.pending_state;
        }
        if (x.exclusive) {
            w.ready_from = accepted;
            w.ready_until = x.reply_at;
        }
    }
    if (!x.pending && x.d.entry->state != before) end_busy_window(x);
    if (x.forwarded) ++cpu_[cpu].st.three_hop;
    *exclusive = x.exclusive;
    return x.reply_at;
}

void MemoryTiming::put(unsigned cpu, uint64_t line, LineState evicted, uint64_t now) {
    Txn x;
    x.line = line;
    x.hs = &home_side(line);
    x.home = x.hs->dir.node();
    x.d = x.hs->dir.get(line);
    x.req = cpu;
    x.req_node = cpu_[cpu].node;
    if (evicted == LineState::D) x.req_ev = Ev::PutX;
    else if (evicted == LineState::E) x.req_ev = Ev::PutE;
    else x.req_ev = sharer_count(x.d.sharers) == 1 ? Ev::PutS_Last : Ev::PutS;
    ++(evicted == LineState::D ? cpu_[cpu].st.writebacks : cpu_[cpu].st.replacement_hints);
    queue_.clear();
    x.t = magic(x.home, now + lat(x.req_node, x.home));
    ++x.hs->st.messages[static_cast<unsigned>(x.req_ev)];
    const DirState before = x.d.entry->state;
    dispatch(x, x.d.entry->state, x.req_ev, false);
    run(x);
    if (x.d.entry->state != before) end_busy_window(x);
}

// A busy window describes the line as the transaction that recorded it left it. A later
// transaction that changes the line's state without being busy itself (processed after the
// window's, though possibly earlier in time: CPUs are temporally decoupled) ends it, so a NAK
// never applies a transient state that the line's current holders contradict.
void MemoryTiming::end_busy_window(Txn& x) {
    LineWindow& w = x.hs->dir.window_slot(x.line);
    if (w.line_plus1 == x.line + 1) w.busy_from = w.busy_until = 0;
}

void MemoryTiming::push_home(uint64_t t, DirEvent ev, bool internal) {
    queue_.push_back({t, seq_++, ev, internal});
}

void MemoryTiming::run(Txn& x) {
    while (!queue_.empty()) {
        auto it = std::min_element(queue_.begin(), queue_.end(), [](const HomeMsg& a, const HomeMsg& b) {
            return a.t != b.t ? a.t < b.t : a.seq < b.seq;
        });
        const HomeMsg m = *it;
        queue_.erase(it);
        if (m.internal) {
            x.t = m.t;
        } else {
            x.t = magic(x.home, m.t);
            ++x.hs->st.messages[static_cast<unsigned>(m.ev)];
        }
        dispatch(x, x.d.entry->state, m.ev, false);
    }
}

void MemoryTiming::dispatch(Txn& x, DirState view, DirEvent ev, bool busy_view) {
    const Transition* tr = find_transition(view, ev);
    if (!tr)
        throw std::logic_error(fmt::format("directory at node {}: no transition for state {} on event {} (line {:#x}, cpu {})",
                                           x.home, to_string(view), to_string(ev), x.line << l2_shift_, x.req));
    for (unsigned i = 0; i < tr->n_actions; ++i) act(x, tr->actions[i]);
    if (busy_view) return;  // the line only looked busy at this time: its real state is unchanged
    x.d.entry->state = tr->next;
    if (x.pending && is_transient(tr->next)) x.pending_state = tr->next;
}

void MemoryTiming::act(Txn& x, DirAction a) {
    DirEntry& e = *x.d.entry;
    NodeStats& hst = x.hs->st;
    auto fail = [&](const char* what) {
        throw std::logic_error(fmt::format("directory at node {}, line {:#x}, state {}, cpu {}: {}", x.home,
                                           x.line << l2_shift_, to_string(e.state), x.req, what));
    };
    switch (a) {
    case Ac::countMiss: {
        uint32_t& n = x.d.page_misses[x.req_node];
        if (n != UINT32_MAX) ++n;
        if (hook_) hook_((x.line << l2_shift_) >> 12, x.req_node, n);
        break;
    }
    case Ac::readMemory:
        x.data_ready = x.t + local_;
        ++hst.memory_reads;
        break;
    case Ac::writeMemory:
        ++hst.memory_writes;
        break;
    case Ac::sendDataShared:
    case Ac::sendDataExclusive:
        x.reply_at = std::max(x.data_ready, x.t + dir_) + lat(x.home, x.req_node);
        x.exclusive = a == Ac::sendDataExclusive;
        break;
    case Ac::sendUpgradeAck:
        x.reply_at = x.t + dir_ + lat(x.home, x.req_node);
        x.exclusive = true;
        break;
    case Ac::sendNak:
        x.nak = true;
        ++hst.naks_sent;
        ++cpu_[x.req].st.naks;
        break;
    case Ac::sendInvalidations: {
        const uint64_t send = x.t + dir_;
        bool requester_shares = false;
        unsigned n = 0;
        for (unsigned w = 0, words = x.hs->dir.words(); w < words; ++w)
            for (uint64_t bits = x.d.sharers[w]; bits; bits &= bits - 1) {
                const unsigned s = w * 64 + static_cast<unsigned>(__builtin_ctzll(bits));
                if (s == x.req) {
                    requester_shares = true;
                    continue;
                }
                CpuSide& sc = cpu_[s];
                const uint64_t start = magic(sc.node, send + lat(x.home, sc.node));
                sc.caches.invalidate(x.line);
                ++sc.st.invalidations_received;
                ++hst.invalidations_sent;
                push_home(start + invalidate_ + lat(sc.node, x.home), Ev::InvAck);
                ++n;
            }
        if ((x.req_ev == Ev::Upgrade) != requester_shares)
            fail(requester_shares ? "GetX from a sharer" : "Upgrade from a CPU that is not a sharer");
        e.acks = static_cast<uint16_t>(n);
        break;
    }
    case Ac::forwardGetS:
    case Ac::forwardGetX: {
        const unsigned o = e.owner;
        if (o == kNoCpu || o == x.req) fail("forward with no owner, or to the requester itself");
        CpuSide& oc = cpu_[o];
        const uint64_t start = magic(oc.node, x.t + dir_ + lat(x.home, oc.node));
        uint64_t r = start;
        // An owner whose own data is still on its way answers once it has arrived.
        if (x.win && x.win->ready_from <= start && start < x.win->ready_until) r = x.win->ready_until;
        r += intervention_;
        ++oc.st.interventions_received;
        ++hst.interventions_sent;
        x.reply_at = r + lat(oc.node, x.req_node);
        x.forwarded = true;
        if (a == Ac::forwardGetS) {
            const bool dirty = oc.caches.downgrade(x.line);
            push_home(r + lat(oc.node, x.home), dirty ? Ev::SharingWb : Ev::SharingAck);
            x.exclusive = false;
        } else {
            oc.caches.invalidate(x.line);
            push_home(r + lat(oc.node, x.home), Ev::OwnershipXfer);
            x.exclusive = true;
        }
        break;
    }
    case Ac::addSharer:
        x.d.sharers[x.req >> 6] |= 1ull << (x.req & 63);
        break;
    case Ac::removeSharer:
        if (!is_sharer(x.d.sharers, x.req)) fail("replacement hint from a CPU that is not a sharer");
        x.d.sharers[x.req >> 6] &= ~(1ull << (x.req & 63));
        break;
    case Ac::clearSharers:
        std::fill(x.d.sharers, x.d.sharers + x.hs->dir.words(), 0);
        break;
    case Ac::setOwner:
        e.owner = static_cast<uint16_t>(x.req);
        break;
    case Ac::ownerToSharer:
        if (e.owner == kNoCpu) fail("no owner to make a sharer");
        x.d.sharers[e.owner >> 6] |= 1ull << (e.owner & 63);
        e.owner = kNoCpu;
        break;
    case Ac::clearOwner:
        if (e.owner != x.req) fail("writeback from a CPU that is not the owner");
        e.owner = kNoCpu;
        break;
    case Ac::decrementAcks:
        if (e.acks == 0) fail("InvAck with none expected");
        --e.acks;
        break;
    case Ac::checkAcks:
        if (e.acks == 0) push_home(x.t, Ev::AcksDone, true);
        break;
    case Ac::beginPending:
        x.pending = true;
        x.pending_from = x.t;
        x.pending_until = x.t;
        break;
    case Ac::endPending:
        x.pending_until = x.t;
        break;
    case Ac::Count:
        fail("bad action");
    }
}

// ---- stats, miss counters, inspection ----

TimingStats MemoryTiming::stats() const {
    TimingStats s;
    for (const CpuSide& c : cpu_) s.cpus.push_back(c.st);
    for (const NodeSide& n : node_) s.nodes.push_back(n.st);
    return s;
}

void MemoryTiming::reset_stats() {
    for (CpuSide& c : cpu_) c.st = CpuStats{};
    for (NodeSide& n : node_) n.st = NodeStats{};
}

uint32_t MemoryTiming::page_misses(uint64_t page, unsigned node) const {
    const uint64_t line = (page << 12) >> l2_shift_;
    const unsigned h = home_of(page << 12);
    if (h >= node_.size() || node >= node_.size()) return 0;
    const Directory::Ref r = node_[h].dir.find(line);
    return r.entry ? r.page_misses[node] : 0;
}

void MemoryTiming::clear_page_misses(uint64_t page) {
    const uint64_t line = (page << 12) >> l2_shift_;
    const unsigned h = home_of(page << 12);
    if (h >= node_.size()) return;
    const Directory::Ref r = node_[h].dir.find(line);
    if (r.entry) std::fill(r.page_misses, r.page_misses + node_.size(), 0u);
}

std::vector<HotPage> MemoryTiming::hottest_pages(size_t n) const {
    std::vector<HotPage> all;
    for (const NodeSide& ns : node_) {
        const Directory& d = ns.dir;
        for (size_t r = 0; r < d.pages(); ++r) {
            const uint32_t* m = d.record(r).page_misses;
            for (unsigned k = 0; k < node_.size(); ++k)
                if (m[k]) all.push_back({d.page_number(r), k, m[k]});
        }
    }
    auto hotter = [](const HotPage& a, const HotPage& b) {
        if (a.misses != b.misses) return a.misses > b.misses;
        return a.page != b.page ? a.page < b.page : a.node < b.node;
    };
    n = std::min(n, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(n), all.end(), hotter);
    all.resize(n);
    return all;
}

LineState MemoryTiming::l1i_state(unsigned cpu, uint64_t paddr) const {
    const TagArray& a = cpu_.at(cpu).caches.l1i;
    return a.state_of(paddr >> a.line_shift());
}
LineState MemoryTiming::l1d_state(unsigned cpu, uint64_t paddr) const {
    const TagArray& a = cpu_.at(cpu).caches.l1d;
    return a.state_of(paddr >> a.line_shift());
}
LineState MemoryTiming::l2_state(unsigned cpu, uint64_t paddr) const {
    const TagArray& a = cpu_.at(cpu).caches.l2;
    return a.state_of(paddr >> a.line_shift());
}

MemoryTiming::DirectoryView MemoryTiming::directory_view(uint64_t paddr) const {
    DirectoryView v;
    const unsigned h = home_of(paddr);
    if (h >= node_.size()) return v;
    const Directory::Ref r = node_[h].dir.find(paddr >> l2_shift_);
    if (!r.entry) return v;
    v.state = r.entry->state;
    v.owner = r.entry->owner;
    for (unsigned c = 0; c < cpu_.size(); ++c)
        if (is_sharer(r.sharers, c)) v.sharers.push_back(c);
    return v;
}

void MemoryTiming::check_line(uint64_t paddr) const {
    const uint64_t line = paddr >> l2_shift_;
    const DirectoryView v = directory_view(paddr);
    auto fail = [&](const std::string& what) {
        std::string sh;
        for (unsigned s : v.sharers) sh += fmt::format("{}{}", sh.empty() ? "" : ",", s);
        std::string held;
        for (unsigned c = 0; c < cpu_.size(); ++c)
            if (LineState s = cpu_[c].caches.l2.state_of(line); s != LineState::I)
                held += fmt::format(" cpu{}={}", c, to_string(s));
        throw std::logic_error(fmt::format("coherence: line {:#x} (home {}, directory {} owner {} sharers {{{}}}, "
                                           "L2s:{}): {}",
                                           line << l2_shift_, home_of(paddr), to_string(v.state),
                                           v.owner == kNoCpu ? -1 : int(v.owner), sh, held, what));
    };
    if (is_transient(v.state)) fail("directory left in a transient state");
    std::vector<unsigned> holders;
    int owner = -1;
    for (unsigned c = 0; c < cpu_.size(); ++c) {
        const LineState s = cpu_[c].caches.l2.state_of(line);
        if (s == LineState::I) continue;
        holders.push_back(c);
        if (s >= LineState::E) {
            if (owner >= 0) fail(fmt::format("cpus {} and {} both hold it exclusive", owner, c));
            owner = static_cast<int>(c);
        }
    }
    if (owner >= 0 && holders.size() > 1) fail(fmt::format("cpu {} holds it exclusive while others hold copies", owner));
    switch (v.state) {
    case St::U:
        if (!holders.empty()) fail("uncached at the directory but held by a cache");
        if (!v.sharers.empty()) fail("sharers recorded in state U");
        break;
    case St::S:
        if (owner >= 0) fail("shared at the directory but held exclusive");
        if (holders != v.sharers) fail("the sharer vector is not the set of caches holding it");
        if (holders.empty()) fail("shared with no sharers");
        break;
    default:  // E
        if (owner < 0 || static_cast<unsigned>(owner) != v.owner) fail("the owner is not the cache holding it exclusive");
        break;
    }
    if (v.state != St::E && v.owner != kNoCpu) fail("an owner recorded outside state E");
    if (v.state == St::E && !v.sharers.empty()) fail("sharers recorded in state E");
    for (unsigned c = 0; c < cpu_.size(); ++c) {
        const CpuCaches& cc = cpu_[c].caches;
        const LineState s2 = cc.l2.state_of(line);
        const unsigned dd = l2_shift_ - cc.l1d.line_shift(), di = l2_shift_ - cc.l1i.line_shift();
        for (uint64_t l = line << dd; l < (line + 1) << dd; ++l) {
            const LineState s1 = cc.l1d.state_of(l);
            if (s1 != LineState::I && s2 == LineState::I) fail(fmt::format("cpu {}: in L1 D, not in L2", c));
            if (s1 >= LineState::E && s2 < LineState::E)
                fail(fmt::format("cpu {}: L1 D {} over L2 {}", c, to_string(s1), to_string(s2)));
        }
        for (uint64_t l = line << di; l < (line + 1) << di; ++l) {
            const LineState s1 = cc.l1i.state_of(l);
            if (s1 != LineState::I && s2 == LineState::I) fail(fmt::format("cpu {}: in L1 I, not in L2", c));
            if (s1 != LineState::I && s1 != LineState::S) fail(fmt::format("cpu {}: L1 I line in state {}", c, to_string(s1)));
        }
    }
}

void MemoryTiming::check_invariants() const {
    std::vector<uint64_t> lines;
    for (const CpuSide& c : cpu_) {
        const CpuCaches& cc = c.caches;
        for (const TagArray::Way& w : cc.l2.all())
            if (TagArray::valid(w)) lines.push_back(TagArray::line(w));
        for (const TagArray::Way& w : cc.l1d.all())
            if (TagArray::valid(w)) lines.push_back(TagArray::line(w) >> (l2_shift_ - cc.l1d.line_shift()));
        for (const TagArray::Way& w : cc.l1i.all())
            if (TagArray::valid(w)) lines.push_back(TagArray::line(w) >> (l2_shift_ - cc.l1i.line_shift()));
    }
    for (const NodeSide& ns : node_) {
        const Directory& d = ns.dir;
        for (size_t r = 0; r < d.pages(); ++r) {
            const Directory::Ref ref = d.record(r);
            for (unsigned i = 0; i < d.lines_per_page(); ++i)
                if (ref.entry[i].state != St::U || ref.entry[i].owner != kNoCpu ||
                    sharer_count(ref.sharers + size_t{i} * d.words()))
                    lines.push_back(((d.page_number(r) << 12) >> l2_shift_) + i);
        }
    }
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    for (uint64_t l : lines) check_line(l << l2_shift_);
}

}  // namespace flashsim::mem
