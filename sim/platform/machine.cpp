#include "platform/machine.h"

#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "dev/simctl.h"
#include "dev/uart16550.h"
#include "mem/ram.h"
#include "platform/dtb.h"
#include "platform/input_error.h"
#include "platform/router.h"

namespace flashsim::platform {

namespace {
constexpr uint64_t kIoBase = 0x1F000000, kIoEnd = 0x20000000;  // node I/O window
constexpr uint64_t kUart = kIoBase + 0x010000, kSimctl = kIoBase + 0x020000;

const char* exc_name(unsigned code) {
    static const char* names[32] = {"Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
                                    "Sys", "Bp",  "RI",   "CpU",  "Ov",   "Tr",   "14",  "FPE",
                                    "16",  "17",  "18",   "19",   "20",   "21",   "22",  "WATCH",
                                    "24",  "25",  "26",   "27",   "28",   "29",   "30",  "31"};
    return names[code & 31];
}
}  // namespace

Machine::Machine(const MachineConfig& cfg) : cfg_(cfg) {
    if (cfg_.cpus < 1 || cfg_.cpus > 64) throw InputError(fmt::format("--cpus {}: must be 1..64", cfg_.cpus));
    if (cfg_.ram < (1u << 20) || (cfg_.ram & 0xFFF))
        throw InputError(fmt::format("--ram {}: must be at least 1 MiB and a multiple of 4 KiB", cfg_.ram));
    if (cfg_.ram > (4ull << 30) - (16ull << 20))
        throw InputError(fmt::format("--ram {}: a node holds at most 4080 MiB (32-bit node offsets)", cfg_.ram));
    router_ = std::make_unique<Router>("node0_router");
    ram_ = std::make_unique<mem::Ram>("node0_ram", cfg_.ram);
    auto console = cfg_.console ? cfg_.console : [](char) {};
    uart_ = std::make_unique<dev::Uart16550>("node0_uart", console);
    dev::SimctlHooks hooks;
    hooks.exit = [this](int s) { finish(RunResult::Reason::Exit, s); };
    hooks.putc = console;
    hooks.instret = [] { return CpuModule::running ? CpuModule::running->core().instret : 0; };
    hooks.cycles = [] { return CpuModule::running ? CpuModule::running->core().cycles : 0; };
    hooks.stats = [this](uint64_t v) {
        if (v == 1) snapshots_.push_back(stats(result_));
        if (v == 2)
            for (auto& c : cpus_) c->core().stats = cpu::CpuStats{};
    };
    hooks.annotate = [this](uint64_t v) {
        const uint64_t cyc = CpuModule::running ? CpuModule::running->core().cycles : 0;
        annotations_.push_back({{"cycle", cyc}, {"value", v}});
        if (cfg_.trace && cfg_.trace_sink) cfg_.trace_sink(fmt::format("# annotate {} at cycle {}", v, cyc));
    };
    simctl_ = std::make_unique<dev::Simctl>("node0_simctl", hooks);

    // Address map (DESIGN.md): RAM below the I/O window, the rest above it.
    const uint64_t low = std::min(cfg_.ram, kIoBase);
    router_->map(ram_->socket, 0, low, 0);
    if (cfg_.ram > kIoBase) router_->add_range(kIoEnd, cfg_.ram - kIoBase, kIoBase, router_->last_port());
    router_->map(uart_->socket, kUart, 0x1000);
    router_->map(simctl_->socket, kSimctl, 0x1000);

    const sc_core::sc_time cycle(1.0 / static_cast<double>(cfg_.clock_hz), sc_core::SC_SEC);
    for (unsigned i = 0; i < cfg_.cpus; ++i) {
        auto m = std::make_unique<CpuModule>(fmt::format("cpu{}", i).c_str(), i, cycle, cfg_.quantum);
        m->socket.bind(router_->in);
        if (cfg_.trace && cfg_.trace_sink) m->core().set_trace(cfg_.trace_sink);
        m->set_held(i != 0);  // secondaries wait for their boot mailbox (MAGIC, issue 4)
        m->after_quantum = [this](CpuModule&) {
            if (finished_) return false;
            if (cfg_.progress && (++quanta_ & 63) == 0) progress();
            if (cfg_.max_instructions && total_instret() >= cfg_.max_instructions) {
                finish(RunResult::Reason::InstructionLimit, kInstructionLimitStatus);
                return false;
            }
            return true;
        };
        m->next_quantum = [this] {
            if (!cfg_.max_instructions) return cfg_.quantum;
            const uint64_t done = total_instret();
            return done >= cfg_.max_instructions ? 0 : std::min(cfg_.quantum, cfg_.max_instructions - done);
        };
        cpus_.push_back(std::move(m));
    }
}

Machine::~Machine() = default;

std::vector<std::pair<uint64_t, uint64_t>> Machine::ram_ranges() const {
    std::vector<std::pair<uint64_t, uint64_t>> r{{0, std::min(cfg_.ram, kIoBase)}};
    if (cfg_.ram > kIoBase) r.emplace_back(kIoEnd, cfg_.ram - kIoBase);
    return r;
}

uint8_t* Machine::phys_ptr(uint64_t pa, uint64_t len) {
    for (auto [base, size] : ram_ranges())
        if (pa >= base && pa - base <= size && len <= size - (pa - base))
            return ram_->data() + (base == 0 ? pa : pa - kIoEnd + kIoBase);
    return nullptr;
}

void Machine::load(const std::string& path) {
    const ElfImage img = read_elf(path);
    std::string ranges;
    for (auto [b, s] : ram_ranges()) ranges += fmt::format(" 0x{:x}-0x{:x}", b, b + s - 1);
    bool entry_ok = false;
    uint64_t entry_pa = 0;
    const bool entry_unmapped = kernel_virt_to_phys(img.entry, entry_pa);
    for (const ElfSegment& s : img.segments) {
        uint8_t* p = phys_ptr(s.paddr, s.memsz);
        if (!p)
            throw InputError(fmt::format("{}: segment at physical 0x{:x}-0x{:x} does not fit in RAM (node 0 RAM:{})",
                                         path, s.paddr, s.paddr + s.memsz - 1, ranges));
        std::memcpy(p, s.data.data(), s.data.size());
        std::memset(p + s.data.size(), 0, s.memsz - s.data.size());
        if (entry_unmapped && entry_pa >= s.paddr && entry_pa - s.paddr < s.memsz) entry_ok = true;
    }
    if (!entry_ok)
        throw InputError(fmt::format("{}: entry point 0x{:x} is outside the loaded segments", path, img.entry));

    // The DTB goes at the top of the low RAM range, below nothing the program loaded.
    DtbSpec spec;
    spec.cpus = cfg_.cpus;
    spec.clock_hz = cfg_.clock_hz;
    for (auto [b, s] : ram_ranges()) spec.memory.push_back({b, s, 0});
    spec.bootargs = cfg_.bootargs;
    std::vector<uint8_t> probe = build_dtb(spec);
    const uint64_t top = std::min(cfg_.ram, kIoBase);
    const uint64_t size = (probe.size() + 0x1FFF) & ~0xFFFull;  // room for the reserve entry
    dtb_pa_ = (top - size) & ~0xFFFFull;
    spec.reserve_base = dtb_pa_;
    spec.reserve_size = size;
    const std::vector<uint8_t> dtb = build_dtb(spec);
    for (const ElfSegment& s : img.segments)
        if (s.paddr < dtb_pa_ + size && dtb_pa_ < s.paddr + s.memsz)
            throw InputError(fmt::format("{}: segment at physical 0x{:x} overlaps the device tree at 0x{:x}; "
                                         "use a larger --ram",
                                         path, s.paddr, dtb_pa_));
    std::memcpy(phys_ptr(dtb_pa_, dtb.size()), dtb.data(), dtb.size());

    // Boot protocol (DESIGN.md): CPU 0 at the entry, a0 = -2, a1 = ckseg0 address of the DTB.
    cpu::Cpu& c0 = cpus_[0]->core();
    c0.reset(img.entry);
    c0.gpr[4] = static_cast<uint64_t>(-2);
    c0.gpr[5] = 0xFFFFFFFF80000000ull | dtb_pa_;
}

uint64_t Machine::total_instret() const {
    uint64_t n = 0;
    for (const auto& c : cpus_) n += c->core().instret;
    return n;
}

void Machine::finish(RunResult::Reason why, int status) {
    if (finished_) return;
    finished_ = true;
    result_.reason = why;
    result_.status = status;
    for (auto& c : cpus_) c->core().request_stop();
    sc_core::sc_stop();
}

void Machine::progress() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress_ < std::chrono::seconds(10)) return;
    last_progress_ = now;
    const double wall = std::chrono::duration<double>(now - start_).count();
    const uint64_t n = total_instret();
    fmt::print(stderr, "flashsim: {} instructions in {:.0f} s ({:.1f} MIPS)\n", n, wall,
               static_cast<double>(n) / wall / 1e6);
}

RunResult Machine::run() {
    const auto t0 = std::chrono::steady_clock::now();
    start_ = last_progress_ = t0;
    sc_core::sc_start();
    const auto t1 = std::chrono::steady_clock::now();
    if (!finished_) {
        result_.reason = RunResult::Reason::NoProgress;
        result_.status = 1;
    }
    result_.wall_seconds = std::chrono::duration<double>(t1 - t0).count();
    return result_;
}

nlohmann::json Machine::cpu_stats(const cpu::Cpu& c) const {
    nlohmann::json exc = nlohmann::json::object();
    for (unsigned i = 0; i < 32; ++i)
        if (c.stats.exceptions[i]) exc[exc_name(i)] = c.stats.exceptions[i];
    return {{"cpu", c.id},
            {"instructions", c.instret},
            {"cycles", c.cycles},
            {"exceptions", exc},
            {"interrupts", c.stats.interrupts},
            {"tlb_refills", c.stats.tlb_refills},
            {"cache_ops", c.stats.cache_ops}};
}

nlohmann::json Machine::stats(const RunResult& r) const {
    nlohmann::json cpus = nlohmann::json::array();
    uint64_t insns = 0, cycles = 0;
    for (const auto& c : cpus_) {
        cpus.push_back(cpu_stats(c->core()));
        insns += c->core().instret;
        cycles = std::max(cycles, c->core().cycles);
    }
    const char* reason = r.reason == RunResult::Reason::Exit               ? "exit"
                         : r.reason == RunResult::Reason::InstructionLimit ? "instruction-limit"
                                                                           : "no-progress";
    return {{"instructions", insns},
            {"cycles", cycles},
            {"simulated_seconds", static_cast<double>(cycles) / static_cast<double>(cfg_.clock_hz)},
            {"wall_seconds", r.wall_seconds},
            {"mips", r.wall_seconds > 0 ? static_cast<double>(insns) / r.wall_seconds / 1e6 : 0.0},
            {"exit", {{"reason", reason}, {"status", r.status}}},
            {"cpus", cpus},
            {"snapshots", snapshots_},
            {"annotations", annotations_}};
}

}  // namespace flashsim::platform
