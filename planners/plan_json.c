/*
 * plan_json.c: `plan --format json` (plan_json.h): the plan as one JSON
 * document in the shared conventions (core/json.h): the peak the plan is
 * sized for, each node with its services and, per app or worker, what the
 * capacity model sized it for and how; the monthly total and the warnings.
 * Keys are fixed and ordered; numbers print with %.6g (money with 2
 * decimals), so the same spec and catalog give the same bytes.
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/json.h"
#include "planners/plan.h"
#include "planners/plan_json.h"
#include "planners/provider.h"

static void
num(struct ipl_buf *b, const char *key, double v)
{
	ipl_buf_addf(b, "\"%s\": %.6g", key, v);
}

static void
capacity(struct ipl_buf *b, const struct ipl_capacity *c, const char *indent)
{
	if (!c) {
		ipl_buf_adds(b, "null");
		return;
	}
	ipl_buf_addf(b, "{\n%s  ", indent);
	if (c->database) {
		num(b, "connections", c->connections);
		ipl_buf_addf(b, ",\n%s  ", indent);
		num(b, "memory_mib", c->memory_mib);
		ipl_buf_addf(b, ",\n%s  ", indent);
		ipl_json_string(b, "binding", c->binding);
		ipl_buf_addf(b, ",\n%s  ", indent);
		ipl_json_string(b, "method", c->method);
		ipl_buf_addf(b, "\n%s}", indent);
		return;
	}
	num(b, "peak_requests_per_second", c->peak_rps);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "peak_jobs_per_second", c->peak_jobs);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "concurrent", c->concurrent);
	ipl_buf_addf(b, ",\n%s  ", indent);
	ipl_json_string(b, "basis", c->basis);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "requests_per_vcpu", c->rps_per_vcpu);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "memory_per_connection_mib", c->mib_per_connection);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "cpu_target", c->target);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "need_vcpu", c->need_vcpu);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "replicas", c->replicas);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "min_replicas", c->min_replicas);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "max_replicas", c->max_replicas);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "cpu_per_replica", c->cpu_m / 1000);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "memory_mib_per_replica", c->memory_mib);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "capacity_requests_per_second", c->capacity_rps);
	ipl_buf_addf(b, ",\n%s  ", indent);
	ipl_json_string(b, "binding", c->binding);
	ipl_buf_addf(b, ",\n%s  \"pinned\": %s,\n%s  ", indent, c->pinned ? "true" : "false",
		     indent);
	ipl_json_string(b, "pinned_by", c->pinned ? c->pinned_by : NULL);
	ipl_buf_addf(b, ",\n%s  ", indent);
	num(b, "model_replicas", c->model_replicas);
	ipl_buf_addf(b, ",\n%s  ", indent);
	ipl_json_string(b, "method", c->method);
	ipl_buf_addf(b, "\n%s}", indent);
}

static const char *
node_kind(const struct ipl_plan_node *n)
{
	switch (n->kind) {
	case IPL_NODE_SERVER:
		return "server";
	case IPL_NODE_INSTANCE_GROUP:
		return "instance_group";
	case IPL_NODE_AWS:
		return ipl_aws_kind_name(n->aws.kind);
	}
	return NULL;
}

static void
node(struct ipl_buf *b, const struct ipl_plan_node *n)
{
	size_t j;

	ipl_buf_adds(b, "    {\n      ");
	ipl_json_string(b, "name", n->name);
	ipl_buf_adds(b, ",\n      ");
	ipl_json_string(b, "kind", node_kind(n));
	ipl_buf_adds(b, ",\n      ");
	ipl_json_string(b, "type", n->type ? n->type->id : NULL);
	ipl_buf_adds(b, ",\n      ");
	num(b, "count", n->count);
	if (n->kind != IPL_NODE_SERVER) {
		ipl_buf_adds(b, ",\n      ");
		num(b, "min_count", n->instances.min_count);
		ipl_buf_adds(b, ",\n      ");
		num(b, "max_count", n->instances.max_count);
	}
	if (n->kind == IPL_NODE_AWS && n->aws.kind == IPL_AWS_FARGATE)
		ipl_buf_addf(b, ",\n      \"task_cpu\": %d,\n      \"task_memory_mib\": %d",
			     n->aws.task_cpu, n->aws.task_memory);
	ipl_buf_adds(b, ",\n      ");
	ipl_json_string(b, "decided_by", n->decided_by);
	if (n->kind == IPL_NODE_SERVER) {
		ipl_buf_adds(b, ",\n      ");
		num(b, "need_vcpu", n->need_cpu_m / 1000);
		ipl_buf_adds(b, ",\n      ");
		num(b, "need_memory_mib", n->need_memory_mib);
		ipl_buf_adds(b, ",\n      ");
		num(b, "need_disk_gb", n->need_disk_gb);
		ipl_buf_adds(b, ",\n      ");
		ipl_json_string(b, "load_balancer", n->load_balancer ? n->load_balancer->id : NULL);
	}
	ipl_buf_adds(b, ",\n      \"services\": [");
	for (j = 0; j < n->services_nr; j++) {
		const struct ipl_placed_service *s = &n->services[j];
		ipl_buf_addf(b, "%s\n        {\n          ", j ? "," : "");
		ipl_json_string(b, "name", s->svc->name.s);
		ipl_buf_adds(b, ",\n          ");
		ipl_json_string(b, "kind", ipl_service_kind_name(s->svc->kind));
		ipl_buf_adds(b, ",\n          ");
		num(b, "cpu", s->cpu_m / 1000);
		ipl_buf_adds(b, ",\n          ");
		num(b, "memory_mib", s->memory_mib);
		ipl_buf_adds(b, ",\n          \"capacity\": ");
		capacity(b, s->capacity, "          ");
		ipl_buf_adds(b, "\n        }");
	}
	ipl_buf_addf(b, "%s]\n    }", n->services_nr ? "\n      " : "");
}

void
ipl_plan_write_json(const struct ipl_plan *plan, const struct ipl_cost *cost,
		    const struct ipl_diags *diags, struct ipl_buf *b)
{
	const struct ipl_peak *pk = &plan->peak;
	size_t i;

	ipl_buf_adds(b, "{\n  ");
	ipl_json_schema_version(b);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_string(b, "name", plan->spec->name.s);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_string(b, "provider", plan->provider->name);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_string(b, "layout", ipl_layout_name(plan->layout));
	ipl_buf_adds(b, ",\n  ");
	ipl_json_string(b, "layout_reason", plan->layout_reason);
	ipl_buf_adds(b, ",\n  \"peak\": {\n    ");
	num(b, "users", pk->users);
	ipl_buf_adds(b, ",\n    ");
	num(b, "concurrent", pk->concurrent);
	ipl_buf_adds(b, ",\n    ");
	ipl_json_string(b, "concurrent_from", pk->concurrent_from);
	ipl_buf_adds(b, ",\n    ");
	num(b, "requests_per_second", pk->rps);
	ipl_buf_adds(b, ",\n    ");
	ipl_json_string(b, "requests_per_second_from", pk->rps_from);
	ipl_buf_adds(b, "\n  },\n  \"nodes\": [");
	for (i = 0; i < plan->nodes_nr; i++) {
		ipl_buf_adds(b, i ? ",\n" : "\n");
		node(b, &plan->nodes[i]);
	}
	ipl_buf_addf(b, "%s],\n  ", plan->nodes_nr ? "\n  " : "");
	ipl_json_string(b, "currency", cost->currency);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_money(b, "monthly", cost->monthly_total);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_warnings(b, diags);
	ipl_buf_adds(b, "\n}\n");
}
