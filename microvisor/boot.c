/*
 * The boot CPU's path: early console, EL check, own page tables, board
 * discovery, devices, other CPUs, then the `ready` line.
 */
#include "boot.h"

#include "../vcpu/vgic_vcpu.h"
#include "chan.h"
#include "console.h"
#include "console_port.h"
#include "cpu.h"
#include "irq.h"
#include "log.h"
#include "mm.h"
#include "partition.h"
#include "payload.h"
#include "physmem.h"
#include "report.h"
#include "run.h"
#include <keel/arch.h>
#include <keel/driver.h>
#include <keel/image.h>
#include <keel/psci.h>
#include <libfdt.h>

#define DTB_MAX_SIZE (2ull << 20)

extern const struct arm64_image_header _head;
struct board boot_board;
static struct config boot_config;
static struct physmem boot_physmem;
static volatile bool boot_released;

static void early_console(void)
{
    const struct keel_driver *d = driver_find_uart_kind(image_info()->early_uart_kind);

    if (d != NULL) {
        console_use(d, pa_init(image_info()->early_uart_base));
    }
}

/* Not at EL2: no per-CPU data, no lock, just say so on the early console. */
static KEEL_NORETURN void refuse_wrong_el(uint64_t el)
{
    static const char msg[] = "keel: error: entered at EL? but Keel must be entered at EL2 "
                              "(QEMU: -M virt,virtualization=on; U-Boot: stay at EL2)\n";
    char line[sizeof(msg)];

    for (unsigned i = 0; i < sizeof(msg); i++) {
        line[i] = (msg[i] == '?') ? (char)('0' + el) : msg[i];
    }
    console_write(line, sizeof(msg) - 1);
    for (;;) {
        arch_wait_for_interrupt();
    }
}

static KEEL_NORETURN void boot_fail(const char *what, const char *why)
{
    log_error("%s: %s", what, why);
    log_error("Keel cannot start on this board; boot CPU halted");
    arch_halt();
}

/* Own image first, then the DTB, then the early console: enough to run
 * libfdt with the MMU on. */
static void map_self_and_dtb(const void *fdt)
{
    struct board_error err;

    if (mm_init() != 0) {
        boot_fail("mm", "cannot map the image");
    }
    if (board_check_header(fdt, DTB_MAX_SIZE, &err) != 0) {
        boot_fail("platform device tree", err.msg);
    }
    uint32_t total = __builtin_bswap32(((const uint32_t *)fdt)[1]);
    if (mm_map(pa_init((uintptr_t)fdt), total, MM_DATA) != 0) {
        boot_fail("platform device tree", "cannot map it (does it overlap the image?)");
    }
    if (console_driver() != NULL && mm_map(console_base(), 4096, MM_DEVICE) != 0) {
        boot_fail("mm", "cannot map the early console");
    }
    mm_enable();
}

static void map_board(struct board *b)
{
    struct pa_range img = mm_image_range();

    for (unsigned i = 0; i < b->nr_mem; i++) {
        const struct pa_range *m = &b->mem[i];
        uint64_t lo = pa_addr(m->base), hi = pa_range_end(m);
        uint64_t ilo = pa_addr(img.base), ihi = pa_range_end(&img);
        int rc = 0;
        if (ilo > lo && ilo < hi) {
            rc = mm_map(m->base, ilo - lo, MM_DATA);
        }
        if (rc == 0 && ihi < hi) {
            uint64_t from = ihi > lo ? ihi : lo;
            rc = mm_map(pa_init(from), hi - from, MM_DATA);
        }
        if (rc != 0) {
            boot_fail("mm", "cannot map a memory bank");
        }
    }
}

static void map_devices(const struct board *b)
{
    const struct board_gic *g = &b->gic;
    int rc = mm_map(b->uart.regs.base, b->uart.regs.size, MM_DEVICE);

    rc = rc ?: mm_map(g->dist.base, g->dist.size, MM_DEVICE);
    for (unsigned i = 0; i < g->nr_redist && rc == 0; i++) {
        rc = mm_map(g->redist[i].base, g->redist[i].size, MM_DEVICE);
    }
    if (rc == 0 && g->version == 2) {
        rc = mm_map(g->cpuif.base, g->cpuif.size, MM_DEVICE);
        rc = rc ?: mm_map(g->hyp.base, g->hyp.size, MM_DEVICE);
    }
    if (rc != 0) {
        boot_fail("mm", "cannot map the GIC or UART registers");
    }
}

static void discover_board(const void *fdt, uint64_t dtb_pa)
{
    struct board_error err;
    struct pa_range img = mm_image_range();

    if (_head.image_size > img.size) {
        img.size = _head.image_size; /* the payload the packer appended */
    }
    if (board_parse(fdt, &boot_board, &err) != 0) {
        boot_fail("platform device tree", err.msg);
    }
    uint32_t total = __builtin_bswap32(((const uint32_t *)fdt)[1]);
    if (board_add_reserved(&boot_board, img.base, img.size) != 0 ||
        board_add_reserved(&boot_board, pa_init(dtb_pa), total) != 0) {
        boot_fail("platform device tree", "too many reserved-memory ranges");
    }
    int self = board_cpu_index(&boot_board, arch_mpidr());
    if (self < 0) {
        boot_fail("platform device tree", "/cpus: the boot CPU's MPIDR is not listed");
    }
    cpus[0].board_index = (unsigned)self;
    if (psci_init(&boot_board.psci) != 0) {
        boot_fail("platform device tree", "/psci: method \"hvc\" cannot be used from EL2; "
                                          "Keel needs PSCI firmware at EL3 (method \"smc\")");
    }
}

static void start_devices(struct board *b)
{
    map_board(b);
    map_devices(b);
    if (b->uart.driver != console_driver() ||
        pa_addr(b->uart.regs.base) != pa_addr(console_base())) {
        console_use(b->uart.driver, b->uart.regs.base);
    }
    report_board(b);
    if (irq_init(&b->gic) != 0) {
        boot_fail(b->gic.path, "the interrupt controller did not initialise");
    }
    if (boot_cpu_local_init(0) != 0) {
        boot_fail("cpu 0", "its GIC interface or timer did not come up");
    }
}

/* Where partitions see their virtual GIC: at the board's own addresses. */
static int vgic_setup(const struct board_gic *gic)
{
    vgic_layout.version = gic->version;
    vgic_layout.gicd = pa_addr(gic->dist.base);
    if (gic->version == 3) {
        vgic_layout.gicr = pa_addr(gic->redist[0].base);
    } else {
        vgic_layout.gicc = pa_addr(gic->cpuif.base);
        vgic_layout.gicv = gic->vcpu.base;
    }
    return vgic_hw_init(gic);
}

static void report_config_problem(void *ctx, const char *msg)
{
    (void)ctx;
    log_error("config: %s", msg);
}

/* Reads the packed config and creates its partitions. Returns how many. */
static unsigned start_partitions(const void *fdt)
{
    struct payload pl;
    char why[128];
    uint64_t size;
    int rc = payload_find(&pl, &_head, image_info(), why, sizeof(why));

    if (rc == 1) {
        log_info("no config packed in the image: no partitions to run");
        return 0;
    }
    const void *cfg = (rc == 0) ? payload_blob(&pl, 0, PAYLOAD_CONFIG, &size) : NULL;
    if (cfg == NULL) {
        log_error("payload: %s; no partition started", why);
        return 0;
    }
    if (size < 40 || fdt_totalsize(cfg) > size) {
        log_error("payload: the config blob's size does not match its header; no partition "
                  "started");
        return 0;
    }
    unsigned problems =
        config_parse(cfg, fdt, &boot_board, &boot_config, report_config_problem, NULL);
    if (problems != 0) {
        log_warn("config: %u problem(s); the partitions concerned are not started", problems);
    }
    if (physmem_init(&boot_physmem, &boot_board) != 0) {
        log_error("memory: too many free ranges; no partition started");
        return 0;
    }
    if (vgic_setup(&boot_board.gic) != 0) {
        log_error("%s: no virtual CPU interface; no partition started", boot_board.gic.path);
        return 0;
    }
    unsigned created = partitions_create(&boot_config, &pl, &boot_physmem);
    channels_create(&boot_config, &boot_physmem);
    partitions_load_linux();
    return created;
}

void boot_wait_release(void)
{
    while (!boot_released) {
        arch_wait_for_event();
    }
}

void boot_primary(uint64_t dtb_pa, uint64_t image_base, uint64_t el)
{
    early_console();
    if (el != 2) {
        refuse_wrong_el(el);
    }
    cpu_prepare(0, arch_mpidr(), 0);
    log_info("Keel %s: entered at EL2, image at 0x%llx, device tree at 0x%llx", KEEL_VERSION,
             (unsigned long long)image_base, (unsigned long long)dtb_pa);
    const void *fdt = (const void *)(uintptr_t)dtb_pa;
    map_self_and_dtb(fdt);
    discover_board(fdt, dtb_pa);
    start_devices(&boot_board);
    unsigned online = smp_start_secondaries(&boot_board);
    unsigned parts = start_partitions(fdt);
    console_port_start(&boot_board);
    report_ready(&boot_board, online, parts);
    boot_released = true;
    arch_send_event();
    run_init_cpu();
    run_start();
}
