/*
 * start.S - common crt0 for flashsim / GXemul testmips / QEMU malta.
 * All three enter _start in kernel mode at its kseg0 link address (GXemul
 * and QEMU via their ELF loaders, QEMU through its tiny Malta boot stub).
 * We force one identical CPU state everywhere instead of trusting each
 * loader: Status = CU0|CU1|FR|KX|SX|UX (flashsim's reset value; on QEMU this
 * also clears the ERL/BEV left by reset), FCSR = 0, fresh stack, zero .bss.
 * a0..a3 from the loader are left untouched (main ignores them).
 */
        .set    noreorder
        .set    noat
        .set    sym32                   /* dla = 2-insn lui/addiu form, like -msym32 C */

#define CP0_BADVADDR $8
#define CP0_STATUS   $12
#define CP0_CAUSE    $13
#define CP0_EPC      $14
#define STATUS_INIT  0x340000E0 /* CU1|CU0|FR|KX|SX|UX, IE=EXL=ERL=BEV=0 */

        .section .text.start, "ax", @progbits
        .globl  _start
        .ent    _start
_start:
        li      $t0, STATUS_INIT
        mtc0    $t0, CP0_STATUS
        nop                             /* CP0 hazard cover for in-order peers */
        nop
        nop
        nop
        ctc1    $zero, $31               /* FCSR: round-nearest, no traps, no FS */

        /* Exception vectors (BEV=0): TLB refill 0x000, XTLB refill 0x080,
         * cache error 0x100, general 0x180. Copy a 4-word jump stub there
         * through kseg1 (uncached, so no D-cache writeback is needed), then
         * invalidate the I-cache lines at the kseg0 alias. Any exception then
         * prints a TRAP line and exits instead of hanging until the timeout. */
        dla     $t0, vec_stub
        lw      $t1, 0($t0)
        lw      $t2, 4($t0)
        lw      $t3, 8($t0)
        lw      $t8, 12($t0)
        lui     $t0, 0xA000              /* 0xFFFFFFFFA0000000 = kseg1 phys 0 */
        li      $t9, 4                 /* vectors left */
1:      sw      $t1, 0($t0)
        sw      $t2, 4($t0)
        sw      $t3, 8($t0)
        sw      $t8, 12($t0)
        lui     $1, 0x2000
        dsubu   $1, $t0, $1              /* kseg0 alias (0x8000_0xxx) */
        cache   0x10, 0($1)             /* Hit_Invalidate_I */
        addiu   $t9, $t9, -1
        bnez    $t9, 1b
        daddiu  $t0, $t0, 0x80

        /* Zero .bss (8-byte aligned by peer.ld). */
        dla     $t0, __bss_start
        dla     $t1, __bss_end
2:      beq     $t0, $t1, 3f
        nop
        sd      $zero, 0($t0)
        b       2b
        daddiu  $t0, $t0, 8
3:
        dla     $sp, __stack_top
        move    $fp, $zero
        jal     main
        nop
        jal     plat_exit               /* exit(main()) */
        move    $a0, $v0
4:      b       4b
        nop
        .end    _start

/* Copied to every vector; absolute address, so position independent. */
vec_stub:
        lui     $k0, %hi(exc_common)
        addiu   $k0, $k0, %lo(exc_common)
        jr      $k0
        nop

exc_common:
        /* Resumable mode (plat_trap_resume != 0, used by probes that expect
         * a trap): record Cause, skip the faulting instruction (must not be
         * in a branch delay slot) and return. Only k0/k1 are touched. */
        dla     $k0, plat_trap_resume
        ld      $k1, 0($k0)
        beqz    $k1, 6f
        nop
        mfc0    $k1, CP0_CAUSE
        sd      $k1, 8($k0)             /* plat_trap_cause */
        dmfc0   $k1, CP0_EPC
        daddiu  $k1, $k1, 4
        dmtc0   $k1, CP0_EPC
        nop
        nop
        eret
6:      dla     $sp, __trap_stack_top
        mfc0    $a0, CP0_CAUSE
        dmfc0   $a1, CP0_EPC
        dmfc0   $a2, CP0_BADVADDR
        jal     plat_trap               /* never returns */
        nop
5:      b       5b
        nop

        .data
        .balign 8
        .globl  plat_trap_resume
        .globl  plat_trap_cause
plat_trap_resume: .dword 0              /* keep these two adjacent */
plat_trap_cause:  .dword 0
