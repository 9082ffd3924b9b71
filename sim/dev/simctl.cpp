#include "dev/simctl.h"

namespace flashsim::dev {

static bool valid(uint64_t off, unsigned len) { return (len == 4 || len == 8) && (off & 7) == 0 && off <= 0x30; }

bool Simctl::read(uint64_t off, uint8_t* buf, unsigned len) {
    if (!valid(off, len)) return false;
    uint64_t v = 0;
    if (off == INSTRET) v = hooks_.instret();
    else if (off == CYCLES) v = hooks_.cycles();
    else if (off == MODE) v = hooks_.get_mode();
    put_be(buf, len, len == 4 ? (v & 0xFFFFFFFF) : v);
    return true;
}

bool Simctl::write(uint64_t off, const uint8_t* buf, unsigned len) {
    if (!valid(off, len)) return false;
    const uint64_t v = be_value(buf, len);
    switch (off) {
        case EXIT: hooks_.exit(static_cast<int>(v & 0xFF)); break;
        case PUTC: hooks_.putc(static_cast<char>(v)); break;
        case STATS: hooks_.stats(v); break;
        case ANNOTATE: hooks_.annotate(v); break;
        case MODE: hooks_.set_mode(v); break;
        default: break;  // INSTRET, CYCLES are read-only
    }
    return true;
}

}  // namespace flashsim::dev
