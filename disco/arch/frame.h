/* The register frame of a virtual CPU as the exception entry saves it (arch/entry.S). */
#ifndef DISCO_FRAME_H
#define DISCO_FRAME_H
#include <stdint.h>

struct frame {
    uint64_t gpr[32];  /* 0x000 */
    uint64_t hi, lo;   /* 0x100, 0x108 */
    uint64_t pc;       /* 0x110: EPC, where the guest resumes */
    uint64_t cause;    /* 0x118 */
    uint64_t status;   /* 0x120: real Status to resume with (EXL set) */
    uint64_t badvaddr; /* 0x128 */
    uint64_t mon_sp;   /* 0x130: the stack of the physical CPU running this vCPU */
};
#define FRAME_HI 0x100
#define FRAME_LO 0x108
#define FRAME_PC 0x110
#define FRAME_CAUSE 0x118
#define FRAME_STATUS 0x120
#define FRAME_BADVADDR 0x128
#define FRAME_MON_SP 0x130

/* Enter the guest with the state in f (arch/entry.S); does not return. */
void resume(struct frame *f) __attribute__((noreturn));
/* Called by the exception entry with the frame it saved and the vector (0x000, 0x080, 0x180). */
void trap(struct frame *f, uint64_t vector);
#endif
