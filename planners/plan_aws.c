/*
 * plan_aws.c: AWS plans (issue: managed plans with rightsizing). Every service
 * becomes one managed resource: apps and workers ECS Fargate services,
 * databases RDS, Redis ElastiCache, queues SQS, object storage S3.
 *
 * Fargate sizes are rounded up to valid CPU/memory pairs (rightsize.c).
 * Stateless services run FARGATE base 1 weight 30 and FARGATE_SPOT weight 70
 * (003; settings.on_demand_base and spot_weight) on x86, since Spot on ARM is
 * not reliably offered; services marked stateful or singleton stay on demand,
 * on Graviton when the spec allows ARM. RDS and ElastiCache default to the
 * Graviton t4g class that fits the memory asked for.
 */
#include "core/common.h"

#include <math.h>

#include "core/buf.h"
#include "planners/plan.h"
#include "planners/provider.h"
#include "planners/rightsize.h"

static const struct ipl_offer *
smallest_class(const struct ipl_catalog *cat, const char *line, double mem_mib, int date)
{
	const struct ipl_offer *best = NULL;
	size_t i;

	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = &cat->offers[i];
		if (o->kind != IPL_OFFER_INSTANCE || !o->line || strcmp(o->line, line) ||
		    !o->arch || strcmp(o->arch, "arm") || o->memory_mib < mem_mib - 1e-9 ||
		    !ipl_offer_price_at(o, date))
			continue;
		if (!best ||
		    ipl_offer_price_at(o, date)->amount < ipl_offer_price_at(best, date)->amount)
			best = o;
	}
	return best;
}

/* the on-demand hourly price of a Fargate catalog id, 0 when the catalog has none */
static double
fargate_hourly(const struct ipl_plan *plan, const char *id)
{
	const struct ipl_offer *o = ipl_catalog_find(plan->catalog, "aws", id);
	const struct ipl_price *pr = o ? ipl_offer_price_at(o, plan->prices_date) : NULL;

	return pr ? pr->amount : 0;
}

/*
 * Fargate bills the valid size at or above the request (0.3 vCPU is billed
 * as 0.5): say what was asked, what is billed and what the difference costs
 * a month for the tasks planned, at on-demand prices (Spot pays less).
 */
static void
warn_rounded_up(const struct ipl_plan *plan, const struct ipl_plan_node *n,
		const struct ipl_service *s, double cpu_m, double mem_mib, struct ipl_diags *diags)
{
	bool arm = !strcmp(n->aws.cpu_arch, "ARM64");
	double extra_vcpu = n->aws.task_cpu / 1024.0 - cpu_m / 1000;
	double extra_gb = (n->aws.task_memory - mem_mib) / 1024;
	double extra =
		(extra_vcpu * fargate_hourly(plan, arm ? "fargate-arm-vcpu" : "fargate-x86-vcpu") +
		 extra_gb * fargate_hourly(plan, arm ? "fargate-arm-gb" : "fargate-x86-gb")) *
		730 * n->count;

	ipl_warning(diags, plan->spec->path, s->cpu_m.v != IPL_UNSET ? s->cpu_m.loc : s->loc,
		    "service \"%s\" asks for %.6g vCPU and %.0f MiB; Fargate bills the next valid "
		    "size, %.6g vCPU and %d MiB: %.2f USD a month more for %d task%s at on-demand "
		    "prices",
		    s->name.s, cpu_m / 1000, mem_mib, n->aws.task_cpu / 1024.0, n->aws.task_memory,
		    extra, n->count, n->count == 1 ? "" : "s");
}

static int
plan_fargate(const struct ipl_planner *p, struct ipl_plan *plan, struct ipl_plan_node *n,
	     const struct ipl_service *s, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	const struct ipl_capacity *cap = ipl_planner_capacity(p, s);
	struct ipl_fargate_size size;
	struct ipl_buf why = IPL_BUF_INIT;
	double cpu = ipl_planner_replica_cpu(p, s, plan->provider->default_task_cpu_m);
	/* a task holds its share of the connections too (capacity.c) */
	double mem = cap->sized                     ? cap->memory_mib
		     : s->memory_mib.v != IPL_UNSET ? s->memory_mib.v
						    : 512;
	bool on_demand_only = s->singleton || (s->stateful_set && s->stateful);

	if (ipl_fargate_round_up(cpu, mem, &size, &why) < 0) {
		ipl_error(diags, spec->path, s->cpu_m.v != IPL_UNSET ? s->cpu_m.loc : s->loc,
			  "no Fargate size has %.2f vCPU and %.0f MiB for service \"%s\": %s",
			  cpu / 1000, mem, s->name.s, why.data);
		ipl_buf_release(&why);
		return -1;
	}
	ipl_buf_release(&why);
	n->aws.kind = IPL_AWS_FARGATE;
	n->aws.task_cpu = size.cpu;
	n->aws.task_memory = size.memory;
	if (cap->sized && !cap->pinned) {
		/* autoscaling: min for the baseline, max for the peak with headroom */
		n->instances.min_count = cap->min_replicas;
		n->instances.max_count = cap->max_replicas;
	} else if (s->replicas.v != IPL_UNSET) {
		n->instances.min_count = n->instances.max_count = (int)s->replicas.v;
	} else {
		n->instances.min_count = s->min_replicas.v != IPL_UNSET ? (int)s->min_replicas.v
									: 1;
		n->instances.max_count = s->max_replicas.v != IPL_UNSET ? (int)s->max_replicas.v
									: n->instances.min_count;
	}
	n->count = n->instances.min_count;
	n->instances.active_hours = 730;
	if (on_demand_only) {
		/* no interruption for state or a singleton: on demand, Graviton when allowed */
		n->aws.cpu_arch = s->arch == IPL_ARCH_ARM ? "ARM64" : "X86_64";
		n->aws.on_demand_base = 0;
		n->aws.on_demand_weight = 1;
		n->aws.spot_weight = 0;
	} else if (s->arch == IPL_ARCH_ARM) {
		/* Fargate Spot on ARM64 is not reliably offered: ARM runs on demand */
		n->aws.cpu_arch = "ARM64";
		n->aws.on_demand_base = 0;
		n->aws.on_demand_weight = 1;
		n->aws.spot_weight = 0;
	} else {
		int spot = (int)ipl_setting(&spec->settings.spot_weight, 70);
		n->aws.cpu_arch = "X86_64";
		n->aws.on_demand_base = (int)ipl_setting(&spec->settings.on_demand_base, 1);
		n->aws.spot_weight = spot;
		n->aws.on_demand_weight = 100 - spot;
	}
	n->decided_by = (size.cpu / 1024.0) * 1000 >= cpu && size.memory == (int)mem
				? "request"
				: "rounded up to a valid Fargate size";
	if (size.cpu * 1000.0 / 1024 > cpu + 1e-9 || size.memory > mem + 1e-9)
		warn_rounded_up(plan, n, s, cpu, mem, diags);
	return 0;
}

static int
plan_class(struct ipl_plan *plan, struct ipl_plan_node *n, const struct ipl_service *s,
	   const char *line, double default_mem, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;

	if (s->instance_type.s) {
		n->type = ipl_catalog_find(plan->catalog, "aws", s->instance_type.s);
		if (!n->type || !n->type->line || strcmp(n->type->line, line))
			return ipl_error(diags, spec->path, s->instance_type.loc,
					 "unknown %s instance class \"%s\" in the catalog; see "
					 "'infraplan prices show aws'",
					 line, s->instance_type.s);
		n->decided_by = "the spec's instance_type";
	} else {
		double mem = s->memory_mib.v != IPL_UNSET ? s->memory_mib.v : default_mem;
		n->type = smallest_class(plan->catalog, line, mem, plan->prices_date);
		if (!n->type)
			return ipl_error(
				diags, spec->path, s->loc,
				"no Graviton %s class in the catalog has %.0f MiB for service "
				"\"%s\"",
				line, mem, s->name.s);
		n->decided_by = "memory (smallest Graviton class)";
	}
	n->price = ipl_offer_price_at(n->type, plan->prices_date);
	if (!n->price)
		n->price = &n->type->prices[0];
	n->count = 1;
	n->instances.active_hours = 730;
	return 0;
}

int
ipl_plan_aws(struct ipl_planner *p, struct ipl_plan *plan)
{
	struct ipl_arena *arena = p->arena;
	struct ipl_diags *diags = p->diags;
	const struct ipl_spec *spec = plan->spec;
	size_t i;
	int rc = 0;
	int retention = spec->backup.retention_days.v != IPL_UNSET
				? (int)spec->backup.retention_days.v
				: 7;

	plan->layout = IPL_LAYOUT_SPLIT;
	plan->layout_reason = "one managed AWS resource per service";
	if (spec->settings.nat_gateway)
		ipl_warning(
			diags, spec->path, spec->settings.nat_gateway_loc,
			"a NAT gateway costs 0.045 USD an hour (32.85 a month) plus 0.045 USD a GB "
			"and 3.65 a month for its address: often more than the rest of a small app; "
			"the plan works without one");
	plan->nodes = IPL_ARENA_ARRAY(arena, struct ipl_plan_node, spec->services_nr + 1);
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		struct ipl_plan_node *n = &plan->nodes[plan->nodes_nr++];
		struct ipl_placed_service *ps;

		n->name = s->name.s;
		n->kind = IPL_NODE_AWS;
		n->role = IPL_ROLE_SERVICE;
		n->services = IPL_ARENA_NEW(arena, struct ipl_placed_service);
		ps = &n->services[n->services_nr++];
		ps->svc = s;
		ps->port = s->port.v != IPL_UNSET ? (int)s->port.v : 0;
		ps->public_port = s->public_port;
		ps->private_only = !s->public_port;
		ps->unit_name = s->name.s;
		ps->capacity = p->caps[i].sized || p->caps[i].database ? &p->caps[i] : NULL;
		ps->domain = ipl_service_domain(spec, s);
		n->aws.retention_days = retention;
		switch (s->kind) {
		case IPL_KIND_APP:
		case IPL_KIND_WORKER:
		case IPL_KIND_STATIC_SITE:
			/* a static site's image serves on its kind's port, 80, as on servers */
			ps->port = ipl_planner_service_port(s);
			if (s->gpu.s)
				rc = ipl_error(
					diags, spec->path, s->gpu.loc,
					"Fargate has no GPUs; run service \"%s\" on koyeb, or on EC2 "
					"GPU instances (not planned by this version)",
					s->name.s);
			else if (plan_fargate(p, plan, n, s, diags) < 0)
				rc = -1;
			ps->cpu_m = n->aws.task_cpu * 1000.0 / 1024;
			ps->memory_mib = n->aws.task_memory;
			break;
		case IPL_KIND_POSTGRES:
		case IPL_KIND_MYSQL:
			n->aws.kind = IPL_AWS_RDS;
			n->aws.storage_gb = s->storage_gb.v != IPL_UNSET
						    ? ceil(s->storage_gb.v * p->data_factor)
						    : 20;
			n->aws.storage_max_gb = s->storage_max_gb.v != IPL_UNSET
							? s->storage_max_gb.v
							: n->aws.storage_gb * 2.5;
			if (plan_class(plan, n, s, "rds",
				       p->caps[i].memory_mib > 1024 ? p->caps[i].memory_mib : 1024,
				       diags) < 0)
				rc = -1;
			if (s->kind == IPL_KIND_MYSQL)
				ipl_warning(
					diags, spec->path, s->kind_loc,
					"the catalog's RDS prices are for PostgreSQL; MySQL's differ "
					"slightly (db.t3.micro $0.017 an hour)");
			break;
		case IPL_KIND_REDIS:
			n->aws.kind = IPL_AWS_ELASTICACHE;
			if (plan_class(plan, n, s, "elasticache", 256, diags) < 0)
				rc = -1;
			break;
		case IPL_KIND_QUEUE:
		case IPL_KIND_RABBITMQ:
			n->aws.kind = IPL_AWS_SQS;
			if (s->kind == IPL_KIND_RABBITMQ)
				ipl_warning(
					diags, spec->path, s->kind_loc,
					"service \"%s\" (rabbitmq) becomes an SQS queue on AWS; Amazon MQ "
					"for RabbitMQ is not planned by this version",
					s->name.s);
			break;
		case IPL_KIND_OBJECT_STORAGE:
			n->aws.kind = IPL_AWS_S3;
			n->aws.storage_gb = s->storage_gb.v != IPL_UNSET
						    ? s->storage_gb.v * p->data_factor
						    : 0;
			break;
		case IPL_KIND_MONGODB:
			rc = ipl_error(
				diags, spec->path, s->kind_loc,
				"MongoDB on AWS (DocumentDB) is not planned by this version; run it "
				"on a self-hosted node or use MongoDB Atlas through an env secret");
			break;
		default:
			break;
		}
	}
	return rc;
}

const char *
ipl_aws_kind_name(enum ipl_aws_kind kind)
{
	switch (kind) {
	case IPL_AWS_UNPLANNED:
		return NULL;
	case IPL_AWS_FARGATE:
		return "fargate";
	case IPL_AWS_RDS:
		return "rds";
	case IPL_AWS_ELASTICACHE:
		return "elasticache";
	case IPL_AWS_SQS:
		return "sqs";
	case IPL_AWS_S3:
		return "s3";
	}
	return NULL;
}
