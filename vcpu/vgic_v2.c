/* GICv2 virtual CPU interface: the GICH registers. */
#include "vgic_hw_impl.h"

#include <keel/mmio.h>

#define GICH_HCR     0x000
#define GICH_VTR     0x004
#define GICH_VMCR    0x008
#define GICH_ELRSR0  0x030
#define GICH_APR     0x0f0
#define GICH_LR(n)   (0x100 + 4 * (n))
#define GICH_HCR_EN  (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define LR_HW        (1u << 31)
#define LR_GROUP1    (1u << 30)
#define LR_EOI       (1u << 19) /* HW = 0 only */
#define LR_PENDING   (1u << 28) /* State bit 0 */

static paddr_t gich;
static unsigned nr_lrs;  /* GICH_VTR.ListRegs + 1 */
static uint32_t lr_mask; /* one bit for each of them */

void vgic_v2_init(paddr_t base)
{
    gich = base;
    nr_lrs = (mmio_read32(gich, GICH_VTR) & 0x3f) + 1;
    if (nr_lrs > VGIC_MAX_LRS) {
        nr_lrs = VGIC_MAX_LRS;
    }
    lr_mask = (1u << nr_lrs) - 1;
}

static unsigned v2_count(void)
{
    return nr_lrs;
}

static uint32_t v2_empty(void)
{
    return mmio_read32(gich, GICH_ELRSR0);
}

static uint64_t v2_get(unsigned n)
{
    return mmio_read32(gich, GICH_LR(n));
}

static void v2_set(unsigned n, uint64_t v)
{
    mmio_write32(gich, GICH_LR(n), (uint32_t)v);
}

static struct vgic_lr v2_decode(uint64_t value)
{
    uint32_t v = (uint32_t)value;
    bool hw = (v & LR_HW) != 0;

    return (struct vgic_lr){
        .intid = v & 0x3ff,
        .hw = hw,
        .pintid = hw ? (v >> 10) & 0x3ff : 0,
        .source = hw ? 0 : (uint8_t)((v >> 10) & 7),
        .eoi = !hw && (v & LR_EOI) != 0,
        .priority = (uint8_t)(((v >> 23) & 0x1f) << 3),
        .state = (uint8_t)((v >> 28) & 3),
        .group1 = (v & LR_GROUP1) != 0,
    };
}

static struct vgic_lr v2_read(unsigned n)
{
    return v2_decode(mmio_read32(gich, GICH_LR(n)));
}

static uint64_t v2_encode(struct vgic_lr lr)
{
    uint32_t v = 0;

    if (lr.state != VGIC_LR_INVALID) {
        v = (lr.intid & 0x3ff) | (uint32_t)(lr.priority >> 3) << 23 | (uint32_t)lr.state << 28 |
            (lr.group1 ? LR_GROUP1 : 0);
        v |= lr.hw ? (LR_HW | (lr.pintid & 0x3ff) << 10) : (uint32_t)(lr.source & 7) << 10;
        v |= (!lr.hw && lr.eoi) ? LR_EOI : 0;
    }
    return v;
}

static void v2_write(unsigned n, struct vgic_lr lr)
{
    v2_set(n, v2_encode(lr));
}

static void v2_underflow(bool enable)
{
    uint32_t hcr = mmio_read32(gich, GICH_HCR);
    uint32_t want = enable ? (hcr | GICH_HCR_UIE) : (hcr & ~GICH_HCR_UIE);

    if (want != hcr) {
        mmio_write32(gich, GICH_HCR, want);
    }
}

const struct vgic_lr_ops vgic_v2_ops = {v2_count,  v2_read, v2_write, v2_underflow, v2_empty,
                                        v2_encode, v2_get,  v2_set,   LR_PENDING,   LR_HW | LR_EOI};

/* On a switch the LRs are reached by index from the first one's address:
 * one load or store each. LR 0 is taken apart: usually a vCPU holds one
 * interrupt at most, and the loop over the others then costs one test. */
static volatile uint32_t *v2_lrs(void)
{
    return mmio32(gich, GICH_LR(0));
}

/* A GICH register for a 64-bit field of struct vgic_cpu_regs: the word
 * load zero-extends already (GCC adds a MOV after a volatile one). */
static inline uint64_t gich_get(const volatile uint32_t *reg)
{
    uint64_t v;

    __asm__ volatile("ldr %w0, %1" : "=r"(v) : "m"(*reg));
    return v;
}

KEEL_INLINE uint32_t vgic_v2_save(struct vgic_cpu_regs *r, uint32_t used)
{
    volatile uint32_t *lr = v2_lrs();

    if (used & 1) {
        r->lr[0] = gich_get(&lr[0]);
    }
    for (uint32_t bits = used & ~1u; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        r->lr[n] = gich_get(&lr[n]);
    }
    r->hcr = gich_get(mmio32(gich, GICH_HCR));
    r->vmcr = gich_get(mmio32(gich, GICH_VMCR));
    r->apr0 = gich_get(mmio32(gich, GICH_APR));
    return ~v2_empty() & lr_mask;
}

KEEL_INLINE void vgic_v2_restore(const struct vgic_cpu_regs *r, uint32_t used, uint32_t stale)
{
    volatile uint32_t *lr = v2_lrs();
    uint32_t write = (used | stale) & lr_mask;

    if (write & 1) {
        lr[0] = (used & 1) ? (uint32_t)r->lr[0] : 0;
    }
    for (uint32_t bits = write & ~1u; bits != 0; bits &= bits - 1) {
        unsigned n = (unsigned)__builtin_ctz(bits);
        lr[n] = (used & (1u << n)) ? (uint32_t)r->lr[n] : 0;
    }
    mmio_write32(gich, GICH_APR, (uint32_t)r->apr0);
    mmio_write32(gich, GICH_VMCR, (uint32_t)r->vmcr);
    mmio_write32(gich, GICH_HCR, (uint32_t)r->hcr);
}

uint64_t vgic_v2_reset_hcr(void)
{
    return GICH_HCR_EN;
}
