/* Hypercalls (disco/include/disco/abi.h): what a patched kernel asks of the monitor instead of
   trapping. Arguments are checked; a bad one returns an error and harms nothing else. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

/* Each VM's console: whole lines, prefixed "[vmN] ", so VMs sharing the machine console in
   time slices do not cut into each other's lines. */
void vm_console_flush(struct vm *vm) {
    if (!vm->line_len) return;
    kprintf("[vm%u] ", vm->id);
    for (unsigned i = 0; i < vm->line_len; i++) console_putc(vm->line[i]);
    if (vm->line[vm->line_len - 1] != '\n') console_putc('\n');
    vm->line_len = 0;
}

void vm_console_putc(struct vm *vm, char ch) {
    vm->line[vm->line_len++] = ch;
    if (ch == '\n' || vm->line_len == sizeof vm->line) {
        big_lock(); /* one line at a time on the shared console */
        vm_console_flush(vm);
        big_unlock();
    }
}
#define vm_putc vm_console_putc

void hypercall(struct vcpu *v) {
    uint64_t *g = v->f.gpr;
    const uint64_t a0 = g[4], a1 = g[5];
    int64_t ret = 0;
    switch (g[2]) {
        case HC_PUTC: vm_putc(v->vm, (char)a0); break;
        case HC_CONSOLE_WRITE: {
            if (a1 > 4096) {
                ret = HC_EINVAL;
                break;
            }
            for (uint64_t i = 0; i < a1; i++) {
                uint64_t gpa;
                if (guest_virt_to_phys(v, a0 + i, 0, &gpa)) {
                    ret = HC_EFAULT;
                    break;
                }
                vm_putc(v->vm, *(volatile char *)CACHED(gpa_to_mpa(v->vm, gpa)));
            }
            if (!ret) ret = (int64_t)a1;
            break;
        }
        case HC_SHUTDOWN: vm_halt(v->vm, (int)(a0 & 0xFF)); return;
        case HC_VCPU_ID: ret = v->id; break;
        case HC_DISK_READ:
        case HC_DISK_WRITE: ret = disk_io(v, a0, a1, g[6], g[2] == HC_DISK_WRITE); break;
        case HC_TLB_UPDATE: ret = vtlb_update(v, a0, a1, g[6]); break;
        case HC_IDLE: v->idle = 1; break; /* rescheduled once an interrupt is pending for it */
        case HC_VCPU_START: { /* a0 = vCPU, a1 = pc, a2 = sp, a3 = its a0 */
            struct vm *vm = v->vm;
            if (a0 >= vm->ncpus || a0 == v->id) {
                ret = HC_EINVAL;
                break;
            }
            struct vcpu *w = &vm->vcpu[a0];
            big_lock();
            if (w->running) {
                ret = HC_EINVAL; /* already started */
            } else {
                w->f.pc = a1;
                w->f.gpr[29] = g[6];
                w->f.gpr[4] = g[7];
                w->running = 1;
            }
            big_unlock();
            break;
        }
        case HC_SET_TIMER:
            v->cp0[C0_COMPARE] = a0 & 0xFFFFFFFFull;
            v->cp0[C0_CAUSE] &= ~(1ull << 15);
            break;
        case HC_VM_INFO:
            ret = a0 == 0   ? (int64_t)v->vm->ncpus
                  : a0 == 1 ? (int64_t)v->vm->mem
                  : a0 == 2 ? (int64_t)v->vm->id
                  : a0 == 3 ? (int64_t)v->vm->disk_sectors
                  : a0 == 4 ? (int64_t)(v->vm->pages_present << 12)
                            : HC_EINVAL;
            break;
        case HC_ZERO_PAGE: ret = pmap_zero(v->vm, a0); break;
        case HC_FREE_PAGE: ret = pmap_free(v->vm, a0); break;
        default: ret = HC_ENOSYS; break;
    }
    g[2] = (uint64_t)ret;
}
