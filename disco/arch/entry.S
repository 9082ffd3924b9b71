/* Monitor entry, exception vectors and the world switch.
   Guest k0/k1 must survive a trap into the monitor (a guest kernel may take a TLB miss inside
   its own handler): the vector parks k0 in ErrorEPC (free while ERL is clear), and the frame
   of the running vCPU is found through TagLo, which the monitor keeps as a per-CPU pointer
   (guests cannot read either: CP0 access traps). */
#include "regdef.h"
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
2:  dla     t0, refill_stub
    lui     t1, 0x8000          /* 0xffffffff80000000: TLB refill vector */
    jal     copy_stub
    nop
    dla     t0, xrefill_stub
    lui     t1, 0x8000
    daddiu  t1, t1, 0x80        /* XTLB refill */
    jal     copy_stub
    nop
    dla     t0, general_stub
    lui     t1, 0x8000
    daddiu  t1, t1, 0x180       /* general exceptions */
    jal     copy_stub
    nop
    move    a0, a1              /* the DTB */
    jal     disco_main
    nop
3:  b       3b
    nop

/* Other CPUs start here from their MAGIC mailbox: SP = their monitor stack, a0 = CPU number. */
    .globl  secondary_entry
secondary_entry:
    jal     disco_secondary
    nop
5:  b       5b
    nop

/* copy 8 words from t0 to t1 */
copy_stub:
    li      t2, 8
4:  lw      t3, 0(t0)
    sw      t3, 0(t1)
    daddiu  t0, t0, 4
    daddiu  t1, t1, 4
    daddiu  t2, t2, -1
    bnez    t2, 4b
    nop
    jr      ra
    nop

refill_stub:
    dmtc0   k0, $30
    lui     k0, %hi(exc_refill)
    addiu   k0, k0, %lo(exc_refill)
    jr      k0
    nop
    nop
    nop
    nop
xrefill_stub:
    dmtc0   k0, $30
    lui     k0, %hi(exc_xrefill)
    addiu   k0, k0, %lo(exc_xrefill)
    jr      k0
    nop
    nop
    nop
    nop
general_stub:
    dmtc0   k0, $30
    lui     k0, %hi(exc_general)
    addiu   k0, k0, %lo(exc_general)
    jr      k0
    nop
    nop
    nop
    nop

exc_refill:
    mfc0    k0, $28             /* TagLo: this CPU's current frame */
    sd      k1, 27*8(k0)
    b       save
    li      k1, 0x000
exc_xrefill:
    mfc0    k0, $28
    sd      k1, 27*8(k0)
    b       save
    li      k1, 0x080
exc_general:
    mfc0    k0, $28
    sd      k1, 27*8(k0)
    li      k1, 0x180
save:
    .set noat
    sd      $1, 1*8(k0)
    .set at
    sd      $2, 2*8(k0)
    sd      $3, 3*8(k0)
    sd      $4, 4*8(k0)
    sd      $5, 5*8(k0)
    sd      $6, 6*8(k0)
    sd      $7, 7*8(k0)
    sd      $8, 8*8(k0)
    sd      $9, 9*8(k0)
    sd      $10, 10*8(k0)
    sd      $11, 11*8(k0)
    sd      $12, 12*8(k0)
    sd      $13, 13*8(k0)
    sd      $14, 14*8(k0)
    sd      $15, 15*8(k0)
    sd      $16, 16*8(k0)
    sd      $17, 17*8(k0)
    sd      $18, 18*8(k0)
    sd      $19, 19*8(k0)
    sd      $20, 20*8(k0)
    sd      $21, 21*8(k0)
    sd      $22, 22*8(k0)
    sd      $23, 23*8(k0)
    sd      $24, 24*8(k0)
    sd      $25, 25*8(k0)
    sd      $28, 28*8(k0)
    sd      $29, 29*8(k0)
    sd      $30, 30*8(k0)
    sd      $31, 31*8(k0)
    dmfc0   t0, $30             /* the guest's k0 */
    sd      t0, 26*8(k0)
    sd      zero, 0(k0)
    mfhi    t0
    sd      t0, 0x100(k0)
    mflo    t0
    sd      t0, 0x108(k0)
    dmfc0   t0, $14
    sd      t0, 0x110(k0)
    mfc0    t0, $13
    sd      t0, 0x118(k0)
    mfc0    t0, $12
    sd      t0, 0x120(k0)
    dmfc0   t0, $8
    sd      t0, 0x128(k0)
    ld      sp, 0x130(k0)       /* the monitor stack of this physical CPU */
    move    a0, k0
    jal     trap
    move    a1, k1
    mfc0    a0, $28             /* trap() may have switched vCPUs */
    /* fall through */

/* resume(frame): load the guest state and eret. Status gets EXL first, so the registers can
   be loaded in kernel mode whatever mode eret returns to. */
    .globl  resume
resume:
    move    k0, a0
    ld      t0, 0x120(k0)
    mtc0    t0, $12
    ld      t0, 0x110(k0)
    dmtc0   t0, $14
    ld      t0, 0x100(k0)
    mthi    t0
    ld      t0, 0x108(k0)
    mtlo    t0
    .set noat
    ld      $1, 1*8(k0)
    .set at
    ld      $2, 2*8(k0)
    ld      $3, 3*8(k0)
    ld      $4, 4*8(k0)
    ld      $5, 5*8(k0)
    ld      $6, 6*8(k0)
    ld      $7, 7*8(k0)
    ld      $8, 8*8(k0)
    ld      $9, 9*8(k0)
    ld      $10, 10*8(k0)
    ld      $11, 11*8(k0)
    ld      $12, 12*8(k0)
    ld      $13, 13*8(k0)
    ld      $14, 14*8(k0)
    ld      $15, 15*8(k0)
    ld      $16, 16*8(k0)
    ld      $17, 17*8(k0)
    ld      $18, 18*8(k0)
    ld      $19, 19*8(k0)
    ld      $20, 20*8(k0)
    ld      $21, 21*8(k0)
    ld      $22, 22*8(k0)
    ld      $23, 23*8(k0)
    ld      $24, 24*8(k0)
    ld      $25, 25*8(k0)
    ld      $28, 28*8(k0)
    ld      $29, 29*8(k0)
    ld      $30, 30*8(k0)
    ld      $31, 31*8(k0)
    ld      k1, 27*8(k0)
    ld      k0, 26*8(k0)
    eret
    nop
