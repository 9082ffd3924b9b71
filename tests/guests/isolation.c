/* Under Disco, several copies run at once: each fills its memory with a pattern of its own,
   keeps checking it while the others run (time slices), and finds that addresses beyond its
   guest-physical memory fault instead of reaching another VM's (DESIGN.md "Disco": a fault
   in one VM leaves the others running). */
#include "disco/abi.h"
#include "guest.h"

#define WORDS (256u * 1024u) /* 2 MiB */
static uint64_t area[WORDS];

int main(void) {
    const long id = hcall(HC_VM_INFO, 2, 0), mem = hcall(HC_VM_INFO, 1, 0);
    report(id >= 0, "running as VM %ld with %ld MiB", id, mem >> 20);
    const uint64_t tag = 0x1500000000000000ull | ((uint64_t)id << 40);
    for (unsigned i = 0; i < WORDS; i++) area[i] = tag | i;
    unsigned bad = 0;
    for (unsigned round = 0; round < 20; round++) /* long enough for many time slices */
        for (unsigned i = 0; i < WORDS; i += 7) bad += area[i] != (tag | i);
    report(bad == 0, "its memory kept its own pattern while other VMs ran (%u words changed)", bad);
    exc_handler = skip_fault;
    volatile uint64_t *beyond = (volatile uint64_t *)(DISCO_DIRECT_MAP + (uint64_t)mem + 0x100000);
    const uint64_t v = *beyond;
    (void)v;
    report(faults == 1, "a load beyond its memory faults (%lu, code %lu)", faults, fault_code);
    *beyond = 0xbad;
    report(faults == 2, "a store beyond its memory faults (%lu)", faults);
    exc_handler = 0;
    report(hcall(999, 0, 0) == HC_ENOSYS, "an unknown hypercall returns HC_ENOSYS");
    report(hcall(HC_ZERO_PAGE, mem + 4096, 0) == HC_EFAULT, "zeroing a page beyond its memory: HC_EFAULT");
    report(hcall(HC_ZERO_PAGE, 123, 0) == HC_EFAULT, "zeroing an unaligned page: HC_EFAULT");
    report(hcall(HC_CONSOLE_WRITE, 0x10, 5) == HC_EFAULT, "console write from an unmapped address: HC_EFAULT");
    report(hcall(HC_CONSOLE_WRITE, (long)area, 1 << 20) == HC_EINVAL, "console write too long: HC_EINVAL");
    return report_summary();
}
