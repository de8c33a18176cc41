/* The packed image's header fields, as QEMU and U-Boot read them. */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <keel/image.h>
#include <keel/image_check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *image;
static size_t image_len;

static int load(void **state)
{
    (void)state;
    FILE *f = fopen(KEEL_IMAGE_PATH, "rb");
    if (f == NULL) {
        return -1;
    }
    fseek(f, 0, SEEK_END);
    image_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    image = malloc(image_len);
    size_t got = fread(image, 1, image_len, f);
    fclose(f);
    return got == image_len ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    free(image);
    return 0;
}

static void test_arm64_header(void **state)
{
    (void)state;
    struct arm64_image_header h;
    memcpy(&h, image, sizeof(h));
    assert_int_equal(h.magic, ARM64_IMAGE_MAGIC);
    assert_int_equal(h.text_offset, 0);
    assert_int_equal(h.flags, 0xa); /* LE, 4K pages, anywhere */
    assert_true(h.image_size >= image_len);
    assert_int_equal(h.image_size % 4096, 0);
    /* code0 is a branch (B imm26) over the header */
    assert_int_equal(h.code0 >> 26, 0x05);
    assert_true((size_t)(h.code0 & 0x3ffffff) * 4 >= 64 + sizeof(struct keel_image_info));
    assert_int_equal(h.res2 | h.res3 | h.res4, 0);
}

static void test_keel_info(void **state)
{
    (void)state;
    char why[128];
    struct keel_image_info info;
    memcpy(&info, image + KEEL_IMAGE_INFO_OFFSET, sizeof(info));
    assert_int_equal(image_check(image, image_len, why, sizeof(why)), 0);
    assert_memory_equal(info.magic, KEEL_INFO_MAGIC, 8);
    assert_int_equal(info.early_uart_kind, KEEL_UART_PL011);
    assert_int_equal(info.early_uart_base, 0x09000000);
    assert_int_equal(info.microvisor_size, ((struct arm64_image_header *)image)->image_size);
}

static void test_check_refuses_damage(void **state)
{
    (void)state;
    char why[128];
    unsigned char *copy = malloc(image_len);
    memcpy(copy, image, image_len);
    copy[56] ^= 0xff; /* magic */
    assert_int_equal(image_check(copy, image_len, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "magic"));
    memcpy(copy, image, image_len);
    copy[64] = 'X'; /* Keel info */
    assert_int_equal(image_check(copy, image_len, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "Keel info"));
    assert_int_equal(image_check(copy, 32, why, sizeof(why)), -1);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arm64_header),
        cmocka_unit_test(test_keel_info),
        cmocka_unit_test(test_check_refuses_damage),
    };
    return cmocka_run_group_tests_name("image", tests, load, unload);
}
