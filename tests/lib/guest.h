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

/* The unmapped kernel views of a physical address. Under Disco the guest kernel has no kseg1
   or xkphys: the same memory is reached through its relocated segments (disco/abi.h). */
#ifdef DISCO
#define SEG_KSEG1(pa) (0xFFFFFFFFC0000000ull | (uint64_t)(pa))
#define SEG_XKPHYS_CACHED(pa) (0x4000000000000000ull | (uint64_t)(pa))
#define SEG_XKPHYS_UNCACHED(pa) (0x4000000000000000ull | (uint64_t)(pa))
#else
#define SEG_KSEG1(pa) (0xFFFFFFFFA0000000ull | (uint64_t)(pa))
#define SEG_XKPHYS_CACHED(pa) (0x9800000000000000ull | (uint64_t)(pa))
#define SEG_XKPHYS_UNCACHED(pa) (0x9000000000000000ull | (uint64_t)(pa))
#endif

static inline void mmio_write64(uint64_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline uint64_t mmio_read64(uint64_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write8(uint64_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t mmio_read8(uint64_t a) { return *(volatile uint8_t *)a; }

/* `loads` dependent loads, following the chain of pointers from p (memory-latency tests). */
static inline void pointer_chase(uint64_t p, uint64_t loads) {
    __asm__ volatile(".set push\n.set noreorder\n"
                     "1: ld %0, 0(%0)\n"
                     "   daddiu %1, %1, -1\n"
                     "   bnez %1, 1b\n"
                     "   nop\n"
                     ".set pop\n"
                     : "+r"(p), "+r"(loads) : : "memory");
}

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
/* An exc_handler that counts exceptions, keeps the last one's code and goes on after the
   instruction that took it (not in a delay slot); in tests/lib/skip_fault.c. */
extern volatile uint64_t faults, fault_code;
void skip_fault(struct exc_frame *f);
#define EXC_CODE(f) (((f)->cause >> 2) & 31)
#define CAUSE_BD 0x80000000ull

/* CP0 access. */
#define MFC0(reg) ({ uint64_t v_; __asm__ volatile("dmfc0 %0, $" #reg : "=r"(v_)); v_; })
#define MTC0(reg, v) __asm__ volatile("dmtc0 %0, $" #reg ::"r"((uint64_t)(v)))
#define MFC0_32(reg) ({ uint64_t v_; __asm__ volatile("mfc0 %0, $" #reg : "=r"(v_)); v_; })

/* MAGIC of node n (docs/magic.md), uncached through xkphys. */
#define MAGIC(n) (0x900000001F000000ull | ((uint64_t)(n) << 32))
#define MAGIC_NODE_ID 0x0000
#define MAGIC_NODE_COUNT 0x0008
#define MAGIC_NODE_CPUS 0x0010
#define MAGIC_FIRST_CPU 0x0018
#define MAGIC_CPU_COUNT 0x0020
#define MAGIC_CYCLE 0x0028
#define MAGIC_WHOAMI 0x0030
#define MAGIC_MAILBOX(k) (0x1000 + 0x40 * (k))
#define MAGIC_IPI_SEND 0x2000
#define MAGIC_IPI_PENDING(k) (0x2100 + 8 * (k))
#define MAGIC_INT_PENDING 0x3000
#define MAGIC_INT_ENABLE 0x3008
#define MAGIC_INT_TARGET 0x3010
#ifdef DISCO
long hcall(long nr, long a0, long a1); /* a Disco hypercall (disco/include/disco/abi.h) */
long hcall4(long nr, long a0, long a1, long a2, long a3); /* one with four arguments */
#endif
void secondary_start(void);               /* mailbox PC for secondaries (start.S) */
void secondary_main(uint64_t arg) __attribute__((noreturn)); /* provided by SMP guests */
static inline unsigned whoami(void) { return (unsigned)mmio_read64(MAGIC(0) + MAGIC_WHOAMI); }

static inline uint64_t instret(void) { return mmio_read64(SIMCTL_BASE + SIMCTL_INSTRET); }
static inline uint64_t cycles(void) { return mmio_read64(SIMCTL_BASE + SIMCTL_CYCLES); }
