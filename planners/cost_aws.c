/*
 * cost_aws.c: the AWS cost hook: Fargate tasks, RDS, ElastiCache, SQS, S3,
 * the load balancer, the NAT gateway and CloudWatch, each line priced from
 * the catalog's aws offers.
 */
#include "core/common.h"

#include "planners/coster.h"

/*
 * A line's stable key (cost.h): its resource and the offer's id less the
 * architecture, "api:fargate-vcpu", since the name carries the sizes and a
 * move to ARM is a change of the same line; shared lines keep their name.
 */
static const char *
line_key(struct ipl_coster *c, const char *name, const char *id)
{
	const char *arch = strstr(id, "-x86");

	if (!arch)
		arch = strstr(id, "-arm");
	if (!c->resource)
		return name;
	if (!arch)
		return ipl_arena_printf(c->arena, "%s:%s", c->resource, id);
	return ipl_arena_printf(c->arena, "%s:%.*s%s", c->resource, (int)(arch - id), id, arch + 4);
}

/*
 * One line priced from catalog offer `id` of provider aws, quantity in the
 * offer's unit (shown as `unit` when given), `instances` for an override.
 */
static struct ipl_line_item *
aws_line(struct ipl_coster *c, const char *name, const char *category, const char *id, double qty,
	 const char *unit, double instances)
{
	const struct ipl_offer *o = ipl_catalog_find(c->plan->catalog, "aws", id);
	const struct ipl_price *pr;
	struct ipl_line_item *it;

	if (!o) {
		c->errors++;
		ipl_error(c->diags, "catalog", (struct ipl_loc){ 0, 0 }, "no aws price \"%s\"", id);
		return NULL;
	}
	pr = ipl_offer_price_at(o, c->plan->prices_date);
	if (!pr)
		pr = &o->prices[0];
	it = ipl_cost_add_item(c, name, category);
	it->key = line_key(c, name, id);
	ipl_cost_price_line(c, it, pr, qty, unit, instances, ipl_cost_find_override(c, id, NULL));
	return it;
}

/*
 * AWS: Fargate by vCPU-hours and GB-hours, split between on-demand and Spot
 * by the capacity provider strategy (the base tasks first, then the weights;
 * Infracost prices FARGATE_SPOT tasks at on-demand rates, we split them).
 */
void
ipl_cost_aws(struct ipl_coster *c)
{
	const struct ipl_plan *plan = c->plan;
	bool alb = false;
	int autoscaled = 0;
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		const char *name = n->name;
		c->resource = name;
		if (n->aws.kind == IPL_AWS_UNPLANNED)
			continue;
		if (n->aws.kind == IPL_AWS_FARGATE) {
			double tasks = n->count, od, spot, vcpu = n->aws.task_cpu / 1024.0,
			       gb = n->aws.task_memory / 1024.0;
			bool arm = !strcmp(n->aws.cpu_arch, "ARM64");
			double base = tasks < n->aws.on_demand_base ? tasks : n->aws.on_demand_base;
			double rest = tasks - base,
			       weights = n->aws.on_demand_weight + n->aws.spot_weight;
			od = base + (weights > 0 ? rest * n->aws.on_demand_weight / weights : rest);
			spot = tasks - od;
			if (od > 0) {
				aws_line(c,
					 ipl_arena_printf(c->arena,
							  "service %s: Fargate %.6g vCPU x %.6g "
							  "tasks on demand (%s)",
							  name, vcpu, od, arm ? "ARM64" : "x86"),
					 "compute", arm ? "fargate-arm-vcpu" : "fargate-x86-vcpu",
					 vcpu * od * IPL_HOURS_PER_MONTH, "vCPU-hour", od);
				aws_line(c,
					 ipl_arena_printf(c->arena,
							  "service %s: Fargate %.6g GB x %.6g "
							  "tasks on demand (%s)",
							  name, gb, od, arm ? "ARM64" : "x86"),
					 "compute", arm ? "fargate-arm-gb" : "fargate-x86-gb",
					 gb * od * IPL_HOURS_PER_MONTH, "GB-hour", od);
			}
			if (spot > 0) {
				aws_line(c,
					 ipl_arena_printf(c->arena,
							  "service %s: Fargate Spot %.6g vCPU x "
							  "%.6g tasks",
							  name, vcpu, spot),
					 "compute", "fargate-spot-x86-vcpu",
					 vcpu * spot * IPL_HOURS_PER_MONTH, "vCPU-hour", spot);
				aws_line(c,
					 ipl_arena_printf(c->arena,
							  "service %s: Fargate Spot %.6g GB x "
							  "%.6g tasks",
							  name, gb, spot),
					 "compute", "fargate-spot-x86-gb",
					 gb * spot * IPL_HOURS_PER_MONTH, "GB-hour", spot);
			}
			/* tasks run in public subnets with a public address: no NAT gateway */
			aws_line(c,
				 ipl_arena_printf(c->arena, "service %s: public IPv4 x %.6g tasks",
						  name, tasks),
				 "network", "public-ipv4", tasks * IPL_HOURS_PER_MONTH,
				 "address-hour", tasks);
			alb |= n->services[0].public_port;
			autoscaled += n->instances.max_count > n->instances.min_count;
		} else if (n->aws.kind == IPL_AWS_RDS) {
			struct ipl_line_item *it = ipl_cost_add_item(
				c,
				ipl_arena_printf(c->arena, "database %s: RDS %s", name,
						 n->type->product_id),
				"database");
			it->key = ipl_arena_printf(c->arena, "database:%s", name);
			ipl_cost_price_line(c, it, n->price, IPL_HOURS_PER_MONTH, NULL, 1,
					    ipl_cost_find_override(c, name, n->type->id));
			aws_line(c,
				 ipl_arena_printf(c->arena, "database %s: gp3 storage, %.6g GB",
						  name, n->aws.storage_gb),
				 "database", "rds-gp3", n->aws.storage_gb, NULL, 1);
		} else if (n->aws.kind == IPL_AWS_ELASTICACHE) {
			struct ipl_line_item *it = ipl_cost_add_item(
				c, ipl_arena_printf(c->arena, "cache %s: %s", name, n->type->name),
				"cache");
			it->key = ipl_arena_printf(c->arena, "cache:%s", name);
			ipl_cost_price_line(c, it, n->price, IPL_HOURS_PER_MONTH, NULL, 1,
					    ipl_cost_find_override(c, name, n->type->id));
		} else if (n->aws.kind == IPL_AWS_SQS) {
			aws_line(c,
				 ipl_arena_printf(c->arena,
						  "queue %s: SQS requests (1 million a month "
						  "assumed)",
						  name),
				 "queue", "sqs-standard", 1, NULL, 1);
		} else if (n->aws.kind == IPL_AWS_S3) {
			aws_line(c,
				 ipl_arena_printf(c->arena, "bucket %s: S3 Standard, %.6g GB", name,
						  n->aws.storage_gb),
				 "storage", "s3-standard", n->aws.storage_gb, NULL, 1);
		}
	}
	c->resource = NULL;
	if (alb) {
		aws_line(c, "load balancer: ALB hours", "network", "alb-hour", IPL_HOURS_PER_MONTH,
			 NULL, 1);
		aws_line(c, "load balancer: 1 LCU on average (estimate)", "network", "alb-lcu",
			 IPL_HOURS_PER_MONTH, "LCU-hour", 1);
		aws_line(c, "load balancer: public IPv4 x 2 (one per availability zone)", "network",
			 "public-ipv4", 2 * IPL_HOURS_PER_MONTH, "address-hour", 2);
	}
	if (plan->spec->settings.nat_gateway) {
		struct ipl_line_item *it;
		aws_line(c, "NAT gateway hours", "network", "nat-gateway-hour", IPL_HOURS_PER_MONTH,
			 NULL, 1);
		it = aws_line(c, "NAT gateway data processed (0 GB assumed)", "network",
			      "nat-gateway-gb", 0, "GB", 1);
		if (it && !it->replaced_unit)
			it->note = "plus 0.045 USD for every GB the private subnets send out";
		aws_line(c, "NAT gateway public IPv4", "network", "public-ipv4",
			 IPL_HOURS_PER_MONTH, "address-hour", 1);
	}
	if (autoscaled)
		aws_line(c,
			 ipl_arena_printf(c->arena, "CloudWatch: %d target-tracking alarms",
					  2 * autoscaled),
			 "monitoring", "cloudwatch-alarm", 2 * autoscaled, "alarm-month",
			 2 * autoscaled);
	if (plan->spec->budget.amount != IPL_UNSET)
		aws_line(c, "CloudWatch: billing alarm", "monitoring", "cloudwatch-alarm", 1,
			 "alarm-month", 1);
}
