/*
 * Numbers, units, durations, sizes, percentages and time: strict
 * parsing (the whole text or nothing) and the formats pp writes.
 */
#ifndef PP_UNITS_H
#define PP_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"	/* pp_time */

/*
 * What the parsers below return besides 0: the text is no number (or no
 * value of the kind asked) at all, it is a number out of the range
 * asked, or it is a number without the unit it needs.
 */
enum { PARSE_BAD = -1, PARSE_RANGE = -2, PARSE_NOUNIT = -3 };

/*
 * A finite decimal number and nothing else: 0, PARSE_BAD, or
 * PARSE_RANGE for a decimal beyond a double's range ("1e400").
 */
int	 parse_double(const char *s, double *out);
/*
 * The decimal number s times 10^exp10, rounded once: the decimal point
 * moves in the text, so that 0.009 (ms) with exp10 -3 is 9e-06, not
 * 8.999999999999999e-06.  0 with *out set and finite, -1 if s is no
 * number or the result is not finite.
 */
int	 parse_scaled(const char *s, int exp10, double *out);
/*
 * A whole number in [min, max]: 0, PARSE_BAD, or PARSE_RANGE for a
 * number outside [min, max] ("1e20", "-1", "99999999999999999999").
 */
int	 parse_long(const char *s, long min, long max, long *out);

/*
 * A duration ("500ms", "1.5h", "30d"; ns us ms s m min h d w) in seconds,
 * >= 0 and at most a century.  A bare number other than 0 is no
 * duration: PARSE_NOUNIT, with the number in *sec so that a message can
 * suggest a unit.
 * Otherwise 0, PARSE_BAD, or PARSE_RANGE past a century.
 */
int	 parse_duration(const char *s, double *sec);
/*
 * A duration field of a record (span records' duration): as
 * parse_duration, but a bare number is seconds, as pp(7) defines it.
 */
int	 parse_seconds(const char *s, double *sec);
/* A size ("2GiB", "512KB", "100"; B KB KiB MB MiB GB GiB TB TiB). */
int	 parse_size(const char *s, double *bytes);
/* A percentage ("80%" or "80") as a ratio (0.8). */
int	 parse_percent(const char *s, double *ratio);

/*
 * Every unit pp knows, in one table: its base unit and the exact factor
 * to it, mul / 10^div10, and where it may be written.  A record's unit
 * (pp(7), pp-cost(1)): ns us ms s min h d, bytes B KB MB GB TB KiB MiB
 * GiB TiB, byte-seconds.  A duration (pp-config(5)): ns us ms s m min
 * h d w.  A size: B KB MB GB TB KiB MiB GiB TiB.  A price's per
 * (pp-cost(1)): a count multiplier K M G, the record's time and size
 * units but for bytes.  "w" (7 days) is a duration only: a record in
 * "w" is its own base, as pp(7) says of every unit it does not list.
 */
#define UNIT_RECORD	0x01
#define UNIT_DURATION	0x02
#define UNIT_SIZE	0x04
#define UNIT_PER	0x08
struct pp_unit {
	const char	*name;
	const char	*base;		/* "s", "bytes", "byte-seconds", "" */
	int64_t		 mul;
	int		 div10;
	unsigned	 use;		/* UNIT_* where it may be written */
};
/* The unit called name that may be written where use says, or NULL. */
const struct pp_unit *unit_find(const char *name, unsigned use);
/* Its factor to the base unit as a double (0.001 for ms). */
double	 unit_scale(const struct pp_unit *);

/*
 * The base unit of a unit name and the factor to it: "ms" is ("s",
 * 0.001), "MiB" is ("bytes", 1048576).  Units pp does not convert
 * (count, percent, ratio, currencies) are their own base.  Returns -1
 * for an empty name.
 */
int	 unit_base(const char *unit, const char **base, double *factor);

/*
 * RFC 3339 (any offset, any fraction; 'T', 't' or ' ' between date and
 * time) or Unix epoch seconds with a fraction.  0 on success, -1 if not.
 */
int	 time_parse(const char *s, pp_time *t);
/* RFC 3339 UTC with a 6-digit fraction and 'Z'; buf holds PP_TIME_LEN bytes. */
#define PP_TIME_LEN	48
char	*time_format(pp_time t, char buf[PP_TIME_LEN]);

/*
 * Shortest text that reads back as the same double ("%.17g" at most),
 * a whole number below 1e15 in digits ("1500", not "1.5e+03").
 */
char	*fmt_double(double v, char buf[32]);



/* A derived statistic: ten significant digits, no "-0". */
char	*fmt_num(double v, char buf[32]);


#endif
