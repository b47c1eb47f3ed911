/*
 * test_rightsize.c: one test per rightsizing rule (planners/rightsize.c,
 * planners/plan_aws.c). Sources: AWS ECS docs "task CPU and memory" for the
 * valid Fargate sizes (prices.md 1.1); seed 003 for t3 -> t4g, 256/512 and
 * Spot 70/30.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "planners/rightsize.h"

static void
test_fargate_valid_pairs(void **state)
{
	(void)state;
	assert_true(ipl_fargate_valid(256, 512));
	assert_true(ipl_fargate_valid(256, 2048));
	assert_false(ipl_fargate_valid(256, 3072));
	assert_true(ipl_fargate_valid(512, 4096));
	assert_false(ipl_fargate_valid(512, 512));
	assert_true(ipl_fargate_valid(4096, 30720));
	assert_false(ipl_fargate_valid(4096, 31744));
	assert_true(ipl_fargate_valid(8192, 20480));
	assert_false(ipl_fargate_valid(8192, 17408)); /* 4 GB steps above 16 GB */
	assert_true(ipl_fargate_valid(16384, 122880));
	assert_false(ipl_fargate_valid(300, 512));
}

static void
test_fargate_round_up(void **state)
{
	struct ipl_fargate_size s;

	(void)state;
	assert_int_equal(ipl_fargate_round_up(167, 500, &s, NULL), 0);
	assert_int_equal(s.cpu, 256);
	assert_int_equal(s.memory, 512);
	/* 0.25 vCPU cannot have 4 GB: the cheapest pair is 0.5 vCPU / 4 GB */
	assert_int_equal(ipl_fargate_round_up(250, 4096, &s, NULL), 0);
	assert_int_equal(s.cpu, 512);
	assert_int_equal(s.memory, 4096);
	assert_int_equal(ipl_fargate_round_up(1100, 100, &s, NULL), 0);
	assert_int_equal(s.cpu, 2048);
	assert_int_equal(s.memory, 4096);
}

static void
test_fargate_impossible(void **state)
{
	struct ipl_fargate_size s;
	struct ipl_buf why = IPL_BUF_INIT;

	(void)state;
	assert_int_equal(ipl_fargate_round_up(32000, 1024, &s, &why), -1);
	assert_non_null(strstr(why.data, "16 vCPU with 32 to 120 GB"));
	ipl_buf_reset(&why);
	assert_int_equal(ipl_fargate_round_up(4000, 200 * 1024, &s, &why), -1);
	assert_non_null(strstr(why.data, "30720 MiB"));
	ipl_buf_release(&why);
}

static void
test_graviton_equivalent(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(ipl_graviton_equivalent("db.t3.micro", buf, sizeof(buf)),
			    "db.t4g.micro");
	assert_string_equal(ipl_graviton_equivalent("cache.t3.small", buf, sizeof(buf)),
			    "cache.t4g.small");
	assert_string_equal(ipl_graviton_equivalent("db.m5.large", buf, sizeof(buf)),
			    "db.m6g.large");
	assert_null(ipl_graviton_equivalent("db.t4g.micro", buf, sizeof(buf)));
}

static void
test_observed_headroom(void **state)
{
	double cpu, mem;

	(void)state;
	/* 003: 100m p95 at a 60% target, 400 MiB p95 + 25% */
	ipl_size_from_observed(100, 400, 60, &cpu, &mem);
	assert_true(cpu > 166 && cpu < 167);
	assert_true(mem == 500);
}

/* plans a spec from text; the arena and diags are the caller's */
static struct ipl_plan *
plan_text(const char *yaml, struct ipl_arena *arena, struct ipl_diags *diags,
	  struct ipl_catalog **cat)
{
	struct ipl_spec *spec;
	struct ipl_plan *plan;

	assert_int_equal(ipl_catalog_load_embedded(cat, arena, diags), 0);
	if (ipl_spec_parse(&spec, "t.yaml", yaml, strlen(yaml), arena, diags) < 0) {
		ipl_diags_print(diags, stderr, IPL_NOTE);
		fail();
	}
	if (ipl_plan_build(&plan, spec, *cat, NULL, arena, diags) < 0)
		return NULL;
	return plan;
}

static void
test_stateful_kept_off_spot(void **state)
{
	static const char yaml[] =
		"name: t\nprovider: aws\nservices:\n"
		"  - {name: web, kind: app, image: x/web:1, cpu: 0.25, memory: 512Mi, replicas: 3}\n"
		"  - {name: ledger, kind: worker, image: x/ledger:1, stateful: true, replicas: 2}\n"
		"  - {name: cron, kind: worker, image: x/cron:1, singleton: true}\n";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	plan = plan_text(yaml, &arena, &diags, &cat);
	assert_non_null(plan);
	assert_int_equal(plan->nodes_nr, 3);
	assert_int_equal(plan->nodes[0].aws.spot_weight, 70);
	assert_int_equal(plan->nodes[0].aws.on_demand_base, 1);
	assert_int_equal(plan->nodes[0].aws.on_demand_weight, 30);
	assert_int_equal(plan->nodes[1].aws.spot_weight, 0);
	assert_int_equal(plan->nodes[2].aws.spot_weight, 0);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

static void
test_impossible_size_refused(void **state)
{
	static const char yaml[] =
		"name: t\nprovider: aws\nservices:\n"
		"  - {name: big, kind: app, image: x/y:1, cpu: 32, memory: 8Gi}\n";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_null(plan_text(yaml, &arena, &diags, &cat));
	assert_true(diags.errors == 1);
	assert_non_null(strstr(diags.items[0].message, "no Fargate size has 32.00 vCPU"));
	assert_non_null(strstr(diags.items[0].message, "16 vCPU with 32 to 120 GB"));
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

static double
rate(const struct ipl_catalog *cat, const char *id, int date)
{
	const struct ipl_offer *o = ipl_catalog_find(cat, "aws", id);
	assert_non_null(o);
	return ipl_offer_price_at(o, date)->amount;
}

/* the Spot split and the whole monthly figure, recomputed here from the catalog's rates */
static void
test_aws_cost_by_hand(void **state)
{
	static const char yaml[] =
		"name: t\nprovider: aws\ncurrency: USD\nsettings: {spot_weight: 70, on_demand_base: 1}\n"
		"services:\n"
		"  - {name: web, kind: app, image: x/web:1, cpu: 0.5, memory: 1Gi, replicas: 4}\n"
		"  - {name: db, kind: postgres, instance_type: db.t3.micro, storage: 20GB}\n"
		"  - {name: cache, kind: redis}\n";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	double od, spot, expect = 0, sum = 0;
	int d;
	size_t i;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	plan = plan_text(yaml, &arena, &diags, &cat);
	assert_non_null(plan);
	assert_int_equal(ipl_cost_estimate(&cost, plan, NULL, &arena, &diags), 0);
	d = plan->prices_date;
	/* 4 tasks: 1 base on demand, then 3 split 30/70 */
	od = 1 + 3 * 0.3;
	spot = 3 * 0.7;
	expect += ipl_money_round(0.5 * od * 730 * rate(cat, "fargate-x86-vcpu", d));
	expect += ipl_money_round(1.0 * od * 730 * rate(cat, "fargate-x86-gb", d));
	expect += ipl_money_round(0.5 * spot * 730 * rate(cat, "fargate-spot-x86-vcpu", d));
	expect += ipl_money_round(1.0 * spot * 730 * rate(cat, "fargate-spot-x86-gb", d));
	expect += ipl_money_round(4 * 730 * rate(cat, "public-ipv4", d));
	expect += ipl_money_round(730 * rate(cat, "db.t3.micro", d));
	expect += ipl_money_round(20 * rate(cat, "rds-gp3", d));
	expect += ipl_money_round(730 * rate(cat, "cache.t4g.micro", d));
	/* no public service: no load balancer */
	assert_true(cost->monthly_total > expect - 0.005 && cost->monthly_total < expect + 0.005);
	for (i = 0; i < cost->items_nr; i++)
		sum += cost->items[i].monthly;
	assert_true(ipl_money_round(sum) == cost->monthly_total);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

/* 003 prices a 0.5 vCPU / 1 GB task at $0.04048 an hour: that is one vCPU */
static void
test_seed_003_task_price(void **state)
{
	double hourly = 0.5 * 0.04048 + 1 * 0.004445;

	(void)state;
	assert_true(ipl_money_round(hourly * 730) == 18.02);
	assert_true(ipl_money_round(0.04048 * 730) == 29.55);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fargate_valid_pairs),
		cmocka_unit_test(test_fargate_round_up),
		cmocka_unit_test(test_fargate_impossible),
		cmocka_unit_test(test_graviton_equivalent),
		cmocka_unit_test(test_observed_headroom),
		cmocka_unit_test(test_stateful_kept_off_spot),
		cmocka_unit_test(test_impossible_size_refused),
		cmocka_unit_test(test_aws_cost_by_hand),
		cmocka_unit_test(test_seed_003_task_price),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
