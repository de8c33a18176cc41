/* The freestanding subset of <stdlib.h> libfdt needs. Target builds only. */
#ifndef KEEL_LIBC_STDLIB_H
#define KEEL_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
