/* Independent work on every CPU: CPU 0 starts the others through their MAGIC mailboxes, each
   runs the same integer kernel on its own data, CPU 0 waits for all and exits. Used by
   benchmarks/numa.py for aggregate simulated MIPS against the CPU count. */
#include "guest.h"

#define MAX_CPUS 64
#ifndef WORK
#define WORK 2000000
#endif

static volatile uint64_t done[MAX_CPUS], result[MAX_CPUS];
static uint8_t stacks[MAX_CPUS][4096] __attribute__((aligned(16)));

static uint64_t kernel(uint64_t seed) {
    uint64_t a = seed | 1, b = 0x9E3779B97F4A7C15ull, acc = 0;
    uint32_t buf[64];
    for (unsigned i = 0; i < 64; i++) buf[i] = (uint32_t)(seed * (i + 1));
    for (uint64_t i = 0; i < WORK; i++) {
        a ^= a << 13;
        a ^= a >> 7;
        a ^= a << 17;
        b += a;
        buf[i & 63] += (uint32_t)(a >> 32);
        acc += buf[(i * 7) & 63] ^ b;
    }
    return acc;
}

void secondary_main(uint64_t cpu) {
    result[cpu] = kernel(cpu + 1);
    done[cpu] = 1;
    for (;;) {
    }
}

int main(void) {
    const unsigned ncpu = (unsigned)mmio_read64(MAGIC(0) + MAGIC_CPU_COUNT);
    const unsigned nodes = (unsigned)mmio_read64(MAGIC(0) + MAGIC_NODE_COUNT);
    if (ncpu > MAX_CPUS) {
        printf_("smp_work: at most %u CPUs\n", MAX_CPUS);
        return 2;
    }
    for (unsigned n = 0; n < nodes; n++) {
        const unsigned first = (unsigned)mmio_read64(MAGIC(n) + MAGIC_FIRST_CPU);
        const unsigned cpus = (unsigned)mmio_read64(MAGIC(n) + MAGIC_NODE_CPUS);
        for (unsigned k = 0; k < cpus; k++) {
            const unsigned c = first + k;
            if (c == 0) continue;
            const uint64_t mb = MAGIC(n) + MAGIC_MAILBOX(k);
            mmio_write64(mb + 0x00, (uint64_t)secondary_start);
            mmio_write64(mb + 0x08, (uint64_t)&stacks[c][4096]);
            mmio_write64(mb + 0x18, c);
            mmio_write64(mb + 0x20, 1);
        }
    }
    result[0] = kernel(1);
    uint64_t sum = result[0];
    for (unsigned c = 1; c < ncpu; c++) {
        while (!done[c]) {
        }
        sum += result[c];
    }
    printf_("smp_work: %u CPUs, checksum 0x%lx\n", ncpu, sum);
    return 0;
}
