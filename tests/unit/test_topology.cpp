// sim/net/topology: the shipped machine files, distances and SLIT, the per-run overrides,
// numactl's text, and every kind of bad input (each message names the file and, where there is
// one, the line).
#include <catch2/catch.hpp>

#include <bitset>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

#include "net/topology.h"
#include "platform/input_error.h"

using flashsim::InputError;
using flashsim::net::SlitMode;
using flashsim::net::Topology;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string kTopologies = std::string(FLASHSIM_SOURCE_DIR) + "/numa-topologies/";

Topology shipped(const std::string& name) { return Topology::load(kTopologies + name); }

unsigned hamming(unsigned a, unsigned b) { return static_cast<unsigned>(std::bitset<32>(a ^ b).count()); }

// A .dot file in a private temporary directory, removed afterwards.
struct TempDot {
    std::filesystem::path path;
    TempDot(const std::string& name, const std::string& text) {
        const auto dir = std::filesystem::temp_directory_path() / ("flashsim-topology-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        path = dir / name;
        std::ofstream(path) << text;
    }
    ~TempDot() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

// Loads `text` from a file and returns the error message (fails the test if it loads).
std::string load_error(const std::string& text, std::string* path = nullptr) {
    TempDot f("bad.dot", text);
    if (path) *path = f.path.string();
    try {
        Topology::load(f.path.string());
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("loaded without an error:\n" << text);
    return {};
}

// The message starts "FILE:LINE: " (line 0: "FILE: ") and contains `what`.
void check_error(const std::string& text, unsigned line, const std::string& what) {
    std::string path;
    const std::string msg = load_error(text, &path);
    INFO(msg);
    if (line) CHECK_THAT(msg, StartsWith(path + ":" + std::to_string(line) + ": "));
    else CHECK_THAT(msg, StartsWith(path + ": "));
    CHECK_THAT(msg, Contains(what));
    CHECK(msg.find('\n') == std::string::npos);
}

Topology load_text(const std::string& text) {
    TempDot f("good.dot", text);
    return Topology::load(f.path.string());
}

// The "node distances:" part of numactl's text.
std::string distances_part(const std::string& numactl) { return numactl.substr(numactl.find("node distances:\n") + 16); }

const char* const kEightNodeMatrix =
    "node   0   1   2   3   4   5   6   7\n"
    "  0:  10  16  16  16  32  32  32  32\n"
    "  1:  16  10  16  16  32  32  32  32\n"
    "  2:  16  16  10  16  32  32  32  32\n"
    "  3:  16  16  16  10  32  32  32  32\n"
    "  4:  32  32  32  32  10  16  16  16\n"
    "  5:  32  32  32  32  16  10  16  16\n"
    "  6:  32  32  32  32  16  16  10  16\n"
    "  7:  32  32  32  32  16  16  16  10\n";

}  // namespace

// ---- the shipped files ----

TEST_CASE("topology: every shipped file loads and is consistent", "[topology]") {
    std::set<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(kTopologies)) {
        if (e.path().extension() != ".dot") continue;
        found.insert(e.path().filename().string());
        INFO(e.path());
        const Topology t = Topology::load(e.path().string());
        REQUIRE(t.nodes() >= 1);
        unsigned cpu = 0;
        for (unsigned i = 0; i < t.nodes(); ++i) {
            CHECK(t.node(i).id == i);
            CHECK(t.node(i).first_cpu == cpu);
            CHECK(t.node(i).cpus >= 1);
            CHECK(Topology::check_mem(t.node(i).mem).empty());
            cpu += t.node(i).cpus;
            CHECK(t.slit(i, i) == 10);
            for (unsigned j = 0; j < t.nodes(); ++j) {
                CHECK(t.latency_ns(i, j) == Approx(t.latency_ns(j, i)));
                if (i != j) {
                    CHECK(t.latency_ns(i, j) > t.latency_ns(i, i));
                    CHECK(t.slit(i, j) > 10);
                    CHECK(t.slit(i, j) == t.slit(j, i));
                }
            }
        }
        CHECK(t.total_cpus() == cpu);
    }
    for (const char* name : {"1node.dot", "2node.dot", "4node.dot", "8node.dot", "hypercube16.dot", "origin32.dot"})
        CHECK(found.count(name) == 1);
}

TEST_CASE("topology: the 8-node machine gives numactl's 10/16/32 matrix exactly", "[topology]") {
    const Topology t = shipped("8node.dot");
    REQUIRE(t.nodes() == 8);
    CHECK(distances_part(t.numactl_hardware()) == kEightNodeMatrix);
    CHECK(t.latency_ns(0, 0) == Approx(300));
    CHECK(t.latency_ns(0, 3) == Approx(480));
    CHECK(t.latency_ns(2, 6) == Approx(960));
    CHECK(t.nearest_remote_latency_ns() == Approx(480));
    CHECK(t.hops(0, 1) == 1);  // through the board's crossbar
    CHECK(t.hops(0, 4) == 2);  // both crossbars
    CHECK(t.slit_mode() == SlitMode::Latency);
}

TEST_CASE("topology: the 16-node hypercube's distances follow the Hamming distance", "[topology]") {
    const Topology t = shipped("hypercube16.dot");
    REQUIRE(t.nodes() == 16);
    for (unsigned i = 0; i < 16; ++i)
        for (unsigned j = 0; j < 16; ++j) {
            INFO(i << " -> " << j);
            CHECK(t.latency_ns(i, j) == Approx(300 + 150 * hamming(i, j)));
            CHECK(t.hops(i, j) == hamming(i, j));
            CHECK(t.slit(i, j) == 10 + 5 * hamming(i, j));
        }
}

TEST_CASE("topology: the Origin-like 32-node machine: router pairs in a hypercube, IP27-style SLIT", "[topology]") {
    const Topology t = shipped("origin32.dot");
    REQUIRE(t.nodes() == 32);
    CHECK(t.total_cpus() == 64);
    CHECK(t.slit_mode() == SlitMode::Hops);
    CHECK(t.node(5).cpus == 2);
    CHECK(t.node(5).first_cpu == 10);
    CHECK(t.node(5).name == "n5");
    CHECK(t.node_of_cpu(63) == 31);
    for (unsigned i = 0; i < 32; ++i)
        for (unsigned j = 0; j < 32; ++j) {
            INFO(i << " -> " << j);
            const unsigned h = hamming(i / 2, j / 2);  // router hops
            if (i == j) {
                CHECK(t.slit(i, j) == 10);
                CHECK(t.latency_ns(i, j) == Approx(310));
            } else {
                CHECK(t.slit(i, j) == 11 + h);
                CHECK(t.latency_ns(i, j) == Approx(500 + 100 * h));
            }
        }
    CHECK_THAT(t.numactl_hardware(), Contains("  0:  10  11  12  12  12  12  13  13"));
}

TEST_CASE("topology: the 1-, 2- and 4-node machines", "[topology]") {
    const Topology one = shipped("1node.dot");
    CHECK(one.nodes() == 1);
    CHECK(one.numactl_hardware() == Topology::single_node(1, 256ull << 20).numactl_hardware());
    CHECK(one.nearest_remote_latency_ns() == 0);

    const Topology two = shipped("2node.dot");
    CHECK(two.latency_ns(0, 1) == Approx(900));  // the Disco paper's FLASH: 300 local, 900 remote
    CHECK(two.slit(0, 1) == 30);

    const Topology four = shipped("4node.dot");
    CHECK(distances_part(four.numactl_hardware()) ==
          "node   0   1   2   3\n"
          "  0:  10  30  30  33\n"
          "  1:  30  10  33  30\n"
          "  2:  30  33  10  30\n"
          "  3:  33  30  30  10\n");
}

TEST_CASE("topology: numactl --hardware text for the 2-node machine", "[topology]") {
    CHECK(shipped("2node.dot").numactl_hardware() ==
          "available: 2 nodes (0-1)\n"
          "node 0 cpus: 0\n"
          "node 0 size: 256 MB\n"
          "node 0 free: 256 MB\n"
          "node 1 cpus: 1\n"
          "node 1 size: 256 MB\n"
          "node 1 free: 256 MB\n"
          "node distances:\n"
          "node   0   1\n"
          "  0:  10  30\n"
          "  1:  30  10\n");
    CHECK(Topology::single_node(2, 1ull << 30).numactl_hardware() ==
          "available: 1 nodes (0)\n"
          "node 0 cpus: 0 1\n"
          "node 0 size: 1024 MB\n"
          "node 0 free: 1024 MB\n"
          "node distances:\n"
          "node   0\n"
          "  0:  10\n");
}

// ---- overrides ----

TEST_CASE("topology: --cpus-per-node and --ram-per-node renumber CPUs and resize nodes", "[topology]") {
    Topology t = shipped("8node.dot");
    t.override_cpus_per_node(2);
    t.override_mem_per_node(512ull << 20);
    CHECK(t.total_cpus() == 16);
    CHECK(t.node(3).first_cpu == 6);
    CHECK(t.node_of_cpu(7) == 3);
    CHECK(t.node_of_cpu(15) == 7);
    CHECK_THROWS_AS(t.node_of_cpu(16), std::out_of_range);
    const std::string text = t.numactl_hardware();
    CHECK_THAT(text, Contains("node 3 cpus: 6 7\n"));
    CHECK_THAT(text, Contains("node 7 size: 512 MB\n"));
    CHECK(distances_part(text) == kEightNodeMatrix);  // distances are unchanged

    CHECK_THROWS_WITH(t.override_cpus_per_node(0), StartsWith("--cpus-per-node 0:"));
    CHECK_THROWS_WITH(t.override_cpus_per_node(65), StartsWith("--cpus-per-node 65:"));
    CHECK_THROWS_WITH(t.override_mem_per_node(1000), StartsWith("--ram-per-node 1000:"));
    CHECK_THROWS_WITH(t.override_mem_per_node((1ull << 20) + 1), Contains("4 KiB"));
    CHECK_THROWS_WITH(t.override_mem_per_node(8ull << 30), Contains("4080 MiB"));
}

TEST_CASE("topology: --local-latency, --remote-latency and --distance-scale", "[topology]") {
    SECTION("local latency moves every latency, the interconnect part stays") {
        Topology t = shipped("8node.dot");
        t.set_local_latency(200);
        CHECK(t.latency_ns(1, 1) == Approx(200));
        CHECK(t.latency_ns(0, 1) == Approx(380));
        CHECK(t.latency_ns(0, 7) == Approx(860));
        CHECK(t.slit(0, 1) == 19);
        CHECK(t.slit(0, 7) == 43);
    }
    SECTION("remote latency scales the interconnect so the nearest remote node is at that latency") {
        Topology t = shipped("8node.dot");
        t.set_remote_latency(600);
        CHECK(t.nearest_remote_latency_ns() == Approx(600));
        CHECK(t.latency_ns(0, 1) == Approx(600));
        CHECK(t.latency_ns(0, 4) == Approx(300 + 660 * 300.0 / 180));
        CHECK(t.latency_ns(0, 0) == Approx(300));
        CHECK(t.slit(0, 1) == 20);
        CHECK(t.slit(0, 4) == 47);
        t.set_remote_latency(480);  // back to the file's
        CHECK(distances_part(t.numactl_hardware()) == kEightNodeMatrix);
    }
    SECTION("the distance scale multiplies the interconnect part") {
        Topology t = shipped("8node.dot");
        t.scale_distances(2);
        CHECK(t.latency_ns(0, 1) == Approx(660));
        CHECK(t.latency_ns(0, 5) == Approx(1620));
        CHECK(t.latency_ns(5, 5) == Approx(300));
        CHECK(t.slit(0, 1) == 22);
        CHECK(t.slit(0, 5) == 54);
        t.scale_distances(0.5);
        CHECK(distances_part(t.numactl_hardware()) == kEightNodeMatrix);
    }
    SECTION("apply() takes them in a fixed order") {
        Topology t = shipped("8node.dot");
        Topology::Overrides o;
        o.distance_scale = 2;         // applied last
        o.remote_latency_ns = 500;    // after the local latency
        o.local_latency_ns = 200;
        o.cpus_per_node = 4;
        o.mem_per_node = 128ull << 20;
        t.apply(o);
        CHECK(t.node(7).first_cpu == 28);
        CHECK(t.node(0).mem == 128ull << 20);
        CHECK(t.latency_ns(3, 3) == Approx(200));
        CHECK(t.latency_ns(0, 1) == Approx(200 + 2 * 300));
    }
    SECTION("a SLIT never drops to the local value for a remote node") {
        Topology t = shipped("8node.dot");
        t.set_remote_latency(301);
        CHECK(t.slit(0, 1) == 11);
    }
    SECTION("bad values name the option") {
        Topology t = shipped("8node.dot");
        CHECK_THROWS_WITH(t.set_local_latency(0), StartsWith("--local-latency 0:"));
        CHECK_THROWS_WITH(t.set_local_latency(-5), StartsWith("--local-latency -5:"));
        CHECK_THROWS_WITH(t.set_remote_latency(250), StartsWith("--remote-latency 250: must be more than the local"));
        CHECK_THROWS_WITH(t.set_remote_latency(300), StartsWith("--remote-latency 300:"));
        CHECK_THROWS_WITH(t.scale_distances(0), StartsWith("--distance-scale 0:"));
        CHECK_THROWS_AS(t.scale_distances(-1), InputError);
    }
    SECTION("a one-node machine has nothing remote to scale") {
        Topology t = shipped("1node.dot");
        t.set_remote_latency(900);
        t.scale_distances(3);
        CHECK(t.latency_ns(0, 0) == Approx(300));
    }
}

// ---- the file format ----

TEST_CASE("topology: node numbers: ids, numeric names, else order of appearance", "[topology]") {
    const Topology by_order = load_text(
        "graph g { graph [cpus=1 mem=\"64M\" latency=100]\n zeta -- alpha\n alpha -- mid\n}\n");
    CHECK(by_order.node(0).name == "zeta");
    CHECK(by_order.node(1).name == "alpha");
    CHECK(by_order.node(2).name == "mid");
    CHECK(by_order.latency_ns(0, 2) == Approx(500));

    const Topology by_name = load_text("graph g { graph [cpus=1 mem=\"64M\" latency=100]\n 2 -- 0 -- 1\n}\n");
    CHECK(by_name.node(0).name == "0");
    CHECK(by_name.node(2).name == "2");
    CHECK(by_name.latency_ns(2, 1) == Approx(500));

    const Topology by_id = load_text(
        "graph g { graph [cpus=1 mem=\"64M\" latency=100]\n a [id=2] b [id=0] c [id=1]\n a -- b -- c\n}\n");
    CHECK(by_id.node(0).name == "b");
    CHECK(by_id.node(1).name == "c");
    CHECK(by_id.node(2).name == "a");
}

TEST_CASE("topology: attributes: per node, node/edge defaults, graph defaults; drawing attributes ignored",
          "[topology]") {
    const Topology t = load_text(
        "strict graph g {\n"
        "  graph [cpus=2 mem=\"256M\" label=\"a machine\" rankdir=LR]\n"
        "  node [mem=\"1G\" shape=circle]\n"
        "  edge [latency=\"200ns\" color=red]\n"
        "  subgraph cluster_a { a [cpus=4 local_latency=250] b [mem=268435456] }\n"
        "  c [mem=\"0x20000000\" xlabel=\"c\"]\n"
        "  a:p1 -- b -- c [penwidth=2]\n"
        "  c -- a [latency=1000]\n"
        "}\n");
    REQUIRE(t.nodes() == 3);
    CHECK(t.node(0).cpus == 4);
    CHECK(t.node(1).cpus == 2);
    CHECK(t.node(0).mem == 1ull << 30);
    CHECK(t.node(1).mem == 256ull << 20);
    CHECK(t.node(2).mem == 512ull << 20);
    CHECK(t.node(0).local_latency_ns == Approx(250));
    CHECK(t.node(1).local_latency_ns == Approx(300));  // the built-in default
    CHECK(t.latency_ns(0, 2) == Approx(300 + 400));    // a - b - c beats the 1000 ns link
    CHECK(t.latency_ns(2, 0) == Approx(250 + 400));    // the home node's local latency
    CHECK(t.slit(2, 0) == 22);                         // 650 / 300
    CHECK(t.slit(0, 2) == 28);                         // 700 / 250
}

TEST_CASE("topology: routers carry traffic but are not nodes", "[topology]") {
    const Topology t = load_text(
        "graph g {\n"
        "  graph [cpus=1 mem=\"64M\"]\n"
        "  node [cpus=3]\n"  // a router ignores node attributes from defaults
        "  x [router=true]\n"
        "  a -- x [latency=50]\n"
        "  b -- x [latency=70]\n"
        "}\n");
    REQUIRE(t.nodes() == 2);
    CHECK(t.node(0).name == "a");
    CHECK(t.node(1).cpus == 3);
    CHECK(t.latency_ns(0, 1) == Approx(420));
    CHECK(t.hops(0, 1) == 1);
}

TEST_CASE("topology: slit=hops counts routers and node-to-node links", "[topology]") {
    const Topology t = load_text(
        "graph g {\n"
        "  graph [cpus=1 mem=\"64M\" slit=hops latency=10]\n"
        "  a -- b -- c\n"
        "  r [router=true]\n"
        "  c -- r -- d\n"
        "}\n");
    CHECK(t.slit(0, 1) == 11);
    CHECK(t.slit(0, 2) == 12);
    CHECK(t.slit(2, 3) == 11);
    CHECK(t.slit(0, 3) == 13);
}

TEST_CASE("topology: 256 nodes is the limit", "[topology]") {
    std::string text = "graph ring { graph [cpus=1 mem=\"1M\" latency=10]\n";
    for (unsigned i = 0; i < 256; ++i) text += std::to_string(i) + " -- " + std::to_string((i + 1) % 256) + "\n";
    const Topology t = load_text(text + "}\n");
    CHECK(t.nodes() == 256);
    CHECK(t.latency_ns(0, 128) == Approx(300 + 1280));
    CHECK_THAT(t.numactl_hardware(), Contains("available: 256 nodes (0-255)"));
    CHECK_THAT(t.numactl_hardware(), Contains("\n 255:  11  11  11  11  12 "));

    text += "256 -- 0\n}\n";
    check_error(text, 0, "257 nodes: a machine has at most 256");
}

TEST_CASE("topology: sizes", "[topology]") {
    CHECK(Topology::parse_size("256M") == 256ull << 20);
    CHECK(Topology::parse_size("1G") == 1ull << 30);
    CHECK(Topology::parse_size("64K") == 64ull << 10);
    CHECK(Topology::parse_size("512MiB") == 512ull << 20);
    CHECK(Topology::parse_size("1048576") == 1ull << 20);
    CHECK(Topology::parse_size("0x100000") == 1ull << 20);
    CHECK_FALSE(Topology::parse_size("lots"));
    CHECK_FALSE(Topology::parse_size("-1M"));
    CHECK_FALSE(Topology::parse_size("12T"));
    CHECK_FALSE(Topology::parse_size("99999999999999999999"));
    CHECK_FALSE(Topology::parse_size("20000000000G"));
    CHECK(Topology::check_mem(256ull << 20).empty());
    CHECK_FALSE(Topology::check_mem(4096).empty());
}

// ---- errors ----

TEST_CASE("topology errors: syntax, with the line of the bad token", "[topology]") {
    check_error("graph g {\n  a [cpus=1 mem=\"256M\"]\n  b [cpus=1 mem=\"256M\"\n  a -- b [latency=5]\n}\n", 4,
                "syntax error near '--'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=1]\n  $\n}\n", 4,
                "syntax error near '$': invalid character");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -> b [latency=1]\n}\n", 3, "syntax error near '->'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=1\n\n", 3,
                "syntax error: unexpected end of file");
    check_error("// nothing but a comment\ngrph g { a }\n", 2, "syntax error near 'grph'");
    check_error("", 0, "the file is empty");
}

TEST_CASE("topology errors: directed graphs, empty graphs, missing files", "[topology]") {
    check_error("// links go both ways\ndigraph g {\n  a -> b\n}\n", 2, "a directed graph (digraph)");
    check_error("graph g {\n}\n", 0, "the graph has no nodes");
    check_error("graph g { r [router=true] }\n", 0, "no nodes, only routers");
    CHECK_THROWS_WITH(Topology::load("/nonexistent/machine.dot"), "/nonexistent/machine.dot: cannot open file");
}

TEST_CASE("topology errors: disconnected graphs name an unreachable node", "[topology]") {
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=5]\n  c -- d [latency=5]\n}\n", 4,
                "node c cannot be reached from node a: the graph is not connected");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a\n  x [router=true]\n}\n", 4,
                "router x cannot be reached from node a");
}

TEST_CASE("topology errors: missing, zero, negative or non-numeric attributes", "[topology]") {
    check_error("graph g {\n  graph [mem=\"1M\"]\n  a [cpus=1]\n  b\n  a -- b [latency=5]\n}\n", 4,
                "node b has no cpus");
    check_error("graph g {\n  graph [cpus=1]\n  a\n}\n", 3, "node a has no mem");
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a\n  b\n  a -- b\n}\n", 5, "link a -- b has no latency");
    check_error("graph g {\n  graph [mem=\"1M\"]\n  a [cpus=1]\n  b [cpus=-1]\n  a -- b [latency=5]\n}\n", 4,
                "node b: cpus '-1' must be a whole number from 1 to 64");
    check_error("graph g {\n  a [cpus=0 mem=\"1M\"]\n}\n", 2, "node a: cpus '0'");
    check_error("graph g {\n  a [cpus=two mem=\"1M\"]\n}\n", 2, "node a: cpus 'two'");
    check_error("graph g {\n  a [cpus=1.5 mem=\"1M\"]\n}\n", 2, "node a: cpus '1.5'");
    check_error("graph g {\n  graph [cpus=1]\n  a [mem=\"-256M\"]\n}\n", 3, "node a: mem '-256M' is not a memory size");
    check_error("graph g {\n  graph [cpus=1]\n  a [mem=\"lots\"]\n}\n", 3, "node a: mem 'lots' is not a memory size");
    check_error("graph g {\n  graph [cpus=1]\n  a [mem=0]\n}\n", 3, "node a: mem '0' is less than 1 MiB");
    check_error("graph g {\n  graph [cpus=1]\n  a [mem=256M]\n}\n", 3, "mem=256M must be quoted");
    check_error("graph g {\n  graph [cpus=1]\n\n  a [mem=\"5G\"]\n}\n", 4, "more than 4080 MiB");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a\n  b\n  a -- b [latency=0]\n}\n", 5,
                "link a -- b: latency '0' must be a positive number of nanoseconds");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=-3]\n}\n", 3, "latency '-3'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=fast]\n}\n", 3, "latency 'fast'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  edge [latency=-4]\n  a -- b\n}\n", 3, "latency '-4'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a [local_latency=0]\n}\n", 3, "local_latency '0'");
    check_error("graph g {\n  graph [cpus=0 mem=\"1M\"]\n  a\n}\n", 2, "graph: cpus '0'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\" slit=ratio]\n  a\n}\n", 2, "slit 'ratio' must be");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a [router=maybe]\n}\n", 3, "router 'maybe'");
}

TEST_CASE("topology errors: node ids", "[topology]") {
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a [id=0]\n  b [id=0]\n  a -- b [latency=3]\n}\n", 4,
                "duplicate node id 0: node a has it too (line 3)");
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a [id=0]\n  b\n  a -- b [latency=3]\n}\n", 4,
                "node b has no id, but other nodes have one");
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a [id=0]\n  b [id=2]\n  a -- b [latency=3]\n}\n", 4,
                "node b: id 2 but the machine has 2 nodes (ids must be 0..1)");
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a [id=256]\n}\n", 3, "id '256' must be a whole number from 0 to 255");
    check_error("graph g {\n  graph [mem=\"1M\" cpus=1]\n  a [id=x]\n}\n", 3, "id 'x'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  0 -- 5 [latency=1]\n}\n", 3,
                "node 5: named as node number 5 but the machine has 2 nodes");
}

TEST_CASE("topology errors: links and routers", "[topology]") {
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- a [latency=1]\n}\n", 3,
                "link a -- a connects node a to itself");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latency=1]\n  b -- a [latency=2]\n}\n", 4,
                "a second link between b and a (the first is at line 3)");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  r [router=true cpus=2]\n  a -- r [latency=1]\n}\n", 3,
                "router r: a router has no cpus");
}

TEST_CASE("topology errors: unknown attributes", "[topology]") {
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a [cpu=2]\n}\n", 3, "unknown node attribute 'cpu'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\"]\n  a -- b [latncy=2]\n}\n", 3, "unknown link attribute 'latncy'");
    check_error("graph g {\n  graph [cpus=1 mem=\"1M\" remote=9]\n  a\n}\n", 2, "unknown graph attribute 'remote'");
}
