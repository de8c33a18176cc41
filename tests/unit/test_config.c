/*
 * The partition config checks (microvisor/config*.c) against QEMU virt's
 * device trees: the shipped configs, a rich one and one with channels are
 * accepted with every field as written; every config in unit/configs/bad/
 * is refused with the messages its header names, while what else it holds
 * stays startable; and no blob, however damaged, makes config_parse crash
 * or accept a channel the runtime could not create.
 *
 * A bad config's header lines (// key: value) say what to expect:
 *   expect: TEXT        a reported message contains TEXT (one line per
 *                       message; the number of messages must match)
 *   refused: NAME       partition NAME is refused (ok == false)
 *   ok: NAME            partition NAME is still accepted
 *   chan-refused: NAME  channel NAME is refused
 *   chan-ok: NAME       channel NAME is still accepted
 *   whole-file          the whole file is refused (no partition, no channel)
 *   reserve: B S        the board has a reserved range at B of S bytes
 * refused, ok, chan-refused and chan-ok may each be given several times.
 */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fdt_fixture.h"
#include "test_config.h"
#include <dirent.h>
#include <keel/board.h>
#include <keel/config.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MESSAGES 64
#define MAX_EXPECT   8
#define MAX_NAMED    8

struct messages {
    char text[MAX_MESSAGES][CONFIG_ERROR_LEN];
    unsigned count; /* calls, even beyond MAX_MESSAGES */
};

struct bad_case {
    char expect[MAX_EXPECT][CONFIG_ERROR_LEN];
    unsigned nr_expect;
    struct {
        char name[CONFIG_NAME_LEN];
        bool chan; /* a channel, not a partition */
        bool ok;   /* should be accepted, not refused */
    } named[MAX_NAMED];
    unsigned nr_named;
    bool whole_file;
    uint64_t reserve_base, reserve_size;
};

static struct board board;
struct config cfg;
static struct messages msgs;
static void *board_fdt;

static void record(void *ctx, const char *msg)
{
    struct messages *m = ctx;
    if (m->count < MAX_MESSAGES) {
        snprintf(m->text[m->count], sizeof(m->text[0]), "%s", msg);
    }
    m->count++;
}

void load_board(const char *path)
{
    struct board_error err;
    size_t len;

    free(board_fdt);
    board_fdt = fixture_load_dtb(path, 0, &len);
    assert_int_equal(board_parse(board_fdt, &board, &err), 0);
}

void *load_config(const char *kind, const char *name)
{
    char path[512];
    size_t len;

    snprintf(path, sizeof(path), "%s/%s/%s.dtb", CONFIG_DTB_DIR, kind, name);
    return fixture_load_dtb(path, 0, &len);
}

unsigned parse(const void *blob)
{
    memset(&msgs, 0, sizeof(msgs));
    unsigned problems = config_parse(blob, board_fdt, &board, &cfg, record, &msgs);
    assert_int_equal(problems, msgs.count);
    check_channel_invariants();
    return problems;
}

void print_messages(void)
{
    for (unsigned i = 0; i < msgs.count && i < MAX_MESSAGES; i++) {
        print_message("  reported: %s\n", msgs.text[i]);
    }
}

const struct config_partition *find_part(const char *name)
{
    for (unsigned i = 0; i < cfg.nr_partitions; i++) {
        if (strcmp(cfg.parts[i].name, name) == 0) {
            return &cfg.parts[i];
        }
    }
    fail_msg("no partition '%s'", name);
    return NULL;
}

const struct config_channel *find_chan(const char *name)
{
    for (unsigned i = 0; i < cfg.nr_channels; i++) {
        if (strcmp(cfg.chans[i].name, name) == 0) {
            return &cfg.chans[i];
        }
    }
    fail_msg("no channel '%s'", name);
    return NULL;
}

static void assert_native_1cpu(const struct config_partition *p, const char *name, unsigned cpu,
                               const char *image)
{
    assert_string_equal(p->name, name);
    assert_true(p->ok);
    assert_int_equal(p->kind, PARTITION_NATIVE);
    assert_int_equal(p->nr_vcpus, 1);
    assert_int_equal(p->vcpu_cpu[0], cpu);
    assert_int_equal(p->mem_ipa, 0x40000000);
    assert_int_equal(p->mem_size, 0x200000);
    assert_false(p->mem_phys_fixed);
    assert_int_equal(p->entry, 0x40000000);
    assert_string_equal(p->image, image);
    assert_int_equal(p->image_index, -1);
    assert_int_equal(p->priority, 0);
    assert_int_equal(p->nr_devices, 0);
}

static void test_hello(void **state)
{
    (void)state;
    void *blob = load_config("shipped", "hello");
    assert_int_equal(parse(blob), 0);
    assert_int_equal(cfg.nr_partitions, 2);
    assert_native_1cpu(&cfg.parts[0], "alpha", 0, "counter.bin");
    assert_native_1cpu(&cfg.parts[1], "beta", 1, "counter.bin");
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(cfg.parts[i].fault_policy, FAULT_STOP);
        assert_int_equal(cfg.parts[i].restart_limit, 0);
    }
    load_board(VIRT_GICV2_DTB); /* the same config fits the GICv2 board */
    assert_int_equal(parse(blob), 0);
    assert_int_equal(cfg.nr_partitions, 2);
    load_board(VIRT_GICV3_DTB);
    free(blob);
}

static void test_fault(void **state)
{
    (void)state;
    void *blob = load_config("shipped", "fault");
    assert_int_equal(parse(blob), 0);
    assert_int_equal(cfg.nr_partitions, 2);
    assert_native_1cpu(&cfg.parts[0], "crasher", 0, "crasher.bin");
    assert_int_equal(cfg.parts[0].fault_policy, FAULT_RESTART);
    assert_int_equal(cfg.parts[0].restart_limit, 3);
    assert_native_1cpu(&cfg.parts[1], "counter", 1, "counter.bin");
    assert_int_equal(cfg.parts[1].fault_policy, FAULT_STOP);
    free(blob);
}

static void assert_device(const struct config_device *d, const char *name, uint64_t base,
                          uint64_t size, unsigned nr_irqs, uint32_t irq)
{
    assert_string_equal(d->name, name);
    assert_int_equal(pa_addr(d->regs.base), base);
    assert_int_equal(d->regs.size, size);
    assert_int_equal(d->nr_irqs, nr_irqs);
    if (nr_irqs > 0) {
        assert_int_equal(d->irqs[0], irq);
    }
}

static void check_rich_ctl(const struct config_partition *p)
{
    assert_true(p->ok);
    assert_int_equal(p->kind, PARTITION_NATIVE);
    assert_int_equal(p->nr_vcpus, 2);
    assert_int_equal(p->vcpu_cpu[0], 2);
    assert_int_equal(p->vcpu_cpu[1], 3);
    assert_int_equal(p->priority, 200);
    assert_int_equal(p->mem_size, 0x400000);
    assert_int_equal(p->mem_ipa, 0x80000000);
    assert_true(p->mem_phys_fixed);
    assert_int_equal(p->mem_phys, 0x60000000);
    assert_int_equal(p->entry, 0x80001000);
    assert_string_equal(p->image, "ctl.bin");
    assert_int_equal(p->image_index, -1);
    assert_int_equal(p->fault_policy, FAULT_RESTART);
    assert_int_equal(p->restart_limit, 5);
    assert_int_equal(p->nr_devices, 2);
    assert_device(&p->devices[0], "rtc@9010000", 0x09010000, 0x1000, 1, 34);
    assert_device(&p->devices[1], "gpio@9030000", 0x09030000, 0x1000, 1, 39);
}

static void check_rich_others(void)
{
    const struct config_partition *logger = find_part("logger");
    assert_true(logger->ok);
    assert_int_equal(logger->priority, 10);
    assert_int_equal(logger->mem_size, 0x100000);
    assert_int_equal(logger->image_index, 7); /* as written in the source */
    assert_int_equal(logger->nr_devices, 1);
    assert_device(&logger->devices[0], "flash@4000000", 0x04000000, 0x10000, 0, 0);

    const struct config_partition *peer = find_part("peer");
    assert_true(peer->ok);
    assert_int_equal(peer->nr_vcpus, 3);
    assert_int_equal(peer->vcpu_cpu[0], 0);
    assert_int_equal(peer->vcpu_cpu[1], 1);
    assert_int_equal(peer->vcpu_cpu[2], 0);
    assert_int_equal(peer->priority, 255);
    assert_true(peer->mem_phys_fixed);
    assert_int_equal(peer->mem_phys, 0x60400000);
    assert_int_equal(peer->fault_policy, FAULT_STOP);
    assert_string_equal(peer->image, "shared.bin");

    const struct config_partition *min = find_part("minimal");
    assert_native_1cpu(min, "minimal", 3, "min.bin");
    assert_int_equal(min->fault_policy, FAULT_STOP);
    assert_int_equal(min->restart_limit, 0);
}

static void test_rich(void **state)
{
    (void)state;
    void *blob = load_config("good", "rich");
    if (parse(blob) != 0) {
        print_messages();
        fail();
    }
    assert_int_equal(cfg.nr_partitions, 4);
    check_rich_ctl(find_part("ctl"));
    check_rich_others();
    free(blob);
}

static void test_linux(void **state)
{
    (void)state;
    void *blob = load_config("good", "linux");
    if (parse(blob) != 0) {
        print_messages();
        fail();
    }
    const struct config_partition *l = find_part("linux");
    assert_int_equal(l->kind, PARTITION_LINUX);
    assert_int_equal(l->nr_vcpus, 2);
    assert_int_equal(l->mem_size, 0x10000000);
    assert_string_equal(l->image, "Image");
    assert_string_equal(l->initrd, "initramfs.cpio.gz");
    assert_string_equal(l->bootargs, "console=ttyAMA0 panic=-1");
    assert_int_equal(l->initrd_index, -1);
    assert_int_equal(l->fault_policy, FAULT_RESTART);
    assert_int_equal(l->restart_limit, 5);
    const struct config_partition *svc = find_part("svc");
    assert_int_equal(svc->kind, PARTITION_NATIVE);
    assert_string_equal(svc->initrd, "");
    assert_string_equal(svc->bootargs, "");
    free(blob);
}

static void add_named(struct bad_case *bc, const char *name, bool chan, bool ok)
{
    assert_true(bc->nr_named < MAX_NAMED);
    snprintf(bc->named[bc->nr_named].name, CONFIG_NAME_LEN, "%s", name);
    bc->named[bc->nr_named].chan = chan;
    bc->named[bc->nr_named++].ok = ok;
}

/* Reads the "// key: value" header of a bad config's source. */
static void read_header(const char *path, struct bad_case *bc)
{
    char line[512];
    FILE *f = fopen(path, "r");

    assert_non_null(f);
    memset(bc, 0, sizeof(*bc));
    while (fgets(line, sizeof(line), f) != NULL && strncmp(line, "//", 2) == 0) {
        line[strcspn(line, "\n")] = '\0';
        const char *v = strchr(line, ':') ? strchr(line, ':') + 2 : "";
        if (strncmp(line, "// expect: ", 11) == 0) {
            assert_true(bc->nr_expect < MAX_EXPECT);
            snprintf(bc->expect[bc->nr_expect++], CONFIG_ERROR_LEN, "%s", v);
        } else if (strncmp(line, "// refused: ", 12) == 0 || strncmp(line, "// ok: ", 7) == 0) {
            add_named(bc, v, false, line[3] == 'o');
        } else if (strncmp(line, "// chan-refused: ", 17) == 0 ||
                   strncmp(line, "// chan-ok: ", 12) == 0) {
            add_named(bc, v, true, line[8] == 'o');
        } else if (strcmp(line, "// whole-file") == 0) {
            bc->whole_file = true;
        } else if (strncmp(line, "// reserve: ", 12) == 0) {
            char *end;
            bc->reserve_base = strtoull(v, &end, 0);
            bc->reserve_size = strtoull(end, NULL, 0);
        }
    }
    fclose(f);
    assert_true(bc->nr_expect > 0);
}

static bool message_matches(const char *expect, bool *used)
{
    for (unsigned i = 0; i < msgs.count && i < MAX_MESSAGES; i++) {
        if (!used[i] && strstr(msgs.text[i], expect) != NULL) {
            used[i] = true;
            return true;
        }
    }
    return false;
}

static void check_bad(const char *name)
{
    char path[512];
    struct bad_case bc;
    bool used[MAX_MESSAGES] = {false};

    snprintf(path, sizeof(path), "%s/%s.dts", CONFIG_BAD_SRC_DIR, name);
    read_header(path, &bc);
    load_board(VIRT_GICV3_DTB);
    if (bc.reserve_size != 0) {
        assert_int_equal(board_add_reserved(&board, pa_init(bc.reserve_base), bc.reserve_size), 0);
    }
    void *blob = load_config("bad", name);
    unsigned problems = parse(blob);
    free(blob);
    for (unsigned i = 0; i < bc.nr_expect; i++) {
        if (!message_matches(bc.expect[i], used)) {
            print_messages();
            fail_msg("%s: no message contains \"%s\"", name, bc.expect[i]);
        }
    }
    if (problems != bc.nr_expect) {
        print_messages();
        fail_msg("%s: %u problems reported, %u expected", name, problems, bc.nr_expect);
    }
    if (bc.whole_file && (cfg.nr_partitions != 0 || cfg.nr_channels != 0)) {
        fail_msg("%s: the whole file should be refused, %u partitions and %u channels remain", name,
                 cfg.nr_partitions, cfg.nr_channels);
    }
    for (unsigned i = 0; i < bc.nr_named; i++) {
        const char *n = bc.named[i].name;
        bool ok = bc.named[i].chan ? find_chan(n)->ok : find_part(n)->ok;
        if (ok != bc.named[i].ok) {
            print_messages();
            fail_msg("%s: %s '%s' should be %s", name, bc.named[i].chan ? "channel" : "partition",
                     n, bc.named[i].ok ? "accepted" : "refused");
        }
    }
}

static void test_bad_configs(void **state)
{
    (void)state;
    DIR *dir = opendir(CONFIG_BAD_SRC_DIR);
    struct dirent *e;
    unsigned checked = 0;

    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".dts") == 0) {
            char name[256];
            snprintf(name, sizeof(name), "%.*s", (int)(len - 4), e->d_name);
            check_bad(name);
            checked++;
        }
    }
    closedir(dir);
    assert_true(checked >= 80);
    load_board(VIRT_GICV3_DTB);
}

/* Every config shipped in configs/ fits QEMU virt, GICv3 and GICv2. */
static void test_every_shipped_config(void **state)
{
    (void)state;
    DIR *dir = opendir(CONFIG_DTB_DIR "/shipped");
    struct dirent *e;
    unsigned checked = 0;

    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".dtb") != 0) {
            continue;
        }
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(len - 4), e->d_name);
        void *blob = load_config("shipped", name);
        for (int gic = 0; gic < 2; gic++) {
            load_board(gic == 0 ? VIRT_GICV3_DTB : VIRT_GICV2_DTB);
            if (parse(blob) != 0 || cfg.nr_partitions == 0) {
                print_messages();
                fail_msg("configs/%s.dts is refused", name);
            }
        }
        free(blob);
        checked++;
    }
    closedir(dir);
    assert_true(checked >= 2);
    load_board(VIRT_GICV3_DTB);
}

/* Gives every property of a good config values of the wrong shape, one at
 * a time: each must be refused or accepted, never crash or overread. */
static unsigned retype_properties(const char *config)
{
    static const unsigned char ones[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const int lengths[] = {0, 1, 3, 4, 8, 12, 16};
    char path[512];
    size_t len;
    snprintf(path, sizeof(path), "%s/good/%s.dtb", CONFIG_DTB_DIR, config);
    void *good = fixture_load_dtb(path, 256, &len);
    void *copy = malloc(len);
    unsigned tried = 0;

    assert_non_null(copy);
    for (int node = 0; node >= 0; node = fdt_next_node(good, node, NULL)) {
        int prop;
        fdt_for_each_property_offset(prop, good, node)
        {
            const char *name;
            assert_non_null(fdt_getprop_by_offset(good, prop, &name, NULL));
            for (unsigned v = 0; v < sizeof(lengths) / sizeof(lengths[0]); v++) {
                memcpy(copy, good, len); /* a fresh copy: the same node offsets */
                assert_int_equal(fdt_setprop(copy, node, name, ones, lengths[v]), 0);
                parse(copy);
                tried++;
            }
        }
    }
    free(copy);
    free(good);
    return tried;
}

static void test_retyped_properties(void **state)
{
    (void)state;
    assert_true(retype_properties("rich") > 100);
    assert_true(retype_properties("channels") > 100);
    assert_true(retype_properties("linux") > 100);
}

static void test_not_a_config(void **state)
{
    (void)state;
    static const char garbage[64] = "this is not a device tree blob";

    assert_int_equal(parse(garbage), 1);
    assert_non_null(strstr(msgs.text[0], "not a compiled device tree"));
    assert_int_equal(cfg.nr_partitions, 0);
    assert_int_equal(parse(NULL), 1);
    assert_non_null(strstr(msgs.text[0], "no config blob"));
    /* the platform device tree is not a config */
    assert_true(parse(board_fdt) > 1);
    assert_non_null(strstr(msgs.text[0], "/: property 'compatible'"));
    assert_int_equal(cfg.nr_partitions, 0);
    /* no report function: problems are still counted */
    assert_int_equal(config_parse(garbage, board_fdt, &board, &cfg, NULL, NULL), 1);
    assert_int_equal(config_parse(garbage, board_fdt, NULL, &cfg, NULL, NULL), 1);
    assert_int_equal(config_parse(garbage, board_fdt, &board, NULL, NULL, NULL), 1);
}

static void test_corrupt_blob(void **state)
{
    (void)state;
    size_t len;
    char path[512];
    snprintf(path, sizeof(path), "%s/good/rich.dtb", CONFIG_DTB_DIR);
    uint32_t *blob = fixture_load_dtb(path, 0, &len);
    uint32_t struct_off = fdt32_to_cpu(blob[2]);

    blob[2] = cpu_to_fdt32(fdt32_to_cpu(blob[1]) + 64); /* structure block past the end */
    assert_int_equal(parse(blob), 1);
    assert_non_null(strstr(msgs.text[0], "corrupt"));
    blob[2] = cpu_to_fdt32(struct_off);
    blob[struct_off / 4] = cpu_to_fdt32(0x77); /* not a tag */
    assert_int_equal(parse(blob), 1);
    assert_non_null(strstr(msgs.text[0], "corrupt"));
    free(blob);
}

/* Damages a good config at random, again and again: every outcome is
 * allowed except a crash, a hang, a problem count that does not match the
 * messages, or a channel the runtime could not create (parse() checks).
 * Deterministic (fixed seed) so a failure repeats. */
static void damage(const char *config)
{
    size_t len;
    char path[512];
    snprintf(path, sizeof(path), "%s/good/%s.dtb", CONFIG_DTB_DIR, config);
    unsigned char *good = fixture_load_dtb(path, 0, &len);
    unsigned char *copy = malloc(len);
    uint32_t seed = 12345;
    unsigned accepted = 0;

    assert_non_null(copy);
    for (unsigned round = 0; round < 4000; round++) {
        memcpy(copy, good, len);
        for (unsigned flips = 1 + round % 4; flips > 0; flips--) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            copy[at] =
                (round % 3 == 0) ? (unsigned char)(seed >> 24) : copy[at] ^ (1u << (seed % 8));
        }
        accepted += parse(copy) == 0;
    }
    print_message("damaged %s: %u of 4000 still accepted\n", config, accepted);
    free(copy);
    free(good);
}

static void test_damaged_blobs(void **state)
{
    (void)state;
    damage("rich");
    damage("channels");
}

static int setup(void **state)
{
    (void)state;
    load_board(VIRT_GICV3_DTB);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(board_fdt);
    board_fdt = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello),
        cmocka_unit_test(test_fault),
        cmocka_unit_test(test_rich),
        cmocka_unit_test(test_channels),
        cmocka_unit_test(test_linux),
        cmocka_unit_test(test_refused_channel_numbering),
        cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_not_a_config),
        cmocka_unit_test(test_corrupt_blob),
        cmocka_unit_test(test_damaged_blobs),
        cmocka_unit_test(test_every_shipped_config),
        cmocka_unit_test(test_retyped_properties),
    };
    return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
