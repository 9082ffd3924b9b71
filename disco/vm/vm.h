/* Virtual machines and virtual CPUs: the state the monitor keeps for each. */
#ifndef DISCO_VM_H
#define DISCO_VM_H
#include <stdint.h>

#include "arch/frame.h"

#define MAX_VMS 8
#define MAX_VCPUS 8
#define VTLB_ENTRIES 64
#define VTLB_BUCKETS 256
#define L2TLB_ENTRIES 1024 /* per ASID: VPN2 bits 9:0 */
#define L2TLB_SLOTS (2 * L2TLB_ENTRIES) /* mm/l2tlb.c */

/* Virtual CP0 registers, by register number (R10000 manual ch. 14). */
enum {
    C0_INDEX = 0, C0_RANDOM = 1, C0_ENTRYLO0 = 2, C0_ENTRYLO1 = 3, C0_CONTEXT = 4, C0_PAGEMASK = 5,
    C0_WIRED = 6, C0_BADVADDR = 8, C0_COUNT = 9, C0_ENTRYHI = 10, C0_COMPARE = 11, C0_STATUS = 12,
    C0_CAUSE = 13, C0_EPC = 14, C0_PRID = 15, C0_CONFIG = 16, C0_LLADDR = 17, C0_WATCHLO = 18,
    C0_WATCHHI = 19, C0_XCONTEXT = 20,
    C0_ERROREPC = 30,
};
#define ST_IE 0x1ull
#define ST_EXL 0x2ull
#define ST_ERL 0x4ull
#define ST_KSU 0x18ull
#define ST_UX 0x20ull
#define ST_SX 0x40ull
#define ST_KX 0x80ull
#define ST_FR (1ull << 26)
#define ST_CU0 (1ull << 28)
#define ST_CU1 (1ull << 29)
#define ST_BEV (1ull << 22)
#define CAUSE_BD 0x80000000ull

struct vtlb_entry {
    uint64_t hi, lo0, lo1, mask;
};

/* An L2TLB entry (mm/l2tlb.c): a guest TLB entry of 4 KiB pages already translated to machine
   EntryLo values, ready for the real TLB. tag is the EntryHi the hardware sets on a refill
   for its pages (R | VPN2 | ASID); a global entry's tag is VPN2 | L2TLB_NOFAST, which no
   real EntryHi equals (its bits 12:8 read 0), so the assembly fast path leaves it to C. */
struct l2tlb_entry {
    uint64_t tag, lo0, lo1, spare;
};
#define L2TLB_NOFAST 0x1000ull

struct vm;
struct pcpu;

struct vcpu {
    struct frame f;  /* first: the exception entry saves here (TagLo points at it) */
    /* What the assembly refill fast path needs, at fixed offsets (arch/vcpu_offsets.h). */
    struct l2tlb_entry *l2tlb; /* its own L2TLB: only the CPU running it touches it, no lock */
    struct l2tlb_entry *l2base; /* where the current ASID's slots start */
    uint64_t *pmap;
    uint64_t mem;   /* refills served by the fast path from the L2TLB */
    uint64_t cp0[32];
    uint64_t priv_page;      /* machine address of its privileged-register page (abi.h) */
    uint64_t nested;         /* exceptions reflected while its virtual EXL was set */
    uint64_t fast_erets;     /* ERETs emulated by the fast path */
    uint64_t fast_cp0;       /* CP0 register writes emulated by the fast path */
    uint64_t fast_hcalls;    /* hypercalls served by the fast path (HC_TLB_UPDATE) */
    uint64_t fast_tlbw;      /* TLBWR+ERET pairs (a refill handler's end) by the fast path */
    struct vtlb_entry tlb[VTLB_ENTRIES];
    /* An index of tlb[] (vm/emulate.c): chains by VPN2 bits 7:0, entry number + 1 (0 ends). */
    uint8_t vtlb_head[VTLB_BUCKETS], vtlb_next[VTLB_ENTRIES], vtlb_prev[VTLB_ENTRIES];
    unsigned vtlb_large;     /* entries with large pages: probes scan all then */
    uint64_t priv_cached;    /* CACHED(priv_page): where the fast paths reach the page */
    /* The fast paths' instruction fetch (arch/entry.S fetch_insn): guest kernel addresses and
       their cached machine addresses, by address bits 4:2; a tag of 1 is none. Emptied when the
       pmap changes under it (mm/pmap.c: before a freed page is reused). */
    uint64_t fetch_cache[8][2];
    struct vm *vm;
    unsigned id;
    int running;
    int idle;                /* HC_IDLE: waiting for a virtual interrupt */
    struct pcpu *on;         /* the physical CPU running it, or 0 */
    uint32_t last_vcount;    /* virtual Count at the last timer check */
    uint64_t epoch;          /* the reclaim epoch its L2TLB has caught up with; 0: never ran (mm/pmap.c) */
    unsigned sweep_next;     /* the TLBWI index a whole-TLB flush writes next; 0: none (vm/emulate.c) */
};

struct vm {
    unsigned id;
    const char *name;
    unsigned home;         /* its home node: its memory is there, its vCPUs prefer its CPUs */
    uint64_t mem;          /* guest-physical bytes */
    uint64_t *pmap;        /* guest page -> machine physical page address */
    uint64_t disk_base, disk_sectors; /* its disk: machine memory flashsim placed (io/disk.c) */
    unsigned ncpus;
    struct vcpu vcpu[MAX_VCPUS];
    int halted, status;
    char line[160];        /* console output waiting for its newline */
    unsigned line_len;
    uint64_t l2tlb_hits, l2tlb_misses, vtlb_hits, kernel_refills, emulated, hypercalls;
    uint64_t whole_flushes; /* its guest's whole-TLB flushes, which empty the L2TLB */
    /* Its memory (mm/pmap.c): guest pages with a machine page now; pages it freed, took back
       from limbo, got on demand (of which pages another VM had used), freed with limbo full
       (kept); L2TLB catch-ups after reclaims. */
    uint64_t pages_present, pages_freed, pages_taken_back, pages_demand, pages_from_others, pages_kept,
        l2tlb_scrubs;
    uint64_t mem_epoch;    /* halted: the epoch its memory waits for; 0: running */
    int mem_returned;
};

/* A physical CPU as the monitor sees it. */
#define MAX_PCPUS 16
struct pcpu {
    unsigned id, node;
    uint64_t stack_top;
    struct vm *last_vm;   /* whose mappings its TLB may hold */
    struct vcpu *last_vcpu;
    struct vcpu *cur;
    uint64_t runs;        /* vCPU dispatches on it */
    uint64_t tlb_flushes; /* of its real TLB, on a switch to another vCPU (ASIDs not virtualized) */
    uint64_t epoch;       /* the reclaim epoch its TLB has caught up with (mm/pmap.c) */
    uint64_t epoch_flushes; /* TLB flushes for that */
    uint32_t slice_end;   /* real Count at which the current time slice ends */
    uint64_t watch_lo, watch_hi; /* what its real WatchLo/Hi hold now */
};
extern struct pcpu pcpus[MAX_PCPUS];
extern unsigned npcpus, nnodes;

extern struct vm vms[MAX_VMS];
extern unsigned nvms;

/* One lock for the scheduler, the console and VM state changes (LL/SC). */
void big_lock(void);
void big_unlock(void);
void spin_lock(volatile uint32_t *l);
void spin_unlock(volatile uint32_t *l);

/* The memmap: every machine page given to a guest knows its user (mm/memmap.c). */
#define MEMMAP_FREE (~0u)
int memmap_init(unsigned node, uint64_t pages); /* 0: no room */
void memmap_set(uint64_t machine_page, unsigned vm, uint64_t guest_page); /* vm MEMMAP_FREE: nobody's */
int memmap_get(uint64_t machine_page, unsigned *vm, uint64_t *guest_page);
int memmap_last_user(uint64_t machine_page); /* the VM that had it before, or -1 */

/* Machine memory (mm/pages.c): bump allocation per node, and pools of pages given back. */
struct fdt_info;
void machine_init(const struct fdt_info *info); /* each node's low range, its memmap and pool */
uint64_t machine_alloc(uint64_t bytes); /* machine memory on node 0, page-aligned */
uint64_t machine_alloc_on(unsigned node, uint64_t bytes);
void page_give_back(uint64_t mpa);
uint64_t page_take(unsigned home); /* a page from home's pool or memory, else any node's; 0: none */
uint64_t pool_pages(void);

/* The pmap's changes (mm/pmap.c). A freed guest page's pmap entry has PMAP_FREED set (the
   fast paths in arch/entry.S test the sign bit and leave it to C); bits 31:12 name its slot
   in limbo + 1 while its machine page waits there, 0 once it is gone. */
#define PMAP_FREED (1ull << 63)
void pmap_init(void);
uint64_t pmap_touch(struct vm *vm, uint64_t page); /* its machine page, taken back or new */
int64_t pmap_free(struct vm *vm, uint64_t gpa);   /* HC_FREE_PAGE */
int64_t pmap_zero(struct vm *vm, uint64_t gpa);   /* HC_ZERO_PAGE */
void reclaim_sync(struct pcpu *me, struct vcpu *v); /* me runs v (or nothing) next */
void reclaim_advance(struct pcpu *me);
extern uint64_t pages_reclaimed, pages_returned; /* freed pages, halted VMs' pages: into the pools */

/* vm.c */
int vm_create(struct vm *vm, unsigned id, const char *name, const uint8_t *image, uint64_t size, uint64_t mem,
              unsigned cpus, unsigned home);
void switch_to(struct pcpu *me, struct vcpu *v); /* run v on this CPU next */
void vm_halt(struct vm *vm, int status);
void schedule(struct pcpu *me) __attribute__((noreturn));

/* Guest address translation: guest virtual -> guest physical (0 on success), for the monitor
   to read guest memory; and guest physical -> machine physical. */
int guest_virt_to_phys(struct vcpu *v, uint64_t va, int write, uint64_t *gpa);
static inline int gpa_ok(const struct vm *vm, uint64_t gpa) { return gpa < vm->mem; }
static inline uint64_t gpa_to_mpa(struct vm *vm, uint64_t gpa) {
    uint64_t m = vm->pmap[gpa >> 12];
    if ((int64_t)m < 0) m = pmap_touch(vm, gpa >> 12); /* freed: its page again, or a new one */
    return m | (gpa & 0xFFF);
}
int guest_read32(struct vcpu *v, uint64_t va, uint32_t *out);

/* trap.c / emulate.c / tlb.c / hypercall.c */
void reflect(struct vcpu *v, unsigned code, uint64_t badvaddr, int refill, int set_badvaddr);
void apply_virtual_status(struct vcpu *v);
void publish_privileged(struct vcpu *v); /* refresh the vCPU's privileged-register page */
int emulate_privileged(struct vcpu *v, uint32_t insn);
void vtlb_index_init(struct vcpu *v);
int64_t vtlb_update(struct vcpu *v, uint64_t hi, uint64_t lo0, uint64_t lo1);
int next_pc_after(struct vcpu *v, uint64_t *pc);
int tlb_refill(struct vcpu *v, uint64_t va, int vector_xtlb); /* 1: reflected to the guest */
int kernel_invalid(struct vcpu *v, uint64_t va);
void tlb_flush_all(void);
void tlb_invalidate_range(const struct vtlb_entry *e); /* real TLB entries made from e */
void tlb_invalidate_vpn(uint64_t hi, uint64_t mask);     /* real TLB entries for those pages */
void l2tlb_init(struct vcpu *v);
void l2tlb_set_asid(struct vcpu *v);
const struct l2tlb_entry *l2tlb_lookup(struct vcpu *v, uint64_t va, unsigned asid);
const struct l2tlb_entry *l2tlb_insert(struct vcpu *v, const struct vtlb_entry *e, int resident);
void tlb_write_entry(uint64_t hi, uint64_t lo0, uint64_t lo1);
void l2tlb_drop(struct vcpu *v, uint64_t hi);
uint64_t machine_lo(struct vm *vm, uint64_t gpa, int dirty, int valid);
void hypercall(struct vcpu *v);
void vm_console_putc(struct vm *vm, char ch);
int64_t disk_io(struct vcpu *v, uint64_t sector, uint64_t gpa, uint64_t count, int write);
int vdev_owns(uint64_t gpa);
int vdev_access(struct vcpu *v, uint64_t gpa, unsigned size, int store, uint64_t *val);
void vm_console_flush(struct vm *vm);
/* Virtual interrupts: raise the virtual timer's IP7 when Count has passed Compare, and deliver
   a pending enabled interrupt to the guest. 1 if one was delivered. */
int virtual_interrupts(struct vcpu *v);
uint32_t virtual_count(const struct vcpu *v);
int virtual_interrupts_pending(struct vcpu *v);
/* The monitor's time slice (real Count ticks) and the timer that ends it. */
#define SLICE_TICKS 50000u
void timer_rearm(struct pcpu *me);       /* a new time slice */
void timer_program(struct pcpu *me, struct vcpu *v); /* slice end or v's virtual timer, sooner */
void watch_program(struct pcpu *me, struct vcpu *v);  /* v's virtual Watch on the real one */
#endif
