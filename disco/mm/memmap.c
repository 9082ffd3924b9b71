/* The memmap: for every machine page, which VM uses it and as which guest-physical page (the
   pmap's inverse), and which VM used it last. Reclaiming a page (mm/pmap.c) finds the L2TLB
   entries that still name it through here; page migration, replication and copy-on-write
   sharing (later steps) start from it too. One table per node, in the node's own memory. */
#include "lib/lib.h"
#include "vm/vm.h"

struct memmap_entry {
    uint32_t guest_page; /* guest-physical page number */
    uint8_t vm;          /* VM number + 1; 0: not a guest page */
    uint8_t last;        /* the VM number + 1 that used it before, 0: none */
    uint16_t spare;
};
static struct memmap_entry *memmap[256];
static uint32_t memmap_pages[256];

int memmap_init(unsigned node, uint64_t pages) {
    const uint64_t pa = machine_alloc_on(node, pages * sizeof(struct memmap_entry));
    if (!pa) return 0;
    memmap[node] = (struct memmap_entry *)CACHED(pa);
    memmap_pages[node] = (uint32_t)pages;
    memset(memmap[node], 0, pages * sizeof(struct memmap_entry));
    return 1;
}

static struct memmap_entry *entry(uint64_t mpa) {
    const unsigned node = (unsigned)(mpa >> 32);
    const uint64_t page = (mpa & 0xFFFFFFFFull) >> 12;
    if (node >= 256 || page >= memmap_pages[node]) return 0;
    return &memmap[node][page];
}

void memmap_set(uint64_t mpa, unsigned vm, uint64_t gpa) {
    struct memmap_entry *e = entry(mpa);
    if (!e) panic("memmap: machine page 0x%lx is outside every node's memory", mpa);
    if (e->vm) e->last = e->vm;
    e->vm = vm == MEMMAP_FREE ? 0 : (uint8_t)(vm + 1);
    e->guest_page = vm == MEMMAP_FREE ? 0 : (uint32_t)(gpa >> 12);
}

int memmap_get(uint64_t mpa, unsigned *vm, uint64_t *gpa) {
    const struct memmap_entry *e = entry(mpa);
    if (!e || !e->vm) return -1;
    *vm = e->vm - 1u;
    *gpa = (uint64_t)e->guest_page << 12;
    return 0;
}

int memmap_last_user(uint64_t mpa) {
    const struct memmap_entry *e = entry(mpa);
    return e && e->last ? e->last - 1 : -1;
}
