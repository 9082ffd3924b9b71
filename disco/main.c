/* The Disco monitor: it boots on the simulated machine in kernel mode, finds the guest images
   flashsim placed for it (DTB /chosen/vm@N), builds a VM for each and runs them in supervisor
   mode, as in Bugnion et al., SOSP 1997 (DESIGN.md "Disco"). */
#include "lib/lib.h"
#include "vm/vm.h"

void disco_main(const void *dtb);
void disco_secondary(uint64_t cpu);
void secondary_entry(void);

#define MONITOR_STACK 16384
static uint8_t stacks[MAX_PCPUS][MONITOR_STACK] __attribute__((aligned(16)));
static volatile unsigned cpus_up = 1;

/* Every CPU of the machine, through the MAGIC boot mailboxes (docs/magic.md). */
static void start_cpus(void) {
    nnodes = (unsigned)mmio_r64(MAGIC0 + 0x0008);
    unsigned c = 0;
    for (unsigned n = 0; n < nnodes; n++) {
        const uint64_t magic = ((uint64_t)n << 32) | MAGIC0;
        const unsigned first = (unsigned)mmio_r64(magic + 0x18), cpus = (unsigned)mmio_r64(magic + 0x10);
        for (unsigned k = 0; k < cpus && first + k < MAX_PCPUS; k++) {
            c = first + k;
            pcpus[c].id = c;
            pcpus[c].node = n;
            pcpus[c].stack_top = (uint64_t)&stacks[c][MONITOR_STACK];
            if (c == 0) continue;
            const uint64_t mb = magic + 0x1000 + 0x40 * k;
            mmio_w64(mb + 0x00, (uint64_t)secondary_entry);
            mmio_w64(mb + 0x08, pcpus[c].stack_top);
            mmio_w64(mb + 0x18, c);
            mmio_w64(mb + 0x20, 1);
        }
    }
    npcpus = c + 1;
    while (cpus_up < npcpus) {
    }
}

void disco_secondary(uint64_t cpu) {
    struct pcpu *me = &pcpus[cpu];
    tlb_flush_all();
    timer_rearm(me);
    big_lock();
    cpus_up++;
    big_unlock();
    schedule(me);
}

void disco_main(const void *dtb) {
    struct fdt_info info;
    if (fdt_parse(dtb, &info)) panic("no valid device tree at %p", dtb);
    kprintf("disco: monitor up, %u VM image(s)\n", info.nvms);
    if (!info.nvms) panic("no VM to run: give flashsim --vm IMAGE.elf[,cpus=N][,mem=SIZE]");
    machine_init(&info);
    pmap_init();
    nnodes = (unsigned)mmio_r64(MAGIC0 + 0x0008);
    for (unsigned i = 0; i < info.nvms; i++) {
        const struct fdt_vm *d = &info.vms[i];
        const int r = vm_create(&vms[i], i, d->name ? d->name : "?", (const uint8_t *)CACHED(d->base), d->size,
                                d->mem, d->cpus, i % nnodes);
        if (r) panic("vm%u (%s): cannot create it (error %d): not an ELF64 linked for the supervisor "
                     "segment, or not enough machine memory",
                     i, d->name, r);
        vms[i].disk_base = d->disk_base;
        vms[i].disk_sectors = d->disk_size / 512;
        kprintf("disco: vm%u: %s, %u vCPU(s), %lu MiB on node %u%s\n", i, d->name, vms[i].ncpus, d->mem >> 20,
                vms[i].home, vms[i].disk_sectors ? ", a disk" : "");
    }
    nvms = info.nvms;
    start_cpus();
    kprintf("disco: %u CPU(s) on %u node(s)\n", npcpus, nnodes);
    tlb_flush_all();
    timer_rearm(&pcpus[0]);
    schedule(&pcpus[0]);
}
