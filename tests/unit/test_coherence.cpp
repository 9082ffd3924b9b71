// The timing model of caches and directory coherence (docs/coherence.md): hit and miss latencies,
// local/remote/3-hop, invalidations, upgrades, writebacks, LRU, inclusion, MAGIC occupancy, busy
// lines, miss counters, CACHE ops, determinism, and a RubyTester-style random stress test that
// checks a shadow memory's versions and the protocol invariants after every access.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mem/memory_timing.h"

using namespace flashsim::mem;

namespace {

constexpr uint64_t at(unsigned node, uint64_t offset) { return (uint64_t{node} << 32) | offset; }

std::vector<unsigned> one_per_node(unsigned n) {
    std::vector<unsigned> v(n);
    for (unsigned i = 0; i < n; ++i) v[i] = i;
    return v;
}

TimingConfig quiet() {  // no MAGIC occupancy: latencies are the bare protocol paths
    TimingConfig c;
    c.occupancy_ns = 0;
    return c;
}

// Caches small enough that a few lines conflict: L2 2 sets of 2 ways (lines 256 bytes apart
// share a set), L1 D 4 sets of 2 ways, L1 I 2 sets of 2 ways.
TimingConfig tiny() {
    TimingConfig c = quiet();
    c.l1i = {256, 2, 64};
    c.l1d = {256, 2, 32};
    c.l2 = {512, 2, 128};
    return c;
}

struct Rng {  // xorshift64*: the same sequence on every platform
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
    uint64_t next() {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        return s * 0x2545F4914F6CDD1Dull;
    }
    unsigned below(unsigned n) { return static_cast<unsigned>((next() >> 33) % n); }
};

std::string stats_text(const MemoryTiming& m) {
    std::string out;
    const TimingStats s = m.stats();
    for (const CpuStats& c : s.cpus) c.for_each_field([&](const char* n, uint64_t v) { out += std::string(n) + "=" + std::to_string(v) + " "; });
    for (const NodeStats& n : s.nodes) n.for_each_field([&](const char* k, uint64_t v) { out += std::string(k) + "=" + std::to_string(v) + " "; });
    return out;
}

}  // namespace

TEST_CASE("an L1 hit, an L2 hit and a local miss cost their configured latencies", "[coherence]") {
    MemoryTiming m(TimingConfig{}, 1, {0});
    const uint64_t a = at(0, 0x1000);
    CHECK(m.access(0, a, AccessKind::Load, 0) == 60);  // 300 ns at 200 MHz
    CHECK(m.l2_state(0, a) == LineState::E);          // nobody else holds it: Exclusive clean
    CHECK(m.access(0, a + 8, AccessKind::Load, 100) == 1);
    CHECK(m.access(0, a + 32, AccessKind::Load, 101) == 10);  // another 32-byte L1 line of the L2 line
    CHECK(m.access(0, a, AccessKind::Fetch, 111) == 10);      // L1 I miss, L2 hit
    CHECK(m.access(0, a, AccessKind::Fetch, 121) == 1);
    CHECK(m.access(0, a, AccessKind::Store, 122) == 1);  // L1 D holds it writable (E): a silent E -> D
    CHECK(m.l1d_state(0, a) == LineState::D);
    CHECK(m.access(0, a + 64, AccessKind::Store, 123) == 10);
    CHECK(m.l2_state(0, a) == LineState::D);
    const CpuStats& s = m.cpu_stats(0);
    CHECK(s.accesses[static_cast<unsigned>(AccessKind::Load)] == 3);
    CHECK(s.l1d_misses == 3);
    CHECK(s.l1d_hits() == 2);
    CHECK(s.l1i_misses == 1);
    CHECK(s.l1i_hits() == 1);
    CHECK(s.l2_hits == 3);
    CHECK(s.l2_misses == 1);
    CHECK(s.local_misses == 1);
    CHECK(s.remote_misses == 0);
    CHECK(s.miss_cycles == 60 + 10 + 10 + 10);
}

TEST_CASE("remote misses cost the 2-hop path, misses to a dirty line the 3-hop path", "[coherence]") {
    MemoryTiming m(TimingConfig{}, 3, one_per_node(3));
    CHECK(m.access(0, at(0, 0x2000), AccessKind::Load, 0) == 60);
    CHECK(m.access(0, at(1, 0x2000), AccessKind::Load, 1000) == 180);  // 300 + 300 + 300 ns
    const uint64_t x = at(2, 0x4000);
    CHECK(m.access(1, x, AccessKind::Store, 2000) == 180);
    CHECK(m.l2_state(1, x) == LineState::D);
    // cpu0 -> home 2 (300) + directory (50) + home -> owner 1 (300) + intervention (100) + owner -> cpu0 (300)
    CHECK(m.access(0, x, AccessKind::Load, 4000) == 210);
    CHECK(m.cpu_stats(0).three_hop == 1);
    CHECK(m.cpu_stats(0).remote_misses == 2);
    CHECK(m.cpu_stats(1).interventions_received == 1);
    CHECK(m.l2_state(0, x) == LineState::S);
    CHECK(m.l2_state(1, x) == LineState::S);
    const auto v = m.directory_view(x);
    CHECK(v.state == DirState::S);
    CHECK(v.sharers == std::vector<unsigned>{0, 1});
    const NodeStats& h = m.node_stats(2);
    CHECK(h.messages[static_cast<unsigned>(DirEvent::GetX)] == 1);
    CHECK(h.messages[static_cast<unsigned>(DirEvent::GetS)] == 1);
    CHECK(h.messages[static_cast<unsigned>(DirEvent::SharingWb)] == 1);  // the owner was dirty
    CHECK(h.memory_writes == 1);
    CHECK(h.interventions_sent == 1);
    // Both CPUs on the home's node: only the handlers' times remain (50 + 100 ns).
    MemoryTiming l(TimingConfig{}, 2, {0, 0});
    CHECK(l.access(0, at(0, 0x80), AccessKind::Store, 0) == 60);
    CHECK(l.access(1, at(0, 0x80), AccessKind::Load, 1000) == 30);
}

TEST_CASE("node-to-node latencies come from the function the machine supplies", "[coherence]") {
    // A 2-node machine with 150 ns one way: remote = 150 + 300 + 150.
    MemoryTiming m(TimingConfig{}, 2, {0, 1}, [](unsigned a, unsigned b) { return a == b ? 0.0 : 150.0; });
    CHECK(m.access(0, at(1, 0), AccessKind::Load, 0) == 120);
    CHECK(m.access(1, at(1, 0x100), AccessKind::Load, 0) == 60);
    MemoryTiming u(TimingConfig{}, 2, {0, 1}, uniform_latency(300, 1300));
    CHECK(u.access(0, at(1, 0), AccessKind::Load, 0) == 260);
}

TEST_CASE("a store invalidates every sharer and waits for the farthest one's ack", "[coherence]") {
    // One way from node 0: 100, 200, 400 ns to nodes 1, 2, 3.
    std::vector<std::vector<double>> lat = {
        {0, 100, 200, 400}, {100, 0, 250, 250}, {200, 250, 0, 250}, {400, 250, 250, 0}};
    MemoryTiming m(quiet(), 4, one_per_node(4), matrix_latency(lat));
    const uint64_t a = at(0, 0x3000);
    for (unsigned c = 1; c < 4; ++c) m.access(c, a, AccessKind::Fetch, 0);  // read-shared: S everywhere
    CHECK(m.directory_view(a).sharers == std::vector<unsigned>{1, 2, 3});
    // directory (50) + Inv to node 3 (400) + invalidate (50) + ack back (400) + reply handler (50)
    CHECK(m.access(0, a, AccessKind::Store, 10000) == 190);
    for (unsigned c = 1; c < 4; ++c) {
        CHECK(m.l2_state(c, a) == LineState::I);
        CHECK(m.l1i_state(c, a) == LineState::I);
        CHECK(m.cpu_stats(c).invalidations_received == 1);
    }
    CHECK(m.l2_state(0, a) == LineState::D);
    const auto v = m.directory_view(a);
    CHECK(v.state == DirState::E);
    CHECK(v.owner == 0);
    CHECK(v.sharers.empty());
    CHECK(m.node_stats(0).invalidations_sent == 3);
    CHECK(m.node_stats(0).messages[static_cast<unsigned>(DirEvent::InvAck)] == 3);
    m.check_invariants();
}

TEST_CASE("a store to a Shared copy upgrades it without data", "[coherence]") {
    MemoryTiming m(quiet(), 2, {0, 1});
    const uint64_t a = at(0, 0x5000);
    CHECK(m.access(0, a, AccessKind::Load, 0) == 60);
    CHECK(m.access(1, a, AccessKind::Load, 1000) == 150);  // 3-hop with the owner at the home
    CHECK(m.l2_state(0, a) == LineState::S);
    CHECK(m.node_stats(0).messages[static_cast<unsigned>(DirEvent::SharingAck)] == 1);  // it was clean
    // directory (50) + Inv to node 1 (300) + invalidate (50) + ack (300) + upgrade ack (50)
    CHECK(m.access(0, a, AccessKind::Store, 2000) == 150);
    CHECK(m.cpu_stats(0).upgrades == 1);
    CHECK(m.cpu_stats(0).l2_misses == 1);
    CHECK(m.l2_state(0, a) == LineState::D);
    CHECK(m.l2_state(1, a) == LineState::I);
    CHECK(m.node_stats(0).messages[static_cast<unsigned>(DirEvent::Upgrade)] == 1);
    // The only sharer upgrades at the cost of the directory handler.
    const uint64_t b = at(0, 0x6000);
    m.access(0, b, AccessKind::Fetch, 3000);
    CHECK(m.l2_state(0, b) == LineState::S);
    CHECK(m.access(0, b, AccessKind::Store, 3100) == 10);
    CHECK(m.directory_view(b).state == DirState::E);
    m.check_invariants();
}

TEST_CASE("evicting a dirty line writes it back, a clean one sends a replacement hint", "[coherence]") {
    MemoryTiming m(tiny(), 1, {0});
    const uint64_t a = at(0, 0), b = at(0, 0x100), c = at(0, 0x200), d = at(0, 0x300);  // one L2 set
    m.access(0, a, AccessKind::Store, 0);
    m.access(0, b, AccessKind::Load, 100);
    m.access(0, c, AccessKind::Load, 200);  // a is the LRU way
    CHECK(m.l2_state(0, a) == LineState::I);
    CHECK(m.directory_view(a).state == DirState::U);
    CHECK(m.cpu_stats(0).writebacks == 1);
    CHECK(m.node_stats(0).messages[static_cast<unsigned>(DirEvent::PutX)] == 1);
    CHECK(m.node_stats(0).memory_writes == 1);
    m.access(0, d, AccessKind::Load, 300);  // b (Exclusive clean) goes
    CHECK(m.cpu_stats(0).replacement_hints == 1);
    CHECK(m.node_stats(0).messages[static_cast<unsigned>(DirEvent::PutE)] == 1);
    CHECK(m.directory_view(b).state == DirState::U);
    // A Shared line's hint removes just that sharer.
    MemoryTiming s(tiny(), 2, {0, 0});
    s.access(0, a, AccessKind::Fetch, 0);
    s.access(1, a, AccessKind::Fetch, 0);
    s.access(0, b, AccessKind::Load, 100);
    s.access(0, c, AccessKind::Load, 200);
    CHECK(s.directory_view(a).sharers == std::vector<unsigned>{1});
    CHECK(s.node_stats(0).messages[static_cast<unsigned>(DirEvent::PutS)] == 1);
    s.check_invariants();
}

TEST_CASE("replacement picks the least recently used way", "[coherence]") {
    MemoryTiming m(tiny(), 1, {0});
    const uint64_t a = at(0, 0), b = at(0, 0x100), c = at(0, 0x200);
    m.access(0, a, AccessKind::Load, 0);
    m.access(0, b, AccessKind::Load, 0);
    m.access(0, a + 32, AccessKind::Load, 0);  // an L1 miss and L2 hit: a becomes the most recent
    m.access(0, c, AccessKind::Load, 0);
    CHECK(m.l2_state(0, a) == LineState::E);
    CHECK(m.l2_state(0, b) == LineState::I);
    CHECK(m.l2_state(0, c) == LineState::E);
    // The same in L1 D (sets of 2 ways, lines 128 bytes apart share one): x, y, x, z evicts y.
    MemoryTiming l(quiet(), 1, {0});
    const uint64_t x = at(0, 0), y = at(0, 16384), z = at(0, 32768);
    l.access(0, x, AccessKind::Load, 0);
    l.access(0, y, AccessKind::Load, 0);
    l.access(0, x, AccessKind::Load, 0);
    l.access(0, z, AccessKind::Load, 0);
    CHECK(l.l1d_state(0, x) != LineState::I);
    CHECK(l.l1d_state(0, y) == LineState::I);
    CHECK(l.l2_state(0, y) == LineState::E);  // still in the (larger) L2
}

TEST_CASE("an L2 eviction takes the L1 copies with it (inclusion)", "[coherence]") {
    TimingConfig cfg = tiny();
    cfg.l1d = {256, 4, 32};  // 2 sets of 4 ways: L1 D could keep a, b and c
    cfg.l1i = {256, 4, 64};
    MemoryTiming m(cfg, 1, {0});
    const uint64_t a = at(0, 0), b = at(0, 0x100), c = at(0, 0x200);
    m.access(0, a, AccessKind::Load, 0);
    m.access(0, a, AccessKind::Fetch, 0);
    m.access(0, a, AccessKind::Store, 0);  // L1 D dirty, L2 still says E
    CHECK(m.l1d_state(0, a) == LineState::D);
    CHECK(m.l2_state(0, a) == LineState::E);
    m.access(0, b, AccessKind::Load, 0);
    m.access(0, c, AccessKind::Load, 0);
    CHECK(m.l2_state(0, a) == LineState::I);
    CHECK(m.l1d_state(0, a) == LineState::I);
    CHECK(m.l1i_state(0, a) == LineState::I);
    CHECK(m.l1d_state(0, b) != LineState::I);
    CHECK(m.cpu_stats(0).writebacks == 1);  // dirty in L1 only is dirty
    m.check_invariants();
}

TEST_CASE("MAGIC occupancy makes requests to a hot home wait their turn", "[coherence]") {
    TimingConfig cfg;  // occupancy 50 ns = 10 cycles per message
    std::vector<unsigned> where(8);
    for (unsigned c = 0; c < 8; ++c) where[c] = c + 1;  // CPUs on nodes 1..8, memory on node 0
    MemoryTiming m(cfg, 8, where);
    for (unsigned c = 0; c < 8; ++c) CHECK(m.access(c, at(0, 0x1000 + 128 * c), AccessKind::Load, 0) == 180 + 10 * c);
    CHECK(m.node_stats(0).magic_queue_cycles() == 10 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7));
    CHECK(m.node_stats(0).magic_messages == 8);
    // Without occupancy nobody waits.
    MemoryTiming q(quiet(), 8, where);
    for (unsigned c = 0; c < 8; ++c) CHECK(q.access(c, at(0, 0x1000 + 128 * c), AccessKind::Load, 0) == 180);
    // A CPU whose clock is behind (temporal decoupling) does not queue behind another's future.
    MemoryTiming d(cfg, 2, {1, 2});
    CHECK(d.access(0, at(0, 0), AccessKind::Load, 100000) == 180);
    CHECK(d.access(1, at(0, 0x80), AccessKind::Load, 0) == 180);
    CHECK(d.node_stats(0).magic_queue_cycles() == 0);
}

TEST_CASE("a request to a line whose transaction is in flight is NAKed and retried", "[coherence]") {
    MemoryTiming m(quiet(), 4, one_per_node(4));
    const uint64_t x = at(0, 0x7000);
    m.access(1, x, AccessKind::Store, 0);
    // cpu2's GetS is forwarded to owner cpu1: the home is busy (E_S) from 300 ns after 10000
    // cycles until the sharing writeback arrives 750 ns later.
    CHECK(m.access(2, x, AccessKind::Load, 10000) == 210);
    // cpu3's request reaches the home at +350 ns: NAKed, retried when the line is free (+1050),
    // then served from memory: 1050 + 300 + 300 - 50 = 1600 ns.
    CHECK(m.access(3, x, AccessKind::Load, 10010) == 320);
    CHECK(m.cpu_stats(3).naks == 1);
    CHECK(m.node_stats(0).naks_sent == 1);
    CHECK(m.directory_view(x).sharers == std::vector<unsigned>{1, 2, 3});
    // A later request sees the line free.
    CHECK(m.access(0, x, AccessKind::Load, 20000) == 60);
    m.check_invariants();
}

TEST_CASE("a forwarded request waits until the owner has its own data", "[coherence]") {
    MemoryTiming m(quiet(), 3, one_per_node(3));
    const uint64_t x = at(0, 0x8000);
    // cpu1 (node 1) gets x exclusive: at the home at 300 ns, data at cpu1 at 900 ns.
    CHECK(m.access(1, x, AccessKind::Load, 0) == 180);
    // cpu0 (node 0, the home) asks at 10 ns: forwarded at 60, reaches cpu1 at 360, which answers
    // after its data (900) + intervention (100), data back at 1300 ns.
    CHECK(m.access(0, x, AccessKind::Load, 2) == (1300 - 10) / 5);
}

TEST_CASE("miss counters count misses by page and requesting node", "[coherence]") {
    MemoryTiming m(TimingConfig{}, 2, {0, 1});
    std::vector<HotPage> seen;
    m.set_miss_hook([&](uint64_t page, unsigned node, uint32_t n) { seen.push_back({page, node, n}); });
    const uint64_t p = at(0, 0x9000);
    m.access(0, p, AccessKind::Load, 0);
    m.access(0, p + 8, AccessKind::Load, 0);    // L1 hit: not counted
    m.access(0, p + 32, AccessKind::Load, 0);   // L2 hit: not counted
    m.access(0, p + 128, AccessKind::Load, 0);  // another line of the page
    m.access(1, p + 256, AccessKind::Load, 0);
    m.access(1, at(1, 0x9000), AccessKind::Load, 0);
    CHECK(m.page_misses(p >> 12, 0) == 2);
    CHECK(m.page_misses(p >> 12, 1) == 1);
    CHECK(m.page_misses(at(1, 0x9000) >> 12, 1) == 1);
    REQUIRE(seen.size() == 4);
    CHECK(seen[1].page == p >> 12);
    CHECK(seen[1].node == 0);
    CHECK(seen[1].misses == 2);
    const auto hot = m.hottest_pages(2);
    REQUIRE(hot.size() == 2);
    CHECK(hot[0].page == p >> 12);
    CHECK(hot[0].node == 0);
    CHECK(hot[0].misses == 2);
    CHECK(hot[1].page == p >> 12);
    CHECK(hot[1].node == 1);
    m.clear_page_misses(p >> 12);
    CHECK(m.page_misses(p >> 12, 0) == 0);
    CHECK(m.hottest_pages(10).size() == 1);
}

TEST_CASE("CACHE instructions write back and invalidate in the model", "[coherence]") {
    MemoryTiming m(TimingConfig{}, 1, {0});
    const uint64_t a = at(0, 0xA000);
    m.access(0, a, AccessKind::Store, 0);
    m.access(0, a, AccessKind::Fetch, 0);
    CHECK(m.cache_op(0, 0x10, a, 0) == 1);  // Hit Invalidate I
    CHECK(m.l1i_state(0, a) == LineState::I);
    CHECK(m.cache_op(0, 0x15, a, 0) == 1);  // Hit Writeback Invalidate D: the L2 line becomes dirty
    CHECK(m.l1d_state(0, a) == LineState::I);
    CHECK(m.l2_state(0, a) == LineState::D);
    CHECK(m.cache_op(0, 0x17, a, 0) == 10);  // Hit Writeback Invalidate S: a writeback home
    CHECK(m.l2_state(0, a) == LineState::I);
    CHECK(m.directory_view(a).state == DirState::U);
    CHECK(m.cpu_stats(0).writebacks == 1);
    // Index Writeback Invalidate S: the address's index bits pick the set, bit 0 the way.
    m.access(0, a, AccessKind::Load, 100);
    m.cache_op(0, 0x03, a, 200);
    m.cache_op(0, 0x03, a | 1, 200);
    CHECK(m.l2_state(0, a) == LineState::I);
    CHECK(m.cpu_stats(0).replacement_hints == 1);
    CHECK(m.cpu_stats(0).cache_ops == 5);
    CHECK(m.cache_op(0, 0x07, a, 0) == 10);  // Index Load Tag S: no effect
    m.check_invariants();
}

TEST_CASE("the transition table throws on a pair it does not handle", "[coherence]") {
    CHECK(find_transition(DirState::U, DirEvent::PutX) == nullptr);
    CHECK(find_transition(DirState::S_ED, DirEvent::Upgrade) == nullptr);
    CHECK(find_transition(DirState::E, DirEvent::GetX)->next == DirState::E_E);
    try {
        transition(DirState::U, DirEvent::PutX);
        FAIL("no exception");
    } catch (const std::logic_error& e) {
        const std::string w = e.what();
        CHECK(w.find("state U") != std::string::npos);
        CHECK(w.find("event PutX") != std::string::npos);
    }
    for (unsigned s = 0; s < kDirStates; ++s)
        for (unsigned e = 0; e < kDirEvents; ++e) {
            const Transition* t = find_transition(static_cast<DirState>(s), static_cast<DirEvent>(e));
            if (t && is_transient(static_cast<DirState>(s)) && is_request(static_cast<DirEvent>(e)))
                CHECK(t->actions[0] == DirAction::sendNak);  // busy lines NAK requests
        }
}

TEST_CASE("docs/coherence.md shows the transition table the code uses", "[coherence]") {
#ifdef FLASHSIM_SOURCE_DIR
    const std::string path = std::string(FLASHSIM_SOURCE_DIR) + "/docs/coherence.md";
#else
    std::string path = __FILE__;
    path = path.substr(0, path.rfind("tests/unit/")) + "docs/coherence.md";
#endif
    std::ifstream f(path);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(ss.str().find(transition_table_markdown()) != std::string::npos);
}

TEST_CASE("bad configurations and addresses are reported", "[coherence]") {
    TimingConfig c;
    c.l2 = {1000, 2, 128};
    CHECK_THROWS_AS(MemoryTiming(c, 1, {0}), std::invalid_argument);
    c = TimingConfig{};
    c.l1d.line_bytes = 256;  // larger than the L2 line
    CHECK_THROWS_AS(MemoryTiming(c, 1, {0}), std::invalid_argument);
    CHECK_THROWS_AS(MemoryTiming(TimingConfig{}, 2, {0}), std::invalid_argument);
    CHECK_THROWS_AS(MemoryTiming(TimingConfig{}, 2, {0, 1}, [](unsigned, unsigned) { return -1.0; }),
                    std::invalid_argument);
    MemoryTiming m(tiny(), 1, {0});
    m.access(0, at(0, 0), AccessKind::Store, 0);
    m.access(0, at(0, 0x100), AccessKind::Load, 0);  // L2 set 0 full: a miss there needs a victim
    CHECK_THROWS_AS(m.access(0, at(3, 0), AccessKind::Load, 0), std::out_of_range);  // no node 3
    CHECK(m.l2_state(0, at(0, 0)) == LineState::D);  // nothing changed
    CHECK(m.l2_state(0, at(0, 0x100)) == LineState::E);
    m.check_invariants();
}

namespace {

// RubyTester-style: random loads, stores, LL/SC, fetches and CACHE ops from many CPUs on few
// lines. The shadow memory keeps a version per line; a CPU's cached copy must be current
// whenever the model says the CPU still holds the line (a missed invalidation shows up as a
// stale read), LL/SC increments must not be lost, and the protocol invariants (single writer
// or many readers, sharer vector = holders, L1 within L2) must hold after every access.
struct StressResult {
    uint64_t ops = 0, sc_ok = 0, hash = 0;
    std::string failure;
    std::string stats;
    CpuStats total;  // summed over CPUs
    NodeStats home_total;
};

StressResult stress(const TimingConfig& cfg, unsigned cpus, unsigned nodes, uint64_t ops, uint64_t seed,
                    bool check_every_access) {
    std::vector<unsigned> where(cpus);
    for (unsigned c = 0; c < cpus; ++c) where[c] = c * nodes / cpus;
    MemoryTiming m(cfg, cpus, where);
    // 16 lines: 4 per home, three of them in one L2 set of the tiny config, words in different
    // L1 lines of each.
    std::vector<uint64_t> lines;
    for (unsigned h = 0; h < nodes; ++h)
        for (uint64_t off : {0x0ull, 0x200ull, 0x1400ull, 0x2080ull}) lines.push_back(at(h, 0x40000 + off));
    const unsigned L = static_cast<unsigned>(lines.size());
    const uint64_t word_off[4] = {0, 8, 40, 104};  // word 0: LL/SC counter, others plain stores

    std::vector<uint64_t> version(L, 1), value(L * 4, 0), sc_count(L, 0);
    std::vector<uint64_t> copy(size_t{cpus} * L, 0), now(cpus, 0);
    std::vector<int> link(cpus, -1);
    std::vector<uint64_t> linked_value(cpus, 0);
    Rng r(seed);
    StressResult res;
    const unsigned cache_ops[] = {0x00, 0x01, 0x03, 0x10, 0x11, 0x13, 0x15, 0x17};

    for (uint64_t i = 0; i < ops && res.failure.empty(); ++i) {
        unsigned c;
        if (r.below(2)) {
            c = 0;
            for (unsigned k = 1; k < cpus; ++k)
                if (now[k] < now[c]) c = k;
        } else {
            c = r.below(cpus);
        }
        const unsigned op = r.below(100);
        unsigned li = r.below(L);
        const unsigned wi = r.below(4);
        if (op >= 85 && link[c] >= 0 && r.below(8)) li = static_cast<unsigned>(link[c]);  // SC mostly after its LL
        const uint64_t addr = lines[li] + word_off[wi];
        const LineState before = m.l2_state(c, addr);
        if (before != LineState::I && copy[size_t{c} * L + li] != version[li]) {
            res.failure = "cpu " + std::to_string(c) + " holds a stale copy of line " + std::to_string(li) +
                          " at op " + std::to_string(i);
            break;
        }
        uint64_t lat = 0;
        bool wrote = false;
        try {
            if (op < 2) {
                lat = m.cache_op(c, cache_ops[r.below(8)], addr, now[c]);
            } else if (op < 12) {
                lat = m.access(c, addr & ~3ull, AccessKind::Fetch, now[c]);
            } else if (op < 45) {
                lat = m.access(c, addr, AccessKind::Load, now[c]);
                (void)value[li * 4 + wi];
            } else if (op < 70) {
                const unsigned sw = wi ? wi : 1;  // word 0 is the LL/SC counter: only SC writes it
                lat = m.access(c, lines[li] + word_off[sw], AccessKind::Store, now[c]);
                value[li * 4 + sw] = r.next();
                wrote = true;
            } else if (op < 85) {
                const uint64_t a0 = lines[li];
                lat = m.access(c, a0, AccessKind::LL, now[c]);
                link[c] = static_cast<int>(li);
                linked_value[c] = value[li * 4];
            } else {
                const uint64_t a0 = lines[li];
                if (link[c] == static_cast<int>(li)) {  // the link holds: the SC writes
                    lat = m.access(c, a0, AccessKind::SC, now[c]);
                    value[li * 4] = linked_value[c] + 1;
                    ++sc_count[li];
                    ++res.sc_ok;
                    wrote = true;
                }
                link[c] = -1;
            }
            if (op >= 2 && !(op >= 85 && !wrote)) {
                // The access leaves the CPU holding the line (exclusive after a write: D, or E with
                // the L1 copy dirty), and a current copy of it.
                const LineState after = m.l2_state(c, addr);
                if (after == LineState::I || (wrote && after < LineState::E))
                    res.failure = "cpu " + std::to_string(c) + " does not hold line " + std::to_string(li) +
                                  " as it should after op " + std::to_string(i) + " (kind " + std::to_string(op) +
                                  ", before " + to_string(before) + ", after " + to_string(after) + ")";
                if (wrote) {
                    ++version[li];
                    for (unsigned k = 0; k < cpus; ++k)
                        if (k != c && link[k] == static_cast<int>(li)) link[k] = -1;  // others' links break
                }
                copy[size_t{c} * L + li] = version[li];
            }
            if (check_every_access || i % 16 == 0) m.check_line(addr);
            if (i % 16 == 15)
                for (uint64_t l : lines) m.check_line(l);
            if (i % 8192 == 0) m.check_invariants();
        } catch (const std::exception& e) {
            res.failure = "op " + std::to_string(i) + ": " + e.what();
        }
        res.hash = res.hash * 1000003 + lat;
        now[c] += lat + r.below(20);
        ++res.ops;
    }
    if (res.failure.empty()) {
        try {
            m.check_invariants();
        } catch (const std::exception& e) {
            res.failure = std::string("final: ") + e.what();
        }
    }
    for (unsigned li = 0; li < L && res.failure.empty(); ++li)
        if (value[li * 4] != sc_count[li]) res.failure = "an LL/SC increment was lost on line " + std::to_string(li);
    res.stats = stats_text(m);
    for (unsigned k = 0; k < cpus; ++k) {
        const CpuStats& s = m.cpu_stats(k);
        res.total.three_hop += s.three_hop;
        res.total.upgrades += s.upgrades;
        res.total.writebacks += s.writebacks;
        res.total.replacement_hints += s.replacement_hints;
        res.total.naks += s.naks;
        res.total.invalidations_received += s.invalidations_received;
    }
    for (unsigned n = 0; n < nodes; ++n)
        for (unsigned e = 0; e < kDirEvents; ++e) res.home_total.messages[e] += m.node_stats(n).messages[e];
    return res;
}

}  // namespace

TEST_CASE("random stress: 16 CPUs on 4 nodes, loads/stores/LL/SC on 16 lines", "[coherence][stress]") {
    TimingConfig cfg = tiny();
    cfg.occupancy_ns = 50;  // queueing and busy lines in play
    cfg.l2 = {1024, 2, 128};
    const auto t0 = std::chrono::steady_clock::now();
    const StressResult r = stress(cfg, 16, 4, 1000000, 1, true);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.failure);
    CHECK(r.failure.empty());
    CHECK(r.ops == 1000000);
    CHECK(r.sc_ok > 10000);
    // Every kind of transaction happened.
    CHECK(r.total.three_hop > 1000);
    CHECK(r.total.upgrades > 1000);
    CHECK(r.total.writebacks > 1000);
    CHECK(r.total.replacement_hints > 1000);
    CHECK(r.total.naks > 100);
    CHECK(r.total.invalidations_received > 1000);
    for (unsigned e = 0; e < kDirEvents; ++e) {
        INFO(to_string(static_cast<DirEvent>(e)));
        CHECK((r.home_total.messages[e] > 0 || static_cast<DirEvent>(e) == DirEvent::AcksDone));
    }
    std::printf("coherence stress: 1e6 operations, every access checked, in %.2f s\n", secs);
}

TEST_CASE("random stress: 80 CPUs (two-word sharer vectors), default caches", "[coherence][stress]") {
    TimingConfig cfg;
    const StressResult r = stress(cfg, 80, 5, 200000, 7, false);
    INFO(r.failure);
    CHECK(r.failure.empty());
}

TEST_CASE("the same calls give the same latencies and stats", "[coherence]") {
    TimingConfig cfg = tiny();
    cfg.occupancy_ns = 50;
    const StressResult a = stress(cfg, 16, 4, 100000, 3, false);
    const StressResult b = stress(cfg, 16, 4, 100000, 3, false);
    REQUIRE(a.failure.empty());
    CHECK(a.hash == b.hash);
    CHECK(a.stats == b.stats);
    const StressResult c = stress(cfg, 16, 4, 100000, 4, false);
    CHECK(a.hash != c.hash);
}

TEST_CASE("cost per access (run with [bench])", "[.][bench]") {
    using clk = std::chrono::steady_clock;
    auto per = [](clk::time_point t0, uint64_t n) {
        return std::chrono::duration<double, std::nano>(clk::now() - t0).count() / static_cast<double>(n);
    };
    MemoryTiming m(TimingConfig{}, 2, {0, 1});
    uint64_t sink = 0;
    const uint64_t n = 100000000;
    for (uint64_t a = 0; a < 16384; a += 32) sink += m.access(0, a, AccessKind::Load, 0);
    auto t0 = clk::now();
    for (uint64_t i = 0; i < n; ++i) sink += m.access(0, (i * 32) & 16383, AccessKind::Load, i);
    const double l1_load = per(t0, n);
    t0 = clk::now();
    for (uint64_t i = 0; i < n; ++i) sink += m.access(0, (i * 4) & 16383, AccessKind::Fetch, i);
    const double l1_fetch = per(t0, n);
    t0 = clk::now();
    for (uint64_t i = 0; i < n; ++i) sink += m.access(0, (i * 32) & 16383, AccessKind::Store, i);
    const double l1_store = per(t0, n);
    const uint64_t n2 = 10000000;
    t0 = clk::now();
    for (uint64_t i = 0; i < n2; ++i) sink += m.access(0, (i * 32) & 0x3FFFF, AccessKind::Load, i);  // 256 KiB
    const double l2_hit = per(t0, n2);
    t0 = clk::now();
    uint64_t now = 0;
    for (uint64_t i = 0; i < n2; ++i) now += m.access(0, (i * 128) & 0x3FFFFFFF, AccessKind::Load, now);
    const double local_miss = per(t0, n2);  // each also evicts a clean line (a hint)
    t0 = clk::now();
    for (uint64_t i = 0; i < n2; ++i) now += m.access(i & 1, at(1, 0x100), AccessKind::Store, now);
    const double pingpong = per(t0, n2);  // 3-hop GetX every time
    std::printf("ns per access: L1 load hit %.2f, L1 fetch hit %.2f, L1 store hit %.2f, L2 hit %.1f, "
                "local miss %.1f, 3-hop store ping-pong %.1f (sink %llu)\n",
                l1_load, l1_fetch, l1_store, l2_hit, local_miss, pingpong, static_cast<unsigned long long>(sink));
}
