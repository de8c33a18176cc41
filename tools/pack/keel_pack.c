/*
 * keel-pack: makes the one bootable Keel image.
 *
 *   keel-pack --microvisor keel.bin --platform-dtb board.dtb --output keel.img
 *
 * Checks the platform device tree with the same board-discovery code the
 * microvisor runs at boot, records its console UART in the image info (so
 * a board whose DTB cannot be read at boot still gets a message), and
 * writes the image. Later issues add the partition config and images.
 */
#include <errno.h>
#include <keel/board.h>
#include <keel/driver.h>
#include <keel/image_check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pack_args {
    const char *microvisor;
    const char *platform_dtb;
    const char *output;
};

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = NULL;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)size + 1)) == NULL ||
        fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "keel-pack: %s: %s\n", path, errno ? strerror(errno) : "read failed");
        free(buf);
        if (f != NULL) {
            fclose(f);
        }
        return NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

static int parse_args(int argc, char **argv, struct pack_args *a)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--microvisor") == 0) {
            a->microvisor = argv[i + 1];
        } else if (strcmp(argv[i], "--platform-dtb") == 0) {
            a->platform_dtb = argv[i + 1];
        } else if (strcmp(argv[i], "--output") == 0) {
            a->output = argv[i + 1];
        } else {
            fprintf(stderr, "keel-pack: unknown option %s\n", argv[i]);
            return -1;
        }
    }
    if (a->microvisor == NULL || a->platform_dtb == NULL || a->output == NULL || argc % 2 == 0) {
        fprintf(stderr, "usage: keel-pack --microvisor FILE --platform-dtb FILE --output FILE\n");
        return -1;
    }
    return 0;
}

static int fill_info(unsigned char *img, size_t len, const struct board *b)
{
    struct arm64_image_header h;
    struct keel_image_info info;

    memcpy(&h, img, sizeof(h));
    memcpy(&info, img + KEEL_IMAGE_INFO_OFFSET, sizeof(info));
    info.microvisor_size = h.image_size;
    info.early_uart_kind = b->uart.driver->variant;
    info.early_uart_base = pa_addr(b->uart.regs.base);
    info.payload_offset = 0;
    info.payload_size = 0;
    memcpy(img + KEEL_IMAGE_INFO_OFFSET, &info, sizeof(info));
    (void)len;
    return 0;
}

static int write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "keel-pack: %s: cannot write\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct pack_args a = {0};
    struct board board;
    struct board_error err;
    char why[128];
    size_t img_len, dtb_len;

    if (parse_args(argc, argv, &a) != 0) {
        return 2;
    }
    unsigned char *img = read_file(a.microvisor, &img_len);
    void *dtb = read_file(a.platform_dtb, &dtb_len);
    if (img == NULL || dtb == NULL) {
        return 1;
    }
    if (image_check(img, img_len, why, sizeof(why)) != 0) {
        fprintf(stderr, "keel-pack: %s: not a Keel microvisor image: %s\n", a.microvisor, why);
        return 1;
    }
    if (board_check_header(dtb, dtb_len, &err) != 0 || board_parse(dtb, &board, &err) != 0) {
        fprintf(stderr, "keel-pack: %s: %s\n", a.platform_dtb, err.msg);
        return 1;
    }
    fill_info(img, img_len, &board);
    if (write_file(a.output, img, img_len) != 0) {
        return 1;
    }
    printf("keel-pack: %s: %zu bytes, %llu in memory; console %s at 0x%llx\n", a.output, img_len,
           (unsigned long long)((struct arm64_image_header *)img)->image_size,
           board.uart.driver->name, (unsigned long long)pa_addr(board.uart.regs.base));
    free(img);
    free(dtb);
    return 0;
}
