/* Host fake of the stage-2 arch hooks (microvisor/vspace.h): distinct,
 * recognisable attribute bits so tests can tell memory from devices. */
#include "vspace.h"

#define FAKE_MEMORY_ATTRS 0x7c4ull
#define FAKE_DEVICE_ATTRS (0x444ull | (1ull << 54))

uint64_t arch_stage2_attrs(enum vspace_kind kind)
{
    return kind == VSPACE_DEVICE ? FAKE_DEVICE_ATTRS : FAKE_MEMORY_ATTRS;
}
