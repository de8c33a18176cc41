/* Ticket spinlock. Waiters sleep in WFE (so that, under QEMU's icount
 * round-robin, a waiting CPU does not starve the holder); unlock sends an
 * event. Never held across a world switch. */
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

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
        arch_wait_for_event();
    }
}

static inline void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
    arch_send_event();
}

#endif
