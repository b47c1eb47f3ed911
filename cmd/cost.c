/*
 * cost.c: `infraplan cost SPEC`: the estimated monthly cost, as a table,
 * JSON or Markdown (the same content gen writes to cost.json and COST.md).
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"

static int
run_cost(const struct ipl_cmd *cmd, int argc, char **argv)
{
	const char *format = "table", *currency = NULL;
	const struct ipl_option opts[] = {
		IPL_OPT_STRING('f', "format", &format, "FORMAT", "table (default), json or markdown"),
		IPL_OPT_STRING(0, "currency", &currency, "CODE",
			       "report in EUR, USD or INR instead of the spec's currency"),
		IPL_OPT_END(),
	};
	char **operands;
	int nr, rc;
	struct ipl_run run;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	struct ipl_buf out = IPL_BUF_INIT;

	rc = ipl_parse_options(cmd, opts, argc, argv, &operands, &nr);
	if (rc) {
		free(operands);
		return rc > 0 ? IPL_EXIT_OK : IPL_EXIT_USAGE;
	}
	if (nr != 1) {
		free(operands);
		return ipl_usage_error(cmd, "expected one spec file");
	}
	if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "markdown")) {
		free(operands);
		return ipl_usage_error(cmd, "unknown format '%s'; expected table, json or markdown",
				       format);
	}
	if (currency && !ipl_currency_ok(currency)) {
		free(operands);
		return ipl_usage_error(cmd, "unknown currency '%s'; expected EUR, USD or INR", currency);
	}
	ipl_run_init(&run);
	rc = ipl_run_load(&run, operands[0]);
	free(operands);
	if (rc == IPL_EXIT_OK && ipl_plan_build(&plan, run.spec, run.catalog, NULL, &run.arena,
						&run.diags) < 0)
		rc = IPL_EXIT_USAGE;
	if (rc == IPL_EXIT_OK &&
	    ipl_cost_estimate(&cost, plan, currency, &run.arena, &run.diags) < 0)
		rc = IPL_EXIT_USAGE;
	if (rc == IPL_EXIT_OK) {
		if (!strcmp(format, "json"))
			ipl_cost_write_json(cost, &out);
		else if (!strcmp(format, "markdown"))
			ipl_cost_write_markdown(cost, &out);
		else
			ipl_cost_write_table(cost, &out);
		fputs(ipl_buf_str(&out), stdout);
	}
	ipl_buf_release(&out);
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_cost = {
	.name = "cost",
	.summary = "print the estimated monthly cost of a spec's plan",
	.usage = "cost [--format table|json|markdown] [--currency CODE] SPEC",
	.description = "Plans SPEC and prices every line item from the embedded catalog as of the\n"
		       "spec's prices_as_of (or the catalog's date), with each price's source and\n"
		       "valid-from date. A month is 730 hours.",
	.run = run_cost,
};
