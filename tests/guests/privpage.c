/* The privileged-register page (disco/include/disco/abi.h): the hot virtual CP0 registers,
   readable with plain loads, equal to what the trapping MFC0 returns; of its slots only EPC,
   EntryLo0/1 and the deferred TLB update (PRIV_TLB_*) take stores (the guest library's exception return and the kbench refill
   handler use them). */
#include "disco/abi.h"
#include "guest.h"

#define PRIV(off) (*(volatile uint64_t *)(DISCO_PRIV_PAGE + (off)))

int main(void) {
    report(PRIV(PRIV_STATUS) == (MFC0_32(12) & 0xFFFFFFFFull), "Status on the page = MFC0 Status (0x%lx)", PRIV(PRIV_STATUS));
    MTC0(10, 0x12340000ull | 0x42);
    report(PRIV(PRIV_ENTRYHI) == MFC0(10), "EntryHi on the page follows MTC0 (0x%lx)", PRIV(PRIV_ENTRYHI));
    MTC0(10, 0);
    const uint64_t c0 = PRIV(PRIV_COUNT);
    for (volatile int i = 0; i < 200000; i++) {
    }
    (void)MFC0(12); /* any trap refreshes the page */
    report(PRIV(PRIV_COUNT) != c0, "Count on the page advances (0x%lx -> 0x%lx)", c0, PRIV(PRIV_COUNT));
    report(PRIV(PRIV_VCPU) == 0, "vCPU number 0");
    exc_handler = skip_fault;
    __asm__ volatile("syscall" ::: "memory"); /* its own syscall: EPC and Cause on the page */
    report(faults == 1 && fault_code == 8, "a guest syscall is reflected to the guest (code %lu)", fault_code);
    report(((PRIV(PRIV_CAUSE) >> 2) & 31) == 8, "Cause on the page shows the syscall");
    PRIV(PRIV_STATUS) = 0;
    (void)MFC0(12); /* a trap refreshes the page */
    report(PRIV(PRIV_STATUS) == (MFC0_32(12) & 0xFFFFFFFFull), "a store to Status on the page changes nothing");
    report(faults == 1, "stores to the page do not fault (%lu)", faults);
    exc_handler = 0;
    /* HC_TLB_UPDATE writes the guest's TLB as EntryHi/EntryLo writes, TLBP and TLBWI/TLBWR do. */
    const uint64_t hi = 0x00500000ull | 5, lo0 = (0x300ull << 6) | (3 << 3) | 6, lo1 = (0x301ull << 6) | (3 << 3) | 2;
    register long v0 __asm__("$2") = HC_TLB_UPDATE;
    register uint64_t a0 __asm__("$4") = hi, a1 __asm__("$5") = lo0, a2 __asm__("$6") = lo1;
    __asm__ volatile("syscall %4" : "+r"(v0) : "r"(a0), "r"(a1), "r"(a2), "i"(DISCO_HCALL_CODE) : "memory");
    const long index = v0;
    report(index >= 0 && index < 64, "HC_TLB_UPDATE wrote entry %ld", index);
    MTC0(10, hi);
    __asm__ volatile("tlbp" ::: "memory");
    report(MFC0_32(0) == (uint64_t)index, "TLBP finds it at the same index");
    MTC0(2, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(MFC0(2) == lo0 && MFC0(3) == lo1 && MFC0(10) == hi, "TLBR reads back what was written");
    report(PRIV(PRIV_ENTRYLO0) == lo0 && PRIV(PRIV_ENTRYLO1) == lo1, "EntryLo0/1 on the page after TLBR");
    /* EntryLo0/1 stored on the page (no trap) are what the next TLBWI writes and MFC0 reads. */
    const uint64_t lo0b = (0x302ull << 6) | (3 << 3) | 6, lo1b = (0x303ull << 6) | (3 << 3) | 6;
    PRIV(PRIV_ENTRYLO0) = lo0b;
    PRIV(PRIV_ENTRYLO1) = lo1b;
    report(MFC0(2) == lo0b && MFC0(3) == lo1b, "EntryLo0/1 stored on the page are the registers");
    PRIV(PRIV_ENTRYLO0) = lo0;
    PRIV(PRIV_ENTRYLO1) = lo1b;
    __asm__ volatile("tlbwi" ::: "memory");
    MTC0(2, 0);
    MTC0(3, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(MFC0(2) == lo0 && MFC0(3) == lo1b, "TLBWI writes the EntryLo0/1 stored on the page");
    /* Again for the same pages and ASID, as a kernel resolving a fault on a page it loaded
       invalid: the monitor's assembly fast path (arch/entry.S hcall_fast) rewrites the entry in
       place. Same index, the registers as TLBR shows them, the mapping usable at once, every
       other register kept. */
    MTC0(10, 5);
    const uint64_t lo0c = (0x304ull << 6) | (3 << 3) | 6, lo1c = (0x305ull << 6) | (3 << 3) | 2;
    static uint64_t kept[12];
    {
        register long v0b __asm__("$2") = HC_TLB_UPDATE;
        register uint64_t a0b __asm__("$4") = hi, a1b __asm__("$5") = lo0c, a2b __asm__("$6") = lo1c;
        register uint64_t *kp __asm__("$16") = kept;
        __asm__ volatile(".set push\n.set noat\n"
                         "li $1, 0x11\nli $3, 0x33\nli $7, 0x77\nli $8, 0x88\nli $9, 0x99\nli $10, 0xaa\n"
                         "li $11, 0xbb\nli $12, 0xcc\nli $13, 0xdd\nli $14, 0xee\nli $15, 0xff\nli $24, 0x118\n"
                         "syscall %5\n"
                         "sd $1, 0(%4)\nsd $3, 8(%4)\nsd $7, 16(%4)\nsd $8, 24(%4)\nsd $9, 32(%4)\nsd $10, 40(%4)\n"
                         "sd $11, 48(%4)\nsd $12, 56(%4)\nsd $13, 64(%4)\nsd $14, 72(%4)\nsd $15, 80(%4)\n"
                         "sd $24, 88(%4)\n.set pop"
                         : "+r"(v0b)
                         : "r"(a0b), "r"(a1b), "r"(a2b), "r"(kp), "i"(DISCO_HCALL_CODE)
                         : "$1", "$3", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "memory");
        report(v0b == index && a0b == hi && a1b == lo0c && a2b == lo1c,
               "HC_TLB_UPDATE of the same pages: entry %ld again, a0-a2 kept", v0b);
    }
    static const uint64_t want[12] = {0x11, 0x33, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x118};
    unsigned lost = 0;
    for (unsigned i = 0; i < 12; i++) lost |= (kept[i] != want[i]) << i;
    report(lost == 0, "... and at, v1, a3-a7, t0-t3, t8 kept (lost: 0x%x)", lost);
    report(MFC0_32(0) == (uint64_t)index && MFC0(10) == hi && MFC0(5) == 0, "... Index, EntryHi, PageMask as TLBP would leave them");
    report(PRIV(PRIV_ENTRYLO0) == lo0c && PRIV(PRIV_ENTRYLO1) == lo1c && PRIV(PRIV_ENTRYHI) == hi,
           "... EntryLo0/1 and EntryHi on the page");
    MTC0(2, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(MFC0(2) == lo0c && MFC0(3) == lo1c && MFC0(10) == hi, "... TLBR reads back what was written");
    *(volatile uint64_t *)0x500008ull = 0xfeedf00dull;
    report(*(volatile uint64_t *)(0xFFFFFFFFC0000000ull + 0x304008ull) == 0xfeedf00dull &&
           *(volatile uint64_t *)0x501000ull == *(volatile uint64_t *)(0xFFFFFFFFC0000000ull + 0x305000ull),
           "... and maps its pages at once");
    /* TLBWR then ERET with EntryLo0/1 stored on the page, as a patched refill handler ends
       (the monitor's assembly fast path, arch/entry.S tlbw_fast): the entry is in the TLB and
       usable, the ERET went to the EPC stored on the page with EXL cleared. */
    const uint64_t hi7 = 0x00700000ull | 5, lo0d = (0x306ull << 6) | (3 << 3) | 6, lo1d = (0x307ull << 6) | (3 << 3) | 6;
    MTC0(10, hi7);
    MTC0(5, 0);
    PRIV(PRIV_ENTRYLO1) = lo1d;
    const uint64_t st = MFC0_32(12) & 0xFFFFFFFFull;
    /* EntryLo0 stored after the last trap, with bit 40 set: not an EntryLo bit, dropped as
       MTC0 would (the page slot shows it right after, before any trap). */
    __asm__ volatile(".set push\n.set noreorder\n"
                     "dla $8, 1f\nsd $8, 0x10(%0)\nmtc0 %1, $12\nnop\nsd %2, 0x50(%0)\ntlbwr\neret\nnop\n1:\n.set pop"
                     :: "r"(DISCO_PRIV_PAGE), "r"(st | 2), "r"(lo0d | (1ull << 40)) : "$8", "memory");
    const uint64_t pl0 = PRIV(PRIV_ENTRYLO0), pl1 = PRIV(PRIV_ENTRYLO1);
    report(pl0 == lo0d && pl1 == lo1d, "TLBWR+ERET: EntryLo0/1 on the page as MTC0 leaves them (0x%lx)", pl0);
    report((MFC0_32(12) & 0xFFFFFFFFull) == st, "TLBWR+ERET: back at the EPC on the page, EXL clear (0x%lx)", MFC0_32(12));
    MTC0(10, hi7);
    __asm__ volatile("tlbp" ::: "memory");
    const uint64_t i7 = MFC0_32(0);
    MTC0(2, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(i7 < 64 && i7 >= MFC0(6) && MFC0(2) == lo0d && MFC0(3) == lo1d && MFC0(10) == hi7,
           "... the entry written at random index %lu, TLBR reads it back", i7);
    *(volatile uint64_t *)0x701010ull = 0xabcdef01ull;
    report(*(volatile uint64_t *)(0xFFFFFFFFC0000000ull + 0x307010ull) == 0xabcdef01ull, "... and maps its pages at once");
    MTC0(10, 0);
    /* A deferred HC_TLB_UPDATE (abi.h PRIV_TLB_*): done at the next trap, before it. (a) The
       next trap is an MTC0 (C does the update, a new entry: TLBWR), (b) an ERET that rewrites
       that entry (the monitor's assembly fast path, arch/entry.S tlbupd_eret). */
    const uint64_t hi8 = 0x00900000ull, lo0e = (0x308ull << 6) | (3 << 3) | 6, lo1e = (0x309ull << 6) | (3 << 3) | 6;
    PRIV(PRIV_TLB_HI) = hi8;
    PRIV(PRIV_TLB_LO0) = lo0e;
    PRIV(PRIV_TLB_LO1) = lo1e;
    PRIV(PRIV_TLB_PENDING) = 1;
    MTC0(10, hi8);
    __asm__ volatile("tlbp" ::: "memory");
    const uint64_t i8 = MFC0_32(0);
    MTC0(2, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(PRIV(PRIV_TLB_PENDING) == 0 && i8 < 64 && MFC0(2) == lo0e && MFC0(3) == lo1e && MFC0(10) == hi8,
           "deferred TLB update at the next trap (an MTC0): entry %lu, TLBR reads it back", i8);
    *(volatile uint64_t *)0x901018ull = 0x5eedull;
    report(*(volatile uint64_t *)(0xFFFFFFFFC0000000ull + 0x309018ull) == 0x5eedull, "... and it maps its pages");
    const uint64_t lo0f = (0x30Aull << 6) | (3 << 3) | 6, lo1f = (0x30Bull << 6) | (3 << 3) | 6;
    const uint64_t st8 = MFC0_32(12) & 0xFFFFFFFFull;
    MTC0(12, st8 | 2); /* EXL, for the ERET */
    PRIV(PRIV_TLB_HI) = hi8;
    PRIV(PRIV_TLB_LO0) = lo0f;
    PRIV(PRIV_TLB_LO1) = lo1f | (1ull << 61); /* not EntryLo's: dropped as MTC0 would */
    PRIV(PRIV_TLB_PENDING) = 1;
    __asm__ volatile(".set push\n.set noreorder\n"
                     "dla $8, 1f\nsd $8, 0x10(%0)\neret\nnop\n1:\n.set pop"
                     :: "r"(DISCO_PRIV_PAGE) : "$8", "memory");
    const uint64_t ql0 = PRIV(PRIV_ENTRYLO0), ql1 = PRIV(PRIV_ENTRYLO1); /* before any trap */
    report((MFC0_32(12) & 0xFFFFFFFFull) == st8 && PRIV(PRIV_TLB_PENDING) == 0,
           "deferred TLB update at an ERET: back at the EPC on the page, EXL clear, done");
    report(MFC0_32(0) == i8 && MFC0(10) == hi8 && ql0 == lo0f && ql1 == lo1f,
           "... Index, EntryHi, EntryLo0/1 as HC_TLB_UPDATE leaves them (0x%lx)", ql1);
    MTC0(10, hi8);
    __asm__ volatile("tlbp" ::: "memory");
    MTC0(2, 0);
    __asm__ volatile("tlbr" ::: "memory");
    report(MFC0_32(0) == i8 && MFC0(2) == lo0f && MFC0(3) == lo1f, "... the same entry rewritten, TLBR reads it back");
    *(volatile uint64_t *)0x900020ull = 0xfaceull;
    report(*(volatile uint64_t *)(0xFFFFFFFFC0000000ull + 0x30A020ull) == 0xfaceull, "... and it maps the new pages at once");
    MTC0(10, 0);
    /* DMTC0/MTC0 to EntryLo0 from registers the monitor's CP0-write fast path keeps in
       different places (arch/entry.S gpr_read): each value must arrive, MTC0 sign-extended. */
    unsigned bad = 0;
#define FROM(reg)                                                                                   \
    do {                                                                                            \
        uint64_t r_, w_;                                                                            \
        const uint64_t x_ = 0x12345000ull + (reg);                                                  \
        __asm__ volatile("move $" #reg ", %2\n\tdmtc0 $" #reg ", $2\n\tdmfc0 %0, $2\n\t"          \
                         "mtc0 $" #reg ", $3\n\tdmfc0 %1, $3"                                        \
                         : "=&r"(r_), "=&r"(w_)                                                     \
                         : "r"(x_ | 0x80000000ull)                                                  \
                         : "$" #reg);                                                               \
        if (r_ != (x_ | 0x80000000ull) || w_ != ((0xFFFFFFFF80000000ull | x_) & 0xC0000003FFFFFFFFull)) \
            bad |= 1u << ((reg) & 31);                                                              \
    } while (0)
    FROM(2); FROM(8); FROM(9); FROM(12); FROM(13); FROM(14); FROM(15); FROM(16); FROM(25); FROM(27);
    report(bad == 0, "DMTC0/MTC0 EntryLo from v0, a4, a5, t0-t3, s0, t9, k1 (bad: 0x%x)", bad);
    return report_summary();
}
