/* Console output on node 0's UART, kprintf, and leaving the machine through simctl. */
#include "lib.h"

void console_putc(char c) {
    volatile uint8_t *uart = (volatile uint8_t *)UNCACHED(UART0);
    while (!(uart[5] & 0x20)) { /* LSR.THRE */
    }
    uart[0] = (uint8_t)c;
}

static void put_num(void (*out)(char, void *), void *arg, uint64_t v, unsigned base, int neg, int width, char pad) {
    char buf[24];
    int n = 0;
    do {
        const unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (neg) buf[n++] = '-';
    for (; n < width; width--) out(pad, arg);
    while (n) out(buf[--n], arg);
}

/* %d %u %x %s %c %p with l/ll and a width (0-padded with a leading 0). */
void kvprintf(void (*out)(char, void *), void *arg, const char *fmt, va_list ap) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out(*fmt, arg);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') pad = '0';
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            lng = 1;
            fmt++;
        }
        switch (*fmt) {
            case 'd': {
                const int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
                put_num(out, arg, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
                break;
            }
            case 'u': put_num(out, arg, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width, pad); break;
            case 'x': put_num(out, arg, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width, pad); break;
            case 'p': put_num(out, arg, (uint64_t)va_arg(ap, void *), 16, 0, 16, '0'); break;
            case 's': {
                const char *s = va_arg(ap, const char *);
                while (*s) out(*s++, arg);
                break;
            }
            case 'c': out((char)va_arg(ap, int), arg); break;
            default: out(*fmt, arg); break;
        }
    }
}

static void to_console(char c, void *arg) {
    (void)arg;
    console_putc(c);
}

void kprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kvprintf(to_console, 0, fmt, ap);
    va_end(ap);
}

void machine_exit(int status) {
    mmio_w64(SIMCTL0 + 0x00, (uint64_t)status);
    for (;;) {
    }
}

void panic(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kprintf("disco: panic: ");
    kvprintf(to_console, 0, fmt, ap);
    kprintf("\n");
    va_end(ap);
    machine_exit(255);
}

void *memset(void *d, int c, size_t n) {
    unsigned char *p = d;
    if (!(((uintptr_t)p | n) & 7)) { /* whole doublewords: guest memory is cleared in bulk */
        const uint64_t w = 0x0101010101010101ull * (unsigned char)c;
        for (uint64_t *q = d; n; n -= 8) *q++ = w;
        return d;
    }
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q) return *p - *q;
    return 0;
}

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

size_t strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}
