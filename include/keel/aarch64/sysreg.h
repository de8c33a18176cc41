/* System register access and the bits Keel uses. */
#ifndef KEEL_AARCH64_SYSREG_H
#define KEEL_AARCH64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                                             \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                                                \
        v_;                                                                                        \
    })
#define write_sysreg(r, v)                                                                         \
    do {                                                                                           \
        uint64_t w_ = (uint64_t)(v);                                                               \
        __asm__ volatile("msr " #r ", %0" : : "r"(w_));                                            \
    } while (0)

#define isb()    __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfe()    __asm__ volatile("wfe" ::: "memory")
#define wfi()    __asm__ volatile("wfi" ::: "memory")
#define sev()    __asm__ volatile("sev" ::: "memory")

/* GICv3 CPU interface registers by encoding, so any assembler takes them. */
#define ICC_SRE_EL2     S3_4_C12_C9_5
#define ICC_SRE_EL1     S3_0_C12_C12_5
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_BPR1_EL1    S3_0_C12_C12_3
#define ICC_CTLR_EL1    S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_DIR_EL1     S3_0_C12_C11_1
#define ICC_SGI1R_EL1   S3_0_C12_C11_5
#define ICH_HCR_EL2     S3_4_C12_C11_0
#define ICH_VTR_EL2     S3_4_C12_C11_1

#define read_sysreg_s(r)     read_sysreg(r)
#define write_sysreg_s(r, v) write_sysreg(r, v)

/* SCTLR_EL2 */
#define SCTLR_M   (1ul << 0)
#define SCTLR_A   (1ul << 1)
#define SCTLR_C   (1ul << 2)
#define SCTLR_SA  (1ul << 3)
#define SCTLR_I   (1ul << 12)
#define SCTLR_WXN (1ul << 19)
#define SCTLR_EL2_RES1                                                                             \
    ((3ul << 4) | (1ul << 11) | (1ul << 16) | (1ul << 18) | (3ul << 22) | (3ul << 28))

/* HCR_EL2 */
#define HCR_TVM (1ul << 26) /* EL1 writes to the translation registers trap */
#define HCR_RW  (1ul << 31)

/* CPTR_EL2 (non-VHE): RES1 bits, TFP (bit 10) left 0 so FP/SIMD does not trap */
#define CPTR_EL2_RES1 0x33ffu

/* CNTHCTL_EL2 */
#define CNTHCTL_EL1PCTEN (1ul << 0)
#define CNTHCTL_EL1PCEN  (1ul << 1)
#define CNTHCTL_EVNTEN   (1ul << 2)
#define CNTHCTL_EVNTI(n) ((uint64_t)(n) << 4)

/* CNTHP_CTL_EL2 / CNTV_CTL */
#define CNT_CTL_ENABLE  (1ul << 0)
#define CNT_CTL_IMASK   (1ul << 1)
#define CNT_CTL_ISTATUS (1ul << 2)

/* DAIF */
#define DAIF_IRQ (1ul << 7)

#define MPIDR_AFF_MASK 0xff00ffffffull

#endif
