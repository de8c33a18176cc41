/* CRC-32, table driven; the table is built on first use (a few thousand
 * instructions) so boot can check megabytes of images quickly. */
#include <keel/crc32.h>

static uint32_t crc_table[256];
static int crc_table_ready;

static void crc32_build_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; bit++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
        }
        crc_table[i] = c;
    }
    crc_table_ready = 1;
}

uint32_t crc32_compute(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t crc = 0xffffffffu;

    if (!crc_table_ready) {
        crc32_build_table();
    }
    for (size_t i = 0; i < len; i++) {
        crc = (crc >> 8) ^ crc_table[(crc ^ p[i]) & 0xffu];
    }
    return ~crc;
}
