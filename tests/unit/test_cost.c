/*
 * test_cost.c: planners/cost.c, every line kind recomputed by hand from the
 * catalog's rates (catalog/data/, in force on its date 2026-11-22):
 * monthly and yearly prices, hourly prices times 730 hours (cost.h), free
 * allowances of GB-month and per-million prices, conversion through EUR
 * (catalog.json: 1 EUR = 1.1539 USD, ECB 2026-03-27 via seed 001; 92.85 INR
 * via seed 000), rounding of each line to the cent once and a total that is
 * the sum of the rounded lines, and price overrides (docs/spec.md,
 * "price_overrides": the monthly amount per instance, never per hour).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "plan_fixture.h"

#define USD_PER_EUR 1.1539
#define INR_PER_EUR 92.85

/* one service that lands on a CX23 (test_plan_sizing.c says why) */
#define HETZNER_CX23                              \
	"name: t\nprovider: hetzner\nservices:\n" \
	"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 1, memory: 1Gi}\n"

static void
assert_total_is_sum_of_lines(const struct ipl_cost *k)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < k->items_nr; i++)
		sum += k->items[i].monthly;
	assert_near(k->monthly_total, ipl_money_round(sum));
}

/* ---- Rounding ----------------------------------------------------------- */

static void
test_money_round(void **state)
{
	(void)state;
	/* half away from zero, on cents */
	assert_near(ipl_money_round(0.125), 0.13);
	assert_near(ipl_money_round(-0.125), -0.13);
	assert_near(ipl_money_round(0.124), 0.12);
	/* 2.675 is 2.67499999... in binary: still the 2.68 a reader expects */
	assert_near(ipl_money_round(2.675), 2.68);
	assert_near(ipl_money_round(6.334911), 6.33);
	assert_near(ipl_money_round(0), 0);
}

/* ---- Monthly prices, Hetzner's IPv4, currency conversion ---------------- */

/* CX23 5.49 EUR a month and its primary IPv4 0.50 EUR a month (hetzner.json) */
static void
test_monthly_lines_in_eur(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(&f, HETZNER_CX23, NULL);
	assert_string_equal(f.cost->currency, "EUR");
	assert_string_equal(f.cost->prices_as_of, "2026-11-22");
	assert_int_equal(f.cost->items_nr, 2);
	it = planned_item(&f, "node main (CX23)");
	assert_string_equal(it->unit, "month");
	assert_near(it->quantity, 1);
	assert_near(it->unit_price, 5.49);
	assert_string_equal(it->price_currency, "EUR");
	assert_string_equal(it->valid_from, "2026-06-15");
	assert_string_equal(it->confidence, "third-party");
	assert_near(it->monthly, 5.49);
	it = planned_item(&f, "primary IPv4 for node main");
	assert_near(it->monthly, 0.50);
	assert_near(f.cost->monthly_total, 5.99);
	/* EUR to EUR needs no rate */
	assert_int_equal(f.cost->rates_nr, 0);
	planned_release(&f);
}

/*
 * In USD each line is converted, then rounded: 5.49 x 1.1539 = 6.334911 ->
 * 6.33, 0.50 x 1.1539 = 0.57695 -> 0.58; the total is 6.91, and the rate
 * used is reported with its source.
 */
static void
test_conversion_to_usd(void **state)
{
	struct planned f;

	(void)state;
	planned_cost(&f, HETZNER_CX23, "USD");
	assert_near(planned_item(&f, "node main")->monthly, 6.33);
	assert_near(planned_item(&f, "primary IPv4")->monthly, 0.58);
	assert_near(f.cost->monthly_total, 6.91);
	assert_int_equal(f.cost->rates_nr, 1);
	assert_string_equal(f.cost->rates[0].code, "USD");
	assert_near(f.cost->rates[0].value, USD_PER_EUR);
	assert_string_equal(f.cost->rates[0].valid_from, "2026-03-27");
	assert_total_is_sum_of_lines(f.cost);
	planned_release(&f);

	/* the spec's own rate comes before the catalog's */
	planned_cost(
		&f,
		"name: t\nprovider: hetzner\ncurrency: USD\nrates: {USD: 2}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 1, memory: 1Gi}\n",
		NULL);
	assert_near(planned_item(&f, "node main")->monthly, 10.98);
	assert_string_equal(f.cost->rates[0].source, "the spec's rates");
	planned_release(&f);
}

/*
 * A USD price in an INR report goes through EUR: Porkbun's .com at 11.08 USD
 * a year is 11.08 / 12 / 1.1539 x 92.85 = 74.30 INR a month.
 */
static void
test_cross_rate_through_eur(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(&f, HETZNER_CX23 "extras:\n  - {kind: domain, plan: porkbun-com}\n", "INR");
	it = planned_item(&f, "domain: .com domain (Porkbun)");
	assert_string_equal(it->unit, "year");
	assert_near(it->unit_price, 11.08);
	assert_string_equal(it->price_currency, "USD");
	assert_near(it->monthly, ipl_money_round(11.08 / 12 / USD_PER_EUR * INR_PER_EUR));
	assert_near(it->monthly, 74.30);
	assert_string_equal(it->note, "11.08 USD a year, amortised over 12 months");
	/* 5.49 x 92.85 = 509.7465 */
	assert_near(planned_item(&f, "node main")->monthly, 509.75);
	assert_int_equal(f.cost->rates_nr, 2);
	assert_total_is_sum_of_lines(f.cost);
	planned_release(&f);
}

/* ---- Extras ------------------------------------------------------------- */

/*
 * MailerSend Hobby is 7.00 USD from 2026-11-22 (services.json): 7 / 1.1539 =
 * 6.0664 -> 6.07 EUR; on 2026-03-27 it was 5.15 EUR. A yearly price of one's
 * own, 30 EUR, is 2.50 a month.
 */
static void
test_extras(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(&f,
		     HETZNER_CX23 "extras:\n  - {kind: smtp, plan: mailersend-hobby}\n"
				  "  - {kind: web_hosting, name: legacy site, yearly: 30}\n",
		     NULL);
	it = planned_item(&f, "smtp: MailerSend Hobby");
	assert_near(it->monthly, 6.07);
	assert_string_equal(it->valid_from, "2026-11-22");
	it = planned_item(&f, "web_hosting: legacy site");
	assert_near(it->monthly, 2.50);
	assert_string_equal(it->confidence, "spec");
	assert_near(f.cost->monthly_total, 5.99 + 6.07 + 2.50);
	planned_release(&f);

	planned_cost(&f,
		     "name: t\nprovider: hetzner\nprices_as_of: 2026-03-27\nservices:\n"
		     "  - {name: web, kind: app, image: r.example.com/web:1}\n"
		     "extras:\n  - {kind: smtp, plan: mailersend-hobby}\n",
		     NULL);
	assert_near(planned_item(&f, "smtp: MailerSend Hobby")->monthly, 5.15);
	planned_release(&f);
}

/* ---- GB-month prices and their free allowance --------------------------- */

/*
 * Backblaze B2 from 2026-05-01: 0.00695 USD a GB-month, the first 10 GB free.
 * 50 GB: 40 x 0.00695 = 0.278 USD = 0.2409 EUR -> 0.24. 5 GB: all free.
 */
static void
test_backup_free_allowance(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(&f, HETZNER_CX23 "backup: {target: b2, size: 50}\n", NULL);
	it = planned_item(&f, "backup storage (Backblaze B2, 50 GB retained)");
	assert_string_equal(it->unit, "GB-month");
	assert_near(it->quantity, 50);
	assert_near(it->free_quantity, 10);
	assert_near(it->monthly, ipl_money_round(40 * 0.00695 / USD_PER_EUR));
	assert_near(it->monthly, 0.24);
	assert_string_equal(it->note, "first 10 GB free");
	planned_release(&f);

	planned_cost(&f, HETZNER_CX23 "backup: {target: b2, size: 5}\n", NULL);
	it = planned_item(&f, "backup storage");
	assert_near(it->free_quantity, 5);
	assert_near(it->monthly, 0);
	planned_release(&f);

	/* the default size: the stateful services' storage plus the uploads, 20 + 30 */
	planned_cost(&f,
		     "name: t\nprovider: hetzner\nload: {uploads: 30GB}\nservices:\n"
		     "  - {name: web, kind: app, image: r.example.com/web:1}\n"
		     "  - {name: db, kind: postgres, storage: 20GB}\n"
		     "backup: {target: b2}\n",
		     NULL);
	assert_near(planned_item(&f, "backup storage (Backblaze B2, 50 GB retained)")->monthly,
		    0.24);
	planned_release(&f);
}

/* ---- Hourly prices: 730 hours a month ----------------------------------- */

/*
 * Koyeb bills by the second: 2 always-on "small" instances (1 vCPU, 1 GiB,
 * 0.0144 USD an hour) are 2 x 730 x 0.0144 = 21.024 -> 21.02 USD. A GPU
 * worker that scales to zero (RTX 4000 SFF Ada, 0.50 an hour) for 50 hours
 * is 25.00, and is compared with the same GPU around the clock, 365.00.
 */
static void
test_hourly_lines(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(
		&f,
		"name: t\nprovider: koyeb\ncurrency: USD\nservices:\n"
		"  - {name: api, kind: app, image: r.example.com/api:1, port: 8000, public: true,\n"
		"     cpu: 1, memory: 1Gi, replicas: 2}\n"
		"  - {name: stt, kind: worker, image: r.example.com/stt:1, port: 8080, public: true,\n"
		"     gpu: rtx-4000, min_replicas: 0, max_replicas: 1, hours_per_month: 50}\n",
		NULL);
	it = planned_item(&f, "service api (");
	assert_string_equal(it->unit, "hour");
	assert_near(it->quantity, 2 * 730);
	assert_near(it->unit_price, 0.0144);
	assert_near(it->monthly, 21.02);
	assert_string_equal(it->note, "2 always on, 730 hours");
	it = planned_item(&f, "service stt (");
	assert_near(it->quantity, 50);
	assert_near(it->monthly, 25.00);
	assert_string_equal(it->note, "50 active hours a month, nothing while asleep");
	assert_near(f.cost->monthly_total, 46.02);
	assert_true(f.cost->comparisons_nr >= 1);
	assert_near(f.cost->comparisons[0].monthly, 365.00);
	planned_release(&f);
}

/*
 * AWS's hourly and per-million lines (aws.json): an ALB for a public
 * service, 0.0225 x 730 = 16.425 -> 16.43 USD, and 1 LCU, 0.008 x 730 =
 * 5.84; SQS assumes 1 million requests, which its free million covers; S3
 * Standard has no free allowance here: 100 x 0.023 = 2.30.
 */
static void
test_aws_hourly_and_free_million(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(
		&f,
		"name: t\nprovider: aws\ncurrency: USD\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 0.25, memory: 512Mi}\n"
		"  - {name: jobs, kind: queue}\n"
		"  - {name: files, kind: object_storage, storage: 100GB}\n",
		NULL);
	it = planned_item(&f, "load balancer: ALB hours");
	assert_near(it->quantity, 730);
	assert_near(it->monthly, 16.43);
	assert_near(planned_item(&f, "load balancer: 1 LCU")->monthly, 5.84);
	it = planned_item(&f, "queue jobs: SQS requests");
	assert_string_equal(it->unit, "million requests");
	assert_near(it->free_quantity, 1);
	assert_near(it->monthly, 0);
	assert_string_equal(it->note, "first 1 million free");
	assert_near(planned_item(&f, "bucket files: S3 Standard, 100 GB")->monthly, 2.30);
	assert_total_is_sum_of_lines(f.cost);
	planned_release(&f);
}

/* ---- Overrides ---------------------------------------------------------- */

/*
 * An override of a node is its monthly amount per instance: two CX23 at
 * 4.00 are 8.00, and the report keeps the catalog price it replaced.
 */
static void
test_override_per_instance(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;

	(void)state;
	planned_cost(
		&f,
		"name: t\nprovider: hetzner\n"
		"nodes:\n  - {name: vps1, type: cx23, count: 2}\n"
		"services:\n  - {name: web, kind: app, image: r.example.com/web:1, node: vps1}\n"
		"price_overrides:\n  - {target: vps1, monthly: 4, note: negotiated}\n",
		NULL);
	it = planned_item(&f, "node vps1 (CX23)");
	assert_near(it->quantity, 2);
	assert_near(it->unit_price, 4);
	assert_near(it->monthly, 8.00);
	assert_string_equal(it->confidence, "override");
	assert_string_equal(it->note, "negotiated");
	assert_non_null(it->replaced);
	assert_near(it->replaced->amount, 5.49);
	/* two primary IPv4s, not overridden: 2 x 0.50 */
	assert_near(planned_item(&f, "primary IPv4 for node vps1")->monthly, 1.00);
	assert_near(f.cost->monthly_total, 9.00);
	planned_release(&f);
}

/*
 * An override of an extra priced in the spec itself keeps that price as the
 * one it replaced: 2 EUR a month, shown beside the override of 1 (the
 * report once printed "catalog: 1.48e-323  /month", read from a dead stack
 * frame).
 */
static void
test_override_of_own_price(void **state)
{
	struct planned f;
	const struct ipl_line_item *it;
	struct ipl_buf md = IPL_BUF_INIT;

	(void)state;
	planned_cost(&f,
		     HETZNER_CX23 "extras:\n  - {kind: other, name: status page, monthly: 2}\n"
				  "price_overrides:\n  - {target: status page, monthly: 1}\n",
		     NULL);
	ipl_cost_write_markdown(f.cost, &md);
	it = planned_item(&f, "other: status page");
	assert_near(it->monthly, 1.00);
	assert_non_null(it->replaced);
	assert_near(it->replaced->amount, 2);
	assert_string_equal(it->replaced->currency, "EUR");
	assert_string_equal(it->replaced_unit, "month");
	/* the spec priced it: "spec:", not "catalog:" */
	if (!strstr(ipl_buf_str(&md), "spec: 2 EUR/month"))
		fail_msg("no replaced price in:\n%s", ipl_buf_str(&md));
	ipl_buf_release(&md);
	planned_release(&f);
}

/* an override that matches nothing is an error, not a silent no-op */
static void
test_override_matching_nothing(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f, HETZNER_CX23 "price_overrides:\n  - {target: vps9, monthly: 4}\n");
	assert_int_equal(ipl_cost_estimate(&f.cost, f.plan, NULL, &f.arena, &f.diags), -1);
	assert_null(f.cost);
	assert_non_null(
		planned_diag(&f, IPL_ERROR, "price override target \"vps9\" matches no node"));
	planned_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_round),
		cmocka_unit_test(test_monthly_lines_in_eur),
		cmocka_unit_test(test_conversion_to_usd),
		cmocka_unit_test(test_cross_rate_through_eur),
		cmocka_unit_test(test_extras),
		cmocka_unit_test(test_backup_free_allowance),
		cmocka_unit_test(test_hourly_lines),
		cmocka_unit_test(test_aws_hourly_and_free_million),
		cmocka_unit_test(test_override_per_instance),
		cmocka_unit_test(test_override_of_own_price),
		cmocka_unit_test(test_override_matching_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
