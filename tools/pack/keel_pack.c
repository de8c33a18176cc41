/*
 * keel-pack: makes the one bootable Keel image.
 *
 *   keel-pack --microvisor keel.bin --platform-dtb board.dtb
 *             [--config system.dts|system.dtb] [--image-path DIR]...
 *             [--depfile FILE] --output keel.img
 *
 * Checks the platform device tree with the same board-discovery code the
 * microvisor runs at boot and records its console UART in the image info
 * (so a board whose DTB cannot be read at boot still gets a message). With
 * a config, checks it with the microvisor's own config_parse(), finds each
 * partition's image and appends the payload (include/keel/payload.h): the
 * config, with each partition's keel,image-index added, then the images.
 * docs/config.md describes the options, the layout and what it prints.
 */
#include "pack.h"

#include <errno.h>
#include <keel/board.h>
#include <keel/compiler.h>
#include <keel/config.h>
#include <keel/crc32.h>
#include <keel/driver.h>
#include <keel/image_check.h>
#include <keel/payload.h>
#include <libfdt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int usage(void)
{
    fputs("usage: keel-pack --microvisor FILE --platform-dtb FILE [--config FILE.dts|FILE.dtb]\n"
          "                 [--image-path DIR]... [--depfile FILE] --output FILE\n",
          stderr);
    return -1;
}

static int set_option(struct pack_args *a, const char *opt, const char *val)
{
    const char **single[] = {&a->microvisor, &a->platform_dtb, &a->config, &a->output, &a->depfile};
    const char *names[] = {"--microvisor", "--platform-dtb", "--config", "--output", "--depfile"};

    for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
        if (strcmp(opt, names[i]) == 0) {
            *single[i] = val;
            return 0;
        }
    }
    if (strcmp(opt, "--image-path") != 0) {
        fprintf(stderr, "keel-pack: unknown option %s\n", opt);
        return -1;
    }
    if (a->nr_image_paths == PACK_MAX_PATHS) {
        fprintf(stderr, "keel-pack: more than %d --image-path options\n", PACK_MAX_PATHS);
        return -1;
    }
    a->image_paths[a->nr_image_paths++] = val;
    return 0;
}

static int parse_args(int argc, char **argv, struct pack_args *a)
{
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) {
            fprintf(stderr, "keel-pack: option %s needs a value\n", argv[i]);
            return usage();
        }
        if (set_option(a, argv[i], argv[i + 1]) != 0) {
            return usage();
        }
    }
    if (a->microvisor == NULL || a->platform_dtb == NULL || a->output == NULL) {
        return usage();
    }
    return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Compiles a .dts with dtc into a temporary file and reads that back. */
static void *compile_dts(const char *path, size_t *len)
{
    char tmp[] = "/tmp/keel-pack-XXXXXX";
    char *argv[] = {"dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp, (char *)path, NULL};
    int status = -1;
    pid_t pid;
    void *dtb = NULL;
    int fd = mkstemp(tmp);

    if (fd < 0) {
        fprintf(stderr, "keel-pack: cannot create a temporary file: %s\n", strerror(errno));
        return NULL;
    }
    close(fd);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        execvp("dtc", argv);
        fprintf(stderr, "keel-pack: cannot run dtc: %s\n", strerror(errno));
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        fprintf(stderr, "keel-pack: %s: cannot run dtc: %s\n", path, strerror(errno));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "keel-pack: %s: dtc failed to compile it (its message is above)\n", path);
    } else {
        dtb = read_file(tmp, len);
    }
    unlink(tmp);
    return dtb;
}

static void *load_config(const char *path, size_t *len)
{
    struct stat st;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "keel-pack: %s: %s\n", path, errno ? strerror(errno) : "not a file");
        return NULL;
    }
    return has_suffix(path, ".dtb") ? read_file(path, len) : compile_dts(path, len);
}

static void report_problem(void *ctx, const char *msg)
{
    fprintf(stderr, "keel-pack: %s: %s\n", (const char *)ctx, msg);
}

/* The config's payload name: its file's base name, ending in .dtb. */
static int config_blob_name(const struct pack *pk, char *out, size_t len)
{
    const char *name = base_name(pk->a.config);
    size_t stem = strlen(name);

    if (has_suffix(name, ".dts") || has_suffix(name, ".dtb")) {
        stem -= 4;
    }
    if (stem + 4 >= len) {
        fprintf(stderr,
                "keel-pack: %s: the file name is too long for the payload table (%zu "
                "characters with .dtb)\n",
                pk->a.config, len - 1);
        return -1;
    }
    snprintf(out, len, "%.*s.dtb", (int)stem, name);
    return 0;
}

/* Copies dtb into a new buffer with keel,image-index set in every
 * partition node. */
static void *add_image_indexes(const struct pack *pk, const void *dtb)
{
    int size = (int)fdt_totalsize(dtb) + PACK_FDT_SLACK;
    void *buf = calloc(1, (size_t)size);
    int rc = buf != NULL ? fdt_open_into(dtb, buf, size) : -FDT_ERR_NOSPACE;

    for (unsigned i = 0; i < pk->cfg.nr_partitions && rc == 0; i++) {
        char path[CONFIG_NAME_LEN + 16];
        snprintf(path, sizeof(path), "/partitions/%s", pk->cfg.parts[i].name);
        int node = fdt_path_offset(buf, path);
        const struct config_partition *p = &pk->cfg.parts[i];
        rc = node < 0 ? node
                      : fdt_setprop_u32(buf, node, "keel,image-index", (uint32_t)p->image_index);
        if (rc == 0 && p->initrd_index > 0) {
            rc = fdt_setprop_u32(buf, node, "keel,initrd-index", (uint32_t)p->initrd_index);
        }
    }
    rc = rc ?: fdt_pack(buf);
    if (rc != 0) {
        fprintf(stderr, "keel-pack: %s: cannot add keel,image-index: %s\n", pk->a.config,
                fdt_strerror(rc));
        free(buf);
        return NULL;
    }
    return buf;
}

/* Entry 0: the config with its image indexes, checked again by
 * config_parse() exactly as the microvisor will read it. */
static int add_config_blob(struct pack *pk, const void *dtb)
{
    static struct config check;
    struct blob *bl = &pk->blobs[0];

    if (config_blob_name(pk, bl->name, sizeof(bl->name)) != 0) {
        return -1;
    }
    bl->data = add_image_indexes(pk, dtb);
    if (bl->data == NULL) {
        return -1;
    }
    bl->size = fdt_totalsize(bl->data);
    bl->kind = PAYLOAD_CONFIG;
    if (config_parse(bl->data, pk->board_dtb, &pk->board, &check, report_problem,
                     (void *)pk->a.config) != 0) {
        return -1;
    }
    for (unsigned i = 0; i < check.nr_partitions; i++) {
        if (check.parts[i].image_index != pk->cfg.parts[i].image_index ||
            check.parts[i].initrd_index != pk->cfg.parts[i].initrd_index) {
            fprintf(stderr, "keel-pack: %s: keel,image-index of %s reads back wrong\n",
                    pk->a.config, check.parts[i].name);
            return -1;
        }
    }
    return 0;
}

static int pack_config(struct pack *pk)
{
    size_t len;
    void *dtb = load_config(pk->a.config, &len);

    if (dtb == NULL) {
        return -1;
    }
    if (len < sizeof(struct fdt_header) || fdt_totalsize(dtb) > len) {
        fprintf(stderr, "keel-pack: %s: not a compiled device tree, or truncated\n", pk->a.config);
        free(dtb);
        return -1;
    }
    unsigned problems = config_parse(dtb, pk->board_dtb, &pk->board, &pk->cfg, report_problem,
                                     (void *)pk->a.config);
    int rc = problems != 0 ? -1 : 0;
    pk->nr_blobs = 1;
    for (unsigned i = 0; i < pk->cfg.nr_partitions && problems == 0; i++) {
        if (pack_add_partition_files(pk, &pk->cfg.parts[i]) != 0) {
            rc = -1; /* and look for the other images: report every one missing */
        }
    }
    rc = rc ?: add_config_blob(pk, dtb);
    free(dtb);
    return rc;
}

/* The payload header with every blob placed on a 4 KiB boundary; returns
 * the payload's size. */
static uint64_t layout_payload(const struct pack *pk, struct keel_payload_header *hdr)
{
    uint64_t off = ALIGN_UP((uint64_t)sizeof(*hdr), KEEL_PAYLOAD_ALIGN);
    uint64_t end = sizeof(*hdr);

    memset(hdr, 0, sizeof(*hdr));
    memcpy(hdr->magic, KEEL_PAYLOAD_MAGIC, sizeof(hdr->magic));
    hdr->version = KEEL_PAYLOAD_VERSION;
    hdr->nr_entries = pk->nr_blobs;
    for (unsigned i = 0; i < pk->nr_blobs; i++) {
        struct keel_payload_entry *e = &hdr->entries[i];
        memcpy(e->name, pk->blobs[i].name, sizeof(e->name));
        e->kind = pk->blobs[i].kind;
        e->crc32 = crc32_compute(pk->blobs[i].data, pk->blobs[i].size);
        e->offset = off;
        e->size = pk->blobs[i].size;
        end = off + e->size;
        off = ALIGN_UP(end, KEEL_PAYLOAD_ALIGN);
    }
    return end;
}

static void fill_info(unsigned char *img, const struct board *b, uint64_t microvisor_size,
                      uint64_t payload_offset, uint64_t payload_size)
{
    struct keel_image_info info;

    memcpy(&info, img + KEEL_IMAGE_INFO_OFFSET, sizeof(info));
    info.microvisor_size = microvisor_size;
    info.early_uart_kind = b->uart.driver->variant;
    info.early_uart_base = pa_addr(b->uart.regs.base);
    info.payload_offset = payload_offset;
    info.payload_size = payload_size;
    memcpy(img + KEEL_IMAGE_INFO_OFFSET, &info, sizeof(info));
}

/* The microvisor padded to its memory footprint, then the payload. The
 * image_size in the header grows to cover the whole file. */
static unsigned char *build_image(const struct pack *pk, size_t *len)
{
    struct arm64_image_header h;
    struct keel_payload_header hdr;

    memcpy(&h, pk->microvisor, sizeof(h));
    uint64_t payload_offset = h.image_size;
    uint64_t payload_size = layout_payload(pk, &hdr);
    *len = (size_t)(payload_offset + payload_size);
    unsigned char *img = calloc(1, *len);
    if (img == NULL) {
        fprintf(stderr, "keel-pack: out of memory\n");
        return NULL;
    }
    memcpy(img, pk->microvisor, pk->microvisor_len);
    memcpy(img + payload_offset, &hdr, sizeof(hdr));
    for (unsigned i = 0; i < pk->nr_blobs; i++) {
        memcpy(img + payload_offset + hdr.entries[i].offset, pk->blobs[i].data, pk->blobs[i].size);
    }
    fill_info(img, &pk->board, h.image_size, payload_offset, payload_size);
    h.image_size = ALIGN_UP((uint64_t)*len, KEEL_PAYLOAD_ALIGN);
    memcpy(img, &h, sizeof(h));
    return img;
}

static int write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "keel-pack: %s: cannot write\n", path);
        return -1;
    }
    return 0;
}

/* For make/ninja: the image depends on the config and every image file. */
static int write_depfile(const struct pack *pk)
{
    FILE *f = fopen(pk->a.depfile, "w");

    if (f == NULL) {
        fprintf(stderr, "keel-pack: %s: cannot write\n", pk->a.depfile);
        return -1;
    }
    fprintf(f, "%s: %s", pk->a.output, pk->a.config);
    for (unsigned i = 1; i < pk->nr_blobs; i++) {
        fprintf(f, " \\\n  %s", pk->blobs[i].path);
    }
    fprintf(f, "\n");
    return fclose(f) == 0 ? 0 : -1;
}

static void format_size(char *buf, size_t len, uint64_t bytes)
{
    const char *unit = bytes % (1u << 20) == 0 ? "MiB" : "KiB";
    snprintf(buf, len, "%llu %s", (unsigned long long)(bytes >> (*unit == 'M' ? 20 : 10)), unit);
}

/* One line per channel: its endpoints (numbers, virqs), shared memory. */
static void print_channels(const struct config *c)
{
    for (unsigned i = 0; i < c->nr_channels; i++) {
        const struct config_channel *ch = &c->chans[i];
        const struct config_endpoint *e = ch->ep;
        const char *a = c->parts[e[0].partition].name, *b = c->parts[e[1].partition].name;
        char shm[112] = "no shared memory";
        if (ch->shm_size != 0) {
            format_size(shm, sizeof(shm), ch->shm_size);
            snprintf(shm + strlen(shm), sizeof(shm) - strlen(shm),
                     " shared at 0x%llx in %s, 0x%llx in %s", (unsigned long long)e[0].shm_ipa, a,
                     (unsigned long long)e[1].shm_ipa, b);
        }
        printf("keel-pack: channel %s: %s endpoint %u (virq %u) <-> %s endpoint %u (virq %u); %s\n",
               ch->name, a, e[0].index, e[0].virq, b, e[1].index, e[1].virq, shm);
    }
}

/* One line per partition: name, vCPU->CPU, memory, image. */
static void print_summary(const struct pack *pk)
{
    for (unsigned i = 0; i < pk->cfg.nr_partitions; i++) {
        const struct config_partition *p = &pk->cfg.parts[i];
        char cpus[CONFIG_MAX_VCPUS * 8] = "";
        char mem[24], phys[32] = "";
        for (unsigned v = 0; v < p->nr_vcpus; v++) {
            size_t used = strlen(cpus);
            snprintf(cpus + used, sizeof(cpus) - used, "%s%u->%u", v ? "," : "", v, p->vcpu_cpu[v]);
        }
        format_size(mem, sizeof(mem), p->mem_size);
        if (p->mem_phys_fixed) {
            snprintf(phys, sizeof(phys), " (PA 0x%llx)", (unsigned long long)p->mem_phys);
        }
        char initrd[CONFIG_PATH_LEN + 48] = "";
        if (p->initrd_index > 0) {
            snprintf(initrd, sizeof(initrd), "; initrd %s (%zu bytes, entry %d)", p->initrd,
                     pk->blobs[p->initrd_index].size, p->initrd_index);
        }
        printf("keel-pack: partition %s: %s; vCPU->CPU %s; %s at 0x%llx%s; image %s (%zu bytes, "
               "entry %d)%s\n",
               p->name, p->kind == PARTITION_LINUX ? "linux" : "native", cpus, mem,
               (unsigned long long)p->mem_ipa, phys, p->image, pk->blobs[p->image_index].size,
               p->image_index, initrd);
    }
    print_channels(&pk->cfg);
}

static int load_inputs(struct pack *pk)
{
    char why[128];
    struct board_error err;

    pk->microvisor = read_file(pk->a.microvisor, &pk->microvisor_len);
    pk->board_dtb = read_file(pk->a.platform_dtb, &pk->board_dtb_len);
    if (pk->microvisor == NULL || pk->board_dtb == NULL) {
        return -1;
    }
    if (image_check(pk->microvisor, pk->microvisor_len, why, sizeof(why)) != 0) {
        fprintf(stderr, "keel-pack: %s: not a Keel microvisor image: %s\n", pk->a.microvisor, why);
        return -1;
    }
    if (board_check_header(pk->board_dtb, pk->board_dtb_len, &err) != 0 ||
        board_parse(pk->board_dtb, &pk->board, &err) != 0) {
        fprintf(stderr, "keel-pack: %s: %s\n", pk->a.platform_dtb, err.msg);
        return -1;
    }
    return 0;
}

static int pack(struct pack *pk)
{
    unsigned char *img;
    size_t len;
    char why[128];

    if (load_inputs(pk) != 0) {
        return 1;
    }
    img = pk->microvisor;
    len = pk->microvisor_len;
    if (pk->a.config == NULL) {
        fill_info(img, &pk->board, ((struct arm64_image_header *)img)->image_size, 0, 0);
    } else if (pack_config(pk) != 0 || (img = build_image(pk, &len)) == NULL) {
        return 1;
    }
    int rc = image_check(img, len, why, sizeof(why));
    if (rc != 0) {
        fprintf(stderr, "keel-pack: %s: the packed image fails its own check: %s\n", pk->a.output,
                why);
    }
    rc = rc ?: write_file(pk->a.output, img, len);
    rc = rc ?: (pk->a.depfile != NULL && pk->a.config != NULL ? write_depfile(pk) : 0);
    if (rc == 0) {
        print_summary(pk);
        printf("keel-pack: %s: %zu bytes, %llu in memory; console %s at 0x%llx; %u payload "
               "entries\n",
               pk->a.output, len,
               (unsigned long long)((struct arm64_image_header *)img)->image_size,
               pk->board.uart.driver->name, (unsigned long long)pa_addr(pk->board.uart.regs.base),
               pk->nr_blobs);
    }
    if (img != pk->microvisor) {
        free(img);
    }
    return rc != 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    static struct pack pk;

    if (parse_args(argc, argv, &pk.a) != 0) {
        return 2;
    }
    int rc = pack(&pk);
    if (rc != 0) {
        remove(pk.a.output); /* never leave a stale image behind a refused config */
    }
    free(pk.microvisor);
    free(pk.board_dtb);
    for (unsigned i = 0; i < pk.nr_blobs; i++) {
        free(pk.blobs[i].data);
    }
    return rc;
}
