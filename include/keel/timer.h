/* The EL2 physical timer (generic timer, CNTHP) and the system counter. */
#ifndef KEEL_TIMER_H
#define KEEL_TIMER_H

#include <keel/types.h>

uint64_t timer_now(void);
uint64_t timer_freq(void);
uint64_t timer_ticks_from_us(uint64_t us);
void timer_arm_at(uint64_t deadline);
void timer_stop(void);
/* True if the timer is armed to fire at or before deadline. */
bool timer_armed_before(uint64_t deadline);

#endif
