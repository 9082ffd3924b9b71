/* Machine memory: each node's low range (DESIGN.md address map) handed out from its start
   (node 0's after the monitor, below the DTB and modules), and a pool per node of the pages
   guests gave back (mm/pmap.c), reused first-in first-out so a page rests before it is
   handed out again. */
#include "lib/lib.h"
#include "vm/vm.h"

#define MAX_NODES 256
#define NODE_LOW_LIMIT 0x1F000000ull /* RAM below the node's I/O window */
static uint64_t alloc_next[MAX_NODES], alloc_end[MAX_NODES];
extern char __monitor_end[];

/* A node's pool: a ring of page numbers within the node (bits 31:12 of the address). */
struct pool {
    uint32_t *ring;
    uint32_t head, count, cap;
};
static struct pool pools[MAX_NODES];

uint64_t machine_alloc_on(unsigned node, uint64_t bytes) {
    bytes = (bytes + 0xFFF) & ~0xFFFull;
    if (node >= MAX_NODES || alloc_next[node] + bytes > alloc_end[node]) return 0;
    const uint64_t pa = alloc_next[node];
    alloc_next[node] += bytes;
    return pa;
}

uint64_t machine_alloc(uint64_t bytes) { return machine_alloc_on(0, bytes); }

void machine_init(const struct fdt_info *info) {
    for (unsigned i = 0; i < info->nmem; i++) {
        const struct fdt_mem *m = &info->mem[i];
        if (m->node >= MAX_NODES || (m->base & 0xFFFFFFFFull) != 0) continue; /* the low range of each node */
        alloc_next[m->node] = m->base;
        alloc_end[m->node] = m->base + (m->size < NODE_LOW_LIMIT ? m->size : NODE_LOW_LIMIT);
    }
    alloc_next[0] = ((uint64_t)__monitor_end - 0xFFFFFFFF80000000ull + 0xFFFFF) & ~0xFFFFFull;
    if (info->reserved_base < alloc_end[0]) alloc_end[0] = info->reserved_base & ~0xFFFull;
    for (unsigned n = 0; n < MAX_NODES; n++) {
        if (alloc_end[n] <= alloc_next[n]) continue;
        const uint64_t pages = (alloc_end[n] & 0xFFFFFFFFull) >> 12; /* from the node's base */
        const uint64_t ring = machine_alloc_on(n, pages * 4);
        if (!memmap_init(n, pages) || !ring) panic("node %u: no room for its memmap and page pool", n);
        pools[n] = (struct pool){(uint32_t *)CACHED(ring), 0, 0, (uint32_t)pages};
    }
}

void page_give_back(uint64_t mpa) {
    struct pool *p = &pools[mpa >> 32];
    if (!p->ring || p->count == p->cap) panic("page 0x%lx: not a page of a node's pool", mpa);
    p->ring[(p->head + p->count++) % p->cap] = (uint32_t)(mpa >> 12);
    memmap_set(mpa, MEMMAP_FREE, 0);
}

static uint64_t take(unsigned node) {
    struct pool *p = &pools[node];
    if (p->count) {
        const uint64_t mpa = ((uint64_t)node << 32) | ((uint64_t)p->ring[p->head] << 12);
        p->head = (p->head + 1) % p->cap;
        p->count--;
        return mpa;
    }
    return machine_alloc_on(node, 4096);
}

uint64_t page_take(unsigned home) {
    uint64_t mpa = take(home);
    for (unsigned n = 0; !mpa && n < MAX_NODES; n++)
        if (pools[n].ring && n != home) mpa = take(n);
    return mpa;
}

uint64_t pool_pages(void) {
    uint64_t total = 0;
    for (unsigned n = 0; n < MAX_NODES; n++) total += pools[n].count;
    return total;
}
