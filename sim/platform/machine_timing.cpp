#include "platform/machine_timing.h"

namespace flashsim::platform {

std::vector<unsigned> MachineTiming::cpu_nodes(const net::Topology& topo) {
    std::vector<unsigned> v;
    for (unsigned c = 0; c < topo.total_cpus(); ++c) v.push_back(topo.node_of_cpu(c));
    return v;
}

// The topology gives the total latency of a miss from node i to node j's memory (j's local
// latency plus the round trip over the interconnect); the model wants one-way message times.
static mem::NodeLatency one_way(const net::Topology& topo) {
    std::vector<std::vector<double>> m(topo.nodes(), std::vector<double>(topo.nodes(), 0.0));
    for (unsigned i = 0; i < topo.nodes(); ++i)
        for (unsigned j = 0; j < topo.nodes(); ++j)
            if (i != j) m[i][j] = (topo.latency_ns(i, j) - topo.node(j).local_latency_ns) / 2;
    return mem::matrix_latency(std::move(m));
}

static mem::TimingConfig with_topology(mem::TimingConfig cfg, const net::Topology& topo) {
    cfg.nodes = topo.nodes();
    cfg.local_ns = topo.node(0).local_latency_ns;
    return cfg;
}

MachineTiming::MachineTiming(const mem::TimingConfig& cfg, const net::Topology& topo,
                             std::function<void(uint64_t, unsigned)> on_miss)
    : model_(with_topology(cfg, topo), topo.total_cpus(), cpu_nodes(topo), one_way(topo)),
      l1_hit_(cfg.l1_hit_cycles) {
    model_.set_miss_hook([on_miss = std::move(on_miss)](uint64_t page, unsigned node, uint32_t) {
        on_miss(page << 12, node);
    });
}

}  // namespace flashsim::platform
