/* Each VM's disk: a raw image flashsim placed in machine memory (--vm ...,disk=FILE), read and
   written by hypercall in 512-byte sectors. Writes change the in-memory copy only: the file is
   never written back. */
#include "disco/abi.h"
#include "lib/lib.h"
#include "vm/vm.h"

int64_t disk_io(struct vcpu *v, uint64_t sector, uint64_t gpa, uint64_t count, int write) {
    struct vm *vm = v->vm;
    if (!vm->disk_sectors) return HC_ENOSYS;
    if (sector >= vm->disk_sectors || count > vm->disk_sectors - sector || count > 256) return HC_EINVAL;
    if ((gpa & 7) || !gpa_ok(vm, gpa) || count * DISCO_SECTOR > vm->mem - gpa) return HC_EFAULT;
    for (uint64_t i = 0; i < count * DISCO_SECTOR; i += 8) {
        /* guest pages need not be contiguous in machine memory: translate each doubleword */
        volatile uint64_t *mem = (volatile uint64_t *)CACHED(gpa_to_mpa(vm, gpa + i));
        volatile uint64_t *disk = (volatile uint64_t *)CACHED(vm->disk_base + sector * DISCO_SECTOR + i);
        if (write) *disk = *mem;
        else *mem = *disk;
    }
    return (int64_t)count;
}
