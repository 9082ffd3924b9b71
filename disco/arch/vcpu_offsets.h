/* Offsets in struct vcpu (vm/vm.h) for the exception entry's refill fast path; vm.c checks
   them with static assertions. */
#ifndef DISCO_VCPU_OFFSETS_H
#define DISCO_VCPU_OFFSETS_H
#define VCPU_L2TLB 0x138
#define VCPU_L2BASE 0x140
#define VCPU_PMAP 0x148
#define VCPU_MEM 0x150
#define VCPU_CP0 0x158
#define VCPU_ENTRYHI (VCPU_CP0 + 10 * 8)
#define VCPU_STATUS (VCPU_CP0 + 12 * 8)
#define VCPU_CAUSE (VCPU_CP0 + 13 * 8)
#define VCPU_EPC (VCPU_CP0 + 14 * 8)
#define VCPU_PRIV_PAGE (VCPU_CP0 + 32 * 8)
#define VCPU_NESTED (VCPU_PRIV_PAGE + 8)
#define VCPU_FAST_ERETS (VCPU_PRIV_PAGE + 16)
#define VCPU_FAST_CP0 (VCPU_PRIV_PAGE + 24)
#define VCPU_FAST_HCALLS (VCPU_PRIV_PAGE + 32)
#define VCPU_FAST_TLBW (VCPU_PRIV_PAGE + 40)
#define VCPU_TLB (VCPU_PRIV_PAGE + 48) /* struct vtlb_entry[64]: hi, lo0, lo1, mask */
#define VCPU_VTLB_HEAD 2696 /* uint8_t[256]: the virtual TLB's index (vm/emulate.c) */
#define VCPU_VTLB_NEXT (VCPU_VTLB_HEAD + 256) /* uint8_t[64] */
#define VCPU_VTLB_PREV (VCPU_VTLB_HEAD + 320) /* uint8_t[64] */
#define VCPU_VTLB_LARGE 3080 /* uint32_t */
#define VCPU_PRIV_CACHED 3088 /* CACHED(priv_page) */
#define VCPU_FETCH 3096 /* uint64_t[8][2]: EPC, its cached xkphys address */
#endif
