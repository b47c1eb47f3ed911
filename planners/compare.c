/*
 * compare.c: see compare.h. One column per provider: the spec copied for it
 * (spec_for), planned and priced as every command does (ipl_plan_build,
 * ipl_cost_estimate), in the provider's currency and in the spec's; when the
 * planner refuses services, they are taken out, the rest planned again, and
 * each refused service priced alone on AWS as an external line when AWS
 * offers it. The writers (table, Markdown, JSON) are at the end.
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/json.h"
#include "planners/compare.h"
#include "planners/cost.h"
#include "planners/mermaid.h"
#include "planners/plan.h"
#include "planners/provider.h"

/* ---- The spec on another provider --------------------------------------- */

struct strings {
	const char **v;
	size_t nr;
};

static void
strings_add(struct strings *s, struct ipl_arena *arena, const char *str)
{
	const char **v = IPL_ARENA_ARRAY(arena, const char *, s->nr + 1);
	size_t i;

	for (i = 0; i < s->nr; i++) {
		if (!strcmp(s->v[i], str))
			return;
		v[i] = s->v[i];
	}
	v[s->nr++] = str;
	s->v = v;
}

/* an override that means the same anywhere: of an extra, by its name or its plan */
static bool
portable_override(const struct ipl_spec *spec, const struct ipl_override *o)
{
	size_t i;

	for (i = 0; i < spec->extras_nr; i++)
		if ((spec->extras[i].name.s && !strcmp(spec->extras[i].name.s, o->target.s)) ||
		    (spec->extras[i].plan.s && !strcmp(spec->extras[i].plan.s, o->target.s)))
			return true;
	return false;
}

static struct ipl_override *
portable_overrides(const struct ipl_spec *spec, const struct ipl_override *in, size_t nr,
		   size_t *out_nr, struct strings *notes, struct ipl_arena *arena)
{
	struct ipl_override *out = IPL_ARENA_ARRAY(arena, struct ipl_override, nr + 1);
	size_t i;

	*out_nr = 0;
	for (i = 0; i < nr; i++) {
		if (portable_override(spec, &in[i]))
			out[(*out_nr)++] = in[i];
		else
			strings_add(
				notes, arena,
				ipl_arena_printf(arena,
						 "the price override of \"%s\" is not carried over",
						 in[i].target.s));
	}
	return out;
}

/*
 * The spec as it would be written for provider prov (compare.h says what
 * changes); what was not carried over goes to notes.
 */
static struct ipl_spec *
spec_for(const struct ipl_spec *spec, const struct ipl_provider *prov,
	 const struct ipl_catalog *catalog, struct strings *notes, struct ipl_arena *arena)
{
	struct ipl_spec *c = IPL_ARENA_NEW(arena, struct ipl_spec);
	struct ipl_service *svcs = IPL_ARENA_ARRAY(arena, struct ipl_service,
						   spec->services_nr + 1);
	struct ipl_scenario *scen = IPL_ARENA_ARRAY(arena, struct ipl_scenario,
						    spec->scenarios_nr + 1);
	size_t i;

	*c = *spec;
	c->provider = prov->id;
	c->region.s = prov->default_region;
	if (spec->prices_as_of.s)
		strings_add(notes, arena,
			    ipl_arena_printf(arena,
					     "priced as of the catalog's date, not the spec's "
					     "prices_as_of %s",
					     spec->prices_as_of.s));
	c->prices_as_of.s = NULL;
	c->prices_as_of_ymd = 0;
	if (spec->nodes_nr) {
		strings_add(notes, arena,
			    "the spec's pinned nodes are its provider's types: sized anew here");
		c->nodes_nr = 0;
	}
	for (i = 0; i < spec->services_nr; i++) {
		svcs[i] = spec->services[i];
		svcs[i].node.s = NULL;
		if (svcs[i].instance_type.s)
			strings_add(notes, arena,
				    ipl_arena_printf(arena,
						     "service \"%s\": the managed class %s is "
						     "not carried over",
						     svcs[i].name.s, svcs[i].instance_type.s));
		svcs[i].instance_type.s = NULL;
		if (!prov->routes)
			svcs[i].route.s = NULL;
	}
	c->services = svcs;
	c->overrides = portable_overrides(spec, spec->overrides, spec->overrides_nr,
					  &c->overrides_nr, notes, arena);
	for (i = 0; i < spec->scenarios_nr; i++) {
		scen[i] = spec->scenarios[i];
		scen[i].overrides = portable_overrides(spec, spec->scenarios[i].overrides,
						       spec->scenarios[i].overrides_nr,
						       &scen[i].overrides_nr, notes, arena);
	}
	c->scenarios = scen;
	if (spec->backup.present && !prov->backups_included) {
		const struct ipl_offer *o = ipl_catalog_find(catalog, NULL, spec->backup.target.s);
		if (!o || o->kind != IPL_OFFER_STORAGE) {
			strings_add(notes, arena,
				    ipl_arena_printf(arena,
						     "backups go to b2: the spec's target %s is "
						     "its provider's",
						     spec->backup.target.s));
			c->backup.target.s = "b2";
		}
	}
	return c;
}

/* spec without the services marked in drop, and without depends_on naming them */
static struct ipl_spec *
spec_without(const struct ipl_spec *spec, const bool *drop, struct ipl_arena *arena)
{
	struct ipl_spec *c = IPL_ARENA_NEW(arena, struct ipl_spec);
	struct ipl_service *svcs = IPL_ARENA_ARRAY(arena, struct ipl_service,
						   spec->services_nr + 1);
	size_t i, j, k, n = 0;

	*c = *spec;
	for (i = 0; i < spec->services_nr; i++) {
		struct ipl_str *deps;
		if (drop[i])
			continue;
		svcs[n] = spec->services[i];
		deps = IPL_ARENA_ARRAY(arena, struct ipl_str, svcs[n].depends_on_nr + 1);
		svcs[n].depends_on_nr = 0;
		for (j = 0; j < spec->services[i].depends_on_nr; j++) {
			const char *dep = spec->services[i].depends_on[j].s;
			for (k = 0; k < spec->services_nr &&
				    !(drop[k] && !strcmp(spec->services[k].name.s, dep));
			     k++)
				;
			if (k == spec->services_nr)
				deps[svcs[n].depends_on_nr++] = spec->services[i].depends_on[j];
		}
		svcs[n++].depends_on = deps;
	}
	c->services = svcs;
	c->services_nr = n;
	return c;
}

/* ---- Planning a column -------------------------------------------------- */

static int
plan_and_cost(const struct ipl_spec *spec, const struct ipl_catalog *catalog, const char *currency,
	      const char *spec_currency, struct ipl_plan **plan, struct ipl_cost **cost,
	      struct ipl_cost **converted, struct ipl_arena *arena, struct ipl_diags *diags)
{
	if (ipl_plan_build(plan, spec, catalog, NULL, arena, diags) < 0 ||
	    ipl_cost_estimate(cost, *plan, currency, arena, diags) < 0)
		return -1;
	if (!strcmp(currency, spec_currency)) {
		*converted = *cost;
		return 0;
	}
	return ipl_cost_estimate(converted, *plan, spec_currency, arena, diags);
}

static int
max_line(int a, int b)
{
	return a > b ? a : b;
}

/* the last line of the spec that belongs to service i */
static int
service_end(const struct ipl_spec *spec, size_t i)
{
	const struct ipl_service *s = &spec->services[i];
	int end = s->loc.line;
	size_t j;

	if (i + 1 < spec->services_nr)
		return spec->services[i + 1].loc.line - 1;
	end = max_line(end, s->name.loc.line);
	end = max_line(end, s->kind_loc.line);
	end = max_line(end, s->command.loc.line);
	end = max_line(end, s->image.loc.line);
	end = max_line(end, s->port.loc.line);
	end = max_line(end, s->gpu.loc.line);
	end = max_line(end, s->route.loc.line);
	end = max_line(end, s->instance_type.loc.line);
	end = max_line(end, s->storage_gb.loc.line);
	end = max_line(end, s->node.loc.line);
	for (j = 0; j < s->env_nr; j++)
		end = max_line(end, s->env[j].loc.line);
	for (j = 0; j < s->depends_on_nr; j++)
		end = max_line(end, s->depends_on[j].loc.line);
	return end;
}

/* the service an error points into, or -1 when it is no one service's */
static long
service_at(const struct ipl_spec *spec, const struct ipl_diag *d)
{
	size_t i;

	if (!d->file || strcmp(d->file, spec->path) || d->loc.line <= 0)
		return -1;
	for (i = 0; i < spec->services_nr; i++)
		if (spec->services[i].loc.line <= d->loc.line &&
		    d->loc.line <= service_end(spec, i))
			return (long)i;
	return -1;
}

static double
resource_total(const struct ipl_cost *cost, const char *resource)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < cost->items_nr; i++)
		if (cost->items[i].resource && !strcmp(cost->items[i].resource, resource))
			sum += cost->items[i].monthly;
	return ipl_money_round(sum);
}

/*
 * Service s planned alone on AWS (a managed database, cache, queue or
 * bucket): the line that would host it outside the column's provider.
 */
static void
price_external(struct ipl_compare_refusal *r, const struct ipl_spec *spec,
	       const struct ipl_service *s, const struct ipl_catalog *catalog, const char *currency,
	       const char *spec_currency, struct ipl_arena *arena)
{
	const struct ipl_provider *aws = ipl_provider_get(IPL_PROVIDER_AWS);
	struct ipl_spec *alone;
	struct ipl_service *svc = IPL_ARENA_NEW(arena, struct ipl_service);
	struct ipl_plan *plan;
	struct ipl_cost *cost, *converted;
	struct ipl_diags quiet;
	struct strings notes = { 0 };
	size_t i;

	if (s->kind == IPL_KIND_APP || s->kind == IPL_KIND_WORKER ||
	    s->kind == IPL_KIND_STATIC_SITE || aws->id == spec->provider)
		return;
	alone = spec_for(spec, aws, catalog, &notes, arena);
	*svc = *s;
	svc->node.s = NULL;
	svc->route.s = NULL;
	svc->instance_type.s = NULL;
	svc->depends_on_nr = 0;
	alone->services = svc;
	alone->services_nr = 1;
	alone->extras_nr = 0;
	alone->overrides_nr = 0;
	alone->scenarios_nr = 0;
	alone->backup.present = false;
	alone->budget.amount = IPL_UNSET;
	ipl_diags_init(&quiet);
	if (plan_and_cost(alone, catalog, currency, spec_currency, &plan, &cost, &converted, arena,
			  &quiet) == 0) {
		for (i = 0; i < plan->nodes_nr; i++)
			if (!strcmp(plan->nodes[i].name, s->name.s))
				r->external = ipl_arena_printf(
					arena, "%s on aws",
					plan->nodes[i].type
						? plan->nodes[i].type->name
						: ipl_aws_kind_name(plan->nodes[i].aws.kind));
		if (r->external) {
			r->monthly = resource_total(cost, s->name.s);
			r->monthly_spec = resource_total(converted, s->name.s);
			for (i = 0; i < cost->items_nr; i++)
				if (cost->items[i].resource &&
				    !strcmp(cost->items[i].resource, s->name.s)) {
					r->valid_from = cost->items[i].valid_from;
					r->confidence = cost->items[i].confidence;
					break;
				}
		}
	}
	ipl_diags_release(&quiet);
}

static void
describe(struct ipl_compare_column *col, struct ipl_arena *arena)
{
	const struct ipl_plan *plan = col->plan;
	const struct ipl_spec *spec = col->spec;
	struct ipl_buf db = IPL_BUF_INIT;
	double backup = 0, lb = 0;
	bool any_backup = false, any_lb = false;
	size_t i, j;

	for (i = 0; plan && i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++) {
			const struct ipl_plan_node *n = &plan->nodes[i];
			const struct ipl_service *s = n->services[j].svc;
			if (!ipl_service_kind_is_database(s->kind) && s->kind != IPL_KIND_REDIS)
				continue;
			if (db.len)
				ipl_buf_adds(&db, "; ");
			if (n->kind == IPL_NODE_SERVER)
				ipl_buf_addf(&db, "%s (%s) self-run on node %s", s->name.s,
					     ipl_service_kind_name(s->kind), n->name);
			else
				ipl_buf_addf(&db, "%s (%s) managed: %s", s->name.s,
					     ipl_service_kind_name(s->kind),
					     n->type ? n->type->name
						     : ipl_aws_kind_name(n->aws.kind));
		}
	for (i = 0; i < col->refusals_nr; i++) {
		const struct ipl_service *s = ipl_spec_find_service(spec, col->refusals[i].service);
		if (!s || (!ipl_service_kind_is_database(s->kind) && s->kind != IPL_KIND_REDIS))
			continue;
		if (db.len)
			ipl_buf_adds(&db, "; ");
		ipl_buf_addf(&db, "%s (%s) external: %s", s->name.s, ipl_service_kind_name(s->kind),
			     col->refusals[i].external ? col->refusals[i].external : "not offered");
	}
	col->database = db.len ? ipl_arena_strdup(arena, ipl_buf_str(&db)) : "none";
	ipl_buf_release(&db);
	for (i = 0; col->cost && i < col->cost->items_nr; i++) {
		const struct ipl_line_item *it = &col->cost->items[i];
		if (!strcmp(it->category, "backup")) {
			backup += it->monthly;
			any_backup = true;
		}
		if (!strncmp(it->name, "load balancer", 13)) {
			lb += it->monthly;
			any_lb = true;
		}
	}
	if (!spec->backup.present)
		col->backups = "none in the spec";
	else if (col->provider->backups_included)
		col->backups = ipl_arena_printf(arena,
						"included with the managed databases (%.0f days)",
						spec->backup.retention_days.v);
	else if (any_backup)
		col->backups = ipl_arena_printf(arena, "%s, %.2f %s a month", spec->backup.target.s,
						ipl_money_round(backup), col->cost->currency);
	else
		col->backups = ipl_arena_printf(arena, "%s", spec->backup.target.s);
	if (any_lb)
		col->load_balancer = ipl_arena_printf(arena, "priced, %.2f %s a month",
						      ipl_money_round(lb), col->cost->currency);
	else if (col->provider->routes)
		col->load_balancer = "the provider's edge, included";
	else
		col->load_balancer = "none: public ports on the nodes";
	col->egress = col->provider->egress ? col->provider->egress : "not known";
}

static void
plan_column(struct ipl_compare_column *col, const struct ipl_spec *spec,
	    const struct ipl_catalog *catalog, const char *spec_currency, struct ipl_arena *arena)
{
	/* the provider's currency (none has none: the spec's); converted is cost's */
	const char *currency = col->provider->currency ? col->provider->currency : spec_currency;
	struct strings notes = { 0 }, problems = { 0 };
	struct ipl_plan *plan;
	struct ipl_cost *cost, *converted;
	struct ipl_diags first, again;
	bool *drop = IPL_ARENA_ARRAY(arena, bool, spec->services_nr + 1);
	size_t i, nref = 0;

	col->spec = col->own ? spec : spec_for(spec, col->provider, catalog, &notes, arena);
	col->total = col->total_spec = IPL_UNSET;
	ipl_diags_init(&first);
	ipl_diags_init(&again);
	if (plan_and_cost(col->spec, catalog, currency, spec_currency, &plan, &cost, &converted,
			  arena, &first) == 0) {
		col->status = IPL_COMPARE_HOSTS;
		col->plan = plan;
		col->cost = cost;
		col->converted = converted;
		col->total = cost->monthly_total;
		col->total_spec = converted->monthly_total;
		goto done;
	}
	col->status = IPL_COMPARE_CANNOT_HOST;
	col->refusals = IPL_ARENA_ARRAY(arena, struct ipl_compare_refusal, first.nr + 1);
	for (i = 0; i < first.nr; i++) {
		const struct ipl_diag *d = &first.items[i];
		long s;
		if (d->severity != IPL_ERROR)
			continue;
		s = service_at(col->spec, d);
		if (s < 0) {
			strings_add(&problems, arena, ipl_arena_strdup(arena, d->message));
		} else if (!drop[s]) {
			drop[s] = true;
			col->refusals[nref].service = col->spec->services[s].name.s;
			col->refusals[nref++].reason = ipl_arena_strdup(arena, d->message);
		}
	}
	col->refusals_nr = nref;
	for (i = 0; i < nref; i++)
		price_external(&col->refusals[i], col->spec,
			       ipl_spec_find_service(col->spec, col->refusals[i].service), catalog,
			       currency, spec_currency, arena);
	/* the rest planned without the services refused, each priced outside when it can be */
	if (nref && !problems.nr && nref < col->spec->services_nr &&
	    plan_and_cost(spec_without(col->spec, drop, arena), catalog, currency, spec_currency,
			  &plan, &cost, &converted, arena, &again) == 0) {
		bool all = true;
		double total = cost->monthly_total, total_spec = converted->monthly_total;
		col->plan = plan;
		col->cost = cost;
		col->converted = converted;
		for (i = 0; i < nref; i++) {
			const struct ipl_compare_refusal *r = &col->refusals[i];
			all &= r->external != NULL;
			total += r->monthly;
			total_spec += r->monthly_spec;
		}
		if (all) {
			col->status = IPL_COMPARE_WITH_EXTERNAL;
			col->total = ipl_money_round(total);
			col->total_spec = ipl_money_round(total_spec);
		}
	} else {
		for (i = 0; i < again.nr; i++)
			if (again.items[i].severity == IPL_ERROR)
				strings_add(&problems, arena,
					    ipl_arena_strdup(arena, again.items[i].message));
	}
done:
	col->notes = notes.v;
	col->notes_nr = notes.nr;
	col->problems = problems.v;
	col->problems_nr = problems.nr;
	describe(col, arena);
	ipl_diags_release(&first);
	ipl_diags_release(&again);
}

/* whether a service of plan scales to zero: the plan is not always on */
static bool
sleeps(const struct ipl_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (plan->nodes[i].instances.scale_to_zero)
			return true;
	return false;
}

/*
 * A service that scales to zero costs its hourly price times its active
 * hours: past the hours at which another column's plan, always on, costs
 * the same as this column's, the other is cheaper.
 */
static void
break_even(struct ipl_compare *cmp, struct ipl_compare_column *col, struct ipl_arena *arena)
{
	size_t i, j;

	for (i = 0; col->plan && col->total_spec != IPL_UNSET && i < col->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &col->plan->nodes[i];
		double hourly, fixed;
		if (!n->instances.scale_to_zero || n->instances.active_hours <= 0)
			continue;
		hourly = resource_total(col->converted, n->name) / n->instances.active_hours;
		if (hourly <= 0)
			continue;
		fixed = col->total_spec - hourly * n->instances.active_hours;
		if (!col->breakevens)
			col->breakevens = IPL_ARENA_ARRAY(arena, struct ipl_compare_breakeven,
							  cmp->columns_nr * col->plan->nodes_nr);
		for (j = 0; j < cmp->columns_nr; j++) {
			const struct ipl_compare_column *o = &cmp->columns[j];
			struct ipl_compare_breakeven *b;
			if (o == col || o->total_spec == IPL_UNSET || !o->plan || sleeps(o->plan))
				continue;
			b = &col->breakevens[col->breakevens_nr++];
			b->service = n->name;
			b->against = o->provider->name;
			b->hours = (o->total_spec - fixed) / hourly;
			b->planned_hours = n->instances.active_hours;
		}
	}
}

size_t
ipl_compare_default_providers(const struct ipl_spec *spec,
			      enum ipl_provider_id out[IPL_PROVIDER__COUNT])
{
	size_t n = 0;
	int id;

	for (id = 0; id < IPL_PROVIDER__COUNT; id++)
		if (!ipl_provider_get((enum ipl_provider_id)id)->own_server ||
		    (enum ipl_provider_id)id == spec->provider)
			out[n++] = (enum ipl_provider_id)id;
	return n;
}

void
ipl_compare_build(struct ipl_compare *out, const struct ipl_spec *spec,
		  const struct ipl_catalog *catalog, const enum ipl_provider_id *providers,
		  size_t nr, struct ipl_arena *arena)
{
	size_t i;

	out->spec = spec;
	out->currency = spec->currency.s ? spec->currency.s : "EUR";
	out->columns = IPL_ARENA_ARRAY(arena, struct ipl_compare_column, nr + 1);
	out->columns_nr = nr;
	for (i = 0; i < nr; i++) {
		struct ipl_compare_column *col = &out->columns[i];
		col->provider = ipl_provider_get(providers[i]);
		col->own = providers[i] == spec->provider;
		plan_column(col, spec, catalog, out->currency, arena);
	}
	for (i = 0; i < nr; i++)
		break_even(out, &out->columns[i], arena);
}

const struct ipl_compare_column *
ipl_compare_cheapest(const struct ipl_compare *cmp)
{
	const struct ipl_compare_column *best = NULL;
	size_t i;

	for (i = 0; i < cmp->columns_nr; i++) {
		const struct ipl_compare_column *c = &cmp->columns[i];
		if (c->total_spec != IPL_UNSET && (!best || c->total_spec < best->total_spec))
			best = c;
	}
	return best;
}

/* ---- Writers ------------------------------------------------------------ */

static const char *const status_names[] = {
	[IPL_COMPARE_HOSTS] = "hosts every service",
	[IPL_COMPARE_WITH_EXTERNAL] = "with external lines",
	[IPL_COMPARE_CANNOT_HOST] = "cannot host",
};

/* the nodes or resources of a column: "app: 1x CX23; db: 1x CX33" */
static void
nodes_text(struct ipl_buf *b, const struct ipl_plan *plan)
{
	size_t i;

	for (i = 0; plan && i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (i)
			ipl_buf_adds(b, "; ");
		if (n->role == IPL_ROLE_SERVICE)
			ipl_buf_addf(b, "%s: %s", n->name,
				     n->type ? n->type->name : ipl_aws_kind_name(n->aws.kind));
		else
			ipl_buf_addf(b, "%s: %dx %s", n->name, n->count,
				     n->type ? n->type->name : "your server");
	}
	if (!plan || !plan->nodes_nr)
		ipl_buf_adds(b, "-");
}

/* "2025-01-01 to 2026-11-22; vendor 3, spec 1": the prices' dates and confidences */
static void
prices_text(struct ipl_buf *b, const struct ipl_cost *cost)
{
	const char *oldest = NULL, *newest = NULL;
	const char *conf[16];
	int counts[16];
	size_t i, j, nconf = 0;

	for (i = 0; cost && i < cost->items_nr; i++) {
		const struct ipl_line_item *it = &cost->items[i];
		if (it->valid_from && *it->valid_from) {
			if (!oldest || strcmp(it->valid_from, oldest) < 0)
				oldest = it->valid_from;
			if (!newest || strcmp(it->valid_from, newest) > 0)
				newest = it->valid_from;
		}
		for (j = 0; j < nconf && strcmp(conf[j], it->confidence); j++)
			;
		if (j == nconf && nconf < IPL_ARRAY_SIZE(conf)) {
			conf[nconf] = it->confidence;
			counts[nconf++] = 0;
		}
		if (j < nconf)
			counts[j]++;
	}
	if (!oldest) {
		ipl_buf_adds(b, "-");
		return;
	}
	ipl_buf_addf(b, "valid from %s", oldest);
	if (strcmp(oldest, newest))
		ipl_buf_addf(b, " to %s", newest);
	for (j = 0; j < nconf; j++)
		ipl_buf_addf(b, "%s%s %d", j ? ", " : "; ", conf[j], counts[j]);
}

/* whether column i's m-th rate was listed already, by an earlier column or rate */
static bool
rate_seen(const struct ipl_compare *cmp, size_t i, size_t m)
{
	const char *code = cmp->columns[i].converted->rates[m].code;
	size_t k, r;

	for (k = 0; k <= i; k++) {
		const struct ipl_cost *p = cmp->columns[k].converted;
		for (r = 0; p && r < (k == i ? m : p->rates_nr); r++)
			if (!strcmp(p->rates[r].code, code))
				return true;
	}
	return false;
}

static void
rates_text(struct ipl_buf *b, const struct ipl_compare *cmp)
{
	size_t i, m;
	bool any = false;

	for (i = 0; i < cmp->columns_nr; i++) {
		const struct ipl_cost *c = cmp->columns[i].converted;
		for (m = 0; c && m < c->rates_nr; m++) {
			if (rate_seen(cmp, i, m))
				continue;
			ipl_buf_addf(b, "%s1 EUR = %.6g %s (%s, valid from %s)", any ? "; " : "",
				     c->rates[m].value, c->rates[m].code, c->rates[m].source,
				     c->rates[m].valid_from);
			any = true;
		}
	}
	if (!any)
		ipl_buf_adds(b, "none needed");
}

static void
money_or_dash(struct ipl_buf *b, double v, const char *currency)
{
	if (v == IPL_UNSET) {
		ipl_buf_adds(b, "-");
		return;
	}
	ipl_money_format(b, v);
	if (currency)
		ipl_buf_addf(b, " %s", currency);
}

static const char *
column_currency(const struct ipl_compare *cmp, const struct ipl_compare_column *c)
{
	return c->provider->currency ? c->provider->currency : cmp->currency;
}

static void
breakeven_text(struct ipl_buf *b, const struct ipl_compare_breakeven *e)
{
	if (e->hours <= 0)
		ipl_buf_addf(b, "%s: %s always on is cheaper at any use", e->service, e->against);
	else if (e->hours >= IPL_HOURS_PER_MONTH)
		ipl_buf_addf(b, "%s: stays cheaper than %s always on, even at 730 hours",
			     e->service, e->against);
	else
		ipl_buf_addf(b,
			     "%s: %s always on is cheaper above %.0f active hours a month "
			     "(planned: %.6g)",
			     e->service, e->against, e->hours, e->planned_hours);
}

/* ---- The terminal table: one column per provider, side by side ---- */

#define CELL_WIDTH 26
#define LABEL_WIDTH 14

/* text cut into lines of at most CELL_WIDTH, at "; ", line breaks and spaces */
static size_t
wrap(const char *text, const char **lines, size_t max, struct ipl_arena *arena)
{
	size_t n = 0;
	const char *p = text;

	while (*p && n < max) {
		size_t len = strcspn(p, "\n"), cut = len;
		const char *semi = strstr(p, "; ");
		if (semi && (size_t)(semi - p) < cut)
			cut = (size_t)(semi - p);
		if (cut > CELL_WIDTH) {
			/* the last space that keeps the line within the width, or a hard cut */
			for (cut = CELL_WIDTH; cut > 0 && p[cut] != ' '; cut--)
				;
			if (!cut)
				cut = CELL_WIDTH;
		}
		lines[n++] = ipl_arena_printf(arena, "%.*s", (int)cut, p);
		p += cut;
		while (*p == ' ' || *p == ';' || *p == '\n')
			p++;
	}
	return n;
}

/* one row of the table: label, then each column's cell, wrapped side by side */
static void
table_row(struct ipl_buf *out, const char *label, const char *const *cells, size_t nr,
	  struct ipl_arena *arena)
{
	const char *lines[IPL_PROVIDER__COUNT][32];
	size_t counts[IPL_PROVIDER__COUNT], i, l, rows = 1;

	for (i = 0; i < nr && i < IPL_PROVIDER__COUNT; i++) {
		counts[i] = wrap(cells[i], lines[i], IPL_ARRAY_SIZE(lines[i]), arena);
		if (counts[i] > rows)
			rows = counts[i];
	}
	for (l = 0; l < rows; l++) {
		ipl_buf_addf(out, "%-*s", LABEL_WIDTH, l ? "" : label);
		for (i = 0; i < nr && i < IPL_PROVIDER__COUNT; i++)
			ipl_buf_addf(out, "  %-*s", CELL_WIDTH, l < counts[i] ? lines[i][l] : "");
		/* no spaces at the end of a line */
		while (out->len && out->data[out->len - 1] == ' ')
			out->data[--out->len] = '\0';
		ipl_buf_addc(out, '\n');
	}
}

void
ipl_compare_write_table(const struct ipl_compare *cmp, struct ipl_buf *out)
{
	const char *cells[IPL_PROVIDER__COUNT];
	struct ipl_arena arena;
	struct ipl_buf t = IPL_BUF_INIT;
	size_t i, j,
		nr = cmp->columns_nr < IPL_PROVIDER__COUNT ? cmp->columns_nr : IPL_PROVIDER__COUNT;
	const char *const rows[] = { "status",  "monthly",       "",       "nodes", "database",
				     "backups", "load balancer", "egress", "prices" };
	size_t r;

	ipl_arena_init(&arena);
	ipl_buf_addf(out,
		     "%s: the same services on each provider (* the spec's: `infraplan cost`)\n\n",
		     cmp->spec->name.s);
	for (i = 0; i < nr; i++)
		cells[i] = ipl_arena_printf(&arena, "%s%s", cmp->columns[i].provider->name,
					    cmp->columns[i].own ? " *" : "");
	table_row(out, "", cells, nr, &arena);
	for (r = 0; r < IPL_ARRAY_SIZE(rows); r++) {
		const char *label = rows[r];
		for (i = 0; i < nr; i++) {
			const struct ipl_compare_column *c = &cmp->columns[i];
			ipl_buf_reset(&t);
			switch (r) {
			case 0:
				ipl_buf_adds(&t, status_names[c->status]);
				break;
			case 1:
				money_or_dash(&t, c->total, column_currency(cmp, c));
				break;
			case 2:
				label = ipl_arena_printf(&arena, "in %s", cmp->currency);
				money_or_dash(&t, c->total_spec, NULL);
				break;
			case 3:
				nodes_text(&t, c->plan);
				if (c->status != IPL_COMPARE_HOSTS && c->plan)
					ipl_buf_adds(&t, "; (without the refused)");
				break;
			case 4:
				ipl_buf_adds(&t, c->database);
				break;
			case 5:
				ipl_buf_adds(&t, c->backups);
				break;
			case 6:
				ipl_buf_adds(&t, c->load_balancer);
				break;
			case 7:
				ipl_buf_adds(&t, c->egress);
				break;
			default:
				prices_text(&t, c->cost);
				break;
			}
			cells[i] = ipl_arena_strdup(&arena, ipl_buf_str(&t));
		}
		table_row(out, label, cells, nr, &arena);
	}
	for (i = 0; i < nr; i++) {
		const struct ipl_compare_column *c = &cmp->columns[i];
		if (!c->problems_nr && !c->refusals_nr && !c->breakevens_nr && !c->notes_nr)
			continue;
		ipl_buf_addf(out, "\n%s:\n", c->provider->name);
		for (j = 0; j < c->problems_nr; j++)
			ipl_buf_addf(out, "  cannot host: %s\n", c->problems[j]);
		for (j = 0; j < c->refusals_nr; j++) {
			const struct ipl_compare_refusal *rf = &c->refusals[j];
			ipl_buf_addf(out, "  service %s: %s\n    would need: ", rf->service,
				     rf->reason);
			if (rf->external) {
				ipl_buf_addf(out, "an external line, %s, ", rf->external);
				ipl_money_format(out, rf->monthly);
				ipl_buf_addf(out, " %s a month (valid from %s, %s)\n",
					     column_currency(cmp, c), rf->valid_from,
					     rf->confidence);
			} else {
				ipl_buf_adds(out, "not offered in the catalog\n");
			}
		}
		for (j = 0; j < c->breakevens_nr; j++) {
			ipl_buf_reset(&t);
			breakeven_text(&t, &c->breakevens[j]);
			ipl_buf_addf(out, "  break-even: %s\n", ipl_buf_str(&t));
		}
		for (j = 0; j < c->notes_nr; j++)
			ipl_buf_addf(out, "  note: %s\n", c->notes[j]);
	}
	ipl_buf_reset(&t);
	rates_text(&t, cmp);
	ipl_buf_addf(out, "\nexchange rates: %s\n", ipl_buf_str(&t));
	ipl_buf_release(&t);
	ipl_arena_release(&arena);
}

/* the totals of the columns that can host, in the spec's currency, as a bar chart */
static void
chart_of_totals(const struct ipl_compare *cmp, struct ipl_buf *out)
{
	const char *labels[IPL_PROVIDER__COUNT];
	double values[IPL_PROVIDER__COUNT];
	struct ipl_buf text = IPL_BUF_INIT, title = IPL_BUF_INIT, y = IPL_BUF_INIT;
	struct ipl_mermaid_chart chart = { 0 };
	size_t i;

	for (i = 0; i < cmp->columns_nr && chart.nr < IPL_ARRAY_SIZE(labels); i++)
		if (cmp->columns[i].total_spec != IPL_UNSET) {
			labels[chart.nr] = cmp->columns[i].provider->name;
			values[chart.nr++] = cmp->columns[i].total_spec;
		}
	if (chart.nr < 2)
		return;
	ipl_buf_addf(&title, "Monthly cost of %s by provider", cmp->spec->name.s);
	ipl_buf_addf(&y, "%s a month", cmp->currency);
	chart.title = ipl_buf_str(&title);
	chart.x_title = "provider";
	chart.y_title = ipl_buf_str(&y);
	chart.labels = labels;
	chart.values = values;
	ipl_mermaid_xychart(&text, &chart);
	ipl_buf_adds(out, "\n");
	ipl_mermaid_fence(out, &text);
	ipl_buf_release(&text);
	ipl_buf_release(&title);
	ipl_buf_release(&y);
}

/* Markdown for a pull-request comment: the summary table, then one short list per provider */
void
ipl_compare_write_markdown(const struct ipl_compare *cmp, struct ipl_buf *out)
{
	struct ipl_buf t = IPL_BUF_INIT;
	size_t i, j;

#define MD(s) ipl_escape_markdown_cell(out, (s))
	ipl_buf_adds(out, "### Where it costs what: ");
	MD(cmp->spec->name.s);
	ipl_buf_addf(out,
		     "\n\n| Provider | Status | Monthly | In %s | Nodes or resources | Database "
		     "| Backups | Load balancer |\n|---|---|---:|---:|---|---|---|---|\n",
		     cmp->currency);
	for (i = 0; i < cmp->columns_nr; i++) {
		const struct ipl_compare_column *c = &cmp->columns[i];
		ipl_buf_addf(out, "| %s%s | %s | ", c->provider->name, c->own ? " (spec)" : "",
			     status_names[c->status]);
		money_or_dash(out, c->total, column_currency(cmp, c));
		ipl_buf_adds(out, " | ");
		money_or_dash(out, c->total_spec, NULL);
		ipl_buf_adds(out, " | ");
		ipl_buf_reset(&t);
		nodes_text(&t, c->plan);
		MD(ipl_buf_str(&t));
		{
			const char *const cells[] = { c->database, c->backups, c->load_balancer };
			for (j = 0; j < IPL_ARRAY_SIZE(cells); j++) {
				ipl_buf_adds(out, " | ");
				MD(cells[j]);
			}
		}
		ipl_buf_adds(out, " |\n");
	}
	ipl_buf_adds(out, "\n");
	for (i = 0; i < cmp->columns_nr; i++) {
		const struct ipl_compare_column *c = &cmp->columns[i];
		bool any = c->problems_nr || c->refusals_nr || c->breakevens_nr || c->notes_nr;
		ipl_buf_addf(out, "- **%s**: ", c->provider->name);
		ipl_buf_reset(&t);
		prices_text(&t, c->cost);
		ipl_buf_adds(out, "prices ");
		MD(ipl_buf_str(&t));
		ipl_buf_adds(out, "; egress ");
		MD(c->egress);
		ipl_buf_adds(out, any ? "\n" : "\n");
		for (j = 0; j < c->problems_nr; j++) {
			ipl_buf_adds(out, "  - cannot host: ");
			MD(c->problems[j]);
			ipl_buf_adds(out, "\n");
		}
		for (j = 0; j < c->refusals_nr; j++) {
			const struct ipl_compare_refusal *r = &c->refusals[j];
			ipl_buf_addf(out, "  - service %s: ", r->service);
			MD(r->reason);
			ipl_buf_adds(out, "; would need ");
			if (r->external) {
				ipl_buf_adds(out, "an external line, ");
				MD(r->external);
				ipl_buf_adds(out, ", ");
				ipl_money_format(out, r->monthly);
				ipl_buf_addf(out, " %s a month (valid from ",
					     column_currency(cmp, c));
				MD(r->valid_from);
				ipl_buf_adds(out, ", ");
				MD(r->confidence);
				ipl_buf_adds(out, ")\n");
			} else {
				ipl_buf_adds(out, "what the catalog does not offer\n");
			}
		}
		for (j = 0; j < c->breakevens_nr; j++) {
			ipl_buf_reset(&t);
			breakeven_text(&t, &c->breakevens[j]);
			ipl_buf_adds(out, "  - break-even: ");
			MD(ipl_buf_str(&t));
			ipl_buf_adds(out, "\n");
		}
		for (j = 0; j < c->notes_nr; j++) {
			ipl_buf_adds(out, "  - note: ");
			MD(c->notes[j]);
			ipl_buf_adds(out, "\n");
		}
	}
	ipl_buf_reset(&t);
	rates_text(&t, cmp);
	ipl_buf_adds(out, "\nExchange rates: ");
	MD(ipl_buf_str(&t));
	ipl_buf_adds(out, ". Each column is planned with the same sizing rules; the spec's own is "
			  "`infraplan cost`.\n");
	chart_of_totals(cmp, out);
#undef MD
	ipl_buf_release(&t);
}

/* what differs, as "database", "backups", "load_balancer", "egress", each after sep */
static void
json_fields(struct ipl_buf *b, const char *sep, const char *database, const char *backups,
	    const char *load_balancer, const char *egress)
{
	const char *const fields[][2] = { { "database", database },
					  { "backups", backups },
					  { "load_balancer", load_balancer },
					  { "egress", egress } };
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(fields); i++) {
		ipl_buf_adds(b, sep);
		ipl_json_string(b, fields[i][0], fields[i][1]);
	}
}

static void
json_strings(struct ipl_buf *b, const char *key, const char *const *v, size_t nr)
{
	size_t i;

	ipl_buf_addf(b, "\"%s\": [", key);
	for (i = 0; i < nr; i++) {
		if (i)
			ipl_buf_adds(b, ", ");
		ipl_escape_json_string(b, v[i]);
	}
	ipl_buf_adds(b, "]");
}

void
ipl_compare_write_json(const struct ipl_compare *cmp, struct ipl_buf *out)
{
	size_t i, j;

	ipl_buf_adds(out, "{\n  ");
	ipl_json_schema_version(out);
	ipl_buf_adds(out, ",\n  ");
	ipl_json_string(out, "name", cmp->spec->name.s);
	ipl_buf_adds(out, ",\n  ");
	ipl_json_string(out, "provider", ipl_provider_name(cmp->spec->provider));
	ipl_buf_adds(out, ",\n  ");
	ipl_json_string(out, "currency", cmp->currency);
	ipl_buf_adds(out, ",\n  \"providers\": [");
	for (i = 0; i < cmp->columns_nr; i++) {
		const struct ipl_compare_column *c = &cmp->columns[i];
		ipl_buf_adds(out, i ? ",\n    {\n      " : "\n    {\n      ");
		ipl_json_string(out, "provider", c->provider->name);
		ipl_buf_addf(out, ",\n      \"own\": %s,\n      ", c->own ? "true" : "false");
		ipl_json_string(out, "status",
				c->status == IPL_COMPARE_HOSTS           ? "hosts"
				: c->status == IPL_COMPARE_WITH_EXTERNAL ? "with_external"
									 : "cannot_host");
		ipl_buf_adds(out, ",\n      ");
		ipl_json_string(out, "currency", column_currency(cmp, c));
		ipl_buf_adds(out, ",\n      ");
		if (c->total == IPL_UNSET)
			ipl_buf_adds(out,
				     "\"monthly_total\": null, \"monthly_total_decimal\": null");
		else
			ipl_json_money(out, "monthly_total", c->total);
		ipl_buf_adds(out, ",\n      ");
		if (c->total_spec == IPL_UNSET)
			ipl_buf_adds(out, "\"monthly_total_in_spec_currency\": null, "
					  "\"monthly_total_in_spec_currency_decimal\": null");
		else
			ipl_json_money(out, "monthly_total_in_spec_currency", c->total_spec);
		ipl_buf_adds(out, ",\n      \"nodes\": [");
		for (j = 0; c->plan && j < c->plan->nodes_nr; j++) {
			const struct ipl_plan_node *n = &c->plan->nodes[j];
			ipl_buf_adds(out, j ? ", {" : "{");
			ipl_json_string(out, "name", n->name);
			ipl_buf_adds(out, ", ");
			ipl_json_string(out, "type",
					n->type ? n->type->name : ipl_aws_kind_name(n->aws.kind));
			ipl_buf_addf(out, ", \"count\": %d}", n->count);
		}
		ipl_buf_adds(out, "]");
		json_fields(out, ",\n      ", c->database, c->backups, c->load_balancer, c->egress);
		ipl_buf_adds(out, ",\n      ");
		json_strings(out, "problems", c->problems, c->problems_nr);
		ipl_buf_adds(out, ",\n      \"refused_services\": [");
		for (j = 0; j < c->refusals_nr; j++) {
			const struct ipl_compare_refusal *r = &c->refusals[j];
			ipl_buf_adds(out, j ? ",\n        {" : "\n        {");
			ipl_json_string(out, "service", r->service);
			ipl_buf_adds(out, ", ");
			ipl_json_string(out, "reason", r->reason);
			ipl_buf_adds(out, ", ");
			ipl_json_string(out, "external", r->external);
			if (r->external) {
				ipl_buf_adds(out, ", ");
				ipl_json_money(out, "monthly", r->monthly);
				ipl_buf_adds(out, ", ");
				ipl_json_string(out, "valid_from", r->valid_from);
				ipl_buf_adds(out, ", ");
				ipl_json_string(out, "confidence", r->confidence);
			}
			ipl_buf_adds(out, "}");
		}
		ipl_buf_adds(out, c->refusals_nr ? "\n      ],\n      \"break_even\": ["
						 : "],\n      \"break_even\": [");
		for (j = 0; j < c->breakevens_nr; j++) {
			const struct ipl_compare_breakeven *e = &c->breakevens[j];
			ipl_buf_adds(out, j ? ", {" : "{");
			ipl_json_string(out, "service", e->service);
			ipl_buf_adds(out, ", ");
			ipl_json_string(out, "against", e->against);
			ipl_buf_addf(out, ", \"active_hours\": %.0f, \"planned_hours\": %.6g}",
				     e->hours, e->planned_hours);
		}
		ipl_buf_adds(out, "],\n      ");
		json_strings(out, "notes", c->notes, c->notes_nr);
		ipl_buf_adds(out, "\n    }");
	}
	ipl_buf_adds(out, "\n  ],\n  \"exchange_rates\": [");
	for (i = 0, j = 0; i < cmp->columns_nr; i++) {
		const struct ipl_cost *k = cmp->columns[i].converted;
		size_t m;
		for (m = 0; k && m < k->rates_nr; m++) {
			if (rate_seen(cmp, i, m))
				continue;
			ipl_buf_adds(out, j++ ? ", {" : "{");
			ipl_buf_adds(out, "\"base\": \"EUR\", ");
			ipl_json_string(out, "code", k->rates[m].code);
			ipl_buf_addf(out, ", \"value\": %.6g, ", k->rates[m].value);
			ipl_json_string(out, "source", k->rates[m].source);
			ipl_buf_adds(out, ", ");
			ipl_json_string(out, "valid_from", k->rates[m].valid_from);
			ipl_buf_adds(out, "}");
		}
	}
	ipl_buf_adds(out, "]\n}\n");
}
