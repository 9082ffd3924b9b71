/*
 * platform.h - tiny console/exit layer so ONE freestanding MIPS64 (n64, BE)
 * program runs unchanged on flashsim, GXemul (testmips) and QEMU (malta).
 *
 * Link: start.S + peerlib.c + platform_<target>.c + program.c, with peer.ld.
 * Each platform_<target>.c implements the three primitives below; peerlib.c
 * adds printing helpers on top of plat_putc so output is byte-identical on
 * every target (needed for differential testing).
 */
#ifndef PEERS_PLATFORM_H
#define PEERS_PLATFORM_H

#include <stdint.h> /* freestanding-safe: provided by GCC itself */

/* kseg1 (uncached, unmapped) view of a physical address; -msym32 keeps the
 * sign-extended 32-bit form valid in 64-bit mode. */
#define PLAT_KSEG1(pa) (0xFFFFFFFFA0000000ull | (uint64_t)(pa))

void plat_putc(char c);
/* Terminate the emulator with status (low 8 bits). Never returns. On peers
 * whose exit mechanism cannot carry a status, a final line "EXIT <n>" is
 * printed first and scripts/run-peer.sh turns it into the process status. */
void plat_exit(int status) __attribute__((noreturn));
/* Retired-instruction counter if the target has an exact one, else 0. */
uint64_t plat_instret(void);

/* Helpers (peerlib.c), built only on plat_putc. */
void plat_puts(const char *s);
void plat_puthex(uint64_t v);    /* "0x" + 16 hex digits */
void plat_putdec(int64_t v);
/* Called by start.S for any exception (none is expected in a test program):
 * prints "TRAP cause=.. epc=.. badvaddr=.." and exits with status 128+ExcCode. */
void plat_trap(uint64_t cause, uint64_t epc, uint64_t badvaddr) __attribute__((noreturn));
/* If plat_trap_resume is nonzero, an exception instead stores CP0 Cause in
 * plat_trap_cause and resumes after the faulting instruction (for probes). */
extern volatile uint64_t plat_trap_resume, plat_trap_cause;
#define PLAT_EXCCODE(cause) (((cause) >> 2) & 0x1f)

#endif
