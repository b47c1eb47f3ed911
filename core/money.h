/*
 * money.h: money in one format everywhere: rounding to cents half away from
 * zero, the sanity bound, and "1234.50". In core/ so that every writer (the
 * reports of planners/, the JSON of core/json.c) formats it the same way.
 */
#ifndef IPL_MONEY_H
#define IPL_MONEY_H

#include "core/common.h"
#include "core/buf.h"

/*
 * Above this a month, a figure is an error upstream (an absurd price or
 * quantity), not money: doubles keep cents exact up to about 1e13, and
 * nothing we plan costs a trillion a month.
 */
#define IPL_MONEY_MAX 1e12
/* finite and within IPL_MONEY_MAX either way: a figure we print */
bool ipl_money_ok(double amount);
/*
 * money in one format everywhere: "1234.50". A figure that is not
 * ipl_money_ok (estimates refuse them, so it is a bug) prints as "null",
 * never "inf" or "nan": still valid JSON, and plainly no number.
 */
void ipl_money_format(struct ipl_buf *b, double amount);
double ipl_money_round(double amount);

#endif
