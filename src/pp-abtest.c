/*
 * pp-abtest: assign units to variants deterministically (GrowthBook's
 * bucketing), compare variants statistically, name a winner, and gate a
 * branch against main in CI.  The work is in src/abtest/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abtest.h"
#include "conf.h"
#include "diag.h"
#include "gate.h"
#include "hmap.h"
#include "metric.h"
#include "units.h"
#include "wr.h"

/*
 * What a table leaves out unless -F says otherwise: a terminal shows
 * each arm's n, mean, median, p95, the difference in percent with its
 * interval, the p-value (or the chance to win) and the verdict.
 */
#define ABTEST_TABLE_HIDE	"control,unit,sd,median_lo,median_hi,diff," \
	"diff_lo,diff_hi,test,statistic,p_adjusted,srm_p,expected_loss"

enum {
	OPT_KEY_FIELD = OPT_LOCAL, OPT_VARIANTS, OPT_SEED, OPT_COVERAGE,
	OPT_VARIANT_FIELD, OPT_CONTROL, OPT_TEST, OPT_LOG, OPT_QUANTILE,
	OPT_RESAMPLES, OPT_CONFIDENCE, OPT_CORRECT, OPT_MIN_EFFECT,
	OPT_MIN_SAMPLES, OPT_WEIGHTS, OPT_FAIL_ON, OPT_SEQUENTIAL, OPT_PLAN,
	OPT_MDE, OPT_POWER, OPT_SD, OPT_GITHUB, OPT_UNIT_FIELD, OPT_UNIT_AGG,
	OPT_ENGINE, OPT_WIN_THRESHOLD, OPT_MAX_RISK, OPT_PRIOR_MEAN,
	OPT_PRIOR_SD, OPT_DRAWS, OPT_MIN_WEIGHT, OPT_CONTROL_WEIGHT,
	OPT_WEIGHTS_FILE,
	OPT_STATE, OPT_SCHEDULE
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "key-field",		required_argument,	NULL, OPT_KEY_FIELD },
	{ "variants",		required_argument,	NULL, OPT_VARIANTS },
	{ "seed",		required_argument,	NULL, OPT_SEED },
	{ "coverage",		required_argument,	NULL, OPT_COVERAGE },
	{ "variant-field",	required_argument,	NULL, OPT_VARIANT_FIELD },
	{ "control",		required_argument,	NULL, OPT_CONTROL },
	{ "test",		required_argument,	NULL, OPT_TEST },
	{ "log",		no_argument,		NULL, OPT_LOG },
	{ "quantile",		required_argument,	NULL, OPT_QUANTILE },
	{ "resamples",		required_argument,	NULL, OPT_RESAMPLES },
	{ "confidence",		required_argument,	NULL, OPT_CONFIDENCE },
	{ "correct",		required_argument,	NULL, OPT_CORRECT },
	{ "min-effect",		required_argument,	NULL, OPT_MIN_EFFECT },
	{ "min-samples",	required_argument,	NULL, OPT_MIN_SAMPLES },
	{ "weights",		required_argument,	NULL, OPT_WEIGHTS },
	{ "fail-on",		required_argument,	NULL, OPT_FAIL_ON },
	{ "sequential",		no_argument,		NULL, OPT_SEQUENTIAL },
	{ "plan",		no_argument,		NULL, OPT_PLAN },
	{ "mde",		required_argument,	NULL, OPT_MDE },
	{ "power",		required_argument,	NULL, OPT_POWER },
	{ "sd",			required_argument,	NULL, OPT_SD },
	{ "github",		no_argument,		NULL, OPT_GITHUB },
	{ "unit-field",		required_argument,	NULL, OPT_UNIT_FIELD },
	{ "unit-agg",		required_argument,	NULL, OPT_UNIT_AGG },
	{ "engine",		required_argument,	NULL, OPT_ENGINE },
	{ "win-threshold",	required_argument,	NULL, OPT_WIN_THRESHOLD },
	{ "max-risk",		required_argument,	NULL, OPT_MAX_RISK },
	{ "prior-mean",		required_argument,	NULL, OPT_PRIOR_MEAN },
	{ "prior-sd",		required_argument,	NULL, OPT_PRIOR_SD },
	{ "draws",		required_argument,	NULL, OPT_DRAWS },
	{ "min-weight",		required_argument,	NULL, OPT_MIN_WEIGHT },
	{ "control-weight",	required_argument,	NULL, OPT_CONTROL_WEIGHT },
	{ "weights-file",	required_argument,	NULL, OPT_WEIGHTS_FILE },
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "schedule",		required_argument,	NULL, OPT_SCHEDULE },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-abtest assign --key-field FIELD --variants NAME=W,NAME=W...\n"
"                 [--seed NAME] [--coverage P] [--variant-field F] [FILE...]\n"
"       pp-abtest analyze [--control NAME] [--test mw|welch] [--log]\n"
"                 [--unit-field F [--unit-agg mean|median|sum]]\n"
"                 [--quantile Q [--seed N] [--resamples N]] [--confidence P]\n"
"                 [--correct holm|bh|none] [--min-effect P] [--min-samples N]\n"
"                 [--weights NAME=W,... | --weights-file FILE] [--sequential]\n"
"                 [--engine freq|bayes [--win-threshold P] [--max-risk P]\n"
"                 [--prior-mean P] [--prior-sd P]]\n"
"                 [--fail-on slower [--github]] [--variant-field F] [FILE...]\n"
"       pp-abtest analyze --plan --mde P [--power P] [--sd S | FILE]\n"
"       pp-abtest bandit [--control NAME] [--seed N] [--draws N]\n"
"                 [--min-weight P] [--control-weight P] [--min-samples N]\n"
"                 [--variant-field F] [FILE...]\n"
"       pp-abtest rollout --state FILE [--schedule P,P,...] [--control NAME]\n"
"                 [analyze options] [FILE...]\n"
"\n"
"Split units between variants reproducibly, and decide from measurements\n"
"whether a variant is faster, slower or no different.\n"
"\n"
"assign:\n"
"      --key-field FIELD    the unit to assign (user_id, run, host ...)\n"
"      --variants N=W,...   variants and their weights\n"
"      --seed NAME          the experiment's name (default empty)\n"
"      --coverage P         assign P%% of units, the rest stay empty (100)\n"
"analyze:\n"
"      --variant-field F    the field naming the variant (default variant)\n"
"      --control NAME       the baseline (default: the variant named control,\n"
"                           else the first of --weights)\n"
"      --unit-field F       one value per unit (user_id ...): the units are\n"
"                           tested and counted, not the records\n"
"      --unit-agg AGG       a unit's value: mean (default), median or sum\n"
"      --test mw|welch      Mann-Whitney (default) or Welch's t-test\n"
"      --log                Welch on log values: ratio of geometric means\n"
"      --quantile Q         compare quantile Q with a bootstrap interval\n"
"      --seed N             the bootstrap's seed (default 1)\n"
"      --resamples N        bootstrap resamples (default 10000)\n"
"      --confidence P       of intervals, and 1 - alpha (default 95%%)\n"
"      --correct METHOD     holm (default), bh or none, over variants\n"
"      --min-effect P       significant only if the interval clears P (1%%)\n"
"      --min-samples N      fewer in an arm is insufficient_data (5)\n"
"      --weights N=W,...    expected split for the sample ratio check\n"
"      --weights-file FILE  the splits in force over time: records of\n"
"                           from (a time) and weights (N=W,...)\n"
"      --sequential         always-valid p-values (mixture SPRT)\n"
"      --engine ENGINE      freq (default): the tests above; bayes: the\n"
"                           posterior of the relative change of the mean\n"
"      --win-threshold P    bayes: faster at this chance to win, slower at\n"
"                           this chance to lose (95%%)\n"
"      --max-risk P         bayes: faster only if the expected loss is at\n"
"                           most P of the control (1%%)\n"
"      --prior-mean P       bayes: the normal prior's mean change (0)\n"
"      --prior-sd P         bayes: its standard deviation (default: a flat\n"
"                           prior)\n"
"      --fail-on slower     exit 1 when a variant is significantly slower\n"
"      --output-format junit  with --fail-on: a JUnit testcase per metric\n"
"                           and variant, no records\n"
"      --github             with --fail-on: GitHub Actions annotations on\n"
"                           standard error\n"
"      --plan               sample size per arm (with --mde, --power, --sd)\n"
"bandit (Thompson sampling; writes a --variants list):\n"
"      --seed N             the draws' seed (default 1)\n"
"      --draws N            draws of every variant's mean (default 10000)\n"
"      --min-weight P       the least weight of a variant (default 5%%)\n"
"      --control-weight P   the least weight of the control (default\n"
"                           --min-weight)\n"
"rollout (writes the --coverage to use next; exit 0 on, 1 rolled back,\n"
"         5 held):\n"
"      --state FILE         the rollout's state, made by the first run\n"
"      --schedule P,P,...   the coverages in turn (default 5,25,50,100)\n"
"\n"
"%s"
"\n"
"See pp-abtest(1).\n", pp_common_help);
}

static int given[G_N];
/* The last option of --engine bayes given; --prior-mean was given. */
static const char *bayes_opt;
static int prior_mean_given;

static const struct opt_word commands[] = {
	{ "assign", CMD_ASSIGN }, { "analyze", CMD_ANALYZE },
	{ "bandit", CMD_BANDIT }, { "rollout", CMD_ROLLOUT }, { NULL, 0 }
};

/*
 * The command, argv[1]: assign, analyze, bandit or rollout; -h and -V
 * before it.
 */
static void
parse_command(int argc, char *argv[], struct ab *ab)
{
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		}
		if (argc >= 2 && (strcmp(argv[1], "-V") == 0 ||
		    strcmp(argv[1], "--version") == 0))
			pp_common_opt(&ab->c, 'V', NULL);
		pp_usage_error("a command is needed: assign, analyze, bandit or "
		    "rollout");
	}
	if ((ab->cmd = word_find(commands, argv[1])) < 0)
		pp_usage_error("unknown command '%s': assign, analyze, bandit "
		    "or rollout", argv[1]);
	ab->analyze = ab->cmd != CMD_ASSIGN;
}

/* The commands an option goes with, as bits of 1 << CMD_*. */
#define C_AS	(1 << CMD_ASSIGN)
#define C_AN	(1 << CMD_ANALYZE)
#define C_BA	(1 << CMD_BANDIT)
#define C_RO	(1 << CMD_ROLLOUT)

static const struct {
	int		 ch;
	int		 cmds;
} option_cmds[] = {
	{ OPT_KEY_FIELD, C_AS }, { OPT_VARIANTS, C_AS }, { OPT_COVERAGE, C_AS },
	{ OPT_VARIANT_FIELD, C_AN | C_BA | C_RO },
	{ OPT_CONTROL, C_AN | C_BA | C_RO }, { OPT_LOG, C_AN | C_BA | C_RO },
	{ OPT_MIN_SAMPLES, C_AN | C_BA | C_RO },
	{ OPT_UNIT_FIELD, C_AN | C_BA | C_RO },
	{ OPT_UNIT_AGG, C_AN | C_BA | C_RO },
	{ OPT_TEST, C_AN | C_RO }, { OPT_QUANTILE, C_AN | C_RO },
	{ OPT_RESAMPLES, C_AN | C_RO }, { OPT_CONFIDENCE, C_AN | C_RO },
	{ OPT_CORRECT, C_AN | C_RO }, { OPT_MIN_EFFECT, C_AN | C_RO },
	{ OPT_WEIGHTS, C_AN | C_RO }, { OPT_WEIGHTS_FILE, C_AN | C_RO },
	{ OPT_SEQUENTIAL, C_AN | C_RO }, { OPT_ENGINE, C_AN | C_RO },
	{ OPT_WIN_THRESHOLD, C_AN | C_RO }, { OPT_MAX_RISK, C_AN | C_RO },
	{ OPT_PRIOR_MEAN, C_AN | C_RO }, { OPT_PRIOR_SD, C_AN | C_RO },
	{ OPT_FAIL_ON, C_AN }, { OPT_GITHUB, C_AN }, { OPT_PLAN, C_AN },
	{ OPT_MDE, C_AN }, { OPT_POWER, C_AN }, { OPT_SD, C_AN },
	{ OPT_DRAWS, C_BA }, { OPT_MIN_WEIGHT, C_BA },
	{ OPT_CONTROL_WEIGHT, C_BA }, { OPT_STATE, C_RO },
	{ OPT_SCHEDULE, C_RO },
};

/* Exits 2 if option ch, named name, does not go with the command. */
static void
check_command(const struct ab *ab, int ch, const char *name)
{
	static const char *const cmd_names[] = { "assign", "analyze",
	    "bandit", "rollout" };
	char list[64];
	size_t i, k, n;

	for (i = 0; i < sizeof(option_cmds) / sizeof(option_cmds[0]); i++) {
		if (option_cmds[i].ch != ch ||
		    (option_cmds[i].cmds & (1 << ab->cmd)) != 0)
			continue;
		list[0] = '\0';
		for (k = 0, n = 0; k < 4; k++) {
			if ((option_cmds[i].cmds & (1 << k)) == 0)
				continue;
			if (n++ > 0)
				strcat(list, option_cmds[i].cmds >> (k + 1) ?
				    ", " : " and ");
			strcat(list, cmd_names[k]);
		}
		pp_usage_error("--%s goes with %s, not %s", name, list,
		    cmd_names[ab->cmd]);
	}
}

/* The options of assign, and --seed of both; 0 if ch is none of them. */
static int
assign_option(struct ab *ab, int ch)
{
	long n;

	switch (ch) {
	case OPT_KEY_FIELD:
		ab->key_field = optarg;
		return 1;
	case OPT_VARIANTS:
		parse_weights("--variants", optarg, &ab->vnames,
		    &ab->weights, &ab->nv);
		return 1;
	case OPT_SEED:
		ab->seed = optarg;
		if (ab->analyze) {
			if (parse_long(optarg, 0, 0x7fffffffL, &n) != 0)
				pp_usage_error("--seed: '%s' is not a "
				    "whole number", optarg);
			ab->bseed = (unsigned long long)n;
		}
		return 1;
	case OPT_COVERAGE:
		ab->coverage = opt_percent("--coverage", optarg, 0, 1,
		    0);
		return 1;
	}
	return 0;
}

/* The options of bandit and rollout; 0 when ch is none of them. */
static int
bandit_option(struct ab *ab, int ch)
{
	switch (ch) {
	case OPT_DRAWS:
		ab->draws = opt_count("--draws", optarg, 100, 10000000);
		return 1;
	case OPT_MIN_WEIGHT:
		ab->min_weight = opt_percent("--min-weight", optarg, 0, 1,
		    PCT_HI_OPEN);
		return 1;
	case OPT_CONTROL_WEIGHT:
		ab->control_weight = opt_percent("--control-weight", optarg,
		    0, 1, PCT_HI_OPEN);
		return 1;
	case OPT_WEIGHTS_FILE:
		ab->weights_file = optarg;
		return 1;
	case OPT_STATE:
		if (*optarg == '\0')
			pp_usage_error("--state: the name is empty");
		ab->state = optarg;
		return 1;
	case OPT_SCHEDULE:
		free(ab->schedule);
		ab->schedule = NULL;
		ab->nschedule = 0;
		parse_schedule(optarg, &ab->schedule, &ab->nschedule);
		ab->schedule_arg = optarg;
		return 1;
	}
	return 0;
}

/* The options of analyze; 0 when ch is not one of them. */
static int
analyze_option(struct ab *ab, int ch)
{
	double v;

	switch (ch) {
	case OPT_VARIANT_FIELD:
		ab->variant_field = optarg;
		return 1;
	case OPT_CONTROL:
		ab->control = optarg;
		return 1;
	case OPT_TEST:
		given[G_TEST] = 1;
		ab->test = opt_word("--test", optarg, ab_test_words);
		return 1;
	case OPT_LOG:
		ab->log = 1;
		return 1;
	case OPT_QUANTILE:
		if (parse_double(optarg, &v) != 0 || v <= 0 || v >= 1)
			pp_usage_error("--quantile: '%s' is not a "
			    "number between 0 and 1", optarg);
		ab->quantile = v;
		ab->test = TEST_QUANTILE;
		given[G_TEST] = 1;
		return 1;
	case OPT_RESAMPLES:
		ab->resamples = opt_count("--resamples", optarg, 100,
		    10000000);
		given[G_RESAMPLES] = 1;
		return 1;
	case OPT_CONFIDENCE:
		ab->confidence = opt_percent("--confidence", optarg,
		    0.5, 1, PCT_LO_OPEN | PCT_HI_OPEN);
		given[G_CONFIDENCE] = 1;
		return 1;
	case OPT_CORRECT:
		given[G_CORRECT] = 1;
		ab->correct = opt_word("--correct", optarg,
		    ab_correct_words);
		return 1;
	case OPT_MIN_EFFECT:
		ab->min_effect = opt_percent("--min-effect", optarg,
		    0, 10, 0);
		given[G_MIN_EFFECT] = 1;
		return 1;
	case OPT_MIN_SAMPLES:
		ab->min_samples = opt_count("--min-samples", optarg, 5,
		    OPT_COUNT_MAX);
		given[G_MIN_SAMPLES] = 1;
		return 1;
	case OPT_WEIGHTS:
		parse_weights("--weights", optarg, &ab->wnames,
		    &ab->wvals, &ab->nw);
		ab->wsource = "--weights";
		given[G_WEIGHTS] = 1;
		return 1;
	case OPT_UNIT_FIELD:
		if (*optarg == '\0')
			pp_usage_error("--unit-field: the name is empty");
		ab->unit_field = optarg;
		given[G_UNIT_FIELD] = 1;
		return 1;
	case OPT_UNIT_AGG:
		ab->unit_agg = opt_word("--unit-agg", optarg, ab_agg_words);
		given[G_UNIT_AGG] = 1;
		return 1;
	case OPT_FAIL_ON:
		if (strcmp(optarg, "slower") != 0)
			pp_usage_error("--fail-on: '%s' is not slower",
			    optarg);
		ab->fail_slower = 1;
		return 1;
	case OPT_GITHUB:
		ab->github = 1;
		return 1;
	case OPT_SEQUENTIAL:
		ab->sequential = 1;
		return 1;
	case OPT_PLAN:
		ab->plan = 1;
		return 1;
	case OPT_MDE:
		ab->mde = opt_percent("--mde", optarg, 0, 10,
		    PCT_LO_OPEN | PCT_HI_OPEN);
		return 1;
	case OPT_POWER:
		ab->power = opt_percent("--power", optarg, 0, 1,
		    PCT_LO_OPEN | PCT_HI_OPEN);
		return 1;
	case OPT_SD:
		if (parse_percent(optarg, &v) != 0 || v <= 0)
			pp_usage_error("--sd: '%s' is not a positive "
			    "coefficient of variation (e.g. 30%%)",
			    optarg);
		/* a bare number is the ratio itself, not percent */
		ab->sd = strchr(optarg, '%') != NULL ? v : v * 100;
		return 1;
	}
	return 0;
}

/* The options of --engine bayes; 0 when ch is not one of them. */
static int
bayes_option(struct ab *ab, int ch)
{
	switch (ch) {
	case OPT_ENGINE:
		ab->engine = opt_word("--engine", optarg, ab_engine_words);
		return 1;
	case OPT_WIN_THRESHOLD:
		/* at 50% or below, a variant could be faster and slower */
		ab->win_threshold = opt_percent("--win-threshold", optarg,
		    0.5, 1, PCT_LO_OPEN | PCT_HI_OPEN);
		bayes_opt = "--win-threshold";
		return 1;
	case OPT_MAX_RISK:
		ab->max_risk = opt_percent("--max-risk", optarg, 0, PCT_MAX,
		    0);
		bayes_opt = "--max-risk";
		return 1;
	case OPT_PRIOR_MEAN:
		if (parse_percent(optarg, &ab->prior_mean) != 0)
			pp_usage_error("--prior-mean: '%s' is not a "
			    "percentage", optarg);
		bayes_opt = "--prior-mean";
		prior_mean_given = 1;
		return 1;
	case OPT_PRIOR_SD:
		ab->prior_sd = opt_percent("--prior-sd", optarg, 0, PCT_MAX,
		    PCT_LO_OPEN);
		bayes_opt = "--prior-sd";
		return 1;
	}
	return 0;
}

/* --engine bayes and the options that go with it, or against it. */
static void
check_bayes(const struct ab *ab)
{
	if (ab->engine != ENGINE_BAYES) {
		if (bayes_opt != NULL)
			pp_usage_error("%s goes with --engine bayes", bayes_opt);
		return;
	}
	if (ab->sequential)
		pp_usage_error("--engine bayes and --sequential: choose one");
	if (given[G_TEST])
		pp_usage_error("--engine bayes compares means: not with "
		    "--test or --quantile");
	if (ab->plan)
		pp_usage_error("--plan has no verdicts: not with --engine "
		    "bayes");
	if (prior_mean_given && ab->prior_sd == 0)
		pp_usage_error("--prior-mean needs --prior-sd: a flat prior "
		    "has no mean");
}

/* The combinations of options, once all are read. */
static void
check_options(struct ab *ab, size_t nfiles)
{
	check_bayes(ab);
	if (ab->log && ab->sequential)
		pp_usage_error("--log and --sequential: choose one");
	if (ab->log) {
		if (given[G_TEST] && ab->test != TEST_WELCH)
			pp_usage_error("--log runs Welch's test on log values: "
			    "it goes with --test welch only");
		ab->test = TEST_WELCH;
		given[G_TEST] = 1;
	}
	/* the time of a record places it in a period of --weights-file */
	pp_common_refuse(&ab->c, PP_NO_GROUP | (ab->weights_file != NULL ? 0 :
	    PP_NO_TIME),
	    (const char *const[]){ NULL, "pp-abtest compares the variants of "
	    "each metric: keep the series wanted before it (pp-sample --keep)",
	    "pp-abtest reads no time: the order of values does not count" });
	ab->junit = ab->c.out_fmt == FMT_JUNIT;
	if (ab->cmd != CMD_ANALYZE || !ab->fail_slower) {
		pp_junit_refuse(&ab->c);
		if (ab->github)
			pp_usage_error("--github goes with analyze --fail-on "
			    "slower");
	}
	if (ab->plan && (ab->junit || ab->github))
		pp_usage_error("--plan has no verdicts: not with %s",
		    ab->junit ? "--output-format junit" : "--github");
	if (ab->cmd != CMD_ANALYZE)
		ab->plan = 0;	/* analyze's own: the others read variants */
	if (ab->weights_file != NULL && given[G_WEIGHTS])
		pp_usage_error("--weights and --weights-file: choose one");
	if (ab->cmd == CMD_ROLLOUT && ab->state == NULL)
		pp_usage_error("rollout needs --state");
	if (!ab->analyze) {
		if (ab->key_field == NULL || ab->nv == 0)
			pp_usage_error("assign needs --key-field and --variants");
		if (ab->seed == NULL)
			ab->seed = "";
	} else if (ab->plan && ab->mde <= 0)
		pp_usage_error("--plan needs --mde");
	else if (ab->plan && ab->sd <= 0 && nfiles == 0)
		pp_usage_error("--plan needs --sd or a pilot FILE");
}

static void
parse_options(int argc, char *argv[], struct ab *ab, char ***files,
    size_t *nfiles)
{
	int ch, li = 0;

	parse_command(argc, argv, ab);
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    &li)) != -1) {
		if (pp_common_opt(&ab->c, ch, optarg))
			continue;
		if (ch >= OPT_LOCAL)
			check_command(ab, ch, longopts[li].name);
		if (assign_option(ab, ch) || analyze_option(ab, ch) ||
		    bayes_option(ab, ch) || bandit_option(ab, ch))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		default:
			pp_usage_try();
		}
	}
	*files = argv + optind;
	*nfiles = (size_t)(argc - optind);
	check_options(ab, *nfiles);
}

/*
 * The configuration and the periods of --weights-file, whose weights
 * replace those of the abtest: section; all checked before any data.
 */
static struct cnode *
load_config(struct ab *ab)
{
	struct cnode *conf;

	if (ab->weights_file != NULL)
		given[G_WEIGHTS] = 1;
	conf = conf_load(ab->c.config);
	conf_metrics(conf, &ab->mc);
	ab_load_config(ab, conf, given);
	if (given[G_UNIT_AGG] && ab->unit_field == NULL)
		pp_usage_error("--unit-agg goes with --unit-field");
	if (ab->weights_file != NULL && ab->unit_field != NULL)
		pp_usage_error("--weights-file counts records: not with "
		    "--unit-field");
	if (ab->weights_file != NULL && ab->cmd != CMD_BANDIT)
		periods_load(ab);
	return conf;
}

int
main(int argc, char *argv[])
{
	struct ab ab;
	struct cnode *conf;
	char **files;
	size_t nfiles;
	int status = PP_EXIT_OK;

	pp_setprog(argv[0]);
	memset(&ab, 0, sizeof(ab));
	pp_common_init(&ab.c);
	ab.coverage = 1;
	ab.variant_field = "variant";
	ab.confidence = 0.95;
	ab.min_effect = 0.01;
	ab.min_samples = 5;
	ab.resamples = 10000;
	ab.bseed = 1;
	ab.power = 0.8;
	ab.win_threshold = 0.95;
	ab.max_risk = 0.01;
	ab.draws = 10000;
	ab.min_weight = 0.05;
	hmap_init(&ab.metrics);
	rec_init(&ab.r);
	parse_options(argc, argv, &ab, &files, &nfiles);
	conf = load_config(&ab);

	if (ab.cmd == CMD_ASSIGN) {
		assign(&ab, files, nfiles);
	} else if (ab.cmd == CMD_BANDIT) {
		bandit(&ab, files, nfiles);
	} else if (ab.cmd == CMD_ROLLOUT) {
		status = rollout(&ab, files, nfiles);
	} else if (ab.plan && ab.sd > 0) {
		ab.out = pp_open_output(&ab.c, pp_output_format(&ab.c, 1,
		    FMT_CSV), ABTEST_TABLE_HIDE);
		plan(&ab, files, nfiles);
	} else {
		read_values(&ab, files, nfiles);
		if (!ab.junit)
			ab.out = pp_open_output(&ab.c, ab.c.out_fmt,
			    ABTEST_TABLE_HIDE);
		if (ab.metrics.n == 0 && ab.unit_field != NULL)
			pp_die(PP_EXIT_DATA, "no records with a variant field "
			    "('%s'), a unit ('%s') and a value",
			    ab.variant_field, ab.unit_field);
		if (ab.metrics.n == 0)
			pp_die(PP_EXIT_DATA, "no records with a variant field "
			    "('%s') and a value", ab.variant_field);
		if (ab.plan)
			plan(&ab, files, nfiles);
		else {
			if (ab.junit || ab.github)
				ab.gate = gate_open("pp-abtest", ab.junit ?
				    stdout : NULL, ab.github ? stderr : NULL);
			analyze(&ab);
		}
	}
	wr_close(ab.out);
	gate_close(ab.gate);
	pp_badrec_finish();

	ab_free(&ab);
	rec_free(&ab.r);
	metric_conf_free(&ab.mc);
	conf_free(conf);
	pp_common_free(&ab.c);
	if (ab.cmd != CMD_ROLLOUT && ab.failed)
		status = PP_EXIT_FAIL;
	return pp_close_stdout(status);
}
