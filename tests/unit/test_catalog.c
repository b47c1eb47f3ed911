/*
 * test_catalog.c: the catalog loader (catalog/catalog.c). The embedded
 * catalog loads, with its date (catalog.json: 2026-11-22) and for every
 * price the source, valid-from date and confidence catalog.h promises;
 * prices keep their history (hetzner.json, CX23: 2.99 EUR from launch on
 * 2025-10-16, 3.99 from 2026-04-01, 5.49 from 2026-06-15, prices.md 3.2);
 * offers carry the dates they could be ordered (contabo.json: Cloud VPS 10
 * until 2026-06-24, Cloud VPS 4 from 2026-06-25); rates before the first
 * known one fall back to the earliest. A broken catalog file is refused with
 * the place of the error; a cache file's bad prices are dropped, and an
 * offer left with none is unknown, never free (test_figures.c covers the
 * per-entry checks of amounts, currencies and dates).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/diag.h"
#include "catalog/catalog.h"

struct loaded {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
};

static void
load(struct loaded *l)
{
	ipl_arena_init(&l->arena);
	ipl_diags_init(&l->diags);
	assert_int_equal(ipl_catalog_load_embedded(&l->cat, &l->arena, &l->diags), 0);
	assert_int_equal(l->diags.nr, 0);
}

static void
unload(struct loaded *l)
{
	ipl_diags_release(&l->diags);
	ipl_arena_release(&l->arena);
}

static bool
confidence_known(const char *c)
{
	return c && (!strcmp(c, "vendor") || !strcmp(c, "third-party") || !strcmp(c, "document") ||
		     !strcmp(c, "unverified"));
}

static void
test_embedded_is_complete(void **state)
{
	struct loaded l;
	size_t i, j;
	int ymd;

	(void)state;
	load(&l);
	assert_string_equal(l.cat->name, "embedded");
	assert_string_equal(l.cat->date, "2026-11-22");
	assert_int_equal(l.cat->date_ymd, 20261122);
	assert_true(l.cat->offers_nr > 40);
	for (i = 0; i < l.cat->offers_nr; i++) {
		const struct ipl_offer *o = &l.cat->offers[i];
		assert_non_null(o->id);
		assert_non_null(o->name);
		assert_non_null(o->provider);
		if (o->prices_nr == 0)
			fail_msg("offer %s has no price", o->id);
		if (o->kind == IPL_OFFER_SERVER &&
		    (o->vcpu <= 0 || o->memory_mib <= 0 || o->disk_gb <= 0 || !o->product_id))
			fail_msg("server %s lacks its size or product id", o->id);
		for (j = 0; j < o->prices_nr; j++) {
			const struct ipl_price *pr = &o->prices[j];
			if (!pr->source || !*pr->source)
				fail_msg("a price of %s has no source", o->id);
			if (!confidence_known(pr->confidence))
				fail_msg("a price of %s has confidence \"%s\"", o->id,
					 pr->confidence ? pr->confidence : "");
			assert_true(ipl_currency_known(pr->currency));
			assert_int_equal(ipl_date_parse(pr->valid_from_text, &ymd, NULL), 0);
			assert_int_equal(ymd, pr->valid_from);
			/* sorted by valid_from, as ipl_offer_price_at reads them */
			if (j > 0)
				assert_true(o->prices[j - 1].valid_from <= pr->valid_from);
		}
	}
	for (i = 0; i < l.cat->rates_nr; i++) {
		assert_non_null(l.cat->rates[i].source);
		assert_true(l.cat->rates[i].value > 0);
	}
	unload(&l);
}

static void
test_price_history(void **state)
{
	struct loaded l;
	const struct ipl_offer *o;

	(void)state;
	load(&l);
	o = ipl_catalog_find(l.cat, "hetzner", "cx23");
	assert_non_null(o);
	assert_string_equal(o->name, "CX23");
	assert_int_equal(o->kind, IPL_OFFER_SERVER);
	assert_true(o->vcpu == 2 && o->memory_mib == 4096 && o->disk_gb == 40);
	assert_null(ipl_offer_price_at(o, 20251015));
	assert_true(ipl_offer_price_at(o, 20251016)->amount == 2.99);
	assert_true(ipl_offer_price_at(o, 20260331)->amount == 2.99);
	assert_true(ipl_offer_price_at(o, 20260401)->amount == 3.99);
	assert_true(ipl_offer_price_at(o, 20260614)->amount == 3.99);
	assert_true(ipl_offer_price_at(o, 20260615)->amount == 5.49);
	assert_true(ipl_offer_price_at(o, 20991231)->amount == 5.49);
	assert_false(ipl_offer_available_at(o, 20251015));
	assert_true(ipl_offer_available_at(o, 20251016));
	unload(&l);
}

static void
test_availability_dates(void **state)
{
	struct loaded l;
	const struct ipl_offer *old, *renamed;

	(void)state;
	load(&l);
	old = ipl_catalog_find(l.cat, "contabo", "cloud-vps-10");
	renamed = ipl_catalog_find(l.cat, "contabo", "cloud-vps-4");
	assert_non_null(old);
	assert_non_null(renamed);
	assert_true(ipl_offer_available_at(old, 20260624));
	assert_false(ipl_offer_available_at(old, 20260625));
	assert_false(ipl_offer_available_at(renamed, 20260624));
	assert_true(ipl_offer_available_at(renamed, 20260625));
	/* a retired offer keeps its price, for plans as of an earlier date */
	assert_true(ipl_offer_price_at(old, 20261122)->amount == 4.50);
	unload(&l);
}

static void
test_find_and_rates(void **state)
{
	struct loaded l;
	const struct ipl_offer *o;
	const struct ipl_rate_entry *r;

	(void)state;
	load(&l);
	/* services.json: B2 is Backblaze's, found with no provider given */
	o = ipl_catalog_find(l.cat, NULL, "b2");
	assert_non_null(o);
	assert_string_equal(o->provider, "backblaze");
	assert_int_equal(o->kind, IPL_OFFER_STORAGE);
	assert_true(ipl_offer_price_at(o, 20261122)->free_quantity == 10);
	assert_int_equal(ipl_offer_price_at(o, 20261122)->unit, IPL_PER_GB_MONTH);
	assert_null(ipl_catalog_find(l.cat, "hetzner", "cloud-vps-10"));
	assert_null(ipl_catalog_find(l.cat, NULL, "no-such-offer"));
	/* catalog.json: 1 EUR = 1.1539 USD from 2026-03-27 (ECB via seed 001) */
	r = ipl_catalog_rate_at(l.cat, "USD", 20261122);
	assert_non_null(r);
	assert_true(r->value == 1.1539);
	assert_string_equal(r->valid_from_text, "2026-03-27");
	/* before it, the earliest known is the best estimate (cost.c warns) */
	r = ipl_catalog_rate_at(l.cat, "USD", 20250101);
	assert_non_null(r);
	assert_true(r->value == 1.1539);
	assert_null(ipl_catalog_rate_at(l.cat, "GBP", 20261122));
	unload(&l);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(ipl_price_unit_name(IPL_PER_GB_MONTH), "gb_month");
	assert_string_equal(ipl_price_unit_label(IPL_PER_GB_MONTH), "GB-month");
	assert_string_equal(ipl_price_unit_name(IPL_PER_HOUR), "hour");
	assert_string_equal(ipl_price_unit_label(IPL_PER_MILLION), "million");
	assert_string_equal(ipl_offer_kind_name(IPL_OFFER_GPU), "gpu");
	assert_string_equal(ipl_offer_kind_name(IPL_OFFER_INSTANCE), "instance");
	assert_true(ipl_currency_known("INR"));
	assert_false(ipl_currency_known("eur"));
	assert_false(ipl_currency_known(NULL));
}

/* ---- Broken files ------------------------------------------------------- */

static int
add(struct loaded *l, const char *text, bool cache)
{
	ipl_arena_init(&l->arena);
	ipl_diags_init(&l->diags);
	l->cat = IPL_ARENA_NEW(&l->arena, struct ipl_catalog);
	return cache ? ipl_catalog_add_cache_json(l->cat, "t.json", text, strlen(text), &l->arena,
						  &l->diags)
		     : ipl_catalog_add_json(l->cat, "t.json", text, strlen(text), &l->arena,
					    &l->diags);
}

#define GOOD_PRICE                                                                     \
	"{\"amount\": 1, \"currency\": \"EUR\", \"unit\": \"month\", \"valid_from\": " \
	"\"2026-01-01\", \"confidence\": \"vendor\", \"source\": \"t\"}"

static void
test_broken_files_refused(void **state)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{ "{\"provider\": \"x\",\n \"offers\": [}", "catalog: invalid JSON" },
		{ "{\"provider\": \"x\", \"provider\": \"y\"}",
		  "catalog: invalid JSON: duplicate" },
		{ "{\"provider\": \"x\", \"offers\": [{\"id\": \"s\", \"name\": \"S\", \"kind\": "
		  "\"server\", \"prices\": [" GOOD_PRICE "]}]}",
		  "catalog: a server without vcpu, memory or product_id in \"s\"" },
		{ "{\"provider\": \"x\", \"offers\": [{\"id\": \"s\", \"name\": \"S\", \"kind\": "
		  "\"spaceship\", \"prices\": [" GOOD_PRICE "]}]}",
		  "catalog: unknown offer kind in \"s\"" },
		{ "{\"provider\": \"x\", \"offers\": [{\"id\": \"s\", \"name\": \"S\", \"kind\": "
		  "\"other\", \"prices\": []}]}",
		  "catalog: no prices in \"s\"" },
		{ "{\"provider\": \"x\", \"offers\": [{\"id\": \"s\", \"name\": \"S\", \"kind\": "
		  "\"other\", \"prices\": [{\"amount\": 1, \"currency\": \"EUR\", \"unit\": "
		  "\"fortnight\", \"valid_from\": \"2026-01-01\", \"confidence\": \"vendor\", "
		  "\"source\": \"t\"}]}]}",
		  "catalog: unknown price unit in \"s\"" },
		{ "{\"offers\": [{\"id\": \"s\", \"name\": \"S\", \"kind\": \"other\", \"prices\": "
		  "[" GOOD_PRICE "]}]}",
		  "catalog: an offer without a provider in \"s\"" },
		{ "{\"provider\": \"x\", \"date\": \"2026-13-01\"}",
		  "catalog: a date is not a real calendar date as YYYY-MM-DD" },
	};
	struct loaded l;
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(cases); i++) {
		if (add(&l, cases[i].text, false) != -1)
			fail_msg("case %zu accepted", i);
		assert_true(ipl_diags_has_errors(&l.diags));
		if (!strstr(l.diags.items[0].message, cases[i].message))
			fail_msg("case %zu: \"%s\", expected \"%s\"", i, l.diags.items[0].message,
				 cases[i].message);
		unload(&l);
	}
	/* invalid JSON is pointed at: line 2 */
	assert_int_equal(add(&l, cases[0].text, false), -1);
	assert_int_equal(l.diags.items[0].loc.line, 2);
	unload(&l);
}

/* a cache offer whose every price is dropped is not kept with none (it would cost nothing) */
static void
test_cache_offer_without_good_price_dropped(void **state)
{
	static const char text[] =
		"{\"provider\": \"x\", \"offers\": ["
		"{\"id\": \"gone\", \"name\": \"Gone\", \"kind\": \"other\", \"prices\": ["
		"{\"amount\": -5, \"currency\": \"EUR\", \"unit\": \"month\", \"valid_from\": "
		"\"2026-01-01\", \"confidence\": \"vendor\", \"source\": \"t\"}]}, "
		"{\"id\": \"kept\", \"name\": \"Kept\", \"kind\": \"other\", \"prices\": ["
		"{\"amount\": 2, \"currency\": \"EUR\", \"unit\": \"month\", \"valid_from\": "
		"\"2026-02-30\", \"confidence\": \"vendor\", \"source\": \"t\"}, " GOOD_PRICE
		"]}]}";
	struct loaded l;
	const struct ipl_offer *o;

	(void)state;
	assert_int_equal(add(&l, text, true), 0);
	assert_false(ipl_diags_has_errors(&l.diags));
	assert_int_equal(l.diags.nr, 2);
	assert_null(ipl_catalog_find(l.cat, "x", "gone"));
	o = ipl_catalog_find(l.cat, "x", "kept");
	assert_non_null(o);
	assert_int_equal(o->prices_nr, 1);
	assert_true(o->prices[0].amount == 1);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_is_complete),
		cmocka_unit_test(test_price_history),
		cmocka_unit_test(test_availability_dates),
		cmocka_unit_test(test_find_and_rates),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_broken_files_refused),
		cmocka_unit_test(test_cache_offer_without_good_price_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
