/*
 * test_budget.c: planners/budget.c, the spec's monthly budget against the
 * plan's cost (docs/spec.md, "budget": "a monthly maximum; over it, a warning
 * says by how much and the cheapest alternative"). The costs are those of
 * test_cost.c, worked out from hetzner.json: a CX23 and its IPv4 are
 * 5.49 + 0.50 = 5.99 EUR a month; rates from catalog.json (1 EUR = 1.1539 USD).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "planners/budget.h"

#include "plan_fixture.h"

#define USD_PER_EUR 1.1539

/* the warnings of the budget check on spec text with `budget` */
static void
budget_checked(struct planned *f, const char *budget)
{
	struct ipl_buf yaml = IPL_BUF_INIT;

	ipl_buf_addf(
		&yaml,
		"name: t\nprovider: hetzner\n%sservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 1, memory: 1Gi}\n",
		budget);
	planned_cost(f, ipl_buf_str(&yaml), NULL);
	ipl_buf_release(&yaml);
	assert_near(f->cost->monthly_total, 5.99);
	ipl_budget_check(f->plan, f->cost, &f->arena, &f->diags);
}

static void
test_within_budget(void **state)
{
	struct planned f;

	(void)state;
	budget_checked(&f, "budget: {monthly: 10}\n");
	assert_null(planned_diag(&f, IPL_WARNING, "budget"));
	planned_release(&f);
	/* exactly the budget is within it */
	budget_checked(&f, "budget: {monthly: 5.99}\n");
	assert_null(planned_diag(&f, IPL_WARNING, "budget"));
	planned_release(&f);
	/* no budget, no check */
	budget_checked(&f, "");
	assert_null(planned_diag(&f, IPL_WARNING, "budget"));
	planned_release(&f);
}

/*
 * 5.99 against 5: 0.99 over. One stateless service: the other layout is the
 * same node, and nothing observed gives rightsize a cheaper plan.
 */
static void
test_over_budget(void **state)
{
	struct planned f;

	(void)state;
	budget_checked(&f, "budget: {monthly: 5}\n");
	assert_non_null(planned_diag(&f, IPL_WARNING,
				     "the plan costs 5.99 EUR a month, 0.99 EUR over the budget of "
				     "5.00 EUR; no cheaper plan of these services was found here: "
				     "lower their requests"));
	planned_release(&f);
}

/*
 * Issue 16: over budget on its own provider, the warning names the
 * cheapest plan of the same services on any provider: Contabo's Cloud VPS 4
 * at 4.50 EUR (contabo.json) fits 5 EUR and not 4 EUR.
 */
static void
test_cheapest_provider_named(void **state)
{
	struct planned f;

	(void)state;
	budget_checked(&f, "budget: {monthly: 5}\n");
	assert_non_null(
		planned_diag(&f, IPL_WARNING,
			     "; on any provider, the cheapest plan is contabo at 4.50 EUR a "
			     "month, which fits ('infraplan compare')"));
	planned_release(&f);
	budget_checked(&f, "budget: {monthly: 4}\n");
	assert_non_null(
		planned_diag(&f, IPL_WARNING,
			     "; on any provider, the cheapest plan is contabo at 4.50 EUR a "
			     "month, which does not fit either ('infraplan compare')"));
	planned_release(&f);
}

/*
 * A budget in another currency is converted before it is compared: 6 USD
 * is 6 / 1.1539 = 5.20 EUR, so a 5.99 EUR plan is 0.79 over it, although
 * no line of the plan needed the USD rate.
 */
static void
test_budget_in_another_currency(void **state)
{
	struct planned f;

	(void)state;
	assert_near(ipl_money_round(6 / USD_PER_EUR), 5.20);
	budget_checked(&f, "budget: {monthly: 6, currency: USD}\n");
	assert_non_null(planned_diag(&f, IPL_WARNING,
				     "the plan costs 5.99 EUR a month, 0.79 EUR over the budget of "
				     "5.20 EUR"));
	planned_release(&f);
	/* 7 USD is 6.07 EUR: within */
	budget_checked(&f, "budget: {monthly: 7, currency: USD}\n");
	assert_null(planned_diag(&f, IPL_WARNING, "budget"));
	planned_release(&f);
}

/*
 * The cheapest alternative is named, with whether it fits. A forced split
 * puts the app on a CX23 (5.49 + 0.50) and postgres on a CAX11 (4.49 +
 * 0.50) with its data on a 10 GB volume (0.57): 11.55 EUR; layout single
 * puts both on one CX23 (5.99 + 0.57), which fits a budget of 8.
 */
static void
test_cheaper_layout_named(void **state)
{
	struct planned f;

	(void)state;
	planned_cost(
		&f,
		"name: t\nprovider: hetzner\nlayout: split\nbudget: {monthly: 8}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 0.5, memory: 512Mi}\n"
		"  - {name: db, kind: postgres, cpu: 0.5, memory: 512Mi}\n",
		NULL);
	assert_near(f.cost->monthly_total, 11.55);
	ipl_budget_check(f.plan, f.cost, &f.arena, &f.diags);
	assert_non_null(
		planned_diag(&f, IPL_WARNING,
			     "the plan costs 11.55 EUR a month, 3.55 EUR over the budget of "
			     "8.00 EUR; the cheapest alternative, layout single, costs 6.56 EUR "
			     "and fits"));
	planned_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_within_budget),
		cmocka_unit_test(test_over_budget),
		cmocka_unit_test(test_cheapest_provider_named),
		cmocka_unit_test(test_budget_in_another_currency),
		cmocka_unit_test(test_cheaper_layout_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
