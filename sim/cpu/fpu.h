// The R10000 floating-point unit (MIPS IV): 32 64-bit registers viewed as FR=0 pairs or
// FR=1 doubles, FCSR with 8 condition codes, flags, enables, cause and rounding modes.
// R10000 Microprocessor User's Manual v2.0 ch. 17; MIPS IV ISA "FPU" chapters.
#pragma once
#include <cstdint>

namespace flashsim::cpu {

struct Fpu {
    uint64_t fpr[32] = {};
    uint32_t fcsr = 0;
    // FIR (FCR0): R10000 FPU implementation 0x09 (R10000 manual 17.x).
    static constexpr uint32_t kFir = 0x0900;

    // FCSR fields (MIPS IV ISA, FCSR): RM 1:0, Flags 6:2, Enables 11:7, Cause 17:12, FS 24,
    // condition codes: cc0 bit 23, cc1..7 bits 25..31.
    static constexpr uint32_t kWritableFcsr = 0xFF83FFFFu;
    bool cc(unsigned n) const { return (fcsr >> (n == 0 ? 23 : 24 + n)) & 1; }
    void set_cc(unsigned n, bool v) {
        const uint32_t bit = 1u << (n == 0 ? 23 : 24 + n);
        fcsr = v ? (fcsr | bit) : (fcsr & ~bit);
    }

    // Register views (MIPS IV ISA, "FPU registers"): with FR=1 each of the 32 registers is 64
    // bits and a word lives in the low half; with FR=0 there are 16 64-bit registers made of
    // even/odd pairs, word n being the low (even n) or high (odd n) half of pair n & ~1.
    uint32_t get_w(unsigned n, bool fr) const {
        if (fr) return static_cast<uint32_t>(fpr[n]);
        return (n & 1) ? static_cast<uint32_t>(fpr[n & ~1u] >> 32) : static_cast<uint32_t>(fpr[n]);
    }
    void set_w(unsigned n, uint32_t v, bool fr) {
        if (fr || !(n & 1)) {
            uint64_t& r = fpr[fr ? n : n];
            r = (r & ~0xFFFFFFFFull) | v;
        } else {
            uint64_t& r = fpr[n & ~1u];
            r = (r & 0xFFFFFFFFull) | (uint64_t(v) << 32);
        }
    }
    uint64_t get_d(unsigned n, bool fr) const { return fpr[fr ? n : (n & ~1u)]; }
    void set_d(unsigned n, uint64_t v, bool fr) { fpr[fr ? n : (n & ~1u)] = v; }
};

}  // namespace flashsim::cpu
