/*
 * pp-sample --scrape: GETs a Prometheus /metrics endpoint at fixed ticks,
 * reads the body with the prometheus importer, writes the gauges as they
 * are and every counter as its rate per second since the scrape before.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "http.h"
#include "import.h"
#include "metric.h"
#include "sample.h"
#include "units.h"

/* The # TYPE of a family, as the scrape's lines said it. */
enum ftype { F_NONE, F_COUNTER, F_HISTOGRAM, F_SUMMARY, F_OTHER };

/* What a sample becomes: itself, or the rate of a counter. */
enum kind { K_GAUGE, K_COUNTER };

/* The last value of a counter series and its time. */
struct last {
	double		 v;
	pp_time		 t;
};

struct scrape {
	struct sampler	*s;
	CURL		*curl;
	struct curl_slist *accept;
	struct buf	 body;
	char		 err[CURL_ERROR_SIZE];
	struct hmap	 types;		/* family -> enum ftype */
	struct hmap	 last;		/* counter series -> struct last */
	struct buf	 key;
	struct rec	 out;
	struct rec	 labels;	/* the sample's, then --label's */
	struct rec	 user;		/* --label's, for --self */
	long		 ok;		/* scrapes that succeeded */
	long		 failed;
};

void
scrape_check_url(const char *opt, const char *url)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		pp_usage_error("%s: '%s' is not an http:// or https:// URL: "
		    "give the %s full address, such as %s", opt, url,
		    strcmp(opt, "--scrape") == 0 ? "endpoint's" : "server's",
		    strcmp(opt, "--scrape") == 0 ?
		    "http://127.0.0.1:9100/metrics" : "http://127.0.0.1:9090");
}

void
sample_label(const struct sampler *s, struct rec *r, const char *name,
    const char *val)
{
	const struct metric_names *mn = mnames();
	char b[256];
	size_t j;
	int clash = name == mn->ts || name == mn->metric ||
	    name == mn->value || name == mn->unit;

	for (j = 0; !clash && j < s->nlabels; j++)
		clash = s->labels[j].name == name;
	if (clash) {
		snprintf(b, sizeof(b), "exported_%s", name);
		name = interns(b);
	}
	rec_add(r, name, val, strlen(val), 0);
}

static void
scrape_init(struct scrape *sc, struct sampler *s)
{
	double timeout = s->timeout;
	size_t i;

	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	hmap_init(&sc->types);
	hmap_init(&sc->last);
	rec_init(&sc->out);
	rec_init(&sc->labels);
	rec_init(&sc->user);
	for (i = 0; i < s->nlabels; i++)
		rec_add(&sc->user, s->labels[i].name, s->labels[i].value,
		    strlen(s->labels[i].value), 0);
	if (timeout == 0)
		timeout = s->interval < 10 ? s->interval : 10;
	sc->curl = curl_start(&sc->body, sc->err, s->stop, timeout);
	/* The text format 0.0.4, which the prometheus importer reads. */
	sc->accept = lc.slist_append(NULL,
	    "Accept: text/plain;version=0.0.4");
	lc.easy_setopt(sc->curl, CURLOPT_URL, s->scrape);
	lc.easy_setopt(sc->curl, CURLOPT_HTTPHEADER, sc->accept);
}

static void
scrape_free(struct scrape *sc)
{
	size_t i;

	curl_stop(sc->curl);
	lc.slist_free_all(sc->accept);
	for (i = 0; i < sc->last.n; i++)
		free(sc->last.ent[i].val);
	hmap_free(&sc->last);
	hmap_free(&sc->types);
	buf_free(&sc->body);
	buf_free(&sc->key);
	rec_free(&sc->out);
	rec_free(&sc->labels);
	rec_free(&sc->user);
}

/*
 * GETs the URL into sc->body: 0 on a 200 answer; -1 after a warning on
 * any other; 1 if a signal cut the transfer short.
 */
static int
fetch(struct scrape *sc)
{
	const char *url = sc->s->scrape;
	CURLcode rc;
	long status = 0;

	sc->body.len = 0;
	sc->err[0] = '\0';
	rc = lc.easy_perform(sc->curl);
	if (rc == CURLE_ABORTED_BY_CALLBACK && *sc->s->stop)
		return 1;
	if (rc != CURLE_OK) {
		pp_warn("%s: %s", url, sc->err[0] != '\0' ? sc->err :
		    lc.easy_strerror(rc));
		return -1;
	}
	lc.easy_getinfo(sc->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		pp_warn("%s: HTTP status %ld, not 200", url, status);
		return -1;
	}
	return 0;
}

/* Notes the family of a "# TYPE name type" line. */
static void
note_type(struct scrape *sc, const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum ftype t;
	} types[] = {
		{ "counter", F_COUNTER }, { "histogram", F_HISTOGRAM },
		{ "summary", F_SUMMARY }
	};
	size_t i, k, fl;
	const char *fam;
	enum ftype t = F_OTHER;

	if (n < 7 || memcmp(s, "# TYPE ", 7) != 0)
		return;
	fam = s + 7;
	n -= 7;
	for (fl = 0; fl < n && fam[fl] != ' ' && fam[fl] != '\t'; fl++)
		;
	if (fl == 0 || fl >= n)
		return;
	for (k = fl; k < n && (fam[k] == ' ' || fam[k] == '\t'); k++)
		;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (n - k == strlen(types[i].name) &&
		    memcmp(fam + k, types[i].name, n - k) == 0)
			t = types[i].t;
	hmap_put(&sc->types, fam, fl)->val = (void *)(intptr_t)t;
}

static enum ftype
type_of(const struct scrape *sc, const char *name, size_t n)
{
	const struct hmap_entry *e = hmap_get(&sc->types, name, n);

	return e != NULL ? (enum ftype)(intptr_t)e->val : F_NONE;
}

static int
ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

/*
 * A counter: a sample of a counter family but its _created; the _bucket,
 * _count and _sum of a histogram or summary; a sample of no # TYPE whose
 * name ends in _total.  Everything else, summary quantiles included, is
 * written as it is.
 */
static enum kind
kind_of(const struct scrape *sc, const char *name)
{
	static const char *const sufs[] = { "_total", "_bucket", "_count",
	    "_sum" };
	size_t i, n = strlen(name), k;
	enum ftype t;

	if ((t = type_of(sc, name, n)) != F_NONE)
		return t == F_COUNTER ? K_COUNTER : K_GAUGE;
	if (ends(name, n, "_created"))
		return K_GAUGE;
	for (i = 0; i < sizeof(sufs) / sizeof(sufs[0]); i++) {
		if (!ends(name, n, sufs[i]))
			continue;
		k = n - strlen(sufs[i]);
		t = type_of(sc, name, k);
		if (t == F_COUNTER)
			return i == 0 ? K_COUNTER : K_GAUGE;
		if (t == F_HISTOGRAM || t == F_SUMMARY)
			return i > 0 && (i != 1 || t == F_HISTOGRAM) ?
			    K_COUNTER : K_GAUGE;
		if (t != F_NONE)
			return K_GAUGE;
	}
	return ends(name, n, "_total") ? K_COUNTER : K_GAUGE;
}

/* sc->labels: the sample's labels, then --label's. */
static void
take_labels(struct scrape *sc, const struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *name;
	size_t i;

	rec_clear(&sc->labels);
	for (i = 0; i < r->n; i++) {
		name = r->name[i];
		if (name != mn->ts && name != mn->metric &&
		    name != mn->value && name != mn->unit)
			sample_label(sc->s, &sc->labels, name, rec_val(r, i));
	}
	rec_append(&sc->labels, &sc->user);
}

/* The series key of a counter: its name, then its labels. */
static void
counter_key(struct scrape *sc, const char *metric)
{
	size_t i;

	sc->key.len = 0;
	buf_adds(&sc->key, metric);
	for (i = 0; i < sc->labels.n; i++) {
		buf_addc(&sc->key, '\0');
		buf_adds(&sc->key, sc->labels.name[i]);
		buf_addc(&sc->key, '=');
		buf_adds(&sc->key, rec_val(&sc->labels, i));
	}
}

/* NAME_total -> NAME.rate, NAME -> NAME.rate; s/s is ratio, U U/s. */
static void
rate_names(const char *metric, const char *unit, struct buf *name,
    char ubuf[64])
{
	size_t n = strlen(metric);

	if (ends(metric, n, "_total"))
		n -= 6;
	name->len = 0;
	buf_add(name, metric, n);
	buf_adds(name, ".rate");
	if (unit == NULL || *unit == '\0')
		ubuf[0] = '\0';
	else if (strcmp(unit, "s") == 0)
		snprintf(ubuf, 64, "ratio");
	else
		snprintf(ubuf, 64, "%s/s", unit);
}

/* A counter's rate since its last value, if it has one and grew. */
static void
counter(struct scrape *sc, const char *ts, const char *metric,
    const char *value, const char *unit)
{
	struct hmap_entry *e;
	struct last *l;
	struct buf name = BUF_INIT;
	char num[32], u[64];
	double x;
	pp_time t;

	if (parse_double(value, &x) != 0 || time_parse(ts, &t) != 0)
		return;		/* the importer let neither through */
	counter_key(sc, metric);
	e = hmap_put(&sc->last, sc->key.p, sc->key.len);
	if ((l = e->val) == NULL) {
		l = e->val = xmalloc(sizeof(*l));
		l->v = x;
		l->t = t;
		return;
	}
	/* A counter that went down was reset: it starts again from x. */
	if (x >= l->v && t > l->t) {
		rate_names(metric, unit, &name, u);
		fmt_double((x - l->v) / time_sec(t - l->t), num);
		metric_rec(&sc->out, ts, buf_nul(&name), num, u, &sc->labels);
		emit(sc->s, &sc->out);
	}
	l->v = x;
	l->t = t;
	buf_free(&name);
}

static void
take(struct scrape *sc, struct rec *r)
{
	const struct metric_names *mn = mnames();
	const char *ts, *metric, *value, *unit;

	if (r->bad != NULL) {
		pp_badrec(r->file, r->line, "%s", r->bad);
		return;
	}
	ts = rec_get(r, mn->ts);
	metric = rec_get(r, mn->metric);
	value = rec_get(r, mn->value);
	if ((unit = rec_get(r, mn->unit)) == NULL)
		unit = "";
	if (ts == NULL || metric == NULL || value == NULL)
		return;
	take_labels(sc, r);
	if (kind_of(sc, metric) == K_COUNTER)
		counter(sc, ts, metric, value, unit);
	else {
		metric_rec(&sc->out, ts, metric, value, unit, &sc->labels);
		emit(sc->s, &sc->out);
	}
}

/* Reads the body, a line at a time, as the prometheus importer does. */
static void
read_body(struct scrape *sc, pp_time at)
{
	struct imp *m;
	struct rec *r;
	const char *p = sc->body.p, *end = p + sc->body.len, *nl;
	unsigned long lineno = 0;
	size_t n;

	m = imp_open(import_find("prometheus"), sc->s->scrape, at);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		note_type(sc, p, n);
		imp_feed(m, p, n, ++lineno);
		while ((r = imp_next(m)) != NULL)
			take(sc, r);
		p = nl + 1;
	}
	imp_finish(m);
	while ((r = imp_next(m)) != NULL)
		take(sc, r);
	imp_close(m);
}

/* One scrape: its records, flushed with the history. */
static void
scrape_once(struct scrape *sc)
{
	struct sampler *s = sc->s;
	pp_time at = time_now();
	int rc;

	if ((rc = fetch(sc)) > 0)
		return;			/* cut short by a signal */
	if (rc < 0) {
		sc->failed++;
		return;
	}
	sc->ok++;
	read_body(sc, at);
	if (s->self)
		emit_self(s, &sc->user);
	if (s->hist != NULL)
		hist_flush(s->hist);
	fflush(stdout);
	if (ferror(stdout))
		pp_die_errno(PP_EXIT_SYS, "standard output: write error");
}

int
watch_scrape(struct sampler *s)
{
	struct scrape sc;
	double t0 = mono_now();
	long k = 0, n = 0;
	int status = PP_EXIT_OK;

	scrape_init(&sc, s);
	do {
		scrape_once(&sc);
		if (s->runs > 0 && ++n >= s->runs)
			break;
	} while (!*s->stop && watch_next_tick(s, t0, &k));
	if (sc.ok == 0 && sc.failed > 0) {
		fprintf(stderr, "%s: %s: no scrape succeeded (%ld failed)\n",
		    pp_getprog(), s->scrape, sc.failed);
		status = PP_EXIT_SYS;
	}
	scrape_free(&sc);
	return status;
}
