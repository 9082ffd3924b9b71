/* A minimal virtio-mmio driver for the device tests (docs/virtio.md): slot k of node 0,
   registers little-endian, one split virtqueue of QSIZE entries per call to vq_setup. */
#pragma once
#include "guest.h"

#define VIO(k) IO(0x100000 + 0x1000 * (k))
#define KSEG0_TO_PA(p) ((uint64_t)(uintptr_t)(p) & 0x1FFFFFFFull)
#define QSIZE 8

enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_INT_ACK = 0x064,
    R_STATUS = 0x070, R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_AVAIL_LO = 0x090, R_AVAIL_HI = 0x094,
    R_USED_LO = 0x0a0, R_USED_HI = 0x0a4, R_CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_NEEDS_RESET = 0x40 };

static inline uint32_t swap32(uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}
static inline uint16_t swap16(uint16_t v) { return (uint16_t)((v >> 8) | (v << 8)); }
static inline uint64_t swap64(uint64_t v) { return ((uint64_t)swap32((uint32_t)v) << 32) | swap32((uint32_t)(v >> 32)); }

static unsigned vio_slot;
static inline uint32_t vr(unsigned off) { return swap32(*(volatile uint32_t *)(VIO(vio_slot) + off)); }
static inline void vw(unsigned off, uint32_t v) { *(volatile uint32_t *)(VIO(vio_slot) + off) = swap32(v); }

struct vq_desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct vq {
    struct vq_desc desc[QSIZE] __attribute__((aligned(4096)));
    struct { uint16_t flags, idx, ring[QSIZE], event; } avail __attribute__((aligned(4096)));
    struct { uint16_t flags, idx; struct { uint32_t id, len; } ring[QSIZE]; uint16_t event; } used
        __attribute__((aligned(4096)));
    uint16_t avail_idx, used_seen;
};

/* Reset, negotiate VERSION_1 only, and report that the device took it. */
static inline void vio_negotiate(unsigned slot) {
    vio_slot = slot;
    vw(R_STATUS, 0);
    vw(R_STATUS, S_ACK | S_DRIVER);
    vw(R_DRV_FEATURES_SEL, 1);
    vw(R_DRV_FEATURES, 1);
    vw(R_DRV_FEATURES_SEL, 0);
    vw(R_DRV_FEATURES, 0);
    vw(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    report(vr(R_STATUS) & S_FEATURES_OK, "FEATURES_OK accepted");
}

static inline void vq_setup(unsigned index, struct vq *q) {
    vw(R_QUEUE_SEL, index);
    vw(R_QUEUE_NUM, QSIZE);
    vw(R_DESC_LO, (uint32_t)KSEG0_TO_PA(q->desc));
    vw(R_DESC_HI, 0);
    vw(R_AVAIL_LO, (uint32_t)KSEG0_TO_PA(&q->avail));
    vw(R_AVAIL_HI, 0);
    vw(R_USED_LO, (uint32_t)KSEG0_TO_PA(&q->used));
    vw(R_USED_HI, 0);
    vw(R_QUEUE_READY, 1);
}

static inline void vq_set_desc(struct vq *q, unsigned i, const volatile void *p, uint32_t len, int device_writes,
                               int next) {
    q->desc[i].addr = swap64(KSEG0_TO_PA(p));
    q->desc[i].len = swap32(len);
    q->desc[i].flags = swap16((uint16_t)((next >= 0 ? 1 : 0) | (device_writes ? 2 : 0)));
    q->desc[i].next = swap16((uint16_t)(next >= 0 ? next : 0));
}

/* Offers the chain starting at descriptor head and notifies; true if the device used it. */
static inline int vq_kick(unsigned index, struct vq *q, unsigned head) {
    q->avail.ring[q->avail_idx % QSIZE] = swap16((uint16_t)head);
    q->avail_idx++;
    q->avail.idx = swap16(q->avail_idx);
    vw(R_QUEUE_NOTIFY, index);
    if (swap16(q->used.idx) != (uint16_t)(q->used_seen + 1)) return 0;
    q->used_seen++;
    return 1;
}
