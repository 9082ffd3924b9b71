/* The Disco monitor: it boots on the simulated machine in kernel mode, finds the guest images
   flashsim placed for it (DTB /chosen/vm@N), builds a VM for each and runs them in supervisor
   mode, as in Bugnion et al., SOSP 1997 (DESIGN.md "Disco"). */
#include "lib/lib.h"
#include "vm/vm.h"

void machine_init(uint64_t reserved_base);
void disco_main(const void *dtb);

void disco_main(const void *dtb) {
    struct fdt_info info;
    if (fdt_parse(dtb, &info)) panic("no valid device tree at %p", dtb);
    kprintf("disco: monitor up, %u VM image(s)\n", info.nvms);
    if (!info.nvms) panic("no VM to run: give flashsim --vm IMAGE.elf[,cpus=N][,mem=SIZE]");
    machine_init(info.reserved_base);
    for (unsigned i = 0; i < info.nvms; i++) {
        const struct fdt_vm *d = &info.vms[i];
        const int r = vm_create(&vms[i], i, d->name ? d->name : "?", (const uint8_t *)CACHED(d->base), d->size,
                                d->mem, d->cpus);
        if (r) panic("vm%u (%s): cannot create it (error %d): not an ELF64 linked for the supervisor "
                     "segment, or not enough machine memory",
                     i, d->name, r);
        kprintf("disco: vm%u: %s, %u vCPU(s), %lu MiB\n", i, d->name, vms[i].ncpus, d->mem >> 20);
    }
    nvms = info.nvms;
    tlb_flush_all();
    timer_rearm();
    schedule();
}
