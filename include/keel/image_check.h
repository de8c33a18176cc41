/* Checks of a packed Keel image's headers, shared by the packer and tests. */
#ifndef KEEL_IMAGE_CHECK_H
#define KEEL_IMAGE_CHECK_H

#include <keel/image.h>
#include <stddef.h>

/* Returns 0 if buf (a whole image file of len bytes) has a valid arm64
 * Image header and Keel info block; otherwise -1 with why filled. */
int image_check(const void *buf, size_t len, char *why, size_t why_len);

#endif
