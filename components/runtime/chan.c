/* Channel hypercalls (KEEL_HC_CHAN_*): thin wrappers that turn x0 into an
 * int error code. Endpoints are checked by Keel, not here, so that a
 * component can see for itself what Keel answers to a bad one. */
#include "keel.h"

static int hvc_status(uint64_t x0)
{
    return (int64_t)x0 < 0 ? (int)(int64_t)x0 : 0;
}

/* The endpoint as Keel sees it: sign-extended, so -1 stays out of range. */
static uint64_t ep_arg(int ep)
{
    return (uint64_t)(int64_t)ep;
}

/* Send and receive are the hot path: the HVC inline, with only the
 * registers the ABI lets it change (results in x0..x4, the rest kept), and
 * the function ID loaded from a literal (one instruction, not two). */
static inline uint64_t chan_hvc(uint64_t fid, int ep, uint64_t *x1_inout, uint64_t *x2_inout)
{
    register uint64_t x0 __asm__("x0");
    register uint64_t x1 __asm__("x1") = ep_arg(ep);
    register uint64_t x2 __asm__("x2") = *x2_inout;

    __asm__ volatile("ldr x0, =%c[fid]\n"
                     "hvc #0"
                     : "=&r"(x0), "+r"(x1), "+r"(x2)
                     : [fid] "i"(fid)
                     : "x3", "x4", "memory");
    *x1_inout = x1;
    *x2_inout = x2;
    return x0;
}

int keel_chan_send(int ep, uint64_t bits)
{
    uint64_t x1, x2 = bits;

    return hvc_status(chan_hvc(KEEL_HC_CHAN_SEND, ep, &x1, &x2));
}

int keel_chan_receive(int ep, uint64_t *bits, uint64_t *merged)
{
    uint64_t x1, x2 = 0;
    int rc = hvc_status(chan_hvc(KEEL_HC_CHAN_RECEIVE, ep, &x1, &x2));

    if (bits) {
        *bits = rc == 0 ? x1 : 0;
    }
    if (merged) {
        *merged = rc == 0 ? x2 : 0;
    }
    return rc;
}

int keel_chan_status(int ep, uint64_t *pending, int *peer_running, uint64_t *received)
{
    struct keel_hvc_result r = keel_hvc(KEEL_HC_CHAN_STATUS, ep_arg(ep), 0, 0, 0, 0, 0, 0);
    int rc = hvc_status(r.x0);

    if (pending) {
        *pending = rc == 0 ? r.x1 : 0;
    }
    if (peer_running) {
        *peer_running = rc == 0 && r.x2 == 1;
    }
    if (received) {
        *received = rc == 0 ? r.x3 : 0;
    }
    return rc;
}

int keel_chan_info(int ep, struct keel_chan_info *info)
{
    struct keel_hvc_result r = keel_hvc(KEEL_HC_CHAN_INFO, ep_arg(ep), 0, 0, 0, 0, 0, 0);
    int rc = hvc_status(r.x0);

    if (info) {
        info->virq = rc == 0 ? (uint32_t)r.x1 : 0;
        info->shm_base = rc == 0 ? r.x2 : 0;
        info->shm_size = rc == 0 ? r.x3 : 0;
        info->peer = rc == 0 ? (unsigned)r.x4 : 0;
    }
    return rc;
}
