/*
 * Calendar periods (days, Monday weeks, months) in UTC, a fixed offset
 * or an IANA zone: week over week, month over month, cost reports.
 */
#ifndef PP_CALENDAR_H
#define PP_CALENDAR_H

#include "units.h"

/* Sets the zone (IANA name, UTC or +HH:MM); -1 if it is none. */
int	 cal_set_zone(const char *tz);
/* The start of the calendar day, week (Monday) or month holding t. */
pp_time	 cal_day_start(pp_time t);
pp_time	 cal_week_start(pp_time t);
pp_time	 cal_month_start(pp_time t);
/* The start of the week or month before the one starting at start. */
pp_time	 cal_prev_week(pp_time start);
pp_time	 cal_prev_month(pp_time start);
/* The start of the day, week or month after the one starting at start. */
pp_time	 cal_next_day(pp_time start);
pp_time	 cal_next_week(pp_time start);
pp_time	 cal_next_month(pp_time start);

#endif
