/* Ticket spinlock. Waiters sleep in WFE (so that, under QEMU's icount
 * round-robin, a waiting CPU does not starve the holder) with the exclusive
 * monitor armed on `owner`: unlock's store wakes them, with no barrier or
 * event of its own. Never held across a world switch. */
#ifndef KEEL_SPINLOCK_H
#define KEEL_SPINLOCK_H

#include <keel/arch.h>
#include <stdint.h>

struct spinlock {
    uint32_t next;
    uint32_t owner;
};

#define SPINLOCK_INIT                                                                              \
    {                                                                                              \
        0, 0                                                                                       \
    }

static inline void spin_lock(struct spinlock *l)
{
    uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);

    while (owner != ticket) {
        owner = arch_wait_for_change(&l->owner, owner);
    }
}

static inline void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
