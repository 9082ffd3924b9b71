/*
 * harness_rt.S - enter and leave a generated test body (tests/diff).
 *   diff_enter(a0 = init block, a1 = body, a2 = out block)
 * saves the C context, copies the scratch buffer image to its fixed place,
 * loads FCSR, f0-f31, HI, LO and every GPR but k0/k1 from the init block
 * ($30 = scratch base, as gen.py assumes) and jumps to the body. The body
 * ends with "j diff_exit", which stores the state to the out block and
 * returns to C. Layout (doublewords): gpr[32] hi lo fpr[32] fcsr buffer[32].
 */
        .set    noreorder
        .set    noat
        .set    sym32

#define HI_OFF   (32 * 8)
#define LO_OFF   (33 * 8)
#define FPR_OFF  (34 * 8)
#define FCSR_OFF (66 * 8)
#define BUF_OFF  (67 * 8)
#define SCRATCH_HI 0x8040       /* lui: 0xFFFFFFFF80400000 */

        .text
        .globl  diff_enter
        .ent    diff_enter
diff_enter:
        lui     $t0, %hi(diff_save)
        daddiu  $t0, $t0, %lo(diff_save)
        sd      $sp, 0($t0)
        sd      $ra, 8($t0)
        sd      $s0, 16($t0)
        sd      $s1, 24($t0)
        sd      $s2, 32($t0)
        sd      $s3, 40($t0)
        sd      $s4, 48($t0)
        sd      $s5, 56($t0)
        sd      $s6, 64($t0)
        sd      $s7, 72($t0)
        sd      $gp, 80($t0)
        sd      $fp, 88($t0)
        sd      $a2, 96($t0)            /* out block */

        /* scratch buffer image -> 0xFFFFFFFF80400000 */
        daddiu  $t1, $a0, BUF_OFF
        lui     $t2, SCRATCH_HI
        li      $t3, 32
1:      ld      $t8, 0($t1)
        sd      $t8, 0($t2)
        daddiu  $t1, $t1, 8
        daddiu  $t3, $t3, -1
        bnez    $t3, 1b
        daddiu  $t2, $t2, 8

        ld      $t1, FCSR_OFF($a0)
        ctc1    $t1, $31
#define LF(n) ldc1 $f##n, (FPR_OFF + 8 * n)($a0)
        LF(0);  LF(1);  LF(2);  LF(3);  LF(4);  LF(5);  LF(6);  LF(7)
        LF(8);  LF(9);  LF(10); LF(11); LF(12); LF(13); LF(14); LF(15)
        LF(16); LF(17); LF(18); LF(19); LF(20); LF(21); LF(22); LF(23)
        LF(24); LF(25); LF(26); LF(27); LF(28); LF(29); LF(30); LF(31)
        ld      $t1, HI_OFF($a0)
        mthi    $t1
        ld      $t1, LO_OFF($a0)
        mtlo    $t1
        move    $k1, $a1
        lui     $30, SCRATCH_HI
#define LG(n) ld $##n, (8 * n)($a0)
        LG(1);  LG(2);  LG(3);          LG(5);  LG(6);  LG(7)
        LG(8);  LG(9);  LG(10); LG(11); LG(12); LG(13); LG(14); LG(15)
        LG(16); LG(17); LG(18); LG(19); LG(20); LG(21); LG(22); LG(23)
        LG(24); LG(25);                 LG(28); LG(29);         LG(31)
        LG(4)                           /* a0 last */
        jr      $k1
        nop
        .end    diff_enter

        .globl  diff_exit
        .ent    diff_exit
diff_exit:
        lui     $k0, %hi(diff_save)
        daddiu  $k0, $k0, %lo(diff_save)
        ld      $k0, 96($k0)            /* out block */
#define SG(n) sd $##n, (8 * n)($k0)
        SG(0);  SG(1);  SG(2);  SG(3);  SG(4);  SG(5);  SG(6);  SG(7)
        SG(8);  SG(9);  SG(10); SG(11); SG(12); SG(13); SG(14); SG(15)
        SG(16); SG(17); SG(18); SG(19); SG(20); SG(21); SG(22); SG(23)
        SG(24); SG(25);                 SG(28); SG(29); SG(30); SG(31)
        sd      $0, (8 * 26)($k0)
        sd      $0, (8 * 27)($k0)
        mfhi    $k1
        sd      $k1, HI_OFF($k0)
        mflo    $k1
        sd      $k1, LO_OFF($k0)
#define SF(n) sdc1 $f##n, (FPR_OFF + 8 * n)($k0)
        SF(0);  SF(1);  SF(2);  SF(3);  SF(4);  SF(5);  SF(6);  SF(7)
        SF(8);  SF(9);  SF(10); SF(11); SF(12); SF(13); SF(14); SF(15)
        SF(16); SF(17); SF(18); SF(19); SF(20); SF(21); SF(22); SF(23)
        SF(24); SF(25); SF(26); SF(27); SF(28); SF(29); SF(30); SF(31)
        cfc1    $k1, $31
        sd      $k1, FCSR_OFF($k0)
        ctc1    $0, $31

        lui     $t0, %hi(diff_save)
        daddiu  $t0, $t0, %lo(diff_save)
        ld      $sp, 0($t0)
        ld      $ra, 8($t0)
        ld      $s0, 16($t0)
        ld      $s1, 24($t0)
        ld      $s2, 32($t0)
        ld      $s3, 40($t0)
        ld      $s4, 48($t0)
        ld      $s5, 56($t0)
        ld      $s6, 64($t0)
        ld      $s7, 72($t0)
        ld      $gp, 80($t0)
        ld      $fp, 88($t0)
        jr      $ra
        nop
        .end    diff_exit

        .bss
        .balign 8
diff_save:
        .space  13 * 8
