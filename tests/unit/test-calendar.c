/*
 * Unit tests of calendar periods (calendar.h): the start of the day,
 * Monday week and month holding a time, and the periods before and after
 * one, in UTC, fixed offsets and IANA zones across daylight saving time,
 * leap days, month and year ends, skipped midnights and a skipped day.
 *
 * Expected values come from Python 3.11's zoneinfo on this machine
 * (system tzdata 2025b, /usr/share/zoneinfo): the local date of t, its
 * midnight as datetime(y, m, d, tzinfo=ZoneInfo(zone)) (fold=0, so a
 * skipped midnight is the instant the day begins), converted to UTC;
 * weeks go back to date.weekday() == 0; fixed offsets are
 * datetime.timezone(timedelta(...)).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "diag.h"
#include "units.h"
#include "tap.h"

enum { DAY, WEEK, MONTH, PREV_WEEK, PREV_MONTH, NEXT_DAY, NEXT_WEEK,
    NEXT_MONTH, NCOL };

static const char *const colname[NCOL] = { "cal_day_start",
    "cal_week_start", "cal_month_start", "cal_prev_week(week)",
    "cal_prev_month(month)", "cal_next_day(day)", "cal_next_week(week)",
    "cal_next_month(month)" };

static const struct {
	const char	*zone;
	const char	*t;
	const char	*want[NCOL];
} cases[] = {
	{ "UTC", "2024-02-29T13:45:00.5Z",
	  { "2024-02-29T00:00:00Z",
	    "2024-02-26T00:00:00Z",
	    "2024-02-01T00:00:00Z",
	    "2024-02-19T00:00:00Z",
	    "2024-01-01T00:00:00Z",
	    "2024-03-01T00:00:00Z",
	    "2024-03-04T00:00:00Z",
	    "2024-03-01T00:00:00Z" } },
	{ "UTC", "2024-03-03T23:59:59.999999Z",
	  { "2024-03-03T00:00:00Z",
	    "2024-02-26T00:00:00Z",
	    "2024-03-01T00:00:00Z",
	    "2024-02-19T00:00:00Z",
	    "2024-02-01T00:00:00Z",
	    "2024-03-04T00:00:00Z",
	    "2024-03-04T00:00:00Z",
	    "2024-04-01T00:00:00Z" } },
	{ "UTC", "2024-03-04T00:00:00Z",
	  { "2024-03-04T00:00:00Z",
	    "2024-03-04T00:00:00Z",
	    "2024-03-01T00:00:00Z",
	    "2024-02-26T00:00:00Z",
	    "2024-02-01T00:00:00Z",
	    "2024-03-05T00:00:00Z",
	    "2024-03-11T00:00:00Z",
	    "2024-04-01T00:00:00Z" } },
	{ "UTC", "2024-12-31T23:59:59.999999Z",
	  { "2024-12-31T00:00:00Z",
	    "2024-12-30T00:00:00Z",
	    "2024-12-01T00:00:00Z",
	    "2024-12-23T00:00:00Z",
	    "2024-11-01T00:00:00Z",
	    "2025-01-01T00:00:00Z",
	    "2025-01-06T00:00:00Z",
	    "2025-01-01T00:00:00Z" } },
	{ "UTC", "2025-01-01T00:00:00Z",
	  { "2025-01-01T00:00:00Z",
	    "2024-12-30T00:00:00Z",
	    "2025-01-01T00:00:00Z",
	    "2024-12-23T00:00:00Z",
	    "2024-12-01T00:00:00Z",
	    "2025-01-02T00:00:00Z",
	    "2025-01-06T00:00:00Z",
	    "2025-02-01T00:00:00Z" } },
	{ "UTC", "1969-12-31T23:59:59.999999Z",
	  { "1969-12-31T00:00:00Z",
	    "1969-12-29T00:00:00Z",
	    "1969-12-01T00:00:00Z",
	    "1969-12-22T00:00:00Z",
	    "1969-11-01T00:00:00Z",
	    "1970-01-01T00:00:00Z",
	    "1970-01-05T00:00:00Z",
	    "1970-01-01T00:00:00Z" } },
	{ "UTC", "1970-01-01T00:00:00Z",
	  { "1970-01-01T00:00:00Z",
	    "1969-12-29T00:00:00Z",
	    "1970-01-01T00:00:00Z",
	    "1969-12-22T00:00:00Z",
	    "1969-12-01T00:00:00Z",
	    "1970-01-02T00:00:00Z",
	    "1970-01-05T00:00:00Z",
	    "1970-02-01T00:00:00Z" } },
	{ "UTC", "2023-02-28T12:00:00Z",
	  { "2023-02-28T00:00:00Z",
	    "2023-02-27T00:00:00Z",
	    "2023-02-01T00:00:00Z",
	    "2023-02-20T00:00:00Z",
	    "2023-01-01T00:00:00Z",
	    "2023-03-01T00:00:00Z",
	    "2023-03-06T00:00:00Z",
	    "2023-03-01T00:00:00Z" } },
	{ "UTC", "2100-02-28T12:00:00Z",
	  { "2100-02-28T00:00:00Z",
	    "2100-02-22T00:00:00Z",
	    "2100-02-01T00:00:00Z",
	    "2100-02-15T00:00:00Z",
	    "2100-01-01T00:00:00Z",
	    "2100-03-01T00:00:00Z",
	    "2100-03-01T00:00:00Z",
	    "2100-03-01T00:00:00Z" } },
	{ "UTC", "2000-02-28T12:00:00Z",
	  { "2000-02-28T00:00:00Z",
	    "2000-02-28T00:00:00Z",
	    "2000-02-01T00:00:00Z",
	    "2000-02-21T00:00:00Z",
	    "2000-01-01T00:00:00Z",
	    "2000-02-29T00:00:00Z",
	    "2000-03-06T00:00:00Z",
	    "2000-03-01T00:00:00Z" } },
	{ "UTC", "2024-01-31T12:00:00Z",
	  { "2024-01-31T00:00:00Z",
	    "2024-01-29T00:00:00Z",
	    "2024-01-01T00:00:00Z",
	    "2024-01-22T00:00:00Z",
	    "2023-12-01T00:00:00Z",
	    "2024-02-01T00:00:00Z",
	    "2024-02-05T00:00:00Z",
	    "2024-02-01T00:00:00Z" } },
	{ "+05:30", "2024-01-31T20:00:00Z",
	  { "2024-01-31T18:30:00Z",
	    "2024-01-28T18:30:00Z",
	    "2024-01-31T18:30:00Z",
	    "2024-01-21T18:30:00Z",
	    "2023-12-31T18:30:00Z",
	    "2024-02-01T18:30:00Z",
	    "2024-02-04T18:30:00Z",
	    "2024-02-29T18:30:00Z" } },
	{ "-08:00", "2024-03-01T05:00:00Z",
	  { "2024-02-29T08:00:00Z",
	    "2024-02-26T08:00:00Z",
	    "2024-02-01T08:00:00Z",
	    "2024-02-19T08:00:00Z",
	    "2024-01-01T08:00:00Z",
	    "2024-03-01T08:00:00Z",
	    "2024-03-04T08:00:00Z",
	    "2024-03-01T08:00:00Z" } },
	{ "+14:00", "2024-12-31T10:00:00Z",
	  { "2024-12-31T10:00:00Z",
	    "2024-12-29T10:00:00Z",
	    "2024-12-31T10:00:00Z",
	    "2024-12-22T10:00:00Z",
	    "2024-11-30T10:00:00Z",
	    "2025-01-01T10:00:00Z",
	    "2025-01-05T10:00:00Z",
	    "2025-01-31T10:00:00Z" } },
	{ "-00:00", "2024-05-05T05:05:05Z",
	  { "2024-05-05T00:00:00Z",
	    "2024-04-29T00:00:00Z",
	    "2024-05-01T00:00:00Z",
	    "2024-04-22T00:00:00Z",
	    "2024-04-01T00:00:00Z",
	    "2024-05-06T00:00:00Z",
	    "2024-05-06T00:00:00Z",
	    "2024-06-01T00:00:00Z" } },
	{ "Europe/Paris", "2024-03-31T12:00:00Z",
	  { "2024-03-30T23:00:00Z",
	    "2024-03-24T23:00:00Z",
	    "2024-02-29T23:00:00Z",
	    "2024-03-17T23:00:00Z",
	    "2024-01-31T23:00:00Z",
	    "2024-03-31T22:00:00Z",
	    "2024-03-31T22:00:00Z",
	    "2024-03-31T22:00:00Z" } },
	{ "Europe/Paris", "2024-03-31T00:59:59Z",
	  { "2024-03-30T23:00:00Z",
	    "2024-03-24T23:00:00Z",
	    "2024-02-29T23:00:00Z",
	    "2024-03-17T23:00:00Z",
	    "2024-01-31T23:00:00Z",
	    "2024-03-31T22:00:00Z",
	    "2024-03-31T22:00:00Z",
	    "2024-03-31T22:00:00Z" } },
	{ "Europe/Paris", "2024-10-27T12:00:00Z",
	  { "2024-10-26T22:00:00Z",
	    "2024-10-20T22:00:00Z",
	    "2024-09-30T22:00:00Z",
	    "2024-10-13T22:00:00Z",
	    "2024-08-31T22:00:00Z",
	    "2024-10-27T23:00:00Z",
	    "2024-10-27T23:00:00Z",
	    "2024-10-31T23:00:00Z" } },
	{ "Europe/Paris", "2024-04-15T12:00:00Z",
	  { "2024-04-14T22:00:00Z",
	    "2024-04-14T22:00:00Z",
	    "2024-03-31T22:00:00Z",
	    "2024-04-07T22:00:00Z",
	    "2024-02-29T23:00:00Z",
	    "2024-04-15T22:00:00Z",
	    "2024-04-21T22:00:00Z",
	    "2024-04-30T22:00:00Z" } },
	{ "Europe/Paris", "2024-10-31T23:30:00Z",
	  { "2024-10-31T23:00:00Z",
	    "2024-10-27T23:00:00Z",
	    "2024-10-31T23:00:00Z",
	    "2024-10-20T22:00:00Z",
	    "2024-09-30T22:00:00Z",
	    "2024-11-01T23:00:00Z",
	    "2024-11-03T23:00:00Z",
	    "2024-11-30T23:00:00Z" } },
	{ "America/New_York", "2024-03-10T12:00:00Z",
	  { "2024-03-10T05:00:00Z",
	    "2024-03-04T05:00:00Z",
	    "2024-03-01T05:00:00Z",
	    "2024-02-26T05:00:00Z",
	    "2024-02-01T05:00:00Z",
	    "2024-03-11T04:00:00Z",
	    "2024-03-11T04:00:00Z",
	    "2024-04-01T04:00:00Z" } },
	{ "America/New_York", "2024-11-03T12:00:00Z",
	  { "2024-11-03T04:00:00Z",
	    "2024-10-28T04:00:00Z",
	    "2024-11-01T04:00:00Z",
	    "2024-10-21T04:00:00Z",
	    "2024-10-01T04:00:00Z",
	    "2024-11-04T05:00:00Z",
	    "2024-11-04T05:00:00Z",
	    "2024-12-01T05:00:00Z" } },
	{ "America/New_York", "2024-03-01T04:59:59Z",
	  { "2024-02-29T05:00:00Z",
	    "2024-02-26T05:00:00Z",
	    "2024-02-01T05:00:00Z",
	    "2024-02-19T05:00:00Z",
	    "2024-01-01T05:00:00Z",
	    "2024-03-01T05:00:00Z",
	    "2024-03-04T05:00:00Z",
	    "2024-03-01T05:00:00Z" } },
	{ "Australia/Lord_Howe", "2024-10-06T12:00:00Z",
	  { "2024-10-05T13:30:00Z",
	    "2024-09-29T13:30:00Z",
	    "2024-09-30T13:30:00Z",
	    "2024-09-22T13:30:00Z",
	    "2024-08-31T13:30:00Z",
	    "2024-10-06T13:00:00Z",
	    "2024-10-06T13:00:00Z",
	    "2024-10-31T13:00:00Z" } },
	{ "Australia/Lord_Howe", "2024-04-07T12:00:00Z",
	  { "2024-04-06T13:00:00Z",
	    "2024-03-31T13:00:00Z",
	    "2024-03-31T13:00:00Z",
	    "2024-03-24T13:00:00Z",
	    "2024-02-29T13:00:00Z",
	    "2024-04-07T13:30:00Z",
	    "2024-04-07T13:30:00Z",
	    "2024-04-30T13:30:00Z" } },
	{ "Asia/Kolkata", "2024-02-29T18:29:59Z",
	  { "2024-02-28T18:30:00Z",
	    "2024-02-25T18:30:00Z",
	    "2024-01-31T18:30:00Z",
	    "2024-02-18T18:30:00Z",
	    "2023-12-31T18:30:00Z",
	    "2024-02-29T18:30:00Z",
	    "2024-03-03T18:30:00Z",
	    "2024-02-29T18:30:00Z" } },
	{ "Asia/Kolkata", "2024-02-29T18:30:00Z",
	  { "2024-02-29T18:30:00Z",
	    "2024-02-25T18:30:00Z",
	    "2024-02-29T18:30:00Z",
	    "2024-02-18T18:30:00Z",
	    "2024-01-31T18:30:00Z",
	    "2024-03-01T18:30:00Z",
	    "2024-03-03T18:30:00Z",
	    "2024-03-31T18:30:00Z" } },
	{ "America/Santiago", "2024-09-08T12:00:00Z",
	  { "2024-09-08T04:00:00Z",
	    "2024-09-02T04:00:00Z",
	    "2024-09-01T04:00:00Z",
	    "2024-08-26T04:00:00Z",
	    "2024-08-01T04:00:00Z",
	    "2024-09-09T03:00:00Z",
	    "2024-09-09T03:00:00Z",
	    "2024-10-01T03:00:00Z" } },
	{ "America/Santiago", "2024-09-07T12:00:00Z",
	  { "2024-09-07T04:00:00Z",
	    "2024-09-02T04:00:00Z",
	    "2024-09-01T04:00:00Z",
	    "2024-08-26T04:00:00Z",
	    "2024-08-01T04:00:00Z",
	    "2024-09-08T04:00:00Z",
	    "2024-09-09T03:00:00Z",
	    "2024-10-01T03:00:00Z" } },
	{ "America/Santiago", "2024-04-06T12:00:00Z",
	  { "2024-04-06T03:00:00Z",
	    "2024-04-01T03:00:00Z",
	    "2024-04-01T03:00:00Z",
	    "2024-03-25T03:00:00Z",
	    "2024-03-01T03:00:00Z",
	    "2024-04-07T04:00:00Z",
	    "2024-04-08T04:00:00Z",
	    "2024-05-01T04:00:00Z" } },
	{ "America/Havana", "2024-03-10T12:00:00Z",
	  { "2024-03-10T05:00:00Z",
	    "2024-03-04T05:00:00Z",
	    "2024-03-01T05:00:00Z",
	    "2024-02-26T05:00:00Z",
	    "2024-02-01T05:00:00Z",
	    "2024-03-11T04:00:00Z",
	    "2024-03-11T04:00:00Z",
	    "2024-04-01T04:00:00Z" } },
	{ "America/Havana", "2024-03-09T12:00:00Z",
	  { "2024-03-09T05:00:00Z",
	    "2024-03-04T05:00:00Z",
	    "2024-03-01T05:00:00Z",
	    "2024-02-26T05:00:00Z",
	    "2024-02-01T05:00:00Z",
	    "2024-03-10T05:00:00Z",
	    "2024-03-11T04:00:00Z",
	    "2024-04-01T04:00:00Z" } },
	{ "Pacific/Apia", "2011-12-31T12:00:00Z",
	  { "2011-12-31T10:00:00Z",
	    "2011-12-26T10:00:00Z",
	    "2011-12-31T10:00:00Z",
	    "2011-12-19T10:00:00Z",
	    "2011-12-01T10:00:00Z",
	    "2012-01-01T10:00:00Z",
	    "2012-01-01T10:00:00Z",
	    "2012-01-31T10:00:00Z" } },
	{ "Pacific/Apia", "2011-12-29T12:00:00Z",
	  { "2011-12-29T10:00:00Z",
	    "2011-12-26T10:00:00Z",
	    "2011-12-01T10:00:00Z",
	    "2011-12-19T10:00:00Z",
	    "2011-11-01T10:00:00Z",
	    "2011-12-30T10:00:00Z",
	    "2012-01-01T10:00:00Z",
	    "2011-12-31T10:00:00Z" } },
};

static pp_time
T(const char *s)
{
	pp_time t;

	if (time_parse(s, &t) != 0)
		pp_die(PP_EXIT_DATA, "bad time in the test: %s", s);
	return t;
}

static void
check_time(pp_time got, const char *want, const char *what)
{
	char buf[PP_TIME_LEN];

	if (!tap_ok(got == T(want), what))
		printf("#   got %s\n#  want %s\n", time_format(got, buf), want);
}

static void
test_table(void)
{
	pp_time t, got[NCOL];
	size_t i, k;
	char *m;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!tap_ok(cal_set_zone(cases[i].zone) == 0, cases[i].zone))
			continue;
		t = T(cases[i].t);
		got[DAY] = cal_day_start(t);
		got[WEEK] = cal_week_start(t);
		got[MONTH] = cal_month_start(t);
		got[PREV_WEEK] = cal_prev_week(got[WEEK]);
		got[PREV_MONTH] = cal_prev_month(got[MONTH]);
		got[NEXT_DAY] = cal_next_day(got[DAY]);
		got[NEXT_WEEK] = cal_next_week(got[WEEK]);
		got[NEXT_MONTH] = cal_next_month(got[MONTH]);
		for (k = 0; k < NCOL; k++) {
			m = xasprintf("%s %s: %s", cases[i].zone, cases[i].t,
			    colname[k]);
			check_time(got[k], cases[i].want[k], m);
			free(m);
		}
	}
}

/*
 * Every hour of 2024 (UTC) lies in its day, week and month: start <= t
 * < next, and a start is its own start.
 */
static void
test_invariants(void)
{
	static const char *const zones[] = { "UTC", "+05:30", "-09:30",
	    "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
	    "America/Santiago", "Asia/Kolkata", "Pacific/Chatham",
	    "America/Havana", NULL };
	const pp_time H = INT64_C(3600000000);
	pp_time t, d, w, mo, first = T("2024-01-01T00:30:00Z");
	size_t i, k, bad;
	char buf[PP_TIME_LEN], *m;

	for (i = 0; zones[i] != NULL; i++) {
		cal_set_zone(zones[i]);
		bad = 0;
		for (k = 0; k < 366 * 24; k++) {
			t = first + (pp_time)k * H + (pp_time)(k % 7) * 60000000;
			d = cal_day_start(t);
			w = cal_week_start(t);
			mo = cal_month_start(t);
			if (!(d <= t && t < cal_next_day(d) && w <= t &&
			    t < cal_next_week(w) && mo <= t &&
			    t < cal_next_month(mo) && cal_day_start(d) == d &&
			    cal_week_start(w) == w &&
			    cal_month_start(mo) == mo && w <= d && mo <= d) &&
			    bad++ == 0)
				printf("#   %s: t %s\n", zones[i],
				    time_format(t, buf));
		}
		m = xasprintf("%s: 8784 hours of 2024 in their periods",
		    zones[i]);
		tap_ok(bad == 0, m);
		free(m);
	}
}

/* Counting periods: 366 days, 53 Mondays, 12 months in 2024. */
static void
test_walks(void)
{
	static const char *const zones[] = { "UTC", "-03:00",
	    "Europe/Paris", "America/New_York", "Australia/Lord_Howe", NULL };
	pp_time t, end;
	size_t i;
	int n;
	char *m;

	for (i = 0; zones[i] != NULL; i++) {
		cal_set_zone(zones[i]);
		t = cal_day_start(T("2024-01-01T12:00:00Z"));
		end = cal_day_start(T("2025-01-01T12:00:00Z"));
		for (n = 0; t < end && n < 1000; n++)
			t = cal_next_day(t);
		m = xasprintf("%s: 366 days in 2024", zones[i]);
		tap_ok(n == 366 && t == end, m);
		free(m);

		/* 2024-01-01 is a Monday; 2024-12-30 the last of 2024. */
		t = cal_week_start(T("2024-01-01T12:00:00Z"));
		for (n = 0; t < end && n < 1000; n++)
			t = cal_next_week(t);
		m = xasprintf("%s: 53 weeks start in 2024", zones[i]);
		tap_ok(n == 53 && t == cal_week_start(T("2025-01-06T12:00:00Z")),
		    m);
		free(m);

		t = cal_month_start(T("2024-01-15T12:00:00Z"));
		for (n = 0; t < end && n < 1000; n++)
			t = cal_next_month(t);
		m = xasprintf("%s: 12 months in 2024", zones[i]);
		tap_ok(n == 12 && t == end, m);
		free(m);

		/* And back: 12 months, 53 weeks. */
		for (n = 0; n < 12; n++)
			t = cal_prev_month(t);
		m = xasprintf("%s: 12 months back is 2024-01-01", zones[i]);
		tap_ok(t == cal_day_start(T("2024-01-01T12:00:00Z")), m);
		free(m);
		t = cal_week_start(T("2025-01-06T12:00:00Z"));
		for (n = 0; n < 53; n++)
			t = cal_prev_week(t);
		m = xasprintf("%s: 53 weeks back is 2024-01-01", zones[i]);
		tap_ok(t == cal_day_start(T("2024-01-01T12:00:00Z")), m);
		free(m);
	}
}

/* A period's start goes down to the microsecond, before 1970 too. */
static void
test_subsecond(void)
{
	cal_set_zone("UTC");
	check_time(cal_day_start(-1), "1969-12-31T00:00:00Z",
	    "UTC: cal_day_start(-1us)");
	check_time(cal_day_start(0), "1970-01-01T00:00:00Z",
	    "UTC: cal_day_start(0)");
	check_time(cal_day_start(T("1970-01-01T00:00:00Z") - 86400000000 + 1),
	    "1969-12-31T00:00:00Z", "UTC: cal_day_start(-1 day + 1us)");
	check_time(cal_day_start(T("1969-12-31T00:00:00Z") - 1),
	    "1969-12-30T00:00:00Z", "UTC: cal_day_start(1969-12-31 - 1us)");
	check_time(cal_week_start(T("1970-01-01T00:00:00Z")),
	    "1969-12-29T00:00:00Z", "UTC: the week of 1970-01-01 (a Thursday)");
	check_time(cal_month_start(T("1960-02-29T23:59:59.999999Z")),
	    "1960-02-01T00:00:00Z", "UTC: cal_month_start in 1960");
	cal_set_zone("+01:00");
	check_time(cal_day_start(T("2024-06-01T22:59:59.999999Z")),
	    "2024-05-31T23:00:00Z", "+01:00: 1us before local midnight");
	check_time(cal_day_start(T("2024-06-01T23:00:00Z")),
	    "2024-06-01T23:00:00Z", "+01:00: at local midnight");
}

static void
test_zones(void)
{
	static const char *const good[] = { "UTC", "Z", "+00:00", "-00:00",
	    "+23:59", "-23:59", "+05:45", "Europe/Paris", "Etc/GMT+5",
	    "America/Argentina/Buenos_Aires", NULL };
	static const char *const bad[] = { "+24:00", "-24:00", "+05:60",
	    "+0530", "+5:30", "05:30", "+05:3", "+05:300", "+a5:30",
	    "+05-30", "utc", "Nowhere/Zone", "Europe/Pariss",
	    "../zoneinfo/Europe/Paris", "Europe/../Europe/Paris",
	    "/usr/share/zoneinfo/Europe/Paris", "/etc/localtime", "",
	    "Europe", "America/", NULL };
	size_t i;
	char *m;

	tap_ok(cal_set_zone(NULL) == 0, "cal_set_zone(NULL) is UTC");
	check_time(cal_day_start(T("2024-06-01T23:30:00Z")),
	    "2024-06-01T00:00:00Z", "NULL: days in UTC");
	for (i = 0; good[i] != NULL; i++) {
		m = xasprintf("cal_set_zone(\"%s\") is 0", good[i]);
		tap_ok(cal_set_zone(good[i]) == 0, m);
		free(m);
	}
	/* Etc/GMT+5 is 5 hours west (POSIX sign). */
	cal_set_zone("Etc/GMT+5");
	check_time(cal_day_start(T("2024-06-01T04:59:59Z")),
	    "2024-05-31T05:00:00Z", "Etc/GMT+5: days at 05:00Z");
	cal_set_zone("+23:59");
	check_time(cal_day_start(T("2024-06-01T00:00:00Z")),
	    "2024-05-31T00:01:00Z", "+23:59: days at 00:01Z");
	for (i = 0; bad[i] != NULL; i++) {
		m = xasprintf("cal_set_zone(\"%s\") is -1", bad[i]);
		tap_ok(cal_set_zone(bad[i]) == -1, m);
		free(m);
	}
	/* Back to UTC after an IANA zone and after an offset. */
	cal_set_zone("Asia/Tokyo");
	check_time(cal_day_start(T("2024-06-01T23:30:00Z")),
	    "2024-06-01T15:00:00Z", "Asia/Tokyo: days at 15:00Z");
	cal_set_zone("UTC");
	check_time(cal_day_start(T("2024-06-01T23:30:00Z")),
	    "2024-06-01T00:00:00Z", "UTC after Asia/Tokyo");
	/*
	 * Havana's midnight of 2024-11-03 happens twice (01:00 CDT back to
	 * 00:00 CST): the day starts at the first, 04:00Z (Python zoneinfo,
	 * fold=0), right after setting the zone and after other calls.
	 */
	cal_set_zone("America/Havana");
	check_time(cal_day_start(T("2024-11-03T04:30:00Z")),
	    "2024-11-03T04:00:00Z", "Havana: a doubled midnight, first call");
	check_time(cal_day_start(T("2024-11-03T12:00:00Z")),
	    "2024-11-03T04:00:00Z", "Havana: a doubled midnight, again");
	check_time(cal_next_day(T("2024-11-02T04:00:00Z")),
	    "2024-11-03T04:00:00Z", "Havana: the day before ends at it");
	cal_set_zone("-05:00");
	cal_set_zone("Z");
	check_time(cal_day_start(T("2024-06-01T02:30:00Z")),
	    "2024-06-01T00:00:00Z", "Z after -05:00");
}

int
main(int argc, char *argv[])
{
	(void)argc;
	pp_setprog(argv[0]);
	test_table();
	test_subsecond();
	test_zones();
	test_invariants();
	test_walks();
	cal_set_zone(NULL);
	return tap_done();
}
