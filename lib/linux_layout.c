/* See include/keel/linux_layout.h. */
#include <keel/compiler.h>
#include <keel/image.h>
#include <keel/linux_layout.h>
#include <string.h>

#define LINUX_FLAG_BE        1ull
#define LINUX_PAGE_SIZE_MASK (3ull << 1) /* 0: unspecified, 1: 4K, 2: 16K, 3: 64K */
#define LINUX_PAGE_SIZE_4K   (1ull << 1)
#define LINUX_PAGE           0x1000ull

static int refuse(const char **why, const char *msg)
{
    *why = msg;
    return -1;
}

static int check_header(const struct arm64_image_header *h, size_t image_len, const char **why)
{
    if (h->magic != ARM64_IMAGE_MAGIC) {
        return refuse(why, "not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)");
    }
    if (h->flags & LINUX_FLAG_BE) {
        return refuse(why, "a big-endian kernel (Keel's guests are little-endian)");
    }
    uint64_t pages = h->flags & LINUX_PAGE_SIZE_MASK;
    if (pages != 0 && pages != LINUX_PAGE_SIZE_4K) {
        return refuse(why, "a kernel built for 16 KiB or 64 KiB pages (stage 2 uses 4 KiB)");
    }
    if (h->image_size != 0 && h->image_size < image_len) {
        return refuse(why, "its header's image_size is smaller than the file");
    }
    if (!IS_ALIGNED(h->text_offset, LINUX_PAGE) || h->text_offset >= (2ull << 20)) {
        return refuse(why, "its header's text_offset is not a page offset below 2 MiB");
    }
    return 0;
}

int linux_layout(uint64_t mem_ipa, uint64_t mem_size, const void *image, size_t image_len,
                 uint64_t initrd_size, struct linux_layout *out, const char **why)
{
    struct arm64_image_header h;

    if (image_len < sizeof(h)) {
        return refuse(why, "too small to be an arm64 Linux Image");
    }
    memcpy(&h, image, sizeof(h));
    if (check_header(&h, image_len, why) != 0) {
        return -1;
    }
    uint64_t size = h.image_size != 0 ? h.image_size : ALIGN_UP((uint64_t)image_len, LINUX_PAGE);
    memset(out, 0, sizeof(*out));
    out->kernel = mem_ipa + h.text_offset;
    out->kernel_end = out->kernel + size;
    if (mem_size < LINUX_DTB_MAX || mem_size - LINUX_DTB_MAX < h.text_offset + size) {
        return refuse(why, "the kernel does not fit in the partition's memory");
    }
    out->dtb = mem_ipa + mem_size - LINUX_DTB_MAX;
    if (initrd_size != 0) {
        uint64_t room = out->dtb - out->kernel_end;
        if (initrd_size > room) {
            return refuse(why, "the kernel and initramfs do not fit in the partition's memory");
        }
        out->initrd = (out->dtb - initrd_size) & ~(LINUX_PAGE - 1);
        if (out->initrd < out->kernel_end) {
            return refuse(why, "the kernel and initramfs do not fit in the partition's memory");
        }
        out->initrd_size = initrd_size;
    }
    return 0;
}
