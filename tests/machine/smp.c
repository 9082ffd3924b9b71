/* SMP on the multi-node machine: CPU 0 reads the machine from MAGIC, starts every other CPU
   through its node's boot mailbox, all CPUs add to one counter with LL/SC at once, and CPU 0
   sends each an IPI that its handler acknowledges (docs/magic.md). */
#include "guest.h"

#define MAX_CPUS 16
#define ADDS 20000

static volatile uint64_t counter;
static volatile uint64_t alive[MAX_CPUS], got_ipi[MAX_CPUS], ipi_bits[MAX_CPUS], node_seen[MAX_CPUS];
static volatile uint64_t go;
static uint8_t stacks[MAX_CPUS][8192] __attribute__((aligned(16)));

static void atomic_add(volatile uint64_t *p, uint64_t v) {
    uint64_t tmp;
    __asm__ volatile(".set push\n.set noreorder\n"
                     "1: lld %0, 0(%1)\n"
                     "   daddu %0, %0, %2\n"
                     "   scd %0, 0(%1)\n"
                     "   beqz %0, 1b\n"
                     "   nop\n"
                     ".set pop\n"
                     : "=&r"(tmp) : "r"(p), "r"(v) : "memory");
}

static unsigned node_of(unsigned cpu) {
    const unsigned nodes = (unsigned)mmio_read64(MAGIC(0) + MAGIC_NODE_COUNT);
    for (unsigned n = 0; n < nodes; n++) {
        const unsigned first = (unsigned)mmio_read64(MAGIC(n) + MAGIC_FIRST_CPU);
        if (cpu >= first && cpu < first + mmio_read64(MAGIC(n) + MAGIC_NODE_CPUS)) return n;
    }
    return ~0u;
}

static void on_exception(struct exc_frame *f) {
    const unsigned me = whoami();
    if (EXC_CODE(f) == 0 && (f->cause & (1u << 11))) { /* IP3: an IPI */
        const unsigned n = node_of(me);
        const uint64_t first = mmio_read64(MAGIC(n) + MAGIC_FIRST_CPU);
        const uint64_t reg = MAGIC(n) + MAGIC_IPI_PENDING(me - first);
        ipi_bits[me] = mmio_read64(reg);
        mmio_write64(reg, ipi_bits[me]); /* write 1 to clear: IP3 drops */
        got_ipi[me] = 1;
        return;
    }
    printf_("cpu %u: unexpected exception %lu at 0x%lx\n", me, EXC_CODE(f), f->epc);
    exit(97);
}

void secondary_main(uint64_t arg) {
    const unsigned me = whoami();
    alive[me] = arg;
    node_seen[me] = mmio_read64(MAGIC(node_of(me)) + MAGIC_NODE_ID);
    while (!go) {
    }
    for (int i = 0; i < ADDS; i++) atomic_add(&counter, 1);
    /* Take IPIs: IE and IM3 (Status bits 0 and 11). */
    MTC0(12, MFC0(12) | 1 | (1u << 11));
    for (;;) {
    }
}

int main(void) {
    exc_handler = on_exception;
    const unsigned ncpu = (unsigned)mmio_read64(MAGIC(0) + MAGIC_CPU_COUNT);
    const unsigned nodes = (unsigned)mmio_read64(MAGIC(0) + MAGIC_NODE_COUNT);
    report(whoami() == 0, "CPU 0 boots");
    report(ncpu > 1 && ncpu <= MAX_CPUS, "%u CPUs on %u nodes", ncpu, nodes);
    for (unsigned n = 0; n < nodes; n++)
        report(mmio_read64(MAGIC(n) + MAGIC_NODE_ID) == n, "node %u's MAGIC says node %u", n, n);
    for (unsigned c = 1; c < ncpu; c++) {
        const unsigned n = node_of(c);
        const uint64_t mb = MAGIC(n) + MAGIC_MAILBOX(c - mmio_read64(MAGIC(n) + MAGIC_FIRST_CPU));
        mmio_write64(mb + 0x00, (uint64_t)secondary_start);
        mmio_write64(mb + 0x08, (uint64_t)&stacks[c][8192]);
        mmio_write64(mb + 0x18, 1000 + c);
        report(mmio_read64(mb + 0x20) == 0, "cpu %u held before START", c);
        mmio_write64(mb + 0x20, 1);
        report(mmio_read64(mb + 0x20) == 1, "cpu %u released", c);
    }
    for (unsigned c = 1; c < ncpu; c++) {
        while (!alive[c]) {
        }
        report(alive[c] == 1000 + c, "cpu %u runs with a0 from its mailbox", c);
        report(node_seen[c] == node_of(c), "cpu %u sees its own node %lu", c, node_seen[c]);
    }
    go = 1;
    for (int i = 0; i < ADDS; i++) atomic_add(&counter, 1);
    while (counter < (uint64_t)ADDS * ncpu) {
    }
    report(counter == (uint64_t)ADDS * ncpu, "LL/SC counter = %lu (expected %lu)", counter, (uint64_t)ADDS * ncpu);
    for (unsigned c = 1; c < ncpu; c++) {
        mmio_write64(MAGIC(0) + MAGIC_IPI_SEND, ((uint64_t)c << 32) | (1u << (c % 8)));
        while (!got_ipi[c]) {
        }
        report(got_ipi[c] == 1, "cpu %u took its IPI", c);
        report(ipi_bits[c] == (1u << (c % 8)), "cpu %u read its IPI bits 0x%lx", c, ipi_bits[c]);
    }
    report(mmio_read64(MAGIC(0) + MAGIC_CYCLE) > 0, "the global cycle counter runs");
    return report_summary();
}
