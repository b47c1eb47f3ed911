/*
 * aws.c: a Terraform module for AWS (hashicorp/aws v6; every argument name
 * checked against the 6.25 schema with ../shared/tools/tfschema).
 *
 * Network: a small VPC of its own (two public and two private subnets) unless
 * var.vpc_id is given. No NAT gateway: at $0.045 an hour plus $0.045 a GB it
 * would cost more than a small app, so tasks run in the public subnets with a
 * public address and a security group that admits only the load balancer;
 * databases and caches live in the private subnets with no route out.
 * Secrets go to SSM Parameter Store from sensitive variables and reach the
 * containers as `secrets`, never as plain environment values.
 */
#include "core/common.h"

#include "core/escape.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

struct aws {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	struct ipl_hcl h;
	bool any_fargate, any_public, any_private;
};

static const char *
lbl(struct ipl_buf *b, const char *name)
{
	ipl_buf_reset(b);
	ipl_selfhosted_label(b, name);
	return b->data;
}

static char *
qualified(const struct ipl_spec *spec, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%s", spec->name.s, name);
	return buf;
}

static bool
secret_seen_before(const struct ipl_spec *spec, size_t si, size_t ei)
{
	size_t i, j;
	const char *name = spec->services[si].env[ei].secret;

	for (i = 0; i <= si; i++)
		for (j = 0; j < spec->services[i].env_nr && (i < si || j < ei); j++)
			if (spec->services[i].env[j].secret &&
			    !strcmp(spec->services[i].env[j].secret, name))
				return true;
	return false;
}

static void
variables(struct aws *a, struct ipl_buf *b)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl h;
	struct ipl_buf l = IPL_BUF_INIT;
	size_t i, j;

	ipl_hcl_init(&h, b);
	ipl_hcl_open(&h, "variable \"region\"");
	ipl_hcl_str(&h, "description", "AWS region of the plan");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", spec->region.s ? spec->region.s : "us-east-1");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"vpc_id\"");
	ipl_hcl_str(&h, "description", "an existing VPC to use; null creates a small one");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_expr(&h, "default", "null");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"public_subnet_ids\"");
	ipl_hcl_str(&h, "description", "with vpc_id: two public subnets (with a route to an internet gateway)");
	ipl_hcl_expr(&h, "type", "list(string)");
	ipl_hcl_expr(&h, "default", "[]");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"private_subnet_ids\"");
	ipl_hcl_str(&h, "description", "with vpc_id: two private subnets for the databases and caches");
	ipl_hcl_expr(&h, "type", "list(string)");
	ipl_hcl_expr(&h, "default", "[]");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"vpc_cidr\"");
	ipl_hcl_str(&h, "description", "address range of the VPC this module creates without vpc_id");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", "10.20.0.0/16");
	ipl_hcl_close(&h);
	if (spec->budget.amount != IPL_UNSET) {
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "variable \"alarm_email\"");
		ipl_hcl_str(&h, "description", "where the billing alarm is sent; empty for none");
		ipl_hcl_expr(&h, "type", "string");
		ipl_hcl_str(&h, "default", "");
		ipl_hcl_close(&h);
	}
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const char *sec = spec->services[i].env[j].secret;
			if (!sec || secret_seen_before(spec, i, j))
				continue;
			ipl_hcl_blank(&h);
			ipl_hcl_sensitive_variable(&h, lbl(&l, sec), sec);
		}
	ipl_buf_release(&l);
}

static void
network(struct aws *a)
{
	struct ipl_hcl *h = &a->h;
	char name[160];
	int i;

	ipl_hcl_comment(h, a->spec->settings.nat_gateway
				   ? "Tasks run in the public subnets with a public address; only the load\n"
				     "balancer reaches them. The private subnets go out through the NAT gateway."
				   : "No NAT gateway (settings.nat_gateway): at $0.045 an hour plus $0.045 a GB\n"
				     "it would cost more than the app. Tasks run in the public subnets with a\n"
				     "public address; only the load balancer reaches them. Databases and caches\n"
				     "have no route out.");
	ipl_hcl_open(h, "locals");
	ipl_hcl_expr(h, "create_vpc", "var.vpc_id == null");
	ipl_hcl_expr(h, "vpc_id", "local.create_vpc ? aws_vpc.main[0].id : var.vpc_id");
	ipl_hcl_expr(h, "public_subnet_ids", "local.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids");
	ipl_hcl_expr(h, "private_subnet_ids",
		     "local.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "data \"aws_availability_zones\" \"available\"");
	ipl_hcl_str(h, "state", "available");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_vpc\" \"main\"");
	ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
	ipl_hcl_expr(h, "cidr_block", "var.vpc_cidr");
	ipl_hcl_expr(h, "enable_dns_support", "true");
	ipl_hcl_expr(h, "enable_dns_hostnames", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_internet_gateway\" \"main\"");
	ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
	ipl_hcl_expr(h, "vpc_id", "aws_vpc.main[0].id");
	ipl_hcl_close(h);
	for (i = 0; i < 2; i++) {
		const char *kind = i ? "private" : "public";
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_subnet\" \"%s\"", kind);
		ipl_hcl_expr(h, "count", "local.create_vpc ? 2 : 0");
		ipl_hcl_expr(h, "vpc_id", "aws_vpc.main[0].id");
		ipl_hcl_expr(h, "cidr_block", "cidrsubnet(var.vpc_cidr, 8, count.index + %d)", i ? 10 : 0);
		ipl_hcl_expr(h, "availability_zone", "data.aws_availability_zones.available.names[count.index]");
		ipl_hcl_expr(h, "map_public_ip_on_launch", "false");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "tags =");
		ipl_hcl_expr(h, "Name", "\"%s-%s-${count.index}\"", qualified(a->spec, kind, name, sizeof(name)),
			     "subnet");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_route_table\" \"public\"");
	ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
	ipl_hcl_expr(h, "vpc_id", "aws_vpc.main[0].id");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "route");
	ipl_hcl_str(h, "cidr_block", "0.0.0.0/0");
	ipl_hcl_expr(h, "gateway_id", "aws_internet_gateway.main[0].id");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	if (a->spec->settings.nat_gateway) {
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, "settings.nat_gateway: egress for the private subnets, at a price");
		ipl_hcl_open(h, "resource \"aws_eip\" \"nat\"");
		ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
		ipl_hcl_str(h, "domain", "vpc");
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_nat_gateway\" \"main\"");
		ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
		ipl_hcl_expr(h, "allocation_id", "aws_eip.nat[0].id");
		ipl_hcl_expr(h, "subnet_id", "aws_subnet.public[0].id");
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_route_table\" \"private\"");
		ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
		ipl_hcl_expr(h, "vpc_id", "aws_vpc.main[0].id");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "route");
		ipl_hcl_str(h, "cidr_block", "0.0.0.0/0");
		ipl_hcl_expr(h, "nat_gateway_id", "aws_nat_gateway.main[0].id");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_route_table_association\" \"private\"");
		ipl_hcl_expr(h, "count", "local.create_vpc ? 2 : 0");
		ipl_hcl_expr(h, "subnet_id", "aws_subnet.private[count.index].id");
		ipl_hcl_expr(h, "route_table_id", "aws_route_table.private[0].id");
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_route_table_association\" \"public\"");
	ipl_hcl_expr(h, "count", "local.create_vpc ? 2 : 0");
	ipl_hcl_expr(h, "subnet_id", "aws_subnet.public[count.index].id");
	ipl_hcl_expr(h, "route_table_id", "aws_route_table.public[0].id");
	ipl_hcl_close(h);
}

static void
security_group(struct aws *a, const char *label, const char *description)
{
	struct ipl_hcl *h = &a->h;
	char name[160];

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_security_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", qualified(a->spec, label, name, sizeof(name)));
	ipl_hcl_str(h, "description", description);
	ipl_hcl_expr(h, "vpc_id", "local.vpc_id");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "egress");
	ipl_hcl_expr(h, "from_port", "0");
	ipl_hcl_expr(h, "to_port", "0");
	ipl_hcl_str(h, "protocol", "-1");
	ipl_hcl_expr(h, "cidr_blocks", "[\"0.0.0.0/0\"]");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
}

/* an ingress rule on sg for port, from another security group or from everyone */
static void
ingress(struct aws *a, const char *name, const char *sg, int port, const char *from_sg)
{
	struct ipl_hcl *h = &a->h;

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_vpc_security_group_ingress_rule\" \"%s\"", name);
	ipl_hcl_expr(h, "security_group_id", "aws_security_group.%s.id", sg);
	ipl_hcl_str(h, "ip_protocol", "tcp");
	ipl_hcl_expr(h, "from_port", "%d", port);
	ipl_hcl_expr(h, "to_port", "%d", port);
	if (from_sg)
		ipl_hcl_expr(h, "referenced_security_group_id", "aws_security_group.%s.id", from_sg);
	else
		ipl_hcl_str(h, "cidr_ipv4", "0.0.0.0/0");
	ipl_hcl_close(h);
}

static void
cluster(struct aws *a)
{
	struct ipl_hcl *h = &a->h;

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_cluster\" \"main\"");
	ipl_hcl_str(h, "name", a->spec->name.s);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "setting");
	ipl_hcl_str(h, "name", "containerInsights");
	ipl_hcl_str(h, "value", "enabled");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_cluster_capacity_providers\" \"main\"");
	ipl_hcl_expr(h, "cluster_name", "aws_ecs_cluster.main.name");
	ipl_hcl_expr(h, "capacity_providers", "[\"FARGATE\", \"FARGATE_SPOT\"]");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "default_capacity_provider_strategy");
	ipl_hcl_str(h, "capacity_provider", "FARGATE");
	ipl_hcl_expr(h, "base", "1");
	ipl_hcl_expr(h, "weight", "1");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_iam_role\" \"task_execution\"");
	{
		char name[160];
		ipl_hcl_str(h, "name", qualified(a->spec, "task-execution", name, sizeof(name)));
	}
	ipl_hcl_expr(h, "assume_role_policy", "jsonencode({ Version = \"2012-10-17\", Statement = [{ "
					      "Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal "
					      "= { Service = \"ecs-tasks.amazonaws.com\" } }] })");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_iam_role_policy_attachment\" \"task_execution\"");
	ipl_hcl_expr(h, "role", "aws_iam_role.task_execution.name");
	ipl_hcl_str(h, "policy_arn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
	ipl_hcl_close(h);
}

static void
secrets(struct aws *a)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT, arns = IPL_BUF_INIT;
	size_t i, j;

	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const char *sec = spec->services[i].env[j].secret;
			char name[200];
			if (!sec || secret_seen_before(spec, i, j))
				continue;
			ipl_hcl_blank(h);
			ipl_hcl_open(h, "resource \"aws_ssm_parameter\" \"%s\"", lbl(&l, sec));
			snprintf(name, sizeof(name), "/%s/%s", spec->name.s, sec);
			ipl_hcl_str(h, "name", name);
			ipl_hcl_str(h, "type", "SecureString");
			ipl_hcl_expr(h, "value", "var.%s", l.data);
			ipl_hcl_close(h);
			ipl_buf_addf(&arns, "%saws_ssm_parameter.%s.arn", arns.len ? ", " : "", l.data);
		}
	if (arns.len) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_iam_role_policy\" \"read_secrets\"");
		ipl_hcl_str(h, "name", "read-secrets");
		ipl_hcl_expr(h, "role", "aws_iam_role.task_execution.id");
		ipl_hcl_expr(h, "policy", "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = "
					  "\"Allow\", Action = [\"ssm:GetParameters\"], Resource = [%s] }] })",
			     arns.data);
		ipl_hcl_close(h);
	}
	ipl_buf_release(&l);
	ipl_buf_release(&arns);
}

/* the container definition, written through the HCL writer so terraform fmt agrees */
static void
container_definitions(struct ipl_hcl *h, const struct ipl_plan_node *n)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct ipl_buf l = IPL_BUF_INIT, v = IPL_BUF_INIT;
	size_t j, plain = 0, secret = 0;

	for (j = 0; j < s->env_nr; j++)
		s->env[j].secret ? secret++ : plain++;
	ipl_hcl_open_raw(h, "container_definitions = jsonencode([{");
	ipl_hcl_str(h, "name", s->name.s);
	ipl_hcl_str(h, "image", s->image.s ? s->image.s : "public.ecr.aws/docker/library/busybox:latest");
	ipl_hcl_expr(h, "essential", "true");
	if (s->command.s) {
		ipl_escape_hcl_string(&v, s->command.s);
		ipl_hcl_expr(h, "command", "[\"/bin/sh\", \"-c\", %s]", v.data);
	}
	if (ps->port)
		ipl_hcl_expr(h, "portMappings", "[{ containerPort = %d, protocol = \"tcp\" }]", ps->port);
	if (!plain)
		ipl_hcl_expr(h, "environment", "[]");
	if (!secret)
		ipl_hcl_expr(h, "secrets", "[]");
	if (plain) {
		size_t k = 0;
		ipl_hcl_open_raw(h, "environment = [");
		for (j = 0; j < s->env_nr; j++) {
			struct ipl_buf key = IPL_BUF_INIT;
			if (s->env[j].secret)
				continue;
			ipl_buf_reset(&v);
			ipl_escape_hcl_string(&key, s->env[j].key);
			ipl_escape_hcl_string(&v, s->env[j].value);
			ipl_hcl_line(h, "{ name = %s, value = %s }%s", key.data, v.data,
				     ++k < plain ? "," : "");
			ipl_buf_release(&key);
		}
		ipl_hcl_close_raw(h, "]");
	}
	if (secret) {
		size_t k = 0;
		ipl_hcl_open_raw(h, "secrets = [");
		for (j = 0; j < s->env_nr; j++) {
			struct ipl_buf key = IPL_BUF_INIT;
			if (!s->env[j].secret)
				continue;
			ipl_escape_hcl_string(&key, s->env[j].key);
			ipl_hcl_line(h, "{ name = %s, valueFrom = aws_ssm_parameter.%s.arn }%s", key.data,
				     lbl(&l, s->env[j].secret), ++k < secret ? "," : "");
			ipl_buf_release(&key);
		}
		ipl_hcl_close_raw(h, "]");
	}
	ipl_hcl_open_raw(h, "logConfiguration = {");
	ipl_hcl_str(h, "logDriver", "awslogs");
	ipl_hcl_open_raw(h, "options = {");
	ipl_hcl_expr(h, "\"awslogs-group\"", "aws_cloudwatch_log_group.%s.name", lbl(&l, n->name));
	ipl_hcl_expr(h, "\"awslogs-region\"", "var.region");
	ipl_hcl_str(h, "\"awslogs-stream-prefix\"", "ecs");
	ipl_hcl_close_raw(h, "}");
	ipl_hcl_close_raw(h, "}");
	ipl_hcl_close_raw(h, "}])");
	ipl_buf_release(&v);
	ipl_buf_release(&l);
}

static void
fargate_service(struct aws *a, const struct ipl_plan_node *n)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	char name[160];
	const char *label = lbl(&l, n->name);

	qualified(a->spec, n->name, name, sizeof(name));
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_cloudwatch_log_group\" \"%s\"", label);
	{
		char group[200];
		snprintf(group, sizeof(group), "/ecs/%s", name);
		ipl_hcl_str(h, "name", group);
	}
	ipl_hcl_expr(h, "retention_in_days", "30");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_task_definition\" \"%s\"", label);
	ipl_hcl_str(h, "family", name);
	ipl_hcl_expr(h, "requires_compatibilities", "[\"FARGATE\"]");
	ipl_hcl_str(h, "network_mode", "awsvpc");
	{
		char cpu[16], mem[16];
		snprintf(cpu, sizeof(cpu), "%d", n->task_cpu);
		snprintf(mem, sizeof(mem), "%d", n->task_memory);
		ipl_hcl_str(h, "cpu", cpu);
		ipl_hcl_str(h, "memory", mem);
	}
	ipl_hcl_expr(h, "execution_role_arn", "aws_iam_role.task_execution.arn");
	container_definitions(h, n);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "runtime_platform");
	ipl_hcl_str(h, "operating_system_family", "LINUX");
	ipl_hcl_str(h, "cpu_architecture", n->cpu_arch);
	ipl_hcl_close(h);
	ipl_hcl_close(h);

	if (ps->public_port && ps->port) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_lb_target_group\" \"%s\"", label);
		{
			/* target group names are at most 32 characters */
			char tg[33];
			snprintf(tg, sizeof(tg), "%.32s", name);
			ipl_hcl_str(h, "name", tg);
		}
		ipl_hcl_expr(h, "port", "%d", ps->port);
		ipl_hcl_str(h, "protocol", "HTTP");
		ipl_hcl_str(h, "target_type", "ip");
		ipl_hcl_expr(h, "vpc_id", "local.vpc_id");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "health_check");
		ipl_hcl_str(h, "path", s->health_path.s ? s->health_path.s : "/");
		ipl_hcl_str(h, "matcher", "200-399");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, "HTTP only until a certificate exists: add an HTTPS listener with an ACM\n"
				   "certificate_arn and redirect this one.");
		ipl_hcl_open(h, "resource \"aws_lb_listener\" \"%s\"", label);
		ipl_hcl_expr(h, "load_balancer_arn", "aws_lb.main.arn");
		ipl_hcl_expr(h, "port", "80");
		ipl_hcl_str(h, "protocol", "HTTP");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "default_action");
		ipl_hcl_str(h, "type", "forward");
		ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn", label);
		ipl_hcl_close(h);
		ipl_hcl_close(h);
	}

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_service\" \"%s\"", label);
	ipl_hcl_str(h, "name", n->name);
	ipl_hcl_expr(h, "cluster", "aws_ecs_cluster.main.id");
	ipl_hcl_expr(h, "task_definition", "aws_ecs_task_definition.%s.arn", label);
	ipl_hcl_expr(h, "desired_count", "%d", n->min_count);
	ipl_hcl_blank(h);
	if (n->spot_weight > 0) {
		ipl_hcl_comment(h, "003: the base task on demand, then 30% on demand and 70% on Spot");
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE");
		ipl_hcl_expr(h, "base", "%d", n->on_demand_base);
		ipl_hcl_expr(h, "weight", "%d", n->on_demand_weight);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE_SPOT");
		ipl_hcl_expr(h, "weight", "%d", n->spot_weight);
		ipl_hcl_close(h);
	} else {
		ipl_hcl_comment(h, "stateful, singleton or ARM64: on demand only");
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE");
		ipl_hcl_expr(h, "weight", "1");
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "network_configuration");
	ipl_hcl_expr(h, "subnets", "local.public_subnet_ids");
	ipl_hcl_expr(h, "security_groups", "[aws_security_group.services.id]");
	ipl_hcl_expr(h, "assign_public_ip", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "deployment_circuit_breaker");
	ipl_hcl_expr(h, "enable", "true");
	ipl_hcl_expr(h, "rollback", "true");
	ipl_hcl_close(h);
	if (ps->public_port && ps->port) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "load_balancer");
		ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn", label);
		ipl_hcl_str(h, "container_name", s->name.s);
		ipl_hcl_expr(h, "container_port", "%d", ps->port);
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "lifecycle");
	ipl_hcl_expr(h, "ignore_changes", "[desired_count]");
	ipl_hcl_close(h);
	ipl_hcl_close(h);

	if (n->max_count > n->min_count) {
		char resource_id[200];
		snprintf(resource_id, sizeof(resource_id), "service/%s/%s", a->spec->name.s, n->name);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_appautoscaling_target\" \"%s\"", label);
		ipl_hcl_expr(h, "min_capacity", "%d", n->min_count);
		ipl_hcl_expr(h, "max_capacity", "%d", n->max_count);
		ipl_hcl_str(h, "resource_id", resource_id);
		ipl_hcl_str(h, "scalable_dimension", "ecs:service:DesiredCount");
		ipl_hcl_str(h, "service_namespace", "ecs");
		ipl_hcl_expr(h, "depends_on", "[aws_ecs_service.%s]", label);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_appautoscaling_policy\" \"%s\"", label);
		ipl_hcl_str(h, "name", name);
		ipl_hcl_str(h, "policy_type", "TargetTrackingScaling");
		ipl_hcl_expr(h, "resource_id", "aws_appautoscaling_target.%s.resource_id", label);
		ipl_hcl_expr(h, "scalable_dimension", "aws_appautoscaling_target.%s.scalable_dimension", label);
		ipl_hcl_expr(h, "service_namespace", "aws_appautoscaling_target.%s.service_namespace", label);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "target_tracking_scaling_policy_configuration");
		ipl_hcl_expr(h, "target_value", "%.0f",
			     a->spec->settings.autoscale_cpu_target.v == IPL_UNSET
				     ? 60
				     : a->spec->settings.autoscale_cpu_target.v);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "predefined_metric_specification");
		ipl_hcl_str(h, "predefined_metric_type", "ECSServiceAverageCPUUtilization");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		ipl_hcl_close(h);
	}
	ipl_buf_release(&l);
}

static void
database(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	bool pg = n->services[0].svc->kind == IPL_KIND_POSTGRES;
	int port = pg ? 5432 : 3306, retention = n->retention_days;
	char name[160], sg[200];

	qualified(a->spec, n->name, name, sizeof(name));
	snprintf(sg, sizeof(sg), "db_%s", label);
	security_group(a, sg, "database: reachable from the services only");
	{
		char rule[220];
		snprintf(rule, sizeof(rule), "db_%s_from_services", label);
		ingress(a, rule, sg, port, "services");
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_db_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_db_instance\" \"%s\"", label);
	ipl_hcl_str(h, "identifier", name);
	ipl_hcl_str(h, "engine", pg ? "postgres" : "mysql");
	ipl_hcl_str(h, "instance_class", n->type->product_id);
	ipl_hcl_expr(h, "allocated_storage", "%.0f", n->storage_gb);
	ipl_hcl_expr(h, "max_allocated_storage", "%.0f", n->storage_max_gb);
	ipl_hcl_str(h, "storage_type", "gp3");
	ipl_hcl_expr(h, "storage_encrypted", "true");
	ipl_hcl_expr(h, "publicly_accessible", "false");
	ipl_hcl_str(h, "username", "app");
	ipl_hcl_expr(h, "manage_master_user_password", "true");
	ipl_hcl_expr(h, "db_subnet_group_name", "aws_db_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "vpc_security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "backup_retention_period", "%d", retention > 35 ? 35 : retention);
	ipl_hcl_expr(h, "deletion_protection", "true");
	ipl_hcl_expr(h, "skip_final_snapshot", "false");
	ipl_hcl_str(h, "final_snapshot_identifier", name);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static void
cache(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	char name[160], sg[200], rule[220];

	qualified(a->spec, n->name, name, sizeof(name));
	snprintf(sg, sizeof(sg), "cache_%s", label);
	security_group(a, sg, "cache: reachable from the services only");
	snprintf(rule, sizeof(rule), "cache_%s_from_services", label);
	ingress(a, rule, sg, 6379, "services");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_elasticache_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_elasticache_cluster\" \"%s\"", label);
	ipl_hcl_str(h, "cluster_id", name);
	ipl_hcl_str(h, "engine", "redis");
	ipl_hcl_str(h, "node_type", n->type->product_id);
	ipl_hcl_expr(h, "num_cache_nodes", "1");
	ipl_hcl_expr(h, "port", "6379");
	ipl_hcl_expr(h, "subnet_group_name", "aws_elasticache_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "snapshot_retention_limit", "%d", n->retention_days);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static void
queue(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	char name[160], dlq[180];

	qualified(a->spec, n->name, name, sizeof(name));
	snprintf(dlq, sizeof(dlq), "%s-dead-letters", name);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s_dead_letters\"", label);
	ipl_hcl_str(h, "name", dlq);
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_expr(h, "redrive_policy", "jsonencode({ deadLetterTargetArn = aws_sqs_queue.%s_dead_letters.arn, "
					  "maxReceiveCount = 5 })",
		     label);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static void
bucket(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	char prefix[160];

	snprintf(prefix, sizeof(prefix), "%.30s-%.20s-", a->spec->name.s, n->name);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket\" \"%s\"", label);
	ipl_hcl_str(h, "bucket_prefix", prefix);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_public_access_block\" \"%s\"", label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_expr(h, "block_public_acls", "true");
	ipl_hcl_expr(h, "block_public_policy", "true");
	ipl_hcl_expr(h, "ignore_public_acls", "true");
	ipl_hcl_expr(h, "restrict_public_buckets", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"%s\"", label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "rule");
	ipl_hcl_open(h, "apply_server_side_encryption_by_default");
	ipl_hcl_str(h, "sse_algorithm", "AES256");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_versioning\" \"%s\"", label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "versioning_configuration");
	ipl_hcl_str(h, "status", "Enabled");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static void
billing_alarm(struct aws *a)
{
	struct ipl_hcl *h = &a->h;
	char name[160];

	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "Billing data lives in us-east-1 only, whatever the plan's region; enable\n"
			   "\"Receive Billing Alerts\" in the account's billing preferences first.");
	ipl_hcl_open(h, "resource \"aws_sns_topic\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "name", qualified(a->spec, "billing", name, sizeof(name)));
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sns_topic_subscription\" \"billing\"");
	ipl_hcl_expr(h, "count", "var.alarm_email == \"\" ? 0 : 1");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_expr(h, "topic_arn", "aws_sns_topic.billing.arn");
	ipl_hcl_str(h, "protocol", "email");
	ipl_hcl_expr(h, "endpoint", "var.alarm_email");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "alarm_name", qualified(a->spec, "monthly-budget", name, sizeof(name)));
	ipl_hcl_str(h, "alarm_description", "estimated charges over the spec's monthly budget");
	ipl_hcl_str(h, "namespace", "AWS/Billing");
	ipl_hcl_str(h, "metric_name", "EstimatedCharges");
	ipl_hcl_str(h, "statistic", "Maximum");
	ipl_hcl_expr(h, "period", "21600");
	ipl_hcl_expr(h, "evaluation_periods", "1");
	ipl_hcl_str(h, "comparison_operator", "GreaterThanThreshold");
	ipl_hcl_expr(h, "threshold", "%.2f", a->spec->budget.amount);
	ipl_hcl_expr(h, "alarm_actions", "[aws_sns_topic.billing.arn]");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "dimensions =");
	ipl_hcl_str(h, "Currency", "USD");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
}

int
ipl_aws_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out, struct ipl_diags *diags)
{
	struct aws a;
	struct ipl_buf b = IPL_BUF_INIT, l = IPL_BUF_INIT;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.plan = plan;
	a.spec = plan->spec;
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (!n->platform)
			continue;
		if (!strcmp(n->platform, "fargate")) {
			a.any_fargate = true;
			a.any_public |= n->services[0].public_port && n->services[0].port;
		}
		if (!strcmp(n->platform, "rds") || !strcmp(n->platform, "elasticache"))
			a.any_private = true;
	}
	if (a.spec->budget.amount != IPL_UNSET && a.spec->budget.currency &&
	    strcmp(a.spec->budget.currency, "USD"))
		ipl_warning(diags, a.spec->path, a.spec->budget.loc,
			    "the billing alarm compares USD charges with the budget's amount; give the "
			    "budget in USD");

	ipl_hcl_versions_tf(&b, "aws", "hashicorp/aws", "~> 6.0");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);
	variables(&a, &b);
	ipl_fileset_add(out, "terraform/variables.tf", &b, 0644);

	ipl_hcl_init(&a.h, &b);
	ipl_hcl_comment(&a.h, "Generated by infraplan; edit the spec, not this file.");
	ipl_hcl_open(&a.h, "provider \"aws\"");
	ipl_hcl_expr(&a.h, "region", "var.region");
	ipl_hcl_blank(&a.h);
	ipl_hcl_open(&a.h, "default_tags");
	ipl_hcl_open(&a.h, "tags =");
	ipl_hcl_str(&a.h, "plan", a.spec->name.s);
	ipl_hcl_str(&a.h, "managed-by", "infraplan");
	ipl_hcl_close(&a.h);
	ipl_hcl_close(&a.h);
	ipl_hcl_close(&a.h);
	ipl_hcl_blank(&a.h);
	network(&a);
	security_group(&a, "services", "the services: reachable from the load balancer only");
	if (a.any_public) {
		security_group(&a, "load_balancer", "the load balancer: HTTP and HTTPS from anywhere");
		ingress(&a, "load_balancer_http", "load_balancer", 80, NULL);
		ingress(&a, "load_balancer_https", "load_balancer", 443, NULL);
		for (i = 0; i < plan->nodes_nr; i++) {
			const struct ipl_plan_node *n = &plan->nodes[i];
			char rule[200];
			if (!n->platform || strcmp(n->platform, "fargate") || !n->services[0].public_port ||
			    !n->services[0].port)
				continue;
			snprintf(rule, sizeof(rule), "services_%s_from_load_balancer", lbl(&l, n->name));
			ingress(&a, rule, "services", n->services[0].port, "load_balancer");
		}
		ipl_hcl_blank(&a.h);
		ipl_hcl_open(&a.h, "resource \"aws_lb\" \"main\"");
		{
			char name[33];
			snprintf(name, sizeof(name), "%.32s", a.spec->name.s);
			ipl_hcl_str(&a.h, "name", name);
		}
		ipl_hcl_str(&a.h, "load_balancer_type", "application");
		ipl_hcl_expr(&a.h, "subnets", "local.public_subnet_ids");
		ipl_hcl_expr(&a.h, "security_groups", "[aws_security_group.load_balancer.id]");
		ipl_hcl_expr(&a.h, "drop_invalid_header_fields", "true");
		ipl_hcl_close(&a.h);
	}
	if (a.any_fargate)
		cluster(&a);
	secrets(&a);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (!n->platform)
			continue;
		if (!strcmp(n->platform, "fargate"))
			fargate_service(&a, n);
		else if (!strcmp(n->platform, "rds"))
			database(&a, n);
		else if (!strcmp(n->platform, "elasticache"))
			cache(&a, n);
		else if (!strcmp(n->platform, "sqs"))
			queue(&a, n);
		else if (!strcmp(n->platform, "s3"))
			bucket(&a, n);
	}
	if (a.spec->budget.amount != IPL_UNSET)
		billing_alarm(&a);
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	ipl_hcl_init(&a.h, &b);
	if (a.any_public) {
		ipl_hcl_open(&a.h, "output \"load_balancer_dns\"");
		ipl_hcl_expr(&a.h, "value", "aws_lb.main.dns_name");
		ipl_hcl_close(&a.h);
	}
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		const char *type = NULL, *attr = NULL;
		if (!n->platform)
			continue;
		if (!strcmp(n->platform, "rds"))
			type = "aws_db_instance", attr = "endpoint";
		else if (!strcmp(n->platform, "elasticache"))
			type = "aws_elasticache_cluster", attr = "cache_nodes[0].address";
		else if (!strcmp(n->platform, "sqs"))
			type = "aws_sqs_queue", attr = "url";
		else if (!strcmp(n->platform, "s3"))
			type = "aws_s3_bucket", attr = "bucket";
		if (!type)
			continue;
		if (a.h.out->len)
			ipl_hcl_blank(&a.h);
		ipl_hcl_open(&a.h, "output \"%s\"", lbl(&l, n->name));
		ipl_hcl_expr(&a.h, "value", "%s.%s.%s", type, l.data, attr);
		ipl_hcl_close(&a.h);
	}
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&l);
	ipl_buf_release(&b);
	return 0;
}
