// The machine's shape: its nodes (CPUs, memory) and the interconnect between them, read from a
// GraphViz .dot file with Boost.Graph (docs/topology.md has the file format). Node-to-node
// latencies are shortest paths over the link latencies (Dijkstra) plus the home node's local
// memory latency; the same distances are also given in the ACPI SLIT convention (local = 10),
// and printed the way `numactl --hardware` prints them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flashsim::net {

struct NodeSpec {
    unsigned id = 0;          // node number: physical address bits 39:32 of its memory
    unsigned cpus = 0;        // CPUs on the node
    uint64_t mem = 0;         // bytes of RAM
    double local_latency_ns = 0;  // a miss served by this node's own memory
    unsigned first_cpu = 0;   // global number of its first CPU (node 0's CPUs come first, then node 1's...)
    std::string name;         // the vertex name in the .dot file ("n0"), for messages
};

// How SLIT values are derived from the graph (graph attribute `slit`).
enum class SlitMode {
    Latency,  // round(10 * latency(i,j) / latency(i,i)): relative latency, the ACPI meaning (default)
    Hops,     // 10 + routing hops on the path, the convention of Linux on the SGI Origin (IP27)
};

class Topology {
public:
    static constexpr unsigned kMaxNodes = 256;        // node number is physical address bits 39:32
    static constexpr unsigned kMaxCpusPerNode = 64;
    static constexpr uint64_t kMinMem = 1ull << 20;   // as --ram: at least 1 MiB, 4 KiB pages,
    static constexpr uint64_t kMaxMem = 4080ull << 20;  // at most 4 GiB less the 16 MiB I/O window
    static constexpr double kDefaultLocalLatencyNs = 300;  // FLASH as Disco was measured on it
    static constexpr unsigned kSlitLocal = 10;
    static constexpr unsigned kSlitMax = 254;         // 255 means "unreachable" in ACPI

    // Reads a .dot file. Throws flashsim::InputError "FILE:LINE: problem" (or "FILE: problem"
    // when no line applies) for anything wrong with it.
    static Topology load(const std::string& path);
    // The same from text; `source` names it in messages.
    static Topology parse(const std::string& text, const std::string& source);
    // The machine without a topology file: one node, no interconnect.
    static Topology single_node(unsigned cpus, uint64_t mem, double local_latency_ns = kDefaultLocalLatencyNs);

    unsigned nodes() const { return static_cast<unsigned>(nodes_.size()); }
    const NodeSpec& node(unsigned id) const { return nodes_.at(id); }
    unsigned total_cpus() const;
    unsigned node_of_cpu(unsigned cpu) const;  // throws std::out_of_range past the last CPU

    // Latency of a miss from a CPU of node `from` to memory of node `to`, in ns: the shortest
    // path over the links (scaled by the overrides) plus `to`'s local latency.
    double latency_ns(unsigned from, unsigned to) const;
    // The smallest latency between two different nodes (0 on a one-node machine).
    double nearest_remote_latency_ns() const;
    // Routing hops on the path: routers passed plus direct node-to-node links (0 for from == to).
    unsigned hops(unsigned from, unsigned to) const;
    // ACPI SLIT distance: 10 on the diagonal, 11..254 elsewhere (see SlitMode).
    unsigned slit(unsigned from, unsigned to) const;
    std::vector<std::vector<unsigned>> slit_matrix() const;
    SlitMode slit_mode() const { return slit_mode_; }
    const std::string& source() const { return source_; }

    // Per-run overrides (command-line options). Invalid values throw InputError naming the option.
    void override_cpus_per_node(unsigned cpus);     // --cpus-per-node
    void override_mem_per_node(uint64_t bytes);     // --ram-per-node
    void set_local_latency(double ns);              // --local-latency: every node's local latency
    void set_remote_latency(double ns);             // --remote-latency: scale the interconnect so the
                                                    //   nearest remote latency is `ns`
    void scale_distances(double factor);            // --distance-scale: multiply the interconnect part

    // All of them at once, in the order that makes them independent of the command line's order:
    // CPUs, memory, local latency, remote latency, then the scale.
    struct Overrides {
        std::optional<unsigned> cpus_per_node;
        std::optional<uint64_t> mem_per_node;
        std::optional<double> local_latency_ns;
        std::optional<double> remote_latency_ns;
        std::optional<double> distance_scale;
    };
    void apply(const Overrides& o);

    // What `numactl --hardware` prints for this machine ("available: 8 nodes (0-7)", per node
    // "node N cpus: ...", "node N size: M MB", "node N free: M MB", then "node distances:" and the
    // SLIT matrix in numactl's "% 3d" columns, without numactl's trailing blanks).
    std::string numactl_hardware() const;

    // "256M", "1G", "64K", "268435456", "0x10000000" (K/M/G are binary: KiB, MiB, GiB; also
    // written k/m/g or KiB/MiB/GiB). nullopt if it is not a size or overflows 64 bits.
    static std::optional<uint64_t> parse_size(std::string_view text);
    // Empty if `bytes` is a valid node memory size, else what is wrong with it.
    static std::string check_mem(uint64_t bytes);

private:
    friend class TopologyBuilder;
    Topology() = default;
    void number_cpus();

    std::string source_;
    std::vector<NodeSpec> nodes_;
    std::vector<std::vector<double>> path_ns_;    // interconnect part of latency, as read from the file
    std::vector<std::vector<unsigned>> hops_;
    double path_scale_ = 1.0;                     // --remote-latency and --distance-scale
    SlitMode slit_mode_ = SlitMode::Latency;
};

}  // namespace flashsim::net
