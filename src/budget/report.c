/*
 * pp-budget --report: one record per budget and a total, with compliance
 * and, with --by-day, compliance per day.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "diag.h"
#include "wr.h"

static const char *const spark[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇",
    "█" };

static int
cmp_day(const void *x, const void *y)
{
	const struct day *a = *(const struct day *const *)x;
	const struct day *b = *(const struct day *const *)y;

	return (a->d > b->d) - (a->d < b->d);
}

/* The UTC dates of the days of daily, in its order: "days". */
static void
put_dates(struct rec *r, struct day *const *d, size_t n)
{
	struct buf b = BUF_INIT;
	char t[PP_TIME_LEN];
	size_t i;

	for (i = 0; i < n; i++) {
		time_format((pp_time)d[i]->d * PP_TIME_DAY, t);
		buf_printf(&b, "%s%.10s", i > 0 ? " " : "", t);
	}
	rec_put(r, "days", buf_nul(&b));
	buf_free(&b);
}

void
report(struct run *run)
{
	struct rec *r = &run->r;
	struct counts tot;
	size_t bi, i, k;
	struct buf days = BUF_INIT;
	char num[32];

	memset(&tot, 0, sizeof(tot));
	for (bi = 0; bi <= run->bs.n; bi++) {
		const struct budget *b = bi < run->bs.n ? &run->bs.b[bi] :
		    NULL;
		struct counts *c = b != NULL ? &run->counts[bi] : &tot;

		if (b != NULL && b->enforcement == ENF_OFF)
			continue;
		rec_clear(r);
		rec_put(r, "budget", b != NULL ? b->name : "total");
		rec_put(r, "metric", b != NULL ? b->metric : "");
		rec_put(r, "scope", b != NULL ? b->scope_name : "");
		rec_put(r, "stat", b != NULL ? b->stat_name : "");
		rec_put_num(r, "checks", (double)c->checks);
		rec_put_num(r, "passed", (double)c->passed);
		rec_put_num(r, "failed_warning", (double)c->fail[SEV_WARNING]);
		rec_put_num(r, "failed_error", (double)c->fail[SEV_ERROR]);
		rec_put_num(r, "failed_critical", (double)c->fail[SEV_CRITICAL]);
		rec_put_num(r, "no_data", (double)c->no_data);
		rec_put_num(r, "waived", (double)c->waived);
		rec_put_num(r, "compliance_pct", c->checks > 0 ?
		    100.0 * (double)(c->passed + c->waived) /
		    (double)c->checks : NAN);
		rec_put(r, "worst", c->checks == 0 && c->no_data > 0 ? "no_data" :
		    severity_str(c->worst));
		rec_put(r, "enforcement", b != NULL ?
		    enforcement_str(b->enforcement) : "");
		if (run->by_day) {
			struct day **d = xcalloc(c->days.n + 1, sizeof(*d));

			days.len = 0;
			for (i = 0; i < c->days.n; i++)
				d[i] = c->days.ent[i].val;
			qsort(d, c->days.n, sizeof(*d), cmp_day);
			for (i = 0; i < c->days.n; i++) {
				double pct = 100.0 * (double)d[i]->passed /
				    (double)d[i]->checks;

				if (run->table) {
					k = (size_t)(pct / 100 * 7 + 0.5);
					buf_adds(&days, spark[k]);
				} else {
					if (i > 0)
						buf_addc(&days, ' ');
					buf_adds(&days, fmt_num(pct, num));
				}
			}
			buf_nul(&days);
			rec_put(r, run->table ? "trend" : "daily", days.p);
			if (!run->table)
				put_dates(r, d, c->days.n);
			free(d);
		}
		wr_record(run->out, r);
		if (b == NULL)
			break;
		tot.checks += c->checks;
		tot.passed += c->passed;
		for (k = 0; k < 4; k++)
			tot.fail[k] += c->fail[k];
		tot.no_data += c->no_data;
		tot.waived += c->waived;
		if (c->worst > tot.worst)
			tot.worst = c->worst;
		for (i = 0; run->by_day && i < c->days.n; i++) {
			struct day *src = c->days.ent[i].val, *dst;
			struct hmap_entry *e = hmap_put(&tot.days, &src->d,
			    sizeof(src->d));

			if ((dst = e->val) == NULL) {
				dst = e->val = xcalloc(1, sizeof(*dst));
				dst->d = src->d;
			}
			dst->checks += src->checks;
			dst->passed += src->passed;
		}
	}
	for (i = 0; i < tot.days.n; i++)
		free(tot.days.ent[i].val);
	hmap_free(&tot.days);
	buf_free(&days);
}
