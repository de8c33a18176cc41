/*
 * The partition config: reads a compiled configs/<system>.dts and checks it
 * against the board. One implementation for the packer (build time) and the
 * microvisor (boot time); memory and devices are in config_memory.c and
 * config_devices.c, channels in config_channels.c, property readers in
 * config_props.c. Schema and messages: docs/config.md.
 */
#include "config_internal.h"

#include <keel/format.h>
#include <keel/payload.h>
#include <libfdt.h>
#include <string.h>

static const char *const root_props[] = {"compatible", "model", "#address-cells", "#size-cells",
                                         NULL};
static const char *const partitions_props[] = {"phandle", NULL};
static const char *const partition_props[] = {"kind",
                                              "vcpus",
                                              "cpus",
                                              "priority",
                                              "memory-size",
                                              "memory-base",
                                              "entry",
                                              "physical-base",
                                              "image",
                                              "keel,image-index",
                                              "fault-policy",
                                              "restart-limit",
                                              "phandle",
                                              "initrd",
                                              "keel,initrd-index",
                                              "bootargs",
                                              NULL};

/* Node name = partition name (cfg_parse_name), given once. */
static void parse_name(const struct cfg_node *n, unsigned index)
{
    struct config_partition *p = n->part;

    if (!cfg_parse_name(n, p->name, "partition")) {
        return;
    }
    for (unsigned i = 0; i < index; i++) {
        if (strcmp(n->ctx->c->parts[i].name, p->name) == 0) {
            cfg_problem(n, NULL, "partition name given twice");
        }
    }
}

/* A partition may only have a `devices` child; returns its offset or -1. */
static int check_children(const struct cfg_node *n)
{
    int devices = -1;
    int child;

    fdt_for_each_subnode(child, n->ctx->cfg, n->offset)
    {
        const char *name = fdt_get_name(n->ctx->cfg, child, NULL);
        if (name != NULL && strcmp(name, "devices") == 0 && devices < 0) {
            devices = child;
            continue;
        }
        struct cfg_node cn;
        cfg_node_init(&cn, n->ctx, child, n->path, n->part);
        cfg_problem(&cn, NULL, "unknown node (a partition has only a 'devices' node)");
    }
    return devices;
}

static void parse_kind(const struct cfg_node *n)
{
    const char *kind;
    int rc = cfg_get_string(n, "kind", &kind);

    if (rc == 0) {
        cfg_missing(n, "kind", "\"native\"");
    } else if (rc > 0 && strcmp(kind, "native") == 0) {
        n->part->kind = PARTITION_NATIVE;
    } else if (rc > 0 && strcmp(kind, "linux") == 0) {
        n->part->kind = PARTITION_LINUX;
    } else if (rc > 0) {
        cfg_problem(n, "kind", "unknown kind \"%.32s\"; expected \"native\" or \"linux\"", kind);
    }
}

static void parse_cpus(const struct cfg_node *n)
{
    struct config_partition *p = n->part;
    const void *cells;
    unsigned count;
    int rc = cfg_get_cells(n, "cpus", &cells, &count);

    if (rc == 0) {
        cfg_missing(n, "cpus", "<0>");
    }
    if (rc <= 0 || p->nr_vcpus == 0) {
        return; /* nothing to compare with if vcpus is wrong */
    }
    if (count != p->nr_vcpus) {
        cfg_problem(n, "cpus", "lists %u CPU%s but vcpus is %u; give one board CPU per vCPU", count,
                    count == 1 ? "" : "s", p->nr_vcpus);
        return;
    }
    for (unsigned i = 0; i < count; i++) {
        uint32_t cpu = cfg_cell(cells, i);
        if (cpu >= n->ctx->b->nr_cpus) {
            cfg_problem(n, "cpus", "CPU %u does not exist (the board has %u)", cpu,
                        n->ctx->b->nr_cpus);
            continue;
        }
        p->vcpu_cpu[i] = cpu;
    }
}

static void parse_vcpus(const struct cfg_node *n)
{
    uint32_t vcpus;
    int rc = cfg_get_u32(n, "vcpus", &vcpus);

    if (rc == 0) {
        cfg_missing(n, "vcpus", "<1>");
    } else if (rc > 0 && (vcpus < 1 || vcpus > CONFIG_MAX_VCPUS)) {
        cfg_problem(n, "vcpus", "is %u; it must be 1 to %d", vcpus, CONFIG_MAX_VCPUS);
    } else if (rc > 0) {
        n->part->nr_vcpus = vcpus;
    }
    parse_cpus(n);
}

static void parse_priority(const struct cfg_node *n)
{
    uint32_t prio = 0;

    if (cfg_get_u32(n, "priority", &prio) > 0 && prio > CONFIG_MAX_PRIORITY) {
        cfg_problem(n, "priority", "is %u; it must be 0 (lowest) to %u", prio, CONFIG_MAX_PRIORITY);
        return;
    }
    n->part->priority = prio;
}

/* A payload entry index the packer wrote (keel,image-index and the like). */
static void parse_index(const struct cfg_node *n, const char *prop, int *out)
{
    uint32_t index;
    int rc = cfg_get_u32(n, prop, &index);

    if (rc > 0 && (index < 1 || index >= KEEL_PAYLOAD_MAX)) {
        cfg_problem(n, prop, "is %u; payload entries 1 to %u hold images", index,
                    KEEL_PAYLOAD_MAX - 1);
    } else if (rc > 0) {
        *out = (int)index;
    }
}

/* A file name property (image, initrd): 1 .. CONFIG_PATH_LEN-1 characters. */
static void parse_file(const struct cfg_node *n, const char *prop, char *out, const char *example)
{
    const char *file;
    int rc = cfg_get_string(n, prop, &file);

    if (rc == 0 && example != NULL) {
        cfg_missing(n, prop, example);
    } else if (rc > 0 && (file[0] == '\0' || strlen(file) >= CONFIG_PATH_LEN)) {
        cfg_problem(n, prop, "the file name must be 1 to %u characters",
                    (unsigned)CONFIG_PATH_LEN - 1);
    } else if (rc > 0) {
        memcpy(out, file, strlen(file) + 1);
    }
}

/* image; for Linux also initrd and bootargs, which a native may not have. */
static void parse_images(const struct cfg_node *n)
{
    struct config_partition *p = n->part;
    bool is_linux = p->kind == PARTITION_LINUX;
    const char *args;

    parse_file(n, "image", p->image, is_linux ? "\"Image\"" : "\"counter.bin\"");
    parse_index(n, "keel,image-index", &p->image_index);
    if (!is_linux) {
        static const char *const linux_only[] = {"initrd", "keel,initrd-index", "bootargs"};
        for (unsigned i = 0; i < 3; i++) {
            if (fdt_getprop(n->ctx->cfg, n->offset, linux_only[i], NULL) != NULL) {
                cfg_problem(n, linux_only[i], "is only for kind = \"linux\"");
            }
        }
        return;
    }
    parse_file(n, "initrd", p->initrd, NULL);
    parse_index(n, "keel,initrd-index", &p->initrd_index);
    int rc = cfg_get_string(n, "bootargs", &args);
    if (rc > 0 && strlen(args) >= sizeof(p->bootargs)) {
        cfg_problem(n, "bootargs", "is %u characters; at most %u", (unsigned)strlen(args),
                    (unsigned)sizeof(p->bootargs) - 1);
    } else if (rc > 0) {
        memcpy(p->bootargs, args, strlen(args) + 1);
    }
}

static void parse_fault_policy(const struct cfg_node *n)
{
    struct config_partition *p = n->part;
    const char *policy = "stop";
    uint32_t limit = CONFIG_DEFAULT_RESTART;
    int rc = cfg_get_string(n, "fault-policy", &policy);

    if (rc < 0) {
        return;
    }
    if (strcmp(policy, "stop") == 0) {
        p->fault_policy = FAULT_STOP;
    } else if (strcmp(policy, "restart") == 0) {
        p->fault_policy = FAULT_RESTART;
    } else {
        cfg_problem(n, "fault-policy", "unknown policy \"%.32s\"; expected \"stop\" or \"restart\"",
                    policy);
        return;
    }
    rc = cfg_get_u32(n, "restart-limit", &limit);
    if (rc > 0 && p->fault_policy != FAULT_RESTART) {
        cfg_problem(n, "restart-limit", "is only allowed with fault-policy = \"restart\"");
    } else if (rc > 0 && (limit < 1 || limit > CONFIG_MAX_RESTARTS)) {
        cfg_problem(n, "restart-limit", "is %u; it must be 1 to %u", limit, CONFIG_MAX_RESTARTS);
    } else if (p->fault_policy == FAULT_RESTART) {
        p->restart_limit = limit;
    }
}

static void parse_partition(struct cfg_ctx *ctx, int node, unsigned index)
{
    struct config_partition *p = &ctx->c->parts[index];
    struct cfg_node n;

    memset(p, 0, sizeof(*p));
    p->ok = true;
    p->image_index = -1;
    p->initrd_index = -1;
    cfg_node_init(&n, ctx, node, "/partitions", p);
    parse_name(&n, index);
    cfg_check_props(&n, partition_props);
    int devices = check_children(&n);
    parse_kind(&n);
    parse_vcpus(&n);
    parse_priority(&n);
    cfg_parse_memory(&n);
    parse_images(&n);
    parse_fault_policy(&n);
    cfg_parse_devices(&n, devices);
    if (p->ok) { /* conflicts with earlier partitions refuse this one */
        cfg_check_memory_claims(&n, index);
        cfg_check_device_claims(&n, index);
    }
}

static void parse_partitions(struct cfg_ctx *ctx, int node)
{
    struct cfg_node n;
    unsigned count = 0;
    int child;

    cfg_node_init(&n, ctx, node, "", NULL);
    cfg_check_props(&n, partitions_props);
    fdt_for_each_subnode(child, ctx->cfg, node)
    {
        if (count == CONFIG_MAX_PARTITIONS) {
            cfg_problem(&n, NULL, "more than %d partitions", CONFIG_MAX_PARTITIONS);
            ctx->file_refused = true;
            break;
        }
        parse_partition(ctx, child, count++);
        ctx->c->nr_partitions = count;
    }
    if (count == 0) {
        cfg_problem(&n, NULL, "no partition (add one node per partition)");
    }
}

/* The root: compatible, and no node but /partitions and /channels. Returns
 * the offset of /partitions and sets *channels to that of /channels (-1:
 * absent). */
static int check_root(struct cfg_ctx *ctx, int *channels)
{
    struct cfg_node root;
    int partitions = -1;
    int child;

    cfg_node_init(&root, ctx, 0, "", NULL);
    if (fdt_getprop(ctx->cfg, 0, "compatible", NULL) == NULL) {
        cfg_missing(&root, "compatible", "\"keel,config\"");
    } else if (fdt_node_check_compatible(ctx->cfg, 0, "keel,config") != 0) {
        cfg_problem(&root, "compatible", "is not \"keel,config\"; is this a partition config?");
    }
    cfg_check_props(&root, root_props);
    fdt_for_each_subnode(child, ctx->cfg, 0)
    {
        struct cfg_node n;
        const char *name = fdt_get_name(ctx->cfg, child, NULL);
        cfg_node_init(&n, ctx, child, "", NULL);
        if (name != NULL && strcmp(name, "partitions") == 0 && partitions < 0) {
            partitions = child;
        } else if (name != NULL && strcmp(name, "channels") == 0 && *channels < 0) {
            *channels = child;
        } else {
            cfg_problem(&n, NULL, "unknown node (a config has only /partitions and /channels)");
        }
    }
    if (ctx->problems != 0) {
        ctx->file_refused = true;
    }
    return partitions;
}

/* The blobs and the board are usable at all. Messages name no node. */
static bool check_inputs(struct cfg_ctx *ctx)
{
    struct cfg_node file = {.ctx = ctx, .offset = 0, .path = "", .part = NULL};
    int rc;

    if (ctx->b == NULL || ctx->board_fdt == NULL || fdt_check_header(ctx->board_fdt) != 0) {
        cfg_problem(&file, NULL, "no usable platform device tree to check the config against");
        return false;
    }
    if (ctx->cfg == NULL) {
        cfg_problem(&file, NULL, "no config blob");
        return false;
    }
    rc = fdt_check_header(ctx->cfg);
    if (rc == 0) {
        rc = fdt_check_full(ctx->cfg, fdt_totalsize(ctx->cfg));
    }
    if (rc != 0) {
        cfg_problem(&file, NULL, "not a compiled device tree (dtb), or corrupt: %s",
                    fdt_strerror(rc));
        return false;
    }
    return true;
}

unsigned config_parse(const void *cfg, const void *board_fdt, const struct board *b,
                      struct config *c, config_report_fn report, void *ctx)
{
    struct cfg_ctx x = {
        .cfg = cfg, .board_fdt = board_fdt, .b = b, .c = c, .report = report, .report_ctx = ctx};

    if (c == NULL) {
        return 1;
    }
    memset(c, 0, sizeof(*c));
    if (!check_inputs(&x)) {
        return x.problems;
    }
    int channels = -1;
    int partitions = check_root(&x, &channels);
    if (partitions < 0) {
        struct cfg_node n = {.ctx = &x, .offset = 0, .path = "/partitions", .part = NULL};
        cfg_problem(&n, NULL, "node is missing (it holds one node per partition)");
        return x.problems;
    }
    parse_partitions(&x, partitions);
    if (channels >= 0) {
        cfg_parse_channels(&x, channels);
    }
    if (x.file_refused) {
        c->nr_partitions = 0;
        c->nr_channels = 0;
    }
    return x.problems;
}
