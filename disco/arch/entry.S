/* Monitor entry, exception vectors and the world switch.
   Guest k0/k1 must survive a trap into the monitor (a guest kernel may take a TLB miss inside
   its own handler): the vector parks k0 in ErrorEPC (free while ERL is clear), and the frame
   of the running vCPU is found through TagLo, which the monitor keeps as a per-CPU pointer
   (guests cannot read either: CP0 access traps). */
#include "mips/regdef.h"
#include "vcpu_offsets.h"
    .set noreorder

/* A vector's 8 words, which copy_stub copies into place: park the guest's k0 in ErrorEPC and
   jump to the handler in ckseg0. */
    .macro vector_stub handler
    dmtc0   k0, $30
    lui     k0, %hi(\handler)
    addiu   k0, k0, %lo(\handler)
    jr      k0
    nop
    .rept   3
    nop
    .endr
    .endm

/* Copy a vector stub to 0xffffffff80000000 + offset. */
    .macro install_vector stub, offset
    dla     t0, \stub
    lui     t1, 0x8000
    daddiu  t1, t1, \offset
    jal     copy_stub
    nop
    .endm

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
2:  install_vector refill_stub, 0x000     /* TLB refill */
    install_vector xrefill_stub, 0x080    /* XTLB refill */
    install_vector general_stub, 0x180    /* general exceptions */
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
    vector_stub exc_refill
xrefill_stub:
    vector_stub exc_xrefill
general_stub:
    vector_stub exc_general

exc_refill:
    mfc0    k0, $28             /* TagLo: this CPU's current frame */
    sd      k1, 27*8(k0)
    li      k1, 0x000
    b       refill_fast
    sd      k1, 0x118(k0)       /* the vector, for the slow path (the Cause slot, refilled later) */
exc_xrefill:
    mfc0    k0, $28
    sd      k1, 27*8(k0)
    li      k1, 0x080
    sd      k1, 0x118(k0)

/* The refill fast path: a guest user address whose translation the VM's L2TLB holds (4 KiB
   pages, not global) is written into the TLB here, without saving the whole frame or
   entering C (mm/l2tlb.c and mm/tlb.c do the rest: kernel segments, the guest's own TLB,
   reflection). Scratch: t0-t3, a4, a5, saved in the frame. */
refill_fast:
    sd      t0, 12*8(k0)
    sd      t1, 13*8(k0)
    sd      t2, 14*8(k0)
    sd      t3, 15*8(k0)
    sd      a4, 8*8(k0)
    sd      a5, 9*8(k0)
    dmfc0   t0, $8              /* va */
    dsrl32  t1, t0, 12          /* va >> 44: only useg/xuseg here */
    bnez    t1, refill_slow
    ld      t2, VCPU_ENTRYHI(k0)
    andi    t2, t2, 0xff        /* the guest's ASID */
    dsrl    t1, t0, 13
    dsrl    t3, t0, 23
    xor     t1, t1, t3
    xor     t1, t1, t2
    andi    t1, t1, L2TLB_MASK
    dsll    t1, t1, 5           /* 32-byte entries */
    ld      t3, VCPU_L2TLB(k0)
    daddu   t1, t1, t3          /* the entry */
    ld      t3, VCPU_L2TLB_LOCK(k0)
1:  ll      k1, 0(t3)
    bnez    k1, 1b
    li      k1, 1
    sc      k1, 0(t3)
    beqz    k1, 1b
    nop
    ld      a4, 24(t1)          /* PageMask: 4 KiB pages only */
    bnez    a4, refill_slow_unlock
    ld      a4, 0(t1)           /* EntryHi */
    andi    a5, a4, 0xff
    bne     a5, t2, refill_slow_unlock
    dsrl    a5, a4, 13
    dsrl    k1, t0, 13
    bne     a5, k1, refill_slow_unlock
    ld      a4, 8(t1)           /* EntryLo0 */
    ld      a5, 16(t1)          /* EntryLo1 */
    and     k1, a4, a5
    andi    k1, k1, 1
    bnez    k1, refill_slow_unlock /* global: the slow path */
    nop
    sync
    sw      zero, 0(t3)         /* unlock: the copies are in a4/a5 */
    andi    k1, t0, 0x1000      /* which half holds va: it must be valid */
    beqz    k1, 2f
    move    k1, a4
    move    k1, a5
2:  andi    k1, k1, 2
    beqz    k1, refill_slow
    nop
.macro TRANSLATE lo             /* guest EntryLo -> machine EntryLo, in place */
    andi    k1, \lo, 2          /* V? */
    beqz    k1, .Ldone\@
    move    t1, zero
    dsll    k1, \lo, 30
    dsrl    k1, k1, 36          /* the guest PFN (EntryLo bits 33:6) */
    dsll    t1, k1, 12
    ld      t3, VCPU_MEM(k0)
    sltu    t3, t1, t3
    beqz    t3, refill_slow     /* beyond its memory: the slow path decides */
    dsll    k1, k1, 3
    ld      t3, VCPU_PMAP(k0)
    daddu   t3, t3, k1
    ld      t3, 0(t3)           /* the machine page */
    dsrl    t3, t3, 12
    dsll    t3, t3, 6
    ori     t3, t3, 0x2a        /* cacheable coherent (5), valid */
    andi    k1, \lo, 4          /* the guest's dirty bit */
    or      t1, t3, k1
.Ldone\@:
    move    \lo, t1
.endm
    TRANSLATE a4
    TRANSLATE a5
    dsrl    t1, t0, 13
    dsll    t1, t1, 13
    or      t1, t1, t2          /* VPN2 | ASID */
    dmtc0   t1, $10
    dmtc0   a4, $2
    dmtc0   a5, $3
    mtc0    zero, $5
    tlbwr
    ld      t1, VCPU_FAST_REFILLS(k0)
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_REFILLS(k0)
    ld      t0, 12*8(k0)
    ld      t1, 13*8(k0)
    ld      t2, 14*8(k0)
    ld      t3, 15*8(k0)
    ld      a4, 8*8(k0)
    ld      a5, 9*8(k0)
    ld      k1, 27*8(k0)
    dmfc0   k0, $30             /* the guest's k0 */
    eret
    nop

refill_slow_unlock:
    sync
    sw      zero, 0(t3)
refill_slow:
    ld      t0, 12*8(k0)
    ld      t1, 13*8(k0)
    ld      t2, 14*8(k0)
    ld      t3, 15*8(k0)
    ld      a4, 8*8(k0)
    ld      a5, 9*8(k0)
    b       save
    ld      k1, 0x118(k0)       /* the vector */
exc_general:
    mfc0    k0, $28
    sd      k1, 27*8(k0)
    li      k1, 0x180
    b       eret_fast
    sd      k1, 0x118(k0)       /* the vector, for the slow path */

/* The ERET fast path: a guest kernel's ERET (Coprocessor Unusable, not in a delay slot, in
   the relocated kernel segment) back to virtual kernel or user mode, with no virtual ERL and no
   virtual interrupt waiting: virtual EXL cleared, back to the virtual EPC (the privileged page's
   slot, which the guest may have stored), without saving the frame or entering C (vm/emulate.c
   does every other case). Scratch: t0-t3, a4, a5, saved in the frame. */
eret_fast:
    sd      t0, 12*8(k0)
    sd      t1, 13*8(k0)
    sd      t2, 14*8(k0)
    sd      t3, 15*8(k0)
    sd      a4, 8*8(k0)
    sd      a5, 9*8(k0)
    mfc0    t0, $13             /* Cause, sign-extended: BD is the sign */
    andi    t1, t0, 0x7c
    li      t2, 8 << 2
    beq     t1, t2, reflect_fast /* a system call: perhaps the guest's own, from user mode */
    sltiu   t2, t1, (3 << 2) + 1
    sltiu   t3, t1, (1 << 2)
    bne     t2, t3, reflect_fast /* Mod, TLBL, TLBS: an invalid or clean page of its own TLB */
    nop
    bltz    t0, eret_slow
    li      t2, 11 << 2
    bne     t1, t2, eret_slow   /* not Coprocessor Unusable */
    srl     t1, t0, 28
    andi    t1, t1, 3
    bnez    t1, eret_slow       /* not CP0 */
    dmfc0   t1, $14             /* the instruction's address */
    lui     t2, 0xc000          /* 0xffffffffc0000000: DISCO_KSEG */
    dsubu   t2, t1, t2          /* guest-physical */
    dsrl    t3, t2, 29
    bnez    t3, eret_slow       /* not in the relocated kernel segment */
    ld      t3, VCPU_MEM(k0)
    sltu    t3, t2, t3
    beqz    t3, eret_slow
    dsrl    t3, t2, 12
    dsll    t3, t3, 3
    ld      a4, VCPU_PMAP(k0)
    daddu   a4, a4, t3
    ld      a4, 0(a4)           /* the machine page */
    andi    t3, t2, 0xfff
    or      a4, a4, t3
    ori     a5, zero, 0xa800
    dsll32  a5, a5, 16          /* cached xkphys */
    or      a4, a4, a5
    lw      a4, 0(a4)           /* the instruction */
    lui     a5, 0x4200
    ori     a5, a5, 0x18        /* eret */
    bne     a4, a5, eret_slow
    ld      a4, VCPU_STATUS(k0) /* virtual Status */
    andi    a5, a4, 0x4
    bnez    a5, eret_slow       /* virtual ERL: ErrorEPC, the slow path */
    andi    a5, a4, 0x8
    bnez    a5, eret_slow       /* to virtual supervisor mode (KSU 01): the slow path */
    ld      t3, VCPU_CAUSE(k0)
    and     t3, t3, a4
    andi    t3, t3, 0xff00
    beqz    t3, 1f              /* no virtual interrupt pending and enabled */
    andi    t3, a4, 0x1
    bnez    t3, eret_slow       /* one would be taken right after: the slow path delivers it */
1:  daddiu  a5, zero, -3
    and     a4, a4, a5          /* virtual EXL cleared */
    sd      a4, VCPU_STATUS(k0)
    ld      a5, VCPU_PRIV_PAGE(k0)
    ori     t3, zero, 0xa800
    dsll32  t3, t3, 16
    or      a5, a5, t3          /* the privileged page, cached */
    sd      a4, 0(a5)           /* PRIV_STATUS */
    ld      t1, 0x10(a5)        /* PRIV_EPC: where the guest returns */
    sd      t1, VCPU_EPC(k0)
    dmtc0   t1, $14
    sd      zero, VCPU_NESTED(k0)
    andi    a5, a4, 0x10
    beqz    a5, 2f              /* back to virtual kernel mode: the real Status stays */
    nop
    /* to user mode: (2 << 3) | EXL | KX | SX | IE | IM7 | the guest's CU1, FR, UX, XX */
    lui     a5, 0xa400
    ori     a5, a5, 0x20
    and     a5, a4, a5
    ori     a5, a5, 0x80d3
    mtc0    a5, $12
2:  ld      t1, VCPU_FAST_ERETS(k0)
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_ERETS(k0)
3:  ld      t0, 12*8(k0)
    ld      t1, 13*8(k0)
    ld      t2, 14*8(k0)
    ld      t3, 15*8(k0)
    ld      a4, 8*8(k0)
    ld      a5, 9*8(k0)
    ld      k1, 27*8(k0)
    dmfc0   k0, $30             /* the guest's k0 */
    eret
    nop

/* The reflection fast path for a guest user process's own system call (virtual user mode, so
   never a hypercall), or its access to a page its TLB has invalid or clean: virtual EPC/BD/
   Cause (t1 = ExcCode << 2), for the TLB ones BadVAddr/Context/XContext/EntryHi, virtual EXL,
   the privileged page, and on to the guest's general vector in the virtual kernel's supervisor
   mode (as vm/trap.c reflect() does). */
reflect_fast:
    ld      a4, VCPU_STATUS(k0)
    andi    a5, a4, 0x1e        /* KSU, ERL, EXL */
    li      t2, 0x10
    bne     a5, t2, eret_slow   /* not virtual user mode */
    lui     a5, 0x40            /* BEV (bit 22) */
    and     a5, a4, a5
    bnez    a5, eret_slow       /* boot vectors: the slow path */
    ld      t2, VCPU_CAUSE(k0)
    lui     t3, 0x4fff
    ori     t3, t3, 0xff00
    and     t2, t2, t3          /* the virtual Cause without BD, CE (29:28) and ExcCode */
    lui     t3, 0x8000
    dsll32  t3, t3, 0
    dsrl32  t3, t3, 0           /* 0x80000000 */
    and     t3, t0, t3          /* BD from the real Cause */
    or      t2, t2, t3
    or      t2, t2, t1          /* the ExcCode */
    sd      t2, VCPU_CAUSE(k0)
    li      t3, 8 << 2
    beq     t1, t3, 4f          /* a system call sets no address registers */
    dmfc0   t3, $8              /* BadVAddr */
    sd      t3, VCPU_CP0 + 8 * 8(k0)
    ld      a5, VCPU_CP0 + 4 * 8(k0) /* Context: BadVPN2 (VA 31:13) in 22:4 */
    dsrl    a5, a5, 23
    dsll    a5, a5, 23
    dsll32  t1, t3, 0
    dsrl32  t1, t1, 0           /* VA 31:0 */
    dsrl    t1, t1, 13
    dsll    t1, t1, 4
    or      a5, a5, t1
    sd      a5, VCPU_CP0 + 4 * 8(k0)
    ld      a5, VCPU_CP0 + 20 * 8(k0) /* XContext: R in 36:35, BadVPN2 (VA 43:13) in 34:4 */
    dsrl    a5, a5, 37
    dsll    a5, a5, 37
    dsrl32  t1, t3, 30          /* R */
    dsll32  t1, t1, 3           /* << 35 */
    or      a5, a5, t1
    dsll    t1, t3, 20          /* VA 43:0 at the top */
    dsrl32  t1, t1, 1           /* VA 43:13 */
    dsll    t1, t1, 4
    or      a5, a5, t1
    sd      a5, VCPU_CP0 + 20 * 8(k0)
    ld      a5, VCPU_ENTRYHI(k0) /* EntryHi: R and VPN2 of the address, the ASID kept */
    andi    a5, a5, 0xff
    dsrl    t1, t3, 13
    dsll    t1, t1, 13          /* VA & ~0x1fff */
    dsll    t1, t1, 20
    dsrl    t1, t1, 20          /* VA 43:13 (user addresses: R = 0) */
    or      a5, a5, t1
    sd      a5, VCPU_ENTRYHI(k0)
4:
    dmfc0   t1, $14
    sd      t1, VCPU_EPC(k0)
    ori     a4, a4, 0x2         /* virtual EXL */
    sd      a4, VCPU_STATUS(k0)
    ld      a5, VCPU_PRIV_PAGE(k0)
    ori     t3, zero, 0xa800
    dsll32  t3, t3, 16
    or      a5, a5, t3
    sd      a4, 0(a5)           /* PRIV_STATUS */
    sd      t2, 0x8(a5)         /* PRIV_CAUSE */
    sd      t1, 0x10(a5)        /* PRIV_EPC */
    ld      t3, VCPU_CP0 + 8 * 8(k0)
    sd      t3, 0x18(a5)        /* PRIV_BADVADDR */
    ld      t3, VCPU_ENTRYHI(k0)
    sd      t3, 0x20(a5)        /* PRIV_ENTRYHI */
    ld      t3, VCPU_CP0 + 4 * 8(k0)
    sd      t3, 0x28(a5)        /* PRIV_CONTEXT */
    ld      t3, VCPU_CP0 + 20 * 8(k0)
    sd      t3, 0x30(a5)        /* PRIV_XCONTEXT */
    lui     t1, 0xc000
    daddiu  t1, t1, 0x180       /* the guest's general vector */
    dmtc0   t1, $14
    /* virtual kernel mode: (1 << 3) | EXL | UX | SX | KX | IE | IM7 | the guest's CU1, FR */
    lui     a5, 0x2400
    and     a5, a4, a5
    ori     a5, a5, 0x80eb
    b       3b
    mtc0    a5, $12

eret_slow:
    ld      t0, 12*8(k0)
    ld      t1, 13*8(k0)
    ld      t2, 14*8(k0)
    ld      t3, 15*8(k0)
    ld      a4, 8*8(k0)
    ld      a5, 9*8(k0)
    ld      k1, 0x118(k0)       /* the vector */
save:
    .set noat
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,28,29,30,31
    sd      $\r, \r*8(k0)
    .endr
    .set at
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
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,28,29,30,31
    ld      $\r, \r*8(k0)
    .endr
    .set at
    ld      k1, 27*8(k0)
    ld      k0, 26*8(k0)
    eret
    nop
