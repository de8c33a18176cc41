/* Decoding a trapped load or store from its syndrome (ESR_EL2.ISS) so the
 * access can be emulated. Pure logic: unit tested on the host. */
#ifndef KEEL_MMIO_DECODE_H
#define KEEL_MMIO_DECODE_H

#include <keel/types.h>

struct mmio_access {
    unsigned size; /* bytes: 1, 2, 4 or 8 */
    unsigned reg;  /* the general register (31: xzr/wzr) */
    bool write;
    bool sign_extend;
    bool reg64; /* the register is an X register (else W) */
};

/* Returns 0, or -1 if the syndrome does not describe the access (ISV = 0:
 * e.g. load/store pair, writeback, SIMD registers), or it is not a 32-bit
 * instruction. Such an access cannot be emulated. */
int mmio_decode(uint64_t esr, struct mmio_access *a);

/* The value a store writes, taken from the register and cut to the size. */
uint64_t mmio_store_value(const struct mmio_access *a, uint64_t reg_value);

/* The value a load leaves in the register: sign- or zero-extended from the
 * access size, then cut to 32 bits for a W register. */
uint64_t mmio_load_result(const struct mmio_access *a, uint64_t loaded);

/* The value an access stores, from the guest's registers x[0..30]: xzr
 * stores 0; a load stores nothing (0). */
uint64_t mmio_value_to_store(const struct mmio_access *a, const uint64_t *x);

/* Completes an emulated access in the guest's registers x[0..30]: a load
 * leaves its result in its register (none for xzr); a store changes
 * nothing. */
void mmio_complete(const struct mmio_access *a, uint64_t loaded, uint64_t *x);

#endif
