/* date.c: see date.h. */
#include "core/common.h"

#include "core/date.h"

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
refuse(const char **why, const char *what)
{
	if (why)
		*why = what;
	return -1;
}

int
ipl_date_parse(const char *s, int *ymd, const char **why)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m = 0, d = 0, i, v;

	/* by hand, not sscanf: "%4d" takes a sign and spaces, and ignores what follows */
	if (!s)
		return refuse(why, "expected a date as YYYY-MM-DD");
	for (i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return refuse(why, "expected a date as YYYY-MM-DD");
		if (dash)
			continue;
		v = s[i] - '0';
		if (i < 4)
			y = y * 10 + v;
		else if (i < 7)
			m = m * 10 + v;
		else
			d = d * 10 + v;
	}
	if (s[10] != '\0')
		return refuse(why, "expected a date as YYYY-MM-DD");
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap_year(y)))
		return refuse(why, "expected a real calendar date as YYYY-MM-DD");
	if (y * 10000 + m * 100 + d < IPL_DATE_MIN || y * 10000 + m * 100 + d > IPL_DATE_MAX)
		return refuse(why, "expected a date between 2000-01-01 and 2100-12-31");
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

void
ipl_date_format(int ymd, char out[11])
{
	unsigned y = (unsigned)(ymd / 10000) % 10000, m = (unsigned)(ymd / 100) % 100,
		 d = (unsigned)ymd % 100;

	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
}

/* days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil) */
static long
days_from_civil(int ymd)
{
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
ipl_days_between(int a, int b)
{
	return (int)(days_from_civil(b) - days_from_civil(a));
}
