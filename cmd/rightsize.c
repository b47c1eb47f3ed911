/*
 * rightsize.c: `infraplan rightsize SPEC`: per resource, current ->
 * recommended, the monthly saving and the rule that fired. Each
 * recommendation is priced on top of the ones before it, so the savings add
 * up to the difference between the two totals.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/json.h"
#include "core/escape.h"
#include "planners/plan.h"
#include "planners/rightsize.h"

/* the server or instance type service `name` runs on in plan, or NULL (Fargate, none) */
static const char *
type_of(const struct ipl_plan *plan, const char *name)
{
	size_t i, j;

	for (i = 0; i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++)
			if (!strcmp(plan->nodes[i].services[j].svc->name.s, name))
				return plan->nodes[i].type && plan->nodes[i].kind != IPL_NODE_AWS
					       ? plan->nodes[i].type->name
					       : NULL;
	return NULL;
}

/*
 * A budget on a VPS or a Koyeb instance: the recommendation names the
 * server or instance type it lands on, before and after, as Fargate's names
 * its task size.
 */
static void
name_types(struct ipl_run *run, struct ipl_recommendation *r, const struct ipl_plan *before,
	   const struct ipl_plan *after)
{
	const char *was = type_of(before, r->resource), *is = type_of(after, r->resource);

	if (r->kind != IPL_REC_SIZE || !was || !is)
		return;
	r->current = ipl_arena_printf(&run->arena, "%s on %s", r->current, was);
	r->recommended = ipl_arena_printf(&run->arena, "%s on %s", r->recommended, is);
}

static int
total_with(struct ipl_run *run, const struct ipl_recommendation *recs, size_t n, double *total,
	   const char **currency, struct ipl_plan **plan_out)
{
	struct ipl_spec *spec = ipl_rightsize_apply(run->spec, recs, n, &run->arena);
	struct ipl_plan *plan;
	struct ipl_cost *cost;

	/* the warnings were said for the spec as written; the variants repeat them */
	if (ipl_run_cost(run, spec, NULL, NULL, true, &plan, &cost, &run->diags) != IPL_EXIT_OK)
		return -1;
	*total = cost->monthly_total;
	*currency = cost->currency;
	*plan_out = plan;
	return 0;
}

static int
run_rightsize(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	int format = IPL_FORMAT_TABLE;
	const struct ipl_option opts[] = {
		IPL_OPT_FORMAT(&format, ipl_formats_no_markdown),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	int rc;
	struct ipl_run run;
	struct ipl_recommendation *recs;
	size_t nrecs, i;
	double before = 0, prev, after = 0;
	struct ipl_plan *prev_plan;
	const char *currency = "USD";

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr != 1)
		return ipl_usage_error(cmd, "expected one spec file");
	ipl_run_init(&run, args->env);
	rc = ipl_run_load(&run, args->operands[0]);
	if (rc != IPL_EXIT_OK)
		goto done;
	ipl_rightsize_recommend(run.spec, run.catalog, &recs, &nrecs, &run.arena);
	if (total_with(&run, recs, 0, &before, &currency, &prev_plan) < 0) {
		rc = IPL_EXIT_USAGE;
		goto done;
	}
	prev = before;
	for (i = 0; i < nrecs; i++) {
		double t;
		struct ipl_plan *plan;
		if (total_with(&run, recs, i + 1, &t, &currency, &plan) < 0) {
			rc = IPL_EXIT_USAGE;
			goto done;
		}
		recs[i].saving = prev - t;
		name_types(&run, &recs[i], prev_plan, plan);
		prev = t;
		prev_plan = plan;
	}
	after = prev;
	if (format == IPL_FORMAT_JSON) {
		struct ipl_buf b = IPL_BUF_INIT;
		struct ipl_diags warnings;
		ipl_buf_adds(&b, "{\n  ");
		ipl_json_schema_version(&b);
		ipl_buf_adds(&b, ",\n  ");
		ipl_json_string(&b, "name", run.spec->name.s);
		ipl_buf_adds(&b, ",\n  ");
		ipl_json_string(&b, "currency", currency);
		ipl_buf_adds(&b, ",\n  ");
		ipl_json_money(&b, "current_total", before);
		ipl_buf_adds(&b, ",\n  ");
		ipl_json_money(&b, "recommended_total", after);
		ipl_buf_adds(&b, ",\n  ");
		ipl_json_money(&b, "monthly_saving", before - after);
		ipl_buf_adds(&b, ",\n  \"recommendations\": [");
		for (i = 0; i < nrecs; i++) {
			ipl_buf_adds(&b, i ? ",\n    {" : "\n    {");
			ipl_json_string(&b, "resource", recs[i].resource);
			ipl_buf_adds(&b, ", ");
			ipl_json_string(&b, "current", recs[i].current);
			ipl_buf_adds(&b, ", ");
			ipl_json_string(&b, "recommended", recs[i].recommended);
			ipl_buf_adds(&b, ", ");
			ipl_json_money(&b, "monthly_saving", recs[i].saving);
			ipl_buf_adds(&b, ", ");
			ipl_json_string(&b, "rule", recs[i].rule);
			ipl_buf_adds(&b, "}");
		}
		ipl_buf_adds(&b, nrecs ? "\n  ],\n  " : "],\n  ");
		ipl_run_take_warnings(&run, &warnings);
		ipl_json_warnings(&b, &warnings);
		ipl_diags_release(&warnings);
		ipl_buf_adds(&b, "\n}\n");
		fputs(b.data, stdout);
		ipl_buf_release(&b);
	} else if (nrecs == 0) {
		printf("%s: nothing to rightsize: %.2f %s a month\n", run.spec->name.s, before,
		       currency);
	} else {
		for (i = 0; i < nrecs; i++)
			printf("%-20s %s -> %s\n%-20s saves %.2f %s a month; rule %s\n",
			       recs[i].resource, recs[i].current, recs[i].recommended, "",
			       recs[i].saving, currency, recs[i].rule);
		printf("\ntotal: %.2f -> %.2f %s a month, saving %.2f (%.0f%%)\n", before, after,
		       currency, before - after, before > 0 ? (before - after) / before * 100 : 0);
	}
done:
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_rightsize = {
	.name = "rightsize",
	.summary = "recommend smaller or cheaper sizes from observed use and pricing rules",
	.operands = "SPEC",
	.description =
		"Rules: observed p95 CPU at the autoscaling target and memory + 25%, rounded\n"
		"up to a valid Fargate size; Graviton (t4g) classes; RDS storage caps;\n"
		"Fargate Spot 70/30 for stateless services. `gen --rightsize` writes the\n"
		"recommended plan.",
	.run = run_rightsize,
};
