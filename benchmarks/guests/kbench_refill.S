#include "mips/regdef.h"
/* The guest kernel's TLB refill handler, copied to the refill and XTLB refill vectors: the
   page table entry pair at Context (PTEBase | BadVPN2 << 4) goes into the TLB. Under Disco
   the patched handler reads Context from the privileged-register page and stores EntryLo0/1
   there (plain loads and stores, disco/abi.h): only the TLBWR and the ERET trap. */
    .set noreorder
    .set noat
    .text
    .globl refill_handler, refill_handler_end
refill_handler:
#ifdef DISCO
    lui     k1, 0xe000              /* 0xffffffffe0000000 - 4096 = DISCO_PRIV_PAGE */
    ld      k0, -4096+0x28(k1)      /* PRIV_CONTEXT */
    ld      k0, 0(k0)
    sd      k0, -4096+0x50(k1)      /* PRIV_ENTRYLO0 */
    ld      k0, -4096+0x28(k1)
    ld      k0, 8(k0)
    sd      k0, -4096+0x58(k1)      /* PRIV_ENTRYLO1 */
#else
    dmfc0   k0, $4                  /* Context */
    ld      k1, 0(k0)
    dmtc0   k1, $2
    ld      k1, 8(k0)
    dmtc0   k1, $3
#endif
    tlbwr
    eret
    nop
refill_handler_end:
