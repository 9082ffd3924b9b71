// Coprocessor 0 of the R10000: registers, the 64-entry TLB, exception codes.
// R10000 Microprocessor User's Manual v2.0, ch. 14 (CP0 registers), ch. 16 (memory management).
#pragma once
#include <array>
#include <cstdint>

namespace flashsim::cpu {

enum class ExcCode : uint8_t {
    Int = 0, Mod = 1, TLBL = 2, TLBS = 3, AdEL = 4, AdES = 5, IBE = 6, DBE = 7,
    Sys = 8, Bp = 9, RI = 10, CpU = 11, Ov = 12, Tr = 13, FPE = 15, Watch = 23,
    // Not ExcCodes: refill flavours of TLBL/TLBS that use the refill vectors.
};

namespace cp0reg {
enum : unsigned {
    Index = 0, Random = 1, EntryLo0 = 2, EntryLo1 = 3, Context = 4, PageMask = 5, Wired = 6,
    BadVAddr = 8, Count = 9, EntryHi = 10, Compare = 11, Status = 12, Cause = 13, EPC = 14,
    PRId = 15, Config = 16, LLAddr = 17, WatchLo = 18, WatchHi = 19, XContext = 20,
    FrameMask = 21, Diagnostic = 22, PerfCount = 25, ECC = 26, CacheErr = 27, TagLo = 28,
    TagHi = 29, ErrorEPC = 30,
};
}

namespace st {  // Status bits
constexpr uint64_t IE = 1u << 0, EXL = 1u << 1, ERL = 1u << 2, KSU = 3u << 3, UX = 1u << 5,
                   SX = 1u << 6, KX = 1u << 7, IM = 0xFFu << 8, DE = 1u << 16, CE = 1u << 17,
                   CH = 1u << 18, SR = 1u << 20, TS = 1u << 21, BEV = 1u << 22, RE = 1u << 25,
                   FR = 1u << 26, RP = 1u << 27, CU0 = 1u << 28, CU1 = 1u << 29, CU2 = 1u << 30,
                   XX = 1u << 31;
// Bits software can write (R10000 manual 14.x, Status register).
constexpr uint64_t kWritable = IE | EXL | ERL | KSU | UX | SX | KX | IM | DE | CE | CH | SR |
                               TS | BEV | RE | FR | RP | CU0 | CU1 | CU2 | XX;
}  // namespace st

namespace ca {  // Cause bits
constexpr uint64_t ExcShift = 2, ExcMask = 0x1Fu << 2, IP = 0xFFu << 8, IPSoft = 3u << 8,
                   CE = 3u << 28, BD = 1ull << 31;
}

struct TlbEntry {
    uint64_t mask = 0;  // PageMask value (bits 24:13)
    uint64_t hi = 0;    // R 63:62 | VPN2 43:13 | ASID 7:0 (as EntryHi)
    uint64_t lo0 = 0, lo1 = 0;  // EntryLo without G; G is kept in `global`
    bool global = false;
    // Precomputed for lookups: the R and VPN2 bits above the page, and their value.
    uint64_t vmask = kVpnMask, key = 0;

    static constexpr uint64_t kVpnMask = 0xC0000FFFFFFFE000ull;
    void set(uint64_t mask_, uint64_t hi_, uint64_t lo0_, uint64_t lo1_) {
        mask = mask_;
        hi = hi_;
        global = (lo0_ & lo1_ & 1) != 0;
        lo0 = lo0_ & ~1ull;
        lo1 = lo1_ & ~1ull;
        vmask = kVpnMask & ~mask;
        key = hi & vmask;
    }
    bool matches(uint64_t vaddr, unsigned asid) const {
        return (vaddr & vmask) == key && (global || (hi & 0xFF) == asid);
    }
};

struct Cp0 {
    uint64_t reg[32] = {};
    std::array<TlbEntry, 64> tlb;

    uint64_t& status() { return reg[cp0reg::Status]; }
    uint64_t& cause() { return reg[cp0reg::Cause]; }
    uint64_t status() const { return reg[cp0reg::Status]; }
    uint64_t cause() const { return reg[cp0reg::Cause]; }
    unsigned asid() const { return reg[cp0reg::EntryHi] & 0xFF; }

    // TLB lookup for vaddr with the given ASID; index or -1 (R10000 manual 16.x). The last
    // hit is tried first: refill-heavy code probes the entry it has just written.
    int probe(uint64_t vaddr, unsigned asid) const {
        if (tlb[last_hit].matches(vaddr, asid)) return static_cast<int>(last_hit);
        for (unsigned i = 0; i < tlb.size(); ++i)
            if (tlb[i].matches(vaddr, asid)) {
                last_hit = i;
                return static_cast<int>(i);
            }
        return -1;
    }
    mutable unsigned last_hit = 0;
};

// EntryHi and EntryLo masks: VPN2 is 43:13 and R 63:62 (44-bit virtual addresses);
// PFN 33:6 (40-bit physical), C 5:3, D, V, G; UC attribute 63:62 (R10000 manual 14.x).
constexpr uint64_t kEntryHiMask = 0xC0000FFFFFFFE0FFull;
constexpr uint64_t kEntryLoMask = 0xC0000003FFFFFFFFull;
constexpr uint64_t kPageMaskMask = 0x1FFE000ull;

}  // namespace flashsim::cpu
