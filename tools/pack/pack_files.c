/* keel-pack: finding the partitions' files and adding them to the payload. */
#include "pack.h"

#include <errno.h>
#include <keel/linux_layout.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = NULL;
    long size;

    errno = 0;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)size + 1)) == NULL ||
        fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "keel-pack: %s: %s\n", path, errno ? strerror(errno) : "read failed");
        free(buf);
        if (f != NULL) {
            fclose(f);
        }
        return NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* Where `file` (property prop of partition p) is: each --image-path, then
 * the config's folder. */
static int find_file(const struct pack *pk, const struct config_partition *p, const char *prop,
                     const char *file, char *out, size_t len)
{
    const char *slash = strrchr(pk->a.config, '/');
    char config_dir[PATH_MAX];
    char looked[1024] = "";
    struct stat st;

    snprintf(config_dir, sizeof(config_dir), "%.*s", slash ? (int)(slash - pk->a.config) : 1,
             slash ? pk->a.config : ".");
    for (unsigned i = 0; i <= pk->a.nr_image_paths; i++) {
        const char *dir = i < pk->a.nr_image_paths ? pk->a.image_paths[i] : config_dir;
        int n = snprintf(out, len, "%s/%s", file[0] == '/' ? "" : dir, file);
        if (n > 0 && (size_t)n < len && stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
            return 0;
        }
        size_t used = strlen(looked);
        if (snprintf(looked + used, sizeof(looked) - used, "%s%s", i ? ", " : "", dir) < 0) {
            break;
        }
    }
    fprintf(stderr,
            "keel-pack: %s: /partitions/%s: property '%s': \"%s\" not found (looked in: %s)\n",
            pk->a.config, p->name, prop, file, looked);
    return -1;
}

/* Adds the file to the payload unless it is there already; its index. */
static int add_file(struct pack *pk, const struct config_partition *p, const char *prop,
                    const char *file)
{
    char found[PATH_MAX], real[PATH_MAX];

    if (find_file(pk, p, prop, file, found, sizeof(found)) != 0) {
        return -1;
    }
    if (realpath(found, real) == NULL) {
        fprintf(stderr, "keel-pack: %s: %s\n", found, strerror(errno));
        return -1;
    }
    for (unsigned i = 1; i < pk->nr_blobs; i++) {
        if (strcmp(pk->blobs[i].path, real) == 0) {
            return (int)i;
        }
    }
    struct blob *bl = &pk->blobs[pk->nr_blobs];
    if (pk->nr_blobs == KEEL_PAYLOAD_MAX || strlen(base_name(file)) >= sizeof(bl->name)) {
        fprintf(stderr,
                "keel-pack: %s: /partitions/%s: property '%s': \"%s\": too many "
                "files, or a file name longer than %zu characters\n",
                pk->a.config, p->name, prop, file, sizeof(bl->name) - 1);
        return -1;
    }
    snprintf(bl->name, sizeof(bl->name), "%s", base_name(file));
    snprintf(bl->path, sizeof(bl->path), "%s", real);
    bl->kind = PAYLOAD_IMAGE;
    bl->data = read_file(real, &bl->size);
    return bl->data != NULL ? (int)pk->nr_blobs++ : -1;
}

static int native_fits(const struct pack *pk, const struct config_partition *p)
{
    const struct blob *bl = &pk->blobs[p->image_index];

    if (bl->size == 0 || bl->size > p->mem_size) {
        fprintf(stderr,
                "keel-pack: %s: /partitions/%s: property 'image': \"%s\" is %zu bytes; it must be "
                "1 to %llu (the partition's memory-size)\n",
                pk->a.config, p->name, p->image, bl->size, (unsigned long long)p->mem_size);
        return -1;
    }
    return 0;
}

static int linux_fits(const struct pack *pk, const struct config_partition *p)
{
    const struct blob *img = &pk->blobs[p->image_index];
    uint64_t initrd = p->initrd_index > 0 ? pk->blobs[p->initrd_index].size : 0;
    struct linux_layout l;
    const char *why;

    if (p->initrd_index > 0 && initrd == 0) {
        fprintf(stderr, "keel-pack: %s: /partitions/%s: property 'initrd': \"%s\" is empty\n",
                pk->a.config, p->name, p->initrd);
        return -1;
    }
    if (linux_layout(p->mem_ipa, p->mem_size, img->data, img->size, initrd, &l, &why) != 0) {
        fprintf(stderr, "keel-pack: %s: /partitions/%s: property '%s': \"%s\": %s\n", pk->a.config,
                p->name, strstr(why, "fit") ? "memory-size" : "image", p->image, why);
        return -1;
    }
    return 0;
}

int pack_add_partition_files(struct pack *pk, struct config_partition *p)
{
    p->image_index = add_file(pk, p, "image", p->image);
    if (p->kind == PARTITION_LINUX && p->initrd[0] != '\0') {
        p->initrd_index = add_file(pk, p, "initrd", p->initrd);
        if (p->initrd_index < 0) {
            return -1;
        }
    }
    if (p->image_index < 0) {
        return -1;
    }
    return p->kind == PARTITION_LINUX ? linux_fits(pk, p) : native_fits(pk, p);
}
