// Timing-mode parameters: cache geometry, latencies, MAGIC occupancy, clock (DESIGN.md "Timing",
// docs/coherence.md). The caches and the directory model time only: memory contents are always
// the functional RAM, so nothing here stores data.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace flashsim::mem {

// What a CPU does to memory. LL is a load and SC a store as far as timing goes; a failed SC
// makes no access (the R10000 checks its LLBit before it touches the cache).
enum class AccessKind : uint8_t { Fetch, Load, Store, LL, SC };
inline constexpr unsigned kAccessKinds = 5;

// A cache line's state: Invalid, Shared, Exclusive clean, Dirty (exclusive), as the R10000's
// secondary cache and FLASH's protocol name them. The numeric values are part of the tag
// encoding in cache.h (0 must be Invalid).
enum class LineState : uint8_t { I = 0, S = 1, E = 2, D = 3 };

struct CacheGeometry {
    uint32_t size_bytes;
    uint32_t ways;
    uint32_t line_bytes;
};

// One-way latency of a message between two nodes' MAGIC controllers, in ns. The topology
// module (sim/net) supplies one; uniform_latency() is the two-distance default.
using NodeLatency = std::function<double(unsigned from_node, unsigned to_node)>;

struct TimingConfig {
    double clock_mhz = 200.0;  // R10000 in the FLASH configuration Disco was measured on

    // R10000: 32 KiB 2-way primary caches with 64-byte (I) and 32-byte (D) lines; a 2-way
    // secondary with 128-byte lines, which is also the coherence unit.
    CacheGeometry l1i{32 * 1024, 2, 64};
    CacheGeometry l1d{32 * 1024, 2, 32};
    CacheGeometry l2{1024 * 1024, 2, 128};

    uint32_t l1_hit_cycles = 1;   // returned for a primary hit (the caller decides what overlaps)
    uint32_t l2_hit_cycles = 10;  // primary miss, secondary hit (50 ns at 200 MHz)

    // Latencies in ns. A miss to memory costs lat(requester, home) + local_ns + lat(home,
    // requester): local_ns is what a miss to the requester's own node costs in all.
    double local_ns = 300.0;
    // Total of a 2-hop miss to another node; only used by the default NodeLatency
    // (uniform_latency(local_ns, remote_ns): one way = (remote_ns - local_ns) / 2).
    double remote_ns = 900.0;
    double directory_ns = 50.0;      // home handler with no memory read: forward, invalidate, ack, NAK
    double intervention_ns = 100.0;  // an owner's cache gives up or downgrades its line and answers
    double invalidate_ns = 50.0;     // a sharer's cache drops its line and answers
    double occupancy_ns = 50.0;      // a node's MAGIC is busy this long per message it handles; 0: off

    unsigned nodes = 0;  // machine size; 0: 1 + the largest node that has a CPU
    unsigned window_table_entries = 4096;  // per home: recent in-flight windows (power of two)
};

NodeLatency uniform_latency(double local_ns, double remote_ns);
NodeLatency matrix_latency(std::vector<std::vector<double>> one_way_ns);

const char* to_string(AccessKind k);
const char* to_string(LineState s);

}  // namespace flashsim::mem
