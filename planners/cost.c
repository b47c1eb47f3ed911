/*
 * cost.c: prices a plan (cost.h). Every line names its catalog price (or the
 * spec line that gave it), converts it into the report currency through EUR
 * (rates are "1 EUR = x"), and is rounded to cents once.
 */
#include "core/common.h"

#include <math.h>

#include "core/date.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/coster.h"
#include "planners/provider.h"

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

static const char *
date_text(struct ipl_arena *a, int ymd)
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
				 "no exchange rate for %s; add it under \"rates\" (1 EUR = ? %s)", code,
				 code);
	}
	*out = r->value;
	record_rate(c, code, r->value, r->source, r->valid_from_text);
	if (r->valid_from > c->plan->prices_date)
		ipl_warning(c->diags, c->spec->path, c->spec->prices_as_of.loc,
			    "no %s rate known on or before %s; the earliest known (%s) is used", code,
			    date_text(c->arena, c->plan->prices_date), r->valid_from_text);
	return 0;
}

static double
convert(struct ipl_coster *c, double amount, const char *from)
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
static const char *
spec_file(const struct ipl_coster *c)
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
override_line(struct ipl_coster *c, struct ipl_line_item *it, const struct ipl_price *pr, double qty,
	      const char *unit, double instances, const struct ipl_override *ov)
{
	it->quantity = instances;
	it->unit = "month";
	it->unit_price = ov->monthly.amount;
	it->price_currency = ov->monthly.currency ? ov->monthly.currency : ipl_cost_spec_currency(c);
	it->source = ipl_arena_printf(c->arena, "price override in %s line %d", spec_file(c),
				      ov->loc.line);
	it->valid_from = c->spec->prices_as_of.s ? c->spec->prices_as_of.s : c->plan->catalog->date;
	it->confidence = "override";
	it->note = ov->note.s ? ov->note.s : "negotiated or legacy price";
	it->replaced = pr;
	it->replaced_unit = pr ? (unit ? unit : unit_label(pr->unit)) : NULL;
	it->replaced_quantity = qty;
	it->monthly =
		ipl_money_round(convert(c, it->unit_price * instances, it->price_currency));
}

/*
 * Fills quantity/unit price/monthly from a catalog price (qty in its unit,
 * shown as `unit` when given: "vCPU-hour"), or from an override for
 * `instances` instances.
 */
void
ipl_cost_price_line(struct ipl_coster *c, struct ipl_line_item *it, const struct ipl_price *pr, double qty,
	   const char *unit, double instances, const struct ipl_override *ov)
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
			it->note = ipl_arena_printf(c->arena, "first %.6g %s free", pr->free_quantity,
						    pr->unit == IPL_PER_MILLION ? "million" : "GB");
		break;
	}
	}
	if (unit)
		it->unit = unit;
	it->monthly = ipl_money_round(convert(c, monthly_in_price_currency, it->price_currency));
}

void
ipl_cost_servers(struct ipl_coster *c)
{
	const struct ipl_plan *plan = c->plan;
	const struct ipl_offer *ipv4 = NULL;
	size_t i;

	if (plan->provider->server_ipv4_offer)
		ipv4 = ipl_catalog_find(plan->catalog, plan->provider->name,
					plan->provider->server_ipv4_offer);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		const struct ipl_override *ov = ipl_cost_find_override(c, n->name, n->type ? n->type->id : NULL);
		struct ipl_line_item *it;

		c->resource = n->name;
		if (!n->type && !ov) {
			/* the user's own server: nothing to buy */
			it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "node %s (your server)", n->name), "node");
			it->quantity = n->count;
			it->unit = "month";
			it->price_currency = ipl_cost_spec_currency(c);
			it->source = "provider none: a server you already have";
			it->valid_from = "";
			it->confidence = "spec";
			it->note = "add a price_overrides entry to count its cost";
			continue;
		}
		if (n->role == IPL_ROLE_SERVICE) {
			/* billed per second: instances x hours, 730 for always-on */
			it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "service %s (%s%s)", n->name,
							  n->type->name,
							  n->scale_to_zero ? ", scales to zero" : ""),
				      "service");
			if (ov) {
				ipl_cost_price_line(c, it, n->price, n->active_hours * n->count, NULL, n->count, ov);
			} else {
				ipl_cost_price_line(c, it, n->price, n->active_hours * n->count, NULL, n->count, NULL);
				it->note = n->scale_to_zero
						   ? ipl_arena_printf(c->arena, "%.6g active hours a month, "
									"nothing while asleep",
								      n->active_hours)
						   : ipl_arena_printf(c->arena, "%d always on, 730 hours",
								      n->count);
			}
			continue;
		}
		it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "node %s (%s)", n->name,
						  n->type ? n->type->name : "your server"),
			      "node");
		ipl_cost_price_line(c, it, n->price, n->count, NULL, n->count, ov);
		if (ipv4) {
			const struct ipl_price *pr = ipl_offer_price_at(ipv4, plan->prices_date);
			if (pr) {
				it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "primary IPv4 for node %s", n->name),
					      "network");
				ipl_cost_price_line(c, it, pr, n->count, NULL, n->count, NULL);
			}
		}
	}
	c->resource = NULL;
}

static double
backup_size_gb(const struct ipl_coster *c)
{
	const struct ipl_spec *s = c->spec;
	double gb = ipl_setting(&s->load.uploads_gb, 0);
	size_t i;

	if (s->backup.size_gb.v != IPL_UNSET)
		return s->backup.size_gb.v;
	for (i = 0; i < s->services_nr; i++)
		if (ipl_service_is_stateful(&s->services[i]) && s->services[i].storage_gb.v != IPL_UNSET)
			gb += s->services[i].storage_gb.v;
	return gb;
}

static void
cost_backup(struct ipl_coster *c)
{
	const struct ipl_backup *b = &c->spec->backup;
	const struct ipl_offer *o;
	const struct ipl_price *pr;
	struct ipl_line_item *it;
	double gb;

	if (!b->present)
		return;
	if (c->plan->provider->backups_included) {
		/* RDS keeps automated backups up to the allocated storage for free; the
		   retention goes into the plan (backup_retention_period, snapshots) */
		return;
	}
	o = ipl_catalog_find(c->plan->catalog, NULL, b->target.s);
	if (!o || o->kind != IPL_OFFER_STORAGE) {
		c->errors++;
		ipl_error(c->diags, c->spec->path, b->target.loc,
			  "unknown backup target \"%s\"; expected a storage offer such as b2, r2 or local",
			  b->target.s);
		return;
	}
	pr = ipl_offer_price_at(o, c->plan->prices_date);
	if (!pr)
		pr = &o->prices[0];
	gb = backup_size_gb(c);
	it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "backup storage (%s, %.0f GB retained)", o->name, gb),
		      "backup");
	ipl_cost_price_line(c, it, pr, gb, NULL, 1, ipl_cost_find_override(c, o->id, NULL));
}

static void
cost_extras(struct ipl_coster *c)
{
	size_t i;

	for (i = 0; i < c->spec->extras_nr; i++) {
		const struct ipl_extra *e = &c->spec->extras[i];
		const struct ipl_override *ov = ipl_cost_find_override(c, e->name.s, e->plan.s);
		const char *category = ipl_extra_kind_name(e->kind);
		struct ipl_line_item *it;

		if (e->plan.s) {
			const struct ipl_offer *o = ipl_catalog_find(c->plan->catalog, NULL, e->plan.s);
			const struct ipl_price *pr;
			if (!o) {
				c->errors++;
				ipl_error(c->diags, c->spec->path, e->plan.loc,
					  "unknown plan \"%s\" for extra \"%s\"; see 'infraplan prices show'",
					  e->plan.s, e->name.s);
				continue;
			}
			pr = ipl_offer_price_at(o, c->plan->prices_date);
			if (!pr) {
				pr = &o->prices[0];
				ipl_warning(c->diags, c->spec->path, e->plan.loc,
					    "no price for \"%s\" on or before %s; the earliest (%s) is used",
					    e->plan.s, date_text(c->arena, c->plan->prices_date),
					    pr->valid_from_text);
			}
			it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "%s: %s", category, o->name), category);
			ipl_cost_price_line(c, it, pr, 1, NULL, 1, ov);
		} else {
			/* in the arena: an override keeps a pointer to the price it replaced */
			struct ipl_price *own = IPL_ARENA_NEW(c->arena, struct ipl_price);
			own->currency = e->monthly.amount != IPL_UNSET
					       ? (e->monthly.currency ? e->monthly.currency : ipl_cost_spec_currency(c))
					       : (e->yearly.currency ? e->yearly.currency : ipl_cost_spec_currency(c));
			own->amount = e->monthly.amount != IPL_UNSET ? e->monthly.amount : e->yearly.amount;
			own->unit = e->monthly.amount != IPL_UNSET ? IPL_PER_MONTH : IPL_PER_YEAR;
			own->source = ipl_arena_printf(c->arena, "the spec, %s line %d", spec_file(c),
						      e->loc.line);
			own->valid_from_text = c->spec->prices_as_of.s ? c->spec->prices_as_of.s
								      : c->plan->catalog->date;
			own->confidence = "spec";
			it = ipl_cost_add_item(c, ipl_arena_printf(c->arena, "%s: %s", category, e->name.s), category);
			ipl_cost_price_line(c, it, own, 1, NULL, 1, ov);
		}
	}
}

static void
add_comparison(struct ipl_coster *c, const char *name, double amount, const struct ipl_price *pr)
{
	struct ipl_cost *k = c->cost;
	struct ipl_comparison *cmp;

	k->comparisons = ipl_arena_grow(c->arena, k->comparisons, sizeof(*k->comparisons),
					k->comparisons_nr, &k->comparisons_alloc);
	cmp = &k->comparisons[k->comparisons_nr++];
	cmp->name = name;
	cmp->monthly = ipl_money_round(convert(c, amount, pr->currency));
	cmp->source = pr->source;
	cmp->valid_from = pr->valid_from_text;
}

/*
 * For a GPU service that scales to zero, two lines to hold the plan against
 * (002): everything on that GPU around the clock, as before the split, and the
 * same GPU model from other providers for the same hours.
 */
static void
cost_comparisons(struct ipl_coster *c)
{
	const struct ipl_plan *plan = c->plan;
	size_t i, j;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (n->role != IPL_ROLE_SERVICE || !n->scale_to_zero || n->type->kind != IPL_OFFER_GPU)
			continue;
		add_comparison(c, ipl_arena_printf(c->arena, "before: everything on one %s around the "
							     "clock (730 h)",
						   n->type->name),
			       n->price->amount * 730, n->price);
		for (j = 0; j < plan->catalog->offers_nr; j++) {
			const struct ipl_offer *o = &plan->catalog->offers[j];
			const struct ipl_price *pr;
			if (o->kind != IPL_OFFER_GPU || !strcmp(o->provider, n->type->provider) ||
			    !o->line || !n->type->line || strcmp(o->line, n->type->line))
				continue;
			pr = ipl_offer_price_at(o, plan->prices_date);
			if (!pr)
				continue;
			add_comparison(c, ipl_arena_printf(c->arena, "alternative: service %s on %s "
								     "at %.2f %s an hour",
							   n->name, o->name, pr->amount, pr->currency),
				       pr->amount * n->active_hours, pr);
		}
	}
}

int
ipl_cost_estimate(struct ipl_cost **out, const struct ipl_plan *plan, const char *currency,
		  struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ipl_coster c = { plan, plan->spec, NULL, arena, diags, NULL, 0, NULL };
	struct ipl_cost *k = IPL_ARENA_NEW(arena, struct ipl_cost);
	size_t i;

	*out = NULL;
	c.cost = k;
	c.override_used = IPL_ARENA_ARRAY(arena, bool, plan->spec->overrides_nr + 1);
	k->name = plan->spec->name.s;
	k->provider = plan->provider->name;
	k->currency = currency ? currency : ipl_cost_spec_currency(&c);
	k->prices_as_of = date_text(arena, plan->prices_date);
	k->catalog = ipl_arena_printf(arena, "%s (%s)", plan->catalog->name, plan->catalog->date);
	k->scenario = plan->scenario && plan->scenario->overrides_nr ? plan->scenario->name.s : NULL;
	k->gpu_hours = plan->gpu_hours;
	plan->provider->cost(&c);
	cost_backup(&c);
	cost_extras(&c);
	cost_comparisons(&c);
	for (i = 0; i < plan->spec->overrides_nr; i++) {
		if (!c.override_used[i]) {
			c.errors++;
			ipl_error(diags, plan->spec->path, plan->spec->overrides[i].target.loc,
				  "price override target \"%s\" matches no node, catalog id or extra in "
				  "this plan",
				  plan->spec->overrides[i].target.s);
		}
	}
	for (i = 0; i < k->items_nr; i++) {
		if (!ipl_money_ok(k->items[i].monthly)) {
			c.errors++;
			ipl_error(diags, plan->spec->path, (struct ipl_loc){ 0, 0 },
				  "line \"%s\" comes to %g %s a month; expected at most %g: a price "
				  "or a quantity is absurd",
				  k->items[i].name, k->items[i].monthly, k->currency, IPL_MONEY_MAX);
		}
		k->monthly_total += k->items[i].monthly;
	}
	k->monthly_total = ipl_money_round(k->monthly_total);
	if (!c.errors && !ipl_money_ok(k->monthly_total)) {
		c.errors++;
		ipl_error(diags, plan->spec->path, (struct ipl_loc){ 0, 0 },
			  "the monthly total comes to %g %s; expected at most %g", k->monthly_total,
			  k->currency, IPL_MONEY_MAX);
	}
	if (c.errors)
		return -1;
	*out = k;
	return 0;
}

/* ---- Reports ------------------------------------------------------------ */

/*
 * "catalog: 0.018 USD/hour": the price an override replaced, in its own unit
 * ("spec: 2 EUR/month" for an extra the spec priced itself)
 */
static void
write_replaced(struct ipl_buf *b, const struct ipl_line_item *it)
{
	const char *confidence = it->replaced->confidence;

	ipl_buf_addf(b, "%s: %.10g %s/%s",
		     confidence && !strcmp(confidence, "spec") ? "spec" : "catalog",
		     it->replaced->amount, it->replaced->currency, it->replaced_unit);
}

/* "catalog_price": the price an override replaced, on one line (docs/cost-json.md) */
static void
write_catalog_price(struct ipl_buf *b, const struct ipl_line_item *it)
{
	const struct ipl_price *pr = it->replaced;
	const char *const text[][2] = { { "price_currency", pr->currency },
					{ "unit", it->replaced_unit },
					{ "source", pr->source },
					{ "valid_from", pr->valid_from_text } };
	size_t i;

	ipl_buf_addf(b, ",\n      \"catalog_price\": {\"unit_price\": %.10g, \"quantity\": %.6g",
		     pr->amount, it->replaced_quantity);
	for (i = 0; i < IPL_ARRAY_SIZE(text); i++) {
		ipl_buf_addf(b, ", \"%s\": ", text[i][0]);
		ipl_escape_json_string(b, text[i][1] ? text[i][1] : "");
	}
	ipl_buf_adds(b, "}");
}

void
ipl_cost_write_json(const struct ipl_cost *k, struct ipl_buf *b)
{
	size_t i;

#define JSTR(key, val)                                  \
	do {                                            \
		ipl_buf_adds(b, "\"" key "\": ");       \
		ipl_escape_json_string(b, (val) ? (val) : ""); \
	} while (0)
	ipl_buf_adds(b, "{\n  ");
	JSTR("name", k->name);
	ipl_buf_adds(b, ",\n  ");
	JSTR("provider", k->provider);
	ipl_buf_adds(b, ",\n  ");
	JSTR("currency", k->currency);
	ipl_buf_adds(b, ",\n  \"monthly_total\": ");
	ipl_money_format(b, k->monthly_total);
	ipl_buf_adds(b, ",\n  ");
	JSTR("prices_as_of", k->prices_as_of);
	ipl_buf_adds(b, ",\n  ");
	JSTR("catalog", k->catalog);
	ipl_buf_adds(b, ",\n  \"hours_per_month\": 730,\n  \"exchange_rates\": [");
	for (i = 0; i < k->rates_nr; i++) {
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		ipl_buf_adds(b, "\"base\": \"EUR\", ");
		JSTR("code", k->rates[i].code);
		ipl_buf_addf(b, ", \"value\": %.6g, ", k->rates[i].value);
		JSTR("source", k->rates[i].source);
		ipl_buf_adds(b, ", ");
		JSTR("valid_from", k->rates[i].valid_from);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, k->rates_nr ? "\n  ],\n  \"line_items\": [" : "],\n  \"line_items\": [");
	for (i = 0; i < k->items_nr; i++) {
		const struct ipl_line_item *it = &k->items[i];
		ipl_buf_adds(b, i ? ",\n    {\n      " : "\n    {\n      ");
		JSTR("name", it->name);
		ipl_buf_adds(b, ",\n      ");
		JSTR("category", it->category);
		ipl_buf_adds(b, ",\n      \"monthly\": ");
		ipl_money_format(b, it->monthly);
		ipl_buf_addf(b, ",\n      \"quantity\": %.6g,\n      ", it->quantity);
		/* what is charged, so that monthly can be recomputed from the rates alone */
		if (it->free_quantity > 0)
			ipl_buf_addf(b, "\"free_quantity\": %.6g,\n      \"billable_quantity\": %.6g,\n      ",
				     it->free_quantity, it->quantity - it->free_quantity);
		JSTR("unit", it->unit);
		ipl_buf_addf(b, ",\n      \"unit_price\": %.10g,\n      ", it->unit_price);
		JSTR("price_currency", it->price_currency);
		ipl_buf_adds(b, ",\n      ");
		JSTR("source", it->source);
		ipl_buf_adds(b, ",\n      ");
		JSTR("valid_from", it->valid_from);
		ipl_buf_adds(b, ",\n      ");
		JSTR("confidence", it->confidence);
		if (it->note) {
			ipl_buf_adds(b, ",\n      ");
			JSTR("note", it->note);
		}
		if (it->replaced)
			write_catalog_price(b, it);
		ipl_buf_adds(b, "\n    }");
	}
	ipl_buf_adds(b, k->items_nr ? "\n  ],\n  \"comparisons\": [" : "],\n  \"comparisons\": [");
	for (i = 0; i < k->comparisons_nr; i++) {
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		JSTR("name", k->comparisons[i].name);
		ipl_buf_adds(b, ", \"monthly\": ");
		ipl_money_format(b, k->comparisons[i].monthly);
		ipl_buf_adds(b, ", ");
		JSTR("source", k->comparisons[i].source);
		ipl_buf_adds(b, ", ");
		JSTR("valid_from", k->comparisons[i].valid_from);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, k->comparisons_nr ? "\n  ]\n}\n" : "]\n}\n");
#undef JSTR
}

void
ipl_cost_write_markdown(const struct ipl_cost *k, struct ipl_buf *b)
{
	size_t i;

	/* every string here may come from the spec, its file name or a catalog file: all escaped */
#define MD(s) ipl_escape_markdown_cell(b, (s))
	ipl_buf_adds(b, "# Monthly cost: ");
	MD(k->name);
	ipl_buf_adds(b, "\n\n**");
	ipl_money_format(b, k->monthly_total);
	ipl_buf_addf(b, " %s a month** on %s, prices as of ", k->currency, k->provider);
	MD(k->prices_as_of);
	ipl_buf_adds(b, ", catalog ");
	MD(k->catalog);
	ipl_buf_adds(b, ", 730 hours a month.\n\n");
	ipl_buf_addf(b, "| Item | Quantity | Unit price | Monthly (%s) | Valid from | Source |\n", k->currency);
	ipl_buf_adds(b, "|---|---:|---:|---:|---|---|\n");
	for (i = 0; i < k->items_nr; i++) {
		const struct ipl_line_item *it = &k->items[i];
		ipl_buf_adds(b, "| ");
		MD(it->name);
		if (it->note) {
			ipl_buf_adds(b, " (");
			MD(it->note);
			if (it->replaced) {
				struct ipl_buf r = IPL_BUF_INIT;
				write_replaced(&r, it);
				ipl_buf_adds(b, "; ");
				MD(ipl_buf_str(&r));
				ipl_buf_release(&r);
			}
			ipl_buf_adds(b, ")");
		}
		ipl_buf_addf(b, " | %.6g ", it->quantity);
		MD(it->unit);
		ipl_buf_addf(b, " | %.6g ", it->unit_price);
		MD(it->price_currency);
		ipl_buf_adds(b, " | ");
		ipl_money_format(b, it->monthly);
		ipl_buf_adds(b, " | ");
		MD(it->valid_from);
		ipl_buf_adds(b, " | ");
		MD(it->source);
		ipl_buf_adds(b, " (");
		MD(it->confidence);
		ipl_buf_adds(b, ") |\n");
	}
	ipl_buf_adds(b, "| **Total** | | | **");
	ipl_money_format(b, k->monthly_total);
	ipl_buf_adds(b, "** | | |\n");
	if (k->comparisons_nr) {
		ipl_buf_adds(b, "\nFor comparison (not in the total):\n\n");
		for (i = 0; i < k->comparisons_nr; i++) {
			ipl_buf_adds(b, "- ");
			MD(k->comparisons[i].name);
			ipl_buf_adds(b, ": ");
			ipl_money_format(b, k->comparisons[i].monthly);
			ipl_buf_addf(b, " %s (", k->currency);
			MD(k->comparisons[i].source);
			ipl_buf_adds(b, ", valid from ");
			MD(k->comparisons[i].valid_from);
			ipl_buf_adds(b, ")\n");
		}
	}
	if (k->rates_nr) {
		ipl_buf_adds(b, "\nExchange rates:\n\n");
		for (i = 0; i < k->rates_nr; i++) {
			ipl_buf_addf(b, "- 1 EUR = %.6g %s, valid from ", k->rates[i].value, k->rates[i].code);
			MD(k->rates[i].valid_from);
			ipl_buf_adds(b, ": ");
			MD(k->rates[i].source);
			ipl_buf_addc(b, '\n');
		}
	}
#undef MD
}

void
ipl_cost_write_table(const struct ipl_cost *k, struct ipl_buf *b)
{
	size_t i, w = 4;

	for (i = 0; i < k->items_nr; i++)
		if (strlen(k->items[i].name) > w)
			w = strlen(k->items[i].name);
	ipl_buf_addf(b, "%s on %s, prices as of %s (catalog %s)\n\n", k->name, k->provider,
		     k->prices_as_of, k->catalog);
	ipl_buf_addf(b, "%-*s  %12s  %s\n", (int)w, "ITEM", k->currency, "SOURCE");
	for (i = 0; i < k->items_nr; i++) {
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->items[i].monthly);
		ipl_buf_addf(b, "%-*s  %12s  %s, %s", (int)w, k->items[i].name, m.data,
			     k->items[i].valid_from, k->items[i].confidence);
		if (k->items[i].replaced) {
			ipl_buf_adds(b, ", ");
			write_replaced(b, &k->items[i]);
		}
		ipl_buf_addc(b, '\n');
		ipl_buf_release(&m);
	}
	{
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->monthly_total);
		ipl_buf_addf(b, "%-*s  %12s\n", (int)w, "TOTAL a month", m.data);
		ipl_buf_release(&m);
	}
	for (i = 0; i < k->comparisons_nr; i++) {
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->comparisons[i].monthly);
		ipl_buf_addf(b, "compare: %s: %s\n", k->comparisons[i].name, m.data);
		ipl_buf_release(&m);
	}
	for (i = 0; i < k->rates_nr; i++)
		ipl_buf_addf(b, "rate: 1 EUR = %.6g %s (%s)\n", k->rates[i].value, k->rates[i].code,
			     k->rates[i].valid_from);
}
