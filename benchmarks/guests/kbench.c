/* Kernel services of Bugnion et al. Table 2, measured in simulated cycles by a tiny guest
   kernel with user mode, a page table and its own TLB refill handler: a UTLB miss, a TLB fault
   the kernel resolves ("quick fault"), a demand-zero page fault, a null system call and a
   context switch (ASID change). Built natively (kseg0) and for Disco (ksseg), like the test
   guests; benchmarks/disco_table2.py runs both and prints the slowdowns. */
#include "guest.h"
#ifdef DISCO
#include "disco/abi.h"
#define KBASE 0xFFFFFFFFC0000000ull
#else
#define KBASE 0xFFFFFFFF80000000ull
#endif

#define USER_TEXT 0x00400000ull
#define USER_DATA 0x10000000ull     /* the pages the benchmarks touch */
#define PT_OFFSET 0x00800000ull     /* page table: guest-physical 8 MiB (8 MiB aligned) */
#define FRAMES 0x01000000ull        /* page frames from guest-physical 16 MiB */
#define PTE_V 2u
#define PTE_D 4u
#define PTE_SOFT (1ull << 62)       /* "valid in software": a quick fault makes it V */

extern char user_page[], u_touch[], u_syscalls[], u_switches[];
extern char refill_handler[], refill_handler_end[];

static volatile uint64_t *const pt = (volatile uint64_t *)(KBASE + PT_OFFSET);
static uint64_t next_frame = FRAMES;
static uint64_t quick_faults, zero_faults;

static inline uint64_t count(void) { return MFC0_32(9) & 0xFFFFFFFFull; }
static inline uint64_t elo(uint64_t pa, unsigned flags) { return ((pa >> 12) << 6) | (3u << 3) | flags; }
static volatile uint64_t *pte(uint64_t va) { return &pt[((va >> 13) << 1) | ((va >> 12) & 1)]; }

/* EntryHi: under Disco the patched kernel reads it from the privileged-register page. */
#ifdef DISCO
#define ENTRYHI() (*(volatile uint64_t *)(DISCO_PRIV_PAGE + PRIV_ENTRYHI))
#else
#define ENTRYHI() MFC0(10)
#endif

static void zero_frame(uint64_t pa) {
#ifdef DISCO
    hcall(HC_ZERO_PAGE, (long)pa, 0);
#else
    memset((void *)(KBASE + pa), 0, 4096);
#endif
}

static void tlb_put(uint64_t va) {
#ifdef DISCO /* the patched kernel: instead of six trapping TLB instructions, HC_TLB_UPDATE
                deferred to the ERET that ends this handler (abi.h PRIV_TLB_*): no trap at all */
    volatile uint64_t *const priv = (volatile uint64_t *)DISCO_PRIV_PAGE;
    priv[PRIV_TLB_HI / 8] = (va & ~0x1FFFull) | (ENTRYHI() & 0xFF);
    priv[PRIV_TLB_LO0 / 8] = *pte(va & ~0x1000ull) & ~PTE_SOFT;
    priv[PRIV_TLB_LO1 / 8] = *pte(va | 0x1000ull) & ~PTE_SOFT;
    priv[PRIV_TLB_PENDING / 8] = 1;
#else
    const uint64_t hi = (va & ~0x1FFFull) | (MFC0(10) & 0xFF);
    MTC0(10, hi);
    __asm__ volatile("tlbp" ::: "memory");
    MTC0(2, *pte(va & ~0x1000ull) & ~PTE_SOFT);
    MTC0(3, *pte(va | 0x1000ull) & ~PTE_SOFT);
    if (MFC0_32(0) & 0x80000000u) __asm__ volatile("tlbwr" ::: "memory");
    else __asm__ volatile("tlbwi" ::: "memory");
#endif
}

static uint64_t kernel_resume;


static void handler(struct exc_frame *f) {
    const unsigned code = EXC_CODE(f);
    if (code == 8) { /* system call */
        const uint64_t nr = f->gpr[2];
        if (nr == 1) { /* back to the kernel */
            f->epc = kernel_resume;
            f->status = (f->status & ~0x18ull) | 2; /* kernel mode, EXL */
            return;
        }
        if (nr == 3) MTC0(10, (ENTRYHI() & ~0xFFull) | ((ENTRYHI() + 1) & 0xFF)); /* new ASID */
        f->epc += 4;
        return;
    }
    if (code == 2 || code == 3) { /* TLB invalid: the kernel resolves it */
        const uint64_t va = f->badvaddr;
        volatile uint64_t *p = pte(va);
        if (*p & PTE_SOFT) {
            *p = (*p & ~PTE_SOFT) | PTE_V;
            quick_faults++;
        } else if (*p == 0) {
            const uint64_t pa = next_frame;
            next_frame += 4096;
            zero_frame(pa);
            *p = elo(pa, PTE_V | PTE_D);
            zero_faults++;
        } else {
            printf_("kbench: fault on a valid page 0x%lx\n", va);
            exit(3);
        }
        tlb_put(va);
        return;
    }
    printf_("kbench: unexpected exception %u at 0x%lx (0x%lx)\n", code, f->epc, f->badvaddr);
    exit(4);
}

/* Run a user routine to its exit syscall; returns Count ticks spent. */
static uint64_t run_user(char *fn, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    const uint64_t entry = USER_TEXT + (uint64_t)(fn - user_page);
    const uint64_t sr = (MFC0(12) & ~0x1Full) | 0x10 | 0x2 | 0x20; /* user, EXL, UX */
    register uint64_t r4 asm("$4") = a0, r5 asm("$5") = a1, r6 asm("$6") = a2, r7 asm("$7") = a3;
    const uint64_t t0 = count();
    __asm__ volatile(".set push\n.set noreorder\n"
                     " dla $8, 1f\n sd $8, 0(%[kr])\n"
                     " dmtc0 %[entry], $14\n mtc0 %[sr], $12\n nop\n eret\n"
                     "1:\n.set pop"
                     : "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
                     : [entry] "r"(entry), [sr] "r"(sr), [kr] "r"(&kernel_resume)
                     : "$1", "$2", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                       "$25", "$31", "hi", "lo", "memory");
    return count() - t0;
}

static void map_user(uint64_t va, uint64_t pages, uint64_t flags) {
    for (uint64_t i = 0; i < pages; i++) {
        const uint64_t pa = next_frame;
        if (flags) {
            next_frame += 4096;
            *pte(va + i * 4096) = elo(pa, (unsigned)(flags & 0xFF)) | (flags & PTE_SOFT);
        } else {
            *pte(va + i * 4096) = 0; /* demand zero */
        }
    }
}

/* cycles per operation, x100 */
static void result(const char *what, uint64_t ticks, uint64_t ops, uint64_t base_ticks, uint64_t base_ops) {
    const uint64_t per = ticks * 200 / ops - (base_ops ? base_ticks * 200 / base_ops : 0);
    printf_("kbench %s %lu.%02lu cycles\n", what, per / 100, per % 100);
}

int main(void) {
    exc_handler = handler;
    /* Page table empty; user text in a wired TLB entry; our refill handler at 0x000/0x080. */
    memset((void *)(KBASE + PT_OFFSET), 0, 1u << 20);
    MTC0(4, KBASE + PT_OFFSET); /* Context.PTEBase */
    const uint64_t upa = (uint64_t)user_page & 0x1FFFFFFFull;
    MTC0(6, 1); /* Wired = 1 */
    MTC0(0, 0);
    MTC0(5, 0);
    MTC0(10, USER_TEXT);
    MTC0(2, elo(upa, PTE_V) | 1);
    MTC0(3, elo(upa + 4096, PTE_V) | 1);
    __asm__ volatile("tlbwi" ::: "memory");
    MTC0(10, 1); /* ASID 1 */
    for (uint64_t off = 0; off < 0x100; off += 0x80)
        memcpy((void *)(KBASE + off), refill_handler, (unsigned long)(refill_handler_end - refill_handler));

    /* UTLB misses: one access per 8 KiB pair, 256 pairs (4x the TLB), so nearly every access
       misses; base: 16 pairs (always hits). */
    map_user(USER_DATA, 8192, PTE_V | PTE_D);
    run_user(u_touch, USER_DATA, 256, 2, 8192); /* warm: under Disco the L2TLB fills */
    const uint64_t t_miss = run_user(u_touch, USER_DATA, 256, 20, 8192);
    const uint64_t t_hit = run_user(u_touch, USER_DATA, 16, 320, 8192);
    result("utlb_miss", t_miss, 256 * 20, t_hit, 16 * 320);
    /* 4096 pairs: more than the L2TLB holds, so under Disco most misses are reflected. */
    run_user(u_touch, USER_DATA, 4096, 1, 8192);
    const uint64_t t_big = run_user(u_touch, USER_DATA, 4096, 3, 8192);
    result("utlb_miss_4096", t_big, 4096 * 3, t_hit, 16 * 320);
    /* Quick faults: 512 fresh pages, valid only in software. */
    const uint64_t qva = USER_DATA + 0x4000000;
    map_user(qva, 512, PTE_D | PTE_SOFT);
    const uint64_t t_quick = run_user(u_touch, qva, 512, 1, 4096);
    result("quick_fault", t_quick, 512, t_hit, 16 * 320);
    /* Demand-zero faults: 512 pages with no frame yet. */
    const uint64_t zva = USER_DATA + 0x5000000;
    map_user(zva, 512, 0);
    const uint64_t t_zero = run_user(u_touch, zva, 512, 1, 4096);
    result("demand_zero", t_zero, 512, t_hit, 16 * 320);
    /* System calls and context switches. */
    const uint64_t t_sys = run_user(u_syscalls, 2000, 0, 0, 0);
    result("syscall", t_sys, 2000, 0, 0);
    const uint64_t t_sw = run_user(u_switches, 2000, 0, 0, 0);
    result("context_switch", t_sw, 2000, 0, 0);
    report(quick_faults == 512, "quick faults taken: %lu", quick_faults);
    report(zero_faults == 512, "demand-zero faults taken: %lu", zero_faults);
    return report_summary();
}
