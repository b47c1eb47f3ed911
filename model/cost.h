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
#ifndef IPL_MODEL_COST_H
#define IPL_MODEL_COST_H

#include "core/common.h"
#include "model/plan.h"

#define IPL_HOURS_PER_MONTH 730.0

struct ipl_line_item {
	const char *name; /* "node app (Cloud VPS 20)" */
	/*
	 * What the line is, apart from its size: "node:app", "backup",
	 * "service:api", "database:db"; diff matches lines by it, so a resize
	 * is one change, not a removal and an addition. The name when nothing
	 * in the name changes with a size. Not written to cost.json.
	 */
	const char *key;
	const char *resource; /* the node or service it belongs to, NULL for shared lines */
	const char *category; /* node, storage, backup, domain, smtp, web_hosting, ... */
	double quantity;
	double free_quantity; /* the part of quantity the price's free allowance covers */
	const char *unit;     /* "month", "GB-month", "hour", "year" */
	double unit_price;    /* in price_currency */
	const char *price_currency;
	double monthly; /* in the report currency, rounded to cents */
	const char *source;
	const char *valid_from;
	const char *confidence;
	const char *note; /* free allowance, amortisation, override reason */
	/*
	 * With a price override: the price it replaced, so that the reader sees
	 * both. The override is the line's monthly amount, per instance where
	 * the line counts instances (quantity), never per hour or GB: the
	 * catalog's price applied to replaced_quantity (730 hours, 50 GB).
	 */
	const struct ipl_price *replaced; /* NULL when no catalog price was replaced */
	const char *replaced_unit;        /* "hour", "vCPU-hour", "GB-month" */
	double replaced_quantity;
};

/* a line to compare against, not part of the total: the setup before, an alternative */
struct ipl_comparison {
	const char *name;
	double monthly; /* in the report currency, rounded */
	const char *source;
	const char *valid_from;
};

struct ipl_rate_used {
	const char *code;
	double value; /* 1 EUR = value code */
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
	const char *scenario; /* the scenario's name, or NULL */
	double gpu_hours;     /* IPL_UNSET when the plan was not built for given hours */
	const struct ipl_forecast *forecast; /* the months ahead (load.monthly_growth), or NULL */
};

/* one month of a forecast (planners/forecast.c): the load, the plan and its cost */
struct ipl_forecast_month {
	int month;     /* 0: the spec's load */
	double factor; /* the load and data times this: (1 + growth) ^ month */
	double users, concurrent, rps, data_gb;
	const char *plan; /* the nodes, "app: 1x CX33, db: 1x CAX11" */
	double monthly;
	/* what changed from the month before ("app CX23 -> CX33"), NULL for nothing */
	const char *step;
};

struct ipl_forecast {
	double growth; /* a fraction a month */
	int months;
	const char *currency;
	struct ipl_forecast_month *m; /* months + 1 of them, month 0 first */
};

#endif
