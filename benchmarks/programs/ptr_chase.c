/* ptr_chase.c - pointer chasing: NODES 16-byte nodes (16 MiB) linked in
 * one random cycle (Sattolo's shuffle), followed STEPS times; every step is a
 * dependent load from a random place in a large working set, with a store
 * back into the node. */
#include "bench.h"

#define NODES (1u << 20) /* 16 MiB of nodes + 4 MiB of permutation */
#ifndef STEPS
#define STEPS (16000000ull * SCALE)
#endif

struct node {
    struct node *next;
    uint64_t val;
};

static struct node nodes[NODES];
static uint32_t perm[NODES];

int main(void)
{
    uint64_t rng = 0x13198A2E03707344ull;
    for (uint32_t i = 0; i < NODES; i++)
        perm[i] = i;
    /* Sattolo: a uniformly random single cycle through all nodes */
    for (uint32_t i = NODES - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(((xorshift64(&rng) >> 32) * i) >> 32); /* 0..i-1 */
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (uint32_t i = 0; i < NODES; i++) {
        struct node *n = &nodes[perm[i]];
        n->next = &nodes[perm[(i + 1) & (NODES - 1)]];
        n->val = i;
    }

    uint64_t sum = 0;
    struct node *p = &nodes[perm[0]];
    for (uint64_t s = 0; s < STEPS; s++) {
        p = p->next;
        sum += p->val;
        p->val = sum;
    }
    sum ^= (uint64_t)(p - nodes);
    bench_report("ptr_chase", sum);
    return 0;
}
