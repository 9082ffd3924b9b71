/* Console on the node 0 UART, a small printf, report(), exceptions, exit through simctl. */
#include "guest.h"

#ifdef DISCO
#include "disco/abi.h"
/* Under the Disco monitor: the console and exit are hypercalls (disco/include/disco/abi.h). */
long hcall(long nr, long a0, long a1) {
    register long v0 __asm__("$2") = nr;
    register long r4 __asm__("$4") = a0;
    register long r5 __asm__("$5") = a1;
    __asm__ volatile("syscall %3" : "+r"(v0) : "r"(r4), "r"(r5), "i"(DISCO_HCALL_CODE) : "memory");
    return v0;
}

long hcall4(long nr, long a0, long a1, long a2, long a3) {
    register long v0 __asm__("$2") = nr;
    register long r4 __asm__("$4") = a0, r5 __asm__("$5") = a1, r6 __asm__("$6") = a2, r7 __asm__("$7") = a3;
    __asm__ volatile("syscall %5" : "+r"(v0) : "r"(r4), "r"(r5), "r"(r6), "r"(r7), "i"(DISCO_HCALL_CODE) : "memory");
    return v0;
}
#endif
#if defined(DISCO) && !defined(DISCO_NATIVE_DEVICES)
void putchar_(char c) { hcall(HC_PUTC, c, 0); }
void exit(int status) {
    hcall(HC_SHUTDOWN, status, 0);
    for (;;) {
    }
}
#else
/* The bare machine's UART and simctl (under Disco: the VM's virtual devices, disco/io/vdev.c). */
void putchar_(char c) {
    /* Wait for THR empty (LSR bit 5), as on real hardware. */
    while (!(mmio_read8(UART_BASE + 5) & 0x20)) {
    }
    mmio_write8(UART_BASE + 0, (uint8_t)c);
}
#endif

void puts_(const char *s) {
    while (*s) putchar_(*s++);
}

static void print_num(uint64_t v, unsigned base, int neg, int width, char pad) {
    char buf[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (neg) buf[n++] = '-';
    while (n < width) {
        putchar_(pad);
        width--;
    }
    while (n) putchar_(buf[--n]);
}

/* %d %u %x %s %c %p, with l/ll (all 64-bit here) and a 0-padded width. */
void vprintf_(const char *fmt, va_list ap) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putchar_(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') pad = '0';
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        int is_long = 0;
        while (*fmt == 'l') {
            is_long = 1;
            fmt++;
        }
        switch (*fmt) {
            case 'd': {
                int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
                print_num(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
                break;
            }
            case 'u': print_num(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width, pad); break;
            case 'x': print_num(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width, pad); break;
            case 'p': print_num((uint64_t)va_arg(ap, void *), 16, 0, 16, '0'); break;
            case 's': puts_(va_arg(ap, const char *)); break;
            case 'c': putchar_((char)va_arg(ap, int)); break;
            case '%': putchar_('%'); break;
            default: putchar_('?'); break;
        }
    }
}

void printf_(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf_(fmt, ap);
    va_end(ap);
}

#if !defined(DISCO) || defined(DISCO_NATIVE_DEVICES)
void exit(int status) {
    mmio_write64(SIMCTL_BASE + SIMCTL_EXIT, (uint64_t)status);
    for (;;) {
    }
}
#endif

void *memset(void *d, int c, unsigned long n) {
    unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

static unsigned passed, failed;

void report(int pass, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    puts_(pass ? "PASS: " : "FAIL: ");
    vprintf_(fmt, ap);
    putchar_('\n');
    va_end(ap);
    if (pass) passed++;
    else failed++;
}

int report_summary(void) {
    printf_("SUMMARY: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}

volatile exc_handler_t exc_handler;

void exc_dispatch(struct exc_frame *f, uint64_t vector);
void exc_dispatch(struct exc_frame *f, uint64_t vector) {
    f->vector = vector;
    if (exc_handler) {
        exc_handler(f);
        return;
    }
    printf_("unexpected exception: vector 0x%lx code %lu epc 0x%lx badvaddr 0x%lx cause 0x%lx\n", vector,
            EXC_CODE(f), f->epc, f->badvaddr, f->cause);
    exit(99);
}

/* Guests that start secondary CPUs define their own secondary_main. */
__attribute__((weak)) void secondary_main(uint64_t arg) {
    printf_("cpu %lu started, but this guest has no secondary_main\n", arg);
    exit(98);
}
