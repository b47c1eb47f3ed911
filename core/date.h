/*
 * date.h: the one parser and the one formatter of calendar dates. The catalog (valid_from,
 * available_from, its date), the price cache, the ECB feed and the spec
 * (prices_as_of) all read dates through it, so that a date one of them
 * accepts is a date every other one accepts too, and "2026-02-30" is refused
 * everywhere instead of becoming a price valid from the 30th of February.
 */
#ifndef IPL_DATE_H
#define IPL_DATE_H

#include "core/common.h"

/* the range a price, a rate or a spec date may fall in: older or later is a typo */
#define IPL_DATE_MIN 20000101
#define IPL_DATE_MAX 21001231

/*
 * Exactly YYYY-MM-DD, a real calendar date (leap years: every 4th, not every
 * 100th, every 400th) between IPL_DATE_MIN and IPL_DATE_MAX. 0 with *ymd set
 * (20260327), or -1 with *why (static text, may be NULL) saying what was
 * expected.
 */
int ipl_date_parse(const char *s, int *ymd, const char **why);
/* the one formatter: 20261122 as "2026-11-22" */
void ipl_date_format(int ymd, char out[11]);
/* whole days from a to b, both YYYYMMDD */
int ipl_days_between(int a, int b);

#endif
