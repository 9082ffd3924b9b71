// The simulated machine: FLASH nodes (CPUs, RAM, MAGIC, UART, simctl) built from a topology;
// node n's memory and I/O window are at physical addresses n << 32 (DESIGN.md address map).
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpu/shared_pages.h"
#include "net/topology.h"
#include "platform/cpu_module.h"
#include "platform/elf_loader.h"
#include "platform/machine_timing.h"

namespace flashsim::mem { class Ram; }
namespace flashsim::dev { class Uart16550; class Simctl; class Magic; class VirtioBlk; class VirtioConsole; }

namespace flashsim::platform {

struct MachineConfig {
    net::Topology topology = net::Topology::single_node(1, 256ull << 20);
    uint64_t clock_hz = 200000000;
    uint64_t quantum = 10000;          // instructions per CPU between SystemC time updates
    uint64_t max_instructions = 0;     // 0 = unlimited
    std::string bootargs;
    uint64_t seed = 1;
    uint64_t boot_time = 1767225600;  // the time of day at power-on, seconds since the epoch (2026-01-01)  // of the randomness handed to the guest (/chosen/rng-seed): runs stay deterministic
    bool trace = false;
    bool progress = false;  // a line on stderr every 10 s of wall time on long runs
    enum class Mode { Fast, Timing } mode = Mode::Fast;  // at start
    uint64_t timing_after = 0;  // switch to timing mode after this many instructions (0: never)
    mem::TimingConfig timing;   // caches, latencies, occupancy (latencies also from the topology)
    std::string initrd;         // a file placed in node 0 RAM for Linux (/chosen linux,initrd-*)
    struct Vm {
        std::string path;
        unsigned cpus = 1;
        uint64_t mem = 32ull << 20;
        std::string disk;  // a raw image (multiple of 512 bytes) the monitor serves as its disk
    };
    std::vector<Vm> vms;  // guest images for the Disco monitor (/chosen/vm@N)
    struct Disk {
        std::string path;
        bool read_only = false;
    };
    std::vector<Disk> disks;  // virtio-mmio block devices in node 0's slots 0, 1, ... (--disk)
    std::string virtio_console;  // a file for a virtio console's output (after the disks), "" none
    int console_input_fd = -1;  // host input for node 0's UART (stdin), -1: none
    std::function<void(const std::string&)> trace_sink;  // one line per retired instruction
    std::function<void(char)> console;                   // node 0 UART and simctl PUTC
};

// How a run ended.
struct RunResult {
    enum class Reason { Exit, InstructionLimit, NoProgress, ConsoleQuit } reason = Reason::Exit;
    int status = 0;
    double wall_seconds = 0;
};

class Machine {
public:
    // Exit status for a run stopped by --max-instructions (README "Exit status").
    static constexpr int kInstructionLimitStatus = 124;
    static constexpr unsigned kMaxCpus = 1024;
    static constexpr unsigned kVirtioSlots = 16;
    // Exit status when the user stops the run from the console (Ctrl-A x).
    static constexpr int kConsoleQuitStatus = 130;

    explicit Machine(const MachineConfig& cfg);
    ~Machine();
    // Load the program and the DTB; throws InputError on bad input.
    void load(const std::string& elf_path);
    RunResult run();
    nlohmann::json stats(const RunResult& r) const;
    // Physical memory ranges of a node's RAM (DESIGN.md address map: split by the I/O window).
    std::vector<std::pair<uint64_t, uint64_t>> ram_ranges(unsigned node) const;
    uint8_t* phys_ptr(uint64_t pa, uint64_t len);  // nullptr unless RAM
    uint64_t dtb_address() const { return dtb_pa_; }
    const std::vector<uint8_t>& dtb() const { return dtb_; }
    void set_mode(MachineConfig::Mode m);
    MachineConfig::Mode mode() const { return mode_; }

private:
    MachineConfig cfg_;
    struct Node {
        std::unique_ptr<mem::Ram> ram;
        std::unique_ptr<dev::Magic> magic;
        std::unique_ptr<dev::Uart16550> uart;
        std::unique_ptr<dev::Simctl> simctl;
        std::vector<std::unique_ptr<dev::VirtioBlk>> disks;  // slots 0, 1, ...
        std::unique_ptr<dev::VirtioConsole> vconsole;         // the slot after the disks
    };
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> vconsole_out_{nullptr, std::fclose};
    unsigned virtio_slots() const { return static_cast<unsigned>(cfg_.disks.size() + !cfg_.virtio_console.empty()); }
    class Dma;
    std::unique_ptr<Dma> dma_;
    std::unique_ptr<class ConsoleInput> console_in_;
    uint64_t next_input_poll_ = 0;
    void poll_console_input(uint64_t now);
    std::unique_ptr<class Router> router_;
    std::vector<Node> nodes_;
    std::vector<std::unique_ptr<CpuModule>> cpus_;
    cpu::SharedPages shared_;
    std::unique_ptr<MachineTiming> timing_;
    MachineConfig::Mode mode_ = MachineConfig::Mode::Fast;
    bool timing_switched_ = false;
    uint64_t dtb_pa_ = 0;
    std::vector<uint8_t> dtb_;
    bool finished_ = false;
    uint64_t quanta_ = 0;
    std::chrono::steady_clock::time_point start_, last_progress_;
    void progress();
    RunResult result_;
    nlohmann::json snapshots_ = nlohmann::json::array();
    nlohmann::json annotations_ = nlohmann::json::array();
    uint64_t total_instret() const;
    void finish(RunResult::Reason why, int status);
    nlohmann::json cpu_stats(const cpu::Cpu& c) const;
    nlohmann::json timing_stats() const;
    void build_node(unsigned n);
    void start_cpu(unsigned cpu, uint64_t pc, uint64_t sp, uint64_t gp, uint64_t arg);
};

}  // namespace flashsim::platform
