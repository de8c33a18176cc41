/* Shared between board.c and board_devices.c. */
#ifndef KEEL_BOARD_INTERNAL_H
#define KEEL_BOARD_INTERNAL_H

#include <keel/board.h>
#include <keel/compiler.h>

int board_fail(struct board_error *err, const char *fmt, ...) KEEL_PRINTF(2, 3);
int board_parse_gic(const void *fdt, struct board *b, struct board_error *err);
int board_parse_timer(const void *fdt, struct board *b, struct board_error *err);
int board_parse_psci(const void *fdt, struct board *b, struct board_error *err);
int board_parse_uart(const void *fdt, struct board *b, struct board_error *err);

#endif
