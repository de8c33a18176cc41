/* Per-CPU scheduling: see sched.h. */
#include "scheduler.h"

int sched_add(struct sched *s, struct vcpu *v)
{
    if (s->nr >= SCHED_MAX_VCPUS) {
        return -1;
    }
    v->sched_slot = s->nr;
    v->shares_priority = false;
    for (unsigned i = 0; i < s->nr; i++) {
        if (s->vcpus[i]->priority == v->priority) {
            s->vcpus[i]->shares_priority = true;
            v->shares_priority = true;
        }
    }
    s->vcpus[s->nr++] = v;
    return 0;
}

struct vcpu *sched_pick(struct sched *s, uint64_t now)
{
    struct vcpu *best = NULL;

    if (s->nr == 0) {
        s->current = NULL;
        return NULL;
    }
    /* one pass, starting after `current`: wake whoever's deadline passed,
     * keep the first runnable one of the highest priority */
    unsigned i = s->current != NULL ? s->current->sched_slot : s->nr - 1;
    for (unsigned n = 0; n < s->nr; n++) {
        i = i + 1 < s->nr ? i + 1 : 0;
        struct vcpu *v = s->vcpus[i];
        if (v->state == VCPU_BLOCKED && v->wake_at != 0 && v->wake_at <= now) {
            v->state = VCPU_RUNNABLE;
            v->wake_at = 0;
        }
        if (v->state == VCPU_RUNNABLE && (best == NULL || v->priority > best->priority)) {
            best = v;
        }
    }
    s->current = best;
    return best;
}

uint64_t sched_next_event(const struct sched *s, const struct vcpu *chosen, uint64_t now,
                          uint64_t slice)
{
    uint64_t next = 0;

    for (unsigned i = 0; i < s->nr; i++) {
        const struct vcpu *v = s->vcpus[i];
        uint64_t at = 0;
        if (v == chosen) {
            continue;
        }
        if (chosen != NULL && v->state == VCPU_RUNNABLE && v->priority == chosen->priority) {
            at = now + slice;
        } else if (v->state == VCPU_BLOCKED && v->wake_at != 0 &&
                   (chosen == NULL || v->priority >= chosen->priority)) {
            at = v->wake_at;
        }
        if (at != 0 && (next == 0 || at < next)) {
            next = at;
        }
    }
    return next;
}
