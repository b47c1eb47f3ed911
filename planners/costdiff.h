/*
 * costdiff.h: what changed between two costs of a plan, line by line: added
 * (+), removed (-), changed (~) with old -> new, and the totals; written as a
 * table, JSON, or a pull-request comment in Markdown with a hidden marker so
 * a bot can update its own earlier comment.
 */
#ifndef IPL_COSTDIFF_H
#define IPL_COSTDIFF_H

#include "core/arena.h"
#include "core/buf.h"
#include "planners/cost.h"

#define IPL_DIFF_MARKER "<!-- infraplan-diff -->"

struct ipl_line_change {
	char op; /* '+', '-', '~' */
	const char *name;
	double before, after;
};

struct ipl_plan_diff {
	const char *spec;         /* the path in the repository (at head) */
	const char *renamed_from; /* its path at base when it was renamed, else NULL */
	const char *status;       /* "changed", "added", "removed", "unchanged" */
	double before, after;     /* totals; 0 for an absent side */
	struct ipl_line_change *changes;
	size_t changes_nr;
};

/* base or head may be NULL for an added or removed spec */
void ipl_costdiff(struct ipl_plan_diff *out, const char *spec, const struct ipl_cost *base,
		  const struct ipl_cost *head, struct ipl_arena *arena);
void ipl_costdiff_write(const struct ipl_plan_diff *d, size_t n, const char *currency,
			const char *base_rev, const char *head_rev, const char *format,
			struct ipl_buf *out);

#endif
