/* Loads and stores a guest kernel makes to the kernel-only segments (kseg0, kseg1, kseg3,
   xkphys, xkseg): in supervisor mode they raise address errors, and the monitor performs them
   on the guest's behalf with the virtual CPU's rules (KX, xkphys address bits, the guest's
   TLB for the mapped ones), so a guest that was not relocated still runs, slowly. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

int vtlb_probe(struct vcpu *v, uint64_t va, unsigned asid);

enum { SEG_OK = 0, SEG_ADDRESS_ERROR = 1, SEG_TLB_MISS = 2, SEG_TLB_INVALID = 3, SEG_TLB_MOD = 4, SEG_NOT_MINE = 5 };

/* Guest-physical address of a kernel-only address under the virtual Status. */
static int kernel_segment(struct vcpu *v, uint64_t va, int write, uint64_t *gpa) {
    const uint64_t s = v->cp0[C0_STATUS];
    const int kx = (s & ST_KX) != 0;
    if ((s & ST_ERL) && va <= 0x7FFFFFFFull) { /* ERL: kuseg is unmapped (R10000 manual 16.x) */
        *gpa = va;
        return SEG_OK;
    }
    if (va >= 0xFFFFFFFF80000000ull && va < 0xFFFFFFFFC0000000ull) { /* kseg0, kseg1 */
        *gpa = va & 0x1FFFFFFFull;
        return SEG_OK;
    }
    if (va >= 0x8000000000000000ull && va < 0xC000000000000000ull) { /* xkphys */
        if (!kx || (va & 0x07FFFF0000000000ull)) return SEG_ADDRESS_ERROR;
        *gpa = va & 0xFFFFFFFFFFull;
        return SEG_OK;
    }
    const int kseg3 = va >= 0xFFFFFFFFE0000000ull;
    const int xkseg = va >= 0xC000000000000000ull && va < 0xC00000FF80000000ull;
    if (!kseg3 && !xkseg) return SEG_NOT_MINE;
    if (xkseg && !kx) return SEG_ADDRESS_ERROR;
    const int i = vtlb_probe(v, va, (unsigned)(v->cp0[C0_ENTRYHI] & 0xFF));
    if (i < 0) return SEG_TLB_MISS;
    const struct vtlb_entry *e = &v->tlb[i];
    const uint64_t half = ((e->mask | 0x1FFF) + 1) >> 1;
    const uint64_t lo = (va & half) ? e->lo1 : e->lo0;
    if (!(lo & 2)) return SEG_TLB_INVALID;
    if (write && !(lo & 4)) return SEG_TLB_MOD;
    *gpa = ((((lo >> 6) & 0xFFFFFFFull) << 12) & ~(half - 1)) | (va & (half - 1));
    return SEG_OK;
}

/* 1: emulated (advance past it); 0: an exception was reflected; -1: not this kind of access. */
int emulate_kernel_access(struct vcpu *v, uint32_t insn, uint64_t va);
int emulate_kernel_access(struct vcpu *v, uint32_t insn, uint64_t va) {
    const unsigned op = insn >> 26, rt = (insn >> 16) & 31;
    unsigned size;
    int store = 0, sign = 1;
    switch (op) {
        case 0x20: size = 1; break;           /* lb */
        case 0x24: size = 1; sign = 0; break; /* lbu */
        case 0x21: size = 2; break;           /* lh */
        case 0x25: size = 2; sign = 0; break; /* lhu */
        case 0x23: size = 4; break;           /* lw */
        case 0x27: size = 4; sign = 0; break; /* lwu */
        case 0x37: size = 8; break;           /* ld */
        case 0x28: size = 1; store = 1; break; /* sb */
        case 0x29: size = 2; store = 1; break; /* sh */
        case 0x2B: size = 4; store = 1; break; /* sw */
        case 0x3F: size = 8; store = 1; break; /* sd */
        default: return -1;
    }
    uint64_t gpa = 0;
    const int r = (va & (size - 1)) ? SEG_ADDRESS_ERROR : kernel_segment(v, va, store, &gpa);
    if (r == SEG_NOT_MINE) return -1;
    if (r == SEG_OK && vdev_owns(gpa)) { /* its virtual I/O window (io/vdev.c) */
        uint64_t x = store ? v->f.gpr[rt] : 0;
        if (!vdev_access(v, gpa, size, store, &x)) {
            reflect(v, 7, 0, 0, 0);
            return 0;
        }
        if (!store && rt) {
            if (sign && size == 4) x = (uint64_t)(int64_t)(int32_t)x;
            else if (sign && size == 1) x = (uint64_t)(int64_t)(int8_t)x;
            v->f.gpr[rt] = x;
        }
        return 1;
    }
    if (r == SEG_OK && !gpa_ok(v->vm, gpa)) { /* beyond the VM's memory: a bus error */
        reflect(v, 7, 0, 0, 0);
        return 0;
    }
    switch (r) {
        case SEG_OK: break;
        case SEG_ADDRESS_ERROR: reflect(v, store ? 5 : 4, va, 0, 1); return 0;
        case SEG_TLB_MISS: reflect(v, store ? 3 : 2, va, 1, 1); return 0;
        case SEG_TLB_INVALID: reflect(v, store ? 3 : 2, va, 0, 1); return 0;
        default: reflect(v, 1, va, 0, 1); return 0; /* Mod */
    }
    const uint64_t p = CACHED(gpa_to_mpa(v->vm, gpa));
    uint64_t *g = v->f.gpr;
    if (store) {
        const uint64_t x = g[rt];
        if (size == 1) *(volatile uint8_t *)p = (uint8_t)x;
        else if (size == 2) *(volatile uint16_t *)p = (uint16_t)x;
        else if (size == 4) *(volatile uint32_t *)p = (uint32_t)x;
        else *(volatile uint64_t *)p = x;
        return 1;
    }
    uint64_t x;
    if (size == 1) x = sign ? (uint64_t)(int64_t)*(volatile int8_t *)p : *(volatile uint8_t *)p;
    else if (size == 2) x = sign ? (uint64_t)(int64_t)*(volatile int16_t *)p : *(volatile uint16_t *)p;
    else if (size == 4) x = sign ? (uint64_t)(int64_t)*(volatile int32_t *)p : *(volatile uint32_t *)p;
    else x = *(volatile uint64_t *)p;
    if (rt) g[rt] = x;
    return 1;
}
