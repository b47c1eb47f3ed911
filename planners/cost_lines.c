/*
 * cost_lines.c: the line helpers every cost hook prices with (coster.h): a
 * new line item, a catalog price or a spec's override applied to it, the
 * exchange rates it is converted with (each recorded in the estimate, with
 * its source and date) and the override lookup that marks an override used.
 */
#include "core/common.h"

#include <math.h>

#include "core/date.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/coster.h"
#include "planners/provider.h"

const char *
ipl_cost_date_text(struct ipl_arena *a, int ymd)
{
	char text[11];

	ipl_date_format(ymd, text);
	return ipl_arena_strdup(a, text);
}

static void
record_rate(struct ipl_coster *c, const char *code, double value, const char *source,
	    const char *valid_from)
{
	struct ipl_cost *k = c->cost;
	struct ipl_rate_used *u;
	size_t i;

	for (i = 0; i < k->rates_nr; i++)
		if (!strcmp(k->rates[i].code, code))
			return;
	k->rates = ipl_arena_grow(c->arena, k->rates, sizeof(*k->rates), k->rates_nr,
				  &k->rates_alloc);
	u = &k->rates[k->rates_nr++];
	u->code = code;
	u->value = value;
	u->source = source;
	u->valid_from = valid_from;
}

/* 1 EUR = *out code; the spec's own rates come first */
static int
rate_of(struct ipl_coster *c, const char *code, double *out)
{
	const struct ipl_rate_entry *r;
	size_t i;

	if (!strcmp(code, "EUR")) {
		*out = 1;
		return 0;
	}
	for (i = 0; i < c->spec->rates_nr; i++) {
		if (!strcmp(c->spec->rates[i].code, code)) {
			*out = c->spec->rates[i].value;
			record_rate(c, code, *out, "the spec's rates",
				    c->spec->prices_as_of.s ? c->spec->prices_as_of.s
							    : c->plan->catalog->date);
			return 0;
		}
	}
	r = ipl_catalog_rate_at(c->plan->catalog, code, c->plan->prices_date);
	if (!r) {
		c->errors++;
		return ipl_error(c->diags, c->spec->path, c->spec->currency.loc,
				 "no exchange rate for %s; add it under \"rates\" (1 EUR = ? %s)",
				 code, code);
	}
	*out = r->value;
	record_rate(c, code, r->value, r->source, r->valid_from_text);
	if (r->valid_from > c->plan->prices_date)
		ipl_warning(c->diags, c->spec->path, c->spec->prices_as_of.loc,
			    "no %s rate known on or before %s; the earliest known (%s) is used",
			    code, ipl_cost_date_text(c->arena, c->plan->prices_date),
			    r->valid_from_text);
	return 0;
}

double
ipl_cost_convert(struct ipl_coster *c, double amount, const char *from)
{
	double rf, rt;

	if (!strcmp(from, c->cost->currency))
		return amount;
	if (rate_of(c, from, &rf) < 0 || rate_of(c, c->cost->currency, &rt) < 0)
		return 0;
	return amount / rf * rt;
}

struct ipl_line_item *
ipl_cost_add_item(struct ipl_coster *c, const char *name, const char *category)
{
	struct ipl_cost *k = c->cost;
	struct ipl_line_item *it;

	k->items = ipl_arena_grow(c->arena, k->items, sizeof(*k->items), k->items_nr,
				  &k->items_alloc);
	it = &k->items[k->items_nr++];
	it->name = name;
	it->key = name;
	it->category = category;
	it->resource = c->resource;
	return it;
}

/* finds an override for any of the names; marks it used */
const struct ipl_override *
ipl_cost_find_override(struct ipl_coster *c, const char *a, const char *b)
{
	const struct ipl_scenario *sc = c->plan->scenario;
	size_t i;

	const struct ipl_override *found = NULL;

	/* the scenario's own prices come before the spec's */
	for (i = 0; sc && i < sc->overrides_nr && !found; i++) {
		const char *t = sc->overrides[i].target.s;
		if ((a && !strcmp(t, a)) || (b && !strcmp(t, b)))
			found = &sc->overrides[i];
	}

	for (i = 0; i < c->spec->overrides_nr; i++) {
		const char *t = c->spec->overrides[i].target.s;
		if ((a && !strcmp(t, a)) || (b && !strcmp(t, b))) {
			c->override_used[i] = true;
			return found ? found : &c->spec->overrides[i];
		}
	}
	return found;
}

/* the spec as cited in a report: its file name, the same wherever gen runs from */
const char *
ipl_cost_spec_file(const struct ipl_coster *c)
{
	const char *slash = strrchr(c->spec->path, '/');

	return slash ? slash + 1 : c->spec->path;
}

const char *
ipl_cost_spec_currency(const struct ipl_coster *c)
{
	return c->spec->currency.s ? c->spec->currency.s : "EUR";
}

/* the line's unit: a price per million is per million requests */
static const char *
unit_label(enum ipl_price_unit unit)
{
	return unit == IPL_PER_MILLION ? "million requests" : ipl_price_unit_label(unit);
}

/*
 * An override is the monthly amount of the line it replaces, per instance
 * where the line counts instances: a node's or a Koyeb service's count,
 * Fargate tasks, IPv4 addresses, alarms; 1 for everything else (an RDS or
 * ElastiCache instance, a bucket, the backup, an extra). Multiplying it by
 * the line's usage made a reserved RDS price of 8.50 cost 6,205.00 (x730).
 */
static void
override_line(struct ipl_coster *c, struct ipl_line_item *it, const struct ipl_price *pr,
	      double qty, const char *unit, double instances, const struct ipl_override *ov)
{
	it->quantity = instances;
	it->unit = "month";
	it->unit_price = ov->monthly.amount;
	it->price_currency = ov->monthly.currency ? ov->monthly.currency
						  : ipl_cost_spec_currency(c);
	it->source = ipl_arena_printf(c->arena, "price override in %s line %d",
				      ipl_cost_spec_file(c), ov->loc.line);
	it->valid_from = c->spec->prices_as_of.s ? c->spec->prices_as_of.s : c->plan->catalog->date;
	it->confidence = "override";
	it->note = ov->note.s ? ov->note.s : "negotiated or legacy price";
	it->replaced = pr;
	it->replaced_unit = pr ? (unit ? unit : unit_label(pr->unit)) : NULL;
	it->replaced_quantity = qty;
	it->monthly = ipl_money_round(
		ipl_cost_convert(c, it->unit_price * instances, it->price_currency));
}

/*
 * Fills quantity/unit price/monthly from a catalog price (qty in its unit,
 * shown as `unit` when given: "vCPU-hour"), or from an override for
 * `instances` instances.
 */
void
ipl_cost_price_line(struct ipl_coster *c, struct ipl_line_item *it, const struct ipl_price *pr,
		    double qty, const char *unit, double instances, const struct ipl_override *ov)
{
	double monthly_in_price_currency = 0;

	if (ov) {
		override_line(c, it, pr, qty, unit, instances, ov);
		return;
	}
	it->quantity = qty;
	it->unit_price = pr->amount;
	it->price_currency = pr->currency;
	it->source = pr->source;
	it->valid_from = pr->valid_from_text;
	it->confidence = pr->confidence;
	it->unit = unit_label(pr->unit);
	switch (pr->unit) {
	case IPL_PER_MONTH:
	case IPL_PER_HOUR:
		monthly_in_price_currency = pr->amount * qty;
		break;
	case IPL_PER_YEAR:
		monthly_in_price_currency = pr->amount * qty / 12;
		it->note = ipl_arena_printf(c->arena, "%.2f %s a year, amortised over 12 months",
					    pr->amount, pr->currency);
		break;
	case IPL_PER_MILLION:
	case IPL_PER_GB_MONTH: {
		double billable = qty - pr->free_quantity;
		monthly_in_price_currency = pr->amount * (billable > 0 ? billable : 0);
		it->free_quantity = billable > 0 ? pr->free_quantity : qty;
		if (pr->free_quantity > 0)
			it->note = ipl_arena_printf(c->arena, "first %.6g %s free",
						    pr->free_quantity,
						    pr->unit == IPL_PER_MILLION ? "million" : "GB");
		break;
	}
	}
	if (unit)
		it->unit = unit;
	it->monthly = ipl_money_round(
		ipl_cost_convert(c, monthly_in_price_currency, it->price_currency));
}
