/* What happens when a guest traps into the monitor: TLB refills, privileged instructions,
   hypercalls, and exceptions reflected to the guest's own handlers with the virtual state set
   as the hardware would set it. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

#define EXC_INT 0
#define EXC_MOD 1
#define EXC_TLBL 2
#define EXC_TLBS 3
#define EXC_SYS 8
#define EXC_CPU 11

static int virtual_kernel(const struct vcpu *v) {
    const uint64_t s = v->cp0[C0_STATUS];
    return (s & (ST_EXL | ST_ERL)) || ((s & ST_KSU) >> 3) == 0;
}
static int virtual_supervisor(const struct vcpu *v) {
    return !virtual_kernel(v) && ((v->cp0[C0_STATUS] & ST_KSU) >> 3) == 1;
}

/* The real Status that runs the guest as its virtual Status says: virtual kernel (and
   supervisor) mode run in supervisor mode, virtual user mode in user mode; CU0 is always off
   so privileged instructions trap; CU1 and FR are the guest's; EXL is set for the eret. */
void apply_virtual_status(struct vcpu *v) {
    const uint64_t vs = v->cp0[C0_STATUS];
    const uint64_t keep = ST_CU1 | ST_FR;
    /* The monitor's own timer (IP7) interrupts every guest mode: that is how it schedules. */
    const uint64_t timer = ST_IE | (0x80ull << 8);
    if (virtual_kernel(v)) /* supervisor mode with the 64-bit segments the direct map needs */
        v->f.status = (1u << 3) | ST_EXL | ST_UX | ST_SX | ST_KX | (vs & keep) | timer;
    else if (virtual_supervisor(v)) /* the guest's own supervisor mode: its SX, no XX gate */
        v->f.status = (1u << 3) | ST_EXL | ST_KX | (vs & (keep | ST_SX | ST_UX)) | timer;
    else /* user mode as the guest set it up (UX, XX); KX stays set: the monitor, entered
            from user mode, reaches memory through xkphys */
        v->f.status = (2u << 3) | ST_EXL | ST_KX | ST_SX | (vs & (keep | ST_UX | (1ull << 31))) | timer;
}

/* Deliver exception `code` to the guest: virtual EPC/BD unless virtual EXL is already set,
   virtual Cause/BadVAddr, EXL, and on to the guest's vector. */
void reflect(struct vcpu *v, unsigned code, uint64_t badvaddr, int refill, int set_badvaddr) {
    uint64_t *c = v->cp0;
    const int bd = (v->f.cause & CAUSE_BD) != 0;
    unsigned off = 0x180;
    /* A guest that keeps faulting inside its own exception handler (virtual EXL set, no ERET
       in between) has double-faulted: halt that VM, not the machine. */
    if (c[C0_STATUS] & ST_EXL) {
        if (++v->nested == 1000) {
            kprintf("disco: vm%u vCPU %u: exception %u inside its exception handler, over and over "
                    "(double fault at 0x%lx): halting the VM\n",
                    v->vm->id, v->id, code, v->f.pc);
            vm_halt(v->vm, 254);
            return;
        }
    }
    if (!(c[C0_STATUS] & ST_EXL)) {
        c[C0_EPC] = v->f.pc; /* the real EPC already points at the branch for a slot */
        c[C0_CAUSE] = bd ? (c[C0_CAUSE] | CAUSE_BD) : (c[C0_CAUSE] & ~CAUSE_BD);
        if (refill) {
            const unsigned r = (unsigned)(badvaddr >> 62);
            const uint64_t s = c[C0_STATUS];
            const int x = (r != 0 || (s & ST_UX)) && (r != 3 || (s & ST_KX)) && !(r == 1 && !(s & ST_SX));
            off = x ? 0x080 : 0x000;
        }
    }
    /* ExcCode, and for Coprocessor Unusable the coprocessor (CE) the real exception named. */
    const uint64_t ce = code == 11 ? (v->f.cause >> 28) & 3 : 0;
    c[C0_CAUSE] = (c[C0_CAUSE] & ~(0x7Cull | (3ull << 28))) | ((uint64_t)code << 2) | (ce << 28);
    if (set_badvaddr) {
        c[C0_BADVADDR] = badvaddr;
        c[C0_CONTEXT] = (c[C0_CONTEXT] & ~0x7FFFFFull) | (((badvaddr >> 13) & 0x7FFFF) << 4);
        c[C0_XCONTEXT] = (c[C0_XCONTEXT] & ~0x1FFFFFFFFFull) | ((badvaddr >> 62) << 35) |
                         (((badvaddr >> 13) & 0x7FFFFFFFull) << 4);
        c[C0_ENTRYHI] = (badvaddr & 0xC0000FFFFFFFE000ull) | (c[C0_ENTRYHI] & 0xFF);
    }
    c[C0_STATUS] |= ST_EXL;
    v->f.pc = (c[C0_STATUS] & ST_BEV ? 0xFFFFFFFFBFC00200ull : DISCO_VECTOR_BASE) + off;
    apply_virtual_status(v);
}

int emulate_kernel_access(struct vcpu *v, uint32_t insn, uint64_t va);

/* The guest's instruction at va: straight from the pmap in its relocated kseg0 (where its
   kernel runs), else through guest_read32. 0 on success. */
static inline int guest_insn(struct vcpu *v, uint64_t va, uint32_t *out) {
    const uint64_t gpa = va - DISCO_KSEG;
    if (gpa < DISCO_KSEG_SIZE && gpa < v->mem && !(va & 3)) {
        *out = *(volatile uint32_t *)CACHED(gpa_to_mpa(v->vm, gpa));
        return 0;
    }
    return guest_read32(v, va, out);
}

static void skip_instruction(struct vcpu *v) {
    if (!(v->f.cause & CAUSE_BD)) { /* the common case, without a call */
        v->f.pc += 4;
        return;
    }
    uint64_t pc;
    if (next_pc_after(v, &pc)) {
        reflect(v, 10, 0, 0, 0); /* a branch the monitor cannot evaluate: RI, loudly */
        return;
    }
    v->f.pc = pc;
}

/* The instruction that trapped: EPC, or the delay slot after it when Cause.BD is set. */
static uint64_t faulting_pc(const struct frame *f) { return f->pc + ((f->cause & CAUSE_BD) ? 4 : 0); }

static uint32_t real_count_now(void) {
    uint64_t c;
    __asm__ volatile("mfc0 %0, $9" : "=r"(c));
    return (uint32_t)c;
}

void timer_rearm(struct pcpu *me) { me->slice_end = real_count_now() + SLICE_TICKS; }

/* The guest's Watch (WatchLo PAddr 31:3 | R | W, WatchHi PAddr 39:32, guest-physical) on the
   real one, at the machine address of that guest page, while this vCPU runs. The real Watch
   is not taken with EXL set, so the monitor's own accesses never trigger it. */
void watch_program(struct pcpu *me, struct vcpu *v) {
    uint64_t lo = 0, hi = 0;
    const uint64_t vlo = v ? v->cp0[C0_WATCHLO] : 0;
    if (vlo & 3) {
        const uint64_t gpa = ((v->cp0[C0_WATCHHI] & 0xFF) << 32) | (vlo & 0xFFFFFFF8ull);
        if (gpa_ok(v->vm, gpa)) {
            const uint64_t mpa = gpa_to_mpa(v->vm, gpa);
            lo = (mpa & 0xFFFFFFF8ull) | (vlo & 3);
            hi = (mpa >> 32) & 0xFF;
        }
    }
    if (lo == me->watch_lo && hi == me->watch_hi) return;
    me->watch_lo = lo;
    me->watch_hi = hi;
    __asm__ volatile("mtc0 %0, $19\n\tmtc0 %1, $18" ::"r"(hi), "r"(lo));
}

/* The real Compare: the end of the slice, or sooner the moment v's virtual Count reaches its
   virtual Compare, so the virtual timer interrupt is delivered on time. */
void timer_program(struct pcpu *me, struct vcpu *v) {
    const uint32_t now = real_count_now();
    uint32_t next = me->slice_end;
    if (v) {
        const uint32_t vnow = virtual_count(v), vcmp = (uint32_t)v->cp0[C0_COMPARE];
        const uint32_t until = vcmp - vnow; /* ticks until the virtual timer fires */
        if (until && until < (uint32_t)(next - now)) next = now + until;
    }
    if ((int32_t)(next - now) < 16) next = now + 16; /* never in the past */
    __asm__ volatile("mtc0 %0, $11" ::"r"((uint64_t)next)); /* writing Compare acknowledges IP7 */
}

/* The hot virtual CP0 registers, where the guest reads them with plain loads (abi.h). */
void publish_privileged(struct vcpu *v) {
    volatile uint64_t *p = (volatile uint64_t *)CACHED(v->priv_page);
    const uint64_t *c = v->cp0;
    p[PRIV_STATUS / 8] = c[C0_STATUS];
    p[PRIV_CAUSE / 8] = c[C0_CAUSE];
    p[PRIV_EPC / 8] = c[C0_EPC];
    p[PRIV_BADVADDR / 8] = c[C0_BADVADDR];
    p[PRIV_ENTRYHI / 8] = c[C0_ENTRYHI];
    p[PRIV_CONTEXT / 8] = c[C0_CONTEXT];
    p[PRIV_XCONTEXT / 8] = c[C0_XCONTEXT];
    p[PRIV_COUNT / 8] = virtual_count(v);
    p[PRIV_COMPARE / 8] = c[C0_COMPARE];
    p[PRIV_VCPU / 8] = v->id;
    p[PRIV_ENTRYLO0 / 8] = c[C0_ENTRYLO0];
    p[PRIV_ENTRYLO1 / 8] = c[C0_ENTRYLO1];
}

int virtual_interrupts(struct vcpu *v) {
    uint64_t *c = v->cp0;
    const uint32_t now = virtual_count(v), cmp = (uint32_t)c[C0_COMPARE];
    /* Count reached Compare since the last look (it counts up and wraps). */
    if ((uint32_t)(cmp - v->last_vcount - 1) < (uint32_t)(now - v->last_vcount)) c[C0_CAUSE] |= 1ull << 15;
    v->last_vcount = now;
    const uint64_t s = c[C0_STATUS];
    const uint64_t pending = c[C0_CAUSE] & s & 0xFF00ull;
    if (pending) v->idle = 0;
    if (!pending || !(s & ST_IE) || (s & (ST_EXL | ST_ERL))) return 0;
    reflect(v, 0, 0, 0, 0);
    return 1;
}

/* A CP0 instruction after which the monitor need not look at virtual interrupts, its timer or
   Watch: a read, a TLB instruction but ERET, a write of a TLB register. */
static int quiet(uint32_t insn) {
    if ((insn >> 26) != 0x10) return 0;
    const unsigned rs = (insn >> 21) & 31, rd = (insn >> 11) & 31;
    if (rs == 0 || rs == 1) return 1;                                            /* MFC0, DMFC0 */
    if (rs == 4 || rs == 5)                                                      /* MTC0, DMTC0 */
        return rd == C0_INDEX || rd == C0_ENTRYLO0 || rd == C0_ENTRYLO1 || rd == C0_CONTEXT ||
               rd == C0_PAGEMASK || rd == C0_WIRED || rd == C0_ENTRYHI || rd == C0_XCONTEXT;
    return (insn & (1u << 25)) && (insn & 0x3F) != 0x18;                         /* TLB*, not ERET */
}

void trap(struct frame *f, uint64_t vector) {
    struct vcpu *v = (struct vcpu *)f; /* the frame is the vCPU's first member */
    struct pcpu *me = v->on;
    if (!me || me->cur != v) panic("trap frame %p is not a running vCPU's", f);
    /* EPC and EntryLo0/1 need no immediate action, so a patched kernel may store them in the
       privileged page instead of trapping on DMTC0 (abi.h): take them from there. */
    const volatile uint64_t *page = (const volatile uint64_t *)CACHED(v->priv_page);
    v->cp0[C0_EPC] = page[PRIV_EPC / 8];
    v->cp0[C0_ENTRYLO0] = page[PRIV_ENTRYLO0 / 8] & 0xC0000003FFFFFFFFull; /* as MTC0 would */
    v->cp0[C0_ENTRYLO1] = page[PRIV_ENTRYLO1 / 8] & 0xC0000003FFFFFFFFull;
    if (page[PRIV_TLB_PENDING / 8]) { /* a deferred HC_TLB_UPDATE (abi.h): before anything else */
        ((volatile uint64_t *)page)[PRIV_TLB_PENDING / 8] = 0;
        v->vm->hypercalls++;
        vtlb_update(v, page[PRIV_TLB_HI / 8], page[PRIV_TLB_LO0 / 8], page[PRIV_TLB_LO1 / 8]);
    }
    const unsigned code = (unsigned)(f->cause >> 2) & 31;
    if (code == 0 && vector == 0x180) { /* the monitor's timer: a virtual timer, or the slice's end */
        if ((int32_t)(real_count_now() - me->slice_end) >= 0) {
            timer_rearm(me);
            virtual_interrupts(v);
            schedule(me);
        }
        virtual_interrupts(v);
        publish_privileged(v);
        timer_program(me, v);
        return;
    }
    if (vector != 0x180 && (code == EXC_TLBL || code == EXC_TLBS)) {
        uint32_t insn;
        if ((v->cp0[C0_STATUS] & ST_ERL) && f->badvaddr <= 0x7FFFFFFFull && f->badvaddr != faulting_pc(f) &&
            !guest_insn(v, faulting_pc(f), &insn)) { /* kuseg with virtual ERL: unmapped */
            if (emulate_kernel_access(v, insn, f->badvaddr) == 1) skip_instruction(v);
            publish_privileged(v);
            return;
        }
        if (tlb_refill(v, f->badvaddr, vector == 0x080)) {
            if (!v->running || v->vm->halted) schedule(me);
            publish_privileged(v); /* the reflection changed Context, BadVAddr, EntryHi */
        }
        return;
    }
    switch (code) {
        case EXC_CPU:
            /* CP0 is usable in virtual kernel mode or with the virtual CU0 (R10000 manual 14.x);
               otherwise the guest's own Coprocessor Unusable. */
            if (((f->cause >> 28) & 3) == 0 && (virtual_kernel(v) || (v->cp0[C0_STATUS] & ST_CU0))) {
                uint32_t insn;
                if (guest_insn(v, faulting_pc(f), &insn))
                    panic("vm%u: cannot read the instruction at 0x%lx", v->vm->id, faulting_pc(f));
                const uint64_t vs = v->cp0[C0_STATUS];
                const int narrow = !virtual_kernel(v) && !(vs & (virtual_supervisor(v) ? ST_SX : ST_UX));
                const unsigned rs = (insn >> 21) & 31;
                if (narrow && (insn >> 26) == 0x10 && (rs == 1 || rs == 5)) { /* DMFC0/DMTC0 */
                    reflect(v, 10, 0, 0, 0);
                    break;
                }
                const int r = emulate_privileged(v, insn);
                v->vm->emulated++;
                if (r == 1 && quiet(insn)) { /* nothing that interrupts, timers or Watch depend on */
                    const int bd = (f->cause & CAUSE_BD) != 0;
                    skip_instruction(v);
                    /* A TLB write followed by ERET (the end of a refill handler): both in this
                       trap, as the two instructions would run natively. */
                    uint32_t next;
                    if ((insn & 0xFE00003Bu) == 0x42000002u && !bd && !guest_insn(v, v->f.pc, &next) &&
                        next == 0x42000018u) {
                        emulate_privileged(v, next); /* ERET: pc set */
                        v->vm->emulated++;
                        const uint64_t st = v->cp0[C0_STATUS];
                        if ((v->cp0[C0_CAUSE] & st & 0xFF00ull) && (st & ST_IE)) break; /* deliver it */
                        publish_privileged(v); /* as the ERET fast path returns */
                        return;
                    }
                    publish_privileged(v);
                    return;
                }
                if (r == 1) skip_instruction(v);        /* emulated */
                else if (r == 0) { /* eret: emulate_privileged set pc */ }
                else reflect(v, 10, 0, 0, 0);           /* not a CP0 instruction we know: RI */
                break;
            }
            /* No coprocessor 2: with the virtual CU2 set it is a Reserved Instruction. */
            if (((f->cause >> 28) & 3) == 2 && (v->cp0[C0_STATUS] & (1ull << 30))) reflect(v, 10, 0, 0, 0);
            else reflect(v, code, 0, 0, 0);
            break;
        case EXC_SYS: {
            uint32_t insn;
            if (virtual_kernel(v) && !guest_insn(v, faulting_pc(f), &insn) &&
                ((insn >> 6) & 0xFFFFF) == DISCO_HCALL_CODE) {
                v->vm->hypercalls++;
                const uint64_t nr = f->gpr[2];
                hypercall(v);
                if (v->running) skip_instruction(v);
                if (nr == HC_TLB_UPDATE || nr == HC_ZERO_PAGE || nr == HC_FREE_PAGE || nr == HC_VCPU_ID ||
                    nr == HC_VM_INFO) { /* nothing that interrupts, timers or Watch depend on */
                    publish_privileged(v);
                    return;
                }
                break;
            }
            reflect(v, code, 0, 0, 0);
            break;
        }
        case EXC_TLBL:
        case EXC_TLBS:
            if (kernel_invalid(v, f->badvaddr)) break; /* a page it had freed, mapped again */
            /* fall through */
        case EXC_MOD:
            /* Through the general vector: an invalid or clean page of the guest's own TLB. */
            reflect(v, code, f->badvaddr, 0, 1);
            break;
        case 4: case 5: { /* address errors: a guest kernel's access to a kernel-only segment? */
            uint32_t insn;
            int r = -1;
            if (virtual_kernel(v) && f->badvaddr != faulting_pc(f) && !guest_read32(v, faulting_pc(f), &insn))
                r = emulate_kernel_access(v, insn, f->badvaddr);
            if (r == 1) skip_instruction(v);
            else if (r < 0) reflect(v, code, f->badvaddr, 0, 1);
            break;
        }
        default:
            reflect(v, code, 0, 0, 0);
            break;
    }
    if (!v->running || v->vm->halted || v->idle) schedule(me);
    virtual_interrupts(v);
    publish_privileged(v);
    timer_program(me, v); /* the guest may have moved its Compare */
    watch_program(me, v);
}
