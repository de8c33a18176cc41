/*
 * A small freestanding formatter (no libc): a subset of printf.
 * Conversions: %d %i %u %x %X %o %c %s %p %%; flags '-' '0' '+' ' ' '#';
 * width and precision (also '*'); length modifiers hh h l ll z t j.
 * Unknown conversions are printed literally so that a bad format string is
 * visible rather than silently dropped.
 */
#ifndef KEEL_FORMAT_H
#define KEEL_FORMAT_H

#include <keel/compiler.h>
#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: writes at most size bytes including the NUL and returns the
 * length the whole output would have had. */
size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);
size_t fmt_format(char *buf, size_t size, const char *fmt, ...) KEEL_PRINTF(3, 4);

#endif
