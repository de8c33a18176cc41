/* PSCI client over SMC. From EL2 an HVC would trap to Keel itself, so a
 * board whose PSCI is reached by HVC is refused. */
#include <keel/arch.h>
#include <keel/psci.h>

static uint64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return arch_smc_call(fid, a1, a2, a3);
}

int psci_init(const struct board_psci *p)
{
    return p->method == PSCI_METHOD_SMC ? 0 : -1;
}

uint32_t psci_version(void)
{
    return (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

int64_t psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context)
{
    return (int64_t)psci_call(PSCI_CPU_ON_64, mpidr, pa_addr(entry), context);
}

void psci_system_off(void)
{
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    arch_halt();
}

const char *psci_strerror(int64_t rc)
{
    switch (rc) {
    case PSCI_SUCCESS:
        return "success";
    case PSCI_NOT_SUPPORTED:
        return "not supported";
    case PSCI_INVALID_PARAMS:
        return "invalid parameters";
    case PSCI_DENIED:
        return "denied";
    case PSCI_ALREADY_ON:
        return "already on";
    default:
        return "error";
    }
}
