/* Hypercalls (disco/include/disco/abi.h): what a patched kernel asks of the monitor instead of
   trapping. Arguments are checked; a bad one returns an error and harms nothing else. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

/* Each VM's console output, prefixed "[vmN] " at line starts on the machine console. */
static void vm_putc(struct vm *vm, char ch) {
    if (vm->at_line_start) kprintf("[vm%u] ", vm->id);
    console_putc(ch);
    vm->at_line_start = ch == '\n';
}

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
        case HC_VM_INFO: ret = a0 == 0 ? (int64_t)v->vm->ncpus : a0 == 1 ? (int64_t)v->vm->mem : HC_EINVAL; break;
        case HC_ZERO_PAGE:
            if ((a0 & 0xFFF) || !gpa_ok(v->vm, a0)) ret = HC_EFAULT;
            else memset((void *)CACHED(gpa_to_mpa(v->vm, a0)), 0, 4096);
            break;
        case HC_FREE_PAGE: ret = (a0 & 0xFFF) || !gpa_ok(v->vm, a0) ? HC_EFAULT : 0; break;
        default: ret = HC_ENOSYS; break;
    }
    g[2] = (uint64_t)ret;
}
