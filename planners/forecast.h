/*
 * forecast.h: plans in a series, for `plan --tiers` (one per number of
 * users) and `plan --forecast N` (one per month of load.monthly_growth):
 * the same engine, ipl_plan_series, builds and prices each point; the
 * forecast compounds the growth, grows the data with it and names the
 * months where a size or the layout steps.
 */
#ifndef IPL_FORECAST_H
#define IPL_FORECAST_H

#include "core/arena.h"
#include "core/diag.h"
#include "model/cost.h"
#include "planners/plan.h"

/* the longest forecast, in months */
#define IPL_FORECAST_MAX_MONTHS 36
/* the months gen writes into COST.md and cost.json when the spec has monthly_growth */
#define IPL_FORECAST_GEN_MONTHS 12

/*
 * plans[i] and costs[i] for opts[i], i < nr, in currency (NULL: the spec's).
 * With errors_only the points' warnings are dropped (they repeat the spec's
 * own). -1 with the errors in diags when one point cannot be planned.
 */
int ipl_plan_series(struct ipl_plan **plans, struct ipl_cost **costs, const struct ipl_spec *spec,
		    const struct ipl_catalog *cat, const struct ipl_plan_options *opts, size_t nr,
		    const char *currency, bool errors_only, struct ipl_arena *arena,
		    struct ipl_diags *diags);

/* one node as a cell: "3x CX53 + LB11", "1-4x 0.5 vCPU", "1x RDS db.t4g.micro" */
void ipl_plan_node_cell(struct ipl_buf *b, const struct ipl_plan_node *n);
/* the nodes of a plan as one cell: "app: 3x CX53 + LB11, db: 1x CAX11" */
const char *ipl_plan_summary(const struct ipl_plan *plan, struct ipl_arena *arena);

/*
 * Months 0 to months of the spec's load.monthly_growth (an error without
 * one, at the spec's load section); months from 1 to IPL_FORECAST_MAX_MONTHS.
 */
int ipl_forecast_build(struct ipl_forecast **out, const struct ipl_spec *spec,
		       const struct ipl_catalog *cat, int months, const char *currency,
		       struct ipl_arena *arena, struct ipl_diags *diags);

/* the forecast as a Markdown table, and as the JSON array under "forecast" (its key too) */
void ipl_forecast_write_markdown(const struct ipl_forecast *f, struct ipl_buf *b);
void ipl_forecast_write_json(const struct ipl_forecast *f, struct ipl_buf *b);
/* the monthly cost of each month as a Mermaid bar chart, without the fence (the Markdown ends with it fenced) */
void ipl_forecast_write_chart(const struct ipl_forecast *f, struct ipl_buf *b);
/* the terminal table of `plan --forecast` */
void ipl_forecast_write_table(const struct ipl_forecast *f, struct ipl_buf *b);

#endif
