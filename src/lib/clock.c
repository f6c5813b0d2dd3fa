/*
 * The clocks: the wall clock as pp_time, the monotonic clock in
 * seconds, and sleeping until the monotonic clock reads a time.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "clock.h"

pp_time
time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (pp_time)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
sleep_until(double t, const volatile sig_atomic_t *stop)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - floor(t)) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR && (stop == NULL || !*stop))
		;
}
