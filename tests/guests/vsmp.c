/* A VM with two vCPUs under Disco: vCPU 0 starts vCPU 1 with HC_VCPU_START; both add to one
   counter with LL/SC (on one or two physical CPUs); bad HC_VCPU_START arguments fail. */
#include "disco/abi.h"
#include "guest.h"

#define ADDS 20000
static volatile uint64_t counter, started, done1;
static uint8_t stack1[8192] __attribute__((aligned(16)));

static void atomic_add(volatile uint64_t *p, uint64_t v) {
    uint64_t tmp;
    __asm__ volatile(".set push\n.set noreorder\n"
                     "1: lld %0, 0(%1)\n daddu %0, %0, %2\n scd %0, 0(%1)\n beqz %0, 1b\n nop\n"
                     ".set pop\n"
                     : "=&r"(tmp) : "r"(p), "r"(v) : "memory");
}

void secondary_main(uint64_t arg) {
    started = arg;
    for (int i = 0; i < ADDS; i++) atomic_add(&counter, 1);
    done1 = hcall(HC_VCPU_ID, 0, 0) + 1;
    hcall(HC_IDLE, 0, 0);
    for (;;) {
    }
}

static long vcpu_start(long n, uint64_t pc, uint64_t sp, uint64_t a0) {
    return hcall4(HC_VCPU_START, n, (long)pc, (long)sp, (long)a0);
}

int main(void) {
    report(hcall(HC_VM_INFO, 0, 0) == 2, "the VM has 2 vCPUs");
    report(hcall(HC_VCPU_ID, 0, 0) == 0, "this is vCPU 0");
    report(vcpu_start(5, 0, 0, 0) == HC_EINVAL, "starting vCPU 5 of 2: HC_EINVAL");
    report(vcpu_start(0, 0, 0, 0) == HC_EINVAL, "starting itself: HC_EINVAL");
    report(vcpu_start(1, (uint64_t)secondary_start, (uint64_t)&stack1[8192], 77) == 0, "vCPU 1 started");
    report(vcpu_start(1, (uint64_t)secondary_start, (uint64_t)&stack1[8192], 77) == HC_EINVAL,
           "starting it again: HC_EINVAL");
    for (int i = 0; i < ADDS; i++) atomic_add(&counter, 1);
    while (!done1) {
    }
    report(started == 77, "vCPU 1 got its a0 (%lu)", started);
    report(done1 == 2, "vCPU 1 knows it is vCPU 1");
    report(counter == 2 * ADDS, "LL/SC counter across vCPUs = %lu", counter);
    return report_summary();
}
