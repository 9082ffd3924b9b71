/* A VM's virtual node I/O window (DESIGN.md address map, guest-physical 0x1F00_0000): the
   devices a guest written for the bare machine touches, emulated per VM — the UART (its
   console), simctl (EXIT halts the VM, PUTC, INSTRET/CYCLES from its virtual time, MODE) and a
   one-node MAGIC (identity, WHOAMI = the vCPU, the cycle counter). Reached through the
   kernel-segment emulation (vm/segments.c) when a guest kernel uses kseg1 or xkphys. */
#include "lib/lib.h"
#include "vm/vm.h"

#define IO_BASE 0x1F000000ull
#define IO_END 0x20000000ull

int vdev_owns(uint64_t gpa) { return gpa >= IO_BASE && gpa < IO_END; }

/* 1: done (value in *val for a load); 0: a bus error for the guest. */
int vdev_access(struct vcpu *v, uint64_t gpa, unsigned size, int store, uint64_t *val) {
    const uint64_t off = gpa - IO_BASE;
    struct vm *vm = v->vm;
    const uint64_t cycles = (uint64_t)virtual_count(v) * 2; /* Count ticks at half the clock */
    if (off >= 0x010000 && off < 0x010008 && size == 1) { /* UART, 16550A byte registers */
        const unsigned reg = (unsigned)(off & 7);
        if (store) {
            if (reg == 0) vm_console_putc(vm, (char)*val);
        } else {
            *val = reg == 5 ? 0x60 : reg == 2 ? 0x01 : 0; /* LSR: THR empty; IIR: none */
        }
        return 1;
    }
    if (off >= 0x020000 && off < 0x020038 && (size == 4 || size == 8) && !(off & 7)) { /* simctl */
        switch (off - 0x020000) {
            case 0x00: if (store) vm_halt(vm, (int)(*val & 0xFF)); break;
            case 0x08: if (store) vm_console_putc(vm, (char)*val); break;
            case 0x10: if (!store) *val = cycles; break; /* instructions: the cycles are the bound */
            case 0x18: if (!store) *val = cycles; break;
            case 0x30: if (!store) *val = 0; break;      /* the VM runs in the machine's mode */
            default: break;
        }
        return 1;
    }
    if (off < 0x10000 && (size == 4 || size == 8) && !(off & 7)) { /* MAGIC of a one-node VM */
        if (store) return 1;
        switch (off) {
            case 0x00: *val = 0; break;           /* NODE_ID */
            case 0x08: *val = 1; break;           /* NODE_COUNT */
            case 0x10: case 0x20: *val = vm->ncpus; break; /* NODE_CPUS, CPU_COUNT */
            case 0x18: *val = 0; break;           /* FIRST_CPU */
            case 0x28: *val = cycles; break;      /* CYCLE */
            case 0x30: *val = v->id; break;       /* WHOAMI */
            default: *val = 0; break;
        }
        return 1;
    }
    return 0;
}
