/* Creating VMs from their images, machine memory, and switching between vCPUs. */
#include "vm/vm.h"

#include <stddef.h>

#include "arch/vcpu_offsets.h"

_Static_assert(offsetof(struct vcpu, l2tlb) == VCPU_L2TLB, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, pmap) == VCPU_PMAP, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, mem) == VCPU_MEM, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, l2base) == VCPU_L2BASE, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, cp0) == VCPU_CP0, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, priv_page) == VCPU_PRIV_PAGE, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, nested) == VCPU_NESTED, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, fast_erets) == VCPU_FAST_ERETS, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, fast_cp0) == VCPU_FAST_CP0, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, fast_hcalls) == VCPU_FAST_HCALLS, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, fast_tlbw) == VCPU_FAST_TLBW, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, tlb) == VCPU_TLB, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, vtlb_prev) == VCPU_VTLB_PREV, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, vtlb_head) == VCPU_VTLB_HEAD, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, vtlb_next) == VCPU_VTLB_NEXT, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, vtlb_large) == VCPU_VTLB_LARGE, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, priv_cached) == VCPU_PRIV_CACHED, "vcpu_offsets.h");
_Static_assert(offsetof(struct vcpu, fetch_cache) == VCPU_FETCH, "vcpu_offsets.h");
_Static_assert(VTLB_BUCKETS == 256 && sizeof(unsigned) == 4, "arch/entry.S refill_reflect");
_Static_assert(L2TLB_ENTRIES == 1024, "arch/entry.S: the fast path masks VPN2 bits 9:0");
_Static_assert(sizeof(struct l2tlb_entry) == 32, "the fast path indexes entries by << 5");

#include "disco/abi.h"
#include "lib/lib.h"

struct vm vms[MAX_VMS];
unsigned nvms;
struct pcpu pcpus[MAX_PCPUS];
unsigned npcpus = 1, nnodes = 1;

static volatile uint32_t lock_word;

void spin_lock(volatile uint32_t *l) {
    uint32_t tmp;
    __asm__ volatile(".set push\n.set noreorder\n"
                     "1: ll %0, 0(%1)\n"
                     "   bnez %0, 1b\n"
                     "   li %0, 1\n"
                     "   sc %0, 0(%1)\n"
                     "   beqz %0, 1b\n"
                     "   nop\n"
                     "   sync\n"
                     ".set pop\n"
                     : "=&r"(tmp) : "r"(l) : "memory");
}

void spin_unlock(volatile uint32_t *l) {
    __asm__ volatile("sync" ::: "memory");
    *l = 0;
}

void big_lock(void) { spin_lock(&lock_word); }
void big_unlock(void) { spin_unlock(&lock_word); }

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
              unsigned cpus, unsigned home) {
    memset(vm, 0, sizeof *vm);
    vm->id = id;
    vm->home = home;
    vm->name = name;
    vm->mem = mem;
    vm->pages_present = mem >> 12;
    vm->ncpus = cpus > MAX_VCPUS ? MAX_VCPUS : cpus;
    const uint64_t pages = mem >> 12;
    vm->pmap = (uint64_t *)CACHED(machine_alloc(pages * 8));
    /* Its memory on its home node, starting 8 KiB into a way of the L1 I-cache (32 KiB, 2-way:
       16 KiB ways): the guest's exception vectors (guest-physical 0x000-0x1ff) and the kernel
       linked from 1 MiB then fall in other cache sets than the monitor's vectors (machine
       0x000-0x1ff) and its fast paths (from 1 MiB), as the guest's code alone would natively. */
    uint64_t base = machine_alloc_on(home, mem + 0x4000);
    if (!base) base = machine_alloc(mem + 0x4000);
    if (base) base += (0x2000 - base) & 0x3FFF;
    if (!base || vm->pmap == (uint64_t *)CACHED(0)) return -20;
    for (uint64_t g = 0; g < pages; g++) {
        vm->pmap[g] = base + (g << 12);
        memmap_set(vm->pmap[g], vm->id, g << 12);
    }
    memset((void *)CACHED(base), 0, mem);
    for (uint64_t g = 0; g < pages; g++) { /* the memmap is the pmap's inverse */
        unsigned who;
        uint64_t gpa;
        if (!memmap_get(vm->pmap[g], &who, &gpa) && (who != vm->id || gpa != g << 12))
            panic("vm%u: memmap disagrees with pmap at guest page 0x%lx", vm->id, g << 12);
    }
    struct load_ctx ctx = {vm};
    uint64_t entry = 0;
    const int r = elf_load(image, size, load_segment, &ctx, &entry);
    if (r) return r;
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu *v = &vm->vcpu[i];
        v->vm = vm;
        v->id = i;
        v->pmap = vm->pmap;
        v->mem = vm->mem;
        uint64_t l2 = machine_alloc_on(home, L2TLB_SLOTS * sizeof(struct l2tlb_entry));
        if (!l2) l2 = machine_alloc(L2TLB_SLOTS * sizeof(struct l2tlb_entry));
        if (!l2) return -22;
        v->l2tlb = (struct l2tlb_entry *)CACHED(l2);
        l2tlb_init(v);
        vtlb_index_init(v);
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
        v->priv_cached = CACHED(v->priv_page);
        for (unsigned k = 0; k < 8; k++) v->fetch_cache[k][0] = 1; /* none */
        apply_virtual_status(v);
    }
    return 0;
}

void switch_to(struct pcpu *me, struct vcpu *v) {
    /* Real ASIDs are the guests' own and each vCPU has its own TLB, whose writes invalidate only
       the real entries of the CPU it runs on: another vCPU's mappings must go (as in the paper,
       ASIDs are not virtualized). */
    if (me->last_vcpu && me->last_vcpu != v) { /* (none: its TLB holds no vCPU's mappings) */
        tlb_flush_all();
        me->tlb_flushes++;
    }
    me->last_vcpu = v;
    me->last_vm = v->vm;
    me->cur = v;
    me->runs++;
    v->on = me;
    v->f.mon_sp = me->stack_top;
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
    uint64_t erets = 0, cp0 = 0, hc = 0, tlbw = 0;
    for (unsigned i = 0; i < vm->ncpus; i++)
        erets += vm->vcpu[i].fast_erets, cp0 += vm->vcpu[i].fast_cp0, hc += vm->vcpu[i].fast_hcalls,
            tlbw += vm->vcpu[i].fast_tlbw;
    /* Refills the assembly fast path served from the L2TLB are not counted (it has no cycle to
       spare): they are the machine's TLB refills less these. */
    kprintf("disco: vm%u stats: refills in C %lu kernel, %lu from its TLB, %lu from the L2TLB, "
            "%lu reflected; %lu privileged instructions emulated (%lu ERETs, %lu CP0 writes, %lu TLBWRs by the fast path), "
            "%lu hypercalls (%lu TLB updates by the fast path); %lu whole-TLB flushes by the guest\n",
            vm->id, vm->kernel_refills, vm->vtlb_hits, vm->l2tlb_hits, vm->l2tlb_misses,
            vm->emulated + erets + cp0 + tlbw, erets, cp0, tlbw, vm->hypercalls + hc, hc, vm->whole_flushes);
    kprintf("disco: vm%u memory: %lu pages freed, %lu taken back before reuse, %lu allocated on demand (%lu "
            "another VM had used), %lu kept (limbo full), %lu L2TLB catch-ups\n",
            vm->id, vm->pages_freed, vm->pages_taken_back, vm->pages_demand, vm->pages_from_others, vm->pages_kept,
            vm->l2tlb_scrubs);
}

void vm_halt(struct vm *vm, int status) {
    big_lock();
    if (vm->halted) {
        big_unlock();
        return;
    }
    vm->halted = 1;
    vm->status = status;
    vm_console_flush(vm);
    for (unsigned i = 0; i < vm->ncpus; i++) vm->vcpu[i].running = 0;
    vm_print_status(vm);
    big_unlock();
}

/* Pick the next vCPU for physical CPU `me`: round-robin over runnable vCPUs that no other CPU
   is running, those of VMs whose home is this CPU's node first. Every SLICE_TICKS of real
   Count, or sooner when a vCPU halts or idles. When every VM has halted the machine exits:
   status 0 if all succeeded, else a bit per failed VM. */
void schedule(struct pcpu *me) {
    struct vcpu *prev = me->cur;
    big_lock();
    if (prev) prev->on = 0;
    me->cur = 0;
    big_unlock();
    const unsigned start = prev ? prev->vm->id * MAX_VCPUS + prev->id + 1 : me->id * MAX_VCPUS;
    for (;;) {
        reclaim_advance(me);
        /* Look without the lock (idle CPUs must not keep it from the busy ones), then claim
           the candidate under the lock. */
        int any = 0;
        for (unsigned pass = 0; pass < 2; pass++) {
            for (unsigned k = 0; k < MAX_VMS * MAX_VCPUS; k++) {
                const unsigned i = (start + k) % (MAX_VMS * MAX_VCPUS);
                struct vm *vm = &vms[i / MAX_VCPUS];
                if (i / MAX_VCPUS >= nvms || vm->halted || i % MAX_VCPUS >= vm->ncpus) continue;
                struct vcpu *v = &vm->vcpu[i % MAX_VCPUS];
                if (!v->running) continue;
                any = 1;
                if (v->on || (pass == 0 && vm->home != me->node)) continue;
                if (v->idle && !virtual_interrupts_pending(v)) continue;
                big_lock();
                if (v->on || !v->running || vm->halted) { /* someone was quicker */
                    big_unlock();
                    continue;
                }
                v->idle = 0;
                switch_to(me, v);
                big_unlock();
                reclaim_sync(me, v); /* what freed pages left in its TLB and L2TLB goes */
                virtual_interrupts(v);
                publish_privileged(v);
                timer_program(me, v);
                watch_program(me, v);
                resume(&v->f);
            }
        }
        if (!any) break;
        for (volatile unsigned spin = 0; spin < 2000; spin++) { /* nothing here now */
        }
    }
    big_lock();
    int failed = 0;
    for (unsigned i = 0; i < nvms; i++)
        if (vms[i].status != 0) failed |= 1 << i;
    kprintf("disco: all VMs halted%s\n", failed ? " (some failed)" : "");
    for (unsigned c = 0; c < npcpus; c++)
        kprintf("disco: cpu%u (node %u) dispatched vCPUs %lu times, flushed its TLB %lu times (%lu for reclaimed "
                "pages)\n",
                c, pcpus[c].node, pcpus[c].runs, pcpus[c].tlb_flushes + pcpus[c].epoch_flushes,
                pcpus[c].epoch_flushes);
    kprintf("disco: machine memory: %lu freed guest pages reclaimed and %lu pages of halted VMs returned "
            "into the node pools, %lu pages in them now\n",
            pages_reclaimed, pages_returned, pool_pages());
    machine_exit(failed);
}
