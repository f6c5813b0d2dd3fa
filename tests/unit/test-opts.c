/*
 * Unit tests of the common options (opts.h): defaults, each option
 * through pp_common_opt and through getopt_long, name lists, durations,
 * and the exact usage errors (exit 2) and --version, run in a child.
 */
#include <sys/wait.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "opts.h"
#include "rd.h"
#include "tap.h"

static void
exit_now(int status, void *arg)
{
	(void)arg;
	_exit(status);
}

static void
slurp(int fd, char *buf, size_t sz)
{
	size_t len = 0;
	ssize_t n;

	while (len < sz - 1 && ((n = read(fd, buf + len, sz - 1 - len)) > 0 ||
	    (n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	buf[len] = '\0';
	close(fd);
}

/* Runs fn(arg) in a child, capturing its output; the wait status. */
static int
run_child(void (*fn)(const void *), const void *arg, char *out, char *err,
    size_t sz)
{
	int opipe[2], epipe[2], status;
	pid_t pid;

	if (pipe(opipe) != 0 || pipe(epipe) != 0)
		pp_die_errno(PP_EXIT_SYS, "pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		pp_die_errno(PP_EXIT_SYS, "fork");
	if (pid == 0) {
		close(opipe[0]);
		close(epipe[0]);
		dup2(opipe[1], 1);
		dup2(epipe[1], 2);
		close(opipe[1]);
		close(epipe[1]);
		on_exit(exit_now, NULL);
		fn(arg);
		_exit(0);
	}
	close(opipe[1]);
	close(epipe[1]);
	slurp(opipe[0], out, sz);
	slurp(epipe[0], err, sz);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void
expect(void (*fn)(const void *), const void *arg, int status,
    const char *want_out, const char *want_err, const char *what)
{
	char out[4096], err[4096], *m;
	int st = run_child(fn, arg, out, err, sizeof(out));

	m = xasprintf("%s: exit %d", what, status);
	if (!tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == status, m))
		printf("#   wait status %d (exit %d)\n", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	free(m);
	m = xasprintf("%s: stderr", what);
	tap_str(err, want_err, m);
	free(m);
	m = xasprintf("%s: stdout", what);
	tap_str(out, want_out, m);
	free(m);
}

/* One option and its value, for a child. */
struct call {
	int		 opt;
	const char	*arg;
};

static void
c_opt(const void *arg)
{
	const struct call *c = arg;
	struct pp_common o;

	pp_common_init(&o);
	_exit(pp_common_opt(&o, c->opt, c->arg) == 1 ? 0 : 9);
}

struct dur {
	const char	*opt;
	const char	*arg;
	int		 zero_ok;
};

static void
c_duration(const void *arg)
{
	const struct dur *d = arg;

	printf("%g\n", opt_duration(d->opt, d->arg, d->zero_ok));
	fflush(stdout);
	_exit(0);
}

static void
test_defaults(void)
{
	struct pp_common o;
	struct rdopts ro;

	memset(&o, 0x5a, sizeof(o));
	pp_common_init(&o);
	tap_ok(o.config == NULL, "init: no config");
	tap_ok(o.in_fmt == FMT_AUTO && o.out_fmt == FMT_AUTO,
	    "init: formats detected");
	tap_ok(o.time_field == NULL, "init: no --time-field");
	tap_ok(o.field == interns("value"), "init: field is value, interned");
	tap_ok(o.group_by == NULL && o.ngroup == 0 && o.group_set == 0,
	    "init: no -g");
	tap_ok(o.metrics == NULL && o.nmetrics == 0, "init: no --metrics");
	tap_ok(o.strict == 0 && o.quiet == 0, "init: not strict, not quiet");

	memset(&ro, 0x5a, sizeof(ro));
	pp_common_rdopts(&o, &ro);
	tap_ok(ro.fmt == FMT_AUTO && ro.metrics == NULL && ro.nmetrics == 0 &&
	    ro.keep_raw == 0, "pp_common_rdopts of the defaults");
}

static void
test_options(void)
{
	struct pp_common o;
	struct rdopts ro;
	const char *cfg = "pp.yaml";

	pp_common_init(&o);
	tap_ok(pp_common_opt(&o, 'c', cfg) == 1 && o.config == cfg,
	    "-c keeps the path");
	tap_ok(pp_common_opt(&o, 'f', "latency") == 1 &&
	    o.field == interns("latency"), "-f interns the field");
	tap_ok(pp_common_opt(&o, 'g', "host,dc") == 1 && o.group_set == 1 &&
	    o.ngroup == 2 && o.group_by[0] == interns("host") &&
	    o.group_by[1] == interns("dc"), "-g host,dc");
	tap_ok(pp_common_opt(&o, 'g', "") == 1 && o.group_set == 1 &&
	    o.ngroup == 0, "-g '' is set, and empty");
	tap_ok(pp_common_opt(&o, 'g', "region") == 1 && o.ngroup == 1 &&
	    o.group_by[0] == interns("region"), "a second -g replaces");
	tap_ok(pp_common_opt(&o, OPT_INPUT_FORMAT, "tsv") == 1 &&
	    o.in_fmt == FMT_TSV, "--input-format tsv");
	tap_ok(pp_common_opt(&o, OPT_INPUT_FORMAT, "jsonl") == 1 &&
	    o.in_fmt == FMT_JSON, "--input-format jsonl");
	tap_ok(pp_common_opt(&o, OPT_INPUT_FORMAT, "openmetrics") == 1 &&
	    o.in_fmt >= FMT_IMPORT, "--input-format openmetrics: an importer");
	tap_ok(pp_common_opt(&o, OPT_INPUT_FORMAT, "csv") == 1 &&
	    o.in_fmt == FMT_CSV, "--input-format csv");
	tap_ok(pp_common_opt(&o, OPT_OUTPUT_FORMAT, "table") == 1 &&
	    o.out_fmt == FMT_TABLE, "--output-format table");
	tap_ok(pp_common_opt(&o, OPT_OUTPUT_FORMAT, "json") == 1 &&
	    o.out_fmt == FMT_JSON, "--output-format json");
	tap_ok(pp_common_opt(&o, OPT_OUTPUT_FORMAT, "openmetrics") == 1 &&
	    o.out_fmt == FMT_OPENMETRICS, "--output-format openmetrics");
	tap_ok(pp_common_opt(&o, OPT_OUTPUT_FORMAT, "markdown") == 1 &&
	    o.out_fmt == FMT_MARKDOWN, "--output-format markdown");
	tap_ok(pp_common_opt(&o, OPT_TIME_FIELD, "@timestamp") == 1 &&
	    o.time_field == interns("@timestamp"), "--time-field");
	tap_ok(pp_common_opt(&o, OPT_METRICS, "cpu,,mem,") == 1 &&
	    o.nmetrics == 2 && o.metrics[0] == interns("cpu") &&
	    o.metrics[1] == interns("mem"), "--metrics cpu,,mem,");
	tap_ok(pp_common_opt(&o, OPT_METRICS, "disk") == 1 &&
	    o.nmetrics == 1 && o.metrics[0] == interns("disk"),
	    "a second --metrics replaces");
	pp_common_rdopts(&o, &ro);
	tap_ok(ro.fmt == FMT_CSV && ro.metrics == o.metrics &&
	    ro.nmetrics == 1 && ro.keep_raw == 0,
	    "pp_common_rdopts: the input format and --metrics");

	tap_ok(pp_common_opt(&o, 'q', NULL) == 1 && o.quiet == 1 &&
	    pp_is_quiet() == 1, "-q: quiet, and warnings silenced");
	pp_quiet(0);
	tap_ok(pp_common_opt(&o, OPT_STRICT, NULL) == 1 && o.strict == 1,
	    "--strict");
	pp_badrec_strict(0);

	tap_ok(pp_common_opt(&o, 'h', NULL) == 0, "-h is left to the program");
	tap_ok(pp_common_opt(&o, 'x', "v") == 0, "-x is not common");
	tap_ok(pp_common_opt(&o, '?', NULL) == 0, "'?' is not common");
	tap_ok(pp_common_opt(&o, OPT_LOCAL, "v") == 0,
	    "OPT_LOCAL is the program's");
	tap_ok(pp_common_opt(&o, OPT_HEADER + 1, "v") == 0,
	    "past the common long options");
	tap_ok(pp_common_opt(&o, 'F', "metric,p*") == 1 &&
	    o.view.nfields == 2 && o.view.fields[0] == interns("metric") &&
	    o.view.fields[1] == interns("p*") && !o.fields_all,
	    "-F metric,p* keeps names and globs in order");
	tap_ok(pp_common_opt(&o, 'F', "all") == 1 && o.view.nfields == 0 &&
	    o.fields_all, "-F all: every field");
	tap_ok(pp_common_opt(&o, OPT_PRECISION, "5") == 1 &&
	    o.view.precision == 5, "--precision 5");
	tap_ok(o.field == interns("latency") && o.in_fmt == FMT_CSV,
	    "an option not common changes nothing");
	pp_common_free(&o);
}

/* The options through getopt_long, as a program parses them. */
static void
test_getopt(void)
{
	static const struct option longopts[] = {
		PP_COMMON_LONGOPTS,
		{ "window", required_argument, NULL, OPT_LOCAL },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "pp-x", "-c", "a.yaml",
	    "--field=lat", "-ghost,dc", "--input-format", "json",
	    "--output-format=tsv", "--time-field", "when", "--metrics", "a,b",
	    "-q", "--strict", "--window", "5m", "-n", "file.csv" };
	enum { NARGS = sizeof(args) / sizeof(args[0]) };
	char *argv[NARGS + 1];
	int argc = NARGS, ch, i;
	int local = 0, n = 0, other = 0;
	struct pp_common o;

	for (i = 0; i < NARGS; i++)
		argv[i] = xstrdup(args[i]);
	argv[NARGS] = NULL;
	pp_common_init(&o);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, PP_COMMON_SHORT "n", longopts,
	    NULL)) != -1) {
		if (pp_common_opt(&o, ch, optarg))
			continue;
		if (ch == OPT_LOCAL && strcmp(optarg, "5m") == 0)
			local = 1;
		else if (ch == 'n')
			n = 1;
		else
			other++;
	}
	tap_ok(other == 0 && local == 1 && n == 1,
	    "getopt_long: the program's own options are its");
	tap_ok(optind == argc - 1 && strcmp(argv[optind], "file.csv") == 0,
	    "getopt_long: the operand left");
	tap_ok(o.config != NULL && strcmp(o.config, "a.yaml") == 0,
	    "getopt_long: -c");
	tap_ok(o.field == interns("lat"), "getopt_long: --field=");
	tap_ok(o.ngroup == 2 && o.group_by[1] == interns("dc"),
	    "getopt_long: -ghost,dc");
	tap_ok(o.in_fmt == FMT_JSON && o.out_fmt == FMT_TSV,
	    "getopt_long: the formats");
	tap_ok(o.time_field == interns("when") && o.nmetrics == 2,
	    "getopt_long: --time-field, --metrics");
	tap_ok(o.quiet == 1 && o.strict == 1, "getopt_long: -q, --strict");
	pp_quiet(0);
	pp_badrec_strict(0);
	free(o.group_by);
	free(o.metrics);
	for (i = 0; i < NARGS; i++)
		free(argv[i]);
	optind = 0;
}

static void
test_help(void)
{
	static const struct option longopts[] = { PP_COMMON_LONGOPTS };
	size_t i;
	char *want, *m;
	const char *s;
	int bad;

	tap_ok(strncmp(pp_common_help, "Common options:\n", 16) == 0,
	    "pp_common_help: its heading");
	tap_ok(pp_common_help[strlen(pp_common_help) - 1] == '\n',
	    "pp_common_help ends its last line");
	for (i = 0; i < sizeof(longopts) / sizeof(longopts[0]); i++) {
		want = xasprintf("--%s ", longopts[i].name);
		bad = strstr(pp_common_help, want) == NULL;
		free(want);
		want = xasprintf("--%s\n", longopts[i].name);
		if (bad && strstr(pp_common_help, want) != NULL)
			bad = 0;
		free(want);
		m = xasprintf("pp_common_help names --%s", longopts[i].name);
		tap_ok(!bad, m);
		free(m);
	}
	/* Each short option with an argument in the help and in the set. */
	for (s = PP_COMMON_SHORT; *s != '\0'; s++) {
		if (*s == ':')
			continue;
		want = xasprintf("-%c, --", *s);
		m = xasprintf("pp_common_help names -%c", *s);
		tap_ok(strstr(pp_common_help, want) != NULL, m);
		free(m);
		free(want);
	}
}

static void
test_split(void)
{
	const char **v;
	size_t n = 99;

	v = pp_split_names("a,b,c", &n);
	tap_ok(n == 3 && v[0] == interns("a") && v[1] == interns("b") &&
	    v[2] == interns("c"), "pp_split_names(\"a,b,c\")");
	free(v);
	v = pp_split_names("", &n);
	tap_ok(n == 0 && v == NULL, "pp_split_names(\"\"): none");
	free(v);
	v = pp_split_names(",,,", &n);
	tap_ok(n == 0 && v == NULL, "pp_split_names(\",,,\"): none");
	free(v);
	v = pp_split_names(",a,,b,", &n);
	tap_ok(n == 2 && v[0] == interns("a") && v[1] == interns("b"),
	    "pp_split_names: empty names dropped");
	free(v);
	v = pp_split_names("x,x", &n);
	tap_ok(n == 2 && v[0] == v[1] && v[0] == interns("x"),
	    "pp_split_names keeps a repeat");
	free(v);
	v = pp_split_names(" a ,b c", &n);
	tap_ok(n == 2 && v[0] == interns(" a ") && v[1] == interns("b c"),
	    "pp_split_names keeps spaces");
	free(v);
	v = pp_split_names("@timestamp", &n);
	tap_ok(n == 1 && v[0] == interns("@timestamp"), "one name");
	free(v);
}

static void
test_duration(void)
{
	static const struct {
		const char	*arg;
		int		 zero_ok;
		double		 v;
	} ok[] = {
		{ "500ms", 0, 0.5 }, { "1s", 0, 1 }, { "5m", 0, 300 },
		{ "1.5h", 0, 5400 }, { "30d", 0, 2592000 }, { "2w", 0, 1209600 },
		{ "1ns", 0, 1e-9 }, { "0", 1, 0 }, { "0s", 1, 0 },
		{ "0.0ms", 1, 0 }, { "36500d", 0, 3153600000.0 },
	};
	static const struct dur dz = { "--every", "0", 0 },
	    dzs = { "--every", "0s", 0 },
	    dbare = { "--every", "30", 0 },
	    dbarez = { "--every", "30", 1 },
	    dfrac = { "--window", "0.5", 0 },
	    dneg = { "--every", "-1s", 0 },
	    dnegz = { "--every", "-1s", 1 },
	    dx = { "--every", "soon", 0 },
	    dempty = { "--every", "", 1 },
	    dcent = { "--window", "1e300w", 0 },
	    dyears = { "--window", "40000d", 1 },
	    dunit = { "--every", "5sec", 0 },
	    dgood = { "--every", "250ms", 0 };
	size_t i;
	char *m;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		m = xasprintf("opt_duration(\"%s\", %d) = %g", ok[i].arg,
		    ok[i].zero_ok, ok[i].v);
		tap_near(opt_duration("--x", ok[i].arg, ok[i].zero_ok),
		    ok[i].v, 1e-12, m);
		free(m);
	}
	expect(c_duration, &dgood, 0, "0.25\n", "", "--every 250ms");
	expect(c_duration, &dz, PP_EXIT_USAGE, "",
	    "test-opts: --every: '0' is not a positive duration (e.g. 500ms, "
	    "1s, 30d)\nTry 'test-opts --help'.\n", "--every 0");
	expect(c_duration, &dzs, PP_EXIT_USAGE, "",
	    "test-opts: --every: '0s' is not a positive duration (e.g. "
	    "500ms, 1s, 30d)\nTry 'test-opts --help'.\n", "--every 0s");
	expect(c_duration, &dbare, PP_EXIT_USAGE, "",
	    "test-opts: --every: '30' has no unit: write 30s, 30m, 30h or "
	    "30d\nTry 'test-opts --help'.\n", "--every 30");
	expect(c_duration, &dbarez, PP_EXIT_USAGE, "",
	    "test-opts: --every: '30' has no unit: write 30s, 30m, 30h or "
	    "30d\nTry 'test-opts --help'.\n", "--every 30, zero allowed");
	expect(c_duration, &dfrac, PP_EXIT_USAGE, "",
	    "test-opts: --window: '0.5' has no unit: write 0.5s, 0.5m, 0.5h "
	    "or 0.5d\nTry 'test-opts --help'.\n", "--window 0.5");
	expect(c_duration, &dneg, PP_EXIT_USAGE, "",
	    "test-opts: --every: '-1s' is not a positive duration (e.g. "
	    "500ms, 1s, 30d)\nTry 'test-opts --help'.\n", "--every -1s");
	expect(c_duration, &dnegz, PP_EXIT_USAGE, "",
	    "test-opts: --every: '-1s' is not a duration (e.g. 500ms, 1s, "
	    "30d)\nTry 'test-opts --help'.\n", "--every -1s, zero allowed");
	expect(c_duration, &dx, PP_EXIT_USAGE, "",
	    "test-opts: --every: 'soon' is not a positive duration (e.g. "
	    "500ms, 1s, 30d)\nTry 'test-opts --help'.\n", "--every soon");
	expect(c_duration, &dempty, PP_EXIT_USAGE, "",
	    "test-opts: --every: '' is not a duration (e.g. 500ms, 1s, 30d)\n"
	    "Try 'test-opts --help'.\n", "--every ''");
	expect(c_duration, &dunit, PP_EXIT_USAGE, "",
	    "test-opts: --every: '5sec' is not a positive duration (e.g. "
	    "500ms, 1s, 30d)\nTry 'test-opts --help'.\n", "--every 5sec");
	expect(c_duration, &dcent, PP_EXIT_USAGE, "",
	    "test-opts: --window: '1e300w' is longer than a century\n"
	    "Try 'test-opts --help'.\n", "--window 1e300w");
	expect(c_duration, &dyears, PP_EXIT_USAGE, "",
	    "test-opts: --window: '40000d' is longer than a century\n"
	    "Try 'test-opts --help'.\n", "--window 40000d");
}

static void
c_strict(const void *arg)
{
	struct pp_common o;

	(void)arg;
	pp_common_init(&o);
	pp_common_opt(&o, OPT_STRICT, NULL);
	pp_badrec("in.csv", 2, "bad");
	_exit(0);
}

static void
c_quiet(const void *arg)
{
	struct pp_common o;

	(void)arg;
	pp_common_init(&o);
	pp_warn("said");
	pp_common_opt(&o, 'q', NULL);
	pp_warn("not said");
	_exit(0);
}

static void
test_errors(void)
{
	static const struct call version = { 'V', NULL },
	    nofield = { 'f', "" }, notime = { OPT_TIME_FIELD, "" },
	    intable = { OPT_INPUT_FORMAT, "table" },
	    inmd = { OPT_INPUT_FORMAT, "markdown" },
	    injunit = { OPT_INPUT_FORMAT, "junit" },
	    inbad = { OPT_INPUT_FORMAT, "xml" },
	    inempty = { OPT_INPUT_FORMAT, "" },
	    incase = { OPT_INPUT_FORMAT, "CSV" },
	    outbad = { OPT_OUTPUT_FORMAT, "yaml" },
	    nometrics = { OPT_METRICS, "" },
	    commas = { OPT_METRICS, ",," };

	expect(c_opt, &version, 0, "test-opts (pp) " PP_VERSION "\n", "",
	    "-V prints the version and exits 0");
	expect(c_opt, &nofield, PP_EXIT_USAGE, "",
	    "test-opts: --field: a field name is required\n"
	    "Try 'test-opts --help'.\n", "-f ''");
	expect(c_opt, &notime, PP_EXIT_USAGE, "",
	    "test-opts: --time-field: a field name is required\n"
	    "Try 'test-opts --help'.\n", "--time-field ''");
	expect(c_opt, &intable, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: 'table' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format table");
	expect(c_opt, &inbad, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: 'xml' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format xml");
	expect(c_opt, &inempty, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: '' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format ''");
	expect(c_opt, &incase, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: 'CSV' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format CSV");
	expect(c_opt, &outbad, PP_EXIT_USAGE, "",
	    "test-opts: --output-format: 'yaml' is not csv, tsv, json, "
	    "table, openmetrics, markdown or junit\nTry 'test-opts --help'.\n",
	    "--output-format yaml");
	expect(c_opt, &inmd, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: 'markdown' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format markdown");
	expect(c_opt, &injunit, PP_EXIT_USAGE, "",
	    "test-opts: --input-format: 'junit' is not csv, tsv, json or another tool's format of pp(7)\n"
	    "Try 'test-opts --help'.\n", "--input-format junit");
	expect(c_opt, &nometrics, PP_EXIT_USAGE, "",
	    "test-opts: --metrics: '' names no column\n"
	    "Try 'test-opts --help'.\n", "--metrics ''");
	expect(c_opt, &commas, PP_EXIT_USAGE, "",
	    "test-opts: --metrics: ',,' names no column\n"
	    "Try 'test-opts --help'.\n", "--metrics ,,");
	expect(c_strict, NULL, PP_EXIT_DATA, "", "test-opts: in.csv:2: bad\n",
	    "--strict: the first bad record exits 3");
	expect(c_quiet, NULL, 0, "", "test-opts: said\n",
	    "-q silences warnings");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_defaults();
	test_options();
	test_getopt();
	test_help();
	test_split();
	test_duration();
	test_errors();
	return tap_done();
}
