/*
 * tlb_refill.S - the TLB refill handler of tlb_miss.c, OS style. It is not
 * run in place: tlb_miss.c copies the words between tlb_refill_start and
 * tlb_refill_end to the TLB refill vector (0x000) and the XTLB refill vector
 * (0x080). With Context.PTEBase pointing at a linear page table of 8-byte
 * EntryLo images (even/odd pages adjacent), Context is directly the address
 * of the faulting pair: Context = PTEBase | BadVPN2 << 4 (VA 31:13).
 * Uses only k0/k1; the same code is correct on R4000/R10000/MIPS64 CPUs.
 */
        .set    noreorder
        .set    noat
        .text
        .globl  tlb_refill_start
        .globl  tlb_refill_end
tlb_refill_start:
        dmfc0   $k0, $4         /* Context */
        ld      $k1, 0($k0)     /* even page's EntryLo */
        ld      $k0, 8($k0)     /* odd page's EntryLo */
        dmtc0   $k1, $2         /* EntryLo0 */
        dmtc0   $k0, $3         /* EntryLo1 */
        nop                     /* CP0 hazard cover for in-order peers */
        tlbwr                   /* EntryHi (VPN2, ASID) was set by the miss */
        nop
        nop
        eret
tlb_refill_end:
