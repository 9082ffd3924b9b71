#include "dev/uart16550.h"

namespace flashsim::dev {

namespace {
enum : unsigned { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
constexpr uint8_t LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40;
constexpr uint8_t LCR_DLAB = 0x80;
}  // namespace

Uart16550::Uart16550(sc_core::sc_module_name name, std::function<void(char)> tx)
    : Device(name), tx_(std::move(tx)) {}

bool Uart16550::irq() const {
    return ((ier_ & 1) && !rx_.empty()) || ((ier_ & 2) && thre_pending_);
}

void Uart16550::update_irq() {
    const bool level = irq();
    if (level != irq_level_ && on_irq) on_irq(level);
    irq_level_ = level;
}

bool Uart16550::read(uint64_t off, uint8_t* buf, unsigned len) {
    const bool ok = read_reg(off, buf, len);
    update_irq();
    return ok;
}

bool Uart16550::write(uint64_t off, const uint8_t* buf, unsigned len) {
    const bool ok = write_reg(off, buf, len);
    update_irq();
    return ok;
}

bool Uart16550::read_reg(uint64_t off, uint8_t* buf, unsigned len) {
    if (len != 1 || off > 7) return false;
    const bool dlab = lcr_ & LCR_DLAB;
    uint8_t v = 0;
    switch (off) {
        case RBR_THR:
            if (dlab) v = dll_;
            else if (!rx_.empty()) {
                v = rx_.front();
                rx_.pop_front();
            }
            break;
        case IER: v = dlab ? dlm_ : ier_; break;
        case IIR_FCR:
            // Priority: received data, then THR empty; FIFOs-enabled bits 7:6 when FCR bit 0.
            if ((ier_ & 1) && !rx_.empty()) v = 0x04;
            else if ((ier_ & 2) && thre_pending_) {
                v = 0x02;
                thre_pending_ = false;
            } else v = 0x01;
            if (fcr_ & 1) v |= 0xC0;
            break;
        case LCR: v = lcr_; break;
        case MCR: v = mcr_; break;
        case LSR: v = LSR_THRE | LSR_TEMT | (rx_.empty() ? 0 : LSR_DR); break;
        case MSR: v = 0xB0; break;  // CTS, DSR, DCD asserted
        case SCR: v = scr_; break;
    }
    buf[0] = v;
    return true;
}

bool Uart16550::write_reg(uint64_t off, const uint8_t* buf, unsigned len) {
    if (len != 1 || off > 7) return false;
    const uint8_t v = buf[0];
    const bool dlab = lcr_ & LCR_DLAB;
    switch (off) {
        case RBR_THR:
            if (dlab) dll_ = v;
            else {
                tx_(static_cast<char>(v));
                thre_pending_ = true;  // transmission is instantaneous
            }
            break;
        case IER:
            if (dlab) dlm_ = v;
            else {
                ier_ = v & 0x0F;
                if (ier_ & 2) thre_pending_ = true;
            }
            break;
        case IIR_FCR: fcr_ = v & 0xC9; break;
        case LCR: lcr_ = v; break;
        case MCR: mcr_ = v & 0x1F; break;
        case SCR: scr_ = v; break;
        default: break;  // LSR, MSR: writes ignored
    }
    return true;
}

}  // namespace flashsim::dev
