// The timing model of caches and directory coherence (DESIGN.md "Timing", docs/coherence.md):
// per-CPU L1 I/D and L2, a full-map directory at each line's home node (physical address bits
// 39:32), 2-hop/3-hop latencies from node-to-node latencies, MAGIC occupancy, per-page miss
// counters. Timing only: no data is stored. Pure C++, deterministic: the same calls in the same
// order give the same latencies and stats.
//
// Time: callers pass their CPU's cycle count; inside, times are ticks of 1/1000 cycle, so ns
// values convert exactly at any whole-MHz clock.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mem/cache.h"
#include "mem/directory.h"
#include "mem/magic_calendar.h"
#include "mem/timing_config.h"

namespace flashsim::mem {

struct CpuStats {
    std::array<uint64_t, kAccessKinds> accesses{};  // by AccessKind
    uint64_t l1i_misses = 0, l1d_misses = 0;        // L1 D misses include stores to a non-writable copy
    uint64_t l2_hits = 0, l2_misses = 0;            // l2_misses: data fetched through the directory
    uint64_t upgrades = 0;                          // stores to a Shared L2 line
    uint64_t local_misses = 0, remote_misses = 0;   // l2_misses by home: this CPU's node or another
    uint64_t three_hop = 0;                         // misses and upgrades answered by an owner's cache
    uint64_t writebacks = 0, replacement_hints = 0; // L2 evictions: dirty (PutX) and clean (PutS/PutE)
    uint64_t invalidations_received = 0, interventions_received = 0;
    uint64_t naks = 0;                              // requests bounced by a busy line
    uint64_t miss_cycles = 0;                       // cycles returned for accesses that missed L1
    uint64_t cache_ops = 0;

    uint64_t l1i_hits() const { return accesses[0] - l1i_misses; }
    uint64_t l1d_hits() const { return accesses[1] + accesses[2] + accesses[3] + accesses[4] - l1d_misses; }
    // name, value for every counter (for JSON and printing)
    template <class F> void for_each_field(F&& f) const {
        f("fetches", accesses[0]);
        f("loads", accesses[1]);
        f("stores", accesses[2]);
        f("ll", accesses[3]);
        f("sc", accesses[4]);
        f("l1i_hits", l1i_hits());
        f("l1i_misses", l1i_misses);
        f("l1d_hits", l1d_hits());
        f("l1d_misses", l1d_misses);
        f("l2_hits", l2_hits);
        f("l2_misses", l2_misses);
        f("upgrades", upgrades);
        f("local_misses", local_misses);
        f("remote_misses", remote_misses);
        f("three_hop", three_hop);
        f("writebacks", writebacks);
        f("replacement_hints", replacement_hints);
        f("invalidations_received", invalidations_received);
        f("interventions_received", interventions_received);
        f("naks", naks);
        f("miss_cycles", miss_cycles);
        f("cache_ops", cache_ops);
    }
};

struct NodeStats {
    std::array<uint64_t, kDirEvents> messages{};  // directory events handled at this home, by DirEvent
    uint64_t invalidations_sent = 0, interventions_sent = 0, naks_sent = 0;
    uint64_t memory_reads = 0, memory_writes = 0;
    uint64_t magic_messages = 0;     // every message this node's MAGIC handled (home and cache side)
    uint64_t magic_queue_ticks = 0;  // time messages waited for this MAGIC, 1/1000 cycle

    uint64_t magic_queue_cycles() const { return magic_queue_ticks / 1000; }
    template <class F> void for_each_field(F&& f) const {
        for (unsigned e = 0; e < kDirEvents; ++e)
            if (static_cast<DirEvent>(e) != DirEvent::AcksDone)
                f((std::string("msg_") + to_string(static_cast<DirEvent>(e))).c_str(), messages[e]);
        f("invalidations_sent", invalidations_sent);
        f("interventions_sent", interventions_sent);
        f("naks_sent", naks_sent);
        f("memory_reads", memory_reads);
        f("memory_writes", memory_writes);
        f("magic_messages", magic_messages);
        f("magic_queue_cycles", magic_queue_cycles());
    }
};

struct TimingStats {
    std::vector<CpuStats> cpus;
    std::vector<NodeStats> nodes;
};

struct HotPage {
    uint64_t page;  // physical address >> 12
    unsigned node;  // requesting node
    uint32_t misses;
};

// Called after each miss that reaches a home, with the page, the requesting node and that
// pair's count so far (MAGIC's hot-page unit compares it with its threshold). It must not call
// access() or cache_op().
using MissHook = std::function<void(uint64_t page, unsigned node, uint32_t count)>;

class MemoryTiming {
public:
    // cpu_node[c] is CPU c's node. lat gives one-way node-to-node ns (read once, here); empty:
    // uniform_latency(cfg.local_ns, cfg.remote_ns).
    MemoryTiming(const TimingConfig& cfg, unsigned cpus, std::vector<unsigned> cpu_node, NodeLatency lat = {});

    // The latency of one access in cycles of the CPU's clock; now_cycles is the CPU's time.
    uint64_t access(unsigned cpu, uint64_t paddr, AccessKind k, uint64_t now_cycles) {
        CpuSide& c = cpu_[cpu];
        ++c.st.accesses[static_cast<unsigned>(k)];
        switch (k) {
        case AccessKind::Fetch:
            if (c.caches.l1i.read_hit(paddr >> c.caches.l1i.line_shift())) return l1_hit_;
            break;
        case AccessKind::Load:
        case AccessKind::LL:
            if (c.caches.l1d.read_hit(paddr >> c.caches.l1d.line_shift())) return l1_hit_;
            break;
        default:
            if (c.caches.l1d.write_hit(paddr >> c.caches.l1d.line_shift())) return l1_hit_;
            break;
        }
        return miss(cpu, paddr, k, now_cycles);
    }

    // A CACHE instruction: `op` is its 5-bit op field (R10000 encodings; cache in bits 1:0).
    // Hit ops take the physical address; Index ops take the effective address, whose index bits
    // pick the set and whose bit 0 picks the way. Returns cycles.
    uint64_t cache_op(unsigned cpu, unsigned op, uint64_t addr, uint64_t now_cycles);

    TimingStats stats() const;
    const CpuStats& cpu_stats(unsigned cpu) const { return cpu_.at(cpu).st; }
    const NodeStats& node_stats(unsigned node) const { return node_.at(node).st; }
    void reset_stats();  // counters only: cache, directory and miss-counter state stay

    // FLASH's per-page miss counters: misses reaching memory, by 4 KiB page and requesting node.
    void set_miss_hook(MissHook h) { hook_ = std::move(h); }
    uint32_t page_misses(uint64_t page, unsigned node) const;
    void clear_page_misses(uint64_t page);
    std::vector<HotPage> hottest_pages(size_t n) const;  // by count, then page, then node

    // Inspection (tests, tools).
    LineState l1i_state(unsigned cpu, uint64_t paddr) const;
    LineState l1d_state(unsigned cpu, uint64_t paddr) const;
    LineState l2_state(unsigned cpu, uint64_t paddr) const;
    struct DirectoryView {
        DirState state = DirState::U;
        unsigned owner = kNoCpu;
        std::vector<unsigned> sharers;
    };
    DirectoryView directory_view(uint64_t paddr) const;
    // Protocol invariants for the line holding paddr; throws std::logic_error saying what is
    // wrong: the directory is in a stable state; at most one cache holds the line E/D and then
    // no other holds it; the directory's sharers (S) or owner (E) are exactly the caches holding
    // it; L1 lines lie in L2 lines with enough permission.
    void check_line(uint64_t paddr) const;
    void check_invariants() const;  // every line any cache or directory knows

    unsigned home_of(uint64_t paddr) const { return static_cast<unsigned>(paddr >> 32) & 0xFF; }
    unsigned cpus() const { return static_cast<unsigned>(cpu_.size()); }
    unsigned nodes() const { return static_cast<unsigned>(node_.size()); }
    unsigned node_of(unsigned cpu) const { return cpu_.at(cpu).node; }
    const TimingConfig& config() const { return cfg_; }
    uint64_t ns_to_ticks(double ns) const;

private:
    struct CpuSide {
        CpuSide(const TimingConfig& c, unsigned n) : caches(c), node(n) {}
        CpuCaches caches;
        CpuStats st;
        unsigned node;
    };
    struct NodeSide {
        NodeSide(const TimingConfig& c, unsigned node, unsigned cpus, unsigned nodes, unsigned line_shift)
            : dir(node, cpus, nodes, line_shift, c.window_table_entries) {}
        Directory dir;
        MagicCalendar magic;
        NodeStats st;
    };
    // One message on its way to the home of the line of the running transaction.
    struct HomeMsg {
        uint64_t t;
        uint32_t seq;
        DirEvent ev;
        bool internal;  // a trigger (AcksDone): no MAGIC time
    };
    struct Txn;

    uint64_t miss(unsigned cpu, uint64_t paddr, AccessKind k, uint64_t now_cycles);
    // A request (GetS/GetShd/GetX/Upgrade) at `now` ticks: returns when the requester has its
    // answer; *exclusive says whether it was granted Exclusive.
    uint64_t request(unsigned cpu, uint64_t line, DirEvent ev, uint64_t now, bool* exclusive);
    void put(unsigned cpu, uint64_t line, LineState evicted, uint64_t now);
    void evict_l2(unsigned cpu, TagArray::Way& w, uint64_t now);
    void end_busy_window(Txn& x);
    void run(Txn& x);
    void dispatch(Txn& x, DirState view, DirEvent ev, bool busy_view);
    void act(Txn& x, DirAction a);
    void push_home(uint64_t t, DirEvent ev, bool internal = false);
    uint64_t magic(unsigned node, uint64_t arrival);  // MAGIC queueing: handler start time
    uint64_t lat(unsigned from, unsigned to) const { return lat_[from * node_.size() + to]; }
    unsigned home_of_line(uint64_t line) const { return home_of(line << l2_shift_); }
    NodeSide& home_side(uint64_t line);
    uint64_t to_cycles(uint64_t ticks) const { return (ticks + kTicksPerCycle - 1) / kTicksPerCycle; }
    bool is_sharer(const uint64_t* sharers, unsigned cpu) const { return sharers[cpu >> 6] >> (cpu & 63) & 1; }
    unsigned sharer_count(const uint64_t* sharers) const;

    static constexpr uint64_t kTicksPerCycle = 1000;

    TimingConfig cfg_;
    std::vector<CpuSide> cpu_;
    std::vector<NodeSide> node_;
    std::vector<uint64_t> lat_;  // one-way, ticks, [from * nodes + to]
    uint64_t l1_hit_, l2_hit_;
    uint64_t local_, dir_, intervention_, invalidate_;  // ticks
    unsigned l2_shift_;
    MissHook hook_;
    std::vector<HomeMsg> queue_;  // the running transaction's home-bound messages
    uint32_t seq_ = 0;
};

}  // namespace flashsim::mem
