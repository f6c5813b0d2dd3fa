/*
 * pp-abtest's settings: the words of --test and --correct, and the
 * abtest: section of the configuration.
 */
#include <math.h>

#include "abtest.h"
#include "conf.h"

const struct opt_word ab_test_words[] = {
	{ "mw", TEST_MW }, { "welch", TEST_WELCH }, { NULL, 0 }
};
const struct opt_word ab_correct_words[] = {
	{ "holm", CORR_HOLM }, { "bh", CORR_BH }, { "none", CORR_NONE },
	{ NULL, 0 }
};

/*
 * The abtest: section: defaults for analyze.  Every value is checked;
 * an option given on the command line wins.
 */
void
ab_load_config(struct ab *ab, const struct cnode *root, const int *given)
{
	static const char *const keys[] = { "confidence", "min_effect",
	    "min_samples", "correct", "test", "resamples", NULL };
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
}

