/*
 * A minimal TAP producer for the C unit tests: each check prints
 * "ok N - what" or "not ok N - what"; main returns tap_done().
 */
#ifndef PP_TAP_H
#define PP_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *what)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	return cond;
}

static inline int
tap_str(const char *got, const char *want, const char *what)
{
	int ok = got != NULL && strcmp(got, want) == 0;

	if (!tap_ok(ok, what))
		printf("#   got '%s'\n#  want '%s'\n", got ? got : "(null)",
		    want);
	return ok;
}

/* Relative tolerance (absolute near zero). */
static inline int
tap_near(double got, double want, double rel, const char *what)
{
	double tol = rel * (fabs(want) > 1 ? fabs(want) : 1);
	int ok = fabs(got - want) <= tol;

	if (!tap_ok(ok, what))
		printf("#   got %.17g\n#  want %.17g\n", got, want);
	return ok;
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
