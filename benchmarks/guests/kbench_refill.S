#include "mips/regdef.h"
/* The guest kernel's TLB refill handler, copied to the refill and XTLB refill vectors: the
   page table entry pair at Context (PTEBase | BadVPN2 << 4) goes into the TLB. Under Disco
   Context comes from the privileged-register page, a plain load (disco/abi.h). */
    .set noreorder
    .set noat
    .text
    .globl refill_handler, refill_handler_end
refill_handler:
#ifdef DISCO
    lui     k0, 0xe000              /* 0xffffffffe0000000 */
    ld      k0, -4096+0x28(k0)      /* DISCO_PRIV_PAGE + PRIV_CONTEXT */
#else
    dmfc0   k0, $4                  /* Context */
#endif
    ld      k1, 0(k0)
    dmtc0   k1, $2
    ld      k1, 8(k0)
    dmtc0   k1, $3
    tlbwr
    eret
    nop
refill_handler_end:
