/*
 * forecast.c: the series engine of `plan --tiers` and `plan --forecast`
 * (forecast.h). A forecast's month m plans the spec with its load, uploads
 * and data times (1 + load.monthly_growth)^m (ipl_plan_options.load_factor),
 * prices it, and compares its nodes with month m - 1's: a different node
 * summary or layout is a step, named in the table with what changed.
 */
#include "core/common.h"

#include <math.h>

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/forecast.h"
#include "planners/mermaid.h"

int
ipl_plan_series(struct ipl_plan **plans, struct ipl_cost **costs, const struct ipl_spec *spec,
		const struct ipl_catalog *cat, const struct ipl_plan_options *opts, size_t nr,
		const char *currency, bool errors_only, struct ipl_arena *arena,
		struct ipl_diags *diags)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < nr && rc == 0; i++) {
		struct ipl_diags quiet, *to = errors_only ? &quiet : diags;

		ipl_diags_init(&quiet);
		if (ipl_plan_build(&plans[i], spec, cat, &opts[i], arena, to) < 0 ||
		    ipl_cost_estimate(&costs[i], plans[i], currency, arena, to) < 0)
			rc = -1;
		ipl_diags_copy_errors(diags, &quiet);
		ipl_diags_release(&quiet);
	}
	return rc;
}

void
ipl_plan_node_cell(struct ipl_buf *b, const struct ipl_plan_node *n)
{
	if (n->kind == IPL_NODE_AWS && n->aws.kind == IPL_AWS_FARGATE)
		ipl_buf_addf(b, "%d-%dx %.6g vCPU", n->instances.min_count, n->instances.max_count,
			     n->aws.task_cpu / 1024.0);
	else if (n->kind == IPL_NODE_INSTANCE_GROUP && n->instances.max_count > n->count)
		ipl_buf_addf(b, "%d-%dx %s", n->count, n->instances.max_count,
			     n->type ? n->type->name : "own");
	else if (n->kind == IPL_NODE_AWS && !n->type)
		ipl_buf_addf(b, "%s", ipl_aws_kind_name(n->aws.kind));
	else
		ipl_buf_addf(b, "%dx %s", n->count, n->type ? n->type->name : "own");
	if (n->load_balancer)
		ipl_buf_addf(b, " + %s", n->load_balancer->name);
}

const char *
ipl_plan_summary(const struct ipl_plan *plan, struct ipl_arena *arena)
{
	struct ipl_buf b = IPL_BUF_INIT;
	const char *out;
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++) {
		ipl_buf_addf(&b, "%s%s: ", i ? ", " : "", plan->nodes[i].name);
		ipl_plan_node_cell(&b, &plan->nodes[i]);
	}
	out = ipl_arena_strdup(arena, ipl_buf_str(&b));
	ipl_buf_release(&b);
	return out;
}

static const struct ipl_plan_node *
find_node(const struct ipl_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (!strcmp(plan->nodes[i].name, name))
			return &plan->nodes[i];
	return NULL;
}

/* the data the spec keeps: uploads and the storage of its stateful services */
static double
data_gb(const struct ipl_spec *spec)
{
	double gb = spec->load.uploads_gb.v != IPL_UNSET ? spec->load.uploads_gb.v : 0;
	size_t i;

	for (i = 0; i < spec->services_nr; i++)
		if (ipl_service_is_stateful(&spec->services[i]) &&
		    spec->services[i].storage_gb.v != IPL_UNSET)
			gb += spec->services[i].storage_gb.v;
	return gb;
}

/* what changed between two months' plans, node by node, or NULL */
static const char *
step(const struct ipl_plan *before, const struct ipl_plan *now, struct ipl_arena *arena)
{
	struct ipl_buf b = IPL_BUF_INIT, was = IPL_BUF_INIT, is = IPL_BUF_INIT;
	const char *out = NULL;
	size_t i;

	if (before->layout != now->layout)
		ipl_buf_addf(&b, "layout %s → %s (%s)", ipl_layout_name(before->layout),
			     ipl_layout_name(now->layout), now->layout_reason);
	for (i = 0; i < now->nodes_nr; i++) {
		const struct ipl_plan_node *n = &now->nodes[i], *o = find_node(before, n->name);
		ipl_buf_reset(&was);
		ipl_buf_reset(&is);
		ipl_plan_node_cell(&is, n);
		if (o)
			ipl_plan_node_cell(&was, o);
		if (o && !strcmp(ipl_buf_str(&was), ipl_buf_str(&is)))
			continue;
		ipl_buf_addf(&b, "%s%s %s%s%s", b.len ? "; " : "", n->name,
			     o ? ipl_buf_str(&was) : "", o ? " → " : "new: ", ipl_buf_str(&is));
	}
	for (i = 0; i < before->nodes_nr; i++)
		if (!find_node(now, before->nodes[i].name))
			ipl_buf_addf(&b, "%s%s removed", b.len ? "; " : "", before->nodes[i].name);
	if (b.len)
		out = ipl_arena_strdup(arena, ipl_buf_str(&b));
	ipl_buf_release(&b);
	ipl_buf_release(&was);
	ipl_buf_release(&is);
	return out;
}

/* where the spec's load is, to point at it: its first figure, else the provider */
static struct ipl_loc
first_load_loc(const struct ipl_spec *spec)
{
	const struct ipl_num *n[] = { &spec->load.users, &spec->load.concurrent,
				      &spec->load.requests_per_second, &spec->load.uploads_gb };
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(n); i++)
		if (n[i]->v != IPL_UNSET && n[i]->loc.line)
			return n[i]->loc;
	return spec->provider_loc;
}

int
ipl_forecast_build(struct ipl_forecast **out, const struct ipl_spec *spec,
		   const struct ipl_catalog *cat, int months, const char *currency,
		   struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ipl_forecast *f;
	struct ipl_plan_options *opts;
	struct ipl_plan **plans;
	struct ipl_cost **costs;
	size_t i, nr;

	*out = NULL;
	if (spec->load.monthly_growth.v == IPL_UNSET)
		return ipl_error(diags, spec->path, first_load_loc(spec),
				 "a forecast needs load.monthly_growth, the load's growth a month "
				 "(0.05 or \"5%%\"); expected it beside the load");
	if (months < 1 || months > IPL_FORECAST_MAX_MONTHS)
		return ipl_error(diags, spec->path, spec->load.monthly_growth.loc,
				 "a forecast covers 1 to %d months, not %d",
				 IPL_FORECAST_MAX_MONTHS, months);
	nr = (size_t)months + 1;
	opts = IPL_ARENA_ARRAY(arena, struct ipl_plan_options, nr);
	plans = IPL_ARENA_ARRAY(arena, struct ipl_plan *, nr);
	costs = IPL_ARENA_ARRAY(arena, struct ipl_cost *, nr);
	f = IPL_ARENA_NEW(arena, struct ipl_forecast);
	f->growth = spec->load.monthly_growth.v;
	f->months = months;
	f->m = IPL_ARENA_ARRAY(arena, struct ipl_forecast_month, nr);
	for (i = 0; i < nr; i++) {
		opts[i].users_override = IPL_UNSET;
		opts[i].gpu_hours_override = IPL_UNSET;
		opts[i].load_factor = pow(1 + f->growth, (double)i);
	}
	if (ipl_plan_series(plans, costs, spec, cat, opts, nr, currency, true, arena, diags) < 0)
		return -1;
	f->currency = costs[0]->currency;
	for (i = 0; i < nr; i++) {
		struct ipl_forecast_month *m = &f->m[i];
		m->month = (int)i;
		m->factor = opts[i].load_factor;
		m->users = plans[i]->peak.users;
		m->concurrent = plans[i]->peak.concurrent;
		m->rps = plans[i]->peak.rps;
		m->data_gb = data_gb(spec) * m->factor;
		m->plan = ipl_plan_summary(plans[i], arena);
		m->monthly = costs[i]->monthly_total;
		if (i)
			m->step = step(plans[i - 1], plans[i], arena);
	}
	*out = f;
	return 0;
}

/* ---- Reports ------------------------------------------------------------- */

void
ipl_forecast_write_markdown(const struct ipl_forecast *f, struct ipl_buf *b)
{
	struct ipl_buf chart = IPL_BUF_INIT;
	int i;

	ipl_buf_addf(b,
		     "\n## Forecast\n\nThe load and the data grow by %.6g%% a month "
		     "(load.monthly_growth); each month is planned again. A step is a month "
		     "whose plan differs from the month before.\n\n"
		     "| Month | Users | Concurrent | Req/s | Data GB | Plan | %s | Step |\n"
		     "|---:|---:|---:|---:|---:|---|---:|---|\n",
		     f->growth * 100, f->currency);
	for (i = 0; i <= f->months; i++) {
		const struct ipl_forecast_month *m = &f->m[i];
		ipl_buf_addf(b, "| %d | %.0f | %.0f | %.1f | %.0f | ", m->month, m->users,
			     m->concurrent, m->rps, m->data_gb);
		ipl_escape_markdown_cell(b, m->plan);
		ipl_buf_adds(b, " | ");
		ipl_money_format(b, m->monthly);
		ipl_buf_adds(b, " | ");
		if (m->step)
			ipl_escape_markdown_cell(b, m->step);
		ipl_buf_adds(b, " |\n");
	}
	ipl_forecast_write_chart(f, &chart);
	ipl_buf_adds(b, "\n");
	ipl_mermaid_fence(b, &chart);
	ipl_buf_release(&chart);
}

void
ipl_forecast_write_chart(const struct ipl_forecast *f, struct ipl_buf *b)
{
	const char **labels = ipl_xcalloc((size_t)f->months + 1, sizeof(*labels));
	double *values = ipl_xcalloc((size_t)f->months + 1, sizeof(*values));
	struct ipl_buf y = IPL_BUF_INIT;
	char(*month)[16] = ipl_xcalloc((size_t)f->months + 1, sizeof(*month));
	struct ipl_mermaid_chart chart;
	int i;

	for (i = 0; i <= f->months; i++) {
		snprintf(month[i], sizeof(month[i]), "%d", f->m[i].month);
		labels[i] = month[i];
		values[i] = f->m[i].monthly;
	}
	ipl_buf_addf(&y, "%s a month", f->currency);
	chart = (struct ipl_mermaid_chart){
		.title = "Monthly cost by month of growth",
		.x_title = "month",
		.y_title = ipl_buf_str(&y),
		.labels = labels,
		.values = values,
		.nr = (size_t)f->months + 1,
	};
	ipl_mermaid_xychart(b, &chart);
	ipl_buf_release(&y);
	free(month);
	free(values);
	free(labels);
}

void
ipl_forecast_write_json(const struct ipl_forecast *f, struct ipl_buf *b)
{
	int i;

	ipl_buf_addf(b, "\"forecast\": {\n    \"monthly_growth\": %.6g,\n    ", f->growth);
	ipl_json_string(b, "currency", f->currency);
	ipl_buf_adds(b, ",\n    \"months\": [");
	for (i = 0; i <= f->months; i++) {
		const struct ipl_forecast_month *m = &f->m[i];
		ipl_buf_addf(b,
			     "%s\n      {\"month\": %d, \"users\": %.0f, \"concurrent\": %.0f, "
			     "\"requests_per_second\": %.6g, \"data_gb\": %.6g, ",
			     i ? "," : "", m->month, m->users, m->concurrent, m->rps, m->data_gb);
		ipl_json_string(b, "plan", m->plan);
		ipl_buf_adds(b, ", ");
		ipl_json_money(b, "monthly", m->monthly);
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "step", m->step);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, "\n    ]\n  }");
}

void
ipl_forecast_write_table(const struct ipl_forecast *f, struct ipl_buf *b)
{
	int i;

	ipl_buf_addf(b, "load and data grow %.6g%% a month (load.monthly_growth)\n\n",
		     f->growth * 100);
	ipl_buf_addf(b, "%5s %9s %10s %9s %9s %11s  %s\n", "month", "users", "concurrent", "req/s",
		     "data GB", f->currency, "plan");
	for (i = 0; i <= f->months; i++) {
		const struct ipl_forecast_month *m = &f->m[i];
		ipl_buf_addf(b, "%5d %9.0f %10.0f %9.1f %9.0f %11.2f  %s\n", m->month, m->users,
			     m->concurrent, m->rps, m->data_gb, m->monthly, m->plan);
	}
	ipl_buf_adds(b, "\nsteps:");
	for (i = 1; i <= f->months; i++)
		if (f->m[i].step)
			ipl_buf_addf(b, "\n  month %d: %s", f->m[i].month, f->m[i].step);
	for (i = 1; i <= f->months && !f->m[i].step; i++)
		;
	ipl_buf_adds(b, i > f->months ? " none within the horizon\n" : "\n");
}
