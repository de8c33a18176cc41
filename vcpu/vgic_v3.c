/* GICv3 virtual CPU interface: ICH_LR<n>_EL2 and friends. */
#include "vgic_hw_impl.h"

#include <keel/aarch64/sysreg.h>

#define ICH_VMCR_EL2  S3_4_C12_C11_7
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_HCR_EN    (1ull << 0)
#define ICH_HCR_UIE   (1ull << 1)
#define LR_HW         (1ull << 61)
#define LR_GROUP1     (1ull << 60)
#define LR_EOI        (1ull << 41) /* HW = 0 only */
#define LR_PENDING    (1ull << 62) /* State bit 0 */

/* ICH_LR<n>_EL2 is S3_4_C12_C12_<n> for n < 8, S3_4_C12_C13_<n-8> above. */
#define LR_READ(n, crm, op2)                                                                       \
    case n:                                                                                        \
        return read_sysreg(S3_4_C12_##crm##_##op2)
#define LR_WRITE(n, crm, op2)                                                                      \
    case n:                                                                                        \
        write_sysreg(S3_4_C12_##crm##_##op2, v);                                                   \
        break

static inline uint64_t lr_get(unsigned n)
{
    switch (n) {
        LR_READ(0, C12, 0);
        LR_READ(1, C12, 1);
        LR_READ(2, C12, 2);
        LR_READ(3, C12, 3);
        LR_READ(4, C12, 4);
        LR_READ(5, C12, 5);
        LR_READ(6, C12, 6);
        LR_READ(7, C12, 7);
        LR_READ(8, C13, 0);
        LR_READ(9, C13, 1);
        LR_READ(10, C13, 2);
        LR_READ(11, C13, 3);
        LR_READ(12, C13, 4);
        LR_READ(13, C13, 5);
        LR_READ(14, C13, 6);
        LR_READ(15, C13, 7);
    default:
        return 0;
    }
}

static inline void lr_set(unsigned n, uint64_t v)
{
    switch (n) {
        LR_WRITE(0, C12, 0);
        LR_WRITE(1, C12, 1);
        LR_WRITE(2, C12, 2);
        LR_WRITE(3, C12, 3);
        LR_WRITE(4, C12, 4);
        LR_WRITE(5, C12, 5);
        LR_WRITE(6, C12, 6);
        LR_WRITE(7, C12, 7);
        LR_WRITE(8, C13, 0);
        LR_WRITE(9, C13, 1);
        LR_WRITE(10, C13, 2);
        LR_WRITE(11, C13, 3);
        LR_WRITE(12, C13, 4);
        LR_WRITE(13, C13, 5);
        LR_WRITE(14, C13, 6);
        LR_WRITE(15, C13, 7);
    default:
        break;
    }
}

static unsigned nr_lrs;  /* ICH_VTR_EL2.ListRegs + 1, the same on every CPU */
static uint32_t lr_mask; /* one bit an LR */

void vgic_v3_init(void)
{
    nr_lrs = (unsigned)(read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1;
    if (nr_lrs > VGIC_MAX_LRS) {
        nr_lrs = VGIC_MAX_LRS;
    }
    lr_mask = (1u << nr_lrs) - 1;
}

static unsigned v3_count(void)
{
    return nr_lrs;
}

static uint32_t v3_empty(void)
{
    return (uint32_t)read_sysreg_s(ICH_ELRSR_EL2);
}

static struct vgic_lr v3_decode(uint64_t v)
{
    bool hw = (v & LR_HW) != 0;

    return (struct vgic_lr){
        .intid = (uint32_t)v,
        .hw = hw,
        .pintid = hw ? (uint32_t)(v >> 32) & 0x3ff : 0,
        .eoi = !hw && (v & LR_EOI) != 0,
        .priority = (uint8_t)(v >> 48),
        .group1 = (v & LR_GROUP1) != 0,
        .state = (uint8_t)(v >> 62),
    };
}

static struct vgic_lr v3_read(unsigned n)
{
    return v3_decode(lr_get(n));
}

static uint64_t v3_encode(struct vgic_lr lr)
{
    uint64_t v = 0;

    if (lr.state != VGIC_LR_INVALID) {
        v = lr.intid | (uint64_t)lr.priority << 48 | (uint64_t)lr.state << 62 |
            (lr.group1 ? LR_GROUP1 : 0);
        if (lr.hw) {
            v |= LR_HW | (uint64_t)(lr.pintid & 0x3ff) << 32;
        } else if (lr.eoi) {
            v |= LR_EOI;
        }
    }
    return v;
}

static void v3_write(unsigned n, struct vgic_lr lr)
{
    lr_set(n, v3_encode(lr));
}

static void v3_underflow(bool enable)
{
    uint64_t hcr = read_sysreg_s(ICH_HCR_EL2);
    uint64_t want = enable ? (hcr | ICH_HCR_UIE) : (hcr & ~ICH_HCR_UIE);

    if (want != hcr) {
        write_sysreg_s(ICH_HCR_EL2, want);
    }
}

const struct vgic_lr_ops vgic_v3_ops = {v3_count,  v3_read, v3_write, v3_underflow, v3_empty,
                                        v3_encode, lr_get,  lr_set,   LR_PENDING,   LR_HW | LR_EOI};

/* LRs 0..3 (as many as most implementations have) by constant number, so
 * that each is one MRS or MSR; any above through the switch. */
#define LR_INLINE 4u

static inline void save_lr(struct vgic_cpu_regs *r, uint32_t used, unsigned n)
{
    if (used & (1u << n)) {
        r->lr[n] = lr_get(n);
    }
}

static inline void restore_lr(const struct vgic_cpu_regs *r, uint32_t used, uint32_t write,
                              unsigned n)
{
    if (write & (1u << n)) {
        lr_set(n, (used & (1u << n)) ? r->lr[n] : 0);
    }
}

KEEL_INLINE uint32_t vgic_v3_save(struct vgic_cpu_regs *r, uint32_t used)
{
    save_lr(r, used, 0);
    if (used > 1) { /* usually a vCPU holds one interrupt at most */
        save_lr(r, used, 1);
        save_lr(r, used, 2);
        save_lr(r, used, 3);
        for (uint32_t bits = used >> LR_INLINE; bits != 0; bits &= bits - 1) {
            unsigned n = LR_INLINE + (unsigned)__builtin_ctz(bits);
            r->lr[n] = lr_get(n);
        }
    }
    r->hcr = read_sysreg_s(ICH_HCR_EL2);
    r->vmcr = read_sysreg_s(ICH_VMCR_EL2);
    r->apr0 = read_sysreg_s(ICH_AP0R0_EL2);
    r->apr1 = read_sysreg_s(ICH_AP1R0_EL2);
    return ~v3_empty() & lr_mask;
}

KEEL_INLINE void vgic_v3_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale)
{
    uint32_t write = (used | stale) & lr_mask;

    restore_lr(r, used, write, 0);
    if (write > 1) {
        restore_lr(r, used, write, 1);
        restore_lr(r, used, write, 2);
        restore_lr(r, used, write, 3);
        for (uint32_t bits = write >> LR_INLINE; bits != 0; bits &= bits - 1) {
            unsigned n = LR_INLINE + (unsigned)__builtin_ctz(bits);
            lr_set(n, (used & (1u << n)) ? r->lr[n] : 0);
        }
    }
    write_sysreg_s(ICH_AP0R0_EL2, r->apr0);
    write_sysreg_s(ICH_AP1R0_EL2, r->apr1);
    write_sysreg_s(ICH_VMCR_EL2, r->vmcr);
    write_sysreg_s(ICH_HCR_EL2, r->hcr); /* synchronised by the ERET (vgic_hw.h) */
}

uint64_t vgic_v3_reset_hcr(void)
{
    return ICH_HCR_EN;
}
