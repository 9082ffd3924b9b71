/* The node interrupt controller (docs/magic.md): the UART's interrupt reaches CPU 0 as IP2
   when MAGIC enables it, and drops when the UART is serviced. */
#include "guest.h"

static volatile uint64_t ip2_taken, iir_seen, pending_seen;

static void on_exception(struct exc_frame *f) {
    if (EXC_CODE(f) == 0 && (f->cause & (1u << 10))) { /* IP2 */
        ip2_taken++;
        pending_seen = mmio_read64(MAGIC(0) + MAGIC_INT_PENDING);
        iir_seen = mmio_read8(UART_BASE + 2); /* reading IIR acknowledges THR empty */
        mmio_write8(UART_BASE + 1, 0);        /* and no more UART interrupts */
        return;
    }
    printf_("unexpected exception %lu at 0x%lx\n", EXC_CODE(f), f->epc);
    exit(97);
}

int main(void) {
    exc_handler = on_exception;
    MTC0(12, MFC0(12) | 1 | (1u << 10)); /* IE, IM2 */
    mmio_write8(UART_BASE + 1, 0x02);    /* IER: THR empty */
    report(ip2_taken == 0, "no IP2 while MAGIC's INT_ENABLE is clear");
    report((mmio_read64(MAGIC(0) + MAGIC_INT_PENDING) & 1) == 1, "INT_PENDING shows the UART");
    mmio_write64(MAGIC(0) + MAGIC_INT_ENABLE, 1);
    for (int i = 0; i < 100 && !ip2_taken; i++) {
    }
    report(ip2_taken == 1, "IP2 taken once (%lu)", ip2_taken);
    report((pending_seen & 1) == 1, "the handler saw the UART pending in MAGIC");
    report((iir_seen & 0x0F) == 0x02, "IIR said THR empty (0x%lx)", iir_seen);
    report((mmio_read64(MAGIC(0) + MAGIC_INT_PENDING) & 1) == 0, "serviced: no longer pending");
    return report_summary();
}
