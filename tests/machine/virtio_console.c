/* A virtio console in node 0's slot 0 (--virtio-console FILE, docs/virtio.md): what the guest
   transmits, in chained and separate buffers, lands in the file in order;
   tests/machine/virtio_console.py checks the file. */
#include "virtio.h"

static struct vq rx, tx;
static char part1[] = "hello from ", part2[] = "the virtio console\n", line2[] = "second line\n";

int main(void) {
    vio_slot = 0;
    report(vr(R_MAGIC) == 0x74726976 && vr(R_DEVICE_ID) == 3, "a virtio console (DeviceID %u)", vr(R_DEVICE_ID));
    vio_negotiate(0);
    vq_setup(0, &rx);
    vq_setup(1, &tx);
    vw(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    vq_set_desc(&tx, 0, part1, sizeof part1 - 1, 0, 1);
    vq_set_desc(&tx, 1, part2, sizeof part2 - 1, 0, -1);
    report(vq_kick(1, &tx, 0), "a two-buffer chain transmitted");
    vq_set_desc(&tx, 2, line2, sizeof line2 - 1, 0, -1);
    report(vq_kick(1, &tx, 2), "a second chain transmitted");
    report(swap32(tx.used.ring[1].id) == 2, "used ring names the chain's head");
    vq_set_desc(&tx, 3, line2, sizeof line2 - 1, 1, -1);
    vq_kick(1, &tx, 3);
    report(vr(R_STATUS) & S_NEEDS_RESET, "a device-writable transmit buffer: DEVICE_NEEDS_RESET");
    return report_summary();
}
