/* The tiny guest library (kvm-unit-tests style): console, report(), exceptions, simctl. */
#pragma once
#include <stdarg.h>
#include <stdint.h>

/* Uncached ckseg1 views of node 0's I/O window (DESIGN.md address map). */
#define IO(off) (0xFFFFFFFFBF000000ull + (off))
#define UART_BASE IO(0x010000)
#define SIMCTL_BASE IO(0x020000)
#define SIMCTL_EXIT 0x00
#define SIMCTL_PUTC 0x08
#define SIMCTL_INSTRET 0x10
#define SIMCTL_CYCLES 0x18
#define SIMCTL_STATS 0x20
#define SIMCTL_ANNOTATE 0x28

static inline void mmio_write64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline uint64_t mmio_read64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t mmio_read8(uint64_t a) { return *(volatile uint8_t *)a; }

void putchar_(char c);
void puts_(const char *s);
void printf_(const char *fmt, ...);
void vprintf_(const char *fmt, va_list ap);
void exit(int status) __attribute__((noreturn));
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

/* Tests. */
void report(int pass, const char *fmt, ...);
int report_summary(void); /* prints "N passed, M failed", returns the exit status */

/* Exceptions: the frame saved by start.S; offsets must match it. */
struct exc_frame {
    uint64_t gpr[32];
    uint64_t hi, lo, epc, cause, status, badvaddr, vector;
};
/* A test's handler; it may change any field (epc to resume elsewhere). If none is set, an
   exception prints its state and exits with status 99. */
typedef void (*exc_handler_t)(struct exc_frame *f);
extern volatile exc_handler_t exc_handler;
#define EXC_CODE(f) (((f)->cause >> 2) & 31)
#define CAUSE_BD 0x80000000ull

/* CP0 access. */
#define MFC0(reg) ({ uint64_t v_; __asm__ volatile("dmfc0 %0, $" #reg : "=r"(v_)); v_; })
#define MTC0(reg, v) __asm__ volatile("dmtc0 %0, $" #reg ::"r"((uint64_t)(v)))
#define MFC0_32(reg) ({ uint64_t v_; __asm__ volatile("mfc0 %0, $" #reg : "=r"(v_)); v_; })

static inline uint64_t instret(void) { return mmio_read64(SIMCTL_BASE + SIMCTL_INSTRET); }
static inline uint64_t cycles(void) { return mmio_read64(SIMCTL_BASE + SIMCTL_CYCLES); }
