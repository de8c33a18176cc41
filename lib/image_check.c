/* Image header checks; see include/keel/image_check.h. */
#include <keel/format.h>
#include <keel/image_check.h>
#include <string.h>

static int fail(char *why, size_t len, const char *msg)
{
    fmt_format(why, len, "%s", msg);
    return -1;
}

int image_check(const void *buf, size_t len, char *why, size_t why_len)
{
    struct arm64_image_header h;
    struct keel_image_info info;

    if (len < KEEL_IMAGE_INFO_OFFSET + sizeof(info)) {
        return fail(why, why_len, "too short for the arm64 header and Keel info");
    }
    memcpy(&h, buf, sizeof(h));
    memcpy(&info, (const char *)buf + KEEL_IMAGE_INFO_OFFSET, sizeof(info));
    if (h.magic != ARM64_IMAGE_MAGIC) {
        return fail(why, why_len, "arm64 Image magic is not \"ARM\\x64\"");
    }
    if (h.text_offset != 0 || h.flags != KEEL_IMAGE_FLAGS) {
        return fail(why, why_len, "text_offset must be 0 and flags LE|4K|anywhere");
    }
    if (h.image_size < len || (h.image_size & 0xfff) != 0) {
        return fail(why, why_len, "image_size is smaller than the file or not page aligned");
    }
    if (memcmp(info.magic, KEEL_INFO_MAGIC, 8) != 0 || info.version != KEEL_INFO_VERSION ||
        info.info_size != sizeof(info)) {
        return fail(why, why_len, "no Keel info block (magic, version or size wrong)");
    }
    if (info.microvisor_size > h.image_size) {
        return fail(why, why_len, "microvisor_size is larger than image_size");
    }
    return 0;
}
