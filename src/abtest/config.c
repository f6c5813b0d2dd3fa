/*
 * pp-abtest's settings: the words of --test and --correct, and the
 * abtest: section of the configuration.
 */
#include <math.h>
#include <stdlib.h>

#include "abtest.h"
#include "conf.h"
#include "diag.h"

const struct opt_word ab_test_words[] = {
	{ "mw", TEST_MW }, { "welch", TEST_WELCH }, { NULL, 0 }
};
const struct opt_word ab_correct_words[] = {
	{ "holm", CORR_HOLM }, { "bh", CORR_BH }, { "none", CORR_NONE },
	{ NULL, 0 }
};
const struct opt_word ab_agg_words[] = {
	{ "mean", AGG_MEAN }, { "median", AGG_MEDIAN }, { "sum", AGG_SUM },
	{ NULL, 0 }
};

/*
 * weights: a mapping from variant to weight, in order (the first is the
 * control unless one is named control), as --weights; kept unless
 * --weights was given.
 */
static void
load_weights(struct ab *ab, const struct cnode *n, int given)
{
	char **names;
	double *w, sum = 0;
	size_t i;

	conf_expect(n, CN_MAP, "a mapping from variant to weight");
	names = xcalloc(n->n + 1, sizeof(*names));
	w = xcalloc(n->n + 1, sizeof(*w));
	for (i = 0; i < n->n; i++) {
		names[i] = xstrdup(conf_string(n->keys[i]));
		if ((w[i] = conf_percent(n->vals[i])) < 0)
			conf_die(n->vals[i], "weights: '%s' is not a number of "
			    "0 or more", n->vals[i]->str);
		sum += w[i];
	}
	if (sum <= 0)
		conf_die(n, "weights: they sum to 0");
	if (given) {
		for (i = 0; i < n->n; i++)
			free(names[i]);
		free(names);
		free(w);
		return;
	}
	for (i = 0; i < n->n; i++)
		w[i] /= sum;
	ab->wnames = names;
	ab->wvals = w;
	ab->nw = n->n;
	ab->wsource = "abtest: weights";
}

/* unit_field, unit_agg and weights. */
static void
load_units(struct ab *ab, const struct cnode *sec, const int *given)
{
	const struct cnode *n;
	const char *s;

	if ((n = conf_get(sec, "unit_field")) != NULL) {
		if (*(s = conf_string(n)) == '\0')
			conf_die(n, "unit_field: the name is empty");
		if (!given[G_UNIT_FIELD])
			ab->unit_field = s;
	}
	if ((n = conf_get(sec, "unit_agg")) != NULL) {
		int a = conf_word(n, "unit_agg", ab_agg_words);

		if (!given[G_UNIT_AGG])
			ab->unit_agg = a;
	}
	if ((n = conf_get(sec, "weights")) != NULL)
		load_weights(ab, n, given[G_WEIGHTS]);
}

/*
 * The abtest: section: defaults for analyze.  Every value is checked;
 * an option given on the command line wins.
 */
void
ab_load_config(struct ab *ab, const struct cnode *root, const int *given)
{
	static const char *const keys[] = { "confidence", "min_effect",
	    "min_samples", "correct", "test", "resamples", "unit_field",
	    "unit_agg", "weights", NULL };
	const struct cnode *sec = conf_get(root, "abtest"), *n;
	double v;

	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping of abtest settings");
	conf_check_keys(sec, keys);
	if ((n = conf_get(sec, "confidence")) != NULL) {
		v = conf_percent(n);
		if (v <= 0 || v >= 1)
			conf_die(n, "confidence: '%s' is not between 0%% and "
			    "100%%", n->str);
		if (!given[G_CONFIDENCE])
			ab->confidence = v;
	}
	if ((n = conf_get(sec, "min_effect")) != NULL) {
		if ((v = conf_percent(n)) < 0 || v > 10)
			conf_die(n, "min_effect: '%s' is not from 0%% to "
			    "1000%%", n->str);
		if (!given[G_MIN_EFFECT])
			ab->min_effect = v;
	}
	if ((n = conf_get(sec, "min_samples")) != NULL) {
		v = conf_number(n);
		if (v < 5 || v > 1e9 || v != floor(v))
			conf_die(n, "min_samples: '%s' is not a whole number "
			    "from 5 to 1000000000", n->str);
		if (!given[G_MIN_SAMPLES])
			ab->min_samples = (long)v;
	}
	if ((n = conf_get(sec, "correct")) != NULL) {
		int c = conf_word(n, "correct", ab_correct_words);

		if (!given[G_CORRECT])
			ab->correct = c;
	}
	if ((n = conf_get(sec, "test")) != NULL) {
		int t = conf_word(n, "test", ab_test_words);

		if (!given[G_TEST])
			ab->test = t;
	}
	if ((n = conf_get(sec, "resamples")) != NULL) {
		v = conf_number(n);
		if (v < 100 || v > 1e7 || v != floor(v))
			conf_die(n, "resamples: '%s' is not a whole number "
			    "from 100 to 10000000", n->str);
		if (!given[G_RESAMPLES])
			ab->resamples = (long)v;
	}
	load_units(ab, sec, given);
}

