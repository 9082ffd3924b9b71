/* ELF64 big-endian MIPS executables: the guest images the monitor boots. */
#include "lib.h"

static uint64_t get(const uint8_t *p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

int elf_load(const uint8_t *img, uint64_t size, elf_load_fn load, void *ctx, uint64_t *entry) {
    if (size < 64 || img[0] != 0x7f || img[1] != 'E' || img[2] != 'L' || img[3] != 'F') return -1;
    if (img[4] != 2 || img[5] != 2 || get(img + 18, 2) != 8) return -2; /* ELF64, big-endian, MIPS */
    *entry = get(img + 24, 8);
    const uint64_t phoff = get(img + 32, 8);
    const unsigned phnum = (unsigned)get(img + 56, 2), phentsize = (unsigned)get(img + 54, 2);
    if (phentsize != 56 || phoff + (uint64_t)phnum * 56 > size) return -3;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + i * 56;
        if (get(ph, 4) != 1) continue; /* PT_LOAD */
        const uint64_t off = get(ph + 8, 8), vaddr = get(ph + 16, 8), filesz = get(ph + 32, 8), memsz = get(ph + 40, 8);
        if (off + filesz > size || filesz > memsz) return -4;
        const int r = load(ctx, vaddr, img + off, filesz, memsz);
        if (r) return r;
    }
    return 0;
}
