#include "mem/timing_config.h"

#include <stdexcept>

#include <fmt/format.h>

namespace flashsim::mem {

NodeLatency uniform_latency(double local_ns, double remote_ns) {
    if (!(remote_ns >= local_ns))
        throw std::invalid_argument(
            fmt::format("remote latency {} ns is below the local latency {} ns", remote_ns, local_ns));
    const double one_way = (remote_ns - local_ns) / 2;
    return [one_way](unsigned from, unsigned to) { return from == to ? 0.0 : one_way; };
}

NodeLatency matrix_latency(std::vector<std::vector<double>> m) {
    for (const auto& row : m)
        if (row.size() != m.size())
            throw std::invalid_argument(fmt::format("latency matrix is not square ({} rows, a row of {})",
                                                    m.size(), row.size()));
    return [m = std::move(m)](unsigned from, unsigned to) {
        if (from >= m.size() || to >= m.size())
            throw std::out_of_range(
                fmt::format("latency matrix has {} nodes, asked for {} -> {}", m.size(), from, to));
        return m[from][to];
    };
}

const char* to_string(AccessKind k) {
    static const char* const n[] = {"Fetch", "Load", "Store", "LL", "SC"};
    const auto i = static_cast<unsigned>(k);
    return i < kAccessKinds ? n[i] : "?";
}

const char* to_string(LineState s) {
    static const char* const n[] = {"I", "S", "E", "D"};
    return n[static_cast<unsigned>(s) & 3];
}

}  // namespace flashsim::mem
