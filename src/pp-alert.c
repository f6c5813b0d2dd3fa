/*
 * pp-alert: deliver records as alerts (webhook in Alertmanager's format,
 * Slack, email, a command), grouped, deduplicated across runs, retried,
 * and spooled so that nothing is lost when a receiver is down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "alert.h"
#include "conf.h"
#include "diag.h"
#include "hmap.h"
#include "rd.h"
#include "wr.h"

enum {
	OPT_WEBHOOK = OPT_LOCAL, OPT_SLACK, OPT_EMAIL, OPT_EXEC, OPT_DEDUP_KEY,
	OPT_REPEAT_INTERVAL, OPT_STATE, OPT_SPOOL, OPT_DRY_RUN, OPT_RETRIES,
	OPT_TIMEOUT, OPT_BACKOFF, OPT_SENDMAIL, OPT_SUBJECT, OPT_HEADER_ENV
};

static const struct option longopts[] = {
	PP_COMMON_LONGOPTS,
	{ "webhook",		required_argument,	NULL, OPT_WEBHOOK },
	{ "slack",		required_argument,	NULL, OPT_SLACK },
	{ "email",		required_argument,	NULL, OPT_EMAIL },
	{ "exec",		required_argument,	NULL, OPT_EXEC },
	{ "dedup-key",		required_argument,	NULL, OPT_DEDUP_KEY },
	{ "repeat-interval",	required_argument,	NULL, OPT_REPEAT_INTERVAL },
	{ "state",		required_argument,	NULL, OPT_STATE },
	{ "spool",		required_argument,	NULL, OPT_SPOOL },
	{ "dry-run",		no_argument,		NULL, OPT_DRY_RUN },
	{ "retries",		required_argument,	NULL, OPT_RETRIES },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "backoff",		required_argument,	NULL, OPT_BACKOFF },
	{ "sendmail",		required_argument,	NULL, OPT_SENDMAIL },
	{ "subject",		required_argument,	NULL, OPT_SUBJECT },
	{ "header-env",		required_argument,	NULL, OPT_HEADER_ENV },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(
"usage: pp-alert [options] [--webhook URL] [--slack URL] [--email ADDR]\n"
"                [--exec CMD] [-g FIELDS] [--dedup-key FIELDS]\n"
"                [--repeat-interval D] [--state FILE] [--spool DIR]\n"
"                [--dry-run] [FILE...]\n"
"\n"
"Deliver records as alerts: anomalies, violations, change points,\n"
"findings.  Receivers and routes may also come from the alerts: section.\n"
"\n"
"Receivers:\n"
"      --webhook URL        POST Alertmanager's webhook payload (version 4)\n"
"      --slack URL          a Slack incoming-webhook message, 1 a second\n"
"      --email ADDR         a plain-text mail through sendmail -t -i\n"
"      --exec CMD           the records on CMD's standard input (sh -c)\n"
"      --header-env H=VAR   a webhook header whose value is $VAR\n"
"      --subject TEMPLATE   the mail subject; {{field}} is a field's value\n"
"      --sendmail PATH      (default /usr/sbin/sendmail)\n"
"Grouping and deduplication:\n"
"  -g, --group-by FIELDS    one message per group of these values\n"
"      --dedup-key FIELDS   what makes two alerts the same (default: every\n"
"                           field but the time and the measured values)\n"
"      --repeat-interval D  send the same alert again after D (default 4h)\n"
"      --state FILE         what was sent when (needed for dedup)\n"
"Delivery:\n"
"      --retries N          after a timeout, connection error or 5xx (3)\n"
"      --timeout D          of one attempt (default 10s)\n"
"      --backoff D          the first wait between attempts (500ms)\n"
"      --spool DIR          keep what could not be sent; sent first next run\n"
"      --dry-run            print the payloads instead of sending them\n"
"\n"
"%s"
"\n"
"See pp-alert(1) and pp-config(5).\n", pp_common_help);
}

/* --header-env HEADER=VARIABLE, for the webhooks of the options. */
static void
add_header_env(struct alert_run *a, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		pp_usage_error("--header-env: '%s' is not "
		    "HEADER=VARIABLE", arg);
	a->hdrs = xreallocarray(a->hdrs, a->nhdrs + 1,
	    sizeof(*a->hdrs));
	a->hdrs[a->nhdrs].name = xstrndup(arg,
	    (size_t)(eq - arg));
	a->hdrs[a->nhdrs++].env = eq + 1;
}

static void
parse_options(int argc, char *argv[], struct alert_run *a)
{
	int ch;
	long n;

	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&a->c, ch, optarg))
			continue;
		switch (ch) {
		case 'h':
			usage();
			exit(pp_close_stdout(PP_EXIT_OK));
		case OPT_WEBHOOK:
			check_url("--webhook", optarg);
			add_receiver(a, "webhook", R_WEBHOOK, optarg);
			break;
		case OPT_SLACK:
			check_url("--slack", optarg);
			add_receiver(a, "slack", R_SLACK, optarg);
			break;
		case OPT_EMAIL:
			if (strchr(optarg, '@') == NULL)
				pp_usage_error("--email: '%s' is not an "
				    "address", optarg);
			add_receiver(a, "email", R_EMAIL, optarg);
			break;
		case OPT_EXEC:
			add_receiver(a, "exec", R_EXEC, optarg);
			break;
		case OPT_DEDUP_KEY:
			free(a->dedup);
			a->dedup = pp_split_names(optarg, &a->ndedup);
			break;
		case OPT_REPEAT_INTERVAL:
			a->repeat = opt_duration("--repeat-interval", optarg,
			    1);
			break;
		case OPT_STATE:
			a->state = optarg;
			break;
		case OPT_SPOOL:
			a->spool = optarg;
			break;
		case OPT_DRY_RUN:
			a->dry_run = 1;
			break;
		case OPT_RETRIES:
			n = opt_count("--retries", optarg, 0, 100);
			a->retries = (int)n;
			break;
		case OPT_TIMEOUT:
			a->timeout = opt_duration("--timeout", optarg, 1);
			if (a->timeout <= 0)
				pp_usage_error("--timeout: '%s' is not a "
				    "positive duration", optarg);
			break;
		case OPT_BACKOFF:
			a->backoff = opt_duration("--backoff", optarg, 1);
			break;
		case OPT_SENDMAIL:
			a->sendmail = optarg;
			break;
		case OPT_SUBJECT:
			a->subject = optarg;
			break;
		case OPT_HEADER_ENV:
			add_header_env(a, optarg);
			break;
		default:
			pp_usage_try();
		}
	}
}

int
main(int argc, char *argv[])
{
	struct alert_run a;
	struct cnode *conf;
	struct rdopts ro;
	struct rd *rd;
	struct rec *r;
	struct hmap *groups;	/* per receiver: group key -> its alerts */
	struct buf key = BUF_INIT;
	size_t i;
	int lockfd;

	pp_setprog(argv[0]);
	memset(&a, 0, sizeof(a));
	a.start = time_now();
	pp_common_init(&a.c);
	a.retries = 3;
	a.timeout = 10;
	a.backoff = 0.5;
	a.repeat = -1;
	a.sendmail = "/usr/sbin/sendmail";
	a.subject = NULL;	/* "pp: N alerts" */
	rec_init(&a.r);
	hmap_init(&a.sent);
	parse_options(argc, argv, &a);
	pp_junit_refuse(&a.c);
	pp_common_refuse(&a.c, PP_NO_FIELD, (const char *const[]){ "an alert "
	    "is a record as it comes: pp-alert reads no value", NULL, NULL });
	for (i = 0; i < a.nrcv; i++)
		if (a.rcv[i].kind == R_WEBHOOK) {
			a.rcv[i].headers = a.hdrs;
			a.rcv[i].nheaders = a.nhdrs;
		}
	conf = conf_load(a.c.config);
	load_config(&a, conf);
	if (a.nrcv == 0)
		pp_usage_error("no receiver: give --webhook, --slack, --email "
		    "or --exec, or receivers in alerts:");
	if (a.repeat < 0)
		a.repeat = 4 * 3600;
	curl_global_init(CURL_GLOBAL_DEFAULT);

	if (a.spool != NULL)
		spool_check(a.spool);
	lockfd = state_open(&a);
	a.log = pp_open_output(&a.c, a.c.out_fmt != FMT_AUTO ? a.c.out_fmt :
	    FMT_CSV, NULL);
	spool_flush(&a);

	groups = groups_new(&a);
	pp_common_rdopts(&a.c, &ro);
	rd = rd_open(argv + optind, (size_t)(argc - optind), &ro);
	a.in_fmt = rd_format(rd);
	while ((r = rd_next(rd)) != NULL) {
		if (r->bad != NULL) {
			pp_badrec(r->file, r->line, "%s", r->bad);
			continue;
		}
		group_record(&a, groups, r, &key);
	}
	rd_close(rd);
	groups_send(&a, groups);
	state_close(&a, lockfd);
	wr_close(a.log);
	pp_badrec_finish();
	curl_global_cleanup();

	groups_free(&a, groups);
	config_free(&a);
	hmap_free(&a.sent);
	buf_free(&key);
	rec_free(&a.r);
	conf_free(conf);
	pp_common_free(&a.c);
	return pp_close_stdout(a.failed ? PP_EXIT_FAIL : PP_EXIT_OK);
}
