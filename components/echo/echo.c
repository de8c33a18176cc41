/*
 * echo: the echo/compute service of the Linux demo (include/keel/demo.h).
 * It waits for a request on its endpoint 0, answers HELLO and COMPUTE with
 * keel_demo_echo_fn(value, seq) and anything else with an error, and
 * prints a status line when a session starts and every ECHO_REPORT_EVERY
 * requests:
 *   echo: ready on endpoint 0 (virq 64)
 *   echo: session 1 started at seq 1234, 0 requests served so far
 *   echo: 1000 requests served, 1 sessions, 0 bad, 0 out of sequence
 * A client starts each session with HELLO; the service forgets what came
 * before, so a client that restarted midway (and so lost its place) is
 * served as if it were new.
 */
#include "../demo/msgchan.h"

#define ECHO_ENDPOINT     0
#define ECHO_REPORT_EVERY 1000u

struct echo {
    struct msgchan chan;
    uint32_t last_seq;
    unsigned long served;       /* COMPUTE requests answered */
    unsigned long sessions;     /* HELLOs */
    unsigned long bad;          /* unknown ops, merged requests */
    unsigned long out_of_order; /* COMPUTE not at the seq after the last */
};

static struct echo echo;

static void report(const struct echo *e)
{
    keel_printf("echo: %lu requests served, %lu sessions, %lu bad, %lu out of sequence\n",
                e->served, e->sessions, e->bad, e->out_of_order);
}

static uint64_t answer(struct echo *e, uint64_t msg, uint64_t merged)
{
    uint32_t op = keel_demo_op(msg), seq = keel_demo_seq(msg), value = keel_demo_value(msg);

    if (merged != 1 || (op != KEEL_DEMO_OP_ECHO_HELLO && op != KEEL_DEMO_OP_ECHO_COMPUTE)) {
        e->bad++;
        return keel_demo_msg(KEEL_DEMO_OP_ERROR, seq, KEEL_DEMO_ERR_OP);
    }
    if (op == KEEL_DEMO_OP_ECHO_HELLO) {
        e->sessions++;
        keel_printf("echo: session %lu started at seq %u, %lu requests served so far\n",
                    e->sessions, seq, e->served);
    } else {
        if (seq != ((e->last_seq + 1) & KEEL_DEMO_SEQ_MASK)) {
            e->out_of_order++;
        }
        if (++e->served % ECHO_REPORT_EVERY == 0) {
            report(e);
        }
    }
    e->last_seq = seq;
    return keel_demo_msg(op | KEEL_DEMO_REPLY, seq, keel_demo_echo_fn(value, seq));
}

int keel_main(unsigned vcpu)
{
    struct echo *e = &echo;
    uint64_t msg, merged;

    (void)vcpu;
    if (msgchan_open(&e->chan, "echo", ECHO_ENDPOINT) != 0) {
        return 1;
    }
    keel_printf("echo: ready on endpoint %d (virq %u)%s\n", ECHO_ENDPOINT, e->chan.info.virq,
                keel_restarts() ? ", after a restart" : "");
    for (;;) {
        msgchan_wait(&e->chan, 0, &msg, &merged);
        msgchan_send(&e->chan, answer(e, msg, merged));
    }
}
