/* Just enough of a flattened device tree reader for the monitor: the reserved range and the
   /chosen/vm@N nodes flashsim describes (docs/boot.md "Modules"). */
#include "lib.h"

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

enum { FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9 };

int fdt_parse(const void *blob, struct fdt_info *out) {
    const uint8_t *b = blob;
    if (be32(b) != 0xd00dfeed) return -1;
    const uint8_t *structs = b + be32(b + 8), *strings = b + be32(b + 12), *rsv = b + be32(b + 16);
    memset(out, 0, sizeof *out);
    out->reserved_base = ~0ull;
    for (; be64(rsv + 8); rsv += 16)
        if (be64(rsv) < out->reserved_base) out->reserved_base = be64(rsv);
    int depth = 0, in_chosen = 0, in_vm = 0, in_mem = 0;
    struct fdt_vm *vm = 0;
    struct fdt_mem *mem = 0;
    for (const uint8_t *p = structs;;) {
        const uint32_t tag = be32(p);
        p += 4;
        if (tag == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            p += (strlen(name) + 4) & ~3ul;
            depth++;
            if (depth == 2 && !strcmp(name, "chosen")) in_chosen = 1;
            if (depth == 2 && !memcmp(name, "memory@", 7) && out->nmem < 64) {
                in_mem = 1;
                mem = &out->mem[out->nmem++];
            }
            if (depth == 3 && in_chosen && name[0] == 'v' && name[1] == 'm' && name[2] == '@' && out->nvms < 8) {
                in_vm = 1;
                vm = &out->vms[out->nvms++];
                vm->cpus = 1;
            }
        } else if (tag == FDT_END_NODE) {
            if (depth == 3) in_vm = 0;
            if (depth == 2) in_chosen = 0, in_mem = 0;
            depth--;
        } else if (tag == FDT_PROP) {
            const uint32_t len = be32(p), nameoff = be32(p + 4);
            const uint8_t *val = p + 8;
            p += 8 + ((len + 3) & ~3u);
            const char *pname = (const char *)strings + nameoff;
            if (in_mem) {
                if (!strcmp(pname, "reg") && len == 16) {
                    mem->base = be64(val);
                    mem->size = be64(val + 8);
                } else if (!strcmp(pname, "numa-node-id") && len == 4) {
                    mem->node = be32(val);
                }
                continue;
            }
            if (!in_vm) continue;
            if (!strcmp(pname, "reg") && len == 16) {
                vm->base = be64(val);
                vm->size = be64(val + 8);
            } else if (!strcmp(pname, "cpus") && len == 4) {
                vm->cpus = be32(val);
            } else if (!strcmp(pname, "memory") && len == 8) {
                vm->mem = be64(val);
            } else if (!strcmp(pname, "disk") && len == 16) {
                vm->disk_base = be64(val);
                vm->disk_size = be64(val + 8);
            } else if (!strcmp(pname, "image-name")) {
                vm->name = (const char *)val;
            }
        } else if (tag == FDT_NOP) {
        } else if (tag == FDT_END) {
            break;
        } else {
            return -1;
        }
    }
    return 0;
}
