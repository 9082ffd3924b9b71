/* Monitor entry, exception vectors and the world switch.
   Guest k0/k1 must survive a trap into the monitor (a guest kernel may take a TLB miss inside
   its own handler): the vector parks k0 in ErrorEPC (free while ERL is clear), and the frame
   of the running vCPU is found through TagLo, which the monitor keeps as a per-CPU pointer
   (guests cannot read either: CP0 access traps). */
#include "mips/regdef.h"
#include "vcpu_offsets.h"
    .set noreorder

/* a4 = the guest's instruction at t1 (EPC), read through the pmap when t1 is in its relocated
   kernel segment (DISCO_KSEG) within its memory and not freed, else on to `fail`; t0 = its cached xkphys
   address (tlbw_fast reads the next instruction there). That address depends on nothing but
   t1, the VM's memory size and its pmap, so the vCPU keeps the last ones found in a small
   cache (8 entries by EPC bits 4:2: VCPU_FETCH, tag = the EPC, 1 = none), emptied when a
   freed page is reclaimed (mm/pmap.c); only the instruction itself is read every time.
   Uses t2, t3, a5. */
    .macro fetch_insn fail
    andi    t2, t1, 0x1c
    dsll    t2, t2, 2
    daddu   t2, t2, k0          /* its cache entry, less VCPU_FETCH */
    ld      t3, VCPU_FETCH(t2)
    bne     t3, t1, 8f
    ld      t0, VCPU_FETCH + 8(t2) /* (a miss computes it below) */
    b       7f
    lw      a4, 0(t0)           /* the instruction */
8:  lui     t2, 0xc000          /* 0xffffffffc0000000: DISCO_KSEG */
    dsubu   t2, t1, t2          /* guest-physical */
    dsrl    t3, t2, 29
    bnez    t3, \fail           /* not in the relocated kernel segment */
    ld      t3, VCPU_MEM(k0)
    sltu    t3, t2, t3
    beqz    t3, \fail
    dsrl    t3, t2, 12
    dsll    t3, t3, 3
    ld      a4, VCPU_PMAP(k0)
    daddu   a4, a4, t3
    ld      a4, 0(a4)           /* the machine page */
    bltz    a4, \fail           /* freed (PMAP_FREED): C gets it back (mm/pmap.c) */
    andi    t3, t2, 0xfff
    or      a4, a4, t3
    ori     a5, zero, 0xa800
    dsll32  a5, a5, 16          /* cached xkphys */
    or      t0, a4, a5
    andi    t2, t1, 0x1c
    dsll    t2, t2, 2
    daddu   t2, t2, k0
    sd      t1, VCPU_FETCH(t2)
    sd      t0, VCPU_FETCH + 8(t2)
    lw      a4, 0(t0)           /* the instruction */
7:
    .endm

/* a4, a5 &= 0xC0000003FFFFFFFF, as MTC0 EntryLo0/1 would: 5 instructions when bits 61:34 of
   both are clear already (a kernel stores no junk there), else 14. Uses t3. */
    .macro mask_lo_pair
    or      t3, a4, a5
    dsll    t3, t3, 2
    dsrl32  t3, t3, 4           /* bits 61:34 of either */
    beqz    t3, 9f
    dsrl32  t3, a4, 30
    dsll32  t3, t3, 30
    dsll    a4, a4, 30
    dsrl    a4, a4, 30
    or      a4, a4, t3
    dsrl32  t3, a5, 30
    dsll32  t3, t3, 30
    dsll    a5, a5, 30
    dsrl    a5, a5, 30
    or      a5, a5, t3
9:
    .endm

/* dst = the machine EntryLo for guest EntryLo lo (mm/tlb.c machine_lo): 0 if invalid, else
   the machine page of its guest-physical page, cacheable coherent, its D, V; a page beyond the
   guest's memory or freed goes to `fail`. Uses a6. */
    .macro machine_lo dst, lo, fail
    andi    a6, \lo, 2
    beqz    a6, 1f
    move    \dst, zero
    dsrl    \dst, \lo, 6
    dsll32  \dst, \dst, 4
    dsrl    \dst, \dst, 24     /* ((lo >> 6) & 0xFFFFFFF) << 12: guest-physical */
    ld      a6, VCPU_MEM(k0)
    sltu    a6, \dst, a6
    beqz    a6, \fail
    dsrl    \dst, \dst, 9      /* its pmap slot's offset */
    ld      a6, VCPU_PMAP(k0)
    daddu   a6, a6, \dst
    ld      \dst, 0(a6)         /* the machine page (page-aligned) */
    bltz    \dst, \fail         /* freed (PMAP_FREED): C gets it back (mm/pmap.c) */
    dsrl    \dst, \dst, 6       /* its PFN in 33:6 */
    andi    a6, \lo, 4          /* D */
    or      \dst, \dst, a6
    ori     \dst, \dst, 0x2a   /* (5 << 3) | V */
1:
    .endm

/* dst = (asid * 41) & 1023: the ASID's base index in the L2TLB (mm/l2tlb.c asid_base).
   asid is kept; tmp is clobbered. */
    .macro asid_index dst, tmp, asid
    dsll    \dst, \asid, 5
    daddu   \dst, \dst, \asid
    dsll    \tmp, \asid, 3
    daddu   \dst, \dst, \tmp
    andi    \dst, \dst, 1023
    .endm

/* dst = the address of the L2TLB slot of EntryHi hi (its ASID's base plus VPN2 bits 9:0);
   tmp ends holding VCPU_L2TLB, t3 the ASID. */
    .macro l2tlb_slot dst, tmp, hi
    andi    t3, \hi, 0xff
    asid_index \dst, \tmp, t3
    dsrl    \tmp, \hi, 13
    andi    \tmp, \tmp, 1023
    daddu   \dst, \dst, \tmp
    dsll    \dst, \dst, 5
    ld      \tmp, VCPU_L2TLB(k0)
    daddu   \dst, \dst, \tmp
    .endm

/* l2tlb_drop's second half: if the global slot of hi's VPN2 (at 256*32(slot)) holds it (tag
   VPN2 | L2TLB_NOFAST), empty it; either way go on at `done`. Clobbers loaded, tag, fill
   (fill in the branch delay slot). */
    .macro drop_global slot, hi, loaded, tag, fill, done
    ld      \loaded, 256*32(\slot)
    ori     \tag, \hi, 0xff
    xori    \tag, \tag, 0x10ff    /* VPN2 | L2TLB_NOFAST */
    bne     \loaded, \tag, \done
    li      \fill, 0x1000
    sd      \fill, 256*32(\slot)
    sd      zero, 256*32+8(\slot)
    sd      zero, 256*32+16(\slot)
    sd      zero, 256*32+24(\slot)
    .endm

/* A guest TLB entry of the current ASID, t2 = its EntryHi, t0, t1 = its machine EntryLo
   values: into its L2TLB slot (this ASID's; the global slot of its VPN2 dropped) and into the
   real TLB in place of an entry for these pages, else at a random index; then on at `done`.
   The real EntryHi keeps t2: its ASID is the current one (its VPN2 matters to no one: a refill
   sets it). Clobbers a5, a6, a7. */
    .macro l2tlb_and_tlb_put done
    dsrl    a6, t2, 8
    andi    a6, a6, 0x7fe0      /* VPN2 bits 9:0, times 32 bytes */
    ld      a7, VCPU_L2BASE(k0)
    daddu   a7, a7, a6
    sd      t2, 0(a7)
    sd      t0, 8(a7)
    sd      t1, 16(a7)
    sd      zero, 24(a7)
    ld      a7, VCPU_L2TLB(k0)
    daddu   a7, a7, a6
    drop_global a7, t2, a6, a5, a5, .Lput_tlb\@   /* asid_base(0x100) = 256 */
.Lput_tlb\@:
    dmtc0   t2, $10
    tlbp
    mfc0    a7, $0
    dmtc0   t0, $2
    bltz    a7, .Lput_tlbwr\@  /* not there */
    dmtc0   t1, $3
    b       \done
    tlbwi
.Lput_tlbwr\@:
    tlbwr
    .endm

/* The refill paths' end: TLBWR of the entry in EntryHi/EntryLo0/1, the guest's k1 (from the
   frame, k0 = the vCPU) and k0 (parked in ErrorEPC) back, and return to the access. */
    .macro tlbwr_return
    tlbwr
    ld      k1, 27*8(k0)
    dmfc0   k0, $30             /* the guest's k0 */
    eret
    .endm

/* The fast paths' scratch registers (t0-t3, a4, a5) to (sd) or from (ld) their frame slots. */
    .macro scratch op
    \op     t0, 12*8(k0)
    \op     t1, 13*8(k0)
    \op     t2, 14*8(k0)
    \op     t3, 15*8(k0)
    \op     a4, 8*8(k0)
    \op     a5, 9*8(k0)
    .endm

/* Copy `words` instructions from stub to 0xffffffff80000000 + offset. */
    .macro install_vector stub, offset, words=8
    dla     t0, \stub
    lui     t1, 0x8000
    daddiu  t1, t1, \offset
    jal     copy_stub
    li      t2, \words
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
2:  install_vector refill_vec, 0x000, (refill_vec_end - refill_vec) / 4 /* TLB refill */
    install_vector refill_vec, 0x080, (refill_vec_end - refill_vec) / 4 /* XTLB refill */
    install_vector general_vec, 0x180, (general_vec_end - general_vec) / 4 /* general exceptions */
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

/* copy t2 words from t0 to t1 */
copy_stub:
4:  lw      t3, 0(t0)
    sw      t3, 0(t1)
    daddiu  t0, t0, 4
    daddiu  t1, t1, 4
    daddiu  t2, t2, -1
    bnez    t2, 4b
    nop
    jr      ra
    nop

/* The general exception vector, copied whole to 0x180 (so the entry costs no jump but the
   one to eret_fast's decoding): park the guest's k0, save k1 and the fast paths' scratch
   registers in the frame, the vector for the slow path, t0 = Cause (sign-extended: BD is the
   sign), t1 = ExcCode << 2. Position-independent but for the j. */
general_vec:
    dmtc0   k0, $30             /* park the guest's k0 */
    mfc0    k0, $28             /* TagLo: this CPU's current vCPU */
    sd      k1, 27*8(k0)
    li      k1, 0x180           /* the vector: k1 keeps it through the fast paths */
    scratch sd
    mfc0    t0, $13             /* Cause, sign-extended: BD is the sign */
    j       eret_fast
    andi    t1, t0, 0x7c
general_vec_end:
    .if (general_vec_end - general_vec) > 128
    .error "the general vector must fit in 0x180-0x1ff (32 instructions)"
    .endif

/* The TLB refill fast path, copied whole into the refill and XTLB refill vectors (so it
   costs no jump): a miss that the vCPU's L2TLB (mm/l2tlb.c) holds for the current ASID, as
   machine EntryLo values, goes into the TLB with the EntryHi the miss set, without saving the
   frame or entering C: the slot is the current ASID's base (v->l2base) + VPN2 bits 9:0, taken
   from that EntryHi, and its tag must equal it. EntryLo0/1 are loaded before the tag is
   compared (they are the monitor's own on a miss). The real PageMask is always 0 in the
   monitor. Everything else (the guest kernel's segments, global or large pages, a miss the
   guest's own handler must take) goes to C through refill_slow, after a look at the slot of a
   global entry for the address (refill_global: the guest kernel's global user mappings, which
   its Wired keeps in its TLB but not in the real one). Only k0 and k1 are used
   (the guest's k1 saved in the frame); position-independent but for the j. */
refill_vec:
    dmtc0   k0, $30             /* park the guest's k0 */
    mfc0    k0, $28             /* TagLo: this CPU's current vCPU */
    sd      k1, 27*8(k0)
    dmfc0   k1, $10             /* EntryHi as the miss set it: R | VPN2 | ASID */
    dsrl    k1, k1, 8
    andi    k1, k1, 0x7fe0      /* VPN2 bits 9:0, times 32 bytes */
    ld      k0, VCPU_L2BASE(k0)
    daddu   k0, k0, k1          /* the slot */
    ld      k1, 8(k0)
    dmtc0   k1, $2              /* machine EntryLo0 */
    ld      k1, 16(k0)
    dmtc0   k1, $3              /* machine EntryLo1 */
    ld      k1, 0(k0)           /* the tag */
    dmfc0   k0, $10
    bne     k0, k1, 1f
    mfc0    k0, $28
    tlbwr_return
1:  j       refill_other
    nop
refill_vec_end:
    .if (refill_vec_end - refill_vec) > 128
    .error "the refill fast path must fit in its vector (32 instructions)"
    .endif

/* Not in the current ASID's slot (k0 = the vCPU). The guest kernel's relocated kseg0 (ksseg,
   DISCO_KSEG): its pair straight from the pmap, global, cacheable coherent, dirty, and the
   privileged-register page (DISCO_PRIV_PAGE, the odd page of its pair), as mm/tlb.c
   tlb_refill does (that also takes pairs beyond its memory). */
refill_other:
    dmfc0   k1, $8              /* BadVAddr (EntryHi holds VA 43:13 only) */
    dsra    k1, k1, 29
    daddiu  k1, k1, 2
    bnez    k1, refill_global   /* not in 0xffffffffc0000000 - 0xffffffffdfffffff */
    dmfc0   k1, $8
    dsll32  k1, k1, 3
    dsrl32  k1, k1, 3           /* VA 28:0 */
    dsrl    k1, k1, 13
    dsll    k1, k1, 13
    ori     k1, k1, 0x1000      /* the guest-physical address of the odd page */
    lui     k0, 0x1fff
    ori     k0, k0, 0xf000
    beq     k1, k0, 3f          /* the privileged page (DISCO_PRIV_PAGE & 0x1fffffff) */
    mfc0    k0, $28
    ld      k0, VCPU_MEM(k0)
    sltu    k0, k1, k0
    beqz    k0, 2f              /* beyond its memory */
    mfc0    k0, $28
    ld      k0, VCPU_PMAP(k0)
    dsrl    k1, k1, 9           /* (gpa >> 12) * 8 */
    daddu   k0, k0, k1
    ld      k1, 0(k0)           /* the odd page's machine address */
    bltz    k1, 4f              /* freed (PMAP_FREED): C gets it back (mm/pmap.c) */
    dsrl    k1, k1, 12
    dsll    k1, k1, 6
    ori     k1, k1, 0x2f        /* (5 << 3) | D | V | G */
    dmtc0   k1, $3
    ld      k1, -8(k0)          /* the even page's */
    bltz    k1, 4f
    dsrl    k1, k1, 12
    dsll    k1, k1, 6
    ori     k1, k1, 0x2f
    dmtc0   k1, $2
    mfc0    k0, $28
    tlbwr_return
2:  b       refill_slow
    nop
4:  b       refill_slow
    mfc0    k0, $28             /* (k0 held the pmap slot) */
3:  ld      k1, VCPU_PRIV_PAGE(k0)
    dsrl    k1, k1, 12
    dsll    k1, k1, 6
    ori     k1, k1, 0x2f
    dmtc0   k1, $3
    li      k1, 1               /* the even page: invalid (G as the pair needs) */
    dmtc0   k1, $2
    tlbwr_return

/* A global entry's slot: asid_base(0x100) = 256 slots from the start (mm/l2tlb.c), tag
   VPN2 | L2TLB_NOFAST. */
refill_global:
    mfc0    k0, $28
    ld      k1, VCPU_L2TLB(k0)
    dmfc0   k0, $10
    dsrl    k0, k0, 8
    andi    k0, k0, 0x7fe0
    daddu   k1, k1, k0
    ld      k1, 256*32(k1)      /* the tag */
    dmfc0   k0, $10
    ori     k0, k0, 0xff
    xori    k0, k0, 0x10ff      /* VPN2 | L2TLB_NOFAST */
    bne     k0, k1, refill_reflect
    mfc0    k0, $28
    ld      k1, VCPU_L2TLB(k0)  /* a hit: the slot again, for its EntryLo */
    dmfc0   k0, $10
    dsrl    k0, k0, 8
    andi    k0, k0, 0x7fe0
    daddu   k1, k1, k0
    ld      k0, 256*32+8(k1)
    dmtc0   k0, $2
    ld      k0, 256*32+16(k1)
    dmtc0   k0, $3
    mfc0    k0, $28
    tlbwr_return
/* Not in the L2TLB: if the guest's TLB cannot hold it either (a user address, no entry on its
   VPN2's chain of the virtual TLB's index, no large pages), the guest's own refill handler
   takes it: reflect_fast does that from virtual user mode, k1 = 0 telling it the refill
   vector (k1 = 0x180 from the general vector; eret_slow passes it to C). Else C looks. */
refill_reflect:
    scratch sd
    dmfc0   t0, $8              /* BadVAddr */
    dsrl32  t1, t0, 12
    bnez    t1, 1f              /* not a user address (VA 63:44 set) */
    lw      t1, VCPU_VTLB_LARGE(k0)
    bnez    t1, 1f              /* large pages in its TLB */
    dsrl    t1, t0, 13
    andi    t1, t1, 255
    daddu   t1, t1, k0
    lbu     t1, VCPU_VTLB_HEAD(t1)
    bnez    t1, 1f              /* an entry on the chain: C probes it */
    move    k1, zero            /* the refill vector (refill_slow sets it too) */
    mfc0    t0, $13             /* Cause, sign-extended: BD is the sign */
    b       reflect_fast
    andi    t1, t0, 0x7c        /* TLBL or TLBS */
1:  scratch ld
refill_slow:
    b       save
    li      k1, 0x000           /* a refill (trap() needs no more: reflect() picks the vector) */

/* The ERET fast path: a guest kernel's ERET (Coprocessor Unusable, not in a delay slot, in
   the relocated kernel segment) back to virtual kernel or user mode, with no virtual ERL and no
   virtual interrupt waiting: virtual EXL cleared, back to the virtual EPC (the privileged page's
   slot, which the guest may have stored), without saving the frame or entering C (vm/emulate.c
   does every other case). Scratch: t0-t3, a4, a5, saved in the frame by general_vec, which
   comes here with t0 = Cause, t1 = ExcCode << 2; it first sorts the exceptions out. */
eret_fast:
    li      t2, 11 << 2
    beq     t1, t2, cpu_fast    /* Coprocessor Unusable: a privileged instruction, below */
    srl     t3, t0, 28          /* BD (bit 31), CE (29:28); bit 30 reads 0 */
    li      t2, 8 << 2
    beq     t1, t2, reflect_fast /* a system call: the guest's own from user mode, or a hypercall */
    sltiu   t2, t1, (3 << 2) + 1
    sltiu   t3, t1, (1 << 2)
    bne     t2, t3, reflect_fast_1 /* Mod, TLBL, TLBS: an invalid or clean page of its own TLB */
    ld      a4, VCPU_STATUS(k0) /* reflect_fast's first instruction (a4 is free here) */
    b       eret_slow           /* anything else */
    nop
cpu_fast:
    bnez    t3, eret_slow       /* in a delay slot, or not CP0 */
    dmfc0   t1, $14             /* the instruction's address */
    fetch_insn eret_slow
    lui     a5, 0x4200
    ori     a5, a5, 0x18        /* eret */
    bne     a4, a5, cp0_fast    /* another CP0 instruction: perhaps a register write */
    move    t3, a4
    ld      a4, VCPU_STATUS(k0) /* virtual Status */
    andi    a5, a4, 0xc
    bnez    a5, eret_slow       /* virtual ERL (ErrorEPC), or to virtual supervisor mode (KSU 01) */
    ld      t3, VCPU_CAUSE(k0)
    and     t3, t3, a4
    andi    t3, t3, 0xff00
    beqz    t3, 1f              /* no virtual interrupt pending and enabled */
    andi    t3, a4, 0x1
    bnez    t3, eret_slow       /* one would be taken right after: the slow path delivers it */
1:  ld      a5, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    ld      t3, 0x78(a5)        /* PRIV_TLB_PENDING */
    bnez    t3, tlbupd_eret     /* a deferred TLB update first (hcall_fast's body), then on */
    daddiu  t3, zero, -3
eret_tail:                      /* a4 = virtual Status, a5 = the page, t3 = -3: the ERET
                                   (tlbw_fast and the deferred TLB update come here too) */
    and     a4, a4, t3          /* virtual EXL cleared */
    sd      a4, VCPU_STATUS(k0)
    sd      a4, 0(a5)           /* PRIV_STATUS */
    ld      t1, 0x10(a5)        /* PRIV_EPC: where the guest returns */
    sd      t1, VCPU_EPC(k0)
    dmtc0   t1, $14
    sd      zero, VCPU_NESTED(k0)
    andi    a5, a4, 0x10
    beqz    a5, 2f              /* back to virtual kernel mode: the real Status stays */
    /* to user mode: (2 << 3) | EXL | KX | SX | IE | IM7 | the guest's CU1, FR, UX, XX */
    lui     a5, 0xa400
    ori     a5, a5, 0x20
    and     a5, a4, a5
    ori     a5, a5, 0x80d3
    mtc0    a5, $12
2:  ld      t1, VCPU_FAST_ERETS(k0)
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_ERETS(k0)
fast_return:
3:  scratch ld
    ld      k1, 27*8(k0)
    dmfc0   k0, $30             /* the guest's k0 */
    eret
    nop

/* The CP0-write fast path: MTC0/DMTC0 in virtual kernel mode (not in a delay slot, from the
   relocated kernel segment, as eret_fast checked) to EntryHi, EntryLo0/1 or PageMask, which
   write_c0 (vm/emulate.c) would do with no more than a register and the privileged page:
   EntryHi's ASID is also the real one and picks the L2TLB's slots (v->l2base, mm/l2tlb.c).
   t3 = the instruction, t1 = its address. Everything else goes to C. */
cp0_fast:
    ld      a5, VCPU_PRIV_CACHED(k0)
    ld      a5, 0x78(a5)        /* PRIV_TLB_PENDING: C does the deferred TLB update first */
    bnez    a5, eret_slow
    ld      a4, VCPU_STATUS(k0)
    andi    a5, a4, 0x6
    bnez    a5, 1f              /* virtual EXL or ERL: kernel mode */
    andi    a5, a4, 0x18
    bnez    a5, eret_slow       /* not virtual kernel mode: C decides (CU0, RI) */
1:  dsrl    t2, t3, 21
    daddiu  t2, t2, -0x204      /* MTC0: 0, DMTC0: 1 */
    sltiu   a5, t2, 2
    beqz    a5, tlbw_fast       /* not MTC0/DMTC0: perhaps a refill handler's TLBWR+ERET */
    srl     a5, t3, 16
    andi    a5, a5, 31          /* rt */
    dsll    a5, a5, 3
    lui     t0, %hi(gpr_read)
    addiu   t0, t0, %lo(gpr_read)
    daddu   a5, a5, t0
    jr      a5                  /* t0 = the guest's GPR rt */
    nop
cp0_got_rt:
    bnez    t2, 2f
    srl     a5, t3, 11
    sll     t0, t0, 0           /* MTC0: the low word, sign-extended */
2:  andi    a5, a5, 31          /* rd */
    li      t2, 10
    beq     a5, t2, cp0_entryhi
    li      t2, 5
    beq     a5, t2, cp0_pagemask
    daddiu  t2, a5, -2
    sltiu   t2, t2, 2
    beqz    t2, eret_slow       /* not EntryLo0/1 */
    /* EntryLo0/1: & 0xC0000003FFFFFFFF, into the register and its page slot */
    dsrl32  t2, t0, 30
    dsll32  t2, t2, 30
    dsll    t0, t0, 30
    dsrl    t0, t0, 30
    or      t0, t0, t2
    dsll    a5, a5, 3
    daddu   t2, a5, k0
    sd      t0, VCPU_CP0(t2)
    ld      t2, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    daddu   t2, t2, a5
    b       cp0_done
    sd      t0, 0x40(t2)        /* PRIV_ENTRYLO0 = 0x40 + 2 * 8, PRIV_ENTRYLO1 = 0x40 + 3 * 8 */
cp0_pagemask:
    lui     t2, 0x1ff
    ori     t2, t2, 0xe000
    and     t0, t0, t2
    b       cp0_done
    sd      t0, VCPU_CP0 + 5 * 8(k0)
cp0_entryhi:                    /* & 0xC0000FFFFFFFE0FF */
    dsrl32  t2, t0, 30
    dsll32  t2, t2, 30
    dsll    t0, t0, 20
    dsrl    t0, t0, 20
    or      t0, t0, t2
    daddiu  t2, zero, -7937     /* 0xffffffffffffe0ff */
    and     t0, t0, t2
    ld      t2, VCPU_ENTRYHI(k0)
    sd      t0, VCPU_ENTRYHI(k0)
    ld      a5, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    sd      t0, 0x20(a5)        /* PRIV_ENTRYHI */
    xor     t2, t2, t0
    andi    t2, t2, 0xff
    beqz    t2, cp0_done        /* the same ASID */
    andi    t0, t0, 0xff
    dmtc0   t0, $10             /* the real ASID is the guest's */
    asid_index t2, t3, t0
    dsll    t2, t2, 5
    ld      t3, VCPU_L2TLB(k0)
    daddu   t2, t2, t3
    sd      t2, VCPU_L2BASE(k0) /* l2tlb_set_asid() */
cp0_done:
    daddiu  t1, t1, 4
    dmtc0   t1, $14             /* past the instruction */
    ld      t1, VCPU_FAST_CP0(k0)
    daddiu  t1, t1, 1
    b       fast_return
    sd      t1, VCPU_FAST_CP0(k0)

/* t0 = the guest's GPR n, jumped into at gpr_read + 8 * n: the registers the fast paths use
   as scratch are in the frame, k0 in ErrorEPC. */
gpr_read:
    .set noat                   /* ($1 is the guest's at) */
    .irp r, 0,1,2,3,4,5,6,7
    b       cp0_got_rt
    move    t0, $\r
    .endr
    .irp r, 8,9
    b       cp0_got_rt
    ld      t0, \r*8(k0)
    .endr
    .irp r, 10,11
    b       cp0_got_rt
    move    t0, $\r
    .endr
    .irp r, 12,13,14,15
    b       cp0_got_rt
    ld      t0, \r*8(k0)
    .endr
    .irp r, 16,17,18,19,20,21,22,23,24,25
    b       cp0_got_rt
    move    t0, $\r
    .endr
    b       cp0_got_rt
    dmfc0   t0, $30             /* k0 */
    b       cp0_got_rt
    ld      t0, 27*8(k0)        /* k1 */
    .irp r, 28,29,30,31
    b       cp0_got_rt
    move    t0, $\r
    .endr
    .set at

/* The TLBWR+ERET fast path: the end of a guest refill handler (TLBWR followed by ERET, in
   virtual kernel mode, not in a delay slot; cp0_fast sends it here, t3 = the instruction,
   t1 = its address), as vm/trap.c's fused emulation does it with vtlb_write (vm/emulate.c),
   without saving the frame or entering C: EntryLo0/1 from the privileged page (where the
   patched handler stores them), a random entry in [Wired, 63] (Count & 63, reduced), the
   evicted entry kept in the L2TLB (or dropped when it had no valid half) and out of the real
   TLB, the virtual TLB's index, the new entry in the L2TLB and the real TLB; then the ERET by
   eret_fast's tail. Taken only for 4 KiB user pages (R = 0, PageMask 0, no large pages in its
   TLB), not global, within its memory, an evicted entry of the same kind, not the same pages,
   no virtual ERL, no interrupt that the ERET would let in, back to virtual kernel or user mode;
   anything else goes to C. Scratch: t0-t3, a4, a5 (saved by eret_fast), a0-a3, a6, a7, t8,
   t9 (saved here). */
tlbw_fast:
    lui     t2, 0x4200
    ori     t2, t2, 0x6         /* tlbwr */
    bne     t3, t2, eret_slow
    daddiu  t1, t1, 4
    andi    t2, t1, 0xffc
    bnez    t2, 3f              /* the next one is on the TLBWR's page: at t0 + 4 (fetch_insn) */
    nop
    fetch_insn eret_slow        /* the next one, on the next page */
    b       4f
    nop
3:  lw      a4, 4(t0)
4:  lui     a5, 0x4200
    ori     a5, a5, 0x18        /* eret */
    bne     a4, a5, eret_slow
    ld      a4, VCPU_STATUS(k0)
    andi    a5, a4, 0xc
    bnez    a5, eret_slow       /* virtual ERL (ErrorEPC), or to virtual supervisor mode */
    ld      t3, VCPU_CAUSE(k0)
    and     t3, t3, a4
    andi    t3, t3, 0xff00
    beqz    t3, tw_noint
    andi    t3, a4, 0x1
    bnez    t3, eret_slow       /* an interrupt right after the ERET: C delivers it */
tw_noint:
    ld      t2, VCPU_ENTRYHI(k0)
    dsrl32  t3, t2, 30
    bnez    t3, eret_slow       /* R != 0 */
    ld      t3, VCPU_CP0 + 5 * 8(k0)
    bnez    t3, eret_slow       /* PageMask */
    lw      t3, VCPU_VTLB_LARGE(k0)
    bnez    t3, eret_slow       /* large pages in its TLB */
    sd      a0, 4*8(k0)
    sd      a1, 5*8(k0)
    sd      a6, 10*8(k0)        /* a2, a3: saved only where used (tw_machine) */
    sd      a7, 11*8(k0)
    sd      t8, 24*8(k0)
    sd      t9, 25*8(k0)
    /* a4, a5 = EntryLo0/1 from the page, & 0xC0000003FFFFFFFF as MTC0 would */
    ld      a6, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    ld      a4, 0x50(a6)
    ld      a5, 0x58(a6)
    mask_lo_pair
    and     t3, a4, a5
    andi    t3, t3, 1
    bnez    t3, tlbw_slow       /* a global entry */
    machine_lo t0, a4, tlbw_slow
    machine_lo t1, a5, tlbw_slow
    /* t8 = the random index: 63 - (Count & 63) mod (64 - Wired) */
    ld      t3, VCPU_CP0 + 6 * 8(k0)
    andi    t3, t3, 63
    li      a6, 64
    dsubu   t3, a6, t3          /* 64 - Wired, >= 1 */
    mfc0    a6, $9
    andi    a6, a6, 63
tw_mod:
    sltu    a7, a6, t3
    beqz    a7, tw_mod
    dsubu   a6, a6, t3          /* (undone below when it was already below) */
    daddu   a6, a6, t3
    li      t8, 63
    dsubu   t8, t8, a6
    /* the evicted entry: t9 = its EntryHi, a0, a1 = its EntryLo, a2, a3 = machine (if needed) */
    dsll    a6, t8, 5
    daddu   a6, a6, k0
    ld      t9, VCPU_TLB(a6)
    beq     t9, t2, tlbw_slow   /* the same pages and ASID */
    dsrl32  t3, t9, 30
    bnez    t3, tlbw_slow       /* R != 0 */
    ld      a0, VCPU_TLB + 8(a6)
    ld      a1, VCPU_TLB + 16(a6)
    and     t3, a0, a1
    andi    t3, t3, 1
    bnez    t3, tlbw_slow       /* global */
    /* Its L2TLB slot (its own ASID's) keeps it when it has a valid half (l2tlb_insert). When
       the slot's tag is still this entry's, the slot already holds its machine EntryLo: they
       depend only on its EntryLo and the pmap, every write of an entry for these pages and
       this ASID rewrites or drops the slot, and a freed page's slots are dropped before the page is reused
       (mm/l2tlb.c). Then nothing to compute or store. */
    or      t3, a0, a1
    andi    t3, t3, 2
    beqz    t3, tw_evict        /* no valid half: dropped, below */
    xor     t3, t9, t2
    andi    t3, t3, 0xff
    bnez    t3, tw_hash         /* another ASID than the current one (whose base is l2base) */
    dsrl    a6, t9, 8
    andi    a6, a6, 0x7fe0      /* VPN2 bits 9:0, times 32 bytes */
    ld      a7, VCPU_L2BASE(k0)
    b       tw_slot
    daddu   a6, a6, a7          /* its slot */
tw_hash:
    l2tlb_slot a6, a7, t9       /* its slot */
tw_slot:
    ld      t3, 0(a6)
    beq     t3, t9, tw_inval_1  /* kept already */
    or      t3, a0, a1          /* tw_inval's first instruction */
tw_machine:
    sd      a2, 6*8(k0)
    sd      a3, 7*8(k0)
    machine_lo a2, a0, tlbw_slow23
    machine_lo a3, a1, tlbw_slow23
tw_evict:
    /* From here on nothing fails. The evicted entry's L2TLB slot: kept when it has a valid
       half, else dropped, with the global slot of its VPN2 (l2tlb_insert) */
    l2tlb_slot a6, a7, t9       /* its slot */
    or      t3, a0, a1
    andi    t3, t3, 2
    beqz    t3, tw_drop
    nop
    sd      t9, 0(a6)           /* (only after tw_machine: a valid half) */
    sd      a2, 8(a6)
    sd      a3, 16(a6)
    sd      zero, 24(a6)
    ld      a2, 6*8(k0)
    b       tw_inval
    ld      a3, 7*8(k0)
tw_drop:
    ld      t3, 0(a6)
    bne     t3, t9, tw_drop_g
    li      t3, 0x1000          /* L2TLB_NOFAST */
    sd      t3, 0(a6)
    sd      zero, 8(a6)
    sd      zero, 16(a6)
    sd      zero, 24(a6)
tw_drop_g:
    dsrl    a6, t9, 8
    andi    a6, a6, 0x7fe0
    daddu   a6, a6, a7          /* its VPN2's global slot, less 256 */
    drop_global a6, t9, t3, a7, t3, tw_inval
    /* out of the real TLB (tlb_invalidate_range) */
tw_inval:
    or      t3, a0, a1
tw_inval_1:
    beqz    t3, tw_unlink
    dmtc0   t9, $10             /* (harmless when it branches: tw_done's l2tlb_and_tlb_put sets EntryHi) */
    tlbp
    mfc0    a6, $0
    bltz    a6, tw_unlink
    andi    a6, a6, 63
    dsll    a6, a6, 13
    lui     a7, 0x8000          /* 0xffffffff80000000 + index << 13: unique, never matched */
    daddu   a6, a6, a7
    dmtc0   a6, $10
    dmtc0   zero, $2
    dmtc0   zero, $3
    tlbwi
    /* the virtual TLB's index: entry t8 off its old chain, onto the new one's head */
tw_unlink:
    daddu   a6, k0, t8
    lbu     a7, VCPU_VTLB_PREV(a6)  /* p */
    lbu     t3, VCPU_VTLB_NEXT(a6)  /* n */
    beqz    a7, tw_head
    daddu   a6, k0, a7
    b       tw_prev
    sb      t3, VCPU_VTLB_NEXT - 1(a6) /* next[p - 1] = n */
tw_head:
    dsrl    a6, t9, 13
    andi    a6, a6, 255
    daddu   a6, a6, k0
    sb      t3, VCPU_VTLB_HEAD(a6)  /* head[bucket(old)] = n */
tw_prev:
    beqz    t3, tw_link
    daddu   a6, k0, t3
    sb      a7, VCPU_VTLB_PREV - 1(a6) /* prev[n - 1] = p */
tw_link:
    dsrl    a6, t2, 13
    andi    a6, a6, 255
    daddu   a6, a6, k0
    lbu     t3, VCPU_VTLB_HEAD(a6)  /* h */
    daddu   a7, k0, t8
    sb      t3, VCPU_VTLB_NEXT(a7)  /* next[i] = h */
    sb      zero, VCPU_VTLB_PREV(a7) /* prev[i] = 0 */
    daddiu  a7, t8, 1
    beqz    t3, tw_entry
    sb      a7, VCPU_VTLB_HEAD(a6)  /* head = i + 1 */
    daddu   t3, k0, t3
    sb      a7, VCPU_VTLB_PREV - 1(t3) /* prev[h - 1] = i + 1 */
    /* the entry (G clear in both halves), the registers and their page slots */
tw_entry:
    dsll    a6, t8, 5
    daddu   a6, a6, k0
    sd      t2, VCPU_TLB(a6)
    daddiu  a7, zero, -2
    and     t3, a4, a7
    sd      t3, VCPU_TLB + 8(a6)
    and     t3, a5, a7
    sd      t3, VCPU_TLB + 16(a6)
    sd      a4, VCPU_CP0 + 2 * 8(k0)
    sd      a5, VCPU_CP0 + 3 * 8(k0)
    ld      a6, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    sd      a4, 0x50(a6)        /* PRIV_ENTRYLO0 */
    sd      a5, 0x58(a6)        /* PRIV_ENTRYLO1 */
    l2tlb_and_tlb_put tw_done
tw_done:
    ld      t1, VCPU_FAST_TLBW(k0)
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_TLBW(k0)
    ld      a0, 4*8(k0)
    ld      a1, 5*8(k0)
    ld      a6, 10*8(k0)
    ld      a7, 11*8(k0)
    ld      t8, 24*8(k0)
    ld      t9, 25*8(k0)
    ld      a4, VCPU_STATUS(k0)
    daddiu  t3, zero, -3
    b       eret_tail           /* and the ERET */
    ld      a5, VCPU_PRIV_CACHED(k0)
tlbw_slow23:                     /* a2, a3 saved too (tw_machine) */
    ld      a2, 6*8(k0)
    ld      a3, 7*8(k0)
tlbw_slow:
    ld      a0, 4*8(k0)
    ld      a1, 5*8(k0)
    ld      a6, 10*8(k0)
    ld      a7, 11*8(k0)
    ld      t8, 24*8(k0)
    b       eret_slow
    ld      t9, 25*8(k0)

/* The HC_TLB_UPDATE fast path: the hypercall (syscall DISCO_HCALL_CODE, v0 = 13, from virtual
   kernel mode, not in a delay slot) when it rewrites the one entry of its virtual TLB that
   already holds these pages with this ASID (a kernel resolving a fault on a page its refill
   handler loaded as invalid): what vtlb_update (vm/emulate.c) does then, without saving the
   frame or entering C. The virtual EntryHi/EntryLo0/1/PageMask/Index and their page slots,
   the entry's EntryLo, the L2TLB slot of the current ASID (the global one dropped), the real
   TLB (the old entry rewritten in place by TLBWI, or TLBWR), v0 = the index. Anything else (an
   ASID change, R != 0, large pages in its TLB, a global entry, a half beyond its memory, no
   entry or two, the guest's own system call) goes on as before. Scratch: t0-t3, a4, a5 (saved
   by eret_fast), a6, a7, t8 (saved here); the guest's a0-a2 are read only. t0 = Cause,
   t1 = its ExcCode << 2. Its body (tlbupd_body) also does a deferred HC_TLB_UPDATE (abi.h
   PRIV_TLB_*) at an ERET; with one pending, this hypercall and cp0_fast leave it to C, which
   does it first. */
hcall_fast:                     /* from reflect_fast: not virtual user mode; a4 = virtual Status */
    li      t2, 8 << 2
    bne     t1, t2, eret_slow   /* not a system call */
    li      t2, 13              /* HC_TLB_UPDATE */
    bne     v0, t2, eret_slow
    andi    a5, a4, 0x6
    bnez    a5, 1f              /* virtual EXL or ERL: kernel mode */
    andi    a5, a4, 0x18
    bnez    a5, eret_slow       /* virtual supervisor mode: the guest's own */
1:  bltz    t0, eret_slow       /* in a delay slot */
    dmfc0   t1, $14
    fetch_insn eret_slow
    lui     a5, 0x0345
    ori     a5, a5, 0x700c      /* syscall 0xd15c0 (DISCO_HCALL_CODE << 6 | 0xc) */
    bne     a4, a5, eret_slow   /* the kernel's own system call */
    ld      a5, VCPU_PRIV_CACHED(k0)
    ld      a5, 0x78(a5)        /* PRIV_TLB_PENDING: C does the deferred TLB update first */
    bnez    a5, eret_slow
    sd      a6, 10*8(k0)
    sd      a7, 11*8(k0)
    sd      t8, 24*8(k0)
    move    t2, a0
    move    a4, a1
    move    a5, a2
/* The TLB update itself, t2, a4, a5 = EntryHi, EntryLo0, EntryLo1 as given (tlbupd_eret, the
   deferred update at an ERET, comes here too); a6, a7, t8 saved. */
tlbupd_body:
    /* t2 = EntryHi & 0xC0000FFFFFFFE0FF, as MTC0 would, with R = 0 */
    dsrl32  t3, t2, 30
    bnez    t3, hcall_slow      /* R != 0: not a user page, no L2TLB entry */
    dsll    t2, t2, 20
    dsrl    t2, t2, 20          /* VA 43:0 */
    daddiu  t3, zero, -7937     /* 0xffffffffffffe0ff */
    and     t2, t2, t3
    ld      t3, VCPU_ENTRYHI(k0)
    xor     t3, t3, t2
    andi    t3, t3, 0xff
    bnez    t3, hcall_slow      /* an ASID change */
    lw      t3, VCPU_VTLB_LARGE(k0)
    bnez    t3, hcall_slow      /* large pages: probes scan the whole TLB */
    /* a4, a5 = EntryLo0/1 & 0xC0000003FFFFFFFF */
    mask_lo_pair
    and     t3, a4, a5
    andi    t3, t3, 1
    bnez    t3, hcall_slow      /* a global entry */
    machine_lo t0, a4, hcall_slow
    machine_lo t1, a5, hcall_slow
    /* TLBP on the virtual TLB's chain for VPN2 bits 7:0: t8 = the matching entry + 1 */
    move    t8, zero
    dsrl    t3, t2, 13
    andi    t3, t3, 255
    daddu   t3, t3, k0
    lbu     t3, VCPU_VTLB_HEAD(t3)
hc_chain:
    beqz    t3, hc_found
    dsll    a6, t3, 5
    daddu   a6, a6, k0          /* the entry + 32 */
    ld      a7, VCPU_TLB - 32(a6)
    beq     a7, t2, hc_match    /* these pages, this ASID (the bits between are 0 in both) */
    xor     a7, a7, t2
    dsrl    a7, a7, 8
    bnez    a7, hc_next         /* another VPN2 */
    ld      a7, VCPU_TLB - 32 + 8(a6)
    ld      a6, VCPU_TLB - 32 + 16(a6) /* these pages, another ASID: matches if global */
    and     a7, a7, a6
    andi    a7, a7, 1
    bnez    a7, hcall_slow      /* a global entry for these pages */
    nop
    b       hc_next
    nop
hc_match:
    ld      a7, VCPU_TLB - 32 + 8(a6)
    ld      a6, VCPU_TLB - 32 + 16(a6)
    and     a7, a7, a6
    andi    a7, a7, 1
    bnez    a7, hcall_slow      /* a global entry for these pages */
    nop
    bnez    t8, hcall_slow      /* two entries match: C picks the lower (t8 is restored there) */
    move    t8, t3
hc_next:
    daddu   t3, t3, k0
    b       hc_chain
    lbu     t3, VCPU_VTLB_NEXT - 1(t3)
hc_found:
    beqz    t8, hcall_slow      /* no entry: TLBWR of a new one, C */
    daddiu  t8, t8, -1          /* the index */
    /* the virtual registers and their page slots */
    sd      t2, VCPU_ENTRYHI(k0)
    sd      a4, VCPU_CP0 + 2 * 8(k0)
    sd      a5, VCPU_CP0 + 3 * 8(k0)
    sd      zero, VCPU_CP0 + 5 * 8(k0) /* PageMask */
    sd      t8, VCPU_CP0(k0)    /* Index */
    ld      a6, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    sd      t2, 0x20(a6)        /* PRIV_ENTRYHI */
    sd      a4, 0x50(a6)        /* PRIV_ENTRYLO0 */
    sd      a5, 0x58(a6)        /* PRIV_ENTRYLO1 */
    /* the entry's EntryLo (G clear in both: not global); its EntryHi and PageMask stay */
    dsll    a6, t8, 5
    daddu   a6, a6, k0
    daddiu  a7, zero, -2
    and     a4, a4, a7
    sd      a4, VCPU_TLB + 8(a6)
    and     a5, a5, a7
    sd      a5, VCPU_TLB + 16(a6)
    l2tlb_and_tlb_put hc_done
hc_done:
    ld      a5, VCPU_PRIV_CACHED(k0)
    ld      t1, 0x78(a5)        /* PRIV_TLB_PENDING: the deferred update, at an ERET */
    bnez    t1, tlbupd_done
    ld      t1, VCPU_FAST_HCALLS(k0)
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_HCALLS(k0)
    move    v0, t8              /* the result: the index */
    dmfc0   t1, $14
    daddiu  t1, t1, 4
    dmtc0   t1, $14             /* past the syscall */
    ld      a6, 10*8(k0)
    ld      a7, 11*8(k0)
    b       fast_return
    ld      t8, 24*8(k0)
tlbupd_done:                    /* the deferred update done (no result): the ERET */
    daddiu  t1, t1, 1
    sd      t1, VCPU_FAST_HCALLS(k0)
    sd      zero, 0x78(a5)      /* PRIV_TLB_PENDING */
    ld      a6, 10*8(k0)
    ld      a7, 11*8(k0)
    ld      t8, 24*8(k0)
    daddiu  t3, zero, -3
    b       eret_tail
    ld      a4, VCPU_STATUS(k0)
/* A deferred HC_TLB_UPDATE (abi.h PRIV_TLB_*) at an ERET that eret_fast has checked: a4 =
   virtual Status, a5 = the page. If the update needs C, C does it and the ERET. */
tlbupd_eret:
    sd      a6, 10*8(k0)
    sd      a7, 11*8(k0)
    sd      t8, 24*8(k0)
    ld      t2, 0x60(a5)        /* PRIV_TLB_HI */
    ld      a4, 0x68(a5)        /* PRIV_TLB_LO0 */
    b       tlbupd_body
    ld      a5, 0x70(a5)        /* PRIV_TLB_LO1 */
hcall_slow:
    ld      a6, 10*8(k0)
    ld      a7, 11*8(k0)
    b       eret_slow
    ld      t8, 24*8(k0)

/* The reflection fast path for a guest user process's own system call (virtual user mode, so
   never a hypercall), its access to a page its TLB has invalid or clean, or (from
   refill_reflect) a refill its own handler must do: virtual EPC/BD/
   Cause (t1 = ExcCode << 2), for the TLB ones BadVAddr/Context/XContext/EntryHi, virtual EXL,
   the privileged page, and on to the guest's general (or refill) vector in the virtual kernel's supervisor
   mode (as vm/trap.c reflect() does). */
reflect_fast:
    ld      a4, VCPU_STATUS(k0)
reflect_fast_1:
    lui     t3, 0x40
    ori     t3, t3, 0x1e        /* BEV (bit 22), KSU, ERL, EXL */
    and     t3, a4, t3
    li      t2, 0x10
    bne     t3, t2, hcall_fast  /* not virtual user mode (or boot vectors): a hypercall? else
                                   the slow path (hcall_fast sends user mode there) */
    ld      t2, VCPU_CAUSE(k0)
    andi    t2, t2, 0xff00      /* the virtual Cause without BD, CE (29:28) and ExcCode: its IP
                                   (no other bits are ever set: write_c0 takes IP1:0 only) */
    dsrl32  t3, t0, 31          /* BD from the real Cause (sign-extended: bit 63) */
    dsll    t3, t3, 31
    or      t2, t2, t3
    or      t2, t2, t1          /* the ExcCode */
    ld      a5, VCPU_PRIV_CACHED(k0) /* the privileged page, cached */
    sd      t2, VCPU_CAUSE(k0)
    sd      t2, 0x8(a5)         /* PRIV_CAUSE */
    dmfc0   t0, $14
    sd      t0, VCPU_EPC(k0)
    sd      t0, 0x10(a5)        /* PRIV_EPC */
    ori     a4, a4, 0x2         /* virtual EXL */
    sd      a4, VCPU_STATUS(k0)
    li      t3, 8 << 2
    beq     t1, t3, 4f          /* a system call sets no address registers */
    sd      a4, 0(a5)           /* PRIV_STATUS */
    /* BadVAddr, Context, XContext, EntryHi. From user mode the address is a user one (anything
       else is an address error, and refill_reflect takes only those): R = 0, VA 63:44 = 0. */
    dmfc0   t3, $8
    sd      t3, VCPU_CP0 + 8 * 8(k0)
    sd      t3, 0x18(a5)        /* PRIV_BADVADDR */
    ld      t2, VCPU_CP0 + 4 * 8(k0) /* Context: BadVPN2 (VA 31:13) in 22:4 */
    dsrl    t2, t2, 23
    dsll    t2, t2, 23
    dsll32  t1, t3, 0
    dsrl32  t1, t1, 13          /* VA 31:13 */
    dsll    t1, t1, 4
    or      t2, t2, t1
    sd      t2, VCPU_CP0 + 4 * 8(k0)
    sd      t2, 0x28(a5)        /* PRIV_CONTEXT */
    dsrl    t3, t3, 13          /* VA 43:13 */
    ld      t2, VCPU_CP0 + 20 * 8(k0) /* XContext: R (0) in 36:35, BadVPN2 (VA 43:13) in 34:4 */
    dsrl    t2, t2, 37
    dsll    t2, t2, 37
    dsll    t1, t3, 4
    or      t2, t2, t1
    sd      t2, VCPU_CP0 + 20 * 8(k0)
    sd      t2, 0x30(a5)        /* PRIV_XCONTEXT */
    ld      t2, VCPU_ENTRYHI(k0) /* EntryHi: VPN2 of the address, the ASID kept */
    andi    t2, t2, 0xff
    dsll    t3, t3, 13
    or      t2, t2, t3
    sd      t2, VCPU_ENTRYHI(k0)
    sd      t2, 0x20(a5)        /* PRIV_ENTRYHI */
4:  bnez    k1, 5f              /* k1 = the vector it came through: 0x180, the guest's too */
    lui     t1, 0xc000          /* DISCO_VECTOR_BASE */
    andi    k1, a4, 0x20        /* a refill: the guest's XTLB refill vector if its UX is set */
    dsll    k1, k1, 2           /* 0x080, or 0x000 */
5:  daddu   t1, t1, k1
    dmtc0   t1, $14
    /* virtual kernel mode: (1 << 3) | EXL | UX | SX | KX | IE | IM7 | the guest's CU1, FR */
    lui     a5, 0x2400
    and     a5, a4, a5
    ori     a5, a5, 0x80eb
    b       fast_return
    mtc0    a5, $12

eret_slow:
    scratch ld                  /* k1 = the vector (general_vec, refill_reflect) */
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
