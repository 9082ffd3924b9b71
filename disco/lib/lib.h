/* The monitor's small library: console, formatted output, memory, device tree, ELF. */
#ifndef DISCO_LIB_H
#define DISCO_LIB_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Uncached (xkphys) view of a machine physical address, and its cached view. */
#define UNCACHED(pa) (0x9000000000000000ull | (uint64_t)(pa))
#define CACHED(pa) (0xA800000000000000ull | (uint64_t)(pa))
#define UART0 0x1F010000ull
#define SIMCTL0 0x1F020000ull
#define MAGIC0 0x1F000000ull

void console_putc(char c);
void kprintf(const char *fmt, ...);
void kvprintf(void (*out)(char, void *), void *arg, const char *fmt, va_list ap);
void panic(const char *fmt, ...) __attribute__((noreturn));
void machine_exit(int status) __attribute__((noreturn));

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int strcmp(const char *a, const char *b);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

static inline void mmio_w64(uint64_t pa, uint64_t v) { *(volatile uint64_t *)UNCACHED(pa) = v; }
static inline uint64_t mmio_r64(uint64_t pa) { return *(volatile uint64_t *)UNCACHED(pa); }

/* Device tree (flattened, version 17), read-only walking. */
struct fdt_vm {
    uint64_t base, size, mem;
    uint64_t disk_base, disk_size; /* 0/0: no disk */
    unsigned cpus;
    const char *name;
};
struct fdt_mem {
    uint64_t base, size;
    unsigned node;
};
struct fdt_info {
    uint64_t reserved_base;  /* lowest reserved address (DTB and modules): VMs must stay below */
    unsigned nmem;
    struct fdt_mem mem[64];  /* /memory@ ranges with their numa-node-id */
    unsigned nvms;
    struct fdt_vm vms[8];
};
int fdt_parse(const void *blob, struct fdt_info *out);

/* ELF64 big-endian executable: calls load(seg_vaddr, src, filesz, memsz) per PT_LOAD. */
typedef int (*elf_load_fn)(void *ctx, uint64_t vaddr, const uint8_t *src, uint64_t filesz, uint64_t memsz);
int elf_load(const uint8_t *image, uint64_t size, elf_load_fn load, void *ctx, uint64_t *entry);
#endif
