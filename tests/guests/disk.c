/* A VM's disk through hypercalls: the image tests/guests/CMakeLists.txt generates holds, in
   sector n, the doublewords 0xD15C000000000000 | n << 16 | i; reads, a write read back, and
   hostile arguments. */
#include "disco/abi.h"
#include "guest.h"

static uint64_t buf[4 * 64] __attribute__((aligned(4096)));

static long disk(long nr, uint64_t sector, void *p, uint64_t count) {
    register long v0 __asm__("$2") = nr;
    register uint64_t a0 __asm__("$4") = sector, a2 __asm__("$6") = count;
    register uint64_t a1 __asm__("$5") = (uint64_t)p - DISCO_KSEG; /* guest-physical */
    __asm__ volatile("syscall %4" : "+r"(v0) : "r"(a0), "r"(a1), "r"(a2), "i"(DISCO_HCALL_CODE) : "memory");
    return v0;
}

static int sector_ok(const uint64_t *s, uint64_t n) {
    for (unsigned i = 0; i < 64; i++)
        if (s[i] != (0xD15C000000000000ull | n << 16 | i)) return 0;
    return 1;
}

int main(void) {
    const long sectors = hcall(HC_VM_INFO, 3, 0);
    report(sectors == 16, "the disk has %ld sectors", sectors);
    report(disk(HC_DISK_READ, 0, buf, 4) == 4, "read sectors 0-3");
    report(sector_ok(buf, 0) && sector_ok(buf + 64, 1) && sector_ok(buf + 192, 3), "their contents");
    report(disk(HC_DISK_READ, 15, buf, 1) == 1 && sector_ok(buf, 15), "read the last sector");
    for (unsigned i = 0; i < 64; i++) buf[i] = 0xAAAA000000000000ull | i;
    report(disk(HC_DISK_WRITE, 7, buf, 1) == 1, "write sector 7");
    buf[0] = 0;
    report(disk(HC_DISK_READ, 7, buf, 1) == 1 && buf[0] == 0xAAAA000000000000ull && buf[63] == 0xAAAA00000000003Full,
           "sector 7 reads back what was written");
    report(disk(HC_DISK_READ, 16, buf, 1) == HC_EINVAL, "a sector past the end: HC_EINVAL");
    report(disk(HC_DISK_READ, 14, buf, 3) == HC_EINVAL, "a transfer running past the end: HC_EINVAL");
    report(disk(HC_DISK_READ, 0, (void *)(DISCO_KSEG + (32u << 20)), 1) == HC_EFAULT, "into memory it does not have: HC_EFAULT");
    return report_summary();
}
