/* A virtio-mmio block device in node 0's slot 0 (docs/virtio.md): the transport's registers
   (little-endian, version 2), one virtqueue, reads, writes, flush, GET_ID, the errors a driver
   can provoke, the interrupt through MAGIC, and DMA over code the CPU has run.
   tests/machine/virtio_blk.py gives the disk: 64 sectors, byte i of sector s is (7s + i) & 0xFF,
   and says whether it is read-only. */
#include "virtio.h"

#define SECTORS 64
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };

static struct vq q;
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static uint8_t data[2048] __attribute__((aligned(512)));
static volatile uint8_t status_byte;
static uint32_t code[1024] __attribute__((aligned(4096)));  /* a page of code we run, then DMA over */

/* One request: header, optional data buffer, status; returns the status byte (0xEE: no answer). */
static int request(uint32_t type, uint64_t sector, void *buf, uint32_t len, int device_writes) {
    hdr.type = swap32(type);
    hdr.reserved = 0;
    hdr.sector = swap64(sector);
    status_byte = 0xEE;
    vq_set_desc(&q, 0, &hdr, 16, 0, len ? 1 : 2);
    if (len) vq_set_desc(&q, 1, buf, len, device_writes, 2);
    vq_set_desc(&q, 2, &status_byte, 1, 1, -1);
    return vq_kick(0, &q, 0) ? status_byte : 0xEE;
}

static int ret_const(void) { return ((int (*)(void))(uintptr_t)code)(); }

int main(void) {
    vio_slot = 0;
    report(vr(R_MAGIC) == 0x74726976, "MagicValue is \"virt\" (0x%x)", vr(R_MAGIC));
    report(vr(R_VERSION) == 2, "Version 2");
    report(vr(R_DEVICE_ID) == 2, "DeviceID 2: block");
    vw(R_STATUS, 0);
    vw(R_STATUS, S_ACK | S_DRIVER);
    vw(R_DEV_FEATURES_SEL, 1);
    report((vr(R_DEV_FEATURES) & 1) == 1, "VIRTIO_F_VERSION_1 offered");
    vw(R_DEV_FEATURES_SEL, 0);
    const uint32_t feat = vr(R_DEV_FEATURES);
    const int ro = (feat >> 5) & 1;
    report((feat & ((1u << 2) | (1u << 6) | (1u << 9))) == ((1u << 2) | (1u << 6) | (1u << 9)),
           "SEG_MAX, BLK_SIZE and FLUSH offered (0x%x)", feat);
    printf_("disk is %s\n", ro ? "read-only" : "writable");
    vio_negotiate(0);
    const uint64_t cap = vr(R_CONFIG) | ((uint64_t)vr(R_CONFIG + 4) << 32);
    report(cap == SECTORS, "capacity %lu sectors", cap);
    report(*(volatile uint8_t *)(VIO(0) + R_CONFIG) == SECTORS, "a byte read of the configuration space");
    report(vr(R_CONFIG + 20) == 512, "blk_size 512");

    vw(R_QUEUE_SEL, 0);
    report(vr(R_QUEUE_NUM_MAX) >= QSIZE, "QueueNumMax %u", vr(R_QUEUE_NUM_MAX));
    vq_setup(0, &q);
    report(vr(R_QUEUE_READY) == 1, "queue 0 ready");
    vw(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    mmio_write64(MAGIC(0) + MAGIC_INT_ENABLE, 0); /* polled: the interrupt line is checked in MAGIC */

    /* Read sectors 3 and 4. */
    int st = request(T_IN, 3, data, 1024, 1);
    report(st == 0, "read of sectors 3-4: status %d", st);
    report(swap32(q.used.ring[0].len) == 1025, "used length 1025 (%u)", swap32(q.used.ring[0].len));
    int good = 1;
    for (unsigned i = 0; i < 1024; i++) good &= data[i] == (uint8_t)(7 * (3 + i / 512) + i % 512);
    report(good, "the data are the disk's");
    report((mmio_read64(MAGIC(0) + MAGIC_INT_PENDING) >> 8) & 1, "INT_PENDING bit 8: slot 0 interrupts");
    report(vr(R_INT_STATUS) == 1, "InterruptStatus: used buffer");
    vw(R_INT_ACK, 1);
    report(((mmio_read64(MAGIC(0) + MAGIC_INT_PENDING) >> 8) & 1) == 0, "acknowledged: no longer pending");

    /* Write sector 5, read it back. */
    for (unsigned i = 0; i < 512; i++) data[i] = (uint8_t)(0xA5 ^ i);
    st = request(T_OUT, 5, data, 512, 0);
    report(st == (ro ? 1 : 0), "write of sector 5: status %d", st);
    memset(data, 0, 512);
    request(T_IN, 5, data, 512, 1);
    good = 1;
    for (unsigned i = 0; i < 512; i++) good &= data[i] == (uint8_t)(ro ? 7 * 5 + i : 0xA5 ^ i);
    report(good, ro ? "sector 5 unchanged" : "sector 5 reads back what was written");
    report(request(T_FLUSH, 0, 0, 0, 0) == 0, "flush");
    st = request(T_GET_ID, 0, data, 20, 1);
    report(st == 0 && data[0] == 'f' && data[7] == 'm', "GET_ID: %c%c%c...", data[0], data[1], data[2]);

    /* The errors a driver can make. */
    report(request(T_IN, SECTORS - 1, data, 1024, 1) == 1, "a read past the end: IOERR");
    report(request(99, 0, data, 512, 1) == 2, "an unknown request type: UNSUPP");
    report(request(T_IN, 0, data, 100, 1) == 1, "a buffer not a multiple of 512: IOERR");

    /* DMA over code this CPU has run: the new instructions run, not stale decoded ones. */
    if (!ro) {
        code[0] = 0x24020001; /* li v0, 1 */
        code[1] = 0x03e00008; /* jr ra */
        code[2] = 0;
        report(ret_const() == 1, "the code page runs");
        for (unsigned i = 0; i < 512; i++) data[i] = 0;
        uint32_t *w = (uint32_t *)data;
        w[0] = 0x24020002; /* li v0, 2 */
        w[1] = 0x03e00008;
        request(T_OUT, 6, data, 512, 0);
        request(T_IN, 6, code, 512, 1);
        report(ret_const() == 2, "after DMA over it, the new code runs");
    }

    /* A descriptor chain that leaves the table: the device stops and wants a reset. */
    vq_set_desc(&q, 0, &hdr, 16, 0, QSIZE + 3);
    vq_kick(0, &q, 0);
    report(vr(R_STATUS) & S_NEEDS_RESET, "a bad chain: DEVICE_NEEDS_RESET");
    vw(R_STATUS, 0);
    report(vr(R_STATUS) == 0 && vr(R_QUEUE_READY) == 0, "reset clears status and queues");
    report(*(volatile uint32_t *)(VIO(0) + 0x000) == 0x76697274, "registers are little-endian on the bus");
    return report_summary();
}
