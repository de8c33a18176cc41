/*
 * A packed image with a payload (unit/configs/good/rich.dts and placeholder
 * images, packed at build time), read back as the microvisor will: the
 * arm64 header and Keel info, the table of contents, 4 KiB alignment, every
 * CRC, the images byte for byte, and the config blob with keel,image-index
 * in each partition. Also CRC-32 against known values.
 */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fdt_fixture.h"
#include <keel/board.h>
#include <keel/config.h>
#include <keel/crc32.h>
#include <keel/image.h>
#include <keel/image_check.h>
#include <keel/payload.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *image;
static size_t image_len;
static struct arm64_image_header header;
static struct keel_image_info info;
static struct keel_payload_header toc;

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len + 1);
    size_t got = buf != NULL ? fread(buf, 1, *len, f) : 0;
    fclose(f);
    if (got != *len) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int load(void **state)
{
    (void)state;
    image = read_all(PAYLOAD_TEST_IMAGE, &image_len);
    if (image == NULL || image_len < KEEL_IMAGE_INFO_OFFSET + sizeof(info)) {
        return -1;
    }
    memcpy(&header, image, sizeof(header));
    memcpy(&info, image + KEEL_IMAGE_INFO_OFFSET, sizeof(info));
    if (info.payload_offset + sizeof(toc) > image_len) {
        return -1;
    }
    memcpy(&toc, image + info.payload_offset, sizeof(toc));
    return 0;
}

static int unload(void **state)
{
    (void)state;
    free(image);
    return 0;
}

static const unsigned char *blob(unsigned i)
{
    return image + info.payload_offset + toc.entries[i].offset;
}

static void test_crc32_known_values(void **state)
{
    (void)state;
    assert_int_equal(crc32_compute("123456789", 9), 0xcbf43926u);
    assert_int_equal(crc32_compute("", 0), 0);
    assert_int_equal(crc32_compute("a", 1), 0xe8b7be43u);
    assert_int_equal(crc32_compute("The quick brown fox jumps over the lazy dog", 43), 0x414fa339u);
}

static void test_header_and_info(void **state)
{
    (void)state;
    char why[128];
    assert_int_equal(image_check(image, image_len, why, sizeof(why)), 0);
    assert_int_equal(header.image_size % KEEL_PAYLOAD_ALIGN, 0);
    assert_true(header.image_size >= image_len);
    assert_true(header.image_size - image_len < KEEL_PAYLOAD_ALIGN); /* the whole file, rounded */
    assert_memory_equal(info.magic, KEEL_INFO_MAGIC, 8);
    assert_int_equal(info.early_uart_kind, KEEL_UART_PL011);
    assert_int_equal(info.early_uart_base, 0x09000000);
    /* the payload follows the microvisor's memory footprint (bss included) */
    assert_true(info.microvisor_size > 0);
    assert_int_equal(info.microvisor_size % KEEL_PAYLOAD_ALIGN, 0);
    assert_int_equal(info.payload_offset, info.microvisor_size);
    assert_int_equal(info.payload_offset + info.payload_size, image_len);
}

static void test_table_of_contents(void **state)
{
    (void)state;
    static const char *const names[] = {"rich.dtb", "ctl.bin", "shared.bin", "min.bin"};
    uint64_t end = sizeof(toc);

    assert_memory_equal(toc.magic, KEEL_PAYLOAD_MAGIC, 8);
    assert_int_equal(toc.version, KEEL_PAYLOAD_VERSION);
    assert_int_equal(toc.nr_entries, 4); /* config, then one per distinct image file */
    for (unsigned i = 0; i < toc.nr_entries; i++) {
        const struct keel_payload_entry *e = &toc.entries[i];
        assert_string_equal(e->name, names[i]);
        assert_int_equal(e->kind, i == 0 ? PAYLOAD_CONFIG : PAYLOAD_IMAGE);
        assert_int_equal(e->offset % KEEL_PAYLOAD_ALIGN, 0);
        assert_true(e->offset >= end); /* in order, no overlap */
        assert_true(e->size > 0);
        assert_true(e->offset + e->size <= info.payload_size);
        end = e->offset + e->size;
    }
    assert_int_equal(end, info.payload_size);
    for (unsigned i = toc.nr_entries; i < KEEL_PAYLOAD_MAX; i++) {
        assert_int_equal(toc.entries[i].size | toc.entries[i].offset | toc.entries[i].kind, 0);
    }
}

static void test_every_crc(void **state)
{
    (void)state;
    for (unsigned i = 0; i < toc.nr_entries; i++) {
        assert_int_equal(crc32_compute(blob(i), toc.entries[i].size), toc.entries[i].crc32);
    }
}

static void test_images_as_packed(void **state)
{
    (void)state;
    for (unsigned i = 1; i < toc.nr_entries; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", PAYLOAD_IMAGE_DIR, toc.entries[i].name);
        unsigned char *file = read_all(path, &len);
        assert_non_null(file);
        assert_int_equal(toc.entries[i].size, len);
        assert_memory_equal(blob(i), file, len);
        free(file);
    }
}

static void check_image_index(const void *cfg, const char *name, uint32_t index)
{
    char path[64];
    int len;
    snprintf(path, sizeof(path), "/partitions/%s", name);
    int node = fdt_path_offset(cfg, path);
    assert_true(node >= 0);
    const fdt32_t *p = fdt_getprop(cfg, node, "keel,image-index", &len);
    assert_non_null(p);
    assert_int_equal(len, 4);
    assert_int_equal(fdt32_to_cpu(*p), index);
}

static void test_config_blob(void **state)
{
    (void)state;
    static struct config cfg;
    struct board board;
    struct board_error err;
    size_t len;
    void *board_fdt = fixture_load_dtb(VIRT_GICV3_DTB, 0, &len);
    const void *c = blob(0);

    assert_int_equal(fdt_check_full(c, toc.entries[0].size), 0);
    assert_int_equal(fdt_totalsize(c), toc.entries[0].size);
    check_image_index(c, "ctl", 1);
    check_image_index(c, "logger", 2); /* the source said 7: the packer decides */
    check_image_index(c, "peer", 2);   /* same file as logger: one entry */
    check_image_index(c, "minimal", 3);
    assert_int_equal(board_parse(board_fdt, &board, &err), 0);
    assert_int_equal(config_parse(c, board_fdt, &board, &cfg, NULL, NULL), 0);
    assert_int_equal(cfg.nr_partitions, 4);
    for (unsigned i = 0; i < cfg.nr_partitions; i++) {
        const struct config_partition *p = &cfg.parts[i];
        assert_true(p->ok);
        assert_true(p->image_index > 0 && (unsigned)p->image_index < toc.nr_entries);
        assert_string_equal(toc.entries[p->image_index].name, p->image);
        assert_true(toc.entries[p->image_index].size <= p->mem_size);
    }
    free(board_fdt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_known_values), cmocka_unit_test(test_header_and_info),
        cmocka_unit_test(test_table_of_contents),  cmocka_unit_test(test_every_crc),
        cmocka_unit_test(test_images_as_packed),   cmocka_unit_test(test_config_blob),
    };
    return cmocka_run_group_tests_name("payload", tests, load, unload);
}
