/* The packed config and partition images the packer appended to the image
 * (include/keel/payload.h), located and checked at boot. */
#ifndef KEEL_PAYLOAD_FIND_H
#define KEEL_PAYLOAD_FIND_H

#include <keel/image.h>
#include <keel/payload.h>
#include <stddef.h>

struct payload {
    const struct keel_payload_header *hdr;
    const uint8_t *base;
    uint64_t size;
};

/* This image's info block (microvisor/image_info.c), as the packer left it. */
const struct keel_image_info *image_info(void);

/* Finds the payload of the image loaded at image_base. Returns 1 if there is
 * none, 0 if it is sound (every CRC checked), -1 with why filled if not. */
int payload_find(struct payload *p, const void *image_base, const struct keel_image_info *info,
                 char *why, size_t why_len);

/* Entry `index` if it exists and is of `kind`, else NULL. */
const void *payload_blob(const struct payload *p, int index, uint32_t kind, uint64_t *size);

#endif
