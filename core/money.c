/*
 * money.c: rounding to cents, the sanity bound (IPL_MONEY_MAX) and the one
 * format of money, "1234.50" (money.h).
 */
#include "core/common.h"

#include <math.h>

#include "core/money.h"

double
ipl_money_round(double amount)
{
	/* half away from zero, on cents; the epsilon absorbs binary noise such as 0.4679999 */
	double cents = amount * 100;
	return (cents < 0 ? -floor(-cents + 0.5 + 1e-7) : floor(cents + 0.5 + 1e-7)) / 100;
}

bool
ipl_money_ok(double amount)
{
	return isfinite(amount) && fabs(amount) <= IPL_MONEY_MAX;
}

void
ipl_money_format(struct ipl_buf *b, double amount)
{
	double r = ipl_money_round(amount);

	if (!ipl_money_ok(r)) {
		ipl_buf_adds(b, "null");
		return;
	}
	ipl_buf_addf(b, "%.2f", r == 0 ? 0.0 : r);
}
