/* Coprocessor 0: PRId, Status writable bits, MTC0/MFC0 sign extension, read-only registers,
   Count (one tick every other cycle) and Compare (IP7 timer interrupt, acknowledged by
   writing Compare), software interrupts IP0/IP1 through Cause, interrupt masking by IE, IM,
   EXL and ERL, the Watch exception (WatchLo = PAddr 31:3 | R | W), ERET (to EPC, clears EXL,
   no delay slot) and the ErrorEPC/ERL path, ERL's unmapped kuseg, Config.BE.
   Sources: R10000 Microprocessor User's Manual v2.0 ch. 14 (CP0) and 15/17 (exceptions);
   MIPS IV ISA (MFC0/MTC0/DMFC0/DMTC0/ERET). */
#include "isatest.h"

#define CAUSE_IP(n) (1ull << (8 + (n)))

static volatile unsigned n_int, n_watch;
static volatile uint64_t int_cause, int_epc, int_status, watch_epc, watch_cause;
static volatile uint32_t int_count;

static void cp0_handler(struct exc_frame *f) {
    const uint64_t code = EXC_CODE(f);
    if (code == EXC_INT) {
        n_int++;
        int_cause = f->cause;
        int_epc = f->epc;
        int_status = f->status;
        int_count = (uint32_t)MFC0(9);
        if (f->cause & CAUSE_IP(7)) MTC0(11, MFC0(11)); /* writing Compare acknowledges IP7 */
        if (f->cause & (CAUSE_IP(0) | CAUSE_IP(1))) MTC0(13, 0);
        return; /* resume at EPC: the interrupted instruction */
    }
    if (code == EXC_WATCH) {
        n_watch++;
        watch_epc = f->epc;
        watch_cause = f->cause;
        MTC0(18, 0); /* disarm, then re-execute the access */
        return;
    }
    capture_handler(f);
}

static void test_ids(void) {
    const uint64_t prid = MFC0(15);
    chk("PRId implementation (bits 15:8) = 0x09 (R10000)", (prid >> 8) & 0xff, 0x09);
    chk("PRId bits 63:16 zero", prid >> 16, 0);
    MTC0(15, 0x12345678);
    chk("PRId is read-only", MFC0(15), prid);
    const uint64_t cfg = MFC0(16);
    chk("Config.BE (bit 15) = 1: big-endian", (cfg >> 15) & 1, 1);
    const uint64_t bva = MFC0(8);
    MTC0(8, 0x1234);
    chk("BadVAddr is read-only", MFC0(8), bva);
}

static uint64_t status_roundtrip(uint64_t v) {
    const uint64_t saved = MFC0(12);
    MTC0(12, v);
    const uint64_t r = MFC0(12);
    MTC0(12, saved);
    return r;
}

static void test_status(void) {
    const uint64_t sr = MFC0(12);
    chk("boot Status = CU0|CU1|FR|KX|SX|UX (DESIGN.md)", sr,
        SR_CU0 | SR_CU1 | SR_FR | SR_KX | SR_SX | SR_UX);
    static const struct {
        const char *name;
        uint64_t bit;
    } bits[] = {
        {"IE", SR_IE}, {"EXL", SR_EXL}, {"ERL", SR_ERL}, {"UX", SR_UX}, {"SX", SR_SX},
        {"KX", SR_KX}, {"IM0", SR_IM(0)}, {"IM1", SR_IM(1)}, {"IM2", SR_IM(2)}, {"IM3", SR_IM(3)},
        {"IM4", SR_IM(4)}, {"IM5", SR_IM(5)}, {"IM6", SR_IM(6)}, {"IM7", SR_IM(7)}, {"BEV", SR_BEV},
        {"FR", SR_FR}, {"CU0", SR_CU0}, {"CU1", SR_CU1}, {"CU2", SR_CU2}, {"XX", SR_XX},
    };
    for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        const uint64_t v = sr ^ bits[i].bit;
        report(status_roundtrip(v) == v, "Status.%s toggles (wrote 0x%lx)", bits[i].name, v);
    }
    /* KSU with EXL set (so we stay in kernel mode): supervisor and user encodings */
    uint64_t v = sr | SR_EXL | SR_KSU_USER;
    chk("Status.KSU = user (with EXL) reads back", status_roundtrip(v), v);
    v = sr | SR_EXL | SR_KSU_SUPER;
    chk("Status.KSU = supervisor (with EXL) reads back", status_roundtrip(v), v);
    v = sr | SR_IM(0) | SR_IM(7) | SR_IM(3);
    chk("several IM bits at once", status_roundtrip(v), v);
    chk("Status restored", MFC0(12), sr);
    report((MFC0(12) >> 32) == 0, "Status bits 63:32 read zero");
}

static void test_move_sign_extension(void) {
    const uint64_t epc0 = MFC0(14);
    MTC0(14, 0x0123456789abcdefull);
    chk("dmtc0/dmfc0 EPC: 64 bits", MFC0(14), 0x0123456789abcdefull);
    chk("mfc0 EPC: low word sign-extended", MFC0_32(14), 0xffffffff89abcdefull);
    __asm__ volatile("mtc0 %0, $14" ::"r"(0x0000000080001234ull));
    chk("mtc0 EPC: the word is sign-extended into the 64-bit register", MFC0(14), 0xffffffff80001234ull);
    MTC0(30, 0xfedcba9876543210ull);
    chk("ErrorEPC 64 bits", MFC0(30), 0xfedcba9876543210ull);
    MTC0(14, epc0);
    MTC0(11, 0xfffffff0ull);
    chk("Compare reads back (32-bit, mfc0)", MFC0_32(11), 0xfffffffffffffff0ull);
    MTC0(11, 0);
}

static void test_count(void) {
    uint32_t c0, c1;
    uint64_t y0, y1;
    c0 = (uint32_t)MFC0_32(9);
    for (volatile unsigned i = 0; i < 200; i++) {
    }
    c1 = (uint32_t)MFC0_32(9);
    report(c1 != c0, "Count advances (0x%x -> 0x%x)", c0, c1);
    /* against the simulator's cycle counter: one tick every other cycle */
    y0 = cycles();
    c0 = (uint32_t)MFC0_32(9);
    for (volatile unsigned i = 0; i < 1000; i++) {
    }
    c1 = (uint32_t)MFC0_32(9);
    y1 = cycles();
    const uint64_t dc = (uint32_t)(c1 - c0), dy = y1 - y0;
    report(dc * 2 <= dy + 4 && dc * 2 + 8 >= dy, "Count ticks at half the cycle rate (%lu ticks, %lu cycles)", dc,
           dy);
    MTC0(9, 0x12345678);
    c0 = (uint32_t)MFC0_32(9);
    report(c0 - 0x12345678u < 64, "Count is writable (wrote 0x12345678, read 0x%x)", c0);
    MTC0(9, 0xfffffff0u);
    for (volatile unsigned i = 0; i < 20; i++) {
    }
    c0 = (uint32_t)MFC0_32(9);
    report(c0 < 0x1000, "Count wraps from 0xffffffff to 0 (read 0x%x)", c0);
}

static void spin_until(volatile unsigned *counter, unsigned target) {
    for (unsigned i = 0; i < 200000 && *counter < target; i++) {
    }
}

static void test_timer(void) {
    const uint64_t sr = MFC0(12);
    exc_handler = cp0_handler;

    /* polled: IE=0, IP7 appears in Cause when Count reaches Compare; no exception */
    n_int = 0;
    const uint32_t pcmp = (uint32_t)MFC0(9) + 2000;
    MTC0(11, pcmp);
    const uint64_t cause_after_write = MFC0(13);
    unsigned i;
    for (i = 0; i < 100000 && !(MFC0(13) & CAUSE_IP(7)); i++) {
    }
    const uint32_t seen_at = (uint32_t)MFC0(9);
    chk("writing Compare clears IP7", cause_after_write & CAUSE_IP(7), 0);
    report((MFC0(13) & CAUSE_IP(7)) != 0, "Cause.IP7 set when Count reaches Compare (IE=0, after %u polls)", i);
    report((int32_t)(seen_at - pcmp) >= 0 && (int32_t)(seen_at - pcmp) < 64,
           "  not before Count = Compare (Count 0x%x, Compare 0x%x)", seen_at, pcmp);
    report(i > 10, "  not at once (%u polls)", i);
    chk("no interrupt with IE=0", n_int, 0);
    MTC0(11, MFC0(11));
    chk("rewriting Compare clears Cause.IP7", MFC0(13) & CAUSE_IP(7), 0);

    /* taken: IE=1, IM7=1 */
    n_int = 0;
    const uint32_t cmp = (uint32_t)MFC0(9) + 300;
    MTC0(11, cmp);
    MTC0(12, sr | SR_IE | SR_IM(7));
    spin_until(&n_int, 1);
    MTC0(12, sr);
    chk("timer interrupt taken once", n_int, 1);
    chk("  ExcCode 0 (Int)", (int_cause >> 2) & 31, EXC_INT);
    report((int_cause & CAUSE_IP(7)) != 0, "  Cause.IP7 set in the handler (cause 0x%lx)", int_cause);
    report((int_status & SR_EXL) != 0, "  Status.EXL set in the handler");
    report((int32_t)(int_count - cmp) >= 0 && (int32_t)(int_count - cmp) < 64,
           "  taken when Count reached Compare (Count 0x%x, Compare 0x%x)", int_count, cmp);
    report((int_epc >> 32) == 0xffffffffull, "  EPC in kseg0 code (0x%lx)", int_epc);
    chk("  acknowledged: IP7 clear after the handler", MFC0(13) & CAUSE_IP(7), 0);

    /* pending but masked by IM7, then unmasked */
    n_int = 0;
    MTC0(11, (uint32_t)MFC0(9) + 50);
    MTC0(12, sr | SR_IE);
    for (i = 0; i < 100000 && !(MFC0(13) & CAUSE_IP(7)); i++) {
    }
    report((MFC0(13) & CAUSE_IP(7)) != 0 && n_int == 0, "IP7 pending with IM7=0: no interrupt (%u)", n_int);
    MTC0(12, sr | SR_IE | SR_IM(7));
    __asm__ volatile("nop\n nop\n nop\n nop");
    MTC0(12, sr);
    chk("setting IM7 with IP7 pending: interrupt taken at once", n_int, 1);

    /* masked by EXL, taken when EXL clears */
    n_int = 0;
    MTC0(11, (uint32_t)MFC0(9) + 50);
    MTC0(12, sr | SR_IE | SR_IM(7) | SR_EXL);
    for (i = 0; i < 100000 && !(MFC0(13) & CAUSE_IP(7)); i++) {
    }
    chk("IP7 pending with EXL=1: no interrupt", n_int, 0);
    MTC0(12, sr | SR_IE | SR_IM(7));
    __asm__ volatile("nop\n nop\n nop\n nop");
    MTC0(12, sr);
    chk("clearing EXL: the pending interrupt is taken", n_int, 1);

    /* masked by ERL */
    n_int = 0;
    MTC0(11, (uint32_t)MFC0(9) + 50);
    MTC0(12, sr | SR_IE | SR_IM(7) | SR_ERL);
    for (i = 0; i < 100000 && !(MFC0(13) & CAUSE_IP(7)); i++) {
    }
    MTC0(12, sr | SR_IM(7));
    chk("IP7 pending with ERL=1: no interrupt", n_int, 0);
    MTC0(11, 0);
    MTC0(12, sr);
    exc_handler = capture_handler;
}

static void test_soft_interrupts(void) {
    const uint64_t sr = MFC0(12);
    exc_handler = cp0_handler;
    for (unsigned n = 0; n < 2; n++) {
        n_int = 0;
        MTC0(12, sr | SR_IE | SR_IM(n));
        MTC0(13, CAUSE_IP(n));
        __asm__ volatile("nop\n nop\n nop\n nop");
        MTC0(12, sr);
        report(n_int == 1, "software interrupt IP%u taken (%u)", n, n_int);
        report((int_cause & CAUSE_IP(n)) != 0, "  Cause.IP%u set in the handler (0x%lx)", n, int_cause);
        chk("  ExcCode 0", (int_cause >> 2) & 31, EXC_INT);
        chk("  cleared by writing Cause", MFC0(13) & (CAUSE_IP(0) | CAUSE_IP(1)), 0);
    }
    /* masked: IP0 stays pending in Cause */
    n_int = 0;
    MTC0(12, sr | SR_IE | SR_IM(1));
    MTC0(13, CAUSE_IP(0));
    __asm__ volatile("nop\n nop\n nop\n nop");
    chk("IP0 with only IM1 enabled: no interrupt", n_int, 0);
    chk("  Cause.IP0 reads 1", MFC0(13) & CAUSE_IP(0), CAUSE_IP(0));
    MTC0(12, sr | SR_IE | SR_IM(0) | SR_IM(1));
    __asm__ volatile("nop\n nop\n nop\n nop");
    MTC0(12, sr);
    chk("  enabling IM0 takes it", n_int, 1);
    /* IE=0 */
    n_int = 0;
    MTC0(12, sr | SR_IM(0));
    MTC0(13, CAUSE_IP(0));
    __asm__ volatile("nop\n nop\n nop\n nop");
    chk("IP0 with IE=0: no interrupt", n_int, 0);
    MTC0(13, 0);
    chk("Cause.IP0 cleared by software", MFC0(13) & CAUSE_IP(0), 0);
    MTC0(12, sr);

    /* Cause: only IP1:0 are writable */
    exc_handler = capture_handler;
    exc_reset();
    __asm__ volatile("syscall");
    const uint64_t c0 = MFC0(13);
    MTC0(13, 0xffffffffull & ~(CAUSE_IP(0) | CAUSE_IP(1)));
    chk("Cause: writing ExcCode/BD/CE/IP7..2 has no effect", MFC0(13), c0);
    chk("Cause.ExcCode still Sys from the last exception", (MFC0(13) >> 2) & 31, EXC_SYS);
}

static volatile uint64_t watched[4] __attribute__((aligned(16))) = {0x1111, 0x2222, 0x3333, 0x4444};

static uint64_t ld_at(volatile uint64_t *p, uint64_t *epc) {
    uint64_t r, e;
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%1") "1: ld %0, 0(%2)\n.set pop"
                     : "=r"(r), "=&r"(e) : "r"(p) : "memory");
    *epc = e;
    return r;
}

static void test_watch(void) {
    exc_handler = cp0_handler;
    const uint64_t pa = KSEG0_PA(&watched[1]);
    uint64_t e, v;

    n_watch = 0;
    MTC0(19, 0);
    MTC0(18, pa | 2); /* R */
    v = ld_at(&watched[1], &e);
    chk("watch R: load of the watched dword raises Watch once", n_watch, 1);
    chk("  ExcCode 23", (watch_cause >> 2) & 31, EXC_WATCH);
    chk("  EPC = the load", watch_epc, e);
    chk("  the load completes when re-executed after disarming", v, 0x2222);

    n_watch = 0;
    MTC0(18, pa | 2);
    v = ld_at(&watched[2], &e);
    chk("watch R: another dword: no Watch", n_watch, 0);
    uint64_t b;
    __asm__ volatile("lbu %0, 5(%1)" : "=r"(b) : "r"(&watched[1]) : "memory");
    chk("watch R: lbu of a byte inside the watched dword: Watch", n_watch, 1);
    chk("  byte loaded after re-execution", b, 0);

    n_watch = 0;
    MTC0(18, pa | 2);
    watched[1] = 0x5555; /* a store with only R set */
    chk("watch R only: a store does not trigger", n_watch, 0);
    MTC0(18, pa | 1); /* W */
    v = ld_at(&watched[1], &e);
    chk("watch W only: a load does not trigger", n_watch, 0);
    chk("  (loaded 0x5555)", v, 0x5555);
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: sw %1, 4(%2)\n.set pop"
                     : "=&r"(e) : "r"(0x77ull), "r"(&watched[1]) : "memory");
    chk("watch W: sw into the watched dword raises Watch", n_watch, 1);
    chk("  EPC = the store", watch_epc, e);
    chk("  the store completes when re-executed", watched[1], 0x0000000000000077ull);
    MTC0(18, 0);
    exc_handler = capture_handler;
}

static void test_eret(void) {
    uint64_t r, st;
    const uint64_t sr = MFC0(12);
    /* ERET: to EPC, clears EXL, no delay slot */
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla $8, 1f\n dmtc0 $8, $14\n"
                     " mfc0 $8, $12\n ori $8, $8, 2\n mtc0 $8, $12\n nop\n"
                     " eret\n ori %0, %0, 1\n ori %0, %0, 2\n"
                     "1: ori %0, %0, 4\n mfc0 %1, $12\n.set pop"
                     : "=&r"(r), "=&r"(st) : : "$8", "memory");
    chk("eret: continues at EPC, the next instruction is not executed", r, 4);
    chk("eret: EXL cleared", st & SR_EXL, 0);

    /* ERL and EXL set: eret uses ErrorEPC and clears ERL only; a second eret uses EPC */
    uint64_t st1, st2;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n"
                     " dla $8, 2f\n dmtc0 $8, $14\n dla $8, 1f\n dmtc0 $8, $30\n"
                     " mfc0 $8, $12\n ori $8, $8, 6\n mtc0 $8, $12\n nop\n"
                     " eret\n ori %0, %0, 1\n"
                     "1: ori %0, %0, 2\n mfc0 %1, $12\n"
                     " eret\n ori %0, %0, 4\n"
                     "2: ori %0, %0, 8\n mfc0 %2, $12\n.set pop"
                     : "=&r"(r), "=&r"(st1), "=&r"(st2) : : "$8", "memory");
    chk("ERL path: eret to ErrorEPC, then eret to EPC", r, 2 | 8);
    chk("  after the first eret: ERL clear, EXL still set", st1 & (SR_ERL | SR_EXL), SR_EXL);
    chk("  after the second eret: both clear", st2 & (SR_ERL | SR_EXL), 0);
    MTC0(12, sr);

    /* ERL=1: kuseg is unmapped, uncached (R10000 manual 16.x): VA = PA */
    static volatile uint64_t probe = 0x0badc0ffee123456ull;
    const uint64_t pa = KSEG0_PA(&probe);
    uint64_t v;
    __asm__ volatile(".set push\n.set noreorder\n mfc0 $8, $12\n ori $9, $8, 4\n mtc0 $9, $12\n nop\n"
                     " ld %0, 0(%1)\n mtc0 $8, $12\n nop\n.set pop"
                     : "=&r"(v) : "r"(pa) : "$8", "$9", "memory");
    chk("ERL=1: kuseg address = physical address", v, 0x0badc0ffee123456ull);
    chk("Status back to its value", MFC0(12), sr);
}

int main(void) {
    exc_handler = capture_handler;
    test_ids();
    test_status();
    test_move_sign_extension();
    test_count();
    test_timer();
    test_soft_interrupts();
    test_watch();
    test_eret();
    exc_handler = 0;
    return report_summary();
}
