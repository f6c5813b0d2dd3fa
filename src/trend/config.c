/*
 * pp-trend's settings: the defaults, and the trend: section of the
 * configuration.
 */
#include <string.h>

#include "calendar.h"
#include "conf.h"
#include "trend.h"

void
trend_init(struct trend *t)
{
	memset(t, 0, sizeof(*t));
	pp_common_init(&t->c);
	t->o.window = 30 * 86400.0;
	t->o.min_change = 0.05;
	t->o.confidence = 0.95;
	t->o.max_pvalue = 0.001;
	t->o.min_magnitude = 0.05;
	t->o.band_moderate = 0.2;
	t->o.band_major = 0.5;
	t->o.threshold = 3.5;
	t->o.alpha = 0.05;
	t->o.max_outliers = 0.1;
	t->o.period = 86400;
	t->o.holt_alpha = t->o.holt_beta = -1;
	hmap_init(&t->series);
	rec_init(&t->r);
}

/* trend: in the configuration; options given on the command line win. */
void
trend_load_config(struct trend *t, const struct cnode *root, const int *given)
{
	static const char *const keys[] = { "window", "min_change",
	    "confidence", "max_pvalue", "min_magnitude", "severity", "tz",
	    NULL };
	static const char *const bands[] = { "moderate", "major", NULL };
	const struct cnode *sec = conf_get(root, "trend"), *n, *b;
	double v;

	conf_metrics(root, &t->mc);
	if (sec == NULL)
		return;
	conf_expect(sec, CN_MAP, "a mapping of trend settings");
	conf_check_keys(sec, keys);
	/* Every value is checked; one given on the command line wins. */
	if ((n = conf_get(sec, "window")) != NULL) {
		if (strcmp(conf_string(n), "all") == 0)
			v = 0;
		else if ((v = conf_duration(n)) <= 0)
			conf_die(n, "window: '%s' is not a positive duration",
			    n->str);
		if (!given[TG_WINDOW])
			t->o.window = v;
	}
	if ((n = conf_get(sec, "min_change")) != NULL) {
		if ((v = conf_percent(n)) < 0)
			conf_die(n, "min_change: '%s' is negative", n->str);
		if (!given[TG_MIN_CHANGE])
			t->o.min_change = v;
	}
	if ((n = conf_get(sec, "confidence")) != NULL) {
		v = conf_percent(n);
		if (v <= 0 || v >= 1)
			conf_die(n, "confidence: '%s' is not between 0%% and "
			    "100%%", n->str);
		if (!given[TG_CONFIDENCE])
			t->o.confidence = v;
	}
	if ((n = conf_get(sec, "max_pvalue")) != NULL) {
		v = conf_number(n);
		if (v <= 0 || v > 1)
			conf_die(n, "max_pvalue: '%s' is not in (0, 1]",
			    n->str);
		if (!given[TG_MAX_PVALUE])
			t->o.max_pvalue = v;
	}
	if ((n = conf_get(sec, "min_magnitude")) != NULL) {
		if ((v = conf_percent(n)) < 0)
			conf_die(n, "min_magnitude: '%s' is negative", n->str);
		if (!given[TG_MIN_MAGNITUDE])
			t->o.min_magnitude = v;
	}
	if ((n = conf_get(sec, "tz")) != NULL) {
		if (cal_set_zone(conf_string(n)) != 0)
			conf_die(n, "tz: unknown time zone '%s'", n->str);
		if (given[TG_TZ])
			(void)cal_set_zone(t->o.tz);	/* --tz wins */
		else
			t->o.tz = n->str;
	}
	if ((n = conf_get(sec, "severity")) != NULL) {
		conf_expect(n, CN_MAP, "a mapping such as {moderate: 0.2, "
		    "major: 0.5}");
		conf_check_keys(n, bands);
		if ((b = conf_get(n, "moderate")) != NULL)
			t->o.band_moderate = conf_number(b);
		if ((b = conf_get(n, "major")) != NULL)
			t->o.band_major = conf_number(b);
		if (t->o.band_moderate <= 0 ||
		    t->o.band_major <= t->o.band_moderate)
			conf_die(n, "severity: need 0 < moderate < major "
			    "(|ln(after/before)|), got %g and %g",
			    t->o.band_moderate, t->o.band_major);
	}
}
