/*
 * plan.c: `infraplan plan SPEC [--tiers 100,500,...] [--forecast N]
 * [--format table|json|markdown|mermaid]`: the peak load, the nodes, their types and why, the
 * services on each with their budgets and what the capacity model sized them
 * for, and the monthly cost; with --tiers, one column per user tier side by
 * side (as 001's table); with --forecast, one row per month of growth.
 */
#include "core/common.h"

#include <math.h>

#include "catalog/catalog.h"
#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/escape.h"
#include "core/json.h"
#include "planners/mermaid.h"
#include "planners/forecast.h"
#include "planners/plan_json.h"
#include "planners/provider.h"

/* a sanity bound: more users than people on earth is a typo */
#define MAX_USERS 1e10

/* the peak the plan is sized for, and where each figure came from */
static void
print_peak(const struct ipl_peak *pk)
{
	if (pk->concurrent <= 0 && pk->rps <= 0)
		return;
	printf("peak load:");
	if (pk->concurrent > 0 && !strcmp(pk->concurrent_from, "users"))
		printf(" %.6g concurrent (of %.6g users, docs/sizing.md),", pk->concurrent,
		       pk->users);
	else if (pk->concurrent > 0)
		printf(" %.6g concurrent (%s),", pk->concurrent, pk->concurrent_from);
	printf(" %.6g req/s (%s)\n", pk->rps,
	       !strcmp(pk->rps_from, "concurrent") ? "one request per concurrent user every 10 s"
						   : pk->rps_from);
}

/* how the capacity model sized a service, under its line */
static void
print_capacity(const struct ipl_capacity *c, bool autoscales)
{
	if (!c)
		return;
	if (c->database) {
		printf("    memory for %s%s\n", c->method,
		       !strcmp(c->binding, "memory") ? "" : "; the spec's memory stands");
		return;
	}
	printf("    sized for %s; bound by %s", c->method, c->binding);
	if (c->pinned)
		printf(" (%s; the model would run %d)", c->pinned_by, c->model_replicas);
	if (autoscales && !c->pinned && c->max_replicas != c->min_replicas)
		printf("; autoscaling %d to %d", c->min_replicas, c->max_replicas);
	putchar('\n');
}

static void
print_plan(const struct ipl_plan *plan, const struct ipl_cost *cost)
{
	size_t i, j;

	printf("%s on %s: layout %s (%s)\n", plan->spec->name.s,
	       ipl_provider_name(plan->spec->provider), ipl_layout_name(plan->layout),
	       plan->layout_reason);
	print_peak(&plan->peak);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (n->role == IPL_ROLE_SERVICE)
			printf("\n%s: %s, decided by %s\n", n->name,
			       n->type ? n->type->name : ipl_aws_kind_name(n->aws.kind),
			       n->decided_by ? n->decided_by : "-");
		else if (n->type)
			printf("\nnode %s: %d x %s (%s, %.0f vCPU, %.0f GiB, %.0f GB %s), decided by %s\n",
			       n->name, n->count, n->type->name, n->type->product_id, n->type->vcpu,
			       n->type->memory_mib / 1024, n->type->disk_gb,
			       n->type->disk_type ? n->type->disk_type : "disk", n->decided_by);
		else
			printf("\nnode %s: your server\n", n->name);
		if (n->load_balancer)
			printf("  %d copies behind load balancer %s: %s\n", n->count,
			       n->load_balancer->name, n->copies_reason);
		if (n->role == IPL_ROLE_SERVICE &&
		    (n->kind != IPL_NODE_AWS || n->aws.kind == IPL_AWS_FARGATE)) {
			printf("  %d to %d instance%s", n->instances.min_count,
			       n->instances.max_count, n->instances.max_count == 1 ? "" : "s");
			if (n->instances.scale_to_zero)
				printf(", scales to zero: wakes on a request from the internet to route %s "
				       "(port %d), which the caller hits when it enqueues work%s; billed "
				       "%.6g hours a month",
				       n->services[0].route, n->services[0].port,
				       n->services[0].public_port
					       ? ""
					       : " (the route is public only for that, and Koyeb checks "
						 "no credentials on it: the service refuses callers without "
						 "their shared token)",
				       n->instances.active_hours);
			if (n->kind == IPL_NODE_AWS && n->aws.kind == IPL_AWS_FARGATE)
				printf(", Fargate %d CPU / %d MiB %s, FARGATE base %d weight %d, "
				       "FARGATE_SPOT weight %d",
				       n->aws.task_cpu, n->aws.task_memory, n->aws.cpu_arch,
				       n->aws.on_demand_base, n->aws.on_demand_weight,
				       n->aws.spot_weight);
			putchar('\n');
		} else if (n->role != IPL_ROLE_SERVICE) {
			printf("  needs %.2f vCPU, %.0f MiB, %.0f GB (with headroom and OS reserve)\n",
			       n->need_cpu_m / 1000, n->need_memory_mib, n->need_disk_gb);
		}
		for (j = 0; j < n->services_nr; j++) {
			const struct ipl_placed_service *s = &n->services[j];
			printf("  %-20s %-14s", s->svc->name.s,
			       ipl_service_kind_name(s->svc->kind));
			/* a managed class (RDS, ElastiCache) has no budget of its own to show */
			if (s->cpu_m > 0 || s->memory_mib > 0)
				printf(" cpu %5.2f  memory %6.0f MiB", s->cpu_m / 1000,
				       s->memory_mib);
			if (s->port)
				printf("  port %d%s", s->port,
				       s->public_port    ? " public"
				       : s->private_only ? " private"
							 : " local");
			if (s->route)
				printf(s->public_port ? " at route %s"
						      : ", wakes at public route %s",
				       s->route);
			putchar('\n');
			print_capacity(s->capacity, n->role == IPL_ROLE_SERVICE);
		}
	}
	printf("\nmonthly total: %.2f %s (see 'infraplan cost' for the line items)\n",
	       cost->monthly_total, cost->currency);
}

/* the plan's j-th node as "NAME: COUNTx TYPE", or "" past its last node */
static const char *
node_cell(struct ipl_arena *arena, const struct ipl_plan *plan, size_t j)
{
	struct ipl_buf b = IPL_BUF_INIT;
	const char *cell;

	if (j >= plan->nodes_nr)
		return "";
	ipl_buf_addf(&b, "%s: ", plan->nodes[j].name);
	ipl_plan_node_cell(&b, &plan->nodes[j]);
	cell = ipl_arena_strdup(arena, ipl_buf_str(&b));
	ipl_buf_release(&b);
	return cell;
}

/* the tiers' totals as a bar chart (planners/mermaid.h) */
static void
tiers_chart(struct ipl_run *run, const double *tiers, struct ipl_cost **costs, size_t nr,
	    struct ipl_buf *out)
{
	const char **labels = IPL_ARENA_ARRAY(&run->arena, const char *, nr);
	double *values = IPL_ARENA_ARRAY(&run->arena, double, nr);
	struct ipl_mermaid_chart chart = {
		.title = ipl_arena_printf(&run->arena, "Monthly cost of %s by users",
					  run->spec->name.s),
		.x_title = "users",
		.y_title = ipl_arena_printf(&run->arena, "%s a month", costs[0]->currency),
		.labels = labels,
		.values = values,
		.nr = nr,
	};
	size_t i;

	for (i = 0; i < nr; i++) {
		labels[i] = ipl_arena_printf(&run->arena, "%.0f", tiers[i]);
		values[i] = costs[i]->monthly_total;
	}
	ipl_mermaid_xychart(out, &chart);
}

/* --tiers --format markdown: the table as Markdown, then its chart */
static void
print_tiers_markdown(struct ipl_run *run, const double *tiers, struct ipl_plan **plans,
		     struct ipl_cost **costs, size_t nr, size_t rows)
{
	struct ipl_buf out = IPL_BUF_INIT, chart = IPL_BUF_INIT;
	size_t i, j;

	ipl_buf_adds(&out, "| users |");
	for (i = 0; i < nr; i++)
		ipl_buf_addf(&out, " %.0f |", tiers[i]);
	ipl_buf_adds(&out, "\n|---|");
	for (i = 0; i < nr; i++)
		ipl_buf_adds(&out, "---|");
	ipl_buf_adds(&out, "\n| layout |");
	for (i = 0; i < nr; i++)
		ipl_buf_addf(&out, " %s |", ipl_layout_name(plans[i]->layout));
	for (j = 0; j < rows; j++) {
		ipl_buf_adds(&out, j ? "\n| |" : "\n| nodes |");
		for (i = 0; i < nr; i++) {
			ipl_buf_adds(&out, " ");
			ipl_escape_markdown_cell(&out, node_cell(&run->arena, plans[i], j));
			ipl_buf_adds(&out, " |");
		}
	}
	ipl_buf_adds(&out, "\n| monthly |");
	for (i = 0; i < nr; i++) {
		ipl_buf_adds(&out, " ");
		ipl_money_format(&out, costs[i]->monthly_total);
		ipl_buf_addf(&out, " %s |", costs[i]->currency);
	}
	ipl_buf_adds(&out, "\n\n");
	tiers_chart(run, tiers, costs, nr, &chart);
	ipl_mermaid_fence(&out, &chart);
	fputs(ipl_buf_str(&out), stdout);
	ipl_buf_release(&chart);
	ipl_buf_release(&out);
}

static int
print_tiers(struct ipl_run *run, const double *tiers, size_t nr, const char *currency, int format)
{
	struct ipl_plan **plans = IPL_ARENA_ARRAY(&run->arena, struct ipl_plan *, nr);
	struct ipl_cost **costs = IPL_ARENA_ARRAY(&run->arena, struct ipl_cost *, nr);
	size_t i, j, rows = 0;
	int w = 22;

	struct ipl_plan_options *opts = IPL_ARENA_ARRAY(&run->arena, struct ipl_plan_options, nr);

	for (i = 0; i < nr; i++) {
		opts[i].users_override = tiers[i];
		opts[i].gpu_hours_override = IPL_UNSET;
	}
	/* the forecast's engine: one plan and cost per tier */
	if (ipl_plan_series(plans, costs, run->spec, run->catalog, opts, nr, currency, false,
			    &run->arena, &run->diags) < 0)
		return IPL_EXIT_USAGE;
	for (i = 0; i < nr; i++)
		if (plans[i]->nodes_nr > rows)
			rows = plans[i]->nodes_nr;
	if (format == IPL_FORMAT_MARKDOWN) {
		print_tiers_markdown(run, tiers, plans, costs, nr, rows);
		return IPL_EXIT_OK;
	}
	if (format == IPL_FORMAT_MERMAID) {
		struct ipl_buf chart = IPL_BUF_INIT;
		tiers_chart(run, tiers, costs, nr, &chart);
		fputs(ipl_buf_str(&chart), stdout);
		ipl_buf_release(&chart);
		return IPL_EXIT_OK;
	}
	/* a column as wide as its widest cell: a node name may have 63 characters */
	for (i = 0; i < nr; i++)
		for (j = 0; j < plans[i]->nodes_nr; j++) {
			const char *cell = node_cell(&run->arena, plans[i], j);
			if ((int)strlen(cell) > w)
				w = (int)strlen(cell);
		}
	printf("%-16s", "users");
	for (i = 0; i < nr; i++)
		printf("  %-*.0f", w, tiers[i]);
	/* the peak each tier is sized for (docs/sizing.md) */
	printf("\n%-16s", "peak concurrent");
	for (i = 0; i < nr; i++)
		printf("  %-*.6g", w, plans[i]->peak.concurrent);
	printf("\n%-16s", "peak req/s");
	for (i = 0; i < nr; i++)
		printf("  %-*.6g", w, plans[i]->peak.rps);
	printf("\n%-16s", "layout");
	for (i = 0; i < nr; i++)
		printf("  %-*s", w, ipl_layout_name(plans[i]->layout));
	for (j = 0; j < rows; j++) {
		printf("\n%-16s", j == 0 ? "nodes" : "");
		for (i = 0; i < nr; i++)
			printf("  %-*s", w, node_cell(&run->arena, plans[i], j));
	}
	printf("\n%-16s", "monthly");
	for (i = 0; i < nr; i++) {
		const char *cell = ipl_arena_printf(&run->arena, "%.2f %s", costs[i]->monthly_total,
						    costs[i]->currency);
		printf("  %-*s", w, cell);
	}
	putchar('\n');
	return IPL_EXIT_OK;
}

/* a plan without --tiers in Markdown or Mermaid: its topology */
static void
print_topology(const struct ipl_plan *plan, const struct ipl_cost *cost, int format)
{
	struct ipl_buf out = IPL_BUF_INIT, t = IPL_BUF_INIT;

	ipl_mermaid_topology(&t, plan, NULL);
	if (format == IPL_FORMAT_MERMAID) {
		fputs(ipl_buf_str(&t), stdout);
	} else {
		ipl_buf_adds(&out, "# Plan: ");
		ipl_escape_markdown_cell(&out, plan->spec->name.s);
		ipl_buf_addf(&out, "\n\nLayout %s on %s, ", ipl_layout_name(plan->layout),
			     plan->provider->name);
		ipl_money_format(&out, cost->monthly_total);
		ipl_buf_addf(&out, " %s a month.\n\n", cost->currency);
		ipl_mermaid_fence(&out, &t);
		fputs(ipl_buf_str(&out), stdout);
	}
	ipl_buf_release(&t);
	ipl_buf_release(&out);
}

/* plan's own formats: the table, JSON, Markdown, a Mermaid diagram alone */
static const struct ipl_opt_choice plan_formats[] = {
	{ "table", IPL_FORMAT_TABLE },
	{ "json", IPL_FORMAT_JSON },
	{ "markdown", IPL_FORMAT_MARKDOWN },
	{ "mermaid", IPL_FORMAT_MERMAID },
	{ NULL, 0 },
};

static int
print_forecast(struct ipl_run *run, int months, const char *currency, int format)
{
	struct ipl_forecast *f;
	struct ipl_buf out = IPL_BUF_INIT;

	if (ipl_forecast_build(&f, run->spec, run->catalog, months, currency, &run->arena,
			       &run->diags) < 0)
		return IPL_EXIT_USAGE;
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_adds(&out, "{\n  ");
		ipl_json_schema_version(&out);
		ipl_buf_adds(&out, ",\n  ");
		ipl_forecast_write_json(f, &out);
		ipl_buf_adds(&out, "\n}\n");
	} else if (format == IPL_FORMAT_MARKDOWN) {
		ipl_buf_adds(&out, "# Forecast: ");
		ipl_escape_markdown_cell(&out, run->spec->name.s);
		ipl_buf_adds(&out, "\n");
		ipl_forecast_write_markdown(f, &out);
	} else if (format == IPL_FORMAT_MERMAID) {
		ipl_forecast_write_chart(f, &out);
	} else {
		ipl_forecast_write_table(f, &out);
	}
	fputs(ipl_buf_str(&out), stdout);
	ipl_buf_release(&out);
	return IPL_EXIT_OK;
}

static int
run_plan(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *currency = NULL;
	int format = IPL_FORMAT_TABLE;
	struct ipl_opt_numbers tiers = { 0 }, forecast = { 0 };
	const struct ipl_option opts[] = {
		IPL_OPT_NUMBERS(0, 0, "forecast", &forecast, "MONTHS",
				"plan each month ahead of load.monthly_growth and name the steps",
				1, IPL_FORECAST_MAX_MONTHS, "a number of months", "12"),
		IPL_OPT_NUMBERS(
			IPL_OPT_ABOVE_MIN, 0, "tiers", &tiers, "N,N,...",
			"plan for each number of users, load scaled in the spec's proportions", 0,
			MAX_USERS, "a number of users", "100,500,1000,5000"),
		IPL_OPT_FORMAT(&format, plan_formats),
		IPL_OPT_CURRENCY(&currency),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	int rc;
	struct ipl_run run;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr != 1)
		return ipl_usage_error(cmd, "expected one spec file");
	if (forecast.nr && (forecast.nr > 1 || forecast.v[0] != floor(forecast.v[0])))
		return ipl_usage_error(cmd, "--forecast takes one whole number of months");
	if (forecast.nr && tiers.nr)
		return ipl_usage_error(cmd, "give --forecast or --tiers, not both");
	ipl_run_init(&run, args->env);
	rc = ipl_run_load(&run, args->operands[0]);
	if (rc == IPL_EXIT_OK) {
		if (forecast.nr) {
			rc = print_forecast(&run, (int)forecast.v[0], currency, format);
		} else if (tiers.nr) {
			rc = print_tiers(&run, tiers.v, tiers.nr, currency, format);
		} else {
			struct ipl_plan *plan;
			struct ipl_cost *cost;
			/* what gen would refuse, plan refuses too: the same steps */
			rc = ipl_run_plan(&run, run.spec->path, false, &plan, &cost, NULL);
			if (rc == IPL_EXIT_OK && currency &&
			    ipl_cost_estimate(&cost, plan, currency, &run.arena, &run.diags) < 0)
				rc = IPL_EXIT_USAGE;
			if (rc == IPL_EXIT_OK && format == IPL_FORMAT_JSON) {
				struct ipl_buf out = IPL_BUF_INIT;
				ipl_diags_sort(&run.diags);
				ipl_plan_write_json(plan, cost, &run.diags, &out);
				fputs(ipl_buf_str(&out), stdout);
				ipl_buf_release(&out);
			} else if (rc == IPL_EXIT_OK && format != IPL_FORMAT_TABLE) {
				print_topology(plan, cost, format);
			} else if (rc == IPL_EXIT_OK) {
				print_plan(plan, cost);
			}
		}
	}
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_plan = {
	.name = "plan",
	.summary = "show the nodes, types, budgets and cost a spec plans to",
	.operands = "SPEC",
	.description =
		"Sizes every app and worker from the load (docs/sizing.md), every node from\n"
		"its services' requests plus headroom, picks the cheapest catalog type that\n"
		"fits and says which constraint decided. --forecast plans each month of\n"
		"load.monthly_growth and names the months a size or the layout steps.",
	.run = run_plan,
};
