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
#include "planners/plan.h"

#define IPL_DIFF_MARKER "<!-- infraplan-diff -->"

/*
 * Lines are matched by their stable key (cost.h), so a resize is one '~'
 * change whose detail says what changed: "CX33 -> CX43, x86 -> arm".
 */
struct ipl_line_change {
	char op;            /* '+', '-', '~' */
	const char *name;   /* the name at head, or at base when removed; for '~' the key's words */
	const char *detail; /* old -> new attributes of a '~', or NULL */
	double before, after;
};

/* a change that destroys or replaces a resource holding state */
struct ipl_stateful_change {
	const char *reason; /* "node main holds postgres: it is removed; ..." */
};

struct ipl_plan_diff {
	const char *spec;         /* the path in the repository (at head) */
	const char *renamed_from; /* its path at base when it was renamed, else NULL */
	const char *status;       /* "changed", "added", "removed", "unchanged" */
	double before, after;     /* totals; 0 for an absent side */
	struct ipl_line_change *changes;
	size_t changes_nr;
	struct ipl_stateful_change *stateful; /* replaces_stateful when stateful_nr > 0 */
	size_t stateful_nr;
	/* the plans, for the Markdown comment's topology: NULL for an absent side */
	const struct ipl_plan *base_plan, *head_plan;
};

/*
 * base or head (and their plans) may be NULL for an added or removed spec.
 * What holds state: a server whose placed services include a stateful one,
 * an RDS database, an ElastiCache cluster, an S3 bucket. Such a server's
 * removal or change of type or architecture, and such a resource's removal,
 * replace it; so does a native command service moving between x86 and ARM
 * (its binaries do not run on the other).
 */
void ipl_costdiff(struct ipl_plan_diff *out, const char *spec, const struct ipl_cost *base,
		  const struct ipl_plan *base_plan, const struct ipl_cost *head,
		  const struct ipl_plan *head_plan, struct ipl_arena *arena);
/* whether any of the n plans replaces a resource holding state */
bool ipl_costdiff_replaces_stateful(const struct ipl_plan_diff *d, size_t n);
/*
 * The Markdown comment draws each plan at head (planners/mermaid.h) with the
 * nodes added, changed and removed since base marked.
 */
void ipl_costdiff_write(const struct ipl_plan_diff *d, size_t n, const char *currency,
			const char *base_rev, const char *head_rev, const char *format,
			struct ipl_buf *out);

#endif
