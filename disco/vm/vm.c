/* Creating VMs from their images, machine memory, and switching between vCPUs. */
#include "vm/vm.h"

#include "disco/abi.h"
#include "lib/lib.h"

struct vm vms[MAX_VMS];
unsigned nvms;
struct vcpu *current;

static uint64_t alloc_next, alloc_end;
extern char __monitor_end[];

void machine_init(uint64_t reserved_base);
void machine_init(uint64_t reserved_base) {
    /* Machine memory for guests: node 0, after the monitor, below the DTB and modules. */
    alloc_next = ((uint64_t)__monitor_end - 0xFFFFFFFF80000000ull + 0xFFFFF) & ~0xFFFFFull;
    alloc_end = reserved_base & ~0xFFFull;
}

uint64_t machine_alloc(uint64_t bytes) {
    bytes = (bytes + 0xFFF) & ~0xFFFull;
    if (alloc_next + bytes > alloc_end) return 0;
    const uint64_t pa = alloc_next;
    alloc_next += bytes;
    return pa;
}

struct load_ctx {
    struct vm *vm;
};

/* A guest segment at its ksseg (or xsseg) link address. */
static int load_segment(void *c, uint64_t vaddr, const uint8_t *src, uint64_t filesz, uint64_t memsz) {
    struct vm *vm = ((struct load_ctx *)c)->vm;
    uint64_t gpa;
    if (vaddr >= DISCO_KSEG && vaddr < DISCO_KSEG + DISCO_KSEG_SIZE) gpa = vaddr - DISCO_KSEG;
    else if (vaddr >= DISCO_DIRECT_MAP && vaddr < DISCO_DIRECT_MAP + (1ull << 40)) gpa = vaddr - DISCO_DIRECT_MAP;
    else return -10; /* not linked for the supervisor segment */
    if (gpa + memsz > vm->mem) return -11;
    for (uint64_t i = 0; i < memsz; i++) {
        const uint64_t g = gpa + i;
        *(volatile uint8_t *)CACHED(gpa_to_mpa(vm, g)) = i < filesz ? src[i] : 0;
    }
    return 0;
}

int vm_create(struct vm *vm, unsigned id, const char *name, const uint8_t *image, uint64_t size, uint64_t mem,
              unsigned cpus) {
    memset(vm, 0, sizeof *vm);
    vm->id = id;
    vm->name = name;
    vm->mem = mem;
    vm->ncpus = cpus > MAX_VCPUS ? MAX_VCPUS : cpus;
    const uint64_t pages = mem >> 12;
    vm->pmap = (uint64_t *)CACHED(machine_alloc(pages * 8));
    const uint64_t base = machine_alloc(mem);
    if (!base || vm->pmap == (uint64_t *)CACHED(0)) return -20;
    for (uint64_t g = 0; g < pages; g++) vm->pmap[g] = base + (g << 12);
    memset((void *)CACHED(base), 0, mem);
    struct load_ctx ctx = {vm};
    uint64_t entry = 0;
    const int r = elf_load(image, size, load_segment, &ctx, &entry);
    if (r) return r;
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu *v = &vm->vcpu[i];
        v->vm = vm;
        v->id = i;
        /* The boot state of DESIGN.md, virtually: kernel mode, CU0|CU1|FR|KX|SX|UX. */
        v->cp0[C0_STATUS] = ST_CU0 | ST_CU1 | ST_FR | ST_KX | ST_SX | ST_UX;
        v->cp0[C0_PRID] = 0x0900;
        v->cp0[C0_CONFIG] = (1u << 15) | (3u << 29) | (3u << 26) | (3u << 9) | (3u << 6); /* as native */
        v->cp0[C0_WIRED] = 0;
        v->f.pc = entry;
        v->f.gpr[4] = (uint64_t)-2;
        v->running = i == 0; /* others wait for HC_VCPU_START */
        v->priv_page = machine_alloc(4096);
        if (!v->priv_page) return -21;
        memset((void *)CACHED(v->priv_page), 0, 4096);
        apply_virtual_status(v);
    }
    return 0;
}

void switch_to(struct vcpu *v) {
    if (current && current->vm != v->vm) {
        tlb_flush_all();
    } else if (current && current != v) { /* same VM, other vCPU: its own privileged page */
        const struct vtlb_entry priv = {DISCO_PRIV_PAGE & ~0x1FFFull, 1, 1, 0};
        tlb_invalidate_range(&priv);
    }
    current = v;
    __asm__ volatile("mtc0 %0, $28" ::"r"((uint64_t)&v->f)); /* TagLo: the frame to save into */
    uint64_t hi = v->cp0[C0_ENTRYHI] & 0xFF;
    __asm__ volatile("dmtc0 %0, $10" ::"r"(hi)); /* real ASID = the guest's */
}

int virtual_interrupts_pending(struct vcpu *v) {
    const uint32_t now = virtual_count(v), cmp = (uint32_t)v->cp0[C0_COMPARE];
    if ((uint32_t)(cmp - v->last_vcount - 1) < (uint32_t)(now - v->last_vcount)) return 1;
    return (v->cp0[C0_CAUSE] & v->cp0[C0_STATUS] & 0xFF00ull) != 0;
}

static void vm_print_status(struct vm *vm) {
    kprintf("disco: vm%u (%s) halted with status %d\n", vm->id, vm->name, vm->status);
    kprintf("disco: vm%u stats: refills %lu kernel, %lu from its TLB, %lu from the L2TLB, %lu reflected; "
            "%lu privileged instructions emulated, %lu hypercalls\n",
            vm->id, vm->kernel_refills, vm->vtlb_hits, vm->l2tlb_hits, vm->l2tlb_misses, vm->emulated, vm->hypercalls);
}

void vm_halt(struct vm *vm, int status) {
    if (vm->halted) return;
    vm->halted = 1;
    vm->status = status;
    vm_console_flush(vm);
    for (unsigned i = 0; i < vm->ncpus; i++) vm->vcpu[i].running = 0;
    vm_print_status(vm);
}

/* Round-robin over runnable vCPUs (one physical CPU for now), every SLICE_TICKS of real Count
   or sooner when a vCPU halts or idles. Exits the machine when every VM has halted: status 0
   if all succeeded, else a bit per failed VM. */
void schedule(void) {
    const unsigned start = current ? current->vm->id * MAX_VCPUS + current->id + 1 : 0;
    for (unsigned pass = 0;; pass++) {
        int any = 0;
        for (unsigned k = 0; k < MAX_VMS * MAX_VCPUS; k++) {
            const unsigned i = (start + k) % (MAX_VMS * MAX_VCPUS);
            struct vm *vm = &vms[i / MAX_VCPUS];
            if (i / MAX_VCPUS >= nvms || vm->halted || i % MAX_VCPUS >= vm->ncpus) continue;
            struct vcpu *v = &vm->vcpu[i % MAX_VCPUS];
            if (!v->running) continue;
            any = 1;
            if (v->idle && !virtual_interrupts_pending(v)) continue;
            v->idle = 0;
            switch_to(v);
            virtual_interrupts(v);
            publish_privileged(v);
            resume(&v->f);
        }
        if (!any) break;
        /* Every runnable vCPU idles: wait for time to pass (the virtual timers). */
        for (volatile unsigned spin = 0; spin < 1000; spin++) {
        }
    }
    int failed = 0;
    for (unsigned i = 0; i < nvms; i++)
        if (vms[i].status != 0) failed |= 1 << i;
    kprintf("disco: all VMs halted%s\n", failed ? " (some failed)" : "");
    machine_exit(failed);
}
