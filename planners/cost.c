/*
 * cost.c: prices a plan (cost.h): the entry point ipl_cost_estimate, the
 * cost hook of server providers (each node at its catalog price, its disk
 * and IPv4), the backup storage, the extras the spec lists, and the lines to
 * compare against. Every line names its catalog price (or the spec line that
 * gave it), converts it into the report currency through EUR (rates are
 * "1 EUR = x"), and is rounded to cents once: the helpers that do it are
 * cost_lines.c, the reports cost_report.c.
 */
#include "core/common.h"

#include <math.h>

#include "core/date.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/coster.h"
#include "planners/provider.h"

/* the load balancer in front of a node's copies, one a month */
static void
cost_load_balancer(struct ipl_coster *c, const struct ipl_plan_node *n)
{
	const struct ipl_override *ov = ipl_cost_find_override(c, n->load_balancer->id, NULL);
	struct ipl_line_item *it = ipl_cost_add_item(
		c,
		ipl_arena_printf(c->arena, "load balancer for node %s (%s)", n->name,
				 n->load_balancer->name),
		"network");

	it->key = ipl_arena_printf(c->arena, "load_balancer:%s", n->name);
	ipl_cost_price_line(c, it, n->load_balancer_price, 1, NULL, 1, ov);
	if (!ov)
		it->note = ipl_arena_printf(c->arena, "in front of the %d copies of node %s",
					    n->count, n->name);
}

/* the volumes holding a node's data: keyed by node and service, so a resize is a change */
static void
cost_volumes(struct ipl_coster *c, const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->volumes_nr; i++) {
		const struct ipl_plan_volume *v = &n->volumes[i];
		struct ipl_line_item *it;

		if (!v->price)
			continue;
		it = ipl_cost_add_item(c,
				       ipl_arena_printf(c->arena, "volume %s on node %s (%.6g GB)",
							v->svc->name.s, n->name, v->size_gb),
				       "storage");
		it->key = ipl_arena_printf(c->arena, "volume:%s:%s", n->name, v->svc->name.s);
		ipl_cost_price_line(c, it, v->price, v->size_gb * n->count, NULL, n->count, NULL);
		it->note = ipl_arena_printf(c->arena, "%s of %s; kept when the server is replaced",
					    v->mount, v->svc->name.s);
	}
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
		const struct ipl_override *ov = ipl_cost_find_override(
			c, n->name, n->type ? n->type->id : NULL);
		struct ipl_line_item *it;

		c->resource = n->name;
		if (!n->type && !ov) {
			/* the user's own server: nothing to buy */
			it = ipl_cost_add_item(
				c, ipl_arena_printf(c->arena, "node %s (your server)", n->name),
				"node");
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
			it = ipl_cost_add_item(
				c,
				ipl_arena_printf(
					c->arena, "service %s (%s%s)", n->name, n->type->name,
					n->instances.scale_to_zero ? ", scales to zero" : ""),
				"service");
			it->key = ipl_arena_printf(c->arena, "service:%s", n->name);
			if (ov) {
				ipl_cost_price_line(c, it, n->price,
						    n->instances.active_hours * n->count, NULL,
						    n->count, ov);
			} else {
				ipl_cost_price_line(c, it, n->price,
						    n->instances.active_hours * n->count, NULL,
						    n->count, NULL);
				it->note = n->instances.scale_to_zero
						   ? ipl_arena_printf(c->arena,
								      "%.6g active hours a month, "
								      "nothing while asleep",
								      n->instances.active_hours)
						   : ipl_arena_printf(c->arena,
								      "%d always on, 730 hours",
								      n->count);
			}
			continue;
		}
		it = ipl_cost_add_item(c,
				       ipl_arena_printf(c->arena, "node %s (%s)", n->name,
							n->type ? n->type->name : "your server"),
				       "node");
		it->key = ipl_arena_printf(c->arena, "node:%s", n->name);
		ipl_cost_price_line(c, it, n->price, n->count, NULL, n->count, ov);
		if (n->load_balancer)
			cost_load_balancer(c, n);
		cost_volumes(c, n);
		if (ipv4) {
			const struct ipl_price *pr = ipl_offer_price_at(ipv4, plan->prices_date);
			if (pr) {
				it = ipl_cost_add_item(c,
						       ipl_arena_printf(c->arena,
									"primary IPv4 for node %s",
									n->name),
						       "network");
				it->key = ipl_arena_printf(c->arena, "ipv4:%s", n->name);
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
	/* a forecast's month: the data, and its backup, grew with the load */
	double k = c->plan->data_factor > 0 ? c->plan->data_factor : 1;
	size_t i;

	if (s->backup.size_gb.v != IPL_UNSET)
		return s->backup.size_gb.v * k;
	for (i = 0; i < s->services_nr; i++)
		if (ipl_service_is_stateful(&s->services[i]) &&
		    s->services[i].storage_gb.v != IPL_UNSET)
			gb += s->services[i].storage_gb.v;
	return gb * k;
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
			  "unknown backup target \"%s\"; expected a storage offer such as b2, r2 "
			  "or local",
			  b->target.s);
		return;
	}
	pr = ipl_offer_price_at(o, c->plan->prices_date);
	if (!pr)
		pr = &o->prices[0];
	gb = backup_size_gb(c);
	it = ipl_cost_add_item(
		c, ipl_arena_printf(c->arena, "backup storage (%s, %.0f GB retained)", o->name, gb),
		"backup");
	it->key = "backup";
	ipl_cost_price_line(c, it, pr, gb, NULL, 1, ipl_cost_find_override(c, o->id, NULL));
}

/*
 * An extra's stable key (cost.h): "smtp:NAME", or "smtp" for the one
 * unnamed extra of its kind, so a change of plan is one change; two unnamed
 * ones of a kind keep their line names. An unnamed extra is named after its
 * plan when decoded (spec_fields.c), which changes with the plan.
 */
static bool
extra_unnamed(const struct ipl_extra *e)
{
	return !e->name.s || e->name.s == e->plan.s;
}

static const char *
extra_key(struct ipl_coster *c, const struct ipl_extra *e, const char *name)
{
	size_t i, same = 0;

	if (!extra_unnamed(e))
		return ipl_arena_printf(c->arena, "%s:%s", ipl_extra_kind_name(e->kind), e->name.s);
	for (i = 0; i < c->spec->extras_nr; i++)
		same += extra_unnamed(&c->spec->extras[i]) && c->spec->extras[i].kind == e->kind;
	return same == 1 ? ipl_extra_kind_name(e->kind) : name;
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
			const struct ipl_offer *o = ipl_catalog_find(c->plan->catalog, NULL,
								     e->plan.s);
			const struct ipl_price *pr;
			if (!o) {
				c->errors++;
				ipl_error(c->diags, c->spec->path, e->plan.loc,
					  "unknown plan \"%s\" for extra \"%s\"; see 'infraplan "
					  "prices show'",
					  e->plan.s, e->name.s);
				continue;
			}
			pr = ipl_offer_price_at(o, c->plan->prices_date);
			if (!pr) {
				pr = &o->prices[0];
				ipl_warning(c->diags, c->spec->path, e->plan.loc,
					    "no price for \"%s\" on or before %s; the earliest "
					    "(%s) is used",
					    e->plan.s,
					    ipl_cost_date_text(c->arena, c->plan->prices_date),
					    pr->valid_from_text);
			}
			it = ipl_cost_add_item(
				c, ipl_arena_printf(c->arena, "%s: %s", category, o->name),
				category);
			it->key = extra_key(c, e, it->name);
			ipl_cost_price_line(c, it, pr, 1, NULL, 1, ov);
		} else {
			/* in the arena: an override keeps a pointer to the price it replaced */
			struct ipl_price *own = IPL_ARENA_NEW(c->arena, struct ipl_price);
			own->currency = e->monthly.amount != IPL_UNSET
						? (e->monthly.currency ? e->monthly.currency
								       : ipl_cost_spec_currency(c))
						: (e->yearly.currency ? e->yearly.currency
								      : ipl_cost_spec_currency(c));
			own->amount = e->monthly.amount != IPL_UNSET ? e->monthly.amount
								     : e->yearly.amount;
			own->unit = e->monthly.amount != IPL_UNSET ? IPL_PER_MONTH : IPL_PER_YEAR;
			own->source = ipl_arena_printf(c->arena, "the spec, %s line %d",
						       ipl_cost_spec_file(c), e->loc.line);
			own->valid_from_text = c->spec->prices_as_of.s ? c->spec->prices_as_of.s
								       : c->plan->catalog->date;
			own->confidence = "spec";
			it = ipl_cost_add_item(
				c, ipl_arena_printf(c->arena, "%s: %s", category, e->name.s),
				category);
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
	cmp->monthly = ipl_money_round(ipl_cost_convert(c, amount, pr->currency));
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
		if (n->role != IPL_ROLE_SERVICE || !n->instances.scale_to_zero ||
		    n->type->kind != IPL_OFFER_GPU)
			continue;
		add_comparison(c,
			       ipl_arena_printf(c->arena,
						"before: everything on one %s around the "
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
			add_comparison(c,
				       ipl_arena_printf(c->arena,
							"alternative: service %s on %s "
							"at %.2f %s an hour",
							n->name, o->name, pr->amount, pr->currency),
				       pr->amount * n->instances.active_hours, pr);
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
	k->prices_as_of = ipl_cost_date_text(arena, plan->prices_date);
	k->catalog = ipl_arena_printf(arena, "%s (%s)", plan->catalog->name, plan->catalog->date);
	k->scenario = plan->scenario && plan->scenario->overrides_nr ? plan->scenario->name.s
								     : NULL;
	k->gpu_hours = plan->gpu_hours;
	plan->provider->cost(&c);
	cost_backup(&c);
	cost_extras(&c);
	cost_comparisons(&c);
	for (i = 0; i < plan->spec->overrides_nr; i++) {
		if (!c.override_used[i]) {
			c.errors++;
			ipl_error(
				diags, plan->spec->path, plan->spec->overrides[i].target.loc,
				"price override target \"%s\" matches no node, catalog id or extra in "
				"this plan",
				plan->spec->overrides[i].target.s);
		}
	}
	for (i = 0; i < k->items_nr; i++) {
		if (!ipl_money_ok(k->items[i].monthly)) {
			c.errors++;
			ipl_error(
				diags, plan->spec->path, (struct ipl_loc){ 0, 0 },
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
