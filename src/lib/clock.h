/*
 * Time as pp keeps it (pp_time, microseconds since the Unix epoch) and
 * the clocks: the wall clock, the monotonic one, and sleeping on it.
 */
#ifndef PP_CLOCK_H
#define PP_CLOCK_H

#include <signal.h>
#include <stdint.h>
#include <sys/time.h>

/* Microseconds since the Unix epoch, UTC (or a span of them). */
typedef int64_t pp_time;

#define PP_USEC_PER_SEC	1e6
#define PP_USEC_PER_DAY	86400e6
/* One day of 86400 seconds as a pp_time. */
#define PP_TIME_DAY	((pp_time)86400000000LL)

/* A pp_time (an instant or a span) in seconds. */
static inline double
time_sec(pp_time t)
{
	return (double)t / PP_USEC_PER_SEC;
}

/* A pp_time in days of 86400 seconds. */
static inline double
time_days(pp_time t)
{
	return (double)t / PP_USEC_PER_DAY;
}

/* Seconds as a pp_time, truncated toward zero. */
static inline pp_time
time_of_sec(double sec)
{
	return (pp_time)(sec * PP_USEC_PER_SEC);
}

/* Days of 86400 seconds as a pp_time, truncated toward zero. */
static inline pp_time
time_of_days(double days)
{
	return (pp_time)(days * PP_USEC_PER_DAY);
}

/* A struct timeval (rusage times) in seconds. */
static inline double
timeval_sec(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / PP_USEC_PER_SEC;
}

/* The wall clock now. */
pp_time	 time_now(void);
/* The monotonic clock (CLOCK_MONOTONIC) in seconds. */
double	 mono_now(void);
/*
 * Sleeps until the monotonic clock reads t seconds, or until a signal
 * sets *stop (stop may be NULL).
 */
void	 sleep_until(double t, const volatile sig_atomic_t *stop);

#endif
