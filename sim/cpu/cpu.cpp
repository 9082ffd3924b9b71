// The interpreter loop, predecoding, exceptions and timers of the R10000 core.
#include "cpu/cpu.h"

#include <fmt/format.h>

#include "cpu/exec.h"

namespace flashsim::cpu {

Cpu::Cpu(unsigned id_, SystemBus& bus) : id(id_), bus_(bus) {
    shared_ = &own_shared_;
    own_shared_.add(this);
    reset(0);
}

void Cpu::reset(uint64_t entry) {
    std::fill(std::begin(gpr), std::end(gpr), 0);
    hi = lo = 0;
    pc = entry;
    npc = entry + 4;
    in_delay = delay_next = false;
    llbit = false;
    cp0 = Cp0{};
    fpu = Fpu{};
    cp0.reg[cp0reg::Status] = st::CU0 | st::CU1 | st::FR | st::KX | st::SX | st::UX;
    cp0.reg[cp0reg::PRId] = 0x0900;  // R10000, implementation 0x09 (manual 14.x)
    // Config: 32 KiB I and D caches, 1 MiB secondary, 64-byte lines, big-endian (BE bit 15).
    cp0.reg[cp0reg::Config] = (1u << 15) | (3u << 29) | (3u << 26) | (3u << 9) | (3u << 6);
    cp0.reg[cp0reg::Wired] = 0;
    random_base_ = instret;
    stop_ = false;
    timer_event_ = ~0ull;
    flush_soft_tlb();
    mode_changed();
}

// ---------------------------------------------------------------- the loop

uint64_t Cpu::run(uint64_t n) { return trace_ ? run_loop<true>(n) : run_loop<false>(n); }

// The interpreter loop; the traced instance also prints a line per instruction.
template <bool Traced>
uint64_t Cpu::run_loop(uint64_t n) {
    const uint64_t start = instret, end = instret + n;
    while (instret < end) {
        if (__builtin_expect(cycles >= next_event_, 0)) {
            service_events();
            if (stop_) break;
            if (yield_) {
                yield_ = false;
                yielded_ = true;
                break;
            }
        }
        const uint64_t p = pc;
        cur_pc = p;
        in_delay = delay_next;
        delay_next = false;
        ++cycles;
        ++instret;
        if (__builtin_expect((((p & ~0xFFFull) | ctx_) != fetch_tag_) || (p & 3), 0)) {
            if (!fetch_slow(p)) {  // the fetch raised an exception: it still took a cycle
                if constexpr (Traced)
                    trace_(fmt::format("{:>10} cpu{} {:016x}  <fetch exception {}>", cycles, id, p,
                                       (cp0.cause() & ca::ExcMask) >> ca::ExcShift));
                continue;
            }
        }
        Insn& in = fetch_page_->insn[(p >> 2) & 1023];
        if (__builtin_expect(timing_ != nullptr, 0) && (p >> 6) != fetch_line_) charge_fetch(p);
        if constexpr (Traced) {
            if (in.fn == &Cpu::decode_and_run) {  // decode first so the trace shows the word
                uint32_t w;
                std::memcpy(&w, reinterpret_cast<const void*>(p + fetch_addend_), 4);
                predecode(in, from_be(w), gate_);
            }
            uint64_t before[32];
            std::memcpy(before, gpr, sizeof before);
            const uint64_t hi0 = hi, lo0 = lo, exc0 = exceptions_taken_;
            pc = npc;
            npc += 4;
            in.fn(*this, in);
            trace_step(in, before, hi0, lo0, exc0);
        } else {
            pc = npc;
            npc += 4;
            in.fn(*this, in);
        }
    }
    return instret - start;
}

void Cpu::trace_step(const Insn& in, const uint64_t (&before)[32], uint64_t hi0, uint64_t lo0,
                     uint64_t exc0) {
    std::string line = fmt::format("{:>10} cpu{} {:016x}  {:08x}  {:<36}", cycles, id, cur_pc,
                                   in.raw, isa::disassemble(in.raw, cur_pc));
    for (unsigned r = 1; r < 32; ++r)
        if (gpr[r] != before[r]) line += fmt::format(" r{}={:016x}", r, gpr[r]);
    if (hi != hi0) line += fmt::format(" hi={:016x}", hi);
    if (lo != lo0) line += fmt::format(" lo={:016x}", lo);
    if (exceptions_taken_ != exc0)
        line += fmt::format(" -> exception {} to {:016x}",
                            (cp0.cause() & ca::ExcMask) >> ca::ExcShift, pc);
    trace_(line);
}

// ---------------------------------------------------------------- predecode

void predecode(Insn& in, uint32_t raw, unsigned gate) {
    const isa::Op op = isa::decode(raw);
    in.raw = raw;
    in.op = op;
    in.rs = static_cast<uint8_t>(isa::rs(raw));
    in.rt = static_cast<uint8_t>(isa::rt(raw));
    in.rd = static_cast<uint8_t>(isa::rd(raw));
    in.sa = static_cast<uint8_t>(isa::sa(raw));
    switch (isa::info(op).format) {
        case isa::Format::RT_RS_UIMM:
        case isa::Format::RT_UIMM: in.imm = static_cast<int64_t>(isa::uimm16(raw)); break;
        case isa::Format::JUMP: in.imm = static_cast<int64_t>((raw & 0x3FFFFFF) << 2); break;
        case isa::Format::RS_BRANCH:
        case isa::Format::RS_RT_BRANCH:
        case isa::Format::CC_BRANCH: in.imm = isa::simm16(raw) * 4; break;
        default: in.imm = isa::simm16(raw); break;
    }
    in.fn = select_handler(op, gate);
}

void Cpu::decode_and_run(Cpu& c, const Insn& cin) {
    Insn& in = const_cast<Insn&>(cin);  // entries live in our own CodePage
    uint32_t w;
    std::memcpy(&w, reinterpret_cast<const void*>(c.cur_pc + c.fetch_addend_), 4);
    predecode(in, from_be(w), c.gate_);
    in.fn(c, in);
}

CodePage* Cpu::code_page_for(uint8_t* host_page) {
    const auto host = reinterpret_cast<uintptr_t>(host_page);
    const uintptr_t key = host | gate_;
    auto it = code_pages_.find(key);
    if (it != code_pages_.end()) return it->second.get();
    auto page = std::make_unique<CodePage>();
    for (Insn& i : page->insn) i.fn = &Cpu::decode_and_run;
    // Stores to this page, by any CPU, must now take the slow path, which notices code being
    // written.
    shared_->watch(host);
    CodePage* raw = page.get();
    code_pages_.emplace(key, std::move(page));
    code_hosts_[host] |= 1u << gate_;
    return raw;
}

bool Cpu::invalidate_code(uintptr_t host_page, unsigned offset, unsigned len) {
    auto h = code_hosts_.find(host_page);
    if (h == code_hosts_.end()) return false;
    // Only the overwritten words are decoded again, so data that shares a page with code
    // (small programs, kernels' .data next to .text) costs a slow store, not a re-decode.
    const unsigned first = offset >> 2, last = (offset + len - 1) >> 2;
    for (unsigned g = 0; g < 16; ++g) {
        if (!(h->second & (1u << g))) continue;
        CodePage* page = code_pages_.find(host_page | g)->second.get();
        for (unsigned i = first; i <= last && i < 1024; ++i) page->insn[i].fn = &Cpu::decode_and_run;
    }
    return true;
}

// ---------------------------------------------------------------- exceptions

void Cpu::exception(ExcCode code, unsigned ce) {
    uint64_t& sr = cp0.status();
    uint64_t& cause = cp0.cause();
    const bool refill = refill_pending_;
    refill_pending_ = false;
    unsigned vec = 0x180;
    if (!(sr & st::EXL)) {
        cp0.reg[cp0reg::EPC] = in_delay ? cur_pc - 4 : cur_pc;
        cause = in_delay ? (cause | ca::BD) : (cause & ~ca::BD);
        if (refill) vec = refill_xtlb_ ? 0x080 : 0x000;
    }
    cause = (cause & ~(ca::ExcMask | ca::CE)) | (uint64_t(code) << ca::ExcShift) |
            (uint64_t(ce & 3) << 28);
    sr |= st::EXL;
    ++stats.exceptions[static_cast<unsigned>(code)];
    ++exceptions_taken_;
    if (refill) ++stats.tlb_refills;
    // Vectors (R10000 manual 15.x): BEV selects the boot ROM copies at 0xBFC00200.
    const uint64_t base = (sr & st::BEV) ? 0xFFFFFFFFBFC00200ull : 0xFFFFFFFF80000000ull;
    pc = base + vec;
    npc = pc + 4;
    delay_next = false;
    mode_changed();
}

void Cpu::address_error(uint64_t va, Access a) {
    cp0.reg[cp0reg::BadVAddr] = va;
    exception(a == Access::Store ? ExcCode::AdES : ExcCode::AdEL);
}

void Cpu::eret() {
    uint64_t& sr = cp0.status();
    if (sr & st::ERL) {
        pc = cp0.reg[cp0reg::ErrorEPC];
        sr &= ~st::ERL;
    } else {
        pc = cp0.reg[cp0reg::EPC];
        sr &= ~st::EXL;
    }
    npc = pc + 4;
    delay_next = false;  // ERET has no delay slot
    llbit = false;
    mode_changed();
}

void Cpu::mode_changed() {
    const uint64_t sr = cp0.status();
    const unsigned ksu = (sr >> 3) & 3;
    mode_ = (sr & (st::EXL | st::ERL)) ? 0 : (ksu == 0 ? 0 : ksu == 1 ? 1 : 2);
    ops64_ = mode_ == 0 || (mode_ == 1 ? (sr & st::SX) : (sr & st::UX));
    mips4_ = mode_ != 2 || (sr & st::XX);
    // ERL changes the meaning of kuseg and KX/SX/UX change what is legal: not in the tag.
    const unsigned seg_bits = static_cast<unsigned>((sr >> 5) & 7) | ((sr & st::ERL) ? 8 : 0);
    if (seg_bits != seg_bits_) {
        seg_bits_ = seg_bits;
        flush_soft_tlb();
    }
    const bool cu0 = mode_ == 0 || (sr & st::CU0);
    gate_ = (cu0 ? unsigned{kGatePriv} : 0u) | ((sr & st::CU1) ? unsigned{kGateCp1} : 0u) |
            (ops64_ ? unsigned{kGate64} : 0u) | (mips4_ ? unsigned{kGateMips4} : 0u);
    if (gate_for_mode_[mode_] != gate_) {  // decoded pages of this mode assumed other rights
        gate_for_mode_[mode_] = gate_;
        for (auto& e : stlb_[2]) e.tag = ~0ull;
    }
    ctx_ = (uint64_t(cp0.asid()) << 2) | mode_;
    fetch_tag_ = ~0ull;
    next_event_ = 0;  // IE/EXL/IM may have changed: look at interrupts
}

// ---------------------------------------------------------------- interrupts and timer

void Cpu::set_irq(unsigned line, bool level) {
    const uint64_t bit = 1ull << (8 + line);
    uint64_t& cause = cp0.cause();
    cause = level ? (cause | bit) : (cause & ~bit);
    next_event_ = 0;
}

void Cpu::set_compare(uint32_t v) {
    cp0.reg[cp0reg::Compare] = v;
    cp0.cause() &= ~(1ull << 15);  // writing Compare acknowledges IP7
    schedule_timer();
}

void Cpu::schedule_timer() {
    // Cycle at which Count next equals Compare (Count ticks every other cycle).
    const uint32_t delta = static_cast<uint32_t>(cp0.reg[cp0reg::Compare]) - count();
    const uint64_t ticks = delta == 0 ? (1ull << 32) : delta;
    timer_event_ = ((cycles >> 1) + ticks) << 1;
    next_event_ = 0;
}

void Cpu::service_events() {
    if (cycles >= timer_event_) {
        cp0.cause() |= 1ull << 15;  // IP7
        timer_event_ += 2ull << 32;
    }
    next_event_ = timer_event_;
    const uint64_t sr = cp0.status();
    const uint64_t pending = cp0.cause() & sr & st::IM;
    if (pending && (sr & st::IE) && !(sr & (st::EXL | st::ERL)) && !stop_) {
        // Taken before the instruction at pc; it is in a delay slot if a branch just ran.
        cur_pc = pc;
        in_delay = delay_next;
        ++stats.interrupts;
        exception(ExcCode::Int);
        next_event_ = timer_event_;
    }
}

unsigned Cpu::random_index() const {
    // Random counts down from 63 to Wired once per instruction, then wraps (manual 14.x).
    const unsigned wired = static_cast<unsigned>(cp0.reg[cp0reg::Wired] & 63);
    const unsigned span = 64 - wired;
    return 63 - static_cast<unsigned>((cycles - random_base_) % span);
}

// ---------------------------------------------------------------- address translation

void Cpu::flush_soft_tlb() {
    for (auto& set : stlb_)
        for (auto& e : set) e = SoftTlbEntry{};
    for (auto& u : stlb_users_) u.clear();
    fetch_tag_ = ~0ull;
}

void Cpu::tlb_written(unsigned index) {
    for (uint16_t slot : stlb_users_[index]) {
        SoftTlbEntry& e = stlb_[slot / kSoftTlbSize][slot % kSoftTlbSize];
        if (e.tlb_index == static_cast<int8_t>(index)) e.tag = ~0ull;
    }
    stlb_users_[index].clear();
    fetch_tag_ = ~0ull;
}

bool Cpu::translate(uint64_t va, Access a, uint64_t& pa) {
    int tlb_index = -1;
    return translate_full(va, a, pa, tlb_index);
}

bool Cpu::translate_full(uint64_t va, Access a, uint64_t& pa, int& tlb_index) {
    const uint64_t sr = cp0.status();
    const unsigned m = mode_;
    bool mapped = true;
    bool ok = true;
    if (va <= 0x7FFFFFFFull) {  // useg, suseg, kuseg
        if (m == 0 && (sr & st::ERL)) {  // ERL: kuseg is unmapped, uncached (manual 16.x)
            pa = va;
            mapped = false;
        }
    } else if (va < 0x0000100000000000ull) {  // xuseg beyond 2 GiB
        ok = (m == 2 && (sr & st::UX)) || (m == 1 && (sr & st::SX)) || (m == 0 && (sr & st::KX));
    } else if (va >= 0x4000000000000000ull && va < 0x4000100000000000ull) {  // xsseg, xksseg
        ok = (m == 1 && (sr & st::SX)) || (m == 0 && (sr & st::KX));
    } else if (va >= 0x8000000000000000ull && va < 0xC000000000000000ull) {  // xkphys
        ok = m == 0 && (sr & st::KX) && (va & 0x07FFFF0000000000ull) == 0;
        pa = va & 0xFFFFFFFFFFull;
        mapped = false;
    } else if (va >= 0xC000000000000000ull && va < 0xC00000FF80000000ull) {  // xkseg
        ok = m == 0 && (sr & st::KX);
    } else if (va >= 0xFFFFFFFF80000000ull) {
        const uint32_t off = static_cast<uint32_t>(va);
        if (off < 0xC0000000u) {  // kseg0, kseg1
            ok = m == 0;
            pa = off & 0x1FFFFFFFu;
            mapped = false;
        } else if (off < 0xE0000000u) {  // sseg
            ok = m != 2;
        } else {  // kseg3
            ok = m == 0;
        }
    } else {
        ok = false;
    }
    if (!ok) {
        address_error(va, a);
        return false;
    }
    if (!mapped) return true;

    const int i = cp0.probe(va, cp0.asid());
    const ExcCode miss = a == Access::Store ? ExcCode::TLBS : ExcCode::TLBL;
    if (i < 0) {
        const unsigned r = static_cast<unsigned>(va >> 62);
        refill_pending_ = true;
        // The address's region picks the vector: 64-bit useg/sseg/kseg regions whose X bit
        // is set refill at 0x080 (R4000/R10000 manuals; QEMU decides the same way).
        refill_xtlb_ = (r != 0 || (sr & st::UX)) && (r != 3 || (sr & st::KX)) && !(r == 1 && !(sr & st::SX));
        tlb_exception(va, miss);
        return false;
    }
    const TlbEntry& e = cp0.tlb[i];
    const uint64_t page = (e.mask | 0x1FFF) + 1;  // bytes in the even/odd pair
    const uint64_t half = page >> 1;
    const uint64_t lo = (va & half) ? e.lo1 : e.lo0;
    if (!(lo & 2)) {  // V
        tlb_exception(va, miss);
        return false;
    }
    if (a == Access::Store && !(lo & 4)) {  // D
        tlb_exception(va, ExcCode::Mod);
        return false;
    }
    pa = ((((lo >> 6) & 0xFFFFFFFull) << 12) & ~(half - 1)) | (va & (half - 1));
    tlb_index = i;
    return true;
}

void Cpu::tlb_exception(uint64_t va, ExcCode code) {
    uint64_t* r = cp0.reg;
    r[cp0reg::BadVAddr] = va;
    r[cp0reg::Context] = (r[cp0reg::Context] & ~0x7FFFFFull) | (((va >> 13) & 0x7FFFF) << 4);
    // XContext (R10000 manual 14.17): BadVPN2 = VA 43:13 in bits 34:4, R in 36:35.
    r[cp0reg::XContext] = (r[cp0reg::XContext] & ~0x1FFFFFFFFFull) | ((va >> 62) << 35) |
                          (((va >> 13) & 0x7FFFFFFFull) << 4);
    r[cp0reg::EntryHi] = (va & 0xC0000FFFFFFFE000ull) | (r[cp0reg::EntryHi] & 0xFF);
    exception(code);
}

bool Cpu::fetch_slow(uint64_t va) {
    if (va & 3) {
        address_error(va, Access::Fetch);
        return false;
    }
    SoftTlbEntry& e = stlb_[2][(va >> 12) & (kSoftTlbSize - 1)];
    if (e.tag != ((va & ~0xFFFull) | ctx_)) {
        uint64_t pa;
        int idx = -1;
        if (!translate_full(va, Access::Fetch, pa, idx)) return false;
        uint8_t* host = bus_.ram_page(pa);
        if (!host) {  // no RAM there: instruction bus error
            exception(ExcCode::IBE);
            return false;
        }
        fill(e, 2, va, pa, host, idx);
        e.code = code_page_for(host);
    }
    fetch_tag_ = e.tag;
    fetch_page_ = e.code;
    fetch_addend_ = e.addend;
    fetch_pa_page_ = e.pa_page;
    return true;
}

void Cpu::fill(SoftTlbEntry& e, unsigned set, uint64_t va, uint64_t pa, uint8_t* host_page, int tlb_index) {
    e.tag = (va & ~0xFFFull) | ctx_;
    e.pa_page = pa & ~0xFFFull;
    e.addend = reinterpret_cast<uintptr_t>(host_page) - (va & ~0xFFFull);
    e.tlb_index = static_cast<int8_t>(tlb_index);
    e.code = nullptr;
    if (tlb_index >= 0) {
        auto& users = stlb_users_[tlb_index];
        if (users.size() >= 512) {  // bounded: drop this entry's soft copies and start over
            for (uint16_t slot : users) {
                SoftTlbEntry& u = stlb_[slot / kSoftTlbSize][slot % kSoftTlbSize];
                if (&u != &e && u.tlb_index == tlb_index) u.tag = ~0ull;
            }
            users.clear();
        }
        users.push_back(static_cast<uint16_t>(set * kSoftTlbSize + ((va >> 12) & (kSoftTlbSize - 1))));
    }
}

bool Cpu::access_slow(uint64_t va, Access a, uint8_t* buf, unsigned len) {
    uint64_t pa;
    int idx = -1;
    if (!translate_full(va, a, pa, idx)) return false;
    if (watch_hit(pa, a)) {
        exception(ExcCode::Watch);
        return false;
    }
    uint8_t* host = bus_.ram_page(pa);
    if (host) {
        const auto key = reinterpret_cast<uintptr_t>(host);
        const bool shared = a == Access::Store && shared_->watched(key);
        if (shared) shared_->stored(this, pa, key, pa & 0xFFF, len);
        if (!watch_enabled() && !shared) {  // stores to shared pages keep taking this path
            SoftTlbEntry& e = stlb_[static_cast<unsigned>(a)][(va >> 12) & (kSoftTlbSize - 1)];
            fill(e, static_cast<unsigned>(a), va, pa, host, idx);
        }
        uint8_t* p = host + (pa & 0xFFF);
        if (a == Access::Store) std::memcpy(p, buf, len);
        else std::memcpy(buf, p, len);
        if (timing_)
            cycles += timing_->access(id, pa, a == Access::Store ? TimingModel::Kind::Store : TimingModel::Kind::Load,
                                      cycles);
        return true;
    }
    const bool ok = a == Access::Store ? bus_.write(pa, buf, len) : bus_.read(pa, buf, len);
    if (!ok) {
        exception(ExcCode::DBE);
        return false;
    }
    return true;
}

// Watch (R10000 manual 14.x): WatchLo PAddr 31:3, R bit 1, W bit 0; WatchHi PAddr 39:32.
bool Cpu::watch_enabled() const { return (cp0.reg[cp0reg::WatchLo] & 3) != 0; }

bool Cpu::watch_hit(uint64_t pa, Access a) const {
    const uint64_t lo = cp0.reg[cp0reg::WatchLo];
    if (!(lo & 3) || a == Access::Fetch) return false;
    if (!((a == Access::Load && (lo & 2)) || (a == Access::Store && (lo & 1)))) return false;
    const uint64_t wpa = ((cp0.reg[cp0reg::WatchHi] & 0xFF) << 32) | (lo & 0xFFFFFFF8ull);
    return (pa & ~7ull) == wpa && !(cp0.status() & st::EXL);
}

void Cpu::watch_changed() { flush_soft_tlb(); }

void Cpu::drop_store_entries(uintptr_t host_page) {
    for (SoftTlbEntry& e : stlb_[1])
        if (e.tag != ~0ull && ((e.tag & ~0xFFFull) + e.addend) == host_page) e.tag = ~0ull;
}

void Cpu::charge_fetch(uint64_t pc) {
    fetch_line_ = pc >> 6;  // one lookup per 64-byte stretch of sequential fetch
    cycles += timing_->access(id, fetch_pa_page_ | (pc & 0xFFF), TimingModel::Kind::Fetch, cycles);
}

void Cpu::spin_check() {
    uint64_t h = hi * 31 + lo;
    for (uint64_t r : gpr) h = h * 0x9E3779B97F4A7C15ull + r;
    if (spin_iter_ > 64 && h == spin_hash_) {
        spin_iter_ = 0;
        request_yield();
    }
    spin_hash_ = h;
}

void Cpu::link(uint64_t pa) {
    // An LL at the same place again soon after the last one, with no successful SC between,
    // is a CPU spinning on a lock that another holds: end this quantum so the holder runs (a
    // spinner does not burn a quantum). An uncontended lock taken often is not spinning.
    if (cur_pc == last_ll_pc_ && instret - last_ll_instret_ < 64 && !sc_succeeded_) request_yield();
    sc_succeeded_ = false;
    last_ll_pc_ = cur_pc;
    last_ll_instret_ = instret;
    llbit = true;
    lladdr = pa;
    cp0.reg[cp0reg::LLAddr] = pa >> 4;  // LLAddr holds PAddr 39:4 (R10000 manual 14.x)
    if (uint8_t* host = bus_.ram_page(pa)) shared_->watch(reinterpret_cast<uintptr_t>(host));
}

bool Cpu::peek_insn(uint64_t va, uint32_t& raw) {
    uint64_t pa;
    if (va >= 0xFFFFFFFF80000000ull && va < 0xFFFFFFFFC0000000ull) pa = va & 0x1FFFFFFF;
    else if (va >= 0x8000000000000000ull && va < 0xC000000000000000ull) pa = va & 0xFFFFFFFFFFull;
    else return false;
    uint8_t* host = bus_.ram_page(pa);
    if (!host) return false;
    uint32_t w;
    std::memcpy(&w, host + (pa & 0xFFF), 4);
    raw = from_be(w);
    return true;
}

}  // namespace flashsim::cpu
