#include "platform/machine.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "dev/magic.h"
#include "dev/simctl.h"
#include "dev/uart16550.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "mem/ram.h"
#include "platform/console_input.h"
#include "platform/dtb.h"
#include "platform/input_error.h"
#include "platform/router.h"

namespace flashsim::platform {

namespace {
constexpr uint64_t kIoBase = 0x1F000000, kIoEnd = 0x20000000;  // node I/O window
constexpr uint64_t kMagic = kIoBase, kUart = kIoBase + 0x010000, kSimctl = kIoBase + 0x020000;
constexpr uint64_t kVirtio = kIoBase + 0x100000, kVirtioStride = 0x1000;  // slot k at kVirtio + k * stride

const char* exc_name(unsigned code) {
    static const char* names[32] = {"Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
                                    "Sys", "Bp",  "RI",   "CpU",  "Ov",   "Tr",   "14",  "FPE",
                                    "16",  "17",  "18",   "19",   "20",   "21",   "22",  "WATCH",
                                    "24",  "25",  "26",   "27",   "28",   "29",   "30",  "31"};
    return names[code & 31];
}
}  // namespace

// DMA for the machine's devices: RAM by physical address (a transfer lies within one RAM
// range); writes go through the CPUs' shared-page bookkeeping like another CPU's stores
// (decoded code, LL links).
class Machine::Dma : public dev::Dma {
public:
    explicit Dma(Machine& m) : m_(m) {}
    bool read(uint64_t pa, void* buf, size_t len) override { return copy(pa, static_cast<uint8_t*>(buf), len, false); }
    bool write(uint64_t pa, const void* buf, size_t len) override {
        return copy(pa, const_cast<uint8_t*>(static_cast<const uint8_t*>(buf)), len, true);
    }

private:
    Machine& m_;
    bool copy(uint64_t pa, uint8_t* buf, size_t len, bool to_ram) {
        if (len == 0) return true;
        uint8_t* host = m_.phys_ptr(pa, len);  // all of it in one RAM range, or nothing
        if (!host) return false;
        if (!to_ram) {
            std::memcpy(buf, host, len);
            return true;
        }
        // Page by page, as the CPUs key their decoded code and LL links by host page.
        for (size_t done = 0; done < len;) {
            const unsigned off = (pa + done) & 0xFFF;
            const size_t n = std::min<size_t>(len - done, 0x1000 - off);
            const auto key = reinterpret_cast<uintptr_t>(host + done - off);
            if (m_.shared_.watched(key)) m_.shared_.stored(nullptr, pa + done, key, off, static_cast<unsigned>(n));
            done += n;
        }
        std::memcpy(host, buf, len);
        return true;
    }
};

Machine::Machine(const MachineConfig& cfg) : cfg_(cfg) {
    const net::Topology& topo = cfg_.topology;
    if (topo.total_cpus() > kMaxCpus)
        throw InputError(fmt::format("{} CPUs: flashsim models at most {}", topo.total_cpus(), kMaxCpus));
    router_ = std::make_unique<Router>("router");
    dma_ = std::make_unique<Dma>(*this);
    if (virtio_slots() > kVirtioSlots)
        throw InputError(fmt::format("{} virtio devices: node 0 has {} slots", virtio_slots(), kVirtioSlots));
    if (!cfg_.virtio_console.empty()) {
        vconsole_out_.reset(std::fopen(cfg_.virtio_console.c_str(), "wb"));
        if (!vconsole_out_)
            throw InputError(fmt::format("{}: cannot write the virtio console's output", cfg_.virtio_console));
    }
    for (unsigned n = 0; n < topo.nodes(); ++n) build_node(n);
    if (cfg_.console_input_fd >= 0) console_in_ = std::make_unique<ConsoleInput>(cfg_.console_input_fd);

    const sc_core::sc_time cycle(1.0 / static_cast<double>(cfg_.clock_hz), sc_core::SC_SEC);
    for (unsigned i = 0; i < topo.total_cpus(); ++i) {
        auto m = std::make_unique<CpuModule>(fmt::format("cpu{}", i).c_str(), i, cycle, cfg_.quantum);
        m->socket.bind(router_->in);
        m->core().share(shared_);
        if (cfg_.trace && cfg_.trace_sink) m->core().set_trace(cfg_.trace_sink);
        m->set_held(i != 0);  // secondaries wait for their MAGIC boot mailbox
        m->after_quantum = [this](CpuModule& self) {
            if (finished_) return false;
            if (cfg_.timing_after && !timing_switched_ && total_instret() >= cfg_.timing_after) {
                timing_switched_ = true;
                set_mode(MachineConfig::Mode::Timing);
            }
            if (cfg_.progress && (++quanta_ & 63) == 0) progress();
            if (console_in_) poll_console_input(self.core().cycles);
            if (cfg_.max_instructions && total_instret() >= cfg_.max_instructions) {
                finish(RunResult::Reason::InstructionLimit, kInstructionLimitStatus);
                return false;
            }
            return true;
        };
        m->next_quantum = [this] {
            // Quanta end exactly at --max-instructions and at --timing-after.
            const uint64_t done = total_instret();
            uint64_t q = cfg_.quantum;
            if (cfg_.max_instructions) q = done >= cfg_.max_instructions ? 0 : std::min(q, cfg_.max_instructions - done);
            if (cfg_.timing_after && !timing_switched_ && done < cfg_.timing_after)
                q = std::min(q, cfg_.timing_after - done);
            return q;
        };
        cpus_.push_back(std::move(m));
    }
    set_mode(cfg_.mode);
}

void Machine::set_mode(MachineConfig::Mode m) {
    if (m == MachineConfig::Mode::Timing && !timing_) {
        // Built on first use; caches and directory keep their state across later switches.
        timing_ = std::make_unique<MachineTiming>(cfg_.timing, cfg_.topology, [this](uint64_t page, unsigned node) {
            nodes_.at(page >> 32).magic->count_miss(page, node);
        });
    }
    mode_ = m;
    for (auto& c : cpus_) c->core().set_timing(m == MachineConfig::Mode::Timing ? timing_.get() : nullptr);
}

void Machine::build_node(unsigned n) {
    const net::NodeSpec& spec = cfg_.topology.node(n);
    if (spec.mem < (1u << 20) || (spec.mem & 0xFFF))
        throw InputError(fmt::format("node {} memory {}: must be at least 1 MiB and a multiple of 4 KiB", n, spec.mem));
    if (spec.mem > (4ull << 30) - (16ull << 20))
        throw InputError(fmt::format("node {} memory {}: a node holds at most 4080 MiB (32-bit node offsets)", n,
                                     spec.mem));
    const uint64_t base = uint64_t(n) << 32;
    Node node;
    node.ram = std::make_unique<mem::Ram>(fmt::format("node{}_ram", n).c_str(), spec.mem);
    // Every node has a UART; node 0's is the console, the others print there too.
    auto console = cfg_.console ? cfg_.console : [](char) {};
    node.uart = std::make_unique<dev::Uart16550>(fmt::format("node{}_uart", n).c_str(), console);

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
    hooks.get_mode = [this] { return mode_ == MachineConfig::Mode::Timing ? 1u : 0u; };
    hooks.set_mode = [this](uint64_t v) {
        set_mode(v ? MachineConfig::Mode::Timing : MachineConfig::Mode::Fast);
    };
    hooks.annotate = [this](uint64_t v) {
        const uint64_t cyc = CpuModule::running ? CpuModule::running->core().cycles : 0;
        annotations_.push_back({{"cycle", cyc}, {"value", v}});
        if (cfg_.trace && cfg_.trace_sink) cfg_.trace_sink(fmt::format("# annotate {} at cycle {}", v, cyc));
    };
    node.simctl = std::make_unique<dev::Simctl>(fmt::format("node{}_simctl", n).c_str(), hooks);

    dev::MagicConfig mc;
    mc.node = n;
    mc.nodes = cfg_.topology.nodes();
    mc.first_cpu = spec.first_cpu;
    mc.cpus = spec.cpus;
    mc.total_cpus = cfg_.topology.total_cpus();
    dev::MagicHooks mh;
    mh.start_cpu = [this](unsigned cpu, const dev::BootMailbox& m) { start_cpu(cpu, m.pc, m.sp, m.gp, m.arg); };
    mh.set_irq = [this](unsigned cpu, unsigned line, bool level) { cpus_.at(cpu)->core().set_irq(line, level); };
    mh.send_ipi = [this](unsigned cpu, uint32_t bits) {
        const unsigned home = cfg_.topology.node_of_cpu(cpu);
        nodes_[home].magic->post_ipi(cpu - cfg_.topology.node(home).first_cpu, bits);
    };
    mh.cycles = [] { return CpuModule::running ? CpuModule::running->core().cycles : 0; };
    mh.whoami = [] { return CpuModule::running ? CpuModule::running->core().id : 0u; };
    node.magic = std::make_unique<dev::Magic>(fmt::format("node{}_magic", n).c_str(), mc, mh);
    dev::Magic* magic = node.magic.get();
    node.uart->on_irq = [magic](bool level) { magic->set_source(dev::Magic::SRC_UART, level); };

    // Address map (DESIGN.md): RAM below the I/O window, the rest above it.
    const uint64_t low = std::min(spec.mem, kIoBase);
    router_->map(node.ram->socket, base, low, 0);
    if (spec.mem > kIoBase) router_->add_range(base + kIoEnd, spec.mem - kIoBase, kIoBase, router_->last_port());
    router_->map(node.magic->socket, base + kMagic, 0x10000);
    router_->map(node.uart->socket, base + kUart, 0x1000);
    router_->map(node.simctl->socket, base + kSimctl, 0x1000);
    if (n == 0)
        for (unsigned k = 0; k < cfg_.disks.size(); ++k) {
            const MachineConfig::Disk& d = cfg_.disks[k];
            auto blk = std::make_unique<dev::VirtioBlk>(fmt::format("node0_virtio{}", k).c_str(), *dma_, d.path,
                                                         d.read_only);
            blk->on_irq = [magic, k](bool level) { magic->set_source(dev::Magic::SRC_VIRTIO0 + k, level); };
            router_->map(blk->socket, base + kVirtio + k * kVirtioStride, kVirtioStride);
            node.disks.push_back(std::move(blk));
        }
    if (n == 0 && vconsole_out_) {
        const unsigned k = static_cast<unsigned>(cfg_.disks.size());
        std::FILE* out = vconsole_out_.get();
        node.vconsole = std::make_unique<dev::VirtioConsole>(
            "node0_vconsole", *dma_, [out](const char* p, size_t len) { std::fwrite(p, 1, len, out); });
        node.vconsole->on_irq = [magic, k](bool level) { magic->set_source(dev::Magic::SRC_VIRTIO0 + k, level); };
        router_->map(node.vconsole->socket, base + kVirtio + k * kVirtioStride, kVirtioStride);
    }
    nodes_.push_back(std::move(node));
}

void Machine::start_cpu(unsigned cpu, uint64_t pc, uint64_t sp, uint64_t gp, uint64_t arg) {
    CpuModule& m = *cpus_.at(cpu);
    cpu::Cpu& c = m.core();
    // It starts as CPU 0 did (DESIGN.md boot state), at the time of the CPU that released it.
    c.reset(pc);
    c.gpr[4] = arg;
    c.gpr[28] = gp;
    c.gpr[29] = sp;
    if (CpuModule::running) c.cycles = std::max(c.cycles, CpuModule::running->core().cycles);
    c.schedule_timer();
    m.set_held(false);
}

Machine::~Machine() = default;

std::vector<std::pair<uint64_t, uint64_t>> Machine::ram_ranges(unsigned n) const {
    const uint64_t mem = cfg_.topology.node(n).mem, base = uint64_t(n) << 32;
    std::vector<std::pair<uint64_t, uint64_t>> r{{base, std::min(mem, kIoBase)}};
    if (mem > kIoBase) r.emplace_back(base + kIoEnd, mem - kIoBase);
    return r;
}

uint8_t* Machine::phys_ptr(uint64_t pa, uint64_t len) {
    const unsigned n = static_cast<unsigned>(pa >> 32);
    if (n >= nodes_.size()) return nullptr;
    for (auto [base, size] : ram_ranges(n))
        if (pa >= base && pa - base <= size && len <= size - (pa - base))
            return nodes_[n].ram->data() + ((pa & 0xFFFFFFFFull) >= kIoEnd ? (pa & 0xFFFFFFFFull) - kIoEnd + kIoBase
                                                                           : (pa & 0xFFFFFFFFull));
    return nullptr;
}

void Machine::load(const std::string& path) {
    const ElfImage img = read_elf(path);
    // A Linux kernel carries "Linux" notes; one built for this machine also the platform's
    // "flashsim" note. Another machine's kernel would die before its console works.
    auto has_note = [&](const char* owner) {
        return std::find(img.note_owners.begin(), img.note_owners.end(), owner) != img.note_owners.end();
    };
    if (has_note("Linux") && !has_note("flashsim"))
        throw InputError(fmt::format("{}: a Linux kernel for another machine (it lacks the flashsim platform's ELF "
                                     "note); build one with scripts/build-linux.sh",
                                     path));
    std::string ranges;
    for (unsigned n = 0; n < nodes_.size(); ++n)
        for (auto [b, s] : ram_ranges(n)) ranges += fmt::format(" 0x{:x}-0x{:x}", b, b + s - 1);
    bool entry_ok = false;
    uint64_t entry_pa = 0;
    const bool entry_unmapped = kernel_virt_to_phys(img.entry, entry_pa);
    for (const ElfSegment& s : img.segments) {
        uint8_t* p = phys_ptr(s.paddr, s.memsz);
        if (!p)
            throw InputError(fmt::format("{}: segment at physical 0x{:x}-0x{:x} does not fit in RAM (RAM:{})",
                                         path, s.paddr, s.paddr + s.memsz - 1, ranges));
        std::memcpy(p, s.data.data(), s.data.size());
        std::memset(p + s.data.size(), 0, s.memsz - s.data.size());
        if (entry_unmapped && entry_pa >= s.paddr && entry_pa - s.paddr < s.memsz) entry_ok = true;
    }
    if (!entry_ok)
        throw InputError(fmt::format("{}: entry point 0x{:x} is outside the loaded segments", path, img.entry));

    // Modules (the initrd, VM images) and then the DTB go at the top of node 0's low RAM,
    // 64 KiB-aligned, in one reserved range that must not overlap the program.
    const net::Topology& topo = cfg_.topology;
    DtbSpec spec;
    spec.cpu_node.clear();
    for (unsigned c = 0; c < topo.total_cpus(); ++c) spec.cpu_node.push_back(topo.node_of_cpu(c));
    spec.clock_hz = cfg_.clock_hz;
    for (unsigned n = 0; n < topo.nodes(); ++n)
        for (auto [b, s] : ram_ranges(n)) spec.memory.push_back({b, s, n});
    spec.distances = topo.slit_matrix();
    spec.bootargs = cfg_.bootargs;
    spec.virtio_slots = virtio_slots();
    spec.boot_time = cfg_.boot_time;
    // 64 bytes of seed, as a bootloader would pass them (SplitMix64 of --seed): the kernel's
    // random pool starts initialised instead of gathering timer jitter for seconds, and every
    // run with the same seed sees the same "random" numbers.
    for (uint64_t x = cfg_.seed, i = 0; i < 8; ++i) {
        uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        for (unsigned b = 0; b < 8; ++b) spec.rng_seed.push_back(static_cast<uint8_t>(z >> (8 * b)));
    }
    struct Module {
        std::string path;
        std::vector<uint8_t> bytes;
        uint64_t pa = 0;
    };
    std::vector<Module> modules;
    auto read_file = [](const std::string& f, const char* what) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw InputError(fmt::format("{}: cannot open {}", f, what));
        return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    if (!cfg_.initrd.empty()) {
        modules.push_back({cfg_.initrd, read_file(cfg_.initrd, "initrd"), 0});
        if (modules.back().bytes.empty()) throw InputError(fmt::format("{}: the initrd is empty", cfg_.initrd));
    }
    std::vector<size_t> vm_module, disk_module;  // index into modules, per VM (disk: ~0 if none)
    for (const MachineConfig::Vm& vm : cfg_.vms) {
        (void)read_elf(vm.path, false);  // a bad guest image is an input error now, not a monitor panic later
        vm_module.push_back(modules.size());
        modules.push_back({vm.path, read_file(vm.path, "VM image"), 0});
        disk_module.push_back(~size_t{0});
        if (!vm.disk.empty()) {
            std::vector<uint8_t> disk = read_file(vm.disk, "disk image");
            if (disk.empty() || disk.size() % 512)
                throw InputError(fmt::format("{}: a disk image must be a non-empty multiple of 512 bytes ({} bytes)",
                                             vm.disk, disk.size()));
            disk_module.back() = modules.size();
            modules.push_back({vm.disk, std::move(disk), 0});
        }
    }
    uint64_t top = std::min(topo.node(0).mem, kIoBase);
    for (Module& m : modules) {
        const uint64_t size = (m.bytes.size() + 0xFFFF) & ~0xFFFFull;
        if (size > top) throw InputError(fmt::format("{}: does not fit in node 0 RAM", m.path));
        top -= size;
        m.pa = top;
    }
    if (!modules.empty() && !cfg_.initrd.empty()) {
        spec.initrd_start = modules[0].pa;
        spec.initrd_end = modules[0].pa + modules[0].bytes.size();
    }
    for (size_t i = 0; i < cfg_.vms.size(); ++i) {
        const Module& m = modules[vm_module[i]];
        DtbSpec::Vm d{m.pa, m.bytes.size(), cfg_.vms[i].cpus, cfg_.vms[i].mem, cfg_.vms[i].path};
        if (disk_module[i] != ~size_t{0}) {
            d.disk_base = modules[disk_module[i]].pa;
            d.disk_size = modules[disk_module[i]].bytes.size();
        }
        spec.vms.push_back(d);
    }
    const uint64_t dtb_size = (build_dtb(spec).size() + 0x1FFF) & ~0xFFFull;  // room for the reserve entry
    dtb_pa_ = (top - dtb_size) & ~0xFFFFull;
    const uint64_t reserved_end = std::min(topo.node(0).mem, kIoBase);
    spec.reserve_base = dtb_pa_;
    spec.reserve_size = reserved_end - dtb_pa_;
    dtb_ = build_dtb(spec);
    for (const ElfSegment& s : img.segments)
        if (s.paddr < reserved_end && dtb_pa_ < s.paddr + s.memsz)
            throw InputError(fmt::format("{}: segment at physical 0x{:x} overlaps the device tree and modules at "
                                         "0x{:x}; use more RAM",
                                         path, s.paddr, dtb_pa_));
    std::memcpy(phys_ptr(dtb_pa_, dtb_.size()), dtb_.data(), dtb_.size());
    for (const Module& m : modules) std::memcpy(phys_ptr(m.pa, m.bytes.size()), m.bytes.data(), m.bytes.size());

    // Boot protocol (DESIGN.md): CPU 0 at the entry, a0 = -2, a1 = ckseg0 address of the DTB.
    cpu::Cpu& c0 = cpus_[0]->core();
    c0.reset(img.entry);
    c0.gpr[4] = static_cast<uint64_t>(-2);
    c0.gpr[5] = 0xFFFFFFFF80000000ull | dtb_pa_;
}

void Machine::poll_console_input(uint64_t now) {
    // At fixed simulated times (1 ms of the CPU ending a quantum), and only while the guest
    // listens on node 0's UART.
    dev::Uart16550& uart = *nodes_[0].uart;
    if (now < next_input_poll_ || !uart.wants_input() || console_in_->eof()) return;
    next_input_poll_ = now + cfg_.clock_hz / 1000;
    for (char c : console_in_->poll()) uart.feed(c);
    if (console_in_->quit()) finish(RunResult::Reason::ConsoleQuit, kConsoleQuitStatus);
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

nlohmann::json Machine::timing_stats() const {
    if (!timing_) return nullptr;
    const mem::MemoryTiming& t = timing_->model();
    nlohmann::json cpus = nlohmann::json::array(), nodes = nlohmann::json::array(), hot = nlohmann::json::array();
    for (unsigned c = 0; c < t.cpus(); ++c) {
        nlohmann::json j = {{"cpu", c}, {"node", t.node_of(c)}};
        t.cpu_stats(c).for_each_field([&](const char* name, uint64_t v) { j[name] = v; });
        cpus.push_back(j);
    }
    for (unsigned n = 0; n < t.nodes(); ++n) {
        nlohmann::json j = {{"node", n}};
        t.node_stats(n).for_each_field([&](const char* name, uint64_t v) { j[name] = v; });
        nodes.push_back(j);
    }
    for (const mem::HotPage& h : t.hottest_pages(16))
        hot.push_back({{"page", h.page << 12}, {"node", h.node}, {"misses", h.misses}});
    return {{"cpus", cpus}, {"nodes", nodes}, {"hottest_pages", hot}};
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
                         : r.reason == RunResult::Reason::ConsoleQuit      ? "console-quit"
                                                                           : "no-progress";
    nlohmann::json disks = nlohmann::json::array();
    for (unsigned k = 0; k < nodes_[0].disks.size(); ++k) {
        const auto& d = *nodes_[0].disks[k];
        disks.push_back({{"slot", k}, {"path", cfg_.disks[k].path}, {"sectors", d.sectors()},
                         {"reads", d.stats.reads}, {"writes", d.stats.writes}, {"flushes", d.stats.flushes},
                         {"bytes_read", d.stats.bytes_read}, {"bytes_written", d.stats.bytes_written},
                         {"errors", d.stats.errors}});
    }
    const net::Topology& topo = cfg_.topology;
    nlohmann::json lat = nlohmann::json::array();
    for (unsigned i = 0; i < topo.nodes(); ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (unsigned j = 0; j < topo.nodes(); ++j) row.push_back(topo.latency_ns(i, j));
        lat.push_back(row);
    }
    return {{"instructions", insns},
            {"cycles", cycles},
            {"clock_hz", cfg_.clock_hz},
            {"topology", {{"nodes", topo.nodes()}, {"cpus", topo.total_cpus()}, {"latency_ns", lat},
                          {"slit", topo.slit_matrix()}}},
            {"simulated_seconds", static_cast<double>(cycles) / static_cast<double>(cfg_.clock_hz)},
            {"wall_seconds", r.wall_seconds},
            {"mips", r.wall_seconds > 0 ? static_cast<double>(insns) / r.wall_seconds / 1e6 : 0.0},
            {"exit", {{"reason", reason}, {"status", r.status}}},
            {"mode", mode_ == MachineConfig::Mode::Timing ? "timing" : "fast"},
            {"timing", timing_stats()},
            {"cpus", cpus},
            {"disks", disks},
            {"virtio_console_bytes", nodes_[0].vconsole ? nodes_[0].vconsole->bytes_written : 0},
            {"snapshots", snapshots_},
            {"annotations", annotations_}};
}

}  // namespace flashsim::platform
