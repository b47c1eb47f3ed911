/*
 * cost.h: the coster, which prices a plan into a struct ipl_cost
 * (model/cost.h), and money in one format: rounding, the sanity bound and
 * the JSON, Markdown and table reports of an estimate.
 */
#ifndef IPL_COST_H
#define IPL_COST_H

#include "core/common.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "model/cost.h"

/*
 * Prices the plan in `currency` (NULL: the spec's, else EUR). -1 with errors
 * when a price or an exchange rate is missing.
 */
int ipl_cost_estimate(struct ipl_cost **out, const struct ipl_plan *plan, const char *currency,
		      struct ipl_arena *arena, struct ipl_diags *diags);
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
void ipl_cost_write_json(const struct ipl_cost *cost, struct ipl_buf *out);
void ipl_cost_write_markdown(const struct ipl_cost *cost, struct ipl_buf *out);
/*
 * COST.md and `cost --format markdown`: the cost's Markdown, then the plan's
 * topology as a Mermaid block (planners/mermaid.h)
 */
struct ipl_plan;
void ipl_cost_write_markdown_with_topology(const struct ipl_plan *plan, const struct ipl_cost *cost,
					   struct ipl_buf *out);
void ipl_cost_write_table(const struct ipl_cost *cost, struct ipl_buf *out);

#endif
