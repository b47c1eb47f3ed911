/*
 * mermaid.c: see mermaid.h. A flowchart reads left to right: the internet,
 * then the private network holding one subgraph per node (its services
 * inside). Ids: n0.. for nodes, s0.. for placed services, r0.. for nodes
 * removed since the diff's base, "internet" and "net".
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/strmap.h"
#include "planners/cost.h"
#include "planners/mermaid.h"
#include "planners/plan.h"
#include "planners/provider.h"

/* ---- Topology ----------------------------------------------------------- */

/*
 * The plan's nodes and services by name, indexed once per drawing: a lookup
 * per node or per depends_on entry that scanned the plan was n^2 string
 * comparisons (2 million at 2,000 services, in every gen's COST.md).
 */
struct names {
	struct ipl_strmap nodes;    /* node name -> its node */
	struct ipl_strmap services; /* service name -> 1 + the id of its first placement */
};

static void
names_index(struct names *x, const struct ipl_plan *p)
{
	size_t i, j;
	intptr_t id = 0;

	ipl_strmap_init(&x->nodes);
	ipl_strmap_init(&x->services);
	for (i = 0; p && i < p->nodes_nr; i++) {
		(void)ipl_strmap_add(&x->nodes, p->nodes[i].name, (void *)&p->nodes[i]);
		for (j = 0; j < p->nodes[i].services_nr; j++, id++)
			(void)ipl_strmap_add(&x->services, p->nodes[i].services[j].svc->name.s,
					     (void *)(id + 1));
	}
}

static void
names_release(struct names *x)
{
	ipl_strmap_release(&x->nodes);
	ipl_strmap_release(&x->services);
}

static const struct ipl_plan_node *
find_node(const struct names *x, const char *name)
{
	return ipl_strmap_get(&x->nodes, name);
}

static bool
same_services(const struct ipl_plan_node *a, const struct ipl_plan_node *b)
{
	size_t i;

	if (a->services_nr != b->services_nr)
		return false;
	for (i = 0; i < a->services_nr; i++)
		if (strcmp(a->services[i].svc->name.s, b->services[i].svc->name.s))
			return false;
	return true;
}

static const char *
type_name(const struct ipl_plan_node *n)
{
	if (n->type)
		return n->type->name;
	if (n->kind == IPL_NODE_AWS)
		return ipl_aws_kind_name(n->aws.kind);
	return NULL;
}

/* true when a node of plan is the base's node NAME under another name (moved blocks) */
static bool
moved_into(const struct ipl_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (plan->nodes[i].moved_from && !strcmp(plan->nodes[i].moved_from, name))
			return true;
	return false;
}

/* "added", "changed", "removed" or NULL against the diff's base */
static const char *
mark_of(const struct ipl_plan_node *n, const struct ipl_plan *base, const struct names *base_names)
{
	const struct ipl_plan_node *was;
	const char *a, *b;

	if (!base)
		return NULL;
	/* the split layout's app node is the single layout's main server, moved (plan.h) */
	if (!(was = find_node(base_names, n->name)) &&
	    !(n->moved_from && (was = find_node(base_names, n->moved_from))))
		return "added";
	a = type_name(n);
	b = type_name(was);
	if (n->count != was->count || (a && b ? strcmp(a, b) != 0 : a != b) ||
	    !same_services(n, was))
		return "changed";
	return NULL;
}

/* "node app: 1x CX23 (2 vCPU, 4 GiB)", "db: rds db.t4g.micro", "node main: your server" */
static void
node_label(struct ipl_buf *b, const struct ipl_plan_node *n, const char *mark)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *type = type_name(n);

	if (n->kind == IPL_NODE_SERVER && n->type)
		ipl_buf_addf(&t, "node %s: %dx %s (%.6g vCPU, %.6g GiB)", n->name, n->count,
			     n->type->name, n->type->vcpu, n->type->memory_mib / 1024);
	else if (n->kind == IPL_NODE_SERVER)
		ipl_buf_addf(&t, "node %s: your server", n->name);
	else if (n->kind == IPL_NODE_AWS && n->aws.kind == IPL_AWS_FARGATE)
		ipl_buf_addf(&t, "%s: Fargate %d-%dx %d CPU / %d MiB", n->name,
			     n->instances.min_count, n->instances.max_count, n->aws.task_cpu,
			     n->aws.task_memory);
	else if (n->kind == IPL_NODE_AWS)
		ipl_buf_addf(&t, "%s: %s", n->name,
			     n->type ? n->type->name : ipl_aws_kind_name(n->aws.kind));
	else
		ipl_buf_addf(&t, "%s: %d-%dx %s", n->name, n->instances.min_count,
			     n->instances.max_count, type ? type : "instance");
	if (mark)
		ipl_buf_addf(&t, " (%s)", mark);
	ipl_escape_mermaid_string(b, ipl_buf_str(&t));
	ipl_buf_release(&t);
}

static void
service_label(struct ipl_buf *b, const struct ipl_placed_service *s)
{
	struct ipl_buf t = IPL_BUF_INIT;

	ipl_buf_addf(&t, "%s (%s)", s->svc->name.s, ipl_service_kind_name(s->svc->kind));
	if (s->port)
		ipl_buf_addf(&t, " :%d %s", s->port,
			     s->public_port    ? "public"
			     : s->private_only ? "private"
					       : "local");
	if (s->route)
		ipl_buf_addf(&t, " route %s", s->route);
	ipl_escape_mermaid_string(b, ipl_buf_str(&t));
	ipl_buf_release(&t);
}

/* the id number of the first placement of the service named name, or -1 */
static long
service_id(const struct names *x, const char *name)
{
	return (long)(intptr_t)ipl_strmap_get(&x->services, name) - 1;
}

void
ipl_mermaid_topology(struct ipl_buf *b, const struct ipl_plan *plan, const struct ipl_plan *base)
{
	struct ipl_buf t = IPL_BUF_INIT;
	size_t i, j, k;
	long id = 0;
	bool any_public = false, any_mark = false;
	struct names names, base_names;

	names_index(&names, plan);
	names_index(&base_names, base);
	ipl_buf_adds(b, "flowchart LR\n");
	for (i = 0; i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++)
			any_public |= plan->nodes[i].services[j].public_port ||
				      plan->nodes[i].services[j].route;
	if (any_public)
		ipl_buf_adds(b, "  internet((\"internet\"))\n");
	/* the range only where the servers' firewalls use it and the provider does not pick it */
	ipl_buf_addf(&t, "%s: %s", plan->provider->name, plan->provider->network_label);
	if (plan->provider->node_files && !plan->provider->assigns_private_ips)
		ipl_buf_addf(&t, " %s", plan->network_cidr);
	ipl_buf_adds(b, "  subgraph net[");
	ipl_escape_mermaid_string(b, ipl_buf_str(&t));
	ipl_buf_adds(b, "]\n");
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		const char *mark = mark_of(n, base, &base_names);
		ipl_buf_addf(b, "    subgraph n%zu[", i);
		node_label(b, n, mark);
		ipl_buf_adds(b, "]\n");
		for (j = 0; j < n->services_nr; j++, id++) {
			ipl_buf_addf(b, "      s%ld[", id);
			service_label(b, &n->services[j]);
			ipl_buf_adds(b, "]\n");
		}
		ipl_buf_adds(b, "    end\n");
		if (mark) {
			ipl_buf_addf(b, "    class n%zu %s\n", i, mark);
			any_mark = true;
		}
	}
	for (i = 0; base && i < base->nodes_nr; i++) {
		if (find_node(&names, base->nodes[i].name) || moved_into(plan, base->nodes[i].name))
			continue;
		ipl_buf_addf(b, "    r%zu[", i);
		node_label(b, &base->nodes[i], "removed");
		ipl_buf_addf(b, "]\n    class r%zu removed\n", i);
		any_mark = true;
	}
	ipl_buf_adds(b, "  end\n");
	id = 0;
	for (i = 0; i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++, id++) {
			const struct ipl_placed_service *s = &plan->nodes[i].services[j];
			if (s->public_port || s->route) {
				ipl_buf_reset(&t);
				if (s->route)
					ipl_buf_addf(&t, "%s", s->route);
				else if (s->domain) /* Caddy or the load balancer: HTTPS */
					ipl_buf_addf(&t, "https://%s", s->domain);
				else
					ipl_buf_addf(&t, "%d", s->port);
				ipl_buf_adds(b, "  internet -->|");
				ipl_escape_mermaid_string(b, ipl_buf_str(&t));
				ipl_buf_addf(b, "| s%ld\n", id);
			}
		}
	/* depends_on, once per service even when it runs on several nodes */
	for (i = 0; i < plan->spec->services_nr; i++) {
		const struct ipl_service *svc = &plan->spec->services[i];
		long from = service_id(&names, svc->name.s);
		for (k = 0; from >= 0 && k < svc->depends_on_nr; k++) {
			long to = service_id(&names, svc->depends_on[k].s);
			if (to >= 0)
				ipl_buf_addf(b, "  s%ld -.->|\"depends on\"| s%ld\n", from, to);
		}
	}
	if (any_mark)
		ipl_buf_adds(b, "  classDef added fill:#dfd,stroke:#080\n"
				"  classDef changed fill:#ffd,stroke:#a80\n"
				"  classDef removed fill:#fdd,stroke:#a00,stroke-dasharray:4\n");
	ipl_buf_release(&t);
	names_release(&names);
	names_release(&base_names);
}

/* ---- Charts ------------------------------------------------------------- */

void
ipl_mermaid_xychart(struct ipl_buf *b, const struct ipl_mermaid_chart *c)
{
	double max = 0;
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (c->values[i] > max)
			max = c->values[i];
	/* each bar's amount written on it (Mermaid 11's xyChart.showDataLabel) */
	ipl_buf_adds(b, "---\nconfig:\n  xyChart:\n    showDataLabel: true\n---\n");
	ipl_buf_adds(b, "xychart-beta\n  title ");
	ipl_escape_mermaid_string(b, c->title);
	ipl_buf_adds(b, "\n  x-axis ");
	ipl_escape_mermaid_string(b, c->x_title);
	ipl_buf_adds(b, " [");
	for (i = 0; i < c->nr; i++) {
		if (i)
			ipl_buf_adds(b, ", ");
		ipl_escape_mermaid_string(b, c->labels[i]);
	}
	ipl_buf_adds(b, "]\n  y-axis ");
	ipl_escape_mermaid_string(b, c->y_title);
	/* from 0, so that bar heights compare; a little above the highest bar */
	ipl_buf_adds(b, " 0 --> ");
	ipl_money_format(b, max > 0 ? max * 1.1 : 1);
	ipl_buf_adds(b, "\n  bar [");
	for (i = 0; i < c->nr; i++) {
		if (i)
			ipl_buf_adds(b, ", ");
		ipl_money_format(b, c->values[i]);
	}
	ipl_buf_adds(b, "]\n");
}

void
ipl_mermaid_fence(struct ipl_buf *b, const struct ipl_buf *text)
{
	ipl_buf_adds(b, "```mermaid\n");
	ipl_buf_adds(b, ipl_buf_str(text));
	ipl_buf_adds(b, "```\n");
}
