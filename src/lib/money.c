/*
 * Money in nano-units, with 128-bit intermediates (GCC's __int128).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

typedef __int128 i128;

int
decimal_parse(const char *s, struct decimal *d)
{
	int neg = 0, digits = 0, scale = 0, dot = 0, esign = 1, any = 0;
	long e = 0;
	i128 m = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			any = 1;
			if (m == 0 && *s == '0') {
				scale += dot;
				continue;	/* leading zeros count nothing */
			}
			if (++digits > 18)
				return DECIMAL_RANGE;
			m = m * 10 + (*s - '0');
			scale += dot;
		} else if (*s == '.' && !dot)
			dot = 1;
		else
			break;
	}
	if (!any)
		return -1;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			esign = *s++ == '-' ? -1 : 1;
		if (!isdigit((unsigned char)*s))
			return -1;
		for (; isdigit((unsigned char)*s); s++)
			if (e <= 1000)
				e = e * 10 + (*s - '0');
	}
	if (*s != '\0')
		return -1;
	if (m == 0)
		e = 0;		/* 0e999 is 0 */
	if (esign > 0 && e > 30)
		return DECIMAL_RANGE;
	if (esign < 0 && e > 30)
		return m == 0 ? 0 : DECIMAL_RANGE;
	scale -= (int)(esign * e);
	while (scale < 0) {
		if (m > (i128)INT64_MAX / 10)
			return DECIMAL_RANGE;
		m *= 10;
		scale++;
	}
	/* trailing zeros of the fraction say nothing: 2.50 is 2.5 */
	while (scale > 0 && m != 0 && m % 10 == 0) {
		m /= 10;
		scale--;
	}
	if (m == 0)
		scale = 0;
	if (scale > 36)
		return DECIMAL_RANGE;
	d->mant = (int64_t)(neg ? -m : m);
	d->scale = scale;
	return 0;
}

int
decimal_scale(struct decimal *d, int64_t mul, int div10)
{
	i128 m;

	/* 10^k of the factor cancels 10^k of the scale first */
	while (d->scale > 0 && mul % 10 == 0) {
		mul /= 10;
		d->scale--;
	}
	m = (i128)d->mant * mul;
	if (m > INT64_MAX || m < -INT64_MAX)
		return -1;
	d->mant = (int64_t)m;
	d->scale += div10;
	return 0;
}

/* |a * b| fits: no bit beyond 126. */
static int
mul_ok(i128 a, i128 b, i128 *out)
{
	return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

int
money_line(const struct decimal *q, const struct decimal *p,
    const struct decimal *per, money *out)
{
	i128 n, d, quo, rem;
	int e, neg;

	if (per->mant == 0)
		return -1;
	/* nanos = qm pm 10^9 10^ps_per / (10^qs 10^ps pm_per) */
	if (mul_ok((i128)q->mant, (i128)p->mant, &n) != 0)
		return -1;
	e = 9 + per->scale - q->scale - p->scale;
	d = (i128)per->mant;
	while (e > 0) {
		if (mul_ok(n, 10, &n) != 0)
			return -1;
		e--;
	}
	while (e < 0) {
		/* divide by 10 later: move the factor to the denominator */
		if (mul_ok(d, 10, &d) != 0) {
			/* the amount is far below a nano: it rounds to 0 */
			*out = 0;
			return 0;
		}
		e++;
	}
	neg = (n < 0) != (d < 0);
	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	quo = n / d;
	rem = n % d;
	/* half to even */
	if (2 * rem > d || (2 * rem == d && (quo & 1)))
		quo++;
	*out = neg ? -quo : quo;
	return 0;
}

int
money_add(money a, money b, money *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

money
money_div(money m, int64_t n)
{
	money q = m / n, r = m % n;
	int neg = (m < 0) != (n < 0);

	if (r < 0)
		r = -r;
	if (2 * r > (n < 0 ? -n : n) || (2 * r == (n < 0 ? -n : n) &&
	    (q & 1)))
		q += neg ? -1 : 1;
	return q;
}

char *
money_format(money m, char buf[MONEY_LEN])
{
	unsigned __int128 u = m < 0 ? -(unsigned __int128)m :
	    (unsigned __int128)m, whole = u / MONEY_UNIT;
	unsigned long long frac = (unsigned long long)(u % MONEY_UNIT);
	char tmp[48], *p = buf;
	int n = 0, i, keep = 9;

	if (m < 0)
		*p++ = '-';
	do
		tmp[n++] = (char)('0' + (int)(whole % 10));
	while ((whole /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	*p++ = '.';
	for (i = 8; i >= 0; i--) {
		tmp[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	while (keep > 2 && tmp[keep - 1] == '0')
		keep--;
	memcpy(p, tmp, (size_t)keep);
	p[keep] = '\0';
	return buf;
}

double
money_double(money m)
{
	return (double)m / (double)MONEY_UNIT;
}

money
money_from_double(double v)
{
	double x = v * (double)MONEY_UNIT;

	/* beyond 64 bits a double has no nano-units to round anyway */
	return fabs(x) < 9e18 ? (money)llround(x) : (money)x;
}
