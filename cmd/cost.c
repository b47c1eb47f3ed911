/*
 * cost.c: `infraplan cost SPEC`: the estimated monthly cost, as a table,
 * JSON or Markdown (the same content gen writes to cost.json and COST.md).
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/xalloc.h"
#include "planners/budget.h"
#include "planners/mermaid.h"
#include "planners/units.h"

/* the longest month, 31 days: more hours a month than a month has is a typo */
#define MAX_HOURS_PER_MONTH 744

/* a money cell of the scenario table, through the one money format */
static void
money_cell(struct ipl_buf *out, double v, bool md)
{
	struct ipl_buf m = IPL_BUF_INIT;

	ipl_money_format(&m, v);
	ipl_buf_addf(out, md ? " %s |" : " %12s", ipl_buf_str(&m));
	ipl_buf_release(&m);
}

/* the scenarios' totals as a bar chart (planners/mermaid.h), after the Markdown table */
static void
hours_chart(struct ipl_cost **costs, size_t nr, struct ipl_buf *out)
{
	const char **labels = ipl_xcalloc(nr, sizeof(*labels));
	double *values = ipl_xcalloc(nr, sizeof(*values));
	struct ipl_buf text = IPL_BUF_INIT, y = IPL_BUF_INIT, *l = ipl_xcalloc(nr, sizeof(*l));
	struct ipl_mermaid_chart chart = {
		.title = "Monthly cost by processing hours",
		.x_title = "hours a month",
		.labels = labels,
		.values = values,
		.nr = nr,
	};
	size_t i;

	ipl_buf_addf(&y, "%s a month", costs[0]->currency);
	chart.y_title = ipl_buf_str(&y);
	for (i = 0; i < nr; i++) {
		ipl_buf_addf(&l[i], "%.6g h", costs[i]->gpu_hours);
		labels[i] = ipl_buf_str(&l[i]);
		values[i] = costs[i]->monthly_total;
	}
	ipl_mermaid_xychart(&text, &chart);
	ipl_buf_adds(out, "\n");
	ipl_mermaid_fence(out, &text);
	for (i = 0; i < nr; i++)
		ipl_buf_release(&l[i]);
	free(l);
	free(labels);
	free(values);
	ipl_buf_release(&text);
	ipl_buf_release(&y);
}

/* one column per usage scenario (002's table), rows by line item name */
static void
write_scenarios(struct ipl_cost **costs, size_t nr, int format, const struct ipl_diags *warnings,
		struct ipl_buf *out)
{
	/* every line of every column gets a row: a fixed array once dropped rows from the total */
	const char **rows = NULL;
	size_t nrows = 0, rows_alloc = 0, i, j, k;
	int w = 24;
	bool md = format == IPL_FORMAT_MARKDOWN;

	if (format == IPL_FORMAT_JSON) {
		ipl_buf_adds(out, "{");
		ipl_json_schema_version(out);
		ipl_buf_adds(out, ", \"scenarios\": [\n");
		for (i = 0; i < nr; i++) {
			if (i)
				ipl_buf_adds(out, ",\n");
			ipl_buf_addf(out, "{\"gpu_hours\": %.6g, \"cost\":\n", costs[i]->gpu_hours);
			ipl_cost_write_json(costs[i], out);
			ipl_buf_adds(out, "}");
		}
		ipl_buf_adds(out, "\n],\n  ");
		ipl_json_warnings(out, warnings);
		ipl_buf_adds(out, "\n}\n");
		return;
	}
	for (i = 0; i < nr; i++)
		for (j = 0; j < costs[i]->items_nr; j++) {
			for (k = 0; k < nrows && strcmp(rows[k], costs[i]->items[j].name); k++)
				;
			if (k < nrows)
				continue;
			rows = ipl_xgrow(rows, sizeof(*rows), nrows + 1, &rows_alloc);
			rows[nrows++] = costs[i]->items[j].name;
		}
	for (k = 0; k < nrows; k++)
		if ((int)strlen(rows[k]) > w)
			w = (int)strlen(rows[k]);
	for (k = 0; k < costs[0]->comparisons_nr; k++)
		if ((int)strlen(costs[0]->comparisons[k].name) > w)
			w = (int)strlen(costs[0]->comparisons[k].name);
	if (md)
		ipl_buf_addf(out, "| processing hours a month (%s) |", costs[0]->currency);
	else
		ipl_buf_addf(out, "%-*s", w, "processing hours a month");
	for (i = 0; i < nr; i++)
		ipl_buf_addf(out, md ? " %.6g h |" : " %10.6g h", costs[i]->gpu_hours);
	if (!md)
		ipl_buf_addf(out, "  (%s)", costs[0]->currency);
	ipl_buf_adds(out, md ? "\n|---|" : "\n");
	for (i = 0; md && i < nr; i++)
		ipl_buf_adds(out, "---:|");
	if (md)
		ipl_buf_adds(out, "\n");
	for (k = 0; k < nrows + 1; k++) {
		const char *name = k < nrows ? rows[k] : "total";
		if (md) {
			ipl_buf_adds(out, k < nrows ? "| " : "| **");
			ipl_escape_markdown_cell(out, name);
			ipl_buf_adds(out, k < nrows ? " |" : "** |");
		} else {
			ipl_buf_addf(out, "%-*s", w, name);
		}
		for (i = 0; i < nr; i++) {
			double v = 0;
			bool found = k == nrows;
			if (k == nrows)
				v = costs[i]->monthly_total;
			for (j = 0; k < nrows && j < costs[i]->items_nr; j++)
				if (!strcmp(costs[i]->items[j].name, name)) {
					v = costs[i]->items[j].monthly;
					found = true;
				}
			if (!found)
				ipl_buf_adds(out, md ? " - |" : "            -");
			else
				money_cell(out, v, md);
		}
		ipl_buf_adds(out, "\n");
	}
	for (k = 0; k < costs[0]->comparisons_nr; k++) {
		if (md) {
			ipl_buf_adds(out, "| ");
			ipl_escape_markdown_cell(out, costs[0]->comparisons[k].name);
			ipl_buf_adds(out, " |");
		} else {
			ipl_buf_addf(out, "%-*s", w, costs[0]->comparisons[k].name);
		}
		for (i = 0; i < nr; i++)
			money_cell(out,
				   k < costs[i]->comparisons_nr ? costs[i]->comparisons[k].monthly
								: 0,
				   md);
		ipl_buf_adds(out, "\n");
	}
	for (i = 0; i < nr; i++)
		if (costs[i]->scenario)
			ipl_buf_addf(out,
				     "%sscenario \"%s\" (%.6g h) applies its own price overrides\n",
				     md ? "\n" : "", costs[i]->scenario, costs[i]->gpu_hours);
	if (md)
		hours_chart(costs, nr, out);
	free(rows);
}

/* JSON carries the warnings in the document, the other formats leave them on stderr */
static void
take_warnings(struct ipl_run *run, int format, struct ipl_diags *warnings)
{
	if (format == IPL_FORMAT_JSON)
		ipl_run_take_warnings(run, warnings);
	else
		ipl_diags_init(warnings);
}

static int
run_cost(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *currency = NULL;
	int format = IPL_FORMAT_TABLE;
	struct ipl_opt_numbers hours = { 0 };
	const struct ipl_option opts[] = {
		IPL_OPT_FORMAT(&format, ipl_formats),
		IPL_OPT_CURRENCY(&currency),
		IPL_OPT_NUMBERS(
			0, 0, "hours", &hours, "H,H,...",
			"one column per usage scenario: hours a month of scale-to-zero services", 0,
			MAX_HOURS_PER_MONTH, "hours a month", "10,50,150"),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	int rc;
	struct ipl_run run;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	struct ipl_buf out = IPL_BUF_INIT;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr != 1)
		return ipl_usage_error(cmd, "expected one spec file");
	ipl_run_init(&run, args->env);
	rc = ipl_run_load(&run, args->operands[0]);
	if (rc == IPL_EXIT_OK && hours.nr) {
		struct ipl_cost **costs = ipl_xcalloc(hours.nr, sizeof(*costs));
		size_t i;
		for (i = 0; i < hours.nr && rc == IPL_EXIT_OK; i++) {
			struct ipl_plan_options o = { IPL_UNSET, hours.v[i], 0 };
			rc = ipl_run_cost(&run, run.spec, &o, currency, false, &plan, &costs[i],
					  &run.diags);
		}
		if (rc == IPL_EXIT_OK) {
			struct ipl_diags warnings;
			take_warnings(&run, format, &warnings);
			write_scenarios(costs, hours.nr, format, &warnings, &out);
			fputs(ipl_buf_str(&out), stdout);
			ipl_diags_release(&warnings);
		}
		free(costs);
		ipl_buf_release(&out);
		ipl_run_finish(&run);
		return rc;
	}
	if (rc == IPL_EXIT_OK)
		rc = ipl_run_cost(&run, run.spec, NULL, currency, false, &plan, &cost, &run.diags);
	if (rc == IPL_EXIT_OK)
		ipl_budget_check(plan, cost, &run.arena, &run.diags);
	if (rc == IPL_EXIT_OK) {
		struct ipl_diags warnings;
		take_warnings(&run, format, &warnings);
		if (format == IPL_FORMAT_JSON)
			ipl_cost_write_json_warnings(cost, &warnings, &out);
		else if (format == IPL_FORMAT_MARKDOWN)
			ipl_cost_write_markdown_with_topology(plan, cost, &out);
		else
			ipl_cost_write_table(cost, &out);
		fputs(ipl_buf_str(&out), stdout);
		ipl_diags_release(&warnings);
	}
	ipl_buf_release(&out);
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_cost = {
	.name = "cost",
	.summary = "print the estimated monthly cost of a spec's plan",
	.operands = "SPEC",
	.description = "Plans SPEC and prices every line item from the embedded catalog as of the\n"
		       "spec's prices_as_of (or the catalog's date), with each price's source and\n"
		       "valid-from date. A month is 730 hours.",
	.run = run_cost,
};
