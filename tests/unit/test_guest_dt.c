/* The device tree a Linux partition boots with (microvisor/guest_dt.c),
 * read back node by node with the host's libfdt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <guest_dt.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#define DT_SIZE 0x10000

static struct guest_dt_params params(unsigned gic)
{
    struct guest_dt_params p = {
        .name = "linux",
        .nr_vcpus = 2,
        .mem_ipa = 0x40000000,
        .mem_size = 0x10000000,
        .gic_version = gic,
        .gicd = 0x08000000,
        .gicr = 0x080a0000,
        .gicc = 0x08010000,
        .uart = 0x09000000,
        .uart_intid = 33,
        .bootargs = "console=ttyAMA0 panic=-1",
        .initrd = 0x4f000000,
        .initrd_size = 0x123456,
        .restarts = 2,
        .nr_channels = 2,
    };
    p.chans[0] = (struct guest_dt_channel){"echo", "svc", 0, 64, 0, 0};
    p.chans[1] = (struct guest_dt_channel){"stream", "producer", 1, 65, 0x50000000, 0x10000};
    return p;
}

static void *build(const struct guest_dt_params *p)
{
    void *fdt = malloc(DT_SIZE);
    assert_non_null(fdt);
    assert_int_equal(guest_dt_build(fdt, DT_SIZE, p), 0);
    assert_int_equal(fdt_check_full(fdt, DT_SIZE), 0);
    return fdt;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    if (off < 0) {
        fail_msg("no node %s", path);
    }
    return off;
}

static void assert_str(const void *fdt, const char *path, const char *prop, const char *want)
{
    int len;
    const char *v = fdt_getprop(fdt, node(fdt, path), prop, &len);
    assert_non_null(v);
    assert_int_equal(len, (int)strlen(want) + 1);
    assert_string_equal(v, want);
}

/* A property of `n` cells equal to want[]. */
static void assert_cells(const void *fdt, const char *path, const char *prop, const uint32_t *want,
                         int n)
{
    int len;
    const fdt32_t *v = fdt_getprop(fdt, node(fdt, path), prop, &len);
    assert_non_null(v);
    assert_int_equal(len, n * 4);
    for (int i = 0; i < n; i++) {
        assert_int_equal(fdt32_to_cpu(v[i]), want[i]);
    }
}

static void assert_u32(const void *fdt, const char *path, const char *prop, uint32_t want)
{
    assert_cells(fdt, path, prop, &want, 1);
}

static void test_root_chosen_memory(void **state)
{
    (void)state;
    struct guest_dt_params p = params(3);
    void *fdt = build(&p);

    assert_int_equal(fdt_node_check_compatible(fdt, 0, "keel,guest"), 0);
    assert_u32(fdt, "/", "#address-cells", 2);
    assert_u32(fdt, "/", "#size-cells", 2);
    assert_u32(fdt, "/", "interrupt-parent",
               fdt_get_phandle(fdt, node(fdt, "/interrupt-controller@8000000")));
    assert_str(fdt, "/chosen", "bootargs", "console=ttyAMA0 panic=-1");
    assert_str(fdt, "/chosen", "stdout-path", "/pl011@9000000");
    assert_str(fdt, "/aliases", "serial0", "/pl011@9000000");
    assert_cells(fdt, "/chosen", "linux,initrd-start", (uint32_t[]){0, 0x4f000000}, 2);
    assert_cells(fdt, "/chosen", "linux,initrd-end", (uint32_t[]){0, 0x4f123456}, 2);
    assert_u32(fdt, "/chosen", "keel,restarts", 2);
    assert_str(fdt, "/chosen", "keel,partition", "linux");
    assert_str(fdt, "/memory@40000000", "device_type", "memory");
    assert_cells(fdt, "/memory@40000000", "reg", (uint32_t[]){0, 0x40000000, 0, 0x10000000}, 4);
    free(fdt);
}

static void test_cpus_psci(void **state)
{
    (void)state;
    struct guest_dt_params p = params(3);
    void *fdt = build(&p);
    int cpus = node(fdt, "/cpus"), child, n = 0;

    assert_u32(fdt, "/cpus", "#address-cells", 1);
    assert_u32(fdt, "/cpus", "#size-cells", 0);
    fdt_for_each_subnode(child, fdt, cpus)
    {
        n++;
    }
    assert_int_equal(n, 2);
    assert_u32(fdt, "/cpus/cpu@0", "reg", 0);
    assert_u32(fdt, "/cpus/cpu@1", "reg", 1);
    assert_str(fdt, "/cpus/cpu@1", "enable-method", "psci");
    assert_str(fdt, "/cpus/cpu@1", "device_type", "cpu");
    assert_str(fdt, "/psci", "method", "hvc");
    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, "/psci"), "arm,psci-0.2"), 0);
    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, "/psci"), "arm,psci-1.0"), 0);
    free(fdt);
}

static void test_gic_timer(void **state)
{
    (void)state;
    struct guest_dt_params p = params(3);
    void *fdt = build(&p);
    const char *gic = "/interrupt-controller@8000000";

    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, gic), "arm,gic-v3"), 0);
    assert_non_null(fdt_getprop(fdt, node(fdt, gic), "interrupt-controller", NULL));
    assert_u32(fdt, gic, "#interrupt-cells", 3);
    /* GICD 64 KiB, then one 128 KiB redistributor frame per vCPU */
    assert_cells(fdt, gic, "reg",
                 (uint32_t[]){0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x40000}, 8);
    assert_cells(fdt, "/timer", "interrupts", (uint32_t[]){1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4},
                 12);
    free(fdt);

    p = params(2);
    fdt = build(&p);
    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, gic), "arm,cortex-a15-gic"), 0);
    assert_cells(fdt, gic, "reg", (uint32_t[]){0, 0x08000000, 0, 0x1000, 0, 0x08010000, 0, 0x2000},
                 8);
    /* GICv2 PPIs name the CPUs they reach: two vCPUs, mask 0b11 */
    assert_cells(fdt, "/timer", "interrupts",
                 (uint32_t[]){1, 13, 0x304, 1, 14, 0x304, 1, 11, 0x304, 1, 10, 0x304}, 12);
    free(fdt);
}

static void test_uart(void **state)
{
    (void)state;
    struct guest_dt_params p = params(3);
    void *fdt = build(&p);
    const char *uart = "/pl011@9000000";
    uint32_t clk = fdt_get_phandle(fdt, node(fdt, "/apb-pclk"));

    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, uart), "arm,pl011"), 0);
    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, uart), "arm,primecell"), 0);
    assert_cells(fdt, uart, "reg", (uint32_t[]){0, 0x09000000, 0, 0x1000}, 4);
    assert_cells(fdt, uart, "interrupts", (uint32_t[]){0, 1, 4}, 3); /* SPI 1 = INTID 33 */
    assert_true(clk != 0);
    assert_cells(fdt, uart, "clocks", (uint32_t[]){clk, clk}, 2);
    assert_u32(fdt, "/apb-pclk", "clock-frequency", 24000000);
    assert_u32(fdt, "/apb-pclk", "#clock-cells", 0);
    free(fdt);
}

static void test_channels(void **state)
{
    (void)state;
    struct guest_dt_params p = params(3);
    void *fdt = build(&p);

    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, "/keel"), "simple-bus"), 0);
    assert_non_null(fdt_getprop(fdt, node(fdt, "/keel"), "ranges", NULL));
    /* no shared memory: no reg, no unit address */
    assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, "/keel/echo"), "keel,channel"), 0);
    assert_u32(fdt, "/keel/echo", "keel,endpoint", 0);
    assert_cells(fdt, "/keel/echo", "interrupts", (uint32_t[]){0, 32, 1}, 3);
    assert_null(fdt_getprop(fdt, node(fdt, "/keel/echo"), "reg", NULL));
    assert_str(fdt, "/keel/echo", "keel,peer", "svc");
    assert_u32(fdt, "/keel/stream@50000000", "keel,endpoint", 1);
    assert_cells(fdt, "/keel/stream@50000000", "interrupts", (uint32_t[]){0, 33, 1}, 3);
    assert_cells(fdt, "/keel/stream@50000000", "reg", (uint32_t[]){0, 0x50000000, 0, 0x10000}, 4);
    free(fdt);

    p.nr_channels = 0; /* the /keel bus is there, empty */
    p.initrd_size = 0;
    fdt = build(&p);
    assert_int_equal(fdt_first_subnode(fdt, node(fdt, "/keel")), -FDT_ERR_NOTFOUND);
    assert_null(fdt_getprop(fdt, node(fdt, "/chosen"), "linux,initrd-start", NULL));
    free(fdt);
}

static void test_refusals(void **state)
{
    (void)state;
    char small[256];
    struct guest_dt_params p = params(3);

    assert_int_equal(guest_dt_build(small, sizeof(small), &p), -FDT_ERR_NOSPACE);
    p.chans[1].virq = 31;
    assert_int_equal(guest_dt_build(small, sizeof(small), &p), -FDT_ERR_BADVALUE);
    p = params(4);
    assert_int_equal(guest_dt_build(small, sizeof(small), &p), -FDT_ERR_BADVALUE);
    p = params(3);
    p.nr_vcpus = 0;
    assert_int_equal(guest_dt_build(small, sizeof(small), &p), -FDT_ERR_BADVALUE);
    p = params(3);
    p.nr_channels = GUEST_DT_MAX_CHANNELS + 1;
    assert_int_equal(guest_dt_build(small, sizeof(small), &p), -FDT_ERR_BADVALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_chosen_memory), cmocka_unit_test(test_cpus_psci),
        cmocka_unit_test(test_gic_timer),          cmocka_unit_test(test_uart),
        cmocka_unit_test(test_channels),           cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests_name("guest_dt", tests, NULL, NULL);
}
