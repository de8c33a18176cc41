/* Trapped load/store decoding: see mmio.h. */
#include "mmio.h"

#define ISS_ISV (1ull << 24)
#define ISS_SSE (1ull << 21)
#define ISS_SF  (1ull << 15)
#define ISS_WNR (1ull << 6)
#define ESR_IL  (1ull << 25)

int mmio_decode(uint64_t esr, struct mmio_access *a)
{
    if ((esr & ISS_ISV) == 0 || (esr & ESR_IL) == 0) {
        return -1;
    }
    a->size = 1u << ((esr >> 22) & 3);
    a->reg = (unsigned)(esr >> 16) & 31;
    a->write = (esr & ISS_WNR) != 0;
    a->sign_extend = (esr & ISS_SSE) != 0;
    a->reg64 = (esr & ISS_SF) != 0;
    return 0;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

uint64_t mmio_store_value(const struct mmio_access *a, uint64_t reg_value)
{
    return (a->reg == 31 ? 0 : reg_value) & size_mask(a->size);
}

uint64_t mmio_load_result(const struct mmio_access *a, uint64_t loaded)
{
    uint64_t v = loaded & size_mask(a->size);

    if (a->sign_extend && a->size < 8 && (v >> (8 * a->size - 1)) & 1) {
        v |= ~size_mask(a->size);
    }
    return a->reg64 ? v : (v & 0xffffffffull);
}

uint64_t mmio_value_to_store(const struct mmio_access *a, const uint64_t *x)
{
    return (a->write && a->reg != 31) ? mmio_store_value(a, x[a->reg]) : 0;
}

void mmio_complete(const struct mmio_access *a, uint64_t loaded, uint64_t *x)
{
    if (!a->write && a->reg != 31) {
        x[a->reg] = mmio_load_result(a, loaded);
    }
}
