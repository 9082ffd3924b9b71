/* The R10000 TLB: TLBWI/TLBWR/TLBP/TLBR with EntryHi/EntryLo0/EntryLo1/PageMask; mapped
   loads, stores and instruction fetches; refill (TLBL 2 / TLBS 3) at the TLB refill vector
   0x000 for 32-bit address spaces and the XTLB refill vector 0x080 for 64-bit ones; invalid
   (V=0) and modified (D=0, Mod 1) at the general vector 0x180; a refill with EXL=1 at 0x180
   without touching EPC; BadVAddr, Context, XContext and EntryHi after a miss; 4K/16K/1M/16M
   pages with even/odd halves; ASID matching and the G bit; Wired/Random; remapping; and a
   software refill handler filling from a page table through Context, like an OS.
   Sources: R10000 Microprocessor User's Manual v2.0, ch. 14 (CP0), 16 (memory management),
   17.3 (TLB refill vector selection); MIPS IV ISA (TLBP/TLBR/TLBWI/TLBWR). */
#include "isatest.h"

#define SENT 0x5a5a5a5a5a5a5a5aull
#define KSEG0(pa) (0xffffffff80000000ull | (pa))

/* extra CP0 state recorded at each TLB exception */
static volatile uint64_t rec_entryhi, rec_context, rec_xcontext;
static void tlb_capture(struct exc_frame *f) {
    rec_entryhi = MFC0(10);
    rec_context = MFC0(4);
    rec_xcontext = MFC0(20);
    capture_handler(f);
}

static uint64_t try_ld(uint64_t va, uint64_t *epc) {
    uint64_t r = SENT, e;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: ld %0, 0(%2)\n.set pop"
                     : "+r"(r), "=&r"(e) : "r"(va) : "memory");
    *epc = e;
    return r;
}
static void try_sd(uint64_t va, uint64_t v, uint64_t *epc) {
    uint64_t e;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: sd %1, 0(%2)\n.set pop"
                     : "=&r"(e) : "r"(v), "r"(va) : "memory");
    *epc = e;
}
static uint64_t ld_k(uint64_t pa) { return *(volatile uint64_t *)KSEG0(pa); }
static void sd_k(uint64_t pa, uint64_t v) { *(volatile uint64_t *)KSEG0(pa) = v; }

/* 4 KiB pages in kseg0 for the small-page tests */
static uint64_t pg[4][512] __attribute__((aligned(16384)));
#define PG_PA(i) KSEG0_PA(&pg[i][0])
#define RW (ELO_CACHED | ELO_D | ELO_V)

static void test_read_write_entry(void) {
    tlb_init();
    /* VPN2 aligned to the 32K pair: whether TLBR returns VPN2 bits under the mask is
       implementation dependent, so none are set here */
    const uint64_t hi = 0x0000000012348000ull | 0x42;
    const uint64_t lo0 = ELO_PFN(0x12345000ull) | ELO_C(3) | ELO_D | ELO_V;
    const uint64_t lo1 = ELO_PFN(0x00abc000ull) | ELO_C(2) | ELO_V;
    tlb_write_indexed(5, hi, lo0, lo1, 0x6000);
    MTC0(10, 0);
    MTC0(2, 0);
    MTC0(3, 0);
    MTC0(5, 0);
    MTC0(0, 5);
    __asm__ volatile("tlbr" ::: "memory");
    chk("tlbr: EntryHi", MFC0(10), hi);
    chk("tlbr: EntryLo0", MFC0(2), lo0);
    chk("tlbr: EntryLo1", MFC0(3), lo1);
    chk("tlbr: PageMask 16K", MFC0(5), 0x6000);

    /* G is the AND of both EntryLo G bits; TLBR returns it in both */
    tlb_write_indexed(6, 0x0000000022220000ull | 7, lo0 | ELO_G, lo1 | ELO_G, 0);
    MTC0(0, 6);
    __asm__ volatile("tlbr" ::: "memory");
    chk("tlbr global: EntryLo0.G", MFC0(2) & ELO_G, 1);
    chk("tlbr global: EntryLo1.G", MFC0(3) & ELO_G, 1);
    tlb_write_indexed(7, 0x0000000022224000ull | 7, lo0 | ELO_G, lo1, 0);
    MTC0(0, 7);
    __asm__ volatile("tlbr" ::: "memory");
    chk("tlbr G only in EntryLo0: entry not global (EntryLo0.G)", MFC0(2) & ELO_G, 0);
    chk("tlbr G only in EntryLo0: entry not global (EntryLo1.G)", MFC0(3) & ELO_G, 0);

    /* 64-bit EntryHi: region bits and VPN2 */
    const uint64_t hi64 = 0xc00000f123456000ull | 0x99;
    tlb_write_indexed(8, hi64, lo0, lo1, 0);
    MTC0(0, 8);
    __asm__ volatile("tlbr" ::: "memory");
    chk("tlbr: 64-bit EntryHi (R=3, VPN2 up to bit 39)", MFC0(10), hi64);
    /* the R10000 has 44-bit virtual addresses: EntryHi VPN2 is bits 43:13 (manual 14.x, DESIGN.md) */
    const uint64_t hi44 = 0x00000f1234566000ull | 0x12;
    MTC0(10, hi44);
    chk("EntryHi write/read keeps VPN2 bits 43:40", MFC0(10), hi44);
    tlb_write_indexed(8, hi44, lo0, lo1, 0);
    MTC0(10, 0);
    MTC0(0, 8);
    __asm__ volatile("tlbr" ::: "memory");
    chk("tlbwi/tlbr keep VPN2 bits 43:40", MFC0(10), hi44);
    MTC0(10, 0);

    /* the PageMask values the R10000 supports read back */
    static const uint64_t masks[] = {0, 0x6000, 0x1e000, 0x7e000, 0x1fe000, 0x7fe000, 0x1ffe000};
    for (unsigned i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        MTC0(5, masks[i]);
        chk("PageMask write/read", MFC0(5), masks[i]);
    }
    MTC0(5, 0);
    tlb_init();
}

static void test_tlbp(void) {
    tlb_init();
    tlb_write_indexed(12, 0x0000000030000000ull | 5, ELO_PFN(PG_PA(0)) | RW, ELO_PFN(PG_PA(1)) | RW, 0);
    tlb_write_indexed(13, 0x0000000031000000ull | 9, ELO_PFN(PG_PA(0)) | RW | ELO_G, ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    tlb_write_indexed(14, 0x0000000034000000ull, ELO_PFN(0x01000000ull) | RW, ELO_PFN(0x02000000ull) | RW,
                      0x1ffe000);
    MTC0(10, 0x0000000030000000ull | 5);
    __asm__ volatile("tlbp" ::: "memory");
    chk("tlbp hit: Index", MFC0_32(0), 12);
    MTC0(10, 0x0000000030001000ull | 5);
    __asm__ volatile("tlbp" ::: "memory");
    chk("tlbp hit on the odd page of the pair: Index", MFC0_32(0), 12);
    MTC0(10, 0x0000000030000000ull | 6);
    __asm__ volatile("tlbp" ::: "memory");
    report((MFC0_32(0) & 0x80000000ull) != 0, "tlbp with another ASID: miss, P (bit 31) set (0x%lx)", MFC0_32(0));
    MTC0(10, 0x0000000031000000ull | 200);
    __asm__ volatile("tlbp" ::: "memory");
    chk("tlbp global entry matches any ASID: Index", MFC0_32(0), 13);
    MTC0(10, 0x0000000035ffe000ull);
    __asm__ volatile("tlbp" ::: "memory");
    chk("tlbp inside a 16M pair (top of the odd page): Index", MFC0_32(0), 14);
    MTC0(10, 0x0000000036000000ull);
    __asm__ volatile("tlbp" ::: "memory");
    report((MFC0_32(0) & 0x80000000ull) != 0, "tlbp just past the 16M pair: miss (0x%lx)", MFC0_32(0));
    MTC0(10, 0x0000000050000000ull);
    __asm__ volatile("tlbp" ::: "memory");
    report((MFC0_32(0) & 0x80000000ull) != 0, "tlbp of an unmapped VPN2: P set (0x%lx)", MFC0_32(0));
    MTC0(10, 0);
    tlb_init();
}

static void test_mapped_access(void) {
    uint64_t e;
    tlb_init();
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 512; j++) pg[i][j] = ((uint64_t)i << 32) | j;
    const uint64_t va = 0x0000000010000000ull;
    tlb_write_indexed(3, va, ELO_PFN(PG_PA(0)) | RW | ELO_G, ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    exc_reset();
    chk("mapped load, even page", try_ld(va + 8 * 17, &e), 17);
    chk("mapped load, odd page", try_ld(va + 4096 + 8 * 300, &e), (1ull << 32) | 300);
    report(last.n == 0, "mapped loads: no exception (%u)", last.n);
    try_sd(va + 4096 + 8, 0xabcdef0123456789ull, &e);
    chk("mapped store lands in the odd page", pg[1][1], 0xabcdef0123456789ull);
    chk("lw through the mapping", (uint64_t)*(volatile int32_t *)(va + 4096 + 8), 0xffffffffabcdef01ull);

    /* remap the same entry to other frames: the old translation must be gone */
    tlb_write_indexed(3, va, ELO_PFN(PG_PA(2)) | RW | ELO_G, ELO_PFN(PG_PA(3)) | RW | ELO_G, 0);
    chk("after tlbwi remap: even page reads the new frame", try_ld(va + 8 * 17, &e), (2ull << 32) | 17);
    chk("after tlbwi remap: odd page reads the new frame", try_ld(va + 4096 + 8, &e), (3ull << 32) | 1);
    /* uncached attribute: same data */
    tlb_write_indexed(3, va, ELO_PFN(PG_PA(2)) | ELO_C(2) | ELO_D | ELO_V | ELO_G,
                      ELO_PFN(PG_PA(3)) | ELO_C(2) | ELO_D | ELO_V | ELO_G, 0);
    chk("uncached mapping (C=2) reads the same memory", try_ld(va + 8 * 5, &e), (2ull << 32) | 5);
    /* invalidate the entry: the next access misses */
    tlb_write_indexed(3, 0xc00000ff00000000ull + (3ull << 13), 0, 0, 0);
    exc_reset();
    uint64_t r = try_ld(va + 8, &e);
    report(last.n == 1 && last.code == EXC_TLBL, "after the entry is replaced: TLBL (code %lu)", last.code);
    chk("after the entry is replaced: load not done", r, SENT);

    /* instruction fetch through the TLB: map the page holding `mapped_fn` and call it there */
    extern char mapped_fn[];
    const uint64_t fpa = KSEG0_PA(mapped_fn);
    const uint64_t fva = 0x0000000050000000ull + (fpa & 0x1fff);
    tlb_write_indexed(4, 0x0000000050000000ull, ELO_PFN(fpa & ~0x1fffull) | RW | ELO_G,
                      ELO_PFN((fpa & ~0x1fffull) + 4096) | RW | ELO_G, 0);
    uint64_t v;
    __asm__ volatile("jalr %1\n move %0, $2" : "=r"(v) : "r"(fva) : "$2", "$31", "memory");
    chk("code executed through a mapped useg address", v, 0x7777);

    /* xuseg is 2^44 bytes on the R10000: addresses differing only in VA bits 43:40 are
       different pages and must not share a TLB entry */
    exc_handler = tlb_capture;
    tlb_write_indexed(5, 0x0000001234566000ull, ELO_PFN(PG_PA(0)) | RW | ELO_G, ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    exc_reset();
    chk("xuseg 0x1234566000 maps frame 1 (odd page)", try_ld(0x0000001234567000ull + 8, &e), pg[1][1]);
    exc_reset();
    r = try_ld(0x00000f1234567000ull + 8, &e);
    report(last.n == 1 && last.code == EXC_TLBL, "xuseg 0xf1234567008 (VA bit 43:40 differ) misses (%u exc, code %lu)",
           last.n, last.code);
    chk("  and reads nothing", r, SENT);
    exc_handler = capture_handler;
    tlb_init();
}
__asm__(".pushsection .text\n.set push\n.set noreorder\n.balign 64\n.globl mapped_fn\nmapped_fn:\n"
        " jr $31\n ori $2, $0, 0x7777\n.set pop\n.popsection\n");

static void check_miss(const char *what, unsigned code, uint64_t vector, uint64_t va, uint64_t epc) {
    report(last.n == 1 && last.code == code, "%s: ExcCode %lu (expected %u)", what, last.code, code);
    chk("  vector", last.vector, vector);
    chk("  BadVAddr", last.badvaddr, va);
    chk("  EPC", last.epc, epc);
}

static void with_status(uint64_t set, uint64_t clear) { MTC0(12, (MFC0(12) | set) & ~clear); }

static void test_refill(void) {
    uint64_t e, r;
    const uint64_t sr = MFC0(12);
    tlb_init();
    MTC0(4, 0xffffffff80800000ull);        /* Context.PTEBase */
    MTC0(20, 0xfffffff000000000ull);       /* XContext.PTEBase */
    MTC0(10, 0x33);                         /* ASID 0x33 */
    exc_handler = tlb_capture;

    uint64_t va = 0x0000000020004008ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("useg load miss, UX=1", EXC_TLBL, 0x080, va, e);
    chk("  destination not written", r, SENT);
    chk("  EntryHi = VPN2 of the address | ASID kept", rec_entryhi, 0x0000000020004000ull | 0x33);
    chk("  Context = PTEBase | VA[31:13] << 4", rec_context, 0xffffffff80800000ull | (((va >> 13) & 0x7ffff) << 4));
    chk("  XContext bits 34:4 = VA[43:13]", rec_xcontext & 0x7fffffff0ull, ((va >> 13) & 0x7fffffff) << 4);
    __asm__ volatile("tlbp" ::: "memory");
    report((MFC0_32(0) & 0x80000000ull) != 0, "  tlbp with the EntryHi the miss loaded: P set");

    va = 0x000000002000a010ull;
    exc_reset();
    try_sd(va, 1, &e);
    check_miss("useg store miss, UX=1", EXC_TLBS, 0x080, va, e);
    chk("  EntryHi", rec_entryhi, 0x000000002000a000ull | 0x33);

    va = 0x0000000100002000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("xuseg (above 4 GiB) load miss, UX=1", EXC_TLBL, 0x080, va, e);
    chk("  EntryHi", rec_entryhi, va | 0x33);
    chk("  Context BadVPN2 = VA[31:13]", rec_context & 0x7ffff0ull, ((va >> 13) & 0x7ffff) << 4);

    va = 0x00000f1234566000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("xuseg load miss near the top of the 44-bit space", EXC_TLBL, 0x080, va, e);
    chk("  EntryHi VPN2 keeps VA bits 43:13", rec_entryhi, va | 0x33);
    chk("  XContext BadVPN2 (bits 34:4) = VA[43:13] (31-bit field, R10000 manual 14.17)",
        rec_xcontext & 0x7fffffff0ull, ((va >> 13) & 0x7fffffff) << 4);

    va = 0xc000000000012000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("xkseg load miss, KX=1", EXC_TLBL, 0x080, va, e);
    chk("  EntryHi (R=3)", rec_entryhi, va | 0x33);

    va = 0x4000000000016000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("xsseg load miss, SX=1", EXC_TLBL, 0x080, va, e);
    chk("  EntryHi (R=1)", rec_entryhi, va | 0x33);

    /* useg with UX=0: a 32-bit address space, the TLB refill vector */
    with_status(0, SR_UX);
    va = 0x0000000020004008ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("useg load miss, UX=0", EXC_TLBL, 0x000, va, e);
    exc_reset();
    try_sd(va, 1, &e);
    check_miss("useg store miss, UX=0", EXC_TLBS, 0x000, va, e);
    MTC0(12, sr);

    /* The compatibility mapped segments. R10000 manual 17.3: "The TLB refill vector selection is
       based on the address space of the address (user, supervisor, or kernel) that caused the TLB
       miss, and the value of the corresponding extended addressing bit in the Status register (UX,
       SX, or KX)" ... "NOTE: Refills for the 0.5 Gbyte supervisor mapped region, sseg/ksseg, are
       controlled by the value of KX rather than SX." */
    va = 0xffffffffe0010000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("kseg3 load miss with KX=1 (kernel address, KX=1: XTLB refill)", EXC_TLBL, 0x080, va, e);
    chk("  EntryHi (R=3, VPN2 = VA[43:13] of the sign-extended address)", rec_entryhi, (va & 0xc0000fffffffe000ull) | 0x33);
    va = 0xffffffffc0010000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("sseg load miss with KX=1 (controlled by KX: XTLB refill)", EXC_TLBL, 0x080, va, e);
    with_status(0, SR_KX);
    va = 0xffffffffe0010000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("kseg3 load miss with KX=0: TLB refill", EXC_TLBL, 0x000, va, e);
    va = 0xffffffffc0010000ull;
    exc_reset();
    r = try_ld(va, &e);
    check_miss("sseg load miss with KX=0, SX=1: TLB refill (KX rules sseg)", EXC_TLBL, 0x000, va, e);
    MTC0(12, sr);

    /* a refill while EXL=1 goes to the general vector and leaves EPC alone */
    va = 0x0000000020008000ull;
    uint64_t resume;
    exc_reset();
    MTC0(14, 0x1234567812345678ull);
    __asm__ volatile(".set push\n.set noreorder\n"
                     " dla %0, 2f\n sd %0, 0(%2)\n"
                     " mfc0 $8, $12\n ori $8, $8, 2\n mtc0 $8, $12\n" /* EXL = 1 */
                     " ld %1, 0(%3)\n"
                     " nop\n"
                     "2:\n.set pop"
                     : "=&r"(resume), "=&r"(r) : "r"(&resume_pc), "r"(va) : "$8", "memory");
    report(last.n == 1 && last.code == EXC_TLBL, "miss with EXL=1: TLBL (code %lu)", last.code);
    chk("miss with EXL=1: general vector 0x180", last.vector, 0x180);
    chk("miss with EXL=1: EPC not updated", last.epc, 0x1234567812345678ull);
    chk("miss with EXL=1: BadVAddr still set", last.badvaddr, va);
    report(!(MFC0(12) & SR_EXL), "after the handler's eret: EXL clear");

    /* instruction fetch miss */
    exc_reset();
    uint64_t t;
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 3f\n sd %0, 0(%1)\n"
                     " li %0, 0x20010000\n jr %0\n nop\n3:\n.set pop"
                     : "=&r"(t) : "r"(&resume_pc) : "memory");
    check_miss("fetch miss in useg", EXC_TLBL, 0x080, 0x20010000ull, 0x20010000ull);

    /* exception priority: a misaligned access is an address error before any TLB lookup */
    exc_reset();
    uint64_t lw_epc;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: lw $0, 2(%1)\n.set pop"
                     : "=&r"(lw_epc) : "r"(0x0000000020004000ull) : "memory");
    report(last.n == 1 && last.code == EXC_ADEL, "misaligned lw to an unmapped page: AdEL, not TLBL (code %lu)",
           last.code);
    chk("  BadVAddr", last.badvaddr, 0x0000000020004002ull);
    /* PREF never raises address-related exceptions (MIPS IV ISA, PREF) */
    exc_reset();
    __asm__ volatile("pref 0, 0(%0)\n pref 1, 64(%0)" ::"r"(0x0000000020008000ull) : "memory");
    report(last.n == 0, "pref to an unmapped address: no exception (%u)", last.n);

    MTC0(10, 0);
    exc_handler = capture_handler;
    tlb_init();
}

static void test_invalid_modified(void) {
    uint64_t e, r;
    tlb_init();
    exc_handler = tlb_capture;
    const uint64_t va = 0x0000000010020000ull;
    pg[0][0] = 0x1111;
    pg[1][0] = 0x2222;
    /* even half invalid, odd half valid but clean (D=0) */
    tlb_write_indexed(9, va, ELO_PFN(PG_PA(0)) | ELO_CACHED | ELO_D | ELO_G,
                      ELO_PFN(PG_PA(1)) | ELO_CACHED | ELO_V | ELO_G, 0);
    exc_reset();
    r = try_ld(va, &e);
    check_miss("load from an invalid (V=0) page", EXC_TLBL, 0x180, va, e);
    chk("  EntryHi", rec_entryhi, va);
    chk("  Context BadVPN2", rec_context & 0x7ffff0ull, ((va >> 13) & 0x7ffff) << 4);
    chk("  load not done", r, SENT);
    MTC0(10, va);
    __asm__ volatile("tlbp" ::: "memory");
    chk("  tlbp finds the entry (invalid is not a miss)", MFC0_32(0), 9);
    MTC0(10, 0);
    exc_reset();
    try_sd(va + 8, 5, &e);
    check_miss("store to an invalid page", EXC_TLBS, 0x180, va + 8, e);
    exc_reset();
    chk("load from the valid clean odd page", try_ld(va + 4096, &e), 0x2222);
    report(last.n == 0, "  no exception");
    pg[1][2] = 0;
    exc_reset();
    try_sd(va + 4096 + 16, 0x77, &e);
    check_miss("store to a clean (D=0) page: Mod", EXC_MOD, 0x180, va + 4096 + 16, e);
    chk("  EntryHi", rec_entryhi, va);
    chk("  memory unchanged", pg[1][2], 0);
    exc_reset();
    uint64_t sw_epc;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: sw $0, 0(%1)\n.set pop"
                     : "=&r"(sw_epc) : "r"(va + 4096 + 4) : "memory");
    check_miss("sw to a clean page: Mod", EXC_MOD, 0x180, va + 4096 + 4, sw_epc);
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: swl $0, 0(%1)\n.set pop"
                     : "=&r"(sw_epc) : "r"(va + 4096 + 1) : "memory");
    check_miss("swl to a clean page: Mod", EXC_MOD, 0x180, va + 4096 + 1, sw_epc);
    chk("  memory unchanged by swl", pg[1][0], 0x2222);
    /* now make it dirty: the store goes through */
    tlb_write_indexed(9, va, ELO_PFN(PG_PA(0)) | RW | ELO_G, ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    exc_reset();
    try_sd(va + 4096 + 16, 0x77, &e);
    report(last.n == 0, "store after setting D: no exception");
    chk("  memory written", pg[1][2], 0x77);
    chk("load from the even page once valid", try_ld(va, &e), 0x1111);
    /* instruction fetch from an invalid page: TLBL at the general vector, EPC = BadVAddr */
    tlb_write_indexed(9, va, ELO_PFN(PG_PA(0)) | ELO_CACHED | ELO_G, ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    uint64_t t;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 3f\n sd %0, 0(%1)\n"
                     " jr %2\n nop\n3:\n.set pop"
                     : "=&r"(t) : "r"(&resume_pc), "r"(va + 0x40) : "memory");
    check_miss("fetch from an invalid page", EXC_TLBL, 0x180, va + 0x40, va + 0x40);
    exc_handler = capture_handler;
    tlb_init();
}

/* LWL/LWR/LDL/LDR/SWL/SWR/SDL/SDR translate the effective address like any load/store (MIPS IV
   ISA: AddressTranslation(vAddr, DATA, LOAD or STORE)): BadVAddr is the unaligned vAddr, and
   the stores raise TLBS (3) / Mod (1), not TLBL. */
#define PARTIAL(insn, va)                                                                       \
    ({                                                                                          \
        uint64_t e_, r_ = SENT;                                                                 \
        __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: " insn " %0, 0(%2)\n.set pop" \
                         : "+r"(r_), "=&r"(e_) : "r"(va) : "memory");                           \
        e_;                                                                                     \
    })

static void test_partial_word_faults(void) {
    uint64_t e;
    tlb_init();
    exc_handler = tlb_capture;
    const uint64_t va = 0x0000000010040000ull;
    /* even page invalid, odd page valid and clean */
    tlb_write_indexed(9, va, ELO_PFN(PG_PA(0)) | ELO_CACHED | ELO_G, ELO_PFN(PG_PA(1)) | ELO_CACHED | ELO_V | ELO_G, 0);
    static const struct {
        const char *insn;
        unsigned off, code;
    } c[] = {
        {"lwl", 1, EXC_TLBL}, {"lwr", 2, EXC_TLBL}, {"ldl", 3, EXC_TLBL}, {"ldr", 5, EXC_TLBL},
        {"swl", 1, EXC_TLBS}, {"swr", 2, EXC_TLBS}, {"sdl", 3, EXC_TLBS}, {"sdr", 6, EXC_TLBS},
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        const uint64_t a = va + 0x100 + c[i].off;
        exc_reset();
        switch (i) {
            case 0: e = PARTIAL("lwl", a); break;
            case 1: e = PARTIAL("lwr", a); break;
            case 2: e = PARTIAL("ldl", a); break;
            case 3: e = PARTIAL("ldr", a); break;
            case 4: e = PARTIAL("swl", a); break;
            case 5: e = PARTIAL("swr", a); break;
            case 6: e = PARTIAL("sdl", a); break;
            default: e = PARTIAL("sdr", a); break;
        }
        report(last.n == 1 && last.code == c[i].code, "%s at an invalid page +%u: ExcCode %lu (expected %u)",
               c[i].insn, c[i].off, last.code, c[i].code);
        report(last.badvaddr == a, "%s at an invalid page +%u: BadVAddr 0x%lx (expected the address 0x%lx)",
               c[i].insn, c[i].off, last.badvaddr, a);
        chk("  EPC", last.epc, e);
    }
    /* stores to the clean odd page: Mod with BadVAddr = vAddr */
    const uint64_t b = va + 4096 + 0x40;
    exc_reset();
    e = PARTIAL("swr", b + 2);
    report(last.n == 1 && last.code == EXC_MOD && last.badvaddr == b + 2,
           "swr to a clean page: Mod, BadVAddr = vAddr (code %lu, 0x%lx)", last.code, last.badvaddr);
    exc_reset();
    e = PARTIAL("sdl", b + 3);
    report(last.n == 1 && last.code == EXC_MOD && last.badvaddr == b + 3,
           "sdl to a clean page: Mod, BadVAddr = vAddr (code %lu, 0x%lx)", last.code, last.badvaddr);
    exc_handler = capture_handler;
    tlb_init();
}

struct psize {
    const char *name;
    uint64_t mask, size, va, pa_even, pa_odd;
};

static void test_page_sizes(void) {
    static const struct psize ps[] = {
        {"4K", 0, 0x1000, 0x0000000060000000ull, 0x00300000ull, 0x00301000ull},
        {"16K", 0x6000, 0x4000, 0x0000000061000000ull, 0x00308000ull, 0x00310000ull},
        {"1M", 0x1fe000, 0x100000, 0x0000000062000000ull, 0x00400000ull, 0x00600000ull},
        {"16M", 0x1ffe000, 0x1000000, 0x0000000064000000ull, 0x01000000ull, 0x02000000ull},
    };
    uint64_t e;
    tlb_init();
    exc_handler = tlb_capture;
    for (unsigned i = 0; i < 4; i++) {
        const struct psize *p = &ps[i];
        const uint64_t off_e = (p->size - 8) & 0x123458, off_o = (p->size - 8) & 0xfedcb8;
        sd_k(p->pa_even + off_e, 0xe000 + i);
        sd_k(p->pa_odd + off_o, 0x0dd0 + i);
        sd_k(p->pa_even, 0xe0e0 + i);
        sd_k(p->pa_odd + p->size - 8, 0x0d0d + i);
        tlb_write_indexed(20 + i, p->va, ELO_PFN(p->pa_even) | RW | ELO_G, ELO_PFN(p->pa_odd) | RW | ELO_G, p->mask);
        exc_reset();
        report(try_ld(p->va + off_e, &e) == 0xe000 + i, "%s page: even half at +0x%lx", p->name, off_e);
        report(try_ld(p->va + p->size + off_o, &e) == 0x0dd0 + i, "%s page: odd half at +0x%lx", p->name,
               p->size + off_o);
        report(try_ld(p->va, &e) == 0xe0e0 + i, "%s page: first dword of the pair", p->name);
        report(try_ld(p->va + 2 * p->size - 8, &e) == 0x0d0d + i, "%s page: last dword of the pair", p->name);
        report(last.n == 0, "%s page: no exception inside the pair (%u)", p->name, last.n);
        try_sd(p->va + p->size + 8, 0xabc0 + i, &e);
        report(ld_k(p->pa_odd + 8) == 0xabc0 + i, "%s page: store through the odd half", p->name);
        exc_reset();
        (void)try_ld(p->va + 2 * p->size, &e);
        report(last.n == 1 && last.code == EXC_TLBL && last.vector == 0x080,
               "%s page: first byte past the pair misses (code %lu vector 0x%lx)", p->name, last.code,
               last.vector);
        chk("  EntryHi after the miss", rec_entryhi, p->va + 2 * p->size);
        if (p->va >= 2 * p->size) {
            exc_reset();
            (void)try_ld(p->va - 8, &e);
            report(last.n == 1 && last.code == EXC_TLBL, "%s page: last dword before the pair misses", p->name);
        }
        MTC0(0, 20 + i);
        __asm__ volatile("tlbr" ::: "memory");
        chk("  tlbr PageMask", MFC0(5), p->mask);
        MTC0(5, 0);
        MTC0(10, 0);
    }
    exc_handler = capture_handler;
    tlb_init();
}

static void test_asid(void) {
    uint64_t e;
    tlb_init();
    exc_handler = tlb_capture;
    pg[0][3] = 0xa5a5;
    pg[2][3] = 0x5a5a;
    const uint64_t va = 0x0000000030000000ull, gva = 0x0000000031000000ull;
    tlb_write_indexed(10, va | 5, ELO_PFN(PG_PA(0)) | RW, ELO_PFN(PG_PA(1)) | RW, 0);
    tlb_write_indexed(11, gva | 5, ELO_PFN(PG_PA(2)) | RW | ELO_G, ELO_PFN(PG_PA(3)) | RW | ELO_G, 0);
    MTC0(10, 5);
    exc_reset();
    chk("ASID 5 entry with EntryHi.ASID 5: hit", try_ld(va + 24, &e), 0xa5a5);
    chk("global entry with ASID 5: hit", try_ld(gva + 24, &e), 0x5a5a);
    report(last.n == 0, "no exception with the matching ASID");
    MTC0(10, 6);
    exc_reset();
    uint64_t r = try_ld(va + 24, &e);
    report(last.n == 1 && last.code == EXC_TLBL && last.vector == 0x080,
           "same address with ASID 6: refill (code %lu vector 0x%lx)", last.code, last.vector);
    chk("  load not done", r, SENT);
    chk("  EntryHi = VPN2 | current ASID 6", rec_entryhi, va | 6);
    MTC0(10, 6);
    exc_reset();
    chk("global entry with ASID 6: hit", try_ld(gva + 24, &e), 0x5a5a);
    MTC0(10, 0xff);
    chk("global entry with ASID 0xff: hit", try_ld(gva + 24, &e), 0x5a5a);
    report(last.n == 0, "global entries never miss on ASID");
    MTC0(10, 5);
    exc_reset();
    chk("back to ASID 5: hit again", try_ld(va + 24, &e), 0xa5a5);
    report(last.n == 0, "  no exception");
    /* two entries for the same VPN2 with different ASIDs map different frames */
    pg[2][4] = 0x6666;
    tlb_write_indexed(15, va | 6, ELO_PFN(PG_PA(2)) | RW, ELO_PFN(PG_PA(3)) | RW, 0);
    MTC0(10, 6);
    chk("same VA, ASID 6 entry: its own frame", try_ld(va + 32, &e), 0x6666);
    MTC0(10, 5);
    chk("same VA, ASID 5 entry: its own frame", try_ld(va + 24, &e), 0xa5a5);
    MTC0(10, 0);
    exc_handler = capture_handler;
    tlb_init();
}

static void test_wired_random(void) {
    unsigned bad = 0, distinct = 0, seen[64] = {0};
    MTC0(6, 10);
    chk("Wired reads back", MFC0(6), 10);
    for (unsigned i = 0; i < 500; i++) {
        uint64_t r = MFC0(1);
        if (r < 10 || r > 63) bad++;
        else if (!seen[r]++) distinct++;
        for (unsigned k = 0; k < (i % 7); k++) __asm__ volatile("nop");
    }
    report(bad == 0, "Random stays in [Wired=10, 63] over 500 reads (%u outside)", bad);
    report(distinct > 1, "Random changes (%u distinct values)", distinct);
    MTC0(6, 63);
    bad = 0;
    for (unsigned i = 0; i < 100; i++)
        if (MFC0(1) != 63) bad++;
    report(bad == 0, "Wired=63: Random is always 63 (%u others)", bad);
    MTC0(6, 0);
    bad = 0;
    for (unsigned i = 0; i < 300; i++)
        if (MFC0(1) > 63) bad++;
    report(bad == 0, "Wired=0: Random in [0, 63]");

    /* tlbwr never replaces a wired entry */
    tlb_init();
    for (unsigned i = 0; i < 60; i++)
        tlb_write_indexed(i, 0x0000000070000000ull + ((uint64_t)i << 13), ELO_PFN(PG_PA(0)) | RW | ELO_G,
                          ELO_PFN(PG_PA(1)) | RW | ELO_G, 0);
    MTC0(6, 60);
    unsigned out_of_range = 0;
    for (unsigned i = 0; i < 100; i++) {
        MTC0(10, 0x0000000078000000ull + ((uint64_t)i << 13));
        MTC0(2, ELO_PFN(PG_PA(2)) | RW | ELO_G);
        MTC0(3, ELO_PFN(PG_PA(3)) | RW | ELO_G);
        MTC0(5, 0);
        __asm__ volatile("tlbwr" ::: "memory");
        __asm__ volatile("tlbp" ::: "memory");
        uint64_t idx = MFC0_32(0);
        if (idx < 60 || idx > 63) out_of_range++;
    }
    report(out_of_range == 0, "tlbwr with Wired=60 writes only entries 60..63 (%u elsewhere)", out_of_range);
    unsigned intact = 0;
    for (unsigned i = 0; i < 60; i++) {
        MTC0(0, i);
        __asm__ volatile("tlbr" ::: "memory");
        if ((MFC0(10) & ~0xffull) == 0x0000000070000000ull + ((uint64_t)i << 13)) intact++;
    }
    chk("wired entries 0..59 intact after 100 tlbwr", intact, 60);
    MTC0(6, 0);
    MTC0(10, 0);
    tlb_init();
}

/* ---- a software refill handler filling from a page table, as an OS does ----
   The page table is an array of (EntryLo0, EntryLo1) pairs indexed by VPN2, placed so that
   Context (PTEBase | BadVPN2 << 4) is the address of the pair: PTEBase = kseg0 8 MiB. */
#define PT_BASE 0xffffffff80800000ull
#define POOL_PA 0x00a00000ull /* 256 frames of 4 KiB */
#define OS_VA 0x0000000010000000ull
#define OS_PAGES 256
static volatile unsigned refills, other_exc;
static volatile uint64_t refill_bad_context;

static void os_refill(struct exc_frame *f) {
    if ((EXC_CODE(f) == EXC_TLBL || EXC_CODE(f) == EXC_TLBS) && f->vector == 0x080) {
        const uint64_t ctx = MFC0(4), bad = MFC0(8);
        if ((ctx & 0x7ffff0ull) != (((bad >> 13) & 0x7ffff) << 4)) refill_bad_context++;
        const volatile uint64_t *pte = (const volatile uint64_t *)ctx;
        MTC0(2, pte[0]);
        MTC0(3, pte[1]);
        __asm__ volatile("tlbwr" ::: "memory"); /* EntryHi holds VPN2|ASID from the miss */
        refills++;
        return; /* retry the access */
    }
    other_exc++;
    capture_handler(f);
}

static void test_software_refill(void) {
    tlb_init();
    MTC0(4, PT_BASE);
    MTC0(10, 0x21);
    MTC0(6, 4); /* a few wired entries, as an OS might keep */
    for (unsigned i = 0; i < OS_PAGES; i += 2) {
        const uint64_t vpn2 = (OS_VA >> 13) + i / 2;
        volatile uint64_t *pte = (volatile uint64_t *)(PT_BASE + (vpn2 << 4));
        pte[0] = ELO_PFN(POOL_PA + (uint64_t)i * 4096) | RW;
        pte[1] = ELO_PFN(POOL_PA + (uint64_t)(i + 1) * 4096) | RW;
    }
    refills = other_exc = 0;
    refill_bad_context = 0;
    exc_handler = os_refill;
    for (unsigned i = 0; i < OS_PAGES; i++) {
        volatile uint64_t *p = (volatile uint64_t *)(OS_VA + (uint64_t)i * 4096 + 8 * (i % 512));
        *p = 0x0500000000000000ull | i;
    }
    const unsigned pass1 = refills;
    unsigned good = 0;
    for (unsigned i = 0; i < OS_PAGES; i++) {
        volatile uint64_t *p = (volatile uint64_t *)(OS_VA + (uint64_t)i * 4096 + 8 * (i % 512));
        if (*p == (0x0500000000000000ull | i)) good++;
    }
    const unsigned pass2 = refills - pass1;
    /* The OS remaps page 0 to frame 1 and flushes it as Linux's local_flush_tlb_page does
       (TLBP; if the TLB holds the pair, TLBWI an invalid entry at a unique kseg0 VPN2). More
       passes over the other pages first, so that the pair has long been pushed out of the TLB
       and the probe misses: the next access must still see the new mapping, not a copy of the
       old one kept anywhere (under Disco: the L2TLB). */
    for (unsigned round = 0; round < 4; round++)
        for (unsigned i = 2; i < OS_PAGES; i++) (void)*(volatile uint64_t *)(OS_VA + (uint64_t)i * 4096);
    volatile uint64_t *pte0 = (volatile uint64_t *)(PT_BASE + ((OS_VA >> 13) << 4));
    pte0[0] = ELO_PFN(POOL_PA + 4096) | RW;
    MTC0(10, OS_VA | 0x21);
    __asm__ volatile("tlbp" ::: "memory");
    const uint64_t probe = MFC0(0);
    if (!(probe & 0x80000000ull)) {
        MTC0(10, 0xffffffff80000000ull + ((probe & 63) << 13));
        MTC0(2, 0);
        MTC0(3, 0);
        __asm__ volatile("tlbwi" ::: "memory");
    }
    MTC0(10, 0x21);
    const uint64_t remapped = *(volatile uint64_t *)(OS_VA + 8);
    /* The OS flushes its whole TLB as Linux's local_flush_tlb_all does when its ASIDs wrap
       (TLBWI of an invalid entry at a unique kseg0 VPN2 at every index from Wired up) and
       gives ASID 0x21 to a new address space, which maps page 2 to frame 4. Page 2's pair was
       pushed out of the TLB long before: the access must see the new space, not a mapping of
       the old one kept anywhere (under Disco: the L2TLB, the real TLB). */
    (void)*(volatile uint64_t *)(OS_VA + 2 * 4096);
    for (unsigned round = 0; round < 4; round++)
        for (unsigned i = 4; i < OS_PAGES; i++) (void)*(volatile uint64_t *)(OS_VA + (uint64_t)i * 4096);
    volatile uint64_t *pte1 = (volatile uint64_t *)(PT_BASE + (((OS_VA >> 13) + 1) << 4));
    pte1[0] = ELO_PFN(POOL_PA + 4 * 4096) | RW;
    for (unsigned i = (unsigned)MFC0(6); i < 64; i++) {
        MTC0(0, i);
        MTC0(10, 0xffffffff80000000ull + ((uint64_t)i << 13));
        MTC0(2, 0);
        MTC0(3, 0);
        __asm__ volatile("tlbwi" ::: "memory");
    }
    MTC0(10, 0x21);
    const uint64_t recycled = *(volatile uint64_t *)(OS_VA + 2 * 4096 + 8 * 4);
    unsigned phys_good = 0;
    for (unsigned i = 0; i < OS_PAGES; i++)
        if (ld_k(POOL_PA + (uint64_t)i * 4096 + 8 * (i % 512)) == (0x0500000000000000ull | i)) phys_good++;
    exc_handler = capture_handler;
    chk("software refill: pass 1 took one refill per page pair", pass1, OS_PAGES / 2);
    report(pass2 >= OS_PAGES / 2 - 64 && pass2 <= OS_PAGES / 2,
           "software refill: pass 2 refilled what 64 entries could not hold (%u)", pass2);
    chk("software refill: every page read back through the TLB", good, OS_PAGES);
    chk("software refill: every page landed in its frame", phys_good, OS_PAGES);
    chk("software refill: Context BadVPN2 matched BadVAddr every time", refill_bad_context, 0);
    chk("software refill: no other exception", other_exc, 0);
    chk("software refill: a remapped page, flushed by TLBP/TLBWI, reads through its new frame", remapped,
        0x0500000000000001ull);
    chk("software refill: after a whole-TLB flush, a recycled ASID sees its new space", recycled,
        0x0500000000000004ull);
    MTC0(6, 0);
    MTC0(10, 0);
    tlb_init();
}

int main(void) {
    exc_handler = capture_handler;
    test_read_write_entry();
    test_tlbp();
    test_mapped_access();
    test_refill();
    test_invalid_modified();
    test_partial_word_faults();
    test_page_sizes();
    test_asid();
    test_wired_random();
    test_software_refill();
    exc_handler = 0;
    return report_summary();
}
