/*
 * msgchan: one channel endpoint that carries one message (a u64) at a
 * time, as the demo protocols between Linux and the native services do
 * (include/keel/demo.h). The virq's handler receives the bits and ORs them
 * into a word; msgchan_wait() hands them to the main loop. Used by
 * components/echo, components/producer and components/demo (the native
 * client that tests them).
 */
#ifndef DEMO_MSGCHAN_H
#define DEMO_MSGCHAN_H

#include "keel.h"

#include <keel/demo.h>
#include <stdbool.h>
#include <stdint.h>

struct msgchan {
    const char *name; /* the component's, for messages */
    int ep;
    struct keel_chan_info info;
    volatile uint64_t bits;   /* received, not yet taken */
    volatile uint64_t merged; /* sends merged into them */
    unsigned long errors;     /* failed hypercalls */
};

/* Brings up the GIC (once per vCPU: the caller's first msgchan_open() does
 * it), the endpoint's virq, and takes what was sent before. 0, or -1 after
 * printing why. */
int msgchan_open(struct msgchan *c, const char *name, int ep);
/* Waits at most timeout_us (0: for ever) for a message. true with *msg and
 * *merged (how many sends it gathers: more than 1 means several messages
 * ran together), false on timeout. Call with interrupts masked (the
 * default). */
bool msgchan_wait(struct msgchan *c, uint64_t timeout_us, uint64_t *msg, uint64_t *merged);
/* Sends one message. 0 or a negative KEEL_E_* code. */
int msgchan_send(struct msgchan *c, uint64_t msg);

#endif
