/*
 * plan_fixture.h: what the tests of the planner, the cost and the budget
 * (test_plan_sizing.c, test_cost.c, test_budget.c) share: a spec parsed from
 * YAML, planned against the embedded catalog (never the user's price cache,
 * so that the expected figures are the ones computed by hand from
 * the JSON files in catalog/data/), and priced; plus lookups of the results.
 * Included by one test file each; hence static inline functions.
 */
#ifndef IPL_TEST_PLAN_FIXTURE_H
#define IPL_TEST_PLAN_FIXTURE_H

#include <math.h>

#include "core/arena.h"
#include "core/diag.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "model/spec.h"
#include "catalog/catalog.h"

struct planned {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
};

/* parses yaml and loads the embedded catalog; fails the test when either fails */
static inline void
planned_parse(struct planned *f, const char *yaml)
{
	memset(f, 0, sizeof(*f));
	ipl_arena_init(&f->arena);
	ipl_diags_init(&f->diags);
	if (ipl_spec_parse(&f->spec, "t.yaml", yaml, strlen(yaml), &f->arena, &f->diags) < 0 ||
	    ipl_catalog_load_embedded(&f->cat, &f->arena, &f->diags) < 0) {
		ipl_diags_print(&f->diags, stderr, IPL_NOTE);
		fail_msg("the test spec or the embedded catalog does not load");
	}
}

/* parses and plans yaml; fails the test when the plan is refused */
static inline void
planned_init(struct planned *f, const char *yaml)
{
	planned_parse(f, yaml);
	if (ipl_plan_build(&f->plan, f->spec, f->cat, NULL, &f->arena, &f->diags) < 0) {
		ipl_diags_print(&f->diags, stderr, IPL_NOTE);
		fail_msg("the test spec does not plan");
	}
}

/* the same, then priced in currency (NULL: the spec's) */
static inline void
planned_cost(struct planned *f, const char *yaml, const char *currency)
{
	planned_init(f, yaml);
	if (ipl_cost_estimate(&f->cost, f->plan, currency, &f->arena, &f->diags) < 0) {
		ipl_diags_print(&f->diags, stderr, IPL_NOTE);
		fail_msg("the test plan cannot be priced");
	}
}

static inline void
planned_release(struct planned *f)
{
	ipl_diags_release(&f->diags);
	ipl_arena_release(&f->arena);
}

/* the one diagnostic of severity sev whose message contains needle, or NULL */
static inline const char *
planned_diag(const struct planned *f, enum ipl_severity sev, const char *needle)
{
	size_t i;

	for (i = 0; i < f->diags.nr; i++)
		if (f->diags.items[i].severity == sev && strstr(f->diags.items[i].message, needle))
			return f->diags.items[i].message;
	return NULL;
}

/* the line item whose name starts with prefix; fails the test when there is none */
static inline const struct ipl_line_item *
planned_item(const struct planned *f, const char *prefix)
{
	size_t i;

	for (i = 0; i < f->cost->items_nr; i++)
		if (!strncmp(f->cost->items[i].name, prefix, strlen(prefix)))
			return &f->cost->items[i];
	fail_msg("no line item \"%s...\"", prefix);
	return NULL;
}

/* money and sizes computed by hand: equal to a cent, or to binary noise */
#define assert_near(got, want)                                                      \
	do {                                                                        \
		double got_ = (got), want_ = (want);                                \
		if (!(fabs(got_ - want_) < 1e-6))                                   \
			fail_msg("%s is %.10g, expected %.10g", #got, got_, want_); \
	} while (0)

#endif
