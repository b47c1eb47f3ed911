/*
 * mermaid.h: pictures of a plan in Mermaid, which GitHub draws from a
 * ```mermaid block in Markdown (no image to host): the topology of a plan
 * (a flowchart), marked against the plan before it in a diff, and a bar
 * chart (xychart-beta) of amounts over labels, for --tiers, history and
 * forecasts. Every user string goes through ipl_escape_mermaid_string; node
 * ids are numbered here, never taken from the spec.
 */
#ifndef IPL_MERMAID_H
#define IPL_MERMAID_H

#include "core/buf.h"
#include "model/plan.h"

/*
 * The plan's topology, without the fence: each node or managed resource a
 * box holding its services (kind, port, public or private), inside the
 * private network; the internet's arrows to public ports or routes; a dashed
 * arrow for each depends_on. With base (a diff's plan before), a node that
 * base lacks is marked added, one whose type, count or services changed is
 * marked changed, and base's nodes that plan lacks are drawn as removed.
 */
void ipl_mermaid_topology(struct ipl_buf *b, const struct ipl_plan *plan,
			  const struct ipl_plan *base);

/* one series of a chart: its name (a legend in the title) and one amount per label */
struct ipl_mermaid_chart {
	const char *title;         /* "Monthly cost by users" */
	const char *x_title;       /* "users" */
	const char *y_title;       /* "EUR a month" */
	const char *const *labels; /* one per bar */
	const double *values;      /* money, written with two decimals */
	size_t nr;
};

/* an xychart-beta bar chart, each bar labelled with its amount, without the fence */
void ipl_mermaid_xychart(struct ipl_buf *b, const struct ipl_mermaid_chart *chart);

/* a block as Markdown writes it: "```mermaid\n" TEXT "```\n" */
void ipl_mermaid_fence(struct ipl_buf *b, const struct ipl_buf *text);

#endif
