/* The memmap: for every machine page the monitor gives a guest, which VM uses it and as which
   guest-physical page (the pmap's inverse). Page migration, replication and copy-on-write
   sharing (a later step) start from it: they must find every user of a machine page. */
#include "lib/lib.h"
#include "vm/vm.h"

/* One entry per 4 KiB machine page in each node's first 496 MiB (DESIGN.md address map). */
#define NODE_PAGES (0x1F000000ull >> 12)
#define MAX_NODES_MAPPED 4
struct memmap_entry {
    uint32_t guest_page; /* guest-physical page number */
    uint8_t vm;          /* VM number + 1; 0: not a guest page */
};
static struct memmap_entry memmap[MAX_NODES_MAPPED][NODE_PAGES];

void memmap_set(uint64_t mpa, unsigned vm, uint64_t gpa) {
    const unsigned node = (unsigned)(mpa >> 32);
    const uint64_t page = (mpa & 0xFFFFFFFFull) >> 12;
    if (node >= MAX_NODES_MAPPED || page >= NODE_PAGES) return; /* not tracked: see docs/guest-abi.md */
    memmap[node][page].guest_page = (uint32_t)(gpa >> 12);
    memmap[node][page].vm = (uint8_t)(vm + 1);
}

int memmap_get(uint64_t mpa, unsigned *vm, uint64_t *gpa) {
    const unsigned node = (unsigned)(mpa >> 32);
    const uint64_t page = (mpa & 0xFFFFFFFFull) >> 12;
    if (node >= MAX_NODES_MAPPED || page >= NODE_PAGES || !memmap[node][page].vm) return -1;
    *vm = memmap[node][page].vm - 1u;
    *gpa = (uint64_t)memmap[node][page].guest_page << 12;
    return 0;
}
