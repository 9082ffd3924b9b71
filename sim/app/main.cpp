// flashsim: run a program on the simulated FLASH machine.
// Console output on stdout; simulator messages, the trace and errors on stderr.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <systemc>

#include "platform/input_error.h"
#include "net/topology.h"
#include "platform/machine.h"

#ifndef FLASHSIM_VERSION
#define FLASHSIM_VERSION "0.0.0"
#endif

namespace {

// "256M", "1G", "65536", "64K": bytes; `option` names the option in the error.
uint64_t parse_size(const std::string& option, const std::string& text) {
    const auto v = flashsim::net::Topology::parse_size(text);
    if (!v) throw flashsim::InputError(fmt::format("{} {}: not a size (try 256M or 1G)", option, text));
    return *v;
}

// "guest.elf,cpus=2,mem=64M"
flashsim::platform::MachineConfig::Vm parse_vm(const std::string& spec) {
    flashsim::platform::MachineConfig::Vm vm;
    size_t pos = spec.find(',');
    vm.path = spec.substr(0, pos);
    if (vm.path.empty()) throw flashsim::InputError(fmt::format("--vm {}: no image file", spec));
    while (pos != std::string::npos) {
        const size_t next = spec.find(',', pos + 1);
        const std::string item = spec.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
        const size_t eq = item.find('=');
        const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (key == "cpus") {
            char* end = nullptr;
            const unsigned long n = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end || n < 1 || n > 64)
                throw flashsim::InputError(fmt::format("--vm {}: cpus={}: must be 1..64", spec, value));
            vm.cpus = static_cast<unsigned>(n);
        } else if (key == "mem") {
            vm.mem = parse_size("--vm mem", value);
            if (vm.mem < (1u << 20) || (vm.mem & 0xFFF))
                throw flashsim::InputError(fmt::format("--vm {}: mem={}: at least 1M, in 4K pages", spec, value));
        } else if (key == "disk") {
            if (value.empty()) throw flashsim::InputError(fmt::format("--vm {}: disk= needs a file", spec));
            vm.disk = value;
        } else {
            throw flashsim::InputError(
                fmt::format("--vm {}: unknown setting '{}' (cpus=N, mem=SIZE, disk=FILE)", spec, item));
        }
        pos = next;
    }
    return vm;
}

// A VM description file: one VM a line, "IMAGE.elf [cpus=N] [mem=SIZE] [disk=FILE]"; # comments.
std::vector<std::string> read_vm_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw flashsim::InputError(fmt::format("{}: cannot open the VM description file", path));
    std::vector<std::string> specs;
    std::string line;
    for (unsigned n = 1; std::getline(in, line); ++n) {
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::string word, spec;
        while (words >> word) spec += (spec.empty() ? "" : ",") + word;
        if (spec.empty()) continue;
        if (spec.find('=') != std::string::npos && spec.find('=') < spec.find(','))
            throw flashsim::InputError(fmt::format("{}:{}: a line starts with the image file, then settings", path, n));
        specs.push_back(spec);
    }
    if (specs.empty()) throw flashsim::InputError(fmt::format("{}: no VM in the file", path));
    return specs;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"flashsim: a Stanford-FLASH-like cc-NUMA machine of MIPS R10000 nodes.\n"
                 "Runs a big-endian MIPS ELF on it: the console is on stdout, simulator messages on\n"
                 "stderr. Node 0's UART reads stdin once the guest enables its receive interrupt: a\n"
                 "line at a time from a file or pipe; raw keys from a terminal (Ctrl-A x quits).\n"
                 "Exit status: the program's simctl EXIT value; 124 if --max-instructions stopped\n"
                 "it; 130 if quit from the console; 2 for bad options or input files; 1 if the\n"
                 "simulator failed."};
    std::string program, stats_file, ram_text = "256M", bootargs, trace_file, topology_file;
    std::string ram_per_node_text;
    unsigned cpus = 1, cpus_per_node = 0;
    double local_latency = 0, remote_latency = 0, distance_scale = 0;
    bool print_topology = false;
    std::string mode = "fast", dump_dtb, initrd;
    std::vector<std::string> vm_specs, disk_specs;
    bool no_console_input = false;
    uint64_t seed = 1;
    std::string date_text;
    std::string virtio_console;
    uint64_t timing_after = 0;
    flashsim::mem::TimingConfig tcfg;
    uint32_t l1_kib = tcfg.l1d.size_bytes / 1024, l2_kib = tcfg.l2.size_bytes / 1024;
    uint64_t max_insns = 0, quantum = 10000;
    bool trace = false, quiet = false;
    auto* prog_opt = app.add_option("program", program, "ELF64 or ELF32 big-endian MIPS executable");
    auto* topo_opt = app.add_option("--topology", topology_file,
                                    "machine description (GraphViz .dot, docs/topology.md); default: one node");
    auto* print_opt = app.add_flag("--print-topology", print_topology,
                                   "print the machine as `numactl --hardware` does, and exit");
    auto* ram_opt = app.add_option("--ram", ram_text, "RAM of the node without --topology, e.g. 256M, 1G")
                        ->capture_default_str();
    auto* cpus_opt = app.add_option("--cpus", cpus, "CPUs of the node without --topology (CPU 0 boots; others wait for "
                                                    "their MAGIC mailbox)")
                         ->capture_default_str()
                         ->check(CLI::Range(1, 64));
    ram_opt->excludes(topo_opt);
    cpus_opt->excludes(topo_opt);
    app.add_option("--cpus-per-node", cpus_per_node, "override every node's CPU count")->check(CLI::Range(1, 64));
    app.add_option("--ram-per-node", ram_per_node_text, "override every node's memory, e.g. 512M");
    app.add_option("--local-latency", local_latency, "memory latency of a node's own memory, ns (default 300)")
        ->check(CLI::PositiveNumber);
    app.add_option("--remote-latency", remote_latency,
                   "latency to the nearest remote node's memory, ns (scales the whole interconnect)")
        ->check(CLI::PositiveNumber);
    app.add_option("--distance-scale", distance_scale, "multiply the interconnect latencies")
        ->check(CLI::PositiveNumber);
    app.add_option("--mode", mode, "fast (functional, CPI 1) or timing (caches, directory, NUMA latencies)")
        ->capture_default_str()
        ->check(CLI::IsMember({"fast", "timing"}));
    app.add_option("--dump-dtb", dump_dtb, "also write the generated device tree blob to this file");
    app.add_option("--initrd", initrd, "a file placed in RAM for Linux (linux,initrd-start/end in /chosen)");
    std::string vm_config;
    app.add_option("--vm-config", vm_config, "a file describing the VMs, one a line: IMAGE.elf cpus=N mem=SIZE disk=FILE");
    app.add_option("--vm", vm_specs, "IMAGE.elf[,cpus=N][,mem=SIZE][,disk=FILE]: a guest for the Disco monitor "
                                     "(repeatable; default 1 CPU, 32M, no disk)")
        ->allow_extra_args(false);  // one value per --vm, so the program is not taken for a VM
    app.add_option("--timing-after", timing_after, "switch to timing mode after this many instructions");
    app.add_option("--l1-size", l1_kib, "timing: L1 I and D cache size, KiB each")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    app.add_option("--l2-size", l2_kib, "timing: L2 cache size per CPU, KiB")
        ->capture_default_str()
        ->check(CLI::Range(16, 65536));
    app.add_option("--magic-occupancy", tcfg.occupancy_ns, "timing: ns a node controller is busy per message")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--max-instructions", max_insns, "stop after this many instructions (all CPUs)");
    app.add_flag("--trace", trace, "print one line per retired instruction on stderr");
    app.add_option("--trace-file", trace_file, "write the trace to this file instead of stderr");
    app.add_option("--stats", stats_file, "write statistics (JSON) to this file at the end");
    app.add_option("--bootargs", bootargs, "kernel command line, in the DTB's /chosen");
    app.add_option("--disk", disk_specs, "IMAGE[,ro]: a raw disk image (a multiple of 512 bytes) as a virtio-mmio "
                                         "block device in node 0's next slot; writes change the file unless ro "
                                         "(repeatable)")
        ->allow_extra_args(false);
    app.add_option("--seed", seed, "seed of the entropy the machine hands the guest (/chosen/rng-seed); the same "
                                   "seed gives the same run")
        ->capture_default_str();
    app.add_option("--date", date_text, "the time of day at power-on, seconds since the epoch, or 'now' "
                                        "(/chosen flashsim,boot-time; default 1767225600, 2026-01-01 UTC: runs "
                                        "stay deterministic)");
    app.add_option("--virtio-console", virtio_console, "a file that receives what the guest writes to a virtio "
                                                         "console (Linux: /dev/hvc0), in the slot after the disks");
    app.add_flag("--no-console-input", no_console_input, "never read stdin (the guest's console gets no input)");
    app.add_option("--quantum", quantum, "instructions per CPU between time synchronisations")
        ->capture_default_str()
        ->check(CLI::Range(uint64_t{1}, uint64_t{100000000}));
    app.add_flag("-q,--quiet", quiet, "no simulator messages except errors (no progress, no summary)");
    app.set_version_flag("--version", "flashsim " FLASHSIM_VERSION);
    try {
        app.parse(argc, argv);
        if (!print_opt->count() && !prog_opt->count()) throw CLI::RequiredError("program");
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }

    std::ofstream trace_out;
    if (!trace_file.empty()) {
        trace = true;
        trace_out.open(trace_file);
        if (!trace_out) {
            fmt::print(stderr, "flashsim: {}: cannot write trace file\n", trace_file);
            return 2;
        }
    }
    std::ofstream stats_out;
    try {
        flashsim::platform::MachineConfig cfg;
        if (topology_file.empty()) {
            const uint64_t ram = parse_size("--ram", ram_text);
            if (const std::string bad = flashsim::net::Topology::check_mem(ram); !bad.empty())
                throw flashsim::InputError(fmt::format("--ram {}: {}", ram_text, bad));
            cfg.topology = flashsim::net::Topology::single_node(cpus, ram);
        } else {
            cfg.topology = flashsim::net::Topology::load(topology_file);
        }
        flashsim::net::Topology::Overrides ov;
        if (cpus_per_node) ov.cpus_per_node = cpus_per_node;
        if (!ram_per_node_text.empty()) ov.mem_per_node = parse_size("--ram-per-node", ram_per_node_text);
        if (local_latency > 0) ov.local_latency_ns = local_latency;
        if (remote_latency > 0) ov.remote_latency_ns = remote_latency;
        if (distance_scale > 0) ov.distance_scale = distance_scale;
        cfg.topology.apply(ov);
        if (print_topology) {
            std::fputs(cfg.topology.numactl_hardware().c_str(), stdout);
            return 0;
        }
        cfg.max_instructions = max_insns;
        cfg.quantum = quantum;
        cfg.bootargs = bootargs;
        cfg.trace = trace;
        cfg.mode = mode == "timing" ? flashsim::platform::MachineConfig::Mode::Timing
                                    : flashsim::platform::MachineConfig::Mode::Fast;
        cfg.timing_after = timing_after;
        for (uint32_t v : {l1_kib, l2_kib})
            if (v & (v - 1)) throw flashsim::InputError(fmt::format("cache size {} KiB: must be a power of two", v));
        tcfg.l1i.size_bytes = tcfg.l1d.size_bytes = l1_kib * 1024;
        tcfg.l2.size_bytes = l2_kib * 1024;
        cfg.timing = tcfg;
        cfg.initrd = initrd;
        for (const std::string& spec : disk_specs) {
            flashsim::platform::MachineConfig::Disk d;
            const size_t comma = spec.rfind(',');
            d.path = spec;
            if (comma != std::string::npos) {
                const std::string flag = spec.substr(comma + 1);
                if (flag != "ro") throw flashsim::InputError(fmt::format("--disk {}: unknown flag '{}' (IMAGE[,ro])", spec, flag));
                d.path = spec.substr(0, comma);
                d.read_only = true;
            }
            if (d.path.empty()) throw flashsim::InputError(fmt::format("--disk {}: no image file", spec));
            cfg.disks.push_back(d);
        }
        if (!no_console_input) cfg.console_input_fd = STDIN_FILENO;
        cfg.virtio_console = virtio_console;
        cfg.seed = seed;
        if (date_text == "now") cfg.boot_time = static_cast<uint64_t>(std::time(nullptr));
        else if (!date_text.empty()) {
            size_t used = 0;
            try {
                cfg.boot_time = std::stoull(date_text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != date_text.size() || date_text[0] == '-')
                throw flashsim::InputError(fmt::format("--date {}: not a number of seconds or 'now'", date_text));
        }
        if (!vm_config.empty())
            for (const std::string& spec : read_vm_config(vm_config)) cfg.vms.push_back(parse_vm(spec));
        for (const std::string& spec : vm_specs) cfg.vms.push_back(parse_vm(spec));
        cfg.progress = !quiet;
        if (trace) {
            if (trace_out.is_open()) cfg.trace_sink = [&](const std::string& l) { trace_out << l << '\n'; };
            else cfg.trace_sink = [](const std::string& l) { std::fputs((l + "\n").c_str(), stderr); };
        }
        // Whole lines reach whoever reads the console (a terminal, tee, a test or benchmark
        // watching for a line) when they are printed, not when the buffer fills.
        cfg.console = [](char c) {
            std::fputc(c, stdout);
            if (c == '\n') std::fflush(stdout);
        };
        if (!stats_file.empty()) {
            stats_out.open(stats_file);
            if (!stats_out) throw flashsim::InputError(fmt::format("{}: cannot write stats file", stats_file));
        }
        // Quiet SystemC's banner and its info messages: stdout belongs to the guest console.
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
        flashsim::platform::Machine machine(cfg);
        machine.load(program);
        if (!dump_dtb.empty()) {
            std::ofstream out(dump_dtb, std::ios::binary);
            out.write(reinterpret_cast<const char*>(machine.dtb().data()), static_cast<std::streamsize>(machine.dtb().size()));
            if (!out) throw flashsim::InputError(fmt::format("{}: cannot write the device tree", dump_dtb));
        }
        const auto r = machine.run();
        std::fflush(stdout);
        const auto st = machine.stats(r);
        if (stats_out.is_open()) stats_out << st.dump(2) << '\n';
        using Reason = flashsim::platform::RunResult::Reason;
        if (r.reason == Reason::InstructionLimit)
            fmt::print(stderr, "flashsim: stopped after {} instructions (--max-instructions); exit status {}\n",
                       st["instructions"].get<uint64_t>(), r.status);
        else if (r.reason == Reason::ConsoleQuit)
            fmt::print(stderr, "\nflashsim: stopped from the console (Ctrl-A x); exit status {}\n", r.status);
        else if (r.reason == Reason::NoProgress)
            fmt::print(stderr, "flashsim: every CPU is held or stopped and nothing can wake them; exit status 1\n");
        else if (!quiet)
            fmt::print(stderr, "flashsim: exit status {} after {} instructions, {} cycles, {:.3f} s ({:.1f} MIPS)\n",
                       r.status, st["instructions"].get<uint64_t>(), st["cycles"].get<uint64_t>(), r.wall_seconds,
                       st["mips"].get<double>());
        return r.status;
    } catch (const flashsim::InputError& e) {
        std::fflush(stdout);
        fmt::print(stderr, "flashsim: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "flashsim: internal error: {}\n", e.what());
        return 1;
    }
}

// SystemC prints its banner before sc_main runs; our own main() silences it first, since
// stderr is for flashsim's messages. (libsystemc's main() is not linked when we define one.)
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's exit-time scan faults on SystemC's coroutine (QuickThreads) stacks now and
// then ("Tracer caught signal 11"): leak checking is off for flashsim; AddressSanitizer and
// UBSan stay on, and the unit tests (no SystemC) keep leak checking.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }
#endif
