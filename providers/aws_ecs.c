/*
 * aws_ecs.c: the Fargate part of the AWS module's main.tf: the ECS cluster,
 * the secrets in SSM Parameter Store, each service's task role (access to the
 * queues and buckets it depends on, nothing else), its container
 * definitions and health check, capacity providers (Spot), autoscaling and
 * the ECS service itself. Part of the AWS module (aws.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/aws_emit.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

/* ---- main.tf: ECS ---- */

static void
assume_role_policy(struct ipl_hcl *h)
{
	ipl_hcl_expr(h, "assume_role_policy",
		     "jsonencode({ Version = \"2012-10-17\", Statement = [{ "
		     "Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal "
		     "= { Service = \"ecs-tasks.amazonaws.com\" } }] })");
}

void
ipl_aws_cluster(struct ipl_aws_emit *a)
{
	struct ipl_hcl *h = &a->h;
	char name[AWS_NAME_MAX + 1];

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
	ipl_hcl_comment(h, "each service sets its own strategy; this default is on demand");
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
	ipl_hcl_comment(h, "what ECS needs to start a task: pull the image, write logs, read\n"
			   "secrets");
	ipl_hcl_open(h, "resource \"aws_iam_role\" \"task_execution\"");
	ipl_hcl_str(h, "name",
		    ipl_aws_name(a->spec, "task-execution", AWS_IAM_ROLE_NAME_MAX, name));
	assume_role_policy(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_iam_role_policy_attachment\" \"task_execution\"");
	ipl_hcl_expr(h, "role", "aws_iam_role.task_execution.name");
	ipl_hcl_str(h, "policy_arn",
		    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
	ipl_hcl_close(h);
}

void
ipl_aws_secrets(struct ipl_aws_emit *a)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT, arns = IPL_BUF_INIT, name = IPL_BUF_INIT;
	size_t i, j;

	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const char *sec = spec->services[i].env[j].secret;
			if (!sec || ipl_aws_secret_seen_before(a, i, j))
				continue;
			ipl_hcl_blank(h);
			ipl_hcl_open(h, "resource \"aws_ssm_parameter\" \"%s\"",
				     ipl_aws_lbl(&l, sec));
			ipl_buf_reset(&name);
			ipl_buf_addf(&name, "/%s/%s", spec->name.s, sec);
			ipl_hcl_str(h, "name", name.data);
			ipl_hcl_str(h, "type", "SecureString");
			ipl_hcl_expr(h, "value", "var.%s", l.data);
			ipl_hcl_close(h);
			ipl_buf_addf(&arns, "%saws_ssm_parameter.%s.arn", arns.len ? ", " : "",
				     l.data);
		}
	if (arns.len) {
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, "the execution role reads these parameters and no others (the\n"
				   "aws/ssm key needs no kms:Decrypt grant)");
		ipl_hcl_open(h, "resource \"aws_iam_role_policy\" \"read_secrets\"");
		ipl_hcl_str(h, "name", "read-secrets");
		ipl_hcl_expr(h, "role", "aws_iam_role.task_execution.id");
		ipl_hcl_expr(h, "policy",
			     "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = "
			     "\"Allow\", Action = [\"ssm:GetParameters\"], Resource = [%s] }] })",
			     arns.data);
		ipl_hcl_close(h);
	}
	ipl_buf_release(&l);
	ipl_buf_release(&arns);
	ipl_buf_release(&name);
}

static const char listener_rule_comment[] =
	"one listener for all public services: the first is its default, the\n"
	"others answer the host names that start with their name";
static const char sqs_actions[] =
	"\"sqs:SendMessage\", \"sqs:ReceiveMessage\", \"sqs:DeleteMessage\", "
	"\"sqs:ChangeMessageVisibility\", \"sqs:GetQueueAttributes\", \"sqs:GetQueueUrl\"";
static const char s3_actions[] = "\"s3:GetObject\", \"s3:PutObject\", \"s3:DeleteObject\"";

/*
 * The service's own role: access to the queues and buckets it depends on and
 * to nothing else. Returns false when it depends on none (no task role).
 */
static bool
task_role(struct ipl_aws_emit *a, const struct ipl_plan_node *n, const char *label)
{
	const struct ipl_service *s = n->services[0].svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT, queues = IPL_BUF_INIT, buckets = IPL_BUF_INIT,
		       objects = IPL_BUF_INIT, st = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1], suffix[AWS_NAME_MAX + 1];
	size_t j;
	bool any;

	for (j = 0; j < s->depends_on_nr; j++) {
		const struct ipl_plan_node *d = ipl_aws_node_named(a, s->depends_on[j].s);
		if (!d)
			continue;
		ipl_aws_lbl(&l, d->name);
		if (ipl_aws_node_is(d, IPL_AWS_SQS))
			ipl_buf_addf(&queues, "%saws_sqs_queue.%s.arn", queues.len ? ", " : "",
				     l.data);
		else if (ipl_aws_node_is(d, IPL_AWS_S3)) {
			ipl_buf_addf(&buckets, "%saws_s3_bucket.%s.arn", buckets.len ? ", " : "",
				     l.data);
			ipl_buf_addf(&objects, "%s\"${aws_s3_bucket.%s.arn}/*\"",
				     objects.len ? ", " : "", l.data);
		}
	}
	if (queues.len)
		ipl_buf_addf(&st, "{ Effect = \"Allow\", Action = [%s], Resource = [%s] }",
			     sqs_actions, queues.data);
	if (buckets.len) {
		ipl_buf_addf(&st, "%s{ Effect = \"Allow\", Action = [\"s3:ListBucket\"], ",
			     st.len ? ", " : "");
		ipl_buf_addf(&st, "Resource = [%s] }", buckets.data);
		ipl_buf_addf(&st, ", { Effect = \"Allow\", Action = [%s], Resource = [%s] }",
			     s3_actions, objects.data);
	}
	any = st.len > 0;
	if (any) {
		snprintf(suffix, sizeof(suffix), "%s-task", n->name);
		ipl_hcl_blank(h);
		ipl_hcl_comment(h,
				"the service's own role: the queues and buckets of its depends_on");
		ipl_hcl_open(h, "resource \"aws_iam_role\" \"%s_task\"", label);
		ipl_hcl_str(h, "name", ipl_aws_name(a->spec, suffix, AWS_IAM_ROLE_NAME_MAX, name));
		assume_role_policy(h);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_iam_role_policy\" \"%s_task\"", label);
		ipl_hcl_str(h, "name", "queues-and-buckets");
		ipl_hcl_expr(h, "role", "aws_iam_role.%s_task.id", label);
		ipl_hcl_expr(h, "policy",
			     "jsonencode({ Version = \"2012-10-17\", Statement = [%s] })", st.data);
		ipl_hcl_close(h);
	}
	ipl_buf_release(&l);
	ipl_buf_release(&queues);
	ipl_buf_release(&buckets);
	ipl_buf_release(&objects);
	ipl_buf_release(&st);
	return any;
}

/*
 * A container health check for a service the load balancer does not watch.
 * Behind the load balancer its target group's check already replaces a sick
 * task; a container check there would only add a dependency on wget or curl
 * in the image (node:*-slim and distroless images have neither), and a task
 * failing it is killed in a loop.
 */
static void
container_health_check(struct ipl_hcl *h, const struct ipl_placed_service *ps)
{
	struct ipl_buf url = IPL_BUF_INIT, word = IPL_BUF_INIT, cmd = IPL_BUF_INIT,
		       v = IPL_BUF_INIT;

	ipl_buf_addf(&url, "http://localhost:%d%s", ps->port, ps->svc->health_path.s);
	ipl_escape_shell_word(&word, url.data);
	ipl_buf_addf(&cmd, "wget -q -O /dev/null %s || curl -fsS -o /dev/null %s || exit 1",
		     word.data, word.data);
	ipl_escape_hcl_string(&v, cmd.data);
	ipl_hcl_comment(h, "the image needs wget or curl for this check");
	ipl_hcl_open_raw(h, "healthCheck = {");
	ipl_hcl_expr(h, "command", "[\"CMD-SHELL\", %s]", v.data);
	ipl_hcl_expr(h, "interval", "30");
	ipl_hcl_expr(h, "timeout", "5");
	ipl_hcl_expr(h, "retries", "3");
	ipl_hcl_expr(h, "startPeriod", "60");
	ipl_hcl_close_raw(h, "}");
	ipl_buf_release(&url);
	ipl_buf_release(&word);
	ipl_buf_release(&cmd);
	ipl_buf_release(&v);
}

/* the container definition, written through the HCL writer so terraform fmt agrees */
static void
container_definitions(struct ipl_hcl *h, const struct ipl_plan_node *n)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct ipl_buf l = IPL_BUF_INIT, v = IPL_BUF_INIT, key = IPL_BUF_INIT;
	size_t j, k, plain = 0, secret = 0;

	for (j = 0; j < s->env_nr; j++)
		s->env[j].secret ? secret++ : plain++;
	ipl_hcl_open_raw(h, "container_definitions = jsonencode([{");
	ipl_hcl_str(h, "name", s->name.s);
	ipl_hcl_expr(h, "image", "var.%s_image", ipl_aws_lbl(&l, n->name));
	ipl_hcl_expr(h, "essential", "true");
	if (s->command.s) {
		ipl_escape_hcl_string(&v, s->command.s);
		ipl_hcl_expr(h, "command", "[\"/bin/sh\", \"-c\", %s]", v.data);
	}
	if (ps->port)
		ipl_hcl_expr(h, "portMappings", "[{ containerPort = %d, protocol = \"tcp\" }]",
			     ps->port);
	if (!plain)
		ipl_hcl_expr(h, "environment", "[]");
	if (!secret)
		ipl_hcl_expr(h, "secrets", "[]");
	if (plain) {
		ipl_hcl_open_raw(h, "environment = [");
		for (j = 0, k = 0; j < s->env_nr; j++) {
			if (s->env[j].secret)
				continue;
			ipl_buf_reset(&key);
			ipl_buf_reset(&v);
			ipl_escape_hcl_string(&key, s->env[j].key);
			ipl_escape_hcl_string(&v, s->env[j].value);
			ipl_hcl_line(h, "{ name = %s, value = %s }%s", key.data, v.data,
				     ++k < plain ? "," : "");
		}
		ipl_hcl_close_raw(h, "]");
	}
	if (secret) {
		ipl_hcl_open_raw(h, "secrets = [");
		for (j = 0, k = 0; j < s->env_nr; j++) {
			if (!s->env[j].secret)
				continue;
			ipl_buf_reset(&key);
			ipl_escape_hcl_string(&key, s->env[j].key);
			ipl_hcl_line(h, "{ name = %s, valueFrom = aws_ssm_parameter.%s.arn }%s",
				     key.data, ipl_aws_lbl(&l, s->env[j].secret),
				     ++k < secret ? "," : "");
		}
		ipl_hcl_close_raw(h, "]");
	}
	if (s->health_path.s && ps->port && !ipl_aws_behind_load_balancer(n))
		container_health_check(h, ps);
	ipl_hcl_open_raw(h, "logConfiguration = {");
	ipl_hcl_str(h, "logDriver", "awslogs");
	ipl_hcl_open_raw(h, "options = {");
	ipl_hcl_expr(h, "\"awslogs-group\"", "aws_cloudwatch_log_group.%s.name",
		     ipl_aws_lbl(&l, n->name));
	ipl_hcl_expr(h, "\"awslogs-region\"", "var.region");
	ipl_hcl_str(h, "\"awslogs-stream-prefix\"", "ecs");
	ipl_hcl_close_raw(h, "}");
	ipl_hcl_close_raw(h, "}");
	ipl_hcl_close_raw(h, "}])");
	ipl_buf_release(&v);
	ipl_buf_release(&l);
	ipl_buf_release(&key);
}

static void
capacity_provider_strategy(struct ipl_hcl *h, const struct ipl_plan_node *n)
{
	if (n->aws.spot_weight > 0) {
		ipl_hcl_comment(h, "the base task on demand, then on demand and Spot by weight "
				   "(docs.aws.amazon.com/AmazonECS/latest/developerguide/"
				   "fargate-capacity-providers.html)");
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE");
		ipl_hcl_expr(h, "base", "%d", n->aws.on_demand_base);
		ipl_hcl_expr(h, "weight", "%d", n->aws.on_demand_weight);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE_SPOT");
		ipl_hcl_expr(h, "weight", "%d", n->aws.spot_weight);
		ipl_hcl_close(h);
	} else {
		ipl_hcl_comment(h, "stateful, singleton, ARM64 or spot_weight 0: on demand only");
		ipl_hcl_open(h, "capacity_provider_strategy");
		ipl_hcl_str(h, "capacity_provider", "FARGATE");
		ipl_hcl_expr(h, "weight", "1");
		ipl_hcl_close(h);
	}
}

static void
autoscaling(struct ipl_aws_emit *a, const struct ipl_plan_node *n, const char *label)
{
	struct ipl_hcl *h = &a->h;
	const struct ipl_num *target = &a->spec->settings.autoscale_cpu_target;
	char name[AWS_NAME_MAX + 1];

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_appautoscaling_target\" \"%s\"", label);
	ipl_hcl_expr(h, "min_capacity", "%d", n->instances.min_count);
	ipl_hcl_expr(h, "max_capacity", "%d", n->instances.max_count);
	ipl_hcl_expr(h, "resource_id",
		     "\"service/${aws_ecs_cluster.main.name}/${aws_ecs_service.%s.name}\"", label);
	ipl_hcl_str(h, "scalable_dimension", "ecs:service:DesiredCount");
	ipl_hcl_str(h, "service_namespace", "ecs");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_appautoscaling_policy\" \"%s\"", label);
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, n->name, AWS_NAME_MAX, name));
	ipl_hcl_str(h, "policy_type", "TargetTrackingScaling");
	ipl_hcl_expr(h, "resource_id", "aws_appautoscaling_target.%s.resource_id", label);
	ipl_hcl_expr(h, "scalable_dimension", "aws_appautoscaling_target.%s.scalable_dimension",
		     label);
	ipl_hcl_expr(h, "service_namespace", "aws_appautoscaling_target.%s.service_namespace",
		     label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "target_tracking_scaling_policy_configuration");
	/* settings.autoscale_cpu_target, 60 by default (003) */
	ipl_hcl_expr(h, "target_value", "%.0f", target->v == IPL_UNSET ? 60 : target->v);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "predefined_metric_specification");
	ipl_hcl_str(h, "predefined_metric_type", "ECSServiceAverageCPUUtilization");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
}

void
ipl_aws_fargate_service(struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1], group[AWS_NAME_MAX + 6];
	const char *label = ipl_aws_lbl(&l, n->name);
	bool lb = ipl_aws_behind_load_balancer(n), has_task_role;

	ipl_aws_name(a->spec, n->name, AWS_NAME_MAX, name);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_cloudwatch_log_group\" \"%s\"", label);
	snprintf(group, sizeof(group), "/ecs/%s", name);
	ipl_hcl_str(h, "name", group);
	ipl_hcl_expr(h, "retention_in_days", "30");
	ipl_hcl_close(h);
	has_task_role = task_role(a, n, label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_task_definition\" \"%s\"", label);
	ipl_hcl_str(h, "family", name);
	ipl_hcl_expr(h, "requires_compatibilities", "[\"FARGATE\"]");
	ipl_hcl_str(h, "network_mode", "awsvpc");
	{
		char cpu[16], mem[16];
		snprintf(cpu, sizeof(cpu), "%d", n->aws.task_cpu);
		snprintf(mem, sizeof(mem), "%d", n->aws.task_memory);
		ipl_hcl_str(h, "cpu", cpu);
		ipl_hcl_str(h, "memory", mem);
	}
	ipl_hcl_expr(h, "execution_role_arn", "aws_iam_role.task_execution.arn");
	if (has_task_role)
		ipl_hcl_expr(h, "task_role_arn", "aws_iam_role.%s_task.arn", label);
	container_definitions(h, n);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "runtime_platform");
	ipl_hcl_str(h, "operating_system_family", "LINUX");
	ipl_hcl_str(h, "cpu_architecture", n->aws.cpu_arch);
	ipl_hcl_close(h);
	ipl_hcl_close(h);

	if (lb) {
		char tg[AWS_NAME_MAX + 1];
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"aws_lb_target_group\" \"%s\"", label);
		ipl_hcl_str(h, "name", ipl_aws_name(a->spec, n->name, AWS_LB_NAME_MAX, tg));
		ipl_hcl_expr(h, "port", "%d", ps->port);
		ipl_hcl_str(h, "protocol", "HTTP");
		ipl_hcl_str(h, "target_type", "ip");
		ipl_hcl_expr(h, "vpc_id", "local.vpc_id");
		ipl_hcl_expr(h, "deregistration_delay", "30");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "health_check");
		ipl_hcl_str(h, "path", s->health_path.s ? s->health_path.s : "/");
		ipl_hcl_str(h, "matcher", "200-399");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		if (n != a->default_public) {
			struct ipl_buf host = IPL_BUF_INIT, quoted = IPL_BUF_INIT;
			size_t prio = (size_t)(n - a->plan->nodes) + 1;
			ipl_buf_addf(&host, "%s.*", n->name);
			ipl_hcl_blank(h);
			ipl_hcl_comment(h, listener_rule_comment);
			ipl_hcl_open(h, "resource \"aws_lb_listener_rule\" \"%s\"", label);
			ipl_hcl_expr(h, "listener_arn", "aws_lb_listener.%s.arn",
				     ipl_aws_listener(a));
			ipl_hcl_expr(h, "priority", "%zu", prio);
			ipl_hcl_blank(h);
			ipl_hcl_open(h, "action");
			ipl_hcl_str(h, "type", "forward");
			ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn", label);
			ipl_hcl_close(h);
			ipl_hcl_blank(h);
			ipl_hcl_open(h, "condition");
			ipl_hcl_open(h, "host_header");
			ipl_buf_reset(&quoted);
			ipl_escape_hcl_string(&quoted, host.data);
			ipl_hcl_expr(h, "values", "[%s]", quoted.data);
			ipl_hcl_close(h);
			ipl_hcl_close(h);
			ipl_hcl_close(h);
			ipl_buf_release(&host);
			ipl_buf_release(&quoted);
		}
	}

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_ecs_service\" \"%s\"", label);
	ipl_hcl_str(h, "name", n->name);
	ipl_hcl_expr(h, "cluster", "aws_ecs_cluster.main.id");
	ipl_hcl_expr(h, "task_definition", "aws_ecs_task_definition.%s.arn", label);
	ipl_hcl_expr(h, "desired_count", "%d", n->instances.min_count);
	if (lb)
		ipl_hcl_expr(h, "health_check_grace_period_seconds", "60");
	ipl_hcl_blank(h);
	capacity_provider_strategy(h, n);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "public subnets and a public address instead of a NAT gateway; the\n"
			   "security group admits the load balancer only");
	ipl_hcl_open(h, "network_configuration");
	ipl_hcl_expr(h, "subnets", "local.public_subnet_ids");
	if (ipl_aws_uses_data(a, n)) {
		/* its own group too: the databases it depends on admit that one */
		ipl_hcl_expr(h, "security_groups",
			     "[aws_security_group.services.id, aws_security_group.client_%s.id]",
			     label);
	} else {
		ipl_hcl_expr(h, "security_groups", "[aws_security_group.services.id]");
	}
	ipl_hcl_expr(h, "assign_public_ip", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "deployment_circuit_breaker");
	ipl_hcl_expr(h, "enable", "true");
	ipl_hcl_expr(h, "rollback", "true");
	ipl_hcl_close(h);
	if (lb) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "load_balancer");
		ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn", label);
		ipl_hcl_str(h, "container_name", s->name.s);
		ipl_hcl_expr(h, "container_port", "%d", ps->port);
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, lb ? "the cluster's capacity providers first, and the listener that\n"
				"attaches the target group to the load balancer"
			      : "the cluster's capacity providers first");
	ipl_hcl_expr(h, "depends_on", "[aws_ecs_cluster_capacity_providers.main%s%s]",
		     lb ? ", aws_lb_listener." : "", lb ? ipl_aws_listener(a) : "");
	if (n->instances.max_count > n->instances.min_count) {
		/* a fixed count stays Terraform's, so a changed replicas: applies */
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, "the autoscaler owns the count between applies");
		ipl_hcl_open(h, "lifecycle");
		ipl_hcl_expr(h, "ignore_changes", "[desired_count]");
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);

	if (n->instances.max_count > n->instances.min_count)
		autoscaling(a, n, label);
	ipl_buf_release(&l);
}
