/* The image info block at offset 64 of the image, right after the arm64
 * header. The packer fills it in; see include/keel/image.h. */
#include "payload.h"

#include <keel/compiler.h>
#include <keel/image.h>

const struct keel_image_info keel_image_info KEEL_SECTION(".head.info") KEEL_ALIGNED(8) = {
    .magic = KEEL_INFO_MAGIC,
    .version = KEEL_INFO_VERSION,
    .info_size = sizeof(struct keel_image_info),
    .early_uart_kind = KEEL_UART_NONE,
};

/* The packer rewrites the block after the build: what the compiler knows of
 * its initial value must never be folded into the code (LTO would). */
const struct keel_image_info *image_info(void)
{
    const struct keel_image_info *info = &keel_image_info;

    __asm__("" : "+r"(info));
    return info;
}
