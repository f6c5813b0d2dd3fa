/*
 * Money: never a double.  Amounts are signed 128-bit nano-units of a
 * currency, exact up to about 1.7e29 units, so that no sum of 64-bit
 * amounts a stream can hold wraps; quantities and prices are read as
 * exact decimals (18 significant digits); a line item is quantity x
 * price / per, computed in 128 bits and rounded half to even once, to
 * the nano-unit.  Sums of amounts are exact.
 */
#ifndef PP_MONEY_H
#define PP_MONEY_H

#include <stdint.h>

typedef __int128 money;		/* nano-units: 1 USD = 1000000000 */

#define MONEY_UNIT	1000000000LL

/* An exact decimal: mant / 10^scale. */
struct decimal {
	int64_t	 mant;
	int	 scale;		/* 0 ... 36 */
};

/* What decimal_parse returns besides 0. */
enum { DECIMAL_BAD = -1, DECIMAL_RANGE = -2 };
/*
 * Parses a decimal ("2.50", "-0.0004", "1e3", "12"): 0; DECIMAL_BAD if
 * s is no number; DECIMAL_RANGE for a number of more than 18
 * significant digits or beyond 9.2e18 ("1e20").
 */
int	 decimal_parse(const char *s, struct decimal *);
/*
 * The decimal times an integer factor and over a power of ten, exact:
 * the factor's powers of ten first cancel the decimal's, so that 0.5
 * TB is 500000000000 bytes.  -1 if the result needs more than 18 digits.
 */
int	 decimal_scale(struct decimal *, int64_t mul, int div10);

/*
 * quantity x price / per, rounded half to even to nano-units; per is
 * mant / 10^scale too.  -1 on overflow (more than about 1.7e29 units).
 */
int	 money_line(const struct decimal *quantity, const struct decimal *price,
	    const struct decimal *per, money *out);
/* a + b; -1 on overflow. */
int	 money_add(money a, money b, money *out);
/* m / n rounded half to even (n > 0). */
money	 money_div(money m, int64_t n);
/* Decimal text of an amount, trailing zeros trimmed to at least 2 places. */
#define MONEY_LEN	64
char	*money_format(money m, char buf[MONEY_LEN]);
/* An amount as a double, for statistics only (forecasts, shares). */
double	 money_double(money m);
/* The nearest amount to a double, for forecasts only. */
money	 money_from_double(double v);

#endif
