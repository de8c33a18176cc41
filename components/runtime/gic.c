/*
 * The partition's virtual GIC, seen from a native component: where it is
 * (KEEL_HC_GIC_INFO), bringing up a vCPU's CPU interface, configuring one
 * interrupt, acknowledging and ending one. GICv3 uses the system-register
 * CPU interface, the distributor and one redistributor frame per vCPU;
 * GICv2 the distributor and the memory-mapped CPU interface (GICC).
 *
 * Interrupts go in group 1 on GICv3 and in group 0 on GICv2 (where group 0
 * is signalled as IRQ while GICC_CTLR.FIQEn is 0), so that on both the
 * component takes them at its IRQ vector.
 */
#include "keel.h"
#include "runtime_internal.h"

#include <keel/aarch64/sysreg.h>

#define GICD_CTLR         0x0000
#define GICD_IGROUPR      0x0080
#define GICD_ISENABLER    0x0100
#define GICD_ICENABLER    0x0180
#define GICD_ISPENDR      0x0200
#define GICD_IPRIORITYR   0x0400
#define GICD_ITARGETSR    0x0800
#define GICD_IROUTER      0x6000
#define GICD_CTLR_V2_EN   (1u << 0)
#define GICD_CTLR_V3_G1EN (1u << 1)
#define GICD_CTLR_V3_ARE  (1u << 4)
#define GICD_CTLR_RWP     (1u << 31)

#define GICR_FRAME_SIZE   0x20000ull /* RD_base + SGI_base, per vCPU */
#define GICR_SGI_BASE     0x10000ull
#define GICR_WAKER        0x0014
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008

#define ICC_SRE_SRE     (1u << 0)
#define IRQ_PRIORITY    0xa0
#define LOWEST_PRIORITY 0xff
#define POLL_LIMIT      100000u

struct runtime_gic runtime_gic;

static bool vcpu_ready[KEEL_MAX_VCPUS];
static uint32_t config_lock; /* read-modify-writes of shared GICD words */

/* Device accesses as single plain loads and stores of one register, base
 * register only: Keel emulates GICD and GICR from the trap syndrome, which
 * describes only such accesses. */
static uint32_t gic_read32(uint64_t addr)
{
    uint32_t v;
    __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    return v;
}

static void gic_write32(uint64_t addr, uint32_t v)
{
    __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static void gic_write8(uint64_t addr, uint8_t v)
{
    __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static void gic_write64(uint64_t addr, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static void lock_config(void)
{
    while (__atomic_exchange_n(&config_lock, 1u, __ATOMIC_ACQUIRE) != 0) {
    }
}

static void unlock_config(void)
{
    __atomic_store_n(&config_lock, 0u, __ATOMIC_RELEASE);
}

static uint64_t redist(unsigned vcpu)
{
    return runtime_gic.cpu_base + vcpu * GICR_FRAME_SIZE;
}

static int gicv3_init_cpu(unsigned vcpu)
{
    uint64_t rd = redist(vcpu);

    write_sysreg_s(ICC_SRE_EL1, read_sysreg_s(ICC_SRE_EL1) | ICC_SRE_SRE);
    isb();
    if ((read_sysreg_s(ICC_SRE_EL1) & ICC_SRE_SRE) == 0) {
        return KEEL_E_NOT_SUPPORTED;
    }
    gic_write32(rd + GICR_WAKER, gic_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
    unsigned polls = 0;
    while (gic_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) {
        if (++polls == POLL_LIMIT) {
            return KEEL_E_NOT_SUPPORTED;
        }
    }
    write_sysreg_s(ICC_PMR_EL1, LOWEST_PRIORITY);
    write_sysreg_s(ICC_BPR1_EL1, 0);
    write_sysreg_s(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR drops and deactivates */
    write_sysreg_s(ICC_IGRPEN1_EL1, 1);
    isb();
    return 0;
}

static int gicv2_init_cpu(void)
{
    gic_write32(runtime_gic.cpu_base + GICC_PMR, LOWEST_PRIORITY);
    gic_write32(runtime_gic.cpu_base + GICC_BPR, 0);
    gic_write32(runtime_gic.cpu_base + GICC_CTLR, 1); /* EnableGrp0; FIQEn 0; EOImode 0 */
    return 0;
}

static void enable_distributor(void)
{
    uint32_t bits =
        runtime_gic.version == 3 ? GICD_CTLR_V3_G1EN | GICD_CTLR_V3_ARE : GICD_CTLR_V2_EN;

    lock_config();
    gic_write32(runtime_gic.gicd + GICD_CTLR,
                (gic_read32(runtime_gic.gicd + GICD_CTLR) & ~GICD_CTLR_RWP) | bits);
    for (unsigned polls = 0; runtime_gic.version == 3 && polls < POLL_LIMIT; polls++) {
        if ((gic_read32(runtime_gic.gicd + GICD_CTLR) & GICD_CTLR_RWP) == 0) {
            break; /* the write took effect */
        }
    }
    unlock_config();
}

int keel_gic_init(void)
{
    struct keel_hvc_result info = keel_hvc(KEEL_HC_GIC_INFO, 0, 0, 0, 0, 0, 0, 0);
    unsigned vcpu = runtime_vcpu();

    if ((int64_t)info.x0 < 0) {
        return (int)(int64_t)info.x0;
    }
    if (info.x0 != 2 && info.x0 != 3) {
        return KEEL_E_NOT_SUPPORTED;
    }
    struct keel_hvc_result self = keel_hvc(KEEL_HC_SELF, 0, 0, 0, 0, 0, 0, 0);
    if (self.x1 != vcpu || vcpu >= KEEL_MAX_VCPUS) {
        return KEEL_E_INVALID; /* TPIDR_EL1 was changed behind the runtime's back */
    }
    runtime_gic.gicd = info.x1;
    runtime_gic.cpu_base = info.x2;
    runtime_gic.version = (unsigned)info.x0;
    int rc = runtime_gic.version == 3 ? gicv3_init_cpu(vcpu) : gicv2_init_cpu();
    if (rc != 0) {
        return rc;
    }
    if (vcpu == 0) {
        enable_distributor();
    }
    vcpu_ready[vcpu] = true;
    return 0;
}

unsigned keel_gic_version(void)
{
    return runtime_gic_ready() ? runtime_gic.version : 0;
}

bool runtime_gic_ready(void)
{
    return vcpu_ready[runtime_vcpu()];
}

/* The frame holding intid's configuration registers: the vCPU's own SGI
 * frame for a GICv3 SGI or PPI, the distributor otherwise (GICv2 banks
 * the distributor's registers of 0..31 per CPU). */
static uint64_t config_frame(uint32_t intid, unsigned vcpu)
{
    if (runtime_gic.version == 3 && intid < 32) {
        return redist(vcpu) + GICR_SGI_BASE;
    }
    return runtime_gic.gicd;
}

static void set_group(uint64_t frame, uint32_t intid)
{
    uint64_t reg = frame + GICD_IGROUPR + 4ull * (intid / 32);
    uint32_t bit = 1u << (intid % 32);
    uint32_t v = gic_read32(reg);

    gic_write32(reg, runtime_gic.version == 3 ? v | bit : v & ~bit);
}

int keel_irq_enable(uint32_t intid)
{
    unsigned vcpu = runtime_vcpu();

    if (intid >= KEEL_IRQ_LIMIT || !runtime_gic_ready()) {
        return KEEL_E_INVALID;
    }
    uint64_t frame = config_frame(intid, vcpu);
    lock_config();
    set_group(frame, intid);
    gic_write8(frame + GICD_IPRIORITYR + intid, IRQ_PRIORITY);
    if (intid >= 32 && runtime_gic.version == 3) {
        gic_write64(runtime_gic.gicd + GICD_IROUTER + 8ull * intid, vcpu); /* Aff0 = vCPU, IRM 0 */
    } else if (intid >= 32) {
        gic_write8(runtime_gic.gicd + GICD_ITARGETSR + intid, (uint8_t)(1u << vcpu));
    }
    unlock_config();
    gic_write32(frame + GICD_ISENABLER + 4ull * (intid / 32), 1u << (intid % 32));
    return 0;
}

int keel_irq_disable(uint32_t intid)
{
    if (intid >= KEEL_IRQ_LIMIT || !runtime_gic_ready()) {
        return KEEL_E_INVALID;
    }
    uint64_t frame = config_frame(intid, runtime_vcpu());
    gic_write32(frame + GICD_ICENABLER + 4ull * (intid / 32), 1u << (intid % 32));
    return 0;
}

void keel_irq_priority_mask(uint8_t mask)
{
    if (runtime_gic.version == 3) {
        write_sysreg_s(ICC_PMR_EL1, mask);
        __asm__ volatile("isb" ::: "memory");
    } else if (runtime_gic.version == 2) {
        gic_write32(runtime_gic.cpu_base + GICC_PMR, mask);
    }
}

int keel_irq_set_pending(uint32_t intid)
{
    if (intid < 16 || intid >= KEEL_IRQ_LIMIT || !runtime_gic_ready()) {
        return KEEL_E_INVALID;
    }
    uint64_t frame = config_frame(intid, runtime_vcpu());
    gic_write32(frame + GICD_ISPENDR + 4ull * (intid / 32), 1u << (intid % 32));
    return 0;
}

#define GICD_SGIR 0x0f00

int keel_sgi_send(uint32_t sgi, unsigned vcpu)
{
    if (sgi >= 16 || vcpu >= KEEL_MAX_VCPUS || runtime_gic.version == 0) {
        return KEEL_E_INVALID;
    }
    __asm__ volatile("dsb ishst" ::: "memory");
    if (runtime_gic.version == 3) {
        /* Aff3.Aff2.Aff1 = 0, target list bit = Aff0 = the vCPU index */
        uint64_t v = (uint64_t)sgi << 24 | (uint64_t)(vcpu / 16) << 44 | (1ull << (vcpu % 16));
        write_sysreg_s(ICC_SGI1R_EL1, v);
        __asm__ volatile("isb" ::: "memory");
    } else {
        gic_write32(runtime_gic.gicd + GICD_SGIR, (1u << (16 + vcpu)) | sgi);
    }
    return 0;
}
