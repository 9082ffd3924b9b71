/* Switching modes while running (simctl MODE): the same pointer chase through memory costs
   one cycle per load in fast mode and a memory latency per load in timing mode. */
#include "guest.h"

#define SIMCTL_MODE 0x30
#define ELEMS 4096u
#define STRIDE 1024u

static uint64_t chase_cycles(uint64_t p, uint64_t loads) {
    const uint64_t t0 = cycles();
    pointer_chase(p, loads);
    return cycles() - t0;
}

int main(void) {
    /* A chain 1 KiB apart through 4 MiB of node 0 memory at 32 MiB (cacheable coherent). */
    const uint64_t base = 0xA800000002000000ull;
    for (unsigned i = 0; i < ELEMS; i++)
        *(volatile uint64_t *)(base + (uint64_t)i * STRIDE) = base + (uint64_t)((i * 2654435761u + 1) % ELEMS) * STRIDE;
    report(mmio_read64(SIMCTL_BASE + SIMCTL_MODE) == 0, "starts in fast mode");
    const uint64_t fast = chase_cycles(base, 20000);
    report(fast >= 4 * 20000 && fast < 4 * 20000 + 16, "fast: %lu cycles for 20000 iterations of 4 instructions (CPI 1)", fast);
    mmio_write64(SIMCTL_BASE + SIMCTL_MODE, 1);
    report(mmio_read64(SIMCTL_BASE + SIMCTL_MODE) == 1, "now in timing mode");
    const uint64_t timed = chase_cycles(base, 20000);
    report(timed > 20 * 20000, "timing: %lu cycles for 20000 loads (misses cost memory latency)", timed);
    mmio_write64(SIMCTL_BASE + SIMCTL_MODE, 0);
    const uint64_t again = chase_cycles(base, 20000);
    report(again == fast, "back in fast mode: %lu cycles", again);
    return report_summary();
}
