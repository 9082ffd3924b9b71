/* Console input (README "Running a program"): once the guest enables the UART's receive
   interrupt, flashsim's stdin arrives a line at a time; IP2 through MAGIC says data is ready.
   tests/machine/uart_input.py feeds "hello\nquit\n" and checks the echo and determinism. */
#include "guest.h"

static volatile unsigned ip2_count;

static void on_exception(struct exc_frame *f) {
    if (EXC_CODE(f) == 0 && (f->cause & (1u << 10))) { /* IP2: mask the UART until main reads */
        ip2_count++;
        mmio_write8(UART_BASE + 1, 0);
        return;
    }
    printf_("unexpected exception %lu at 0x%lx\n", EXC_CODE(f), f->epc);
    exit(97);
}

int main(void) {
    char line[64];
    unsigned n = 0, lines = 0;
    exc_handler = on_exception;
    mmio_write64(MAGIC(0) + MAGIC_INT_ENABLE, 1);
    MTC0(12, MFC0(12) | 1 | (1u << 10)); /* IE, IM2 */
    for (;;) {
        mmio_write8(UART_BASE + 1, 0x01); /* IER: received data */
        while (mmio_read8(UART_BASE + 1) & 1) {
        } /* until the handler masks it */
        while (mmio_read8(UART_BASE + 5) & 1) { /* LSR data ready */
            char c = (char)mmio_read8(UART_BASE);
            if (c != '\n' && n < sizeof line - 1) {
                line[n++] = c;
                continue;
            }
            line[n] = 0;
            lines++;
            if (n == 4 && line[0] == 'q' && line[1] == 'u' && line[2] == 'i' && line[3] == 't') {
                report(lines == 2, "two lines read");
                report(ip2_count >= 2, "each arrived with IP2 (%u)", ip2_count);
                return report_summary();
            }
            for (unsigned i = 0; i < n; i++) line[i] = (char)(line[i] >= 'a' && line[i] <= 'z' ? line[i] - 32 : line[i]);
            printf_("echo: %s\n", line);
            n = 0;
        }
    }
}
