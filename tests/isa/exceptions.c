/* Exceptions: SYSCALL (8) and BREAK (9) with EPC; exceptions in a branch delay slot (Cause.BD
   set, EPC = the branch, restart from the branch); Reserved Instruction (10) for the MIPS32/64
   R2 instructions the R10000 lacks; Coprocessor Unusable (11) with Cause.CE; user mode (kseg0
   load/fetch AdEL, CP0 instruction CpU CE=0 unless Status.CU0, SYSCALL back to the kernel),
   supervisor mode (sseg mapped, kseg0/kseg3 address errors), 32-bit user mode (UX=0: 64-bit
   instructions RI, addresses above 0x7fffffff AdEL), MIPS IV instructions in user mode need
   Status.XX. Sources: MIPS IV ISA Rev 3.2; R10000 Microprocessor User's Manual v2.0 ch. 14-16. */
#include "isatest.h"

#define SENT 0x5a5a5a5a5a5a5a5aull

/* ------------------------------------------------------------------ kernel-mode exceptions */

static void test_syscall_break(void) {
    uint64_t e, st;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: syscall\n.set pop" : "=&r"(e));
    report(last.n == 1 && last.code == EXC_SYS, "syscall: ExcCode %lu (expected 8)", last.code);
    chk("syscall: EPC = the syscall", last.epc, e);
    report(!(last.cause & CAUSE_BD), "syscall: Cause.BD clear");
    report((last.status & SR_EXL) != 0, "syscall: Status.EXL set in the handler");
    chk("syscall: general vector 0x180", last.vector, 0x180);
    st = MFC0(12);
    report(!(st & SR_EXL), "after eret: Status.EXL clear (0x%lx)", st);

    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: syscall 0x12345\n.set pop" : "=&r"(e));
    report(last.n == 1 && last.code == EXC_SYS, "syscall with a code field: ExcCode %lu", last.code);
    chk("syscall with a code field: EPC", last.epc, e);

    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: break\n.set pop" : "=&r"(e));
    report(last.n == 1 && last.code == EXC_BP, "break: ExcCode %lu (expected 9)", last.code);
    chk("break: EPC = the break", last.epc, e);
    report(!(last.cause & CAUSE_BD), "break: Cause.BD clear");

    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: break 7, 3\n.set pop" : "=&r"(e));
    report(last.n == 1 && last.code == EXC_BP, "break 7,3: ExcCode %lu (expected 9)", last.code);
    chk("break 7,3: EPC", last.epc, e);

    /* several in a row, the handler skipping each */
    unsigned n0;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n syscall\n break\n syscall\n.set pop");
    n0 = last.n;
    chk("syscall, break, syscall: three exceptions", n0, 3);
    chk("  the last one was a syscall", last.code, EXC_SYS);
}

static void test_delay_slot(void) {
    uint64_t br, r, t;
    /* syscall in the slot of a taken beq */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %1, 2f\n dla %2, 3f\n sd %2, 0(%3)\n"
                     "2: beq $0, $0, 3f\n syscall\n ori %0, %0, 2\n3: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall in a taken beq's slot: ExcCode %lu", last.code);
    chk("syscall in a taken beq's slot: EPC = the beq", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "syscall in a taken beq's slot: Cause.BD set");
    chk("syscall in a taken beq's slot: resumed at the target", r, 4);

    /* syscall in the slot of an untaken bne */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %1, 2f\n dla %2, 3f\n sd %2, 0(%3)\n"
                     "2: bne $0, $0, 3f\n syscall\n ori %0, %0, 2\n3: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall in an untaken bne's slot: ExcCode %lu", last.code);
    chk("syscall in an untaken bne's slot: EPC = the bne", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "syscall in an untaken bne's slot: Cause.BD set");

    /* break in the slot of jr */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: jr %1\n break\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_BP, "break in jr's slot: ExcCode %lu", last.code);
    chk("break in jr's slot: EPC = the jr", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "break in jr's slot: Cause.BD set");

    /* syscall in the slot of a taken branch-likely */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: beql $0, $0, 3f\n syscall\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_SYS, "syscall in a taken beql's slot: ExcCode %lu", last.code);
    chk("syscall in a taken beql's slot: EPC = the beql", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "syscall in a taken beql's slot: Cause.BD set");

    /* unaligned load in the slot of jal */
    static volatile uint64_t word[2] = {0x1122334455667788ull, 0};
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 2f\n dla %1, 3f\n sd %1, 0(%2)\n"
                     "2: jal 3f\n lw $0, 2(%3)\n nop\n3:\n.set pop"
                     : "=&r"(br), "=&r"(t) : "r"(&resume_pc), "r"(word) : "memory", "$31");
    report(last.n == 1 && last.code == EXC_ADEL, "unaligned lw in jal's slot: ExcCode %lu (expected 4)", last.code);
    chk("unaligned lw in jal's slot: EPC = the jal", last.epc, br);
    chk("unaligned lw in jal's slot: BadVAddr", last.badvaddr, (uint64_t)word + 2);
    report((last.cause & CAUSE_BD) != 0, "unaligned lw in jal's slot: Cause.BD set");

    /* an exception right after one in a slot, not in a slot: BD clear again */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n" LABEL_ADDR("%0") "1: syscall\n.set pop" : "=&r"(br));
    report((last.cause & CAUSE_BD) == 0, "next syscall outside a slot: Cause.BD clear");
    chk("next syscall outside a slot: EPC", last.epc, br);

    /* exception at a branch target is not in a slot */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 3f\n b 3f\n nop\n nop\n3: syscall\n.set pop"
                     : "=&r"(br));
    report((last.cause & CAUSE_BD) == 0, "syscall at a branch target: Cause.BD clear");
    chk("syscall at a branch target: EPC = the syscall", last.epc, br);
}

/* Restart from the branch: the handler repairs the base register in the frame and returns to
   EPC (the branch) unchanged; the branch and its slot run again, the slot now succeeds. */
static unsigned fix_count;
static void fix_base_handler(struct exc_frame *f) {
    fix_count++;
    last.code = EXC_CODE(f);
    last.epc = f->epc;
    last.cause = f->cause;
    f->gpr[9] &= ~3ull; /* $9: the base register of the faulting load */
}

static void test_restart_from_branch(void) {
    static volatile uint64_t word[2] = {0x8877665544332211ull, 0};
    uint64_t r, v = SENT, br;
    register uint64_t base asm("$9") = (uint64_t)word + 1;
    fix_count = 0;
    exc_handler = fix_base_handler;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n dla %2, 2f\n"
                     "2: beq $0, $0, 3f\n lw %1, 0(%3)\n ori %0, %0, 2\n3: ori %0, %0, 4\n.set pop"
                     : "=&r"(r), "+r"(v), "=&r"(br), "+r"(base) : : "memory");
    exc_handler = capture_handler;
    chk("restart: one exception", fix_count, 1);
    chk("restart: it was AdEL", last.code, EXC_ADEL);
    chk("restart: EPC = the branch", last.epc, br);
    report((last.cause & CAUSE_BD) != 0, "restart: BD set");
    chk("restart: branch re-executed and taken", r, 4);
    chk("restart: slot load done after repair", v, 0xffffffff88776655ull);

    /* same through bltzal: the link is written again, the same value */
    uint64_t ra;
    base = (uint64_t)word + 2;
    fix_count = 0;
    exc_handler = fix_base_handler;
    __asm__ volatile(".set push\n.set noreorder\n move %0, $0\n li %1, -1\n dla %2, 2f\n"
                     "2: bltzal %1, 3f\n lw %1, 0(%4)\n ori %0, %0, 2\n3: ori %0, %0, 4\n move %3, $31\n.set pop"
                     : "=&r"(r), "=&r"(v), "=&r"(br), "=&r"(ra), "+r"(base) : : "memory", "$31");
    exc_handler = capture_handler;
    chk("restart bltzal: one exception", fix_count, 1);
    chk("restart bltzal: taken", r, 4);
    chk("restart bltzal: link = branch + 8", ra, br + 8);
    chk("restart bltzal: slot load", v, 0xffffffff88776655ull);
}

static void test_fetch_error(void) {
    uint64_t t;
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n dla %0, 3f\n sd %0, 0(%1)\n daddiu %0, %0, 2\n"
                     " jr %0\n nop\n nop\n3:\n.set pop"
                     : "=&r"(t) : "r"(&resume_pc) : "memory");
    report(last.n == 1 && last.code == EXC_ADEL, "jr to a misaligned address: AdEL (code %lu)", last.code);
    chk("misaligned fetch: BadVAddr = target", last.badvaddr, t);
    chk("misaligned fetch: EPC = target", last.epc, t);
    report(!(last.cause & CAUSE_BD), "misaligned fetch: Cause.BD clear");
}

/* Reserved Instruction: a raw word; $2 is its destination and must keep SENT. */
#define RI_WORD(word, what)                                                                     \
    do {                                                                                        \
        uint64_t v0_, e_;                                                                       \
        exc_reset();                                                                            \
        __asm__ volatile(".set push\n.set noreorder\n move $2, %2\n" LABEL_ADDR("%1")             \
                         "1: .word " #word "\n move %0, $2\n.set pop"                           \
                         : "=&r"(v0_), "=&r"(e_) : "r"(SENT) : "$2", "$3", "$4", "memory");     \
        report(last.n == 1 && last.code == EXC_RI, "%s (" #word "): Reserved Instruction (code %lu)", what, \
               last.code);                                                                      \
        report(last.epc == e_, "%s: EPC = the instruction (0x%lx)", what, last.epc);            \
        report(v0_ == SENT, "%s: destination not written", what);                               \
    } while (0)

static void test_reserved(void) {
    RI_WORD(0x7c623900, "ext $2,$3,4,8");
    RI_WORD(0x7c625904, "ins $2,$3,4,8");
    RI_WORD(0x7c031420, "seb $2,$3");
    RI_WORD(0x7c031620, "seh $2,$3");
    RI_WORD(0x7c0310a0, "wsbh $2,$3");
    RI_WORD(0x7c02e83b, "rdhwr $2,$29");
    RI_WORD(0x00231102, "rotr $2,$3,4");
    RI_WORD(0x7c623903, "dext $2,$3,4,8");
    RI_WORD(0x7c0310a4, "dsbh $2,$3");
    RI_WORD(0x70641002, "mul $2,$3,$4 (SPECIAL2)");
    RI_WORD(0x70621020, "clz $2,$3 (SPECIAL2)");
    RI_WORD(0x047f0000, "synci 0($3) (REGIMM rt=31)");
}

#define CPU_WORD(word, what, ce_exp)                                                                \
    do {                                                                                        \
        uint64_t e_;                                                                            \
        exc_reset();                                                                            \
        __asm__ volatile(".set push\n.set noreorder\n move $3, $sp\n" LABEL_ADDR("%0") "1: .word " #word "\n.set pop" \
                         : "=&r"(e_) : : "$2", "$3", "memory");                                 \
        report(last.n == 1 && last.code == EXC_CPU, "%s: Coprocessor Unusable (code %lu)", what, last.code); \
        report(last.ce == (ce_exp), "%s: Cause.CE = %lu (expected %d)", what, last.ce, ce_exp);         \
        report(last.epc == e_, "%s: EPC = the instruction", what);                              \
    } while (0)

static void test_cop_unusable(void) {
    const uint64_t sr = MFC0(12);
    /* FPU usable at boot */
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n mtc1 $0, $f0\n.set pop");
    report(last.n == 0, "mtc1 with Status.CU1=1: no exception");
    MTC0(12, sr & ~SR_CU1);
    CPU_WORD(0x44800000, "mtc1 $0,$f0 with CU1=0", 1);
    CPU_WORD(0x46000000, "add.s $f0,$f0,$f0 with CU1=0", 1);
    CPU_WORD(0xc4600000, "lwc1 $f0,0($3) with CU1=0", 1);
    CPU_WORD(0x4442f800, "cfc1 $2,$31 with CU1=0", 1);
    CPU_WORD(0x4c600001, "ldxc1 $f0,$0($3) with CU1=0", 1);
    MTC0(12, sr);
    CPU_WORD(0x4a000123, "cop2 (c2 0x123)", 2);
    CPU_WORD(0xc8620000, "lwc2 $2,0($3)", 2);
    CPU_WORD(0x48021800, "mfc2 $2,$3", 2);
    CPU_WORD(0xe8620000, "swc2 $2,0($3)", 2);
    /* R10000 manual ch. 17: with CU2 set, a COP2 instruction takes Reserved Instruction */
    MTC0(12, sr | SR_CU2);
    exc_reset();
    __asm__ volatile(".set push\n.set noreorder\n .word 0x4a000123\n.set pop");
    report(last.n == 1 && last.code == EXC_RI, "cop2 with CU2=1: Reserved Instruction (code %lu)", last.code);
    MTC0(12, sr);
    chk("Status restored with CU1", MFC0(12) & SR_CU1, SR_CU1);
}

static uint64_t kload(uint64_t va) {
    uint64_t r = SENT;
    __asm__ volatile("ld %0, 0(%1)" : "+r"(r) : "r"(va) : "memory");
    return r;
}

static void test_kernel_segments(void) {
    static volatile uint64_t v = 0x0102030405060708ull;
    const uint64_t pa = KSEG0_PA(&v), sr = MFC0(12);
    exc_reset();
    chk("kernel: xkphys cached alias", kload(0x9800000000000000ull | pa), v);
    chk("kernel: xkphys uncached alias", kload(0x9000000000000000ull | pa), v);
    chk("kernel: kseg1 alias", kload(0xffffffffa0000000ull | pa), v);
    report(last.n == 0, "kernel KX=1: no exception (%u)", last.n);
    exc_reset();
    (void)kload(0x9800010000000000ull | pa);
    report(last.n == 1 && last.code == EXC_ADEL, "kernel: xkphys with address bits above 39 set: AdEL (code %lu)",
           last.code);
    MTC0(12, sr & ~SR_KX);
    exc_reset();
    uint64_t r = kload(0x9800000000000000ull | pa);
    const uint64_t n1 = last.n, c1 = last.code, b1 = last.badvaddr;
    uint64_t d;
    __asm__ volatile("dsll32 %0, %1, 4" : "=r"(d) : "r"(1ull));
    const uint64_t k0 = kload((uint64_t)&v);
    MTC0(12, sr);
    report(n1 == 1 && c1 == EXC_ADEL, "kernel KX=0: xkphys is an address error (code %lu)", c1);
    chk("  BadVAddr", b1, 0x9800000000000000ull | pa);
    chk("  load not done", r, SENT);
    chk("kernel KX=0: 64-bit operations still execute (dsll32)", d, 1ull << 36);
    chk("kernel KX=0: kseg0 works", k0, v);
    /* CACHE, SYNC and PREF are accepted in kernel mode (DESIGN.md: "CACHE and SYNC are accepted") */
    exc_reset();
    __asm__ volatile("cache 0x14, 0(%0)\n cache 0x19, 0(%0)\n sync\n pref 0, 0(%0)" ::"r"(&v) : "memory");
    report(last.n == 0, "kernel: cache/sync/pref raise nothing (%u)", last.n);
}

/* ------------------------------------------------------------------ user / supervisor mode */

#define EXIT_MAGIC 0x5151
/* Code run in user/supervisor mode, mapped at USER_VA (useg) by the TLB. Registers: a0 ($4) in,
   v1 ($3) out; every snippet ends by branching to u_exit (syscall with v0 = EXIT_MAGIC). */
__asm__(".pushsection .text.user, \"ax\"\n"
        ".set push\n.set noreorder\n.set nomacro\n"
        ".balign 4096\n"
        ".globl user_page\nuser_page:\n"
        "u_exit: ori $2, $0, 0x5151\n"
        "u_exit_sys: syscall\n"
        "1: b 1b\n nop\n"
        ".globl u_load\nu_load: lw $3, 0($4)\n b u_exit\n nop\n"
        ".globl u_load_d\nu_load_d: ld $3, 0($4)\n b u_exit\n nop\n"
        ".globl u_cp0\nu_cp0: mfc0 $3, $12\n b u_exit\n nop\n"
        ".globl u_movn\nu_movn: ori $3, $0, 0\n ori $5, $0, 1\n movn $3, $5, $5\n b u_exit\n nop\n"
        ".globl u_daddu\nu_daddu: ori $3, $0, 0\n daddu $3, $4, $4\n b u_exit\n nop\n"
        ".globl u_syscall\nu_syscall: ori $2, $0, 1\n syscall\n b u_exit\n nop\n"
        ".globl u_break\nu_break: break\n b u_exit\n nop\n"
        ".globl u_eret\nu_eret: eret\n b u_exit\n nop\n"
        ".globl u_tlbp\nu_tlbp: tlbp\n b u_exit\n nop\n"
        ".globl u_jump\nu_jump: jr $4\n nop\n"
        ".globl u_addu\nu_addu: addu $3, $4, $4\n b u_exit\n nop\n"
        ".globl u_swl\nu_swl: swl $3, 1($4)\n b u_exit\n nop\n"
        ".globl u_sw\nu_sw: sw $3, 0($4)\n b u_exit\n nop\n"
        ".globl u_dmfc0\nu_dmfc0: dmfc0 $3, $12\n b u_exit\n nop\n"
        ".globl u_dmfc1\nu_dmfc1: dmfc1 $3, $f0\n b u_exit\n nop\n"
        ".globl u_end\nu_end:\n"
        ".set pop\n"
        ".balign 4096\n"
        ".popsection\n");
extern char user_page[], u_exit[], u_exit_sys[], u_load[], u_load_d[], u_cp0[], u_movn[], u_daddu[],
    u_syscall[], u_break[], u_eret[], u_tlbp[], u_jump[], u_addu[], u_swl[], u_sw[], u_dmfc0[],
    u_dmfc1[];

#define USER_VA 0x00400000ull
#define UDATA_VA 0x00402000ull
#define SSEG_VA 0xffffffffc0000000ull
#define UVA(sym) (USER_VA + (uint64_t)((sym) - user_page))

static uint64_t udata[1024] __attribute__((aligned(8192)));

static volatile uint64_t user_return_pc, user_v1, exit_epc, exit_status;
static volatile unsigned exits;

static void user_handler(struct exc_frame *f) {
    if (EXC_CODE(f) == EXC_SYS && f->gpr[2] == EXIT_MAGIC) {
        exits++;
        exit_epc = f->epc;
        exit_status = f->status;
        user_v1 = f->gpr[3];
        f->epc = user_return_pc;
        f->status &= ~SR_KSU_MASK; /* back to kernel mode at the eret */
        return;
    }
    capture_handler(f);
}

/* Run the snippet at user VA `entry` with Status `mode` bits (KSU, UX, SX, XX, CU0, CU1), a0 = arg,
   v1 = SENT. */
static void run_mode(uint64_t entry, uint64_t mode, uint64_t arg) {
    const uint64_t saved = MFC0(12);
    const uint64_t sr = (saved & ~(SR_KSU_MASK | SR_UX | SR_SX | SR_XX | SR_CU0 | SR_CU1 | SR_IE)) | SR_EXL | mode;
    register uint64_t a0 asm("$4") = arg;
    exits = 0;
    user_v1 = SENT;
    exc_handler = user_handler;
    __asm__ volatile(".set push\n.set noreorder\n"
                     " dla $8, 1f\n sd $8, 0(%[rp])\n"
                     " move $3, %[sent]\n"
                     " dmtc0 %[entry], $14\n"
                     " mtc0 %[sr], $12\n"
                     " nop\n eret\n"
                     "1:\n.set pop"
                     : "+r"(a0)
                     : [entry] "r"(entry), [sr] "r"(sr), [rp] "r"(&user_return_pc), [sent] "r"(SENT)
                     : "$1", "$2", "$3", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14",
                       "$15", "$24", "$25", "$31", "hi", "lo", "memory");
    exc_handler = capture_handler;
    MTC0(12, saved);
}

#define USER (SR_KSU_USER | SR_UX | SR_XX)
#define SUPER (SR_KSU_SUPER | SR_SX)

static void map_user(void) {
    tlb_init();
    const uint64_t flags = ELO_CACHED | ELO_D | ELO_V | ELO_G;
    const uint64_t cpa = KSEG0_PA(user_page), dpa = KSEG0_PA(udata);
    tlb_write_indexed(0, USER_VA, ELO_PFN(cpa) | flags, ELO_PFN(cpa + 4096) | flags, 0);
    tlb_write_indexed(1, UDATA_VA, ELO_PFN(dpa) | flags, ELO_PFN(dpa + 4096) | flags, 0);
    tlb_write_indexed(2, SSEG_VA, ELO_PFN(dpa) | flags, ELO_PFN(dpa + 4096) | flags, 0);
    udata[0] = 0x1234567887654321ull;
    udata[512] = 0xfedcba9876543210ull;
}

static void test_user(void) {
    map_user();

    /* plain run: the exit syscall comes from user mode and gets us back */
    exc_reset();
    run_mode(UVA(u_addu), USER, 21);
    chk("user: exit syscall taken", exits, 1);
    chk("user: addu ran in user mode", user_v1, 42);
    chk("user: exit syscall EPC = its user address", exit_epc, UVA(u_exit_sys));
    chk("user: Status.KSU in the handler = user (2)", exit_status & SR_KSU_MASK, SR_KSU_USER);
    report((exit_status & SR_EXL) != 0, "user: Status.EXL set in the handler");
    chk("user: back in kernel mode (KSU = 0)", MFC0(12) & (SR_KSU_MASK | SR_EXL), 0);
    report(last.n == 0, "user: no other exception (%u)", last.n);

    /* a syscall that is not the exit: recorded, returns to user mode */
    exc_reset();
    run_mode(UVA(u_syscall), USER, 0);
    report(last.n == 1 && last.code == EXC_SYS, "user: syscall ExcCode %lu", last.code);
    chk("user: syscall EPC", last.epc, UVA(u_syscall) + 4);
    chk("user: syscall Status.KSU", last.status & SR_KSU_MASK, SR_KSU_USER);
    chk("user: continued in user mode to the exit", exits, 1);

    exc_reset();
    run_mode(UVA(u_break), USER, 0);
    report(last.n == 1 && last.code == EXC_BP, "user: break ExcCode %lu", last.code);
    chk("user: break EPC", last.epc, UVA(u_break));

    /* useg data */
    exc_reset();
    run_mode(UVA(u_load), USER, UDATA_VA + 4);
    report(last.n == 0, "user: load from mapped useg: no exception (%u, code %lu)", last.n, last.code);
    chk("user: load from mapped useg", user_v1, 0xffffffff87654321ull);
    run_mode(UVA(u_load_d), USER, UDATA_VA + 4096);
    chk("user: ld from the odd page of the pair", user_v1, 0xfedcba9876543210ull);

    /* A page the TLB holds clean (D=0) and one it holds invalid (V=0), from user mode: Mod and
       TLBL at the general vector, with BadVAddr, Context and EntryHi of the address. */
    {
        const uint64_t va = 0x00480000ull, dpa = KSEG0_PA(udata);
        tlb_write_indexed(3, va, ELO_PFN(dpa) | ELO_CACHED | ELO_V | ELO_G, ELO_PFN(dpa + 4096) | ELO_CACHED | ELO_G, 0);
        exc_reset();
        run_mode(UVA(u_load), USER, va + 4096 + 8);
        report(last.n == 1 && last.code == EXC_TLBL, "user: load from an invalid page: TLBL (code %lu)", last.code);
        chk("user: invalid page: general vector", last.vector, 0x180);
        chk("user: invalid page: BadVAddr", last.badvaddr, va + 4096 + 8);
        chk("user: invalid page: Context BadVPN2", (MFC0(4) >> 4) & 0x7ffff, (va + 4096) >> 13);
        chk("user: invalid page: EntryHi VPN2", MFC0(10) & ~0x1fffull, va);
        chk("user: invalid page: XContext BadVPN2", (MFC0(20) >> 4) & 0x7fffffffull, (va + 4096) >> 13);
        chk("user: invalid page: EPC", last.epc, UVA(u_load));
        chk("user: invalid page: v1 not written", user_v1, SENT);
        exc_reset();
        run_mode(UVA(u_sw), USER, va + 16);
        report(last.n == 1 && last.code == 1, "user: store to a clean page: Mod (code %lu)", last.code);
        chk("user: clean page: BadVAddr", last.badvaddr, va + 16);
        chk("user: clean page: EntryHi VPN2", MFC0(10) & ~0x1fffull, va);
        MTC0(10, 0);
    }

    /* kseg0 is kernel only */
    const uint64_t k0 = (uint64_t)&udata[0];
    exc_reset();
    run_mode(UVA(u_load), USER, k0);
    report(last.n == 1 && last.code == EXC_ADEL, "user: load from kseg0: AdEL (code %lu)", last.code);
    chk("user: load from kseg0: BadVAddr", last.badvaddr, k0);
    chk("user: load from kseg0: EPC", last.epc, UVA(u_load));
    chk("user: load from kseg0: v1 not written", user_v1, SENT);
    exc_reset();
    run_mode(UVA(u_sw), USER, k0);
    report(last.n == 1 && last.code == EXC_ADES, "user: sw to kseg0: AdES (code %lu)", last.code);
    chk("user: sw to kseg0: BadVAddr", last.badvaddr, k0);
    /* SWL is a store: AdES with BadVAddr = the effective address (MIPS IV ISA, SWL:
       AddressTranslation(vAddr, DATA, STORE)) */
    exc_reset();
    run_mode(UVA(u_swl), USER, k0);
    report(last.n == 1 && last.code == EXC_ADES, "user: swl to kseg0: AdES (code %lu)", last.code);
    chk("user: swl to kseg0: BadVAddr = vAddr", last.badvaddr, k0 + 1);
    exc_reset();
    run_mode(UVA(u_load), USER, 0xffffffffa0000000ull | KSEG0_PA(udata));
    report(last.n == 1 && last.code == EXC_ADEL, "user: load from kseg1: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_load), USER, SSEG_VA);
    report(last.n == 1 && last.code == EXC_ADEL, "user: load from sseg: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_load), USER, 0x9800000000000000ull | KSEG0_PA(udata));
    report(last.n == 1 && last.code == EXC_ADEL, "user: load from xkphys: AdEL (code %lu)", last.code);
    /* fetch from kseg0 */
    exc_reset();
    resume_pc = UVA(u_exit);
    run_mode(UVA(u_jump), USER, (uint64_t)u_exit);
    report(last.n == 1 && last.code == EXC_ADEL, "user: jump to kseg0: AdEL (code %lu)", last.code);
    chk("user: jump to kseg0: EPC = target", last.epc, (uint64_t)u_exit);
    chk("user: jump to kseg0: BadVAddr = target", last.badvaddr, (uint64_t)u_exit);
    chk("user: jump to kseg0: exit reached after", exits, 1);

    /* CP0 instructions need CU0 in user mode */
    exc_reset();
    run_mode(UVA(u_cp0), USER, 0);
    report(last.n == 1 && last.code == EXC_CPU, "user: mfc0 with CU0=0: CpU (code %lu)", last.code);
    chk("user: mfc0 with CU0=0: CE = 0", last.ce, 0);
    chk("user: mfc0: EPC", last.epc, UVA(u_cp0));
    chk("user: mfc0: v1 not written", user_v1, SENT);
    exc_reset();
    run_mode(UVA(u_eret), USER, 0);
    report(last.n == 1 && last.code == EXC_CPU && last.ce == 0, "user: eret: CpU CE=0 (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_tlbp), USER, 0);
    report(last.n == 1 && last.code == EXC_CPU && last.ce == 0, "user: tlbp: CpU CE=0 (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_cp0), USER | SR_CU0, 0);
    report(last.n == 0, "user: mfc0 with CU0=1: no exception (%u, code %lu)", last.n, last.code);
    chk("user: mfc0 Status with CU0=1 reads KSU = user", user_v1 & (SR_KSU_MASK | SR_EXL), SR_KSU_USER);

    /* 64-bit coprocessor moves are 64-bit operations: RI in 32-bit user mode even when the
       coprocessor is usable (MIPS64 DMFC0: "If access to Coprocessor 0 is enabled but access to
       64-bit operations is not enabled, a Reserved Instruction Exception is signaled"; R10000
       manual ch. 17: in MIPS II mode "the execution of DMTC1 and DMFC1 take Reserved
       Instruction exceptions") */
    exc_reset();
    run_mode(UVA(u_dmfc0), USER | SR_CU0, 0);
    report(last.n == 0, "user UX=1, CU0=1: dmfc0 executes (%u, code %lu)", last.n, last.code);
    exc_reset();
    run_mode(UVA(u_dmfc0), SR_KSU_USER | SR_XX | SR_CU0, 0);
    report(last.n == 1 && last.code == EXC_RI, "user UX=0, CU0=1: dmfc0 is RI (%u, code %lu)", last.n, last.code);
    exc_reset();
    run_mode(UVA(u_dmfc1), USER | SR_CU1, 0);
    report(last.n == 0, "user UX=1, CU1=1: dmfc1 executes (%u, code %lu)", last.n, last.code);
    exc_reset();
    run_mode(UVA(u_dmfc1), SR_KSU_USER | SR_XX | SR_CU1, 0);
    report(last.n == 1 && last.code == EXC_RI, "user UX=0, CU1=1: dmfc1 is RI (%u, code %lu)", last.n, last.code);
    exc_reset();
    run_mode(UVA(u_dmfc1), SR_KSU_USER | SR_UX | SR_XX, 0);
    report(last.n == 1 && last.code == EXC_CPU && last.ce == 1, "user CU1=0: dmfc1 is CpU CE=1 (code %lu ce %lu)",
           last.code, last.ce);
    /* xuseg ends at 2^44 on the R10000 */
    exc_reset();
    run_mode(UVA(u_load), USER, 0x0000100000000000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "user UX=1: load from 2^44 (past xuseg): AdEL (code %lu)", last.code);
    chk("  BadVAddr", last.badvaddr, 0x0000100000000000ull);

    /* MIPS IV instructions need Status.XX in user mode */
    exc_reset();
    run_mode(UVA(u_movn), SR_KSU_USER | SR_UX, 0);
    report(last.n == 1 && last.code == EXC_RI, "user without XX: movn RI (code %lu)", last.code);
    chk("user without XX: movn EPC", last.epc, UVA(u_movn) + 8);
    chk("user without XX: movn did not move", user_v1, 0);
    exc_reset();
    run_mode(UVA(u_movn), SR_KSU_USER | SR_UX | SR_XX, 0);
    report(last.n == 0, "user with XX: movn executes (%u exceptions)", last.n);
    chk("user with XX: movn moved", user_v1, 1);

    /* 32-bit user mode */
    exc_reset();
    run_mode(UVA(u_daddu), SR_KSU_USER | SR_XX, 5);
    report(last.n == 1 && last.code == EXC_RI, "user UX=0: daddu RI (code %lu)", last.code);
    chk("user UX=0: daddu EPC", last.epc, UVA(u_daddu) + 4);
    exc_reset();
    run_mode(UVA(u_load_d), SR_KSU_USER | SR_XX, UDATA_VA);
    report(last.n == 1 && last.code == EXC_RI, "user UX=0: ld RI (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_daddu), SR_KSU_USER | SR_UX | SR_XX, 5);
    report(last.n == 0, "user UX=1: daddu executes (%u)", last.n);
    chk("user UX=1: daddu result", user_v1, 10);
    exc_reset();
    run_mode(UVA(u_load), SR_KSU_USER | SR_XX, UDATA_VA + 4);
    report(last.n == 0, "user UX=0: useg load works (%u, code %lu)", last.n, last.code);
    chk("user UX=0: useg load value", user_v1, 0xffffffff87654321ull);
    exc_reset();
    run_mode(UVA(u_load), SR_KSU_USER | SR_XX, 0x80000000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "user UX=0: load from 0x80000000: AdEL (code %lu)", last.code);
    chk("user UX=0: load from 0x80000000: BadVAddr", last.badvaddr, 0x80000000ull);
    exc_reset();
    run_mode(UVA(u_load), SR_KSU_USER | SR_XX, 0x100000000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "user UX=0: load from 0x100000000: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_load), SR_KSU_USER | SR_UX | SR_XX, 0x80000000ull);
    report(last.n == 1 && last.code == EXC_TLBL, "user UX=1: unmapped 0x80000000 is xuseg: TLBL (code %lu)",
           last.code);
    chk("user UX=1: xuseg miss goes to the XTLB refill vector", last.vector, 0x080);
}

static void test_supervisor(void) {
    map_user();
    exc_reset();
    run_mode(UVA(u_load), SUPER, SSEG_VA + 4);
    report(last.n == 0, "supervisor: load from mapped sseg: no exception (%u, code %lu)", last.n, last.code);
    chk("supervisor: load from sseg", user_v1, 0xffffffff87654321ull);
    chk("supervisor: Status.KSU in the handler = supervisor (1)", exit_status & SR_KSU_MASK, SR_KSU_SUPER);
    exc_reset();
    run_mode(UVA(u_load), SUPER, UDATA_VA + 4);
    chk("supervisor: load from suseg", user_v1, 0xffffffff87654321ull);
    exc_reset();
    run_mode(UVA(u_load), SUPER, (uint64_t)&udata[0]);
    report(last.n == 1 && last.code == EXC_ADEL, "supervisor: load from kseg0: AdEL (code %lu)", last.code);
    chk("supervisor: load from kseg0: BadVAddr", last.badvaddr, (uint64_t)&udata[0]);
    exc_reset();
    run_mode(UVA(u_load), SUPER, 0xffffffffe0000000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "supervisor: load from kseg3: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_cp0), SUPER, 0);
    report(last.n == 1 && last.code == EXC_CPU && last.ce == 0, "supervisor: mfc0 with CU0=0: CpU CE=0 (code %lu)",
           last.code);
    exc_reset();
    run_mode(UVA(u_movn), SUPER, 0);
    report(last.n == 0, "supervisor without XX: movn executes (XX only gates user mode)");
    chk("supervisor: movn moved", user_v1, 1);
    exc_reset();
    run_mode(UVA(u_load), SUPER, 0xc000000000010000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "supervisor: load from xkseg: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_load), SUPER, 0x4000000000010000ull);
    report(last.n == 1 && last.code == EXC_TLBL, "supervisor SX=1: unmapped xsseg: TLBL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_load), SR_KSU_SUPER, 0x4000000000010000ull);
    report(last.n == 1 && last.code == EXC_ADEL, "supervisor SX=0: xsseg: AdEL (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_daddu), SR_KSU_SUPER, 7);
    report(last.n == 1 && last.code == EXC_RI, "supervisor SX=0: daddu RI (code %lu)", last.code);
    exc_reset();
    run_mode(UVA(u_daddu), SUPER, 7);
    chk("supervisor SX=1: daddu result", user_v1, 14);
}

int main(void) {
    exc_handler = capture_handler;
    test_syscall_break();
    test_delay_slot();
    test_restart_from_branch();
    test_fetch_error();
    test_reserved();
    test_cop_unusable();
    test_kernel_segments();
    test_user();
    test_supervisor();
    exc_handler = 0;
    return report_summary();
}
