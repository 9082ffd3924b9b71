// The R10000 core: architectural state, the predecoded interpreter loop, memory access
// through a soft TLB of host pointers, exceptions. Pure C++ (no SystemC) so unit tests can
// drive it directly; sim/platform/cpu_module.h binds it to TLM.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cpu/cp0.h"
#include "cpu/fpu.h"
#include "cpu/shared_pages.h"
#include "cpu/timing_model.h"
#include "isa/isa.h"

namespace flashsim::cpu {

class Cpu;
struct Insn;
using Handler = void (*)(Cpu&, const Insn&);

// One predecoded instruction: the handler and its operands, ready to use.
struct Insn {
    Handler fn;
    uint32_t raw;
    isa::Op op;
    uint8_t rs, rt, rd, sa;
    int64_t imm;  // sign- or zero-extended immediate as the format needs
};

// A page of predecoded instructions (4 KiB of code), keyed by its host address.
// Entries start as "decode me" and replace themselves on first execution (GXemul style).
struct CodePage {
    std::array<Insn, 1024> insn;
};

// What the CPU needs from the machine: RAM pointers for the soft TLB, slow accesses otherwise.
// Data buffers hold bytes in guest (big-endian) memory order.
class SystemBus {
public:
    virtual ~SystemBus() = default;
    // Host pointer to the 4 KiB page of RAM holding paddr, or nullptr if it is not plain RAM.
    virtual uint8_t* ram_page(uint64_t paddr) = 0;
    // Uncached/device access; false on a bus error.
    virtual bool read(uint64_t paddr, uint8_t* buf, unsigned len) = 0;
    virtual bool write(uint64_t paddr, const uint8_t* buf, unsigned len) = 0;
};

enum class Access : uint8_t { Load = 0, Store = 1, Fetch = 2 };

// Counters the stats file reports.
struct CpuStats {
    uint64_t exceptions[32] = {};
    uint64_t tlb_refills = 0;   // TLB refill + XTLB refill
    uint64_t cache_ops = 0;
    uint64_t interrupts = 0;
};

class Cpu {
public:
    Cpu(unsigned id, SystemBus& bus);
    // CPUs that share memory share one SharedPages (code pages, LL links); a lone CPU has its own.
    void share(SharedPages& s) {
        shared_ = &s;
        s.add(this);
    }

    // Execute up to n instructions; returns how many retired (fewer if stopped).
    uint64_t run(uint64_t n);
    void set_trace(std::function<void(const std::string&)> sink) { trace_ = std::move(sink); }
    // Timing mode: every access also goes through the model; nullptr = fast mode (CPI 1).
    void set_timing(TimingModel* t) {
        timing_ = t;
        fetch_line_ = ~0ull;
    }
    bool timing() const { return timing_ != nullptr; }

    // Reset to the boot state of DESIGN.md: kernel mode, CU0|CU1|FR|KX|SX|UX.
    void reset(uint64_t entry);
    // Hardware interrupt lines IP2..IP6 (IP7 is the timer): level-sensitive.
    void set_irq(unsigned line, bool level);
    // Stop at the next instruction boundary (simctl EXIT, held CPUs).
    void request_stop() { stop_ = true; next_event_ = 0; }
    bool stopped() const { return stop_; }
    // Did the last run() end early because this CPU is spinning on a lock (LL/SC)?
    bool take_yield() {
        const bool y = yielded_;
        yielded_ = false;
        return y;
    }
    void clear_stop() { stop_ = false; }

    // ---- architectural state (public: the semantic bodies are free functions) ----
    uint64_t gpr[32] = {};
    uint64_t hi = 0, lo = 0;
    uint64_t pc = 0, npc = 4;  // next to execute, the one after (delay slots by two-PC)
    uint64_t cur_pc = 0;       // the instruction executing now
    bool in_delay = false;     // the executing instruction is in a branch delay slot
    bool delay_next = false;   // set by a branch: the next instruction is its delay slot
    bool llbit = false;
    uint64_t lladdr = 0;  // physical address of the LL
    Cp0 cp0;
    Fpu fpu;
    uint64_t cycles = 0, instret = 0;
    CpuStats stats;
    const unsigned id;

    // ---- helpers for semantic bodies ----
    void branch_to(uint64_t target) {
        npc = target;
        delay_next = true;
    }
    void nullify_delay_slot() {  // branch-likely not taken
        pc = npc;
        npc += 4;
    }
    // Raise an exception for the current instruction (R10000 manual ch. 15).
    void exception(ExcCode code, unsigned ce = 0);
    void address_error(uint64_t vaddr, Access a);
    void eret();
    // LL/SC (coherence unit: the R10000's 128-byte secondary cache line).
    static constexpr uint64_t kLinkLine = 128;
    void link(uint64_t pa);
    void break_link(uint64_t pa) {
        if (llbit && ((lladdr ^ pa) & ~(kLinkLine - 1)) == 0) llbit = false;
    }
    void sc_failed() { request_yield(); }  // someone else has the line: let it run
    void sc_succeeded() { sc_succeeded_ = true; }
    // Spin-wait detection: a loop that keeps branching back to the same place with no store
    // and no register changing is waiting for another CPU or an interrupt; it yields (and
    // spends its quantum) instead of burning the host. Checked every 64 iterations.
    void backward_branch(uint64_t target) {
        if (target != spin_target_ || stores != spin_stores_) {
            spin_target_ = target;
            spin_stores_ = stores;
            spin_iter_ = 0;
            return;
        }
        if ((++spin_iter_ & 63) == 0) spin_check();
    }
    uint64_t stores = 0;  // stores executed (spin detection)
    void request_yield() {
        yield_ = true;
        next_event_ = 0;
    }
    // Status/EntryHi changed: recompute mode, soft-TLB context, interrupt check.
    void mode_changed();
    void tlb_written(unsigned index);
    void check_interrupts_soon() { next_event_ = 0; }
    unsigned mode() const { return mode_; }  // 0 kernel, 1 supervisor, 2 user
    bool user_64() const { return ops64_; }
    bool mips4_allowed() const { return mips4_; }

    template <typename T>
    bool load(uint64_t va, T& out);
    template <typename T>
    bool store(uint64_t va, T v);
    bool translate(uint64_t va, Access a, uint64_t& pa);  // raises the exception on failure
    // Read an instruction word without side effects (trace, tools); false if unmapped.
    bool peek_insn(uint64_t va, uint32_t& raw);

    // Time: Count runs at half the pipeline clock (R10000 manual 14.x).
    uint32_t count() const { return static_cast<uint32_t>((cycles >> 1) + count_offset_); }
    void set_count(uint32_t v) {
        count_offset_ = v - static_cast<uint32_t>(cycles >> 1);
        schedule_timer();
    }
    void set_compare(uint32_t v);
    void schedule_timer();
    unsigned random_index() const;
    void reset_random() { random_base_ = cycles; }

private:
    struct SoftTlbEntry {
        uint64_t tag = ~0ull;  // page | context; ~0 never matches
        uintptr_t addend = 0;  // host = vaddr + addend
        CodePage* code = nullptr;
        int8_t tlb_index = -1;  // hardware TLB entry it came from, -1 if unmapped segment
        uint64_t pa_page = 0;   // physical address of the page (timing mode)
    };
    static constexpr unsigned kSoftTlbSize = 1024;  // 4 MiB reach per access kind

    SystemBus& bus_;
    std::array<std::array<SoftTlbEntry, kSoftTlbSize>, 3> stlb_;
    // Soft TLB slots filled from each hardware TLB entry, so TLBWI/TLBWR flush only those.
    std::array<std::vector<uint16_t>, 64> stlb_users_;
    uint64_t ctx_ = 0;  // (ASID << 2) | mode, in the low bits of soft TLB tags
    unsigned mode_ = 0;
    bool ops64_ = true, mips4_ = true;
    bool stop_ = false;
    uint64_t next_event_ = 0;  // cycle at which run() looks at timers/interrupts
    uint64_t timer_event_ = ~0ull;
    uint32_t count_offset_ = 0;
    uint64_t random_base_ = 0;
    std::function<void(const std::string&)> trace_;

    // Fetch state: the code page holding pc's virtual page in the current context.
    uint64_t fetch_tag_ = ~0ull;
    CodePage* fetch_page_ = nullptr;
    std::unordered_map<uintptr_t, std::unique_ptr<CodePage>> code_pages_;

    uintptr_t fetch_addend_ = 0;
    uint64_t fetch_pa_page_ = 0;
    TimingModel* timing_ = nullptr;
    uint64_t fetch_line_ = ~0ull;  // last instruction line charged to the timing model
    bool refill_pending_ = false, refill_xtlb_ = false;  // the pending TLB exception is a refill
    unsigned seg_bits_ = ~0u;  // Status UX/SX/KX/ERL as last seen by the soft TLB
    uint64_t exceptions_taken_ = 0;
    SharedPages own_shared_;
    SharedPages* shared_ = nullptr;
    bool yield_ = false, yielded_ = false;
    uint64_t last_ll_pc_ = 0, last_ll_instret_ = 0;
    bool sc_succeeded_ = false;
    uint64_t spin_target_ = 0, spin_stores_ = 0, spin_iter_ = 0, spin_hash_ = 0;
    void spin_check();
    unsigned gate_ = 0;  // kGate* rights of the current mode (exec.h)
    unsigned gate_for_mode_[3] = {~0u, ~0u, ~0u};
    std::unordered_map<uintptr_t, uint32_t> code_hosts_;  // host page -> gate variants decoded

    bool translate_full(uint64_t va, Access a, uint64_t& pa, int& tlb_index);
    void tlb_exception(uint64_t va, ExcCode code);
    bool fetch_slow(uint64_t va);
    bool access_slow(uint64_t va, Access a, uint8_t* buf, unsigned len);
    void fill(SoftTlbEntry& e, unsigned set, uint64_t va, uint64_t pa, uint8_t* host_page, int tlb_index);
    void charge_fetch(uint64_t pc);
    bool watch_enabled() const;
    bool watch_hit(uint64_t pa, Access a) const;
    void service_events();
    void flush_soft_tlb();
    CodePage* code_page_for(uint8_t* host_page);
    void trace_step(const Insn& in, const uint64_t (&before)[32], uint64_t hi0, uint64_t lo0,
                    uint64_t exc0);
    template <bool Traced>
    uint64_t run_loop(uint64_t n);

public:
    // A store of len bytes at offset in a host page: the decoded copies of those words are
    // dropped. False if the page holds no decoded code.
    bool invalidate_code(uintptr_t host_page, unsigned offset, unsigned len);
    void watch_changed();  // WatchLo/Hi written: watched pages must take the slow path
    void drop_store_entries(uintptr_t host_page);
    static void decode_and_run(Cpu& c, const Insn& in);
};

// Byte order: guest memory is big-endian.
template <typename T>
inline T from_be(T v) {
    if constexpr (sizeof(T) == 1) return v;
    else if constexpr (sizeof(T) == 2) return __builtin_bswap16(v);
    else if constexpr (sizeof(T) == 4) return __builtin_bswap32(v);
    else return __builtin_bswap64(v);
}

template <typename T>
inline bool Cpu::load(uint64_t va, T& out) {
    if (va & (sizeof(T) - 1)) {
        address_error(va, Access::Load);
        return false;
    }
    const SoftTlbEntry& e = stlb_[0][(va >> 12) & (kSoftTlbSize - 1)];
    if (__builtin_expect(e.tag == ((va & ~0xFFFull) | ctx_), 1)) {
        T x;
        std::memcpy(&x, reinterpret_cast<const void*>(va + e.addend), sizeof(T));
        out = from_be(x);
        if (__builtin_expect(timing_ != nullptr, 0))
            cycles += timing_->access(id, e.pa_page | (va & 0xFFF), TimingModel::Kind::Load, cycles);
        return true;
    }
    uint8_t buf[sizeof(T)];
    if (!access_slow(va, Access::Load, buf, sizeof(T))) return false;
    T x;
    std::memcpy(&x, buf, sizeof(T));
    out = from_be(x);
    return true;
}

template <typename T>
inline bool Cpu::store(uint64_t va, T v) {
    if (va & (sizeof(T) - 1)) {
        address_error(va, Access::Store);
        return false;
    }
    const T x = from_be(v);
    ++stores;
    const SoftTlbEntry& e = stlb_[1][(va >> 12) & (kSoftTlbSize - 1)];
    if (__builtin_expect(e.tag == ((va & ~0xFFFull) | ctx_), 1)) {
        std::memcpy(reinterpret_cast<void*>(va + e.addend), &x, sizeof(T));
        if (__builtin_expect(timing_ != nullptr, 0))
            cycles += timing_->access(id, e.pa_page | (va & 0xFFF), TimingModel::Kind::Store, cycles);
        return true;
    }
    uint8_t buf[sizeof(T)];
    std::memcpy(buf, &x, sizeof(T));
    return access_slow(va, Access::Store, buf, sizeof(T));
}

}  // namespace flashsim::cpu
