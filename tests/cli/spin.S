/* A guest that never exits: --max-instructions must stop it. */
    .set noreorder
    .section .text.start, "ax"
    .globl _start
_start:
1:  b       1b
    nop
