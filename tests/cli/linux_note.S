/* Linked with spin.S, makes a program that looks like a Linux kernel built for another
   machine: a "Linux" ELF note and no "flashsim" platform note. flashsim must refuse it
   instead of starting it. */
    .section .note.Linux, "a", @note
    .balign 4
    .long   6           /* namesz: "Linux\0" */
    .long   4           /* descsz */
    .long   0x100       /* type */
    .asciz  "Linux"
    .balign 4
    .long   0
