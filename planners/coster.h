/*
 * coster.h: the state of one cost estimate and the line helpers a provider's
 * cost hook (struct ipl_provider.cost) prices its nodes or resources with
 * (cost_lines.c).
 * Private to costing: cmd/ and the emitters see only cost.h.
 */
#ifndef IPL_COSTER_H
#define IPL_COSTER_H

#include "core/common.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/diag.h"
#include "planners/cost.h"
#include "planners/plan.h"

struct ipl_coster {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	struct ipl_cost *cost;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	bool *override_used;
	int errors;
	const char *resource; /* the node or service new lines belong to */
};

/* a new line of the estimate, in `category`, for c->resource */
struct ipl_line_item *ipl_cost_add_item(struct ipl_coster *c, const char *name,
					const char *category);
/*
 * Fills quantity/unit price/monthly from a catalog price (qty in its unit,
 * shown as `unit` when given: "vCPU-hour"), or from an override for
 * `instances` instances.
 */
void ipl_cost_price_line(struct ipl_coster *c, struct ipl_line_item *it, const struct ipl_price *pr,
			 double qty, const char *unit, double instances,
			 const struct ipl_override *ov);
/* the override of any of the names (either may be NULL), marked used; NULL for none */
const struct ipl_override *ipl_cost_find_override(struct ipl_coster *c, const char *a,
						  const char *b);
/* the spec's currency, EUR when it names none */
const char *ipl_cost_spec_currency(const struct ipl_coster *c);

/* "YYYY-MM-DD" in the arena */
const char *ipl_cost_date_text(struct ipl_arena *a, int ymd);
/* amount in currency `from` converted into the report currency through EUR */
double ipl_cost_convert(struct ipl_coster *c, double amount, const char *from);
/* the spec as cited in a report: its file name, the same wherever gen runs from */
const char *ipl_cost_spec_file(const struct ipl_coster *c);

/* the cost hooks: servers and managed instances priced per node (cost.c), AWS (cost_aws.c) */
void ipl_cost_servers(struct ipl_coster *c);
void ipl_cost_aws(struct ipl_coster *c);

#endif
