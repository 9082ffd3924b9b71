/* Guest start-up: stack, .bss, exception vectors, main(), exit with its value. */
#include "mips/regdef.h"
    .set noreorder
    .section .text.start, "ax"
    .globl _start
_start:
    dla     sp, __stack_top
    dla     t0, __bss_start
    dla     t1, __bss_end
1:  beq     t0, t1, 2f
    nop
    sd      zero, 0(t0)
    b       1b
    daddiu  t0, t0, 8
2:  /* Copy the vector stub to the TLB refill (0x000), XTLB refill (0x080) and general (0x180)
       vectors in ckseg0. */
    dla     t0, vector_stub
    li      t2, 0
    jal     install_vector
    nop
    li      t2, 0x80
    jal     install_vector
    nop
    li      t2, 0x180
    jal     install_vector
    nop
    jal     main
    nop
    move    a0, v0
    jal     exit
    nop
3:  b       3b
    nop

/* Secondary CPUs start here from their MAGIC mailbox (PC = secondary_start, SP = their stack,
   ARG = a0): secondary_main(a0) must not return. */
    .globl  secondary_start
secondary_start:
    jal     secondary_main
    nop
5:  b       5b
    nop

/* install_vector: copy the 8-word stub at t0 to 0xffffffff80000000 + t2, patching the
   vector offset into its last instruction. */
install_vector:
#ifdef DISCO
    lui     t1, 0xc000          /* under Disco the guest's vectors live in ksseg (abi.h) */
#else
    lui     t1, 0x8000          /* sign-extends to 0xffffffff80000000 */
#endif
    daddu   t1, t1, t2
    li      t3, 0
4:  daddu   t8, t0, t3
    lw      t9, 0(t8)
    daddu   t8, t1, t3
    sw      t9, 0(t8)
    daddiu  t3, t3, 4
    li      t9, 16
    bne     t3, t9, 4b
    nop
    lw      t9, 12(t0)          /* li k1, offset in the delay slot */
    or      t9, t9, t2
    jr      ra
    sw      t9, 12(t1)

vector_stub:
    lui     k0, %hi(exc_entry)
    addiu   k0, k0, %lo(exc_entry)
    jr      k0
    ori     k1, zero, 0         /* patched: vector offset */

/* Save every register into a frame on this CPU's exception stack (4 KiB each, by MAGIC's
   WHOAMI, up to 16 CPUs), call exc_dispatch(frame, vector), restore (EPC from the frame: the
   handler may move it), eret. Only k0 and k1 may be used before the frame is saved. */
#define FRAME_SIZE (40 * 8)
exc_entry:
#ifdef DISCO
    lui     k0, 0xe000          /* the vCPU number from the privileged-register page */
    ld      k0, -4096+0x48(k0)
    andi    k0, k0, 15
#else
    lui     k0, 0xbf00          /* node 0 MAGIC, ckseg1 */
    ld      k0, 0x30(k0)        /* WHOAMI */
    andi    k0, k0, 15
#endif
    dsll    k0, k0, 12
    or      k0, k0, k1          /* cpu * 4096 | vector offset (< 0x200) */
    dla     k1, __exc_stack_top - FRAME_SIZE
    dsubu   k1, k1, k0
    andi    k0, k0, 0xfff       /* vector offset */
    daddu   k1, k1, k0          /* frame = top - FRAME_SIZE - cpu * 4096 */
    sd      k0, 304(k1)
    move    k0, k1
    .set noat
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,28,29,30,31
    sd      $\r, \r*8(k0)
    .endr
    .set at
    mfhi    t0
    sd      t0, 256(k0)
    mflo    t0
    sd      t0, 264(k0)
#ifdef DISCO
    /* The patched kernel reads these from the privileged-register page (disco/abi.h) with
       plain loads instead of trapping MFC0s. */
    lui     t1, 0xe000          /* 0xffffffffe0000000 - 4096 = DISCO_PRIV_PAGE */
    ld      t0, -4096+0x10(t1)  /* EPC */
    sd      t0, 272(k0)
    ld      t0, -4096+0x08(t1)  /* Cause */
    sd      t0, 280(k0)
    ld      t0, -4096+0x00(t1)  /* Status */
    sd      t0, 288(k0)
    ld      t0, -4096+0x18(t1)  /* BadVAddr */
    sd      t0, 296(k0)
#else
    dmfc0   t0, $14             /* EPC */
    sd      t0, 272(k0)
    dmfc0   t0, $13             /* Cause */
    sd      t0, 280(k0)
    dmfc0   t0, $12             /* Status */
    sd      t0, 288(k0)
    dmfc0   t0, $8              /* BadVAddr */
    sd      t0, 296(k0)
#endif
    move    sp, k0
    move    a0, k0
    jal     exc_dispatch
    ld      a1, 304(k0)         /* vector offset */
    move    k0, sp
#ifdef DISCO
    /* EPC into the privileged-register page (no trap); Status only if the handler changed it. */
    ld      t0, 272(k0)
    lui     t1, 0xe000
    sd      t0, -4096+0x10(t1)
    ld      t0, 288(k0)
    ld      t2, -4096+0x00(t1)
    beq     t0, t2, 6f
    nop
    mtc0    t0, $12
6:
#else
    ld      t0, 272(k0)
    dmtc0   t0, $14
    ld      t0, 288(k0)
    mtc0    t0, $12             /* Status as the handler left it (EXL still set) */
#endif
    ld      t0, 256(k0)
    mthi    t0
    ld      t0, 264(k0)
    mtlo    t0
    .set noat
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,28,29,30,31
    ld      $\r, \r*8(k0)
    .endr
    .set at
    eret
    nop
