/* Loading device trees for tests, and editing copies of them. */
#ifndef KEEL_TEST_FDT_FIXTURE_H
#define KEEL_TEST_FDT_FIXTURE_H

#include <stddef.h>

/* Reads a DTB file into a buffer with `slack` spare bytes (for edits); the
 * caller frees it. Fails the test if the file cannot be read. */
void *fixture_load_dtb(const char *path, size_t slack, size_t *len);

#endif
