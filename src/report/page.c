/*
 * pp-report's page: the head with its style sheet, a section for each
 * kind of record there is, and the little script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "diag.h"
#include "money.h"
#include "report.h"
#include "units.h"

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
"h1{font-size:1.4em}section{margin:1em 0}summary{font-weight:600;"
"font-size:1.15em;cursor:pointer}figure{margin:1em 0}figcaption{font-"
"family:monospace}.n{color:#777}svg{max-width:100%;height:auto;"
"background:#fff}.axis{stroke:#999}.yl{font-size:11px;text-anchor:end;"
"fill:#555}.xl{font-size:11px;fill:#555}.pt{fill:#3465a4}.anom{fill:"
"#cc0000}.fit{stroke:#f57900;stroke-width:1.5}.band{fill:#fcaf3e;"
"opacity:.35}.change{stroke:#75507b;stroke-width:2;stroke-dasharray:4 3}"
".change.major{stroke:#cc0000}.cl{font-size:11px;fill:#75507b}table{"
"border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
"padding:2px 6px;text-align:left;white-space:nowrap}td.num,th.num{text-align:"
"right}.long{max-width:30em;"
"overflow:hidden;text-overflow:ellipsis}.grid{stroke:#e4e4e4}.zero{stroke:"
"#555;stroke-dasharray:3 2}.v-degrading,.v-slower,.v-error,"
".v-critical,.v-major{color:#cc0000;font-weight:600}.v-improving,"
".v-faster,.v-pass{color:#4e9a06;font-weight:600}.bar{display:flex;"
"align-items:center;margin:2px 0}.bl{font-family:monospace}"
".bl{flex:none;width:min(26em,30%);overflow:hidden;"
"text-overflow:ellipsis;white-space:nowrap}.bv{white-space:nowrap}"
".bb{display:inline-block;flex:none;height:12px;background:#3465a4;margin:0 6px}"
".hidden .pts{display:none}.tw{overflow-x:auto;margin:.5em 0}"
"@media print{summary{list-style:none}}";

static const char script[] =
"document.querySelectorAll('figure.chart figcaption').forEach(function(c)"
"{c.style.cursor='pointer';c.title='click to show or hide the points';"
"c.addEventListener('click',function(){c.parentNode.classList.toggle("
"'hidden');});});";

/*
 * Each table's columns without -F: what a person looks at first, the
 * long texts (messages, suggestions) last; the comparisons only theirs.
 */
static const char *const summary_cols[] = { "metric", "host", "n", "mean",
    "p95", "slope_pct", "direction", "wow_pct", "wow_p", "mom_pct", "mom_p",
    "changes", "severity", NULL };
static const char *const change_cols[] = { "ts", "metric", "host",
    "before", "after", "change_pct", "p_value", "direction", "severity",
    NULL };
static const char *const anomaly_cols[] = { "ts", "metric", "host",
    "value", "baseline", "score", "anomaly", NULL };
static const char *const budget_cols[] = { "budget", "metric", "scope",
    "compliance_pct", "worst", "checks", "passed", "failed_warning",
    "failed_error", "failed_critical", NULL };
static const char *const violation_cols[] = { "severity", "budget", "ts",
    "metric", "scope", "stat", "observed", "limit", "over_pct", "n", NULL };
static const char *const ab_cols[] = { "metric", "variant", "verdict", "n",
    "median", "median_lo", "median_hi", "p95", "diff_pct", "diff_pct_lo",
    "diff_pct_hi", "p_adjusted", NULL };
static const char *const finding_cols[] = { "type", "target", "impact_s",
    "impact_pct", "impact", "savings", "occurrences", "difficulty",
    "confidence", NULL };
/* shown as a chart, or pp-budget's sparkline of it */
static const char *const budget_hide[] = { "daily", "days", "trend", NULL };

static const struct view summary_view = { summary_cols, 1, NULL };
static const struct view change_view = { change_cols, 0, NULL };
static const struct view anomaly_view = { anomaly_cols, 0, NULL };
static const struct view budget_view = { budget_cols, 0, budget_hide };
static const struct view violation_view = { violation_cols, 0, NULL };
static const struct view ab_view = { ab_cols, 0, NULL };
static const struct view finding_view = { finding_cols, 0, NULL };
static const struct view all_view = { NULL, 0, NULL };

static void
section(FILE *fp, const char *title, const char *id)
{
	fputs("<section id=\"", fp);
	html_escape(fp, id);
	fputs("\"><details open><summary>", fp);
	html_escape(fp, title);
	fputs("</summary>\n", fp);
}

static void
end_section(FILE *fp)
{
	fputs("</details></section>\n", fp);
}

/* The head with its style sheet, the title and the time. */
static void
write_head(struct report *rp)
{
	FILE *fp = rp->fp;
	char now[PP_TIME_LEN];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", fp);
	html_escape(fp, rp->title);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_escape(fp, rp->title);
	fputs("</h1>\n<p class=\"n\">made ", fp);
	html_escape(fp, time_format(time_now(), now));
	fputs(" by pp-report</p>\n", fp);
}

/* Budgets: compliance as bars, violations the worst first. */
static void
write_budgets(struct report *rp)
{
	FILE *fp = rp->fp;

	section(fp, "Budgets", "budgets");
	if (rp->budgets.nrows > 0) {
		if (col(&rp->budgets, "daily") >= 0)
			compliance_chart(fp, &rp->budgets, rp->width);
		else
			bars(fp, &rp->budgets, "budget", NULL,
			    "compliance_pct", "percent");
		write_table(rp, &rp->budgets, &budget_view);
	}
	if (rp->violations.nrows > 0) {
		/* the worst first */
		table_sort_severity(&rp->violations);
		write_table(rp, &rp->violations, &violation_view);
	}
	end_section(fp);
}

/* A/B tests: their chart, the arms and the decisions. */
static void
write_abtests(struct report *rp)
{
	FILE *fp = rp->fp;

	section(fp, "A/B tests", "abtests");
	if (rp->abtests.nrows > 0) {
		ab_chart(fp, &rp->abtests, rp->width);
		write_table(rp, &rp->abtests, &ab_view);
	}
	if (rp->decisions.nrows > 0)
		write_table(rp, &rp->decisions, &all_view);
	end_section(fp);
}

/* Costs summed by category and by day, as bars. */
static void
write_costs(struct report *rp)
{
	FILE *fp = rp->fp;
	struct table cat = { 0 }, day = { 0 };
	struct rec r;
	char num[MONEY_LEN];
	size_t i, k;

	section(fp, "Costs", "costs");
	rec_init(&r);
	for (k = 0; k < 2; k++) {
		struct hmap *h = k == 0 ? &rp->cost_by_cat :
		    &rp->cost_by_day;

		for (i = 0; i < h->n; i++) {
			rec_clear(&r);
			rec_add(&r, interns(k == 0 ? "category" :
			    "day"), h->ent[i].key, h->ent[i].klen, 0);
			money_format(*(money *)h->ent[i].val, num);
			rec_add(&r, interns("cost"), num, strlen(num),
			    0);
			table_add(k == 0 ? &cat : &day, &r);
		}
	}
	rec_free(&r);
	fputs("<h3>By category</h3>\n", fp);
	bars(fp, &cat, "category", NULL, "cost", rp->currency != NULL ? rp->currency : "");
	fputs("<h3>By day</h3>\n", fp);
	bars(fp, &day, "day", NULL, "cost", rp->currency != NULL ? rp->currency : "");
	table_free(&cat);
	table_free(&day);
	end_section(fp);
}

/* Findings, their impact and savings as bars. */
static void
write_findings(struct report *rp)
{
	FILE *fp = rp->fp;

	section(fp, "Findings", "findings");
	bars(fp, &rp->findings, "type", "target", "impact", "s");
	/* pp-optimize's, labelled by their type and target */
	bars(fp, &rp->findings, "type", "target", "impact_s", "s");
	/* pp-cost --suggest's, each in its currency */
	bars(fp, &rp->findings, "type", "target", "savings", NULL);
	write_table(rp, &rp->findings, &finding_view);
	end_section(fp);
}

void
write_report(struct report *rp)
{
	FILE *fp = rp->fp;
	size_t i;

	write_head(rp);
	if (rp->series.n > 0) {
		section(fp, "Trends", "trends");
		for (i = 0; i < rp->series.n; i++)
			chart(rp, rp->series.ent[i].val, (int)i);
		end_section(fp);
	}
	if (rp->summary.nrows > 0) {
		section(fp, "Comparisons: week over week, month over month",
		    "comparisons");
		write_table(rp, &rp->summary, &summary_view);
		end_section(fp);
	}
	if (rp->changes.nrows > 0) {
		section(fp, "Change points", "changes");
		write_table(rp, &rp->changes, &change_view);
		end_section(fp);
	}
	if (rp->anomalies.nrows > 0) {
		section(fp, "Anomalies", "anomalies");
		write_table(rp, &rp->anomalies, &anomaly_view);
		end_section(fp);
	}
	if (rp->budgets.nrows > 0 || rp->violations.nrows > 0)
		write_budgets(rp);
	if (rp->abtests.nrows > 0 || rp->decisions.nrows > 0)
		write_abtests(rp);
	if (rp->costs.nrows > 0)
		write_costs(rp);
	if (rp->findings.nrows > 0)
		write_findings(rp);
	fprintf(fp, "<script>%s</script>\n</body>\n</html>\n", script);
}
