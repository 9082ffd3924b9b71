/* The pmap's changes: a page a guest frees (HC_FREE_PAGE) leaves its pmap, and its machine
   page returns to its node's pool (mm/pages.c) once nothing can reach it any more; a guest
   page without a machine page gets one, zeroed, when the monitor next translates it (a TLB
   refill, a hypercall's access); a halted VM's memory returns to the pools.

   A freed page waits in limbo first: real TLBs (every CPU's), L2TLBs (every vCPU's) and the
   fast paths' fetch caches may still hold its machine address. Each is brought up to date at
   a quiescent point of its own, without interrupting anyone (epochs, as in read-copy-update):
   a CPU flushes its TLB when it schedules (at the end of every time slice, or idle) and finds
   the epoch moved; a vCPU's L2TLB and fetch cache drop what no longer matches the pmap when
   it is dispatched, or, when it waits off every CPU, by the CPU that finds it behind. A page
   freed in epoch E is reused once every CPU and every vCPU has passed E. Until then, a touch
   of the page by the guest takes it back from limbo (nothing stale can then be wrong); after,
   nothing maps it, so the page can go to anyone, zeroed. The guest's side of this (abi.h): a
   freed page's contents are gone; it asks for the page again with HC_ZERO_PAGE. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

#define LIMBO_MAX 4096
/* Limbo: a ring in the order of freeing (so in epoch order); a page taken back leaves a dead
   entry (mpa 0) that is skipped when the ring moves on. */
struct limbo_entry {
    uint64_t mpa;   /* 0: taken back */
    struct vm *vm;
    uint64_t page;  /* the guest page that had it */
    uint64_t epoch; /* when it was freed */
};
static struct limbo_entry limbo[LIMBO_MAX];
static volatile uint32_t limbo_head, limbo_tail; /* running counts: the ring is [head, tail) */

static volatile uint32_t mem_lock;
static volatile uint64_t epoch = 1;
static volatile uint64_t newest;  /* the epoch of the newest page waiting (the epoch moves past it) */
static volatile uint32_t waiting; /* pages in limbo and halted VMs whose memory has not returned */
static uint64_t sink_page;        /* where a VM that ran out of machine memory writes until it stops */
uint64_t pages_reclaimed, pages_returned;

/* A page's slot in limbo, from a freed pmap entry: bits 31:12 hold the slot + 1 (0: none). */
#define PMAP_SLOT(e) ((unsigned)(((e) >> 12) & 0xFFFFF))
_Static_assert(LIMBO_MAX < 0xFFFFF, "limbo slots fit pmap entry bits 31:12");

uint64_t pmap_touch(struct vm *vm, uint64_t page) {
    spin_lock(&mem_lock);
    uint64_t m = vm->pmap[page];
    if ((int64_t)m >= 0) { /* another vCPU was quicker */
        spin_unlock(&mem_lock);
        return m;
    }
    const unsigned slot = PMAP_SLOT(m);
    if (slot) { /* still in limbo: take it back as it is */
        struct limbo_entry *l = &limbo[slot - 1];
        m = l->mpa;
        l->mpa = 0;
        waiting--;
        vm->pages_taken_back++;
    } else {
        m = page_take(vm->home);
        if (!m) {
            spin_unlock(&mem_lock);
            kprintf("disco: vm%u: no machine memory left for its guest page 0x%lx: halting the VM\n", vm->id,
                    page << 12);
            vm_halt(vm, 253);
            return sink_page;
        }
        const int last = memmap_last_user(m);
        if (last >= 0 && (unsigned)last != vm->id) vm->pages_from_others++;
        memmap_set(m, vm->id, page << 12);
        memset((void *)CACHED(m), 0, 4096);
        vm->pages_demand++;
    }
    vm->pages_present++;
    __asm__ volatile("sync" ::: "memory");
    vm->pmap[page] = m;
    spin_unlock(&mem_lock);
    return m;
}

int64_t pmap_free(struct vm *vm, uint64_t gpa) {
    if ((gpa & 0xFFF) || !gpa_ok(vm, gpa)) return HC_EFAULT;
    const uint64_t page = gpa >> 12;
    spin_lock(&mem_lock);
    const uint64_t m = vm->pmap[page];
    if ((int64_t)m < 0) { /* freed already */
        spin_unlock(&mem_lock);
        return 0;
    }
    while (limbo_head != limbo_tail && !limbo[limbo_head % LIMBO_MAX].mpa) limbo_head = limbo_head + 1; /* taken back */
    if (limbo_tail - limbo_head == LIMBO_MAX) { /* limbo full: the page stays the guest's (freeing is advice) */
        vm->pages_kept++;
        spin_unlock(&mem_lock);
        return 0;
    }
    const uint32_t slot = limbo_tail % LIMBO_MAX;
    limbo[slot] = (struct limbo_entry){m, vm, page, epoch};
    limbo_tail = limbo_tail + 1;
    newest = epoch;
    waiting++;
    vm->pmap[page] = PMAP_FREED | ((uint64_t)(slot + 1) << 12);
    vm->pages_present--;
    vm->pages_freed++;
    spin_unlock(&mem_lock);
    return 0;
}

int64_t pmap_zero(struct vm *vm, uint64_t gpa) {
    if ((gpa & 0xFFF) || !gpa_ok(vm, gpa)) return HC_EFAULT;
    const uint64_t e = vm->pmap[gpa >> 12];
    const uint64_t m = gpa_to_mpa(vm, gpa);
    if ((int64_t)e >= 0 || PMAP_SLOT(e)) memset((void *)CACHED(m), 0, 4096); /* (a new page is zeroed) */
    return 0;
}

/* Drop from v's L2TLB every entry naming a machine page that is no longer where the pmap says,
   and forget its fetch cache. Only by the CPU running v, or one holding it off every CPU. */
static int page_current(const struct vm *vm, uint64_t lo) {
    if (!(lo & 2)) return 1;
    const uint64_t mpa = ((lo >> 6) & 0xFFFFFFFull) << 12;
    unsigned who;
    uint64_t gpa;
    return !memmap_get(mpa, &who, &gpa) && who == vm->id && vm->pmap[gpa >> 12] == mpa;
}

static void vcpu_catch_up(struct vcpu *v, uint64_t e) {
    for (unsigned i = 0; i < L2TLB_SLOTS; i++) {
        struct l2tlb_entry *l = &v->l2tlb[i];
        if (!page_current(v->vm, l->lo0) || !page_current(v->vm, l->lo1))
            *l = (struct l2tlb_entry){L2TLB_NOFAST, 0, 0, 0};
    }
    for (unsigned k = 0; k < 8; k++) v->fetch_cache[k][0] = 1;
    v->epoch = e;
    v->vm->l2tlb_scrubs++;
}

void reclaim_sync(struct pcpu *me, struct vcpu *v) {
    const uint64_t e = epoch;
    if (me->epoch != e) {
        if (me->last_vcpu) { /* (a CPU that ran no vCPU since its last flush has nothing to flush) */
            tlb_flush_all();
            me->epoch_flushes++;
        }
        me->last_vcpu = v; /* what its TLB may hold from now on */
        me->epoch = e;
    }
    if (v && v->epoch != e) vcpu_catch_up(v, e);
}

static int vm_all_off(const struct vm *vm) {
    for (unsigned i = 0; i < vm->ncpus; i++)
        if (vm->vcpu[i].on) return 0;
    return 1;
}

/* Move the epoch on past waiting pages, bring vCPUs that wait off every CPU up to date, and
   reuse what every CPU and vCPU has passed. Called by each CPU when it schedules; it takes
   the lock only when there is something to change. */
void reclaim_advance(struct pcpu *me) {
    for (unsigned i = 0; i < nvms; i++) { /* a halted VM whose vCPUs have all stopped */
        struct vm *vm = &vms[i];
        if (vm->halted && !vm->mem_epoch && vm_all_off(vm)) {
            spin_lock(&mem_lock);
            if (!vm->mem_epoch) {
                vm->mem_epoch = epoch;
                newest = epoch;
                waiting = waiting + 1;
            }
            spin_unlock(&mem_lock);
        }
    }
    if (!waiting) return;
    if (newest == epoch) {
        spin_lock(&mem_lock);
        if (newest == epoch) {
            __asm__ volatile("sync" ::: "memory");
            epoch = epoch + 1;
        }
        spin_unlock(&mem_lock);
    }
    reclaim_sync(me, 0);
    uint64_t passed = epoch;
    for (unsigned c = 0; c < npcpus; c++)
        if (pcpus[c].epoch < passed) passed = pcpus[c].epoch;
    for (unsigned i = 0; i < nvms; i++) {
        struct vm *vm = &vms[i];
        for (unsigned k = 0; k < vm->ncpus && !vm->halted; k++) {
            struct vcpu *v = &vm->vcpu[k];
            const uint64_t e = epoch;
            if (!v->epoch || v->epoch == e) continue; /* never ran (nothing cached), or current */
            big_lock();
            const int mine = !v->on && !vm->halted;
            if (mine) v->on = me; /* held off every CPU while its L2TLB is brought up to date */
            big_unlock();
            if (mine) {
                vcpu_catch_up(v, e);
                big_lock();
                v->on = 0;
                big_unlock();
            }
            if (v->epoch < passed) passed = v->epoch;
        }
    }
    int due = limbo_head != limbo_tail && limbo[limbo_head % LIMBO_MAX].epoch < passed;
    for (unsigned i = 0; i < nvms; i++)
        due |= vms[i].mem_epoch && !vms[i].mem_returned && vms[i].mem_epoch < passed;
    if (!due) return;
    spin_lock(&mem_lock);
    while (limbo_head != limbo_tail) {
        struct limbo_entry *l = &limbo[limbo_head % LIMBO_MAX];
        if (l->mpa && l->epoch >= passed) break;
        if (l->mpa) {
            l->vm->pmap[l->page] = PMAP_FREED;
            page_give_back(l->mpa);
            pages_reclaimed++;
            l->mpa = 0;
            waiting--;
        }
        limbo_head = limbo_head + 1;
    }
    for (unsigned i = 0; i < nvms; i++) {
        struct vm *vm = &vms[i];
        if (!vm->mem_epoch || vm->mem_returned || vm->mem_epoch >= passed) continue;
        for (uint64_t g = 0; g < vm->mem >> 12; g++) {
            const uint64_t m = vm->pmap[g];
            if ((int64_t)m < 0) continue; /* in limbo (returned from there) or none */
            vm->pmap[g] = PMAP_FREED;
            page_give_back(m);
            pages_returned++;
        }
        vm->mem_returned = 1;
        waiting--;
    }
    spin_unlock(&mem_lock);
}

void pmap_init(void) {
    sink_page = machine_alloc(4096);
    if (!sink_page) panic("no machine memory for the monitor's sink page");
}
