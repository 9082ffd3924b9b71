/* FLASH's miss counters and hot-page interrupt (docs/magic.md), in timing mode on two nodes:
   CPU 1 (node 1) keeps missing on a page of node 0's memory; when the (page, node 1) count
   reaches HOT_THRESHOLD, node 0's MAGIC queues a record and raises IP4 on CPU 0, whose
   handler pops it and resets the page's counters. */
#include "guest.h"

#define THRESHOLD 200
#define L2_WAY (512u << 10) /* 1 MiB 2-way L2: addresses 512 KiB apart share a set */

static volatile uint64_t popped, popped_count, interrupts, stop;
static volatile uint64_t pages[8], npages;
static uint8_t stack1[8192] __attribute__((aligned(16)));

/* A page of node 0's memory, cacheable coherent through xkphys, clear of this program. */
#define HOT_PA 0x02000000ull
static inline volatile uint64_t *cached(uint64_t pa) { return (volatile uint64_t *)(0xA800000000000000ull | pa); }

static void on_exception(struct exc_frame *f) {
    if (EXC_CODE(f) == 0 && (f->cause & (1u << 12))) { /* IP4: hot page */
        interrupts++;
        const uint64_t rec = mmio_read64(MAGIC(0) + 0x4010); /* HOT_POP */
        if (rec) {
            if (npages < 8) pages[npages++] = rec;
            popped = rec;
            popped_count = mmio_read64(MAGIC(0) + 0x4018);
            mmio_write64(MAGIC(0) + 0x4020, rec & ~0xFFFull); /* HOT_RESET the page */
        }
        return;
    }
    printf_("unexpected exception %lu at 0x%lx\n", EXC_CODE(f), f->epc);
    exit(97);
}

void secondary_main(uint64_t arg) {
    (void)arg;
    /* Three lines in one L2 set: every access misses, and one of them is in the hot page. */
    volatile uint64_t *a = cached(HOT_PA), *b = cached(HOT_PA + L2_WAY), *c = cached(HOT_PA + 2 * L2_WAY);
    uint64_t sum = 0;
    while (!stop) sum += *a + *b + *c;
    for (;;) {
    }
}

int main(void) {
    exc_handler = on_exception;
    report(mmio_read64(MAGIC(0) + 0x4008) == 0, "hot-page queue starts empty");
    mmio_write64(MAGIC(0) + 0x4000, THRESHOLD); /* HOT_THRESHOLD */
    mmio_write64(MAGIC(0) + 0x4028, 0);         /* HOT_TARGET: CPU 0 */
    MTC0(12, MFC0(12) | 1 | (1u << 12));        /* IE, IM4 */
    const uint64_t first1 = mmio_read64(MAGIC(1) + MAGIC_FIRST_CPU);
    const uint64_t mb = MAGIC(1) + MAGIC_MAILBOX(0);
    mmio_write64(mb + 0x00, (uint64_t)secondary_start);
    mmio_write64(mb + 0x08, (uint64_t)&stack1[8192]);
    mmio_write64(mb + 0x20, 1);
    report(first1 == 1, "node 1's first CPU is CPU 1");
    /* All three lines miss equally often: their three pages become hot. */
    while (npages < 3) {
    }
    stop = 1;
    unsigned seen = 0;
    for (unsigned i = 0; i < 3; i++) {
        const uint64_t page = pages[i] & ~0xFFFull;
        for (unsigned k = 0; k < 3; k++)
            if (page == HOT_PA + k * L2_WAY) seen |= 1u << k;
        report((pages[i] & 0x800) != 0, "record %u is valid", i);
        report((pages[i] & 0xFF) == 1, "record %u: misses came from node %lu", i, pages[i] & 0xFF);
    }
    report(seen == 7, "the three thrashed pages were reported (mask %u)", seen);
    report(popped_count == THRESHOLD, "queued at the threshold: %lu", popped_count);
    report(interrupts >= 1, "IP4 taken %lu times", interrupts);
    mmio_write64(MAGIC(0) + 0x4030, HOT_PA | 1); /* MISS_SELECT page, node 1 */
    report(mmio_read64(MAGIC(0) + 0x4038) < THRESHOLD, "counters reset by HOT_RESET");
    return report_summary();
}
