/* The Disco guest ABI: the one definition of hypercall numbers and arguments, the relocated
   kernel addresses and the privileged-register page, included by the monitor, the test guests
   and the Linux patches (docs/guest-abi.md explains it for someone porting a kernel). */
#ifndef DISCO_ABI_H
#define DISCO_ABI_H

/* ---- Address space of a guest kernel (it runs in supervisor mode) ----
   Guest-physical address P is reached at DISCO_KSEG + P (the 512 MiB sseg window; what kseg0
   is natively) and at DISCO_DIRECT_MAP + P (xsseg; what xkphys is natively). Guest kernels
   are linked at DISCO_KSEG + their native physical load address. */
#define DISCO_KSEG 0xFFFFFFFFC0000000ull
#define DISCO_KSEG_SIZE 0x20000000ull
#define DISCO_DIRECT_MAP 0x4000000000000000ull
/* The guest's exception vectors (what 0xFFFFFFFF80000000 + offset is natively). */
#define DISCO_VECTOR_BASE DISCO_KSEG

/* ---- Hypercalls: `syscall` with this code field, issued in virtual kernel mode ----
   Number in v0 ($2), arguments in a0..a3 ($4..$7), result in v0: >= 0 success, < 0 an error
   below. A syscall with another code, or from virtual user mode, is the guest's own. */
#define DISCO_HCALL_CODE 0xD15C0 /* bits 25:6 of the instruction: syscall 0xd15c0 */

#define HC_PUTC 1         /* a0 = byte: to this VM's console */
#define HC_SHUTDOWN 2     /* a0 = status: the VM halts (all its vCPUs); status 0 = success */
#define HC_IDLE 3         /* deschedule this vCPU until an interrupt is pending for it */
#define HC_ZERO_PAGE 4    /* a0 = guest-physical page address: make it a zeroed page (a freed
                             page is the guest's again after this) */
#define HC_FREE_PAGE 5    /* a0 = guest-physical page address: the guest is done with it; the
                             monitor takes its machine page back. Its contents are gone, and the
                             guest must not touch it again before HC_ZERO_PAGE on it (a touch
                             before that gets a page of unspecified contents, never another
                             VM's). Freeing is advice: it may keep the page (returns 0 anyway) */
#define HC_SET_TIMER 6    /* a0 = virtual Count value at which IP7 is raised */
#define HC_CONSOLE_WRITE 7 /* a0 = guest virtual address, a1 = length: bytes to the console */
#define HC_VCPU_START 8   /* a0 = vCPU number, a1 = pc, a2 = sp, a3 = a0 for it */
#define HC_VCPU_ID 9      /* returns this vCPU's number */
#define HC_VM_INFO 10     /* a0 = 0: number of vCPUs; 1: guest-physical memory bytes; 2: VM number;
                             3: disk sectors (0: no disk); 4: bytes of its memory that have
                             machine memory now (less what it freed) */
#define HC_DISK_READ 11   /* a0 = first sector, a1 = guest-physical address, a2 = sectors: disk -> memory */
#define HC_DISK_WRITE 12  /* a0 = first sector, a1 = guest-physical address, a2 = sectors: memory -> disk */
#define DISCO_SECTOR 512
#define HC_TLB_UPDATE 13  /* a0 = EntryHi, a1 = EntryLo0, a2 = EntryLo1 (4 KiB pages): what
                             EntryHi/EntryLo/PageMask writes, TLBP and TLBWI-if-found-else-TLBWR
                             do, in one call; returns the index written */


#define HC_ENOSYS (-1) /* no such hypercall */
#define HC_EINVAL (-2) /* a bad argument */
#define HC_EFAULT (-3) /* an address outside the guest's memory */

/* ---- The privileged-register page ----
   One page per vCPU, mapped at DISCO_PRIV_PAGE in the guest: the patched kernel reads the hot
   virtual CP0 registers with plain loads, and may store EPC there instead of DMTC0 (the
   monitor takes it at the next trap, e.g. the ERET). Stores to other slots are overwritten
   when the monitor next refreshes the page. 64-bit slots: */
#define DISCO_PRIV_PAGE 0xFFFFFFFFDFFFF000ull
#define PRIV_STATUS 0x00
#define PRIV_CAUSE 0x08
#define PRIV_EPC 0x10
#define PRIV_BADVADDR 0x18
#define PRIV_ENTRYHI 0x20
#define PRIV_CONTEXT 0x28
#define PRIV_XCONTEXT 0x30
#define PRIV_COUNT 0x38
#define PRIV_COMPARE 0x40
#define PRIV_VCPU 0x48
#define PRIV_ENTRYLO0 0x50
#define PRIV_ENTRYLO1 0x58
/* A deferred HC_TLB_UPDATE: the kernel stores EntryHi, EntryLo0, EntryLo1 in these slots and
   then a nonzero PRIV_TLB_PENDING; the monitor does HC_TLB_UPDATE(hi, lo0, lo1) (all of it but
   the result in v0) at the vCPU's next exception the monitor handles other than a TLB refill
   (typically the ERET that ends the kernel's fault handler; also any other privileged
   instruction, hypercall or interrupt), before what that exception does, and zeroes
   PRIV_TLB_PENDING. TLB refills the monitor serves on its own do not apply it. Until then the
   update is not in effect: the kernel must not rely on it, nor touch those pages, before it
   returns with ERET. It saves the hypercall's trap when the kernel returns right after. */
#define PRIV_TLB_HI 0x60
#define PRIV_TLB_LO0 0x68
#define PRIV_TLB_LO1 0x70
#define PRIV_TLB_PENDING 0x78

#endif
