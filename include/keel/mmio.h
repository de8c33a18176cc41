/* Device register access. Every access is a single, non-merged load or
 * store through a volatile pointer to an identity-mapped device page. */
#ifndef KEEL_MMIO_H
#define KEEL_MMIO_H

#include <keel/types.h>

static inline volatile uint32_t *mmio32(paddr_t base, uint64_t off)
{
    return (volatile uint32_t *)(uintptr_t)(pa_addr(base) + off);
}

static inline uint32_t mmio_read32(paddr_t base, uint64_t off)
{
    return *mmio32(base, off);
}

static inline void mmio_write32(paddr_t base, uint64_t off, uint32_t v)
{
    *mmio32(base, off) = v;
}

static inline uint8_t mmio_read8(paddr_t base, uint64_t off)
{
    return *(volatile uint8_t *)(uintptr_t)(pa_addr(base) + off);
}

static inline void mmio_write8(paddr_t base, uint64_t off, uint8_t v)
{
    *(volatile uint8_t *)(uintptr_t)(pa_addr(base) + off) = v;
}

static inline uint64_t mmio_read64(paddr_t base, uint64_t off)
{
    return *(volatile uint64_t *)(uintptr_t)(pa_addr(base) + off);
}

static inline void mmio_write64(paddr_t base, uint64_t off, uint64_t v)
{
    *(volatile uint64_t *)(uintptr_t)(pa_addr(base) + off) = v;
}

#endif
