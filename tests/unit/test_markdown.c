/*
 * test_markdown.c: the Markdown infraplan writes (COST.md and `cost --format
 * markdown`, planners/cost.c; the pull-request comment of `diff --format
 * markdown`, planners/costdiff.c) with a hostile string in every field a
 * user controls: the plan's name, line item names (services, nodes, extras),
 * notes, sources (they hold the spec's file name), catalog strings, spec
 * paths, renames and the revisions given on the command line. Every table
 * row keeps its number of cells, no code span is left open, and nothing
 * becomes a link, an image, HTML or an autolink (markdown_check.h).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "planners/cost.h"
#include "planners/costdiff.h"

#include "markdown_check.h"

static const char *const hostile[] = {
	"[x](https://evil.example)",
	"![x](https://evil.example/i.png)",
	"a`b``c",
	"a\\|b",
	"x\\\\|y|z\\",
	"<img src=x onerror=alert(1)>",
	"www.evil.example and http://evil.example",
	"line\n| forged | row |\n",
	"*em* _em_ ~~del~~ # [ref]: https://evil.example",
	"- [ ] task",
};

#define HOSTILE_NR IPL_ARRAY_SIZE(hostile)

static void
test_cost_markdown(void **state)
{
	struct ipl_line_item items[HOSTILE_NR];
	struct ipl_comparison cmps[HOSTILE_NR];
	struct ipl_rate_used rates[HOSTILE_NR];
	struct ipl_cost k;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;

	(void)state;
	memset(&k, 0, sizeof(k));
	memset(items, 0, sizeof(items));
	memset(cmps, 0, sizeof(cmps));
	memset(rates, 0, sizeof(rates));
	for (i = 0; i < HOSTILE_NR; i++) {
		const char *h = hostile[i], *g = hostile[(i + 1) % HOSTILE_NR];
		items[i] = (struct ipl_line_item){ .name = h,
						   .category = "node",
						   .quantity = 1,
						   .unit = g,
						   .unit_price = 1,
						   .price_currency = h,
						   .monthly = 1,
						   .source = g,
						   .valid_from = h,
						   .confidence = g,
						   .note = h };
		cmps[i] = (struct ipl_comparison){
			.name = h, .monthly = 2, .source = g, .valid_from = h
		};
		rates[i] = (struct ipl_rate_used){
			.code = "USD", .value = 1.1, .source = h, .valid_from = g
		};
	}
	k.name = hostile[0];
	k.provider = "hetzner";
	k.currency = "EUR";
	k.prices_as_of = hostile[1];
	k.catalog = hostile[2];
	k.items = items;
	k.items_nr = HOSTILE_NR;
	k.comparisons = cmps;
	k.comparisons_nr = HOSTILE_NR;
	k.rates = rates;
	k.rates_nr = HOSTILE_NR;
	k.monthly_total = HOSTILE_NR;
	ipl_cost_write_markdown(&k, &b);
	md_assert_columns(ipl_buf_str(&b), 6);
	md_assert_inert(ipl_buf_str(&b), NULL, 0);
	/* one row per item, the header, the rule and the total: no row forged or lost */
	{
		size_t rows = 0;
		const char *p;
		for (p = ipl_buf_str(&b); (p = strstr(p, "\n|")); p++)
			rows++;
		assert_int_equal(rows, HOSTILE_NR + 3);
	}
	ipl_buf_release(&b);
}

static void
test_diff_markdown(void **state)
{
	static const char *const allowed[] = { IPL_DIFF_MARKER,
					       "<details><summary>Line items</summary>",
					       "[!WARNING]", "</details>" };
	struct ipl_line_change changes[HOSTILE_NR];
	struct ipl_stateful_change stateful[HOSTILE_NR];
	struct ipl_plan_diff d[HOSTILE_NR];
	struct ipl_buf b = IPL_BUF_INIT;
	const char *details;
	char *head;
	size_t i;

	(void)state;
	for (i = 0; i < HOSTILE_NR; i++) {
		changes[i] = (struct ipl_line_change){ .op = '~',
						       .name = hostile[i],
						       .detail = hostile[(i + 2) % HOSTILE_NR],
						       .before = 1,
						       .after = 2 };
		stateful[i].reason = hostile[(i + 3) % HOSTILE_NR];
		d[i] = (struct ipl_plan_diff){ .spec = hostile[i],
					       .renamed_from = hostile[(i + 1) % HOSTILE_NR],
					       .status = "changed",
					       .before = 1,
					       .after = 2,
					       .changes = changes,
					       .changes_nr = HOSTILE_NR,
					       .stateful = stateful,
					       .stateful_nr = HOSTILE_NR };
	}
	ipl_costdiff_write(d, HOSTILE_NR, "EUR", hostile[3], hostile[4], "markdown", &b);
	md_assert_inert(ipl_buf_str(&b), allowed, IPL_ARRAY_SIZE(allowed));
	/* the plans' table has 4 cells a row, the line items' tables 5 */
	details = strstr(ipl_buf_str(&b), "<details>");
	assert_non_null(details);
	head = strndup(ipl_buf_str(&b), (size_t)(details - ipl_buf_str(&b)));
	assert_non_null(head);
	md_assert_columns(head, 4);
	md_assert_columns(details, 5);
	free(head);
	ipl_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cost_markdown),
		cmocka_unit_test(test_diff_markdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
