/*
 * Board discovery on real device trees dumped from QEMU (GICv2 and GICv3),
 * on a SoC-shaped tree with buses and aliases, and on trees that are
 * truncated, corrupt or missing what Keel needs: each refused with a
 * message naming the node and property.
 */
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fdt_fixture.h"
#include <keel/board.h>
#include <keel/driver.h>
#include <keel/image.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#define SLACK 4096

static struct board b;
static struct board_error err;

static void *load(const char *path)
{
    size_t len;
    return fixture_load_dtb(path, SLACK, &len);
}

static void assert_range(const struct pa_range *r, uint64_t base, uint64_t size)
{
    assert_int_equal(pa_addr(r->base), base);
    assert_int_equal(r->size, size);
}

static void test_virt_gicv3(void **state)
{
    (void)state;
    void *fdt = load(VIRT_GICV3_DTB);
    assert_int_equal(board_parse(fdt, &b, &err), 0);
    assert_string_equal(b.model, "linux,dummy-virt");
    assert_int_equal(b.nr_mem, 1);
    assert_range(&b.mem[0], 0x40000000, 0x40000000);
    assert_int_equal(board_mem_total(&b), 1ull << 30);
    assert_int_equal(b.nr_cpus, 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(b.cpus[i].mpidr, i);
    }
    assert_int_equal(b.gic.version, 3);
    assert_string_equal(b.gic.driver->name, "gicv3");
    assert_string_equal(b.gic.path, "/intc@8000000");
    assert_range(&b.gic.dist, 0x08000000, 0x10000);
    assert_int_equal(b.gic.nr_redist, 1);
    assert_range(&b.gic.redist[0], 0x080a0000, 0xf60000);
    assert_int_equal(b.gic.maint_intid, 25);
    assert_string_equal(b.uart.driver->name, "pl011");
    assert_int_equal(b.uart.driver->variant, KEEL_UART_PL011);
    assert_string_equal(b.uart.path, "/pl011@9000000");
    assert_range(&b.uart.regs, 0x09000000, 0x1000);
    assert_int_equal(b.uart.intid, 33);
    assert_int_equal(b.timer.intid_sec_phys, 29);
    assert_int_equal(b.timer.intid_phys, 30);
    assert_int_equal(b.timer.intid_virt, 27);
    assert_int_equal(b.timer.intid_hyp, 26);
    assert_int_equal(b.psci.method, PSCI_METHOD_SMC);
    assert_string_equal(b.psci.driver->name, "psci-1.0");
    assert_int_equal(board_cpu_index(&b, 2), 2);
    assert_int_equal(board_cpu_index(&b, 0x100), -1);
    free(fdt);
}

static void test_virt_gicv2(void **state)
{
    (void)state;
    void *fdt = load(VIRT_GICV2_DTB);
    assert_int_equal(board_parse(fdt, &b, &err), 0);
    assert_int_equal(b.gic.version, 2);
    assert_string_equal(b.gic.driver->name, "gicv2");
    assert_range(&b.gic.dist, 0x08000000, 0x10000);
    assert_range(&b.gic.cpuif, 0x08010000, 0x10000);
    assert_range(&b.gic.hyp, 0x08030000, 0x10000);
    assert_range(&b.gic.vcpu, 0x08040000, 0x10000);
    assert_int_equal(b.gic.nr_redist, 0);
    assert_int_equal(b.gic.maint_intid, 25);
    assert_int_equal(b.nr_cpus, 4);
    assert_range(&b.uart.regs, 0x09000000, 0x1000);
    free(fdt);
}

static void test_nested_bus_board(void **state)
{
    (void)state;
    void *fdt = load(NESTED_BUS_DTB);
    assert_int_equal(board_parse(fdt, &b, &err), 0);
    assert_string_equal(b.model, "Keel test board");
    assert_int_equal(b.nr_mem, 2);
    assert_range(&b.mem[0], 0x0, 0x7ff00000);
    assert_range(&b.mem[1], 0x800000000ull, 0x80000000);
    assert_int_equal(b.nr_reserved, 2);
    assert_range(&b.reserved[0], 0x7ff00000, 0x100000);
    assert_range(&b.reserved[1], 0x60000000, 0x200000);
    assert_int_equal(b.nr_cpus, 3); /* the disabled one is left out */
    assert_int_equal(b.cpus[2].mpidr, 0x100);
    assert_int_equal(b.gic.version, 2);
    assert_range(&b.gic.dist, 0xf9010000, 0x10000);
    assert_range(&b.gic.vcpu, 0xf9060000, 0x20000);
    assert_string_equal(b.uart.driver->name, "cadence-uart");
    assert_string_equal(b.uart.path, "/axi/serial@0");
    assert_range(&b.uart.regs, 0xff000000, 0x1000); /* through the bus ranges */
    assert_int_equal(b.uart.intid, 53);
    assert_int_equal(board_add_reserved(&b, pa_init(0x1000), 0x1000), 0);
    assert_int_equal(b.nr_reserved, 3);
    free(fdt);
}

/* Edits a fresh copy of the GICv3 tree with `edit`, then expects board_parse
 * to refuse it with a message containing each of the given words. */
static void expect_refused(const char *path, void (*edit)(void *fdt), const char *w1,
                           const char *w2)
{
    void *fdt = load(path);
    edit(fdt);
    assert_int_equal(board_parse(fdt, &b, &err), -1);
    if (strstr(err.msg, w1) == NULL || (w2 != NULL && strstr(err.msg, w2) == NULL)) {
        fail_msg("message \"%s\" lacks \"%s\"/\"%s\"", err.msg, w1, w2 ? w2 : "");
    }
    free(fdt);
}

static void del_node(void *fdt, const char *path)
{
    int node = fdt_path_offset(fdt, path);
    assert_true(node >= 0);
    assert_int_equal(fdt_del_node(fdt, node), 0);
}

static void set_string(void *fdt, const char *path, const char *prop, const char *value)
{
    int node = fdt_path_offset(fdt, path);
    assert_true(node >= 0);
    assert_int_equal(fdt_setprop_string(fdt, node, prop, value), 0);
}

static void edit_no_psci(void *f)
{
    del_node(f, "/psci");
}
static void edit_no_gic(void *f)
{
    del_node(f, "/intc@8000000");
}
static void edit_no_memory(void *f)
{
    del_node(f, "/memory@40000000");
}
static void edit_no_timer(void *f)
{
    del_node(f, "/timer");
}
static void edit_no_cpus(void *f)
{
    del_node(f, "/cpus");
}
static void edit_psci_method(void *f)
{
    set_string(f, "/psci", "method", "mailbox");
}
static void edit_psci_no_method(void *f)
{
    assert_int_equal(fdt_delprop(f, fdt_path_offset(f, "/psci"), "method"), 0);
}
static void edit_stdout_missing(void *f)
{
    set_string(f, "/chosen", "stdout-path", "/nowhere");
}
static void edit_stdout_unsupported(void *f)
{
    set_string(f, "/pl011@9000000", "compatible", "acme,uart9000");
}
static void edit_spin_table(void *f)
{
    set_string(f, "/cpus/cpu@1", "enable-method", "spin-table");
}
static void edit_dup_cpu(void *f)
{
    assert_int_equal(fdt_setprop_u32(f, fdt_path_offset(f, "/cpus/cpu@1"), "reg", 0), 0);
}
static void edit_timer_three(void *f)
{
    uint32_t irqs[9] = {cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
                        cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
                        cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4)};
    assert_int_equal(fdt_setprop(f, fdt_path_offset(f, "/timer"), "interrupts", irqs, sizeof(irqs)),
                     0);
}
static void edit_gic_redist_count(void *f)
{
    assert_int_equal(
        fdt_setprop_u32(f, fdt_path_offset(f, "/intc@8000000"), "#redistributor-regions", 9), 0);
}
static void edit_gic_no_redist(void *f)
{
    uint32_t reg[4] = {0, cpu_to_fdt32(0x08000000), 0, cpu_to_fdt32(0x10000)};
    assert_int_equal(fdt_setprop(f, fdt_path_offset(f, "/intc@8000000"), "reg", reg, sizeof(reg)),
                     0);
}
static void edit_gicv2_no_virt(void *f)
{
    uint32_t reg[8] = {0, cpu_to_fdt32(0x08000000), 0, cpu_to_fdt32(0x10000),
                       0, cpu_to_fdt32(0x08010000), 0, cpu_to_fdt32(0x10000)};
    assert_int_equal(fdt_setprop(f, fdt_path_offset(f, "/intc@8000000"), "reg", reg, sizeof(reg)),
                     0);
}
static void edit_gic_no_maint(void *f)
{
    assert_int_equal(fdt_delprop(f, fdt_path_offset(f, "/intc@8000000"), "interrupts"), 0);
}
static void edit_memory_no_reg(void *f)
{
    assert_int_equal(fdt_delprop(f, fdt_path_offset(f, "/memory@40000000"), "reg"), 0);
}
static void edit_uart_no_reg(void *f)
{
    assert_int_equal(fdt_delprop(f, fdt_path_offset(f, "/pl011@9000000"), "reg"), 0);
}
static void edit_cpus_cells(void *f)
{
    assert_int_equal(fdt_setprop_u32(f, fdt_path_offset(f, "/cpus"), "#address-cells", 3), 0);
}

static void edit_uart_in_ram(void *f)
{
    uint32_t reg[4] = {0, cpu_to_fdt32(0x40001000), 0, cpu_to_fdt32(0x1000)};
    assert_int_equal(fdt_setprop(f, fdt_path_offset(f, "/pl011@9000000"), "reg", reg, sizeof(reg)),
                     0);
}

static void test_incomplete_trees_refused(void **state)
{
    (void)state;
    expect_refused(VIRT_GICV3_DTB, edit_no_psci, "no PSCI node", NULL);
    expect_refused(VIRT_GICV3_DTB, edit_no_gic, "no supported interrupt controller", NULL);
    expect_refused(VIRT_GICV3_DTB, edit_no_memory, "no memory node", NULL);
    expect_refused(VIRT_GICV3_DTB, edit_no_timer, "no architected timer", NULL);
    expect_refused(VIRT_GICV3_DTB, edit_no_cpus, "/cpus", "missing");
    expect_refused(VIRT_GICV3_DTB, edit_psci_method, "/psci", "'method'");
    expect_refused(VIRT_GICV3_DTB, edit_psci_no_method, "/psci", "'method' is missing");
    expect_refused(VIRT_GICV3_DTB, edit_stdout_missing, "/chosen", "no node \"/nowhere\"");
    expect_refused(VIRT_GICV3_DTB, edit_stdout_unsupported, "acme,uart9000", "no driver");
    expect_refused(VIRT_GICV3_DTB, edit_spin_table, "/cpus/cpu@1", "'enable-method'");
    expect_refused(VIRT_GICV3_DTB, edit_dup_cpu, "/cpus/cpu@1", "given twice");
    expect_refused(VIRT_GICV3_DTB, edit_timer_three, "/timer", "entry 3 of 4");
    expect_refused(VIRT_GICV3_DTB, edit_gic_redist_count, "/intc@8000000",
                   "'#redistributor-regions'");
    expect_refused(VIRT_GICV3_DTB, edit_gic_no_redist, "/intc@8000000", "GICR");
    expect_refused(VIRT_GICV2_DTB, edit_gicv2_no_virt, "/intc@8000000", "GICH/GICV");
    expect_refused(VIRT_GICV3_DTB, edit_gic_no_maint, "/intc@8000000", "maintenance");
    expect_refused(VIRT_GICV3_DTB, edit_memory_no_reg, "/memory@40000000", "'reg'");
    expect_refused(VIRT_GICV3_DTB, edit_uart_no_reg, "/pl011@9000000", "'reg'");
    expect_refused(VIRT_GICV3_DTB, edit_cpus_cells, "/cpus", "'#address-cells'");
    expect_refused(VIRT_GICV3_DTB, edit_uart_in_ram, "/pl011@9000000", "overlaps memory");
}

static void test_corrupt_and_truncated(void **state)
{
    (void)state;
    size_t len;
    uint32_t *fdt = fixture_load_dtb(VIRT_GICV3_DTB, 0, &len);
    uint32_t total = fdt32_to_cpu(fdt[1]);

    assert_int_equal(board_check_header(fdt, len, &err), 0);
    /* truncated: the blob says it is longer than what the loader gave us */
    assert_int_equal(board_check_header(fdt, total / 2, &err), -1);
    assert_non_null(strstr(err.msg, "totalsize"));
    assert_int_equal(board_check_header(NULL, len, &err), -1);
    assert_non_null(strstr(err.msg, "x0 was 0"));
    assert_int_equal(board_check_header((char *)fdt + 4, len, &err), -1);
    assert_non_null(strstr(err.msg, "aligned"));
    /* corrupt structure offsets: header passes the quick check, libfdt refuses */
    fdt[2] = cpu_to_fdt32(total + 64); /* off_dt_struct beyond the end */
    assert_int_equal(board_parse(fdt, &b, &err), -1);
    assert_non_null(strstr(err.msg, "corrupt"));
    /* wrong magic */
    fdt[0] = cpu_to_fdt32(0x12345678);
    assert_int_equal(board_check_header(fdt, len, &err), -1);
    assert_non_null(strstr(err.msg, "magic is 0x12345678"));
    assert_int_equal(board_parse(fdt, &b, &err), -1);
    free(fdt);
}

static void test_driver_table(void **state)
{
    (void)state;
    assert_string_equal(driver_find_uart_kind(KEEL_UART_PL011)->name, "pl011");
    assert_string_equal(driver_find_uart_kind(KEEL_UART_CADENCE)->name, "cadence-uart");
    assert_null(driver_find_uart_kind(KEEL_UART_NONE));
    assert_null(driver_find_uart_kind(77));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_gicv3),
        cmocka_unit_test(test_virt_gicv2),
        cmocka_unit_test(test_nested_bus_board),
        cmocka_unit_test(test_incomplete_trees_refused),
        cmocka_unit_test(test_corrupt_and_truncated),
        cmocka_unit_test(test_driver_table),
    };
    return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
