/*
 * test_compare.c: planners/compare.c, the same services on every provider
 * (issue 16, docs/compare.md). Prices from the embedded catalog: a CX23 and
 * its IPv4 on Hetzner are 5.49 + 0.50 = 5.99 EUR, Contabo's Cloud VPS 4 is
 * 4.50 EUR (contabo.json); 1 EUR = 1.1539 USD (catalog.json).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "planners/compare.h"
#include "planners/provider.h"

#include "plan_fixture.h"

/* one app on Hetzner: a CX23 */
#define HETZNER_WEB                               \
	"name: t\nprovider: hetzner\nservices:\n" \
	"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 1, memory: 1Gi}\n"

static const struct ipl_compare_column *
column(const struct ipl_compare *cmp, const char *provider)
{
	size_t i;

	for (i = 0; i < cmp->columns_nr; i++)
		if (!strcmp(cmp->columns[i].provider->name, provider))
			return &cmp->columns[i];
	fail_msg("no column %s", provider);
	return NULL;
}

static void
compared(struct planned *f, struct ipl_compare *cmp, const char *yaml)
{
	enum ipl_provider_id ids[IPL_PROVIDER__COUNT];

	planned_cost(f, yaml, NULL);
	ipl_compare_build(cmp, f->spec, f->cat, ids, ipl_compare_default_providers(f->spec, ids),
			  &f->arena);
}

/* the spec's own column is the spec as written: cost's total; the others in their currency */
static void
test_own_column_is_cost(void **state)
{
	struct planned f;
	struct ipl_compare cmp;
	const struct ipl_compare_column *c;

	(void)state;
	compared(&f, &cmp, HETZNER_WEB);
	/* aws, contabo, hetzner, koyeb: not none, a server the user already has */
	assert_int_equal(cmp.columns_nr, 4);
	c = column(&cmp, "hetzner");
	assert_true(c->own);
	assert_int_equal(c->status, IPL_COMPARE_HOSTS);
	assert_true(c->total_spec == f.cost->monthly_total);
	assert_true(fabs(c->total - 5.99) < 0.001);
	c = column(&cmp, "contabo");
	assert_false(c->own);
	assert_true(fabs(c->total - 4.50) < 0.001);
	assert_ptr_equal(ipl_compare_cheapest(&cmp), c);
	/* koyeb bills in USD: its column in USD, converted back to EUR with the catalog's rate */
	c = column(&cmp, "koyeb");
	assert_string_equal(c->cost->currency, "USD");
	assert_string_equal(c->converted->currency, "EUR");
	assert_true(fabs(c->total / 1.1539 - c->total_spec) < 0.02);
	planned_release(&f);
}

/*
 * PostgreSQL on Koyeb is refused with the planner's reason and priced as
 * an external RDS line; a GPU on Hetzner is "not offered", never dropped
 */
static void
test_refused_services_keep_reasons(void **state)
{
	struct planned f;
	struct ipl_compare cmp;
	const struct ipl_compare_column *c;

	(void)state;
	compared(&f, &cmp,
		 HETZNER_WEB
		 "  - {name: db, kind: postgres, cpu: 0.5, memory: 1Gi, storage: 20GB}\n");
	c = column(&cmp, "koyeb");
	assert_int_equal(c->status, IPL_COMPARE_WITH_EXTERNAL);
	assert_int_equal(c->refusals_nr, 1);
	assert_string_equal(c->refusals[0].service, "db");
	assert_non_null(strstr(c->refusals[0].reason, "must live elsewhere"));
	assert_non_null(strstr(c->refusals[0].external, "RDS"));
	assert_true(c->refusals[0].monthly > 0);
	assert_true(fabs(c->total - (c->cost->monthly_total + c->refusals[0].monthly)) < 0.001);
	planned_release(&f);

	compared(&f, &cmp,
		 "name: t\nprovider: koyeb\nservices:\n"
		 "  - {name: w, kind: worker, image: x/y:1, port: 8080, route: /w, gpu: rtx-4000,"
		 " min_replicas: 0, max_replicas: 1, hours_per_month: 10}\n");
	c = column(&cmp, "hetzner");
	assert_int_equal(c->status, IPL_COMPARE_CANNOT_HOST);
	assert_int_equal(c->refusals_nr, 1);
	assert_non_null(strstr(c->refusals[0].reason, "offers no GPU servers"));
	assert_null(c->refusals[0].external);
	assert_true(c->total == IPL_UNSET);
	assert_ptr_equal(ipl_compare_cheapest(&cmp), column(&cmp, "koyeb"));
	planned_release(&f);
}

/*
 * A worker that scales to zero: its column's total is the rest plus hourly x
 * hours, so an always-on column of total T is cheaper above
 * (T - rest) / hourly hours
 */
static void
test_break_even(void **state)
{
	struct planned f;
	struct ipl_compare cmp;
	const struct ipl_compare_column *k, *h;
	double hourly, rest;
	size_t i;

	(void)state;
	compared(&f, &cmp,
		 "name: t\nprovider: koyeb\ncurrency: EUR\nservices:\n"
		 "  - {name: web, kind: app, image: x/web:1, port: 8000, public: true, cpu: 0.1,"
		 " memory: 256Mi}\n"
		 "  - {name: r, kind: worker, image: x/r:1, port: 8080, route: /r, cpu: 2,"
		 " memory: 4Gi, min_replicas: 0, max_replicas: 1, hours_per_month: 40}\n");
	k = column(&cmp, "koyeb");
	h = column(&cmp, "hetzner");
	hourly = 0;
	for (i = 0; i < k->converted->items_nr; i++)
		if (k->converted->items[i].resource &&
		    !strcmp(k->converted->items[i].resource, "r"))
			hourly += k->converted->items[i].monthly / 40;
	rest = k->total_spec - hourly * 40;
	for (i = 0; i < k->breakevens_nr; i++)
		if (!strcmp(k->breakevens[i].against, "hetzner"))
			break;
	assert_true(i < k->breakevens_nr);
	assert_string_equal(k->breakevens[i].service, "r");
	assert_true(fabs(k->breakevens[i].hours - (h->total_spec - rest) / hourly) < 1e-6);
	assert_true(k->breakevens[i].hours > 40 && k->breakevens[i].hours < 730);
	/* hetzner's servers never sleep: no break-even of its own */
	assert_int_equal(h->breakevens_nr, 0);
	planned_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_column_is_cost),
		cmocka_unit_test(test_refused_services_keep_reasons),
		cmocka_unit_test(test_break_even),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
