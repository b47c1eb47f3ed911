/*
 * cost.h: the estimated monthly cost of a plan, as line items in the
 * report currency, each with the quantity, the unit price in the price's own
 * currency, the price's source and valid-from date, and any override.
 *
 * Money: every line is rounded to cents once, in the report currency; the
 * total is the sum of the rounded lines, so the figures a reader adds up are
 * the figures we print. A month is 730 hours unless a provider bills
 * otherwise.
 */
#ifndef IPL_COST_H
#define IPL_COST_H

#include "core/common.h"
#include "core/buf.h"
#include "model/plan.h"

#define IPL_HOURS_PER_MONTH 730.0

struct ipl_line_item {
	const char *name;          /* "node app (Cloud VPS 20)" */
	const char *resource;      /* the node or service it belongs to, NULL for shared lines */
	const char *category;      /* node, storage, backup, domain, smtp, web_hosting, ... */
	double quantity;
	double free_quantity;      /* the part of quantity the price's free allowance covers */
	const char *unit;          /* "month", "GB-month", "hour", "year" */
	double unit_price;         /* in price_currency */
	const char *price_currency;
	double monthly;            /* in the report currency, rounded to cents */
	const char *source;
	const char *valid_from;
	const char *confidence;
	const char *note;          /* free allowance, amortisation, override reason */
	/*
	 * With a price override: the price it replaced, so that the reader sees
	 * both. The override is the line's monthly amount, per instance where
	 * the line counts instances (quantity), never per hour or GB: the
	 * catalog's price applied to replaced_quantity (730 hours, 50 GB).
	 */
	const struct ipl_price *replaced;  /* NULL when no catalog price was replaced */
	const char *replaced_unit;         /* "hour", "vCPU-hour", "GB-month" */
	double replaced_quantity;
};

/* a line to compare against, not part of the total: the setup before, an alternative */
struct ipl_comparison {
	const char *name;
	double monthly;            /* in the report currency, rounded */
	const char *source;
	const char *valid_from;
};

struct ipl_rate_used {
	const char *code;
	double value;              /* 1 EUR = value code */
	const char *source;
	const char *valid_from;
};

struct ipl_cost {
	const char *name;
	const char *provider;
	const char *currency;
	const char *prices_as_of;
	const char *catalog;
	struct ipl_line_item *items;
	size_t items_nr, items_alloc;
	struct ipl_rate_used *rates;
	size_t rates_nr, rates_alloc;
	double monthly_total;
	struct ipl_comparison *comparisons;
	size_t comparisons_nr, comparisons_alloc;
	const char *scenario;      /* the scenario's name, or NULL */
	double gpu_hours;          /* IPL_UNSET when the plan was not built for given hours */
};

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
void ipl_cost_write_table(const struct ipl_cost *cost, struct ipl_buf *out);

#endif
