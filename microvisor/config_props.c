/*
 * Config property readers and problem reporting, shared by config*.c.
 * Every reader checks the property's type and length before using it, so a
 * config blob that passed fdt_check_full() cannot make them read out of
 * bounds, whatever it holds.
 */
#include "config_internal.h"

#include <keel/format.h>
#include <libfdt.h>
#include <string.h>

void cfg_node_init(struct cfg_node *n, struct cfg_ctx *ctx, int offset, const char *parent_path,
                   struct config_partition *part)
{
    int len = 0;
    const char *name = (offset > 0) ? fdt_get_name(ctx->cfg, offset, &len) : NULL;

    n->ctx = ctx;
    n->offset = offset;
    n->part = part;
    n->chan = NULL;
    if (name == NULL) {
        fmt_format(n->path, sizeof(n->path), "%s", offset > 0 ? "<unknown>" : "/");
    } else {
        fmt_format(n->path, sizeof(n->path), "%s/%.*s", parent_path, len, name);
    }
}

/* Names and values in a config may be anything: keep messages printable. */
static void make_printable(char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) {
            *s = '?';
        }
    }
}

static void emit(const struct cfg_node *n, char *msg)
{
    struct cfg_ctx *ctx = n->ctx;

    make_printable(msg);
    ctx->problems++;
    if (n->part != NULL) {
        n->part->ok = false;
    }
    if (n->chan != NULL) {
        n->chan->ok = false;
    }
    if (ctx->report != NULL) {
        ctx->report(ctx->report_ctx, msg);
    }
}

void cfg_problem(const struct cfg_node *n, const char *prop, const char *fmt, ...)
{
    char msg[CONFIG_ERROR_LEN];
    size_t len;
    va_list ap;

    if (prop != NULL) {
        len = fmt_format(msg, sizeof(msg), "%s: property '%s': ", n->path, prop);
    } else if (n->path[0] != '\0') {
        len = fmt_format(msg, sizeof(msg), "%s: ", n->path);
    } else {
        len = 0; /* about the whole blob: no node to name */
    }
    if (len < sizeof(msg)) {
        va_start(ap, fmt);
        fmt_vformat(msg + len, sizeof(msg) - len, fmt, ap);
        va_end(ap);
    }
    emit(n, msg);
}

void cfg_missing(const struct cfg_node *n, const char *prop, const char *example)
{
    char msg[CONFIG_ERROR_LEN];

    fmt_format(msg, sizeof(msg), "%s: property '%s' is missing (required, e.g. %s = %s;)", n->path,
               prop, prop, example);
    emit(n, msg);
}

static bool is_known(const char *name, const char *const *known)
{
    for (; *known != NULL; known++) {
        if (strcmp(name, *known) == 0) {
            return true;
        }
    }
    return false;
}

void cfg_check_props(const struct cfg_node *n, const char *const *known)
{
    const void *cfg = n->ctx->cfg;
    int prop;

    fdt_for_each_property_offset(prop, cfg, n->offset)
    {
        const char *name = NULL;
        if (fdt_getprop_by_offset(cfg, prop, &name, NULL) == NULL || name == NULL) {
            cfg_problem(n, NULL, "a property cannot be read (corrupt blob)");
            return;
        }
        if (!is_known(name, known)) {
            cfg_problem(n, NULL, "unknown property '%s' (see docs/config.md)", name);
        }
    }
}

/* A string where a number belongs (vcpus = "two"). No value this schema
 * accepts has a non-zero first byte, so a number is never taken for one. */
static bool looks_like_string(const char *p, int len)
{
    if (len < 2 || p[0] == '\0' || p[len - 1] != '\0') {
        return false;
    }
    for (int i = 0; i < len - 1; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch != '\0' && (ch < 0x20 || ch >= 0x7f)) {
            return false;
        }
    }
    return true;
}

static int bad_number(const struct cfg_node *n, const char *prop, const char *p, int len,
                      const char *expected)
{
    if (looks_like_string(p, len)) {
        cfg_problem(n, prop, "is a string (\"%.32s\"); expected %s", p, expected);
    } else if (len == 0) {
        cfg_problem(n, prop, "is empty; expected %s", expected);
    } else if (len % 4 != 0) {
        cfg_problem(n, prop, "is %d bytes, not whole cells; expected %s", len, expected);
    } else {
        cfg_problem(n, prop, "has %d cell%s; expected %s", len / 4, len == 4 ? "" : "s", expected);
    }
    return -1;
}

int cfg_get_u32(const struct cfg_node *n, const char *prop, uint32_t *out)
{
    int len;
    const char *p = fdt_getprop(n->ctx->cfg, n->offset, prop, &len);

    if (p == NULL) {
        return 0;
    }
    if (len != 4 || looks_like_string(p, len)) {
        return bad_number(n, prop, p, len, "one cell, e.g. <1>");
    }
    *out = fdt32_ld((const fdt32_t *)p);
    return 1;
}

int cfg_get_u64(const struct cfg_node *n, const char *prop, uint64_t *out)
{
    int len;
    const char *p = fdt_getprop(n->ctx->cfg, n->offset, prop, &len);

    if (p == NULL) {
        return 0;
    }
    if (len != 8 || looks_like_string(p, len)) {
        return bad_number(n, prop, p, len, "two cells (64 bits), e.g. <0x0 0x200000>");
    }
    *out = ((uint64_t)fdt32_ld((const fdt32_t *)p) << 32) | fdt32_ld((const fdt32_t *)p + 1);
    return 1;
}

int cfg_get_cells(const struct cfg_node *n, const char *prop, const void **cells, unsigned *count)
{
    int len;
    const char *p = fdt_getprop(n->ctx->cfg, n->offset, prop, &len);

    if (p == NULL) {
        return 0;
    }
    if (len == 0 || len % 4 != 0 || looks_like_string(p, len)) {
        return bad_number(n, prop, p, len, "one or more cells, e.g. <0 1>");
    }
    *cells = p;
    *count = (unsigned)len / 4;
    return 1;
}

uint32_t cfg_cell(const void *cells, unsigned index)
{
    return fdt32_ld((const fdt32_t *)cells + index);
}

int cfg_get_string(const struct cfg_node *n, const char *prop, const char **out)
{
    int len;
    const char *p = fdt_getprop(n->ctx->cfg, n->offset, prop, &len);

    if (p == NULL) {
        return 0;
    }
    if (len < 1 || p[len - 1] != '\0' || strnlen(p, (size_t)len) != (size_t)len - 1) {
        cfg_problem(n, prop, "is not one string; expected e.g. %s = \"...\";", prop);
        return -1;
    }
    *out = p;
    return 1;
}

static bool name_char_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

bool cfg_parse_name(const struct cfg_node *n, char *out, const char *what)
{
    int len = 0;
    const char *name = fdt_get_name(n->ctx->cfg, n->offset, &len);
    bool ok = name != NULL && len >= 1 && len < CONFIG_NAME_LEN && name[0] >= 'a' && name[0] <= 'z';

    for (int i = 0; ok && i < len; i++) {
        ok = name_char_ok(name[i]);
    }
    fmt_format(out, CONFIG_NAME_LEN, "%.*s", name != NULL ? len : 0, name != NULL ? name : "");
    if (!ok) {
        cfg_problem(n, NULL,
                    "bad %s name: use 1 to %d characters of a-z, 0-9, '_' and '-', starting with "
                    "a letter",
                    what, CONFIG_NAME_LEN - 1);
    }
    return ok;
}

void cfg_format_size(char *buf, size_t len, uint64_t bytes)
{
    const uint64_t mib = 1ull << 20;

    if (bytes % mib == 0) {
        fmt_format(buf, len, "%llu MiB", (unsigned long long)(bytes / mib));
    } else if (bytes % 1024 == 0) {
        fmt_format(buf, len, "%llu KiB", (unsigned long long)(bytes / 1024));
    } else {
        fmt_format(buf, len, "%llu bytes", (unsigned long long)bytes);
    }
}
