/*
 * budget.h: the spec's monthly budget against the plan's cost. Over budget,
 * the warning says by how much, and which of the alternatives infraplan can
 * build (the other layout, the rightsized plan) is cheapest, and whether it
 * fits, and the cheapest plan of the same services on any other provider
 * (planners/compare.h) with its total, and whether it fits.
 */
#ifndef IPL_BUDGET_H
#define IPL_BUDGET_H

#include "core/arena.h"
#include "core/diag.h"
#include "planners/cost.h"
#include "planners/plan.h"

void ipl_budget_check(const struct ipl_plan *plan, const struct ipl_cost *cost,
		      struct ipl_arena *arena, struct ipl_diags *diags);

#endif
