/* Boot: from the loader's jump to the `ready` line. */
#ifndef KEEL_BOOT_H
#define KEEL_BOOT_H

#include <keel/board.h>
#include <keel/compiler.h>

/* The board as discovered at boot; read-only once the boot CPU is done. */
extern struct board boot_board;

/* Brings up the calling CPU's GIC interface and checks its timer. */
int boot_cpu_local_init(unsigned index);

/* Starts every other CPU of the board; returns how many are online. */
unsigned smp_start_secondaries(const struct board *b);

/* Secondary CPUs wait here until the boot CPU has created the partitions. */
void boot_wait_release(void);

KEEL_NORETURN void boot_primary(uint64_t dtb_pa, uint64_t image_base, uint64_t el);
KEEL_NORETURN void secondary_main(void);

#endif
