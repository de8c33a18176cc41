/* keel-pack's shared state (tools/pack/keel_pack.c is the tool). */
#ifndef KEEL_PACK_H
#define KEEL_PACK_H

#include <keel/board.h>
#include <keel/config.h>
#include <keel/payload.h>
#include <limits.h>
#include <stddef.h>

#define PACK_MAX_PATHS 16
#define PACK_FDT_SLACK 2048 /* room for keel,image-index etc. in every partition */
#define PACK_NAME_LEN  sizeof(((struct keel_payload_entry *)0)->name)

struct pack_args {
    const char *microvisor;
    const char *platform_dtb;
    const char *config;
    const char *output;
    const char *depfile;
    const char *image_paths[PACK_MAX_PATHS];
    unsigned nr_image_paths;
};

/* One payload entry: entry 0 is the config, then one per image file. */
struct blob {
    char name[PACK_NAME_LEN];
    uint32_t kind;
    char path[PATH_MAX]; /* the image file, resolved; empty for the config */
    unsigned char *data;
    size_t size;
};

struct pack {
    struct pack_args a;
    unsigned char *microvisor;
    size_t microvisor_len;
    void *board_dtb;
    size_t board_dtb_len;
    struct board board;
    struct config cfg;
    struct blob blobs[KEEL_PAYLOAD_MAX];
    unsigned nr_blobs;
};

/* Reads a whole file (NUL-terminated copy); NULL with a message on error. */
void *read_file(const char *path, size_t *len);

/* The part of path after its last '/'. */
const char *base_name(const char *path);

/* Finds each partition's files (its image; a Linux partition's initramfs),
 * adds them to the payload once each, records their payload indexes, and
 * checks that they fit its memory. Reports every problem; returns 0 or -1. */
int pack_add_partition_files(struct pack *pk, struct config_partition *p);

#endif
