/*
 * Money: never a double.  Amounts are signed 64-bit nano-units of a
 * currency; quantities and prices are read as exact decimals; a line
 * item is quantity x price / per, computed in 128 bits and rounded half
 * to even once, to the nano-unit.  Sums of amounts are exact.
 */
#ifndef PP_MONEY_H
#define PP_MONEY_H

#include <stdint.h>

typedef int64_t money;		/* nano-units: 1 USD = 1000000000 */

#define MONEY_UNIT	1000000000LL

/* An exact decimal: mant / 10^scale. */
struct decimal {
	int64_t	 mant;
	int	 scale;		/* 0 ... 36 */
};

/*
 * Parses a decimal ("2.50", "-0.0004", "1e3", "12"): at most 18
 * significant digits.  0 on success, -1 if s is no such number.
 */
int	 decimal_parse(const char *s, struct decimal *);
/* The decimal times an integer factor and over a power of ten: exact. */
int	 decimal_scale(struct decimal *, int64_t mul, int div10);

/*
 * quantity x price / per, rounded half to even to nano-units; per is
 * mant / 10^scale too.  -1 on overflow (more than 9.2e9 units).
 */
int	 money_line(const struct decimal *quantity, const struct decimal *price,
	    const struct decimal *per, money *out);
/* a + b; -1 on overflow. */
int	 money_add(money a, money b, money *out);
/* m / n rounded half to even (n > 0). */
money	 money_div(money m, int64_t n);
/* Decimal text of an amount, trailing zeros trimmed to at least 2 places. */
char	*money_format(money m, char buf[32]);
/* An amount as a double, for statistics only (forecasts, shares). */
double	 money_double(money m);
/* The nearest amount to a double, for forecasts only. */
money	 money_from_double(double v);

#endif
