/* Helpers shared by the ISA tests in tests/isa: value checks and exception capture. */
#pragma once
#include "guest.h"

#define ASM_BEGIN ".set push\n.set noreorder\n.set nomacro\n"
#define ASM_END "\n.set pop"
#define UNUSED __attribute__((unused))

/* Status bits (R10000 manual ch. 14) */
#define SR_IE 0x1ull
#define SR_EXL 0x2ull
#define SR_ERL 0x4ull
#define SR_KSU_USER 0x10ull
#define SR_KSU_SUPER 0x08ull
#define SR_KSU_MASK 0x18ull
#define SR_UX 0x20ull
#define SR_SX 0x40ull
#define SR_KX 0x80ull
#define SR_IM(n) (1ull << (8 + (n)))
#define SR_BEV (1ull << 22)
#define SR_FR (1ull << 26)
#define SR_CU0 (1ull << 28)
#define SR_CU1 (1ull << 29)
#define SR_CU2 (1ull << 30)
#define SR_XX (1ull << 31)

/* ExcCodes */
enum {
    EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4, EXC_ADES = 5,
    EXC_SYS = 8, EXC_BP = 9, EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13,
    EXC_FPE = 15, EXC_WATCH = 23,
};

static UNUSED void chk(const char *what, uint64_t got, uint64_t exp) {
    report(got == exp, "%s = 0x%lx (expected 0x%lx)", what, got, exp);
}

/* The last exception taken, recorded by capture_handler. */
struct exc_rec {
    unsigned n;  /* exceptions seen since exc_reset() */
    uint64_t code, epc, badvaddr, cause, status, vector, ce;
};
static volatile struct exc_rec last;
/* Where to resume after the next exception: 0 = the instruction after EPC (EPC + 4). */
static volatile uint64_t resume_pc;

static UNUSED void capture_handler(struct exc_frame *f) {
    last.n++;
    last.code = EXC_CODE(f);
    last.epc = f->epc;
    last.badvaddr = f->badvaddr;
    last.cause = f->cause;
    last.status = f->status;
    last.vector = f->vector;
    last.ce = (f->cause >> 28) & 3;
    if (resume_pc) {
        f->epc = resume_pc;
        resume_pc = 0;
    } else {
        f->epc += 4;
    }
}

static UNUSED void exc_reset(void) {
    last.n = 0;
    last.code = ~0ull;
    last.epc = ~0ull;
    last.badvaddr = ~0ull;
    last.cause = ~0ull;
    last.status = ~0ull;
    last.vector = ~0ull;
    last.ce = ~0ull;
    resume_pc = 0;
}

/* Address of the instruction at local label 1f, for EPC checks: "LABEL_ADDR(%N)" then "1: insn". */
#define LABEL_ADDR(reg) "dla " reg ", 1f\n"

/* ---- TLB helpers (R10000 manual ch. 16: EntryHi VPN2|ASID, EntryLo PFN 33:6 C 5:3 D V G) ---- */
#define ELO_G 0x1ull
#define ELO_V 0x2ull
#define ELO_D 0x4ull
#define ELO_C(c) ((uint64_t)(c) << 3)
#define ELO_CACHED ELO_C(3) /* cacheable noncoherent */
#define ELO_PFN(pa) ((((uint64_t)(pa)) >> 12) << 6)
#define KSEG0_PA(p) ((uint64_t)(p) & 0x1fffffffull)

static UNUSED void tlb_write_indexed(unsigned idx, uint64_t hi, uint64_t lo0, uint64_t lo1, uint64_t mask) {
    MTC0(0, idx);
    MTC0(5, mask);
    MTC0(10, hi);
    MTC0(2, lo0);
    MTC0(3, lo1);
    __asm__ volatile("tlbwi" ::: "memory");
}
/* Every entry to a distinct VPN2 in xkseg that the tests never use, invalid. ASID 0 after. */
static UNUSED void tlb_init(void) {
    for (unsigned i = 0; i < 64; i++)
        tlb_write_indexed(i, 0xc00000ff00000000ull + ((uint64_t)i << 13), 0, 0, 0);
    MTC0(10, 0);
    MTC0(5, 0);
}
