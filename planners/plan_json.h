/*
 * plan_json.h: the plan as JSON for `plan --format json` (docs/json.md's
 * conventions, core/json.h): schema_version, the peak, the nodes with their
 * services and each one's capacity sizing, the monthly total as money and
 * the warnings of diags (sorted by the caller).
 */
#ifndef IPL_PLAN_JSON_H
#define IPL_PLAN_JSON_H

#include "core/buf.h"
#include "core/diag.h"
#include "model/cost.h"
#include "model/plan.h"

void ipl_plan_write_json(const struct ipl_plan *plan, const struct ipl_cost *cost,
			 const struct ipl_diags *diags, struct ipl_buf *b);

#endif
