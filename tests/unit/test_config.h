/* Shared by test_config.c and test_config_channels.c: one cmocka binary,
 * test_config. */
#ifndef KEEL_TEST_CONFIG_H
#define KEEL_TEST_CONFIG_H

#include <keel/config.h>

/* The result of the last parse(). */
extern struct config cfg;

/* Loads the platform device tree at path as the board to check against. */
void load_board(const char *path);
/* Reads <build>/tests/configs/<kind>/<name>.dtb; the caller frees it. */
void *load_config(const char *kind, const char *name);
/* config_parse() against the board; checks the problem count matches the
 * messages and check_channel_invariants(). Returns the problem count. */
unsigned parse(const void *blob);
/* Prints the messages of the last parse() (before failing a test). */
void print_messages(void);
/* The partition or channel of the last parse() by name; fails if none. */
const struct config_partition *find_part(const char *name);
const struct config_channel *find_chan(const char *name);

/* test_config_channels.c */
void check_channel_invariants(void);
void test_channels(void **state);
void test_refused_channel_numbering(void **state);

#endif
