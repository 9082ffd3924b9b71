/* A guest with no exception handler: SYSCALL jumps to the general vector at
   0xffffffff80000180, which holds zeroed RAM (nops), as the hardware would. */
    .set noreorder
    .section .text.start, "ax"
    .globl _start
_start:
    syscall
    nop
1:  b       1b
    nop
