/*
 * pp-report's page: the head with its style sheet, a section for each
 * kind of record there is, and the little script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "diag.h"
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
"padding:2px 6px;text-align:left}.v-degrading,.v-slower,.v-error,"
".v-critical,.v-major{color:#cc0000;font-weight:600}.v-improving,"
".v-faster,.v-pass{color:#4e9a06;font-weight:600}.bar{display:flex;"
"align-items:center;margin:2px 0}.bl{width:14em;font-family:monospace}"
".bb{display:inline-block;height:12px;background:#3465a4;margin:0 6px}"
".hidden .pts{display:none}.tw{overflow-x:auto}"
"@media print{summary{list-style:none}}";

static const char script[] =
"document.querySelectorAll('figure.chart figcaption').forEach(function(c)"
"{c.style.cursor='pointer';c.title='click to show or hide the points';"
"c.addEventListener('click',function(){c.parentNode.classList.toggle("
"'hidden');});});";

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
		bars(fp, &rp->budgets, "budget", "compliance_pct",
		    "%");
		write_table(fp, &rp->budgets, NULL);
	}
	if (rp->violations.nrows > 0) {
		/* the worst first */
		table_sort_severity(&rp->violations);
		write_table(fp, &rp->violations, NULL);
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
		write_table(fp, &rp->abtests, NULL);
	}
	if (rp->decisions.nrows > 0)
		write_table(fp, &rp->decisions, NULL);
	end_section(fp);
}

/* Costs summed by category and by day, as bars. */
static void
write_costs(struct report *rp)
{
	FILE *fp = rp->fp;
	struct table cat = { 0 }, day = { 0 };
	struct rec r;
	char num[32];
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
			fmt_num(*(double *)h->ent[i].val, num);
			rec_add(&r, interns("cost"), num, strlen(num),
			    0);
			table_add(k == 0 ? &cat : &day, &r);
		}
	}
	rec_free(&r);
	fputs("<h3>By category</h3>\n", fp);
	bars(fp, &cat, "category", "cost", "USD");
	fputs("<h3>By day</h3>\n", fp);
	bars(fp, &day, "day", "cost", "USD");
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
	bars(fp, &rp->findings, "type", "impact", "s");
	/* pp-optimize's, labelled by their target */
	bars(fp, &rp->findings, "target", "impact_s", "s");
	bars(fp, &rp->findings, "type", "savings", "USD");
	write_table(fp, &rp->findings, NULL);
	end_section(fp);
}

void
write_report(struct report *rp)
{
	static const char *const cmp_cols[] = { "metric", "host", "n",
	    "mean", "p95", "slope_pct", "direction", "wow_pct", "wow_p",
	    "mom_pct", "mom_p", "changes", "severity", NULL };
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
		write_table(fp, &rp->summary, cmp_cols);
		end_section(fp);
	}
	if (rp->changes.nrows > 0) {
		section(fp, "Change points", "changes");
		write_table(fp, &rp->changes, NULL);
		end_section(fp);
	}
	if (rp->anomalies.nrows > 0) {
		section(fp, "Anomalies", "anomalies");
		write_table(fp, &rp->anomalies, NULL);
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
