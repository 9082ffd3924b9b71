#include "mips/regdef.h"
/* User-mode loops of the kernel-services microbenchmark (kbench.c), in their own page, which
   kbench maps at USER_TEXT with a wired TLB entry. syscall v0 = 1 returns to the kernel,
   v0 = 2 is a null system call, v0 = 3 asks for a context switch (ASID change). */
    .set noreorder
    .section .text.user, "ax"
    .balign 4096
    .globl user_page
user_page:
    .globl u_touch                  /* a0 = first page, a1 = pages, a2 = rounds, a3 = stride */
u_touch:
1:  move    t0, a0
    move    t1, a1
2:  ld      t2, 0(t0)
    daddiu  t1, t1, -1
    bnez    t1, 2b
    daddu   t0, t0, a3
    daddiu  a2, a2, -1
    bnez    a2, 1b
    nop
    li      v0, 1
    syscall
    .globl u_syscalls               /* a0 = count */
u_syscalls:
3:  li      v0, 2
    syscall
    daddiu  a0, a0, -1
    bnez    a0, 3b
    nop
    li      v0, 1
    syscall
    .globl u_switches               /* a0 = count */
u_switches:
4:  li      v0, 3
    syscall
    daddiu  a0, a0, -1
    bnez    a0, 4b
    nop
    li      v0, 1
    syscall
    .balign 4096
