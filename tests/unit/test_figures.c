/*
 * test_figures.c: the figures a report prints can be trusted: one strict
 * date parser (core/date.h) for the catalog, the cache, the ECB feed and the
 * spec; per-entry checks of cached prices and rates (an absurd, negative or
 * foreign-currency price, or a 30th of February, is dropped with a warning);
 * money that never prints inf or nan; a commit message that never says
 * "(+inf)"; cost --hours moving only the services costed by load.gpu_hours.
 */
#include "core/common.h"

#include <math.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/diag.h"
#include "planners/commit_message.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "model/spec.h"
#include "catalog/catalog_cache.h"
#include "catalog/fetch/ecb_rates.h"

/* ---- Dates ---- */

static void
test_date_parse(void **state)
{
	static const char *const good[] = { "2026-03-27", "2028-02-29", "2000-02-29",
					    "2000-01-01", "2100-12-31", "2026-12-31" };
	static const char *const bad[] = { "2026-02-30",  "2027-02-29",  "2100-02-29", "2026-04-31",
					   "2026-13-01",  "2026-00-10",  "2026-01-00", "2026-1-05",
					   " 2026-01-05", "2026-01-05x", "+026-01-05", "2026/01/05",
					   "1999-12-31",  "2101-01-01",  "",           "2026-01-0" };
	const char *why;
	size_t i;
	int ymd;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(good); i++) {
		ymd = 0;
		if (ipl_date_parse(good[i], &ymd, &why) < 0)
			fail_msg("\"%s\" refused: %s", good[i], why);
		assert_int_equal(ymd, (int)strtol(good[i], NULL, 10) * 10000 +
					      (int)strtol(good[i] + 5, NULL, 10) * 100 +
					      (int)strtol(good[i] + 8, NULL, 10));
	}
	for (i = 0; i < IPL_ARRAY_SIZE(bad); i++)
		if (ipl_date_parse(bad[i], &ymd, &why) == 0)
			fail_msg("\"%s\" accepted as %d", bad[i], ymd);
	assert_int_equal(ipl_date_parse("2026-02-30", &ymd, &why), -1);
	assert_string_equal(why, "expected a real calendar date as YYYY-MM-DD");
	assert_int_equal(ipl_date_parse(NULL, &ymd, NULL), -1);
}

/* the ECB feed reads its dates with the same parser */
static void
test_ecb_impossible_date(void **state)
{
	static const char xml[] =
		"<?xml version='1.0' encoding='UTF-8'?>\n"
		"<gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01' "
		"xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'>\n"
		"<Cube><Cube time='2026-02-30'><Cube currency='USD' rate='1.1539'/></Cube></Cube>\n"
		"</gesmes:Envelope>\n";
	struct ipl_ecb_rates r;
	char err[256];

	(void)state;
	assert_int_equal(ipl_ecb_rates_parse(&r, xml, sizeof(xml) - 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "2026-02-30"));
}

/* ---- The price cache ---- */

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

#define PRICE(amount, currency, valid_from)                                              \
	"{\"amount\": " amount ", \"currency\": \"" currency "\", \"unit\": \"month\", " \
	"\"valid_from\": \"" valid_from "\", \"confidence\": \"vendor\", \"source\": \"t\"}"
#define SERVER(id, price)                                                                        \
	"{\"id\": \"" id "\", \"name\": \"" id "\", \"kind\": \"server\", \"product_id\": \"" id \
	"\", \"vcpu\": 4, \"memory_gib\": 8, \"disk_gb\": 80, \"prices\": [" price "]}"

static bool
has_warning(const struct ipl_diags *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		if (d->items[i].severity == IPL_WARNING && strstr(d->items[i].message, needle))
			return true;
	return false;
}

static void
test_cache_drops_bad_entries(void **state)
{
	char dir[] = "/tmp/ipl-figures-XXXXXX", path[128];
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	const struct ipl_offer *o;
	const struct ipl_rate_entry *r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hetzner.json", dir);
	write_file(
		path,
		"{\"format\": 1, \"catalog\": \"cache\", \"provider\": \"hetzner\", "
		"\"date\": \"2026-12-01\", \"offers\": [" SERVER("cx33", PRICE("1e308", "EUR", "2026-12-01")) ", " SERVER(
			"cx43",
			PRICE("-1", "EUR",
			      "2026-12-01")) ", " SERVER("cx53",
							 PRICE("20", "XYZ",
							       "2026-12-01")) ", " SERVER("cpx22",
											  PRICE("9",
												"EUR",
												"2026-02-30")) ", " SERVER("cax11",
															   PRICE("4.25",
																 "EUR",
																 "2026-12-01")) "]}");
	snprintf(path, sizeof(path), "%s/rates.json", dir);
	write_file(path, "{\"format\": 1, \"catalog\": \"cache\", \"provider\": \"rates\", "
			 "\"date\": \"2026-12-01\", \"rates\": ["
			 "{\"code\": \"INR\", \"value\": 1e308, \"valid_from\": \"2026-12-01\", "
			 "\"source\": \"t\"}, "
			 "{\"code\": \"USD\", \"value\": 1.2, \"valid_from\": \"2026-12-01\", "
			 "\"source\": \"t\"}]}");
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_catalog_load(&cat, false, dir, NULL, &arena, &diags), 0);
	assert_false(ipl_diags_has_errors(&diags));
	/* the file is used: its good price is the newest of cax11 */
	o = ipl_catalog_find(cat, "hetzner", "cax11");
	assert_non_null(o);
	assert_true(ipl_offer_price_at(o, 20261201)->amount == 4.25);
	/* each bad price is dropped: the embedded one stays in force */
	o = ipl_catalog_find(cat, "hetzner", "cx33");
	assert_true(ipl_offer_price_at(o, 20261201)->amount < 100);
	o = ipl_catalog_find(cat, "hetzner", "cx43");
	assert_true(ipl_offer_price_at(o, 20261201)->amount > 0);
	o = ipl_catalog_find(cat, "hetzner", "cx53");
	assert_string_equal(ipl_offer_price_at(o, 20261201)->currency, "EUR");
	assert_true(has_warning(&diags, "a price of \"cx33\" ignored: an amount of 1e+308, above"));
	assert_true(has_warning(&diags, "a price of \"cx43\" ignored: a negative amount (-1)"));
	assert_true(has_warning(&diags, "a price of \"cx53\" ignored: unknown currency \"XYZ\""));
	assert_true(has_warning(&diags, "a price of \"cpx22\" ignored: valid_from \"2026-02-30\": "
					"expected a real calendar date"));
	assert_true(has_warning(&diags, "a rate of \"INR\" ignored: an amount of 1e+308"));
	r = ipl_catalog_rate_at(cat, "INR", 20261201);
	assert_true(r->value < 1000);
	r = ipl_catalog_rate_at(cat, "USD", 20261201);
	assert_true(r->value == 1.2);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	snprintf(path, sizeof(path), "%s/hetzner.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rates.json", dir);
	unlink(path);
	rmdir(dir);
}

/* the embedded catalog is ours: the same entries are errors there, not warnings */
static void
test_embedded_refuses_bad_entries(void **state)
{
	static const char text[] = "{\"provider\": \"hetzner\", \"date\": \"2026-11-22\", "
				   "\"offers\": [" SERVER("cx33",
							  PRICE("9", "EUR", "2026-02-30")) "]}";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog cat = { 0 };

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(
		ipl_catalog_add_json(&cat, "t.json", text, sizeof(text) - 1, &arena, &diags), -1);
	assert_non_null(strstr(diags.items[0].message, "valid_from \"2026-02-30\""));
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

/* ---- Money ---- */

static void
test_money_never_inf(void **state)
{
	const double bad[] = { INFINITY, -INFINITY, NAN, 1e308, -1e13 };
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(bad); i++) {
		struct ipl_buf b = IPL_BUF_INIT;
		ipl_money_format(&b, bad[i]);
		assert_string_equal(ipl_buf_str(&b), "null");
		assert_false(ipl_money_ok(bad[i]));
		ipl_buf_release(&b);
	}
	{
		struct ipl_buf b = IPL_BUF_INIT;
		ipl_money_format(&b, 1234.505);
		assert_string_equal(ipl_buf_str(&b), "1234.51");
		ipl_buf_release(&b);
	}
}

static void
test_commit_message_absurd_previous(void **state)
{
	struct ipl_cost cost = { 0 };
	struct ipl_buf prev = IPL_BUF_INIT, msg = IPL_BUF_INIT;

	(void)state;
	cost.name = "shop";
	cost.currency = "EUR";
	cost.monthly_total = 12.5;
	ipl_buf_adds(&prev, "{\"currency\": \"EUR\", \"monthly_total\": 1e308}");
	ipl_commit_message(&cost, &prev, NULL, NULL, &msg);
	assert_string_equal(ipl_buf_str(&msg),
			    "shop: 12.50 EUR/month (change unknown: the committed "
			    "cost.json is unreadable)\n");
	/* found by fuzz_cost_json: a currency with a line break split the subject line */
	ipl_buf_reset(&prev);
	ipl_buf_reset(&msg);
	ipl_buf_adds(&prev, "{\"currency\": \"E\\nU\", \"monthly_total\": 3}");
	ipl_commit_message(&cost, &prev, NULL, NULL, &msg);
	assert_string_equal(ipl_buf_str(&msg),
			    "shop: 12.50 EUR/month (change unknown: the committed "
			    "cost.json is unreadable)\n");
	/* schema_version (docs/json.md): 1 and none (before it existed) read alike */
	ipl_buf_reset(&prev);
	ipl_buf_reset(&msg);
	ipl_buf_adds(&prev,
		     "{\"schema_version\": 1, \"currency\": \"EUR\", \"monthly_total\": 10}");
	ipl_commit_message(&cost, &prev, NULL, NULL, &msg);
	assert_string_equal(ipl_buf_str(&msg), "shop: 12.50 EUR/month (+2.50)\n");
	/* one this build does not know is refused, and said so */
	ipl_buf_reset(&prev);
	ipl_buf_reset(&msg);
	ipl_buf_adds(&prev,
		     "{\"schema_version\": 2, \"currency\": \"EUR\", \"monthly_total\": 10}");
	ipl_commit_message(&cost, &prev, NULL, NULL, &msg);
	assert_string_equal(ipl_buf_str(&msg),
			    "shop: 12.50 EUR/month (change unknown: the committed cost.json has "
			    "schema_version 2, this infraplan reads 1)\n");
	ipl_buf_reset(&prev);
	ipl_buf_reset(&msg);
	ipl_buf_adds(&prev,
		     "{\"schema_version\": \"1\", \"currency\": \"EUR\", \"monthly_total\": 10}");
	ipl_commit_message(&cost, &prev, NULL, NULL, &msg);
	assert_string_equal(ipl_buf_str(&msg),
			    "shop: 12.50 EUR/month (change unknown: the committed "
			    "cost.json is unreadable)\n");
	ipl_buf_release(&prev);
	ipl_buf_release(&msg);
}

/* gen --commit warns in the log when the change replaces data (issue "Change without losing data") */
static void
test_commit_message_warns_of_replaced_data(void **state)
{
	struct ipl_cost cost = { 0 };
	struct ipl_buf msg = IPL_BUF_INIT;
	struct ipl_stateful_change why = {
		"node main holds db (postgres): it is removed; its data must be migrated first"
	};
	struct ipl_plan_diff change = { 0 };

	(void)state;
	cost.name = "shop";
	cost.currency = "EUR";
	cost.monthly_total = 10.16;
	/* a change that replaces nothing adds nothing */
	ipl_commit_message(&cost, NULL, "Split.", &change, &msg);
	assert_string_equal(ipl_buf_str(&msg), "shop: 10.16 EUR/month (new plan)\n\nSplit.\n");
	ipl_buf_reset(&msg);
	change.stateful = &why;
	change.stateful_nr = 1;
	ipl_commit_message(&cost, NULL, "Split.", &change, &msg);
	assert_string_equal(ipl_buf_str(&msg),
			    "shop: 10.16 EUR/month (new plan)\n\nSplit.\n\n"
			    "Warning: this change destroys or replaces resources that hold data:\n"
			    "- node main holds db (postgres): it is removed; its data must be "
			    "migrated first\n");
	ipl_buf_release(&msg);
}

/* ---- cost --hours ---- */

static void
test_hours_follow_gpu_only(void **state)
{
	static const char yaml[] =
		"name: hours\nprovider: koyeb\nregion: fra\ncurrency: USD\n"
		"load: {gpu_hours: 50}\n"
		"services:\n"
		"  - {name: worker, kind: app, image: r.example.com/w:1, port: 8080, public: true, gpu: rtx-4000,\n"
		"     min_replicas: 0, max_replicas: 1}\n"
		"  - {name: gpu-own, kind: app, image: r.example.com/g:1, port: 8081, public: true, gpu: rtx-4000,\n"
		"     min_replicas: 0, max_replicas: 1, hours_per_month: 5}\n"
		"  - {name: preview, kind: app, image: r.example.com/p:1, port: 8000, public: true, cpu: 1,\n"
		"     memory: 1Gi, min_replicas: 0, max_replicas: 1, hours_per_month: 20}\n";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;
	struct ipl_plan_options o = { IPL_UNSET, 150, 0 };

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_spec_parse(&spec, "t.yaml", yaml, sizeof(yaml) - 1, &arena, &diags),
			 0);
	assert_int_equal(ipl_catalog_load(&cat, true, NULL, NULL, &arena, &diags), 0);
	assert_int_equal(ipl_plan_build(&plan, spec, cat, &o, &arena, &diags), 0);
	assert_int_equal(plan->nodes_nr, 3);
	assert_true(plan->nodes[0].instances.active_hours == 150);
	assert_true(plan->nodes[1].instances.active_hours == 5);
	assert_true(plan->nodes[2].instances.active_hours == 20);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_ecb_impossible_date),
		cmocka_unit_test(test_cache_drops_bad_entries),
		cmocka_unit_test(test_embedded_refuses_bad_entries),
		cmocka_unit_test(test_money_never_inf),
		cmocka_unit_test(test_commit_message_absurd_previous),
		cmocka_unit_test(test_commit_message_warns_of_replaced_data),
		cmocka_unit_test(test_hours_follow_gpu_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
