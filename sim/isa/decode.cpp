// Decoder built from the table: rows bucketed by primary opcode, most specific mask first,
// so the table order never matters and overlapping rows cannot shadow each other.
#include "isa/isa.h"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

namespace flashsim::isa {
namespace {

struct Buckets {
    std::array<std::vector<Op>, 64> by_opcode;
    Buckets() {
        for (unsigned i = 0; i < kNumOps; ++i) {
            const OpInfo& oi = kOps[i];
            for (unsigned opc = 0; opc < 64; ++opc)
                if (((opc << 26) & oi.mask) == (oi.match & 0xFC000000u & oi.mask))
                    by_opcode[opc].push_back(static_cast<Op>(i));
        }
        for (auto& b : by_opcode)
            std::stable_sort(b.begin(), b.end(), [](Op a, Op c) {
                return __builtin_popcount(info(a).mask) > __builtin_popcount(info(c).mask);
            });
    }
};

const Buckets& buckets() {
    static const Buckets b;
    return b;
}

}  // namespace

Op decode(uint32_t raw) {
    for (Op op : buckets().by_opcode[raw >> 26]) {
        const OpInfo& oi = info(op);
        if ((raw & oi.mask) == oi.match) return op;
    }
    return Op::INVALID;
}

}  // namespace flashsim::isa
