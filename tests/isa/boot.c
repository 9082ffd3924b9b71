/* The boot protocol (DESIGN.md "Boot"): kernel mode, Status = CU0|CU1|FR|KX|SX|UX,
   a0 = -2, a1 = ckseg0 address of a flattened device tree describing the machine. */
#include "guest.h"

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static int has_string(const uint8_t *blk, uint32_t len, const char *s) {
    for (uint32_t i = 0; i < len; i++) {
        uint32_t j = 0;
        while (s[j] && i + j < len && blk[i + j] == (uint8_t)s[j]) j++;
        if (!s[j]) return 1;
    }
    return 0;
}

int main(int64_t a0, uint64_t a1);
int main(int64_t a0, uint64_t a1) {
    report(a0 == -2, "a0 = -2 (UHI convention), got %ld", a0);
    report((a1 >> 29) == (0xFFFFFFFF80000000ull >> 29), "a1 is a ckseg0 address: 0x%lx", a1);
    const uint64_t sr = MFC0_32(12);
    report((sr & 0xFFFFFFFFull) == 0x340000E0ull, "Status = CU0|CU1|FR|KX|SX|UX: 0x%lx", sr);
    const uint8_t *fdt = (const uint8_t *)a1;
    report(be32(fdt) == 0xd00dfeed, "FDT magic at a1: 0x%x", be32(fdt));
    const uint32_t total = be32(fdt + 4), off_struct = be32(fdt + 8), off_strings = be32(fdt + 12);
    report(total > 256 && total < 65536, "FDT total size %u", total);
    report(be32(fdt + 20) == 17, "FDT version 17");
    /* Node names live in the structure block, property names in the strings block. */
    const uint32_t struct_len = be32(fdt + 36), strings_len = be32(fdt + 32);
    report(has_string(fdt + off_struct, struct_len, "cpu@0"), "a /cpus/cpu@0 node");
    report(has_string(fdt + off_struct, struct_len, "mips,r10000"), "cpu compatible mips,r10000");
    report(has_string(fdt + off_struct, struct_len, "memory@0"), "a /memory@0 node");
    report(has_string(fdt + off_struct, struct_len, "ns16550a"), "the UART is ns16550a");
    report(has_string(fdt + off_struct, struct_len, "serial@1f010000"), "UART at 0x1f010000");
    report(has_string(fdt + off_strings, strings_len, "numa-node-id"), "numa-node-id properties");
    report(has_string(fdt + off_strings, strings_len, "bootargs"), "/chosen/bootargs");
    /* The DTB is reserved for itself. */
    const uint32_t off_rsv = be32(fdt + 16);
    const uint64_t rsv_base = (uint64_t)be32(fdt + off_rsv) << 32 | be32(fdt + off_rsv + 4);
    report(rsv_base == (a1 & 0x1FFFFFFF), "/memreserve/ covers the DTB at 0x%lx", rsv_base);
    return report_summary();
}
