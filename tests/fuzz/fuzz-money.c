/*
 * Fuzzes money.c: decimals parsed from the input (up to three, split at
 * spaces), a line item of them, sums, division, and the text of an
 * amount, which must read back as the same amount.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "fuzz.h"

static void
check(int ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "fuzz-money: %s: '%s'\n", what, s);
		abort();
	}
}

/* The amount text reads back as m nano-units. */
static void
check_format(money m)
{
	char buf[MONEY_LEN];
	struct decimal d;
	int s;

	money_format(m, buf);
	/* decimal_parse takes 18 digits: a larger amount cannot read back */
	if (m <= -1000000000000000000LL || m >= 1000000000000000000LL)
		return;
	check(decimal_parse(buf, &d) == 0, "money_format is no decimal", buf);
	{
		money v = d.mant;

		for (s = d.scale; s < 9; s++)
			v *= 10;
		check(d.scale <= 9 && v == m, "money_format reads back "
		    "another amount", buf);
	}
	(void)money_double(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decimal d[3], x;
	char *s, *tok, *save = NULL;
	money m, a, sum;
	int n = 0;

	s = fuzz_str(data, size);
	for (tok = strtok_r(s, " ", &save); tok != NULL && n < 3;
	    tok = strtok_r(NULL, " ", &save)) {
		if (decimal_parse(tok, &d[n]) != 0)
			continue;
		check(d[n].scale >= 0 && d[n].scale <= 36, "decimal scale",
		    tok);
		x = d[n];
		/* times 1000 over 10^3: the same value, whatever the
		 * powers of ten that cancel */
		if (decimal_scale(&x, 1000, 3) == 0) {
			__int128 a = x.mant, b = d[n].mant;
			int k;

			for (k = x.scale; k < d[n].scale; k++)
				a *= 10;
			for (k = d[n].scale; k < x.scale; k++)
				b *= 10;
			check(a == b && x.scale - d[n].scale <= 3 &&
			    d[n].scale - x.scale <= 3, "decimal_scale", tok);
		}
		n++;
	}
	if (n == 3 && money_line(&d[0], &d[1], &d[2], &m) == 0) {
		check_format(m);
		if (money_add(m, m, &sum) == 0)
			check_format(sum);
		a = money_div(m, 3);
		check(a >= m / 3 - 1 && a <= m / 3 + 1, "money_div", s);
		check_format(a);
		check_format(money_div(m, 7));
	}
	if (n >= 1) {
		x.mant = 1;
		x.scale = 0;
		if (money_line(&d[0], &x, &x, &m) == 0)
			check_format(m);
	}
	free(s);
	return 0;
}
