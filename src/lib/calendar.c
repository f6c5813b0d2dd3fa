/*
 * Calendar periods for week over week and month over month, in UTC, a
 * fixed offset (+02:00) or an IANA zone (Europe/Paris, through TZ and
 * the C library, so daylight saving time moves the boundaries as it
 * should).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"

static int use_tz;		/* an IANA zone through localtime_r */
static long offset;		/* seconds east of UTC otherwise */

int
cal_set_zone(const char *tz)
{
	struct stat st;
	char path[512];
	int h, m;

	use_tz = 0;
	offset = 0;
	if (tz == NULL || strcmp(tz, "UTC") == 0 || strcmp(tz, "Z") == 0)
		return 0;
	if ((tz[0] == '+' || tz[0] == '-') && strlen(tz) == 6 &&
	    isdigit((unsigned char)tz[1]) && isdigit((unsigned char)tz[2]) &&
	    tz[3] == ':' && isdigit((unsigned char)tz[4]) &&
	    isdigit((unsigned char)tz[5])) {
		h = (tz[1] - '0') * 10 + (tz[2] - '0');
		m = (tz[4] - '0') * 10 + (tz[5] - '0');
		if (h > 23 || m > 59)
			return -1;
		offset = (h * 3600L + m * 60L) * (tz[0] == '-' ? -1 : 1);
		return 0;
	}
	if (*tz == '\0' || strstr(tz, "..") != NULL || tz[0] == '/')
		return -1;
	/* A zone is a file: "Europe" is a folder of zones, not one. */
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    access(path, R_OK) != 0)
		return -1;
	setenv("TZ", tz, 1);
	tzset();
	use_tz = 1;
	return 0;
}

/* Broken-down local time of t (whole seconds). */
static void
local(pp_time t, struct tm *tm)
{
	time_t s = (time_t)(t / 1000000 - (t % 1000000 < 0));

	if (use_tz)
		localtime_r(&s, tm);
	else {
		s += offset;
		gmtime_r(&s, tm);
	}
}

/* Back from local broken-down time to pp_time. */
/* Whether s is the local time tm (fields as asked, before mktime). */
static int
same_local(time_t s, const struct tm *tm, struct tm *back)
{
	if (s == (time_t)-1 || localtime_r(&s, back) == NULL)
		return 0;
	return back->tm_year == tm->tm_year && back->tm_mon == tm->tm_mon &&
	    back->tm_mday == tm->tm_mday && back->tm_hour == tm->tm_hour &&
	    back->tm_min == tm->tm_min && back->tm_sec == tm->tm_sec;
}

static pp_time
unlocal(struct tm *tm)
{
	time_t s;

	struct tm want, a, b, back;
	time_t sa, sb;

	if (!use_tz) {
		s = timegm(tm) - offset;
		return (pp_time)s * 1000000;
	}
	/*
	 * A local time that happens twice (clocks going back) is read both
	 * ways and the earlier instant is taken: mktime with tm_isdst -1
	 * picks either, depending on its earlier calls.
	 */
	/* Calendar arithmetic first (mday -= 7 ...), as timegm does it. */
	want = *tm;
	(void)timegm(&want);
	a = b = want;
	a.tm_isdst = 0;
	b.tm_isdst = 1;
	sa = mktime(&a);
	sb = mktime(&b);
	if (same_local(sa, &want, &back) && same_local(sb, &want, &back))
		s = sa < sb ? sa : sb;
	else if (same_local(sa, &want, &back))
		s = sa;
	else if (same_local(sb, &want, &back))
		s = sb;
	else {
		tm->tm_isdst = -1;	/* skipped: the time after the gap */
		s = mktime(tm);
	}
	return (pp_time)s * 1000000;
}

pp_time
cal_week_start(pp_time t)
{
	struct tm tm;

	local(t, &tm);
	tm.tm_mday -= (tm.tm_wday + 6) % 7;	/* back to Monday */
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_prev_week(pp_time start)
{
	struct tm tm;

	local(start, &tm);
	tm.tm_mday -= 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_month_start(pp_time t)
{
	struct tm tm;

	local(t, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_prev_month(pp_time start)
{
	struct tm tm;

	local(start, &tm);
	tm.tm_mon -= 1;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_day_start(pp_time t)
{
	struct tm tm;

	local(t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_next_day(pp_time start)
{
	struct tm tm;

	local(start, &tm);
	tm.tm_mday += 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_next_week(pp_time start)
{
	struct tm tm;

	local(start, &tm);
	tm.tm_mday += 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}

pp_time
cal_next_month(pp_time start)
{
	struct tm tm;

	local(start, &tm);
	tm.tm_mon += 1;
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return unlocal(&tm);
}
