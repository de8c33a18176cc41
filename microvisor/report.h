/* What Keel tells the console about the board and itself. */
#ifndef KEEL_REPORT_H
#define KEEL_REPORT_H

#include <keel/board.h>

void report_board(const struct board *b);
/* The line tests and users wait for: "keel: ready cpus=<N> gic=v<K> ...". */
void report_ready(const struct board *b, unsigned online, unsigned partitions);

#endif
