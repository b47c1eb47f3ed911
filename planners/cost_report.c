/*
 * cost_report.c: an estimate written out: the JSON (docs/cost-json.md),
 * Markdown (COST.md) and terminal table reports. Money is formatted by
 * core/money.c.
 */
#include "core/common.h"

#include "core/date.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/forecast.h"
#include "planners/coster.h"
#include "planners/mermaid.h"
#include "planners/provider.h"

/* ---- Reports ------------------------------------------------------------ */

/*
 * "catalog: 0.018 USD/hour": the price an override replaced, in its own unit
 * ("spec: 2 EUR/month" for an extra the spec priced itself)
 */
static void
write_replaced(struct ipl_buf *b, const struct ipl_line_item *it)
{
	const char *confidence = it->replaced->confidence;

	ipl_buf_addf(b, "%s: %.10g %s/%s",
		     confidence && !strcmp(confidence, "spec") ? "spec" : "catalog",
		     it->replaced->amount, it->replaced->currency, it->replaced_unit);
}

/* "catalog_price": the price an override replaced, on one line (docs/cost-json.md) */
static void
write_catalog_price(struct ipl_buf *b, const struct ipl_line_item *it)
{
	const struct ipl_price *pr = it->replaced;
	const char *const text[][2] = { { "price_currency", pr->currency },
					{ "unit", it->replaced_unit },
					{ "source", pr->source },
					{ "valid_from", pr->valid_from_text } };
	size_t i;

	ipl_buf_addf(b, ",\n      \"catalog_price\": {\"unit_price\": %.10g, \"quantity\": %.6g",
		     pr->amount, it->replaced_quantity);
	for (i = 0; i < IPL_ARRAY_SIZE(text); i++) {
		ipl_buf_addf(b, ", \"%s\": ", text[i][0]);
		ipl_escape_json_string(b, text[i][1] ? text[i][1] : "");
	}
	ipl_buf_adds(b, "}");
}

/* the document, with the warnings of diags when not NULL (cost --format json) */
static void
write_json(const struct ipl_cost *k, const struct ipl_diags *diags, struct ipl_buf *b)
{
	size_t i;

#define JSTR(key, val)                                         \
	do {                                                   \
		ipl_buf_adds(b, "\"" key "\": ");              \
		ipl_escape_json_string(b, (val) ? (val) : ""); \
	} while (0)
	ipl_buf_adds(b, "{\n  ");
	ipl_json_schema_version(b);
	ipl_buf_adds(b, ",\n  ");
	JSTR("name", k->name);
	ipl_buf_adds(b, ",\n  ");
	JSTR("provider", k->provider);
	ipl_buf_adds(b, ",\n  ");
	JSTR("currency", k->currency);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_money(b, "monthly_total", k->monthly_total);
	ipl_buf_adds(b, ",\n  ");
	JSTR("prices_as_of", k->prices_as_of);
	ipl_buf_adds(b, ",\n  ");
	JSTR("catalog", k->catalog);
	ipl_buf_adds(b, ",\n  \"hours_per_month\": 730,\n  \"exchange_rates\": [");
	for (i = 0; i < k->rates_nr; i++) {
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		ipl_buf_adds(b, "\"base\": \"EUR\", ");
		JSTR("code", k->rates[i].code);
		ipl_buf_addf(b, ", \"value\": %.6g, ", k->rates[i].value);
		JSTR("source", k->rates[i].source);
		ipl_buf_adds(b, ", ");
		JSTR("valid_from", k->rates[i].valid_from);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, k->rates_nr ? "\n  ],\n  \"line_items\": [" : "],\n  \"line_items\": [");
	for (i = 0; i < k->items_nr; i++) {
		const struct ipl_line_item *it = &k->items[i];
		ipl_buf_adds(b, i ? ",\n    {\n      " : "\n    {\n      ");
		JSTR("name", it->name);
		ipl_buf_adds(b, ",\n      ");
		JSTR("category", it->category);
		ipl_buf_adds(b, ",\n      ");
		ipl_json_money(b, "monthly", it->monthly);
		ipl_buf_addf(b, ",\n      \"quantity\": %.6g,\n      ", it->quantity);
		/* what is charged, so that monthly can be recomputed from the rates alone */
		if (it->free_quantity > 0)
			ipl_buf_addf(
				b,
				"\"free_quantity\": %.6g,\n      \"billable_quantity\": %.6g,\n      ",
				it->free_quantity, it->quantity - it->free_quantity);
		JSTR("unit", it->unit);
		ipl_buf_addf(b, ",\n      \"unit_price\": %.10g,\n      ", it->unit_price);
		JSTR("price_currency", it->price_currency);
		ipl_buf_adds(b, ",\n      ");
		JSTR("source", it->source);
		ipl_buf_adds(b, ",\n      ");
		JSTR("valid_from", it->valid_from);
		ipl_buf_adds(b, ",\n      ");
		JSTR("confidence", it->confidence);
		if (it->note) {
			ipl_buf_adds(b, ",\n      ");
			JSTR("note", it->note);
		}
		if (it->replaced)
			write_catalog_price(b, it);
		ipl_buf_adds(b, "\n    }");
	}
	ipl_buf_adds(b, k->items_nr ? "\n  ],\n  \"comparisons\": [" : "],\n  \"comparisons\": [");
	for (i = 0; i < k->comparisons_nr; i++) {
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		JSTR("name", k->comparisons[i].name);
		ipl_buf_adds(b, ", ");
		ipl_json_money(b, "monthly", k->comparisons[i].monthly);
		ipl_buf_adds(b, ", ");
		JSTR("source", k->comparisons[i].source);
		ipl_buf_adds(b, ", ");
		JSTR("valid_from", k->comparisons[i].valid_from);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, k->comparisons_nr ? "\n  ]" : "]");
	if (k->forecast) {
		ipl_buf_adds(b, ",\n  ");
		ipl_forecast_write_json(k->forecast, b);
	}
	if (diags) {
		ipl_buf_adds(b, ",\n  ");
		ipl_json_warnings(b, diags);
	}
	ipl_buf_adds(b, "\n}\n");
#undef JSTR
}

void
ipl_cost_write_json(const struct ipl_cost *k, struct ipl_buf *b)
{
	write_json(k, NULL, b);
}

void
ipl_cost_write_json_warnings(const struct ipl_cost *k, const struct ipl_diags *diags,
			     struct ipl_buf *b)
{
	write_json(k, diags, b);
}

void
ipl_cost_write_markdown(const struct ipl_cost *k, struct ipl_buf *b)
{
	size_t i;

	/* every string here may come from the spec, its file name or a catalog file: all escaped */
#define MD(s) ipl_escape_markdown_cell(b, (s))
	ipl_buf_adds(b, "# Monthly cost: ");
	MD(k->name);
	ipl_buf_adds(b, "\n\n**");
	ipl_money_format(b, k->monthly_total);
	ipl_buf_addf(b, " %s a month** on %s, prices as of ", k->currency, k->provider);
	MD(k->prices_as_of);
	ipl_buf_adds(b, ", catalog ");
	MD(k->catalog);
	ipl_buf_adds(b, ", 730 hours a month.\n\n");
	ipl_buf_addf(b, "| Item | Quantity | Unit price | Monthly (%s) | Valid from | Source |\n",
		     k->currency);
	ipl_buf_adds(b, "|---|---:|---:|---:|---|---|\n");
	for (i = 0; i < k->items_nr; i++) {
		const struct ipl_line_item *it = &k->items[i];
		ipl_buf_adds(b, "| ");
		MD(it->name);
		if (it->note) {
			ipl_buf_adds(b, " (");
			MD(it->note);
			if (it->replaced) {
				struct ipl_buf r = IPL_BUF_INIT;
				write_replaced(&r, it);
				ipl_buf_adds(b, "; ");
				MD(ipl_buf_str(&r));
				ipl_buf_release(&r);
			}
			ipl_buf_adds(b, ")");
		}
		ipl_buf_addf(b, " | %.6g ", it->quantity);
		MD(it->unit);
		ipl_buf_addf(b, " | %.6g ", it->unit_price);
		MD(it->price_currency);
		ipl_buf_adds(b, " | ");
		ipl_money_format(b, it->monthly);
		ipl_buf_adds(b, " | ");
		MD(it->valid_from);
		ipl_buf_adds(b, " | ");
		MD(it->source);
		ipl_buf_adds(b, " (");
		MD(it->confidence);
		ipl_buf_adds(b, ") |\n");
	}
	ipl_buf_adds(b, "| **Total** | | | **");
	ipl_money_format(b, k->monthly_total);
	ipl_buf_adds(b, "** | | |\n");
	if (k->comparisons_nr) {
		ipl_buf_adds(b, "\nFor comparison (not in the total):\n\n");
		for (i = 0; i < k->comparisons_nr; i++) {
			ipl_buf_adds(b, "- ");
			MD(k->comparisons[i].name);
			ipl_buf_adds(b, ": ");
			ipl_money_format(b, k->comparisons[i].monthly);
			ipl_buf_addf(b, " %s (", k->currency);
			MD(k->comparisons[i].source);
			ipl_buf_adds(b, ", valid from ");
			MD(k->comparisons[i].valid_from);
			ipl_buf_adds(b, ")\n");
		}
	}
	if (k->rates_nr) {
		ipl_buf_adds(b, "\nExchange rates:\n\n");
		for (i = 0; i < k->rates_nr; i++) {
			ipl_buf_addf(b, "- 1 EUR = %.6g %s, valid from ", k->rates[i].value,
				     k->rates[i].code);
			MD(k->rates[i].valid_from);
			ipl_buf_adds(b, ": ");
			MD(k->rates[i].source);
			ipl_buf_addc(b, '\n');
		}
	}
	if (k->forecast)
		ipl_forecast_write_markdown(k->forecast, b);
#undef MD
}

void
ipl_cost_write_markdown_with_topology(const struct ipl_plan *plan, const struct ipl_cost *cost,
				      struct ipl_buf *b)
{
	struct ipl_buf t = IPL_BUF_INIT;

	ipl_cost_write_markdown(cost, b);
	ipl_buf_adds(b, "\n## Topology\n\n");
	ipl_mermaid_topology(&t, plan, NULL);
	ipl_mermaid_fence(b, &t);
	ipl_buf_release(&t);
}

void
ipl_cost_write_table(const struct ipl_cost *k, struct ipl_buf *b)
{
	size_t i, w = 4;

	for (i = 0; i < k->items_nr; i++)
		if (strlen(k->items[i].name) > w)
			w = strlen(k->items[i].name);
	ipl_buf_addf(b, "%s on %s, prices as of %s (catalog %s)\n\n", k->name, k->provider,
		     k->prices_as_of, k->catalog);
	ipl_buf_addf(b, "%-*s  %12s  %s\n", (int)w, "ITEM", k->currency, "SOURCE");
	for (i = 0; i < k->items_nr; i++) {
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->items[i].monthly);
		ipl_buf_addf(b, "%-*s  %12s  %s, %s", (int)w, k->items[i].name, m.data,
			     k->items[i].valid_from, k->items[i].confidence);
		if (k->items[i].replaced) {
			ipl_buf_adds(b, ", ");
			write_replaced(b, &k->items[i]);
		}
		ipl_buf_addc(b, '\n');
		ipl_buf_release(&m);
	}
	{
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->monthly_total);
		ipl_buf_addf(b, "%-*s  %12s\n", (int)w, "TOTAL a month", m.data);
		ipl_buf_release(&m);
	}
	for (i = 0; i < k->comparisons_nr; i++) {
		struct ipl_buf m = IPL_BUF_INIT;
		ipl_money_format(&m, k->comparisons[i].monthly);
		ipl_buf_addf(b, "compare: %s: %s\n", k->comparisons[i].name, m.data);
		ipl_buf_release(&m);
	}
	for (i = 0; i < k->rates_nr; i++)
		ipl_buf_addf(b, "rate: 1 EUR = %.6g %s (%s)\n", k->rates[i].value, k->rates[i].code,
			     k->rates[i].valid_from);
}
