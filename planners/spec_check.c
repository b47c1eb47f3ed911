/*
 * spec_check.c: the checks that need more than one mapping of the spec:
 * unique names, references between services and nodes (depends_on, node),
 * the combinations a service's kind allows, and one scenario per GPU-hours
 * figure. They run once decoding is done (spec_decode.c) and see only the
 * model, never the YAML; every message still points into it through the
 * positions the model keeps.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/suggest.h"
#include "planners/provider.h"
#include "planners/spec_decode.h"

static int
cmp_scenario_hours(const void *a, const void *b)
{
	const struct ipl_num *x = *(const struct ipl_num *const *)a;
	const struct ipl_num *y = *(const struct ipl_num *const *)b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

/* one column per GPU-hours figure; sorted, so that many scenarios cost n log n */
void
ipl_spec_check_scenario_hours(struct ipl_spec_decoder *c, void *items, size_t nr)
{
	const struct ipl_scenario *scenarios = items;
	const struct ipl_num **hours;
	size_t i, n = 0, first = 0;

	hours = IPL_ARENA_ARRAY(c->arena, const struct ipl_num *, nr + 1);
	for (i = 0; i < nr; i++)
		if (scenarios[i].gpu_hours.v != IPL_UNSET)
			hours[n++] = &scenarios[i].gpu_hours;
	qsort(hours, n, sizeof(*hours), cmp_scenario_hours);
	for (i = 1; i < n; i++) {
		if (hours[i]->v != hours[first]->v) {
			first = i;
			continue;
		}
		ipl_error(c->diags, c->file, hours[i]->loc,
			  "two scenarios for %g GPU hours (the first at line %d)", hours[i]->v,
			  hours[first]->loc.line);
	}
}

static bool
needs_program(enum ipl_service_kind k)
{
	return k == IPL_KIND_APP || k == IPL_KIND_WORKER;
}

/*
 * The names of services and nodes, sorted, so that a spec of 10,000 services
 * is checked in n log n, not n^2: uniqueness, and whether a reference
 * (depends_on, node) names something that exists.
 */
struct name_index {
	struct ipl_str *sorted; /* by name, then position */
	const char **in_order;  /* as written, for "did you mean" */
	size_t nr;
};

static int
cmp_name_pos(const void *a, const void *b)
{
	const struct ipl_str *x = a, *y = b;
	int r = strcmp(x->s, y->s);

	if (r)
		return r;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct ipl_str *)a)->s, ((const struct ipl_str *)b)->s);
}

/* the `struct ipl_str` at `offset` in each of nr structs of `size` bytes at base */
static void
index_names(struct ipl_spec_decoder *c, struct name_index *ix, const void *base, size_t nr,
	    size_t size, size_t offset)
{
	size_t i;

	ix->sorted = IPL_ARENA_ARRAY(c->arena, struct ipl_str, nr + 1);
	ix->in_order = IPL_ARENA_ARRAY(c->arena, const char *, nr + 1);
	ix->nr = 0;
	for (i = 0; i < nr; i++) {
		const struct ipl_str *n = (const void *)((const char *)base + i * size + offset);
		if (!n->s)
			continue;
		ix->sorted[ix->nr] = *n;
		ix->in_order[ix->nr++] = n->s;
	}
	qsort(ix->sorted, ix->nr, sizeof(*ix->sorted), cmp_name_pos);
}

static bool
index_has(const struct name_index *ix, const char *name)
{
	struct ipl_str key = { name, { 0, 0 } };

	return ix->nr && bsearch(&key, ix->sorted, ix->nr, sizeof(*ix->sorted), cmp_name);
}

static void
report_duplicate_names(struct ipl_spec_decoder *c, const struct name_index *ix, const char *what)
{
	size_t i, first = 0;

	for (i = 1; i < ix->nr; i++) {
		if (strcmp(ix->sorted[first].s, ix->sorted[i].s)) {
			first = i;
			continue;
		}
		ipl_error(c->diags, c->file, ix->sorted[i].loc,
			  "duplicate %s name \"%s\" (first used at line %d)", what, ix->sorted[i].s,
			  ix->sorted[first].loc.line);
	}
}

/*
 * `"api", "db" or "web"`: the names a reference could have named, as written,
 * but for except (the referring one itself); at most 8, then "..."
 */
static void
add_names(struct ipl_buf *b, const struct name_index *ix, const char *except)
{
	size_t i, n = 0, total = 0;

	for (i = 0; i < ix->nr; i++)
		total += strcmp(ix->in_order[i], except) != 0;
	for (i = 0; i < ix->nr && n < 8; i++) {
		if (!strcmp(ix->in_order[i], except))
			continue;
		if (n)
			ipl_buf_adds(b, n + 1 == total ? " or " : ", ");
		ipl_buf_addf(b, "\"%s\"", ix->in_order[i]);
		n++;
	}
	if (n < total)
		ipl_buf_adds(b, ", ...");
}

/* "did you mean" for a reference, while the report has room for it */
static const char *
suggest_name(struct ipl_spec_decoder *c, const struct name_index *ix, const char *name)
{
	if (!ipl_spec_diag_room(c))
		return NULL;
	return ipl_suggest(name, ix->in_order, ix->nr);
}

void
ipl_spec_check(struct ipl_spec_decoder *c)
{
	struct ipl_spec *s = c->spec;
	struct name_index services, nodes;
	size_t i, j;

	index_names(c, &services, s->services, s->services_nr, sizeof(*s->services),
		    offsetof(struct ipl_service, name));
	index_names(c, &nodes, s->nodes, s->nodes_nr, sizeof(*s->nodes),
		    offsetof(struct ipl_node_spec, name));
	report_duplicate_names(c, &services, "service");
	report_duplicate_names(c, &nodes, "node");
	if (s->domain.s && ipl_spec_domain_candidates(s) != 1)
		ipl_error(c->diags, c->file, s->domain.loc,
			  "the top-level \"domain\" names the one public app without a domain of "
			  "its own, but there are %zu; give each public app its own \"domain\"",
			  ipl_spec_domain_candidates(s));

	for (i = 0; i < s->services_nr; i++) {
		struct ipl_service *a = &s->services[i];

		if (!a->name.s)
			continue;
		/* kind_loc is set only for a valid kind: an unknown one was reported already */
		if (a->kind_loc.line && needs_program(a->kind) && !a->command.s && !a->image.s)
			ipl_error(c->diags, c->file, a->loc,
				  "service \"%s\" of kind %s needs a \"command\" or an \"image\"",
				  a->name.s, ipl_service_kind_name(a->kind));
		if (a->command.s && a->image.s)
			ipl_error(c->diags, c->file, a->image.loc,
				  "service \"%s\" has both \"command\" and \"image\"; give one",
				  a->name.s);
		if (a->gpu.s && !needs_program(a->kind))
			ipl_error(
				c->diags, c->file, a->gpu.loc,
				"service \"%s\" of kind %s cannot use a GPU; only app and worker can",
				a->name.s, ipl_service_kind_name(a->kind));
		if (a->public_port && a->port.v == IPL_UNSET && a->kind != IPL_KIND_STATIC_SITE &&
		    !ipl_service_kind_is_database(a->kind))
			ipl_error(c->diags, c->file, a->loc,
				  "service \"%s\" is public but has no \"port\"", a->name.s);
		if (a->domain.s && !ipl_service_domain(s, a))
			ipl_error(c->diags, c->file, a->domain.loc,
				  "service \"%s\" has a \"domain\" but is not a public app with a "
				  "port or a public static_site; only those are served over HTTPS",
				  a->name.s);
		if (a->public_port && ipl_service_kind_is_database(a->kind))
			ipl_error(
				c->diags, c->file, a->loc,
				"service \"%s\" is a database and cannot be public; databases listen "
				"on the private network only",
				a->name.s);
		if (a->route.s && !ipl_provider_get(s->provider)->routes)
			ipl_error(c->diags, c->file, a->route.loc,
				  "service \"%s\" has a \"route\", which only provider koyeb uses; "
				  "on %s a public service is reached on its port: remove the route",
				  a->name.s, ipl_provider_name(s->provider));
		if (a->min_replicas.v != IPL_UNSET && a->max_replicas.v != IPL_UNSET &&
		    a->min_replicas.v > a->max_replicas.v)
			ipl_error(c->diags, c->file, a->min_replicas.loc,
				  "min_replicas %g is more than max_replicas %g", a->min_replicas.v,
				  a->max_replicas.v);
		if (a->replicas.v != IPL_UNSET &&
		    (a->min_replicas.v != IPL_UNSET || a->max_replicas.v != IPL_UNSET))
			ipl_error(
				c->diags, c->file, a->replicas.loc,
				"service \"%s\" has \"replicas\" and min/max_replicas; give a fixed "
				"count or a range",
				a->name.s);
		for (j = 0; j < a->depends_on_nr; j++) {
			const char *dep = a->depends_on[j].s, *near;

			if (!strcmp(dep, a->name.s)) {
				ipl_error(c->diags, c->file, a->depends_on[j].loc,
					  "service \"%s\" depends on itself", a->name.s);
				continue;
			}
			if (index_has(&services, dep))
				continue;
			if ((near = suggest_name(c, &services, dep)))
				ipl_error(c->diags, c->file, a->depends_on[j].loc,
					  "service \"%s\" depends on unknown service \"%s\"; did "
					  "you mean \"%s\"?",
					  a->name.s, dep, near);
			else {
				struct ipl_buf names = IPL_BUF_INIT;
				add_names(&names, &services, a->name.s);
				if (names.len)
					ipl_error(c->diags, c->file, a->depends_on[j].loc,
						  "service \"%s\" depends on unknown service "
						  "\"%s\"; expected a service of this spec: %s",
						  a->name.s, dep, names.data);
				else
					ipl_error(c->diags, c->file, a->depends_on[j].loc,
						  "service \"%s\" depends on unknown service "
						  "\"%s\", and it is the only service in this spec",
						  a->name.s, dep);
				ipl_buf_release(&names);
			}
		}
		if (a->node.s && !index_has(&nodes, a->node.s)) {
			const char *near = suggest_name(c, &nodes, a->node.s);
			if (near)
				ipl_error(
					c->diags, c->file, a->node.loc,
					"service \"%s\" is placed on unknown node \"%s\"; did you "
					"mean \"%s\"?",
					a->name.s, a->node.s, near);
			else
				ipl_error(
					c->diags, c->file, a->node.loc,
					"service \"%s\" is placed on unknown node \"%s\"; declare it "
					"under \"nodes\"",
					a->name.s, a->node.s);
		}
	}
	if (s->nodes_nr && s->layout_loc.line && s->layout != IPL_LAYOUT_AUTO)
		ipl_error(c->diags, c->file, s->layout_loc,
			  "\"layout\" and \"nodes\" both place services; with \"nodes\", leave "
			  "layout out or set it to auto");
}
