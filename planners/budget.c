/* budget.c: see budget.h. */
#include "core/common.h"

#include "planners/budget.h"
#include "planners/compare.h"
#include "planners/provider.h"
#include "planners/rightsize.h"

/* the total of spec planned and priced in `currency`; -1 when it cannot be planned */
static double
total_of(const struct ipl_spec *spec, const struct ipl_plan *base, const char *currency,
	 struct ipl_arena *arena)
{
	struct ipl_diags quiet;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	double total = -1;

	ipl_diags_init(&quiet);
	if (ipl_plan_build(&plan, spec, base->catalog, NULL, arena, &quiet) == 0 &&
	    ipl_cost_estimate(&cost, plan, currency, arena, &quiet) == 0)
		total = cost->monthly_total;
	ipl_diags_release(&quiet);
	return total;
}

/*
 * 1 EUR = this much code: the rate the cost used, else the spec's, else the
 * catalog's. The cost records only the rates its lines needed, so a budget
 * in USD over a plan priced in EUR throughout finds none there.
 */
static double
rate_of(const struct ipl_plan *plan, const struct ipl_cost *cost, const char *code)
{
	const struct ipl_rate_entry *r;
	size_t i;

	if (!strcmp(code, "EUR"))
		return 1;
	for (i = 0; i < cost->rates_nr; i++)
		if (!strcmp(cost->rates[i].code, code))
			return cost->rates[i].value;
	for (i = 0; i < plan->spec->rates_nr; i++)
		if (!strcmp(plan->spec->rates[i].code, code))
			return plan->spec->rates[i].value;
	r = ipl_catalog_rate_at(plan->catalog, code, plan->prices_date);
	return r ? r->value : 1;
}

static double
budget_in(const struct ipl_plan *plan, const struct ipl_cost *cost)
{
	const struct ipl_spec *spec = plan->spec;
	const char *bc = spec->budget.currency ? spec->budget.currency
					       : (spec->currency.s ? spec->currency.s : "EUR");

	if (!strcmp(bc, cost->currency))
		return spec->budget.amount;
	return spec->budget.amount / rate_of(plan, cost, bc) * rate_of(plan, cost, cost->currency);
}

/*
 * "; on any provider, the cheapest plan is hetzner at 16.67 EUR a month, which
 * fits ('infraplan compare')": the same services planned on every other
 * provider (planners/compare.h), in the cost's currency; "" when none can
 * host them
 */
static const char *
other_providers(const struct ipl_plan *plan, const struct ipl_cost *cost, double budget,
		struct ipl_arena *arena)
{
	enum ipl_provider_id ids[IPL_PROVIDER__COUNT], others[IPL_PROVIDER__COUNT];
	struct ipl_compare cmp;
	const struct ipl_compare_column *best = NULL;
	size_t i, n = ipl_compare_default_providers(plan->spec, ids), nr = 0;
	double total = 0;

	for (i = 0; i < n; i++)
		if (ids[i] != plan->spec->provider)
			others[nr++] = ids[i];
	ipl_compare_build(&cmp, plan->spec, plan->catalog, others, nr, arena);
	for (i = 0; i < cmp.columns_nr; i++) {
		const struct ipl_compare_column *c = &cmp.columns[i];
		/* the spec's currency into the cost's, with the rates the budget uses */
		double t = c->total_spec == IPL_UNSET
				   ? -1
				   : ipl_money_round(c->total_spec /
						     rate_of(plan, cost, cmp.currency) *
						     rate_of(plan, cost, cost->currency));
		if (t >= 0 && (!best || t < total)) {
			best = c;
			total = t;
		}
	}
	if (!best)
		return "";
	return ipl_arena_printf(arena,
				"; on any provider, the cheapest plan is %s at %.2f %s a month%s, "
				"which %s ('infraplan compare')",
				best->provider->name, total, cost->currency,
				best->status == IPL_COMPARE_WITH_EXTERNAL ? " with external lines"
									  : "",
				total <= budget + 1e-9 ? "fits" : "does not fit either");
}

void
ipl_budget_check(const struct ipl_plan *plan, const struct ipl_cost *cost, struct ipl_arena *arena,
		 struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	const char *best_name = NULL;
	double budget, best = -1;
	struct ipl_recommendation *recs;
	size_t nrecs;
	const char *provider_text;

	if (spec->budget.amount == IPL_UNSET)
		return;
	budget = ipl_money_round(budget_in(plan, cost));
	if (cost->monthly_total <= budget + 1e-9)
		return;
	/* the other layout, when infraplan chose the layout */
	if (!spec->nodes_nr && plan->provider->chooses_layout) {
		struct ipl_spec *alt = IPL_ARENA_NEW(arena, struct ipl_spec);
		double t;
		*alt = *spec;
		alt->layout = plan->layout == IPL_LAYOUT_SPLIT ? IPL_LAYOUT_SINGLE
							       : IPL_LAYOUT_SPLIT;
		t = total_of(alt, plan, cost->currency, arena);
		if (t >= 0 && t < cost->monthly_total) {
			best = t;
			best_name = alt->layout == IPL_LAYOUT_SINGLE ? "layout single"
								     : "layout split";
		}
	}
	ipl_rightsize_recommend(spec, plan->catalog, &recs, &nrecs, arena);
	if (nrecs) {
		double t = total_of(ipl_rightsize_apply(spec, recs, nrecs, arena), plan,
				    cost->currency, arena);
		if (t >= 0 && t < cost->monthly_total && (best < 0 || t < best)) {
			best = t;
			best_name = "the rightsized plan ('infraplan rightsize')";
		}
	}
	provider_text = other_providers(plan, cost, budget, arena);
	if (best < 0)
		ipl_warning(
			diags, spec->path, spec->budget.loc,
			"the plan costs %.2f %s a month, %.2f %s over the budget of %.2f %s; no "
			"cheaper plan of these services was found here: lower their requests%s",
			cost->monthly_total, cost->currency, cost->monthly_total - budget,
			cost->currency, budget, cost->currency, provider_text);
	else
		ipl_warning(
			diags, spec->path, spec->budget.loc,
			"the plan costs %.2f %s a month, %.2f %s over the budget of %.2f %s; the "
			"cheapest alternative, %s, costs %.2f %s and %s%s",
			cost->monthly_total, cost->currency, cost->monthly_total - budget,
			cost->currency, budget, cost->currency, best_name, best, cost->currency,
			best <= budget + 1e-9 ? "fits" : "does not fit either", provider_text);
}
