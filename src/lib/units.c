/*
 * Numbers, units and time.  Civil-date arithmetic follows H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms" (days_from_civil,
 * civil_from_days), valid for the whole proleptic Gregorian calendar.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "units.h"

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * Clinger's fast path (Clinger 1990, "How to read floating point numbers
 * accurately"): a decimal of at most 15 digits and at most 22 decimals is
 * m / 10^k with both exact doubles, so one division rounds correctly.
 */
static int
fast_decimal(const char *s, double *out)
{
	unsigned long long m = 0;
	int neg = 0, nd = 0, k = 0, dot = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			m = m * 10 + (unsigned)(*s - '0');
			if (++nd > 15)
				return -1;
			k += dot;
		} else if (*s == '.' && !dot)
			dot = 1;
		else
			return -1;
	}
	if (nd == 0 || k > 22)
		return -1;
	*out = (double)m / pow10tab[k];
	if (neg)
		*out = -*out;
	return 0;
}

int
parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	if (fast_decimal(s, out) == 0)
		return 0;
	/* Hexadecimal, inf and nan are not measurements. */
	if (strpbrk(s, "xXnN") != NULL)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0')
		return PARSE_BAD;
	/* Underflow is no error: a denormal, or zero, is the nearest. */
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > DBL_MIN))
		return PARSE_RANGE;
	*out = v;
	return 0;
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	double d;

	if (*s == '\0' || isspace((unsigned char)*s) || *s == '+')
		return PARSE_BAD;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0') {
		/* "1e20" is a number, only not a whole one in range. */
		if (parse_double(s, &d) == 0 && (d < min || d > max))
			return PARSE_RANGE;
		return PARSE_BAD;
	}
	if (errno == ERANGE || v < min || v > max)
		return PARSE_RANGE;
	*out = v;
	return 0;
}

static const struct pp_unit unit_tab[] = {
#define T	(UNIT_RECORD | UNIT_DURATION | UNIT_PER)
#define Z	(UNIT_RECORD | UNIT_SIZE | UNIT_PER)
	{ "", "", 1, 0, UNIT_PER }, { "K", "", 1000, 0, UNIT_PER },
	{ "M", "", 1000000, 0, UNIT_PER }, { "G", "", 1000000000, 0, UNIT_PER },
	{ "ns", "s", 1, 9, T }, { "us", "s", 1, 6, T }, { "ms", "s", 1, 3, T },
	{ "s", "s", 1, 0, T }, { "m", "s", 60, 0, UNIT_DURATION },
	{ "min", "s", 60, 0, T }, { "h", "s", 3600, 0, T },
	{ "d", "s", 86400, 0, T }, { "w", "s", 604800, 0, UNIT_DURATION },
	{ "bytes", "bytes", 1, 0, UNIT_RECORD }, { "B", "bytes", 1, 0, Z },
	{ "KB", "bytes", 1000, 0, Z }, { "MB", "bytes", 1000000, 0, Z },
	{ "GB", "bytes", 1000000000, 0, Z },
	{ "TB", "bytes", 1000000000000LL, 0, Z },
	{ "KiB", "bytes", 1024, 0, Z }, { "MiB", "bytes", 1048576, 0, Z },
	{ "GiB", "bytes", 1073741824, 0, Z },
	{ "TiB", "bytes", 1099511627776LL, 0, Z },
	{ "byte-seconds", "byte-seconds", 1, 0, UNIT_RECORD },
#undef T
#undef Z
};

const struct pp_unit *
unit_find(const char *name, unsigned use)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(unit_tab) / sizeof(unit_tab[0]); i++)
		if ((unit_tab[i].use & use) != 0 &&
		    strcmp(name, unit_tab[i].name) == 0)
			return &unit_tab[i];
	return NULL;
}

double
unit_scale(const struct pp_unit *u)
{
	return (double)u->mul / pow10tab[u->div10];
}

/* A number and a unit of use; a bare number is PARSE_NOUNIT. */
static int
parse_suffixed(const char *s, unsigned use, double *out)
{
	const struct pp_unit *u;
	char num[64];
	size_t n;
	double v;

	n = strspn(s, "0123456789.+-eE");
	/* "e" may start a suffix, never a number's end: back off. */
	while (n > 0 && (s[n - 1] == 'e' || s[n - 1] == 'E'))
		n--;
	if (n == 0 || n >= sizeof(num))
		return PARSE_BAD;
	memcpy(num, s, n);
	num[n] = '\0';
	if (parse_double(num, &v) != 0 || v < 0)
		return PARSE_BAD;
	s += n;
	if (*s == '\0') {
		*out = v;
		return v == 0 ? 0 : PARSE_NOUNIT;	/* 0 is 0 in any unit */
	}
	if ((u = unit_find(s, use)) == NULL)
		return PARSE_BAD;
	*out = v * unit_scale(u);
	/* "6e300TB" is a number, but no size a double holds */
	return isfinite(*out) ? 0 : PARSE_RANGE;
}

int
parse_duration(const char *s, double *sec)
{
	int rc = parse_suffixed(s, UNIT_DURATION, sec);

	/* A century at most: anything longer is a typo, and overflows. */
	if (rc == 0 && *sec > 3.2e9)
		return PARSE_RANGE;
	return rc;
}

int
parse_seconds(const char *s, double *sec)
{
	int rc = parse_duration(s, sec);

	if (rc == PARSE_NOUNIT)
		rc = *sec > 3.2e9 ? PARSE_RANGE : 0;
	return rc;
}

int
parse_size(const char *s, double *bytes)
{
	int rc = parse_suffixed(s, UNIT_SIZE, bytes);

	return rc == PARSE_NOUNIT ? 0 : rc;	/* bytes */
}

int
parse_percent(const char *s, double *ratio)
{
	char num[64];
	size_t n = strlen(s);
	double v;

	if (n > 0 && s[n - 1] == '%')
		n--;
	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	if (parse_double(num, &v) != 0)
		return -1;
	*ratio = v / 100;
	return 0;
}

int
unit_base(const char *unit, const char **base, double *factor)
{
	const struct pp_unit *u;

	if (unit == NULL || *unit == '\0')
		return -1;
	if ((u = unit_find(unit, UNIT_RECORD)) != NULL) {
		*base = u->base;
		*factor = unit_scale(u);
		return 0;
	}
	*base = unit;
	*factor = 1;
	return 0;
}

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
rfc3339(const char *s, pp_time *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	int64_t usec = 0, scale = 100000, days;

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) ||
	    *s++ != '-' || digits(&s, 2, &d))
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) ||
	    *s++ != ':' || digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++) {
			usec += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om))
			return -1;
		if (oh > 23 || om > 59)
			return -1;
	} else
		return -1;
	if (*s != '\0')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && is_leap(y)) || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	*t = ((days * 86400 + h * 3600 + mi * 60 + sec) -
	    (int64_t)sign * (oh * 3600 + om * 60)) * 1000000 + usec;
	return 0;
}

int
time_parse(const char *s, pp_time *t)
{
	const char *p = s;
	int64_t whole = 0, usec = 0, scale = 100000;
	int neg = 0, nd = 0;

	if (strlen(s) >= 10 && s[4] == '-')
		return rfc3339(s, t);
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		if (whole > (INT64_MAX / 1000000 - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, nd++) {
			usec += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (nd == 0 || *p != '\0')
		return -1;
	*t = (whole * 1000000 + usec) * (neg ? -1 : 1);
	return 0;
}

char *
time_format(pp_time t, char buf[PP_TIME_LEN])
{
	int64_t secs, days, y;
	unsigned m, d;
	long sod, usec;

	secs = t / 1000000;
	usec = (long)(t % 1000000);
	if (usec < 0) {
		usec += 1000000;
		secs--;
	}
	days = secs / 86400;
	sod = (long)(secs % 86400);
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, PP_TIME_LEN, "%04lld-%02u-%02uT%02ld:%02ld:%02ld.%06ldZ",
	    (long long)y, m, d, sod / 3600, sod / 60 % 60, sod % 60, usec);
	return buf;
}

int
parse_scaled(const char *s, int exp10, double *out)
{
	const char *e;
	char b[80];
	long x = 0;
	double d;

	if (parse_double(s, &d) != 0)
		return -1;
	if (exp10 != 0 && strlen(s) < 40) {
		if ((e = strpbrk(s, "eE")) != NULL)
			x = strtol(e + 1, NULL, 10);
		snprintf(b, sizeof(b), "%.*se%ld", (int)(e != NULL ?
		    (size_t)(e - s) : strlen(s)), s, x + exp10);
		if (parse_double(b, &d) != 0)
			return -1;
	} else if (exp10 != 0)
		d *= pow(10, exp10);
	if (!isfinite(d))
		return -1;
	*out = d;
	return 0;
}

char *
fmt_double(double v, char buf[32])
{
	int prec;

	if (v == 0) {
		strcpy(buf, "0");
		return buf;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/*
	 * %g writes 1500 as 1.5e+03: a whole number below 1e15 in digits,
	 * as short, for below 2^53 every integer is a double of its own.
	 */
	if (strchr(buf, 'e') != NULL && fabs(v) >= 1 && fabs(v) < 1e15)
		snprintf(buf, 32, "%.0f", v);
	return buf;
}

/*
 * As printf's "%.10g", without its cost for the common magnitudes: the
 * value scaled to ten significant digits, rounded once to an integer.
 */
char *
fmt_num(double v, char buf[32])
{
	unsigned long long m;
	double a = fabs(v);
	int e, d, i, nd = 0, lead;
	char dig[24];
	char *p = buf;
	static const double p10[] = { 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2,
	    1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };

	if (v == 0) {
		strcpy(buf, "0");
		return buf;
	}
	if (!(a >= 1e-4 && a < 1e9)) {
		/* Ten digits round DBL_MAX up past it: round down instead. */
		if (a >= 1.7976931345e308 && a <= DBL_MAX)
			strcpy(buf, v < 0 ? "-1.797693134e+308" :
			    "1.797693134e+308");
		else
			snprintf(buf, 32, "%.10g", v);
		return buf;
	}
	for (e = -4; e < 8 && a >= p10[e + 5]; e++)
		;			/* 10^e <= a < 10^(e+1) */
	d = 9 - e;			/* 0 < d <= 13 */
	m = (unsigned long long)(a * pow10tab[d] + 0.5);
	if (m >= 10000000000ULL) {	/* 9.9999999999 rounded up */
		m = (m + 5) / 10;
		d--;
	}
	/* The digits of m, then the point d digits from the right. */
	do
		dig[nd++] = (char)('0' + m % 10);
	while ((m /= 10) != 0);
	for (lead = 0; lead < d && lead < nd && dig[lead] == '0'; lead++)
		;			/* trailing zeros of the fraction */
	if (v < 0)
		*p++ = '-';
	if (nd <= d)
		*p++ = '0';
	for (i = nd - 1; i >= d; i--)
		*p++ = dig[i];
	if (lead < d) {
		*p++ = '.';
		for (i = d - 1; i >= nd; i--)
			*p++ = '0';
		for (i = (nd < d ? nd : d) - 1; i >= lead; i--)
			*p++ = dig[i];
	}
	*p = '\0';
	return buf;
}
