/*
 * cost.h: the coster, which prices a plan into a struct ipl_cost
 * (model/cost.h), and the JSON, Markdown and table reports of an estimate.
 * Money is formatted in one place, core/money.h, which this includes.
 */
#ifndef IPL_COST_H
#define IPL_COST_H

#include "core/common.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/money.h"
#include "model/cost.h"

/*
 * Prices the plan in `currency` (NULL: the spec's, else EUR). -1 with errors
 * when a price or an exchange rate is missing.
 */
int ipl_cost_estimate(struct ipl_cost **out, const struct ipl_plan *plan, const char *currency,
		      struct ipl_arena *arena, struct ipl_diags *diags);
/* cost.json (docs/cost-json.md): schema_version first, money as number and decimal string */
void ipl_cost_write_json(const struct ipl_cost *cost, struct ipl_buf *out);
/* the same document with a "warnings" array of diags' warnings (`cost --format json`) */
void ipl_cost_write_json_warnings(const struct ipl_cost *cost, const struct ipl_diags *diags,
				  struct ipl_buf *out);
void ipl_cost_write_markdown(const struct ipl_cost *cost, struct ipl_buf *out);
/*
 * COST.md and `cost --format markdown`: the cost's Markdown, then the plan's
 * topology as a Mermaid block (planners/mermaid.h)
 */
struct ipl_plan;
void ipl_cost_write_markdown_with_topology(const struct ipl_plan *plan, const struct ipl_cost *cost,
					   struct ipl_buf *out);
void ipl_cost_write_table(const struct ipl_cost *cost, struct ipl_buf *out);

#endif
