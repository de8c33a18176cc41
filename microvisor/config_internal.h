/* Shared between the config*.c files: the state of one config_parse() run,
 * typed property readers and problem reporting. See include/keel/config.h. */
#ifndef KEEL_CONFIG_INTERNAL_H
#define KEEL_CONFIG_INTERNAL_H

#include <keel/compiler.h>
#include <keel/config.h>

#define CONFIG_PAGE_SIZE       0x1000ull
#define CONFIG_IPA_LIMIT       (1ull << 39) /* the smallest IPA size Keel supports */
#define CONFIG_DEFAULT_MEM_IPA 0x40000000ull
#define CONFIG_LINUX_ALIGN     0x200000ull /* a Linux partition's memory-base */
#define CONFIG_MAX_PRIORITY    255u
#define CONFIG_MAX_RESTARTS    1000u
#define CONFIG_DEFAULT_RESTART 3u
#define CONFIG_SPI_FIRST       32u
#define CONFIG_SPI_LAST        1019u

/* One config_parse() run. */
struct cfg_ctx {
    const void *cfg;
    const void *board_fdt;
    const struct board *b;
    struct config *c;
    config_report_fn report;
    void *report_ctx;
    unsigned problems;
    bool file_refused; /* a problem with the whole file: no partition may start */
};

/* A node of the config being read. Problems found in it are reported with
 * its path and refuse `part` (when it belongs to a partition) or `chan`
 * (when it is a channel). */
struct cfg_node {
    struct cfg_ctx *ctx;
    int offset;
    char path[CONFIG_PATH_LEN];
    struct config_partition *part;
    struct config_channel *chan;
};

/* Sets up n for the child `offset` of the node at parent_path ("" for /),
 * with no channel to refuse. */
void cfg_node_init(struct cfg_node *n, struct cfg_ctx *ctx, int offset, const char *parent_path,
                   struct config_partition *part);

/* Reports "<path>: property '<prop>': <message>" (or "<path>: <message>"
 * when prop is NULL, or "<message>" when path is empty too) and refuses the
 * node's partition or channel. */
void cfg_problem(const struct cfg_node *n, const char *prop, const char *fmt, ...)
    KEEL_PRINTF(3, 4);

/* Reports a required property that is absent. */
void cfg_missing(const struct cfg_node *n, const char *prop, const char *example);

/* Reports every property of n whose name is not in `known` (NULL-ended). */
void cfg_check_props(const struct cfg_node *n, const char *const *known);

/*
 * Typed property readers. Each returns 1 when the property is present and
 * well-formed (*out set), 0 when it is absent, and -1 when it is malformed
 * (reported, partition refused).
 *   u32:    one cell, <N>
 *   u64:    two cells, <hi lo>
 *   string: one NUL-terminated string
 *   cells:  one or more cells; *count cells at *cells (read with cfg_cell)
 */
int cfg_get_u32(const struct cfg_node *n, const char *prop, uint32_t *out);
int cfg_get_u64(const struct cfg_node *n, const char *prop, uint64_t *out);
int cfg_get_string(const struct cfg_node *n, const char *prop, const char **out);
int cfg_get_cells(const struct cfg_node *n, const char *prop, const void **cells, unsigned *count);
uint32_t cfg_cell(const void *cells, unsigned index);

/* Writes "2 MiB" or "12 KiB" (whichever is exact) into buf. */
void cfg_format_size(char *buf, size_t len, uint64_t bytes);

/* n's node name into out (CONFIG_NAME_LEN bytes): 1..31 of [a-z0-9_-],
 * starting with a letter. Reports "bad <what> name" otherwise. */
bool cfg_parse_name(const struct cfg_node *n, char *out, const char *what);

/* config_memory.c: memory-size, memory-base, physical-base, entry. */
void cfg_parse_memory(const struct cfg_node *n);
/* Checks partition n's memory against the partitions before it (index). */
void cfg_check_memory_claims(const struct cfg_node *n, unsigned index);
/* Reports on n's `prop` when `who` ("partitions") need more than the
 * board's free memory. */
void cfg_check_budget(const struct cfg_node *n, const char *prop, const char *who, uint64_t need);

/* config_devices.c: the devices node (offset, or < 0 if absent). */
void cfg_parse_devices(const struct cfg_node *n, int devices);
/* Checks partition n's devices and IRQs against its own memory, its own
 * other devices and the partitions before it (index). */
void cfg_check_device_claims(const struct cfg_node *n, unsigned index);

/* config_channels.c: the /channels node, read after every partition. */
void cfg_parse_channels(struct cfg_ctx *ctx, int channels);

#endif
