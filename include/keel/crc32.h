/* CRC-32 (IEEE 802.3, reflected, as zlib computes it). */
#ifndef KEEL_CRC32_H
#define KEEL_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_compute(const void *data, size_t len);

#endif
