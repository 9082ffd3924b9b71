// A 16550A UART, byte registers at stride 1 (DESIGN.md node I/O window +0x01_0000).
// Transmit goes to the console sink at once (the FIFO never fills); receive takes bytes that
// the host pushes with feed(). Register semantics: TI PC16550D data sheet.
#pragma once
#include <deque>
#include <functional>

#include "dev/device.h"

namespace flashsim::dev {

class Uart16550 : public Device {
public:
    Uart16550(sc_core::sc_module_name name, std::function<void(char)> tx);
    void feed(char c) {
        rx_.push_back(static_cast<uint8_t>(c));
        update_irq();
    }
    // The guest listens (receive interrupt enabled) and has read everything fed so far.
    bool wants_input() const { return (ier_ & 1) && rx_.empty(); }
    // The interrupt output (IER-enabled THR empty / data ready), for an interrupt controller.
    bool irq() const;
    std::function<void(bool)> on_irq;  // called when irq() changes

protected:
    bool read(uint64_t offset, uint8_t* buf, unsigned len) override;
    bool write(uint64_t offset, const uint8_t* buf, unsigned len) override;

private:
    std::function<void(char)> tx_;
    std::deque<uint8_t> rx_;
    uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, dll_ = 0, dlm_ = 0, fcr_ = 0;
    bool thre_pending_ = false;  // THR-empty interrupt armed until IIR is read or THR written
    bool irq_level_ = false;
    void update_irq();
    bool read_reg(uint64_t offset, uint8_t* buf, unsigned len);
    bool write_reg(uint64_t offset, const uint8_t* buf, unsigned len);
};

}  // namespace flashsim::dev
