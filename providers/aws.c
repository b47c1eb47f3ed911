/*
 * aws.c: a Terraform module for AWS (hashicorp/aws v6; every argument name
 * checked against the 6.25 schema with ../shared/tools/tfschema).
 *
 * Every service of the plan is one managed resource (plan_aws.c): Fargate
 * services behind one application load balancer, RDS, ElastiCache, SQS with a
 * dead-letter queue, S3; and a billing alarm in us-east-1 when the spec has a
 * budget.
 *
 * Network: a small VPC of its own (two public and two private subnets in two
 * zones) unless var.vpc_id is given. No NAT gateway unless settings.nat_gateway
 * asks: at $0.045 an hour plus $0.045 a GB (about $33 a month) it would cost
 * more than a small app, so tasks run in the public subnets with a public
 * address and a security group that admits only the load balancer; databases
 * and caches live in the private subnets with no route out.
 *
 * Secrets go to SSM Parameter Store from sensitive variables and reach the
 * containers as `secrets`, never as plain environment values. A service gets
 * a task role with access to the queues and buckets it lists in depends_on,
 * and to nothing else.
 *
 * Names: resource labels are the service names with '-' turned into '_'
 * (names are [a-z0-9-] starting with a letter); AWS names are "PLAN-SERVICE",
 * shortened from the plan's end when AWS allows fewer characters.
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

/* AWS name limits (the API references of each resource) */
#define AWS_LB_NAME_MAX 32 /* load balancers and target groups */
#define AWS_IAM_ROLE_NAME_MAX 64
#define AWS_RDS_ID_MAX 63
#define AWS_CACHE_ID_MAX 40 /* ElastiCache cluster_id */
#define AWS_SQS_NAME_MAX 80
#define AWS_S3_PREFIX_MAX 37 /* bucket_prefix: the provider adds 26 characters */
#define AWS_NAME_MAX 255     /* everything else we name */
/* gp3 RDS storage for PostgreSQL and MySQL starts at 20 GiB */
#define AWS_RDS_MIN_STORAGE_GB 20
/* RDS backups and ElastiCache snapshots: 0 to 35 days */
#define AWS_RETENTION_MAX 35

struct aws {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	struct ipl_diags *diags;
	struct ipl_hcl h;
	const struct ipl_plan_node *default_public; /* the load balancer's default target */
	bool any_fargate, any_public;
};

/* the variables the module always declares (plus alarm_email with a budget) */
static const char *const fixed_variables[] = {
	"region", "vpc_id", "public_subnet_ids", "private_subnet_ids", "vpc_cidr", "alarm_email",
};

/* ---- Names ---- */

static const char *
lbl(struct ipl_buf *b, const char *name)
{
	ipl_buf_reset(b);
	ipl_selfhosted_label(b, name);
	return b->data;
}

/*
 * "PLAN-SUFFIX" in at most max characters (buf holds AWS_NAME_MAX + 1): the
 * plan's name is shortened first, since the suffix (a service name) is what
 * keeps two names apart; never ending with '-', which AWS refuses
 */
static const char *
aws_name(const struct ipl_spec *spec, const char *suffix, size_t max, char *buf)
{
	const char *plan = spec->name.s;
	size_t pl = strlen(plan), sl = suffix ? strlen(suffix) : 0, keep, n = 0;

	if (max > AWS_NAME_MAX)
		max = AWS_NAME_MAX;
	/* memcpy, not snprintf: the lengths are known, and -O2 would warn of truncation */
	if (!sl) {
		n = pl < max ? pl : max;
		memcpy(buf, plan, n);
	} else if (sl + 2 <= max) {
		keep = pl + 1 + sl <= max ? pl : max - sl - 1;
		while (keep > 1 && keep < pl && plan[keep - 1] == '-')
			keep--;
		memcpy(buf, plan, keep);
		buf[keep] = '-';
		memcpy(buf + keep + 1, suffix, sl);
		n = keep + 1 + sl;
	} else {
		n = sl < max ? sl : max;
		memcpy(buf, suffix, n);
	}
	buf[n] = '\0';
	while (n > 1 && buf[n - 1] == '-')
		buf[--n] = '\0';
	return buf;
}

static bool
is_aws(const struct ipl_plan_node *n, enum ipl_aws_kind kind)
{
	return n->kind == IPL_NODE_AWS && n->aws.kind == kind;
}

/* a Fargate service the load balancer forwards to */
static bool
behind_load_balancer(const struct ipl_plan_node *n)
{
	return is_aws(n, IPL_AWS_FARGATE) && n->services[0].public_port && n->services[0].port;
}

static const struct ipl_plan_node *
node_named(const struct ipl_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (!strcmp(plan->nodes[i].name, name))
			return &plan->nodes[i];
	return NULL;
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

/* ---- Checks before anything is written ---- */

struct declared {
	char **names;
	size_t nr, alloc;
};

/* adds a variable name; -1 with an error when the module already declares it */
static int
declare_variable(struct aws *a, struct declared *d, const char *name, struct ipl_loc loc,
		 const char *what)
{
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(fixed_variables); i++)
		if (!strcmp(fixed_variables[i], name))
			goto clash;
	for (i = 0; i < d->nr; i++)
		if (!strcmp(d->names[i], name))
			goto clash;
	d->names = ipl_xgrow(d->names, sizeof(*d->names), d->nr + 1, &d->alloc);
	d->names[d->nr++] = ipl_xstrdup(name);
	return 0;
clash:
	return ipl_error(a->diags, a->spec->path, loc,
			 "%s would be the Terraform variable \"%s\", which the AWS module already "
			 "declares; rename it",
			 what, name);
}

/*
 * Names that would collide in the module: a secret whose variable is also a
 * fixed variable or a service's image variable, and a queue named like
 * another queue's dead-letter queue.
 */
static int
check_names(struct aws *a)
{
	const struct ipl_spec *spec = a->spec;
	struct declared d = { NULL, 0, 0 };
	struct ipl_buf l = IPL_BUF_INIT, what = IPL_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		const struct ipl_service *s = n->services_nr ? n->services[0].svc : NULL;
		const struct ipl_plan_node *twin;
		char dlq[AWS_NAME_MAX + 1];

		if (is_aws(n, IPL_AWS_FARGATE)) {
			lbl(&l, n->name);
			ipl_buf_adds(&l, "_image");
			ipl_buf_reset(&what);
			ipl_buf_addf(&what, "the image of service \"%s\"", n->name);
			if (declare_variable(a, &d, l.data, s->image.s ? s->image.loc : s->loc,
					     what.data) < 0)
				rc = -1;
		}
		snprintf(dlq, sizeof(dlq), "%s-dead-letters", n->name);
		twin = node_named(a->plan, dlq);
		if (is_aws(n, IPL_AWS_SQS) && twin && is_aws(twin, IPL_AWS_SQS))
			rc = ipl_error(a->diags, spec->path, twin->services[0].svc->loc,
				       "queue \"%s\" has the name of queue \"%s\"'s dead-letter "
				       "queue; rename it",
				       dlq, n->name);
	}
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const struct ipl_env_var *e = &spec->services[i].env[j];
			if (!e->secret || secret_seen_before(spec, i, j))
				continue;
			ipl_buf_reset(&what);
			ipl_buf_addf(&what, "secret \"%s\"", e->secret);
			if (declare_variable(a, &d, lbl(&l, e->secret), e->loc, what.data) < 0)
				rc = -1;
		}
	for (i = 0; i < d.nr; i++)
		free(d.names[i]);
	free(d.names);
	ipl_buf_release(&l);
	ipl_buf_release(&what);
	return rc;
}

/* ---- variables.tf ---- */

static void
variables(struct aws *a, struct ipl_buf *b)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl h;
	struct ipl_buf l = IPL_BUF_INIT, d = IPL_BUF_INIT;
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
	ipl_hcl_str(&h, "description",
		    "with vpc_id: two public subnets (with a route to an internet gateway)");
	ipl_hcl_expr(&h, "type", "list(string)");
	ipl_hcl_expr(&h, "default", "[]");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"private_subnet_ids\"");
	ipl_hcl_str(&h, "description",
		    "with vpc_id: two private subnets for the databases and caches");
	ipl_hcl_expr(&h, "type", "list(string)");
	ipl_hcl_expr(&h, "default", "[]");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"vpc_cidr\"");
	ipl_hcl_str(&h, "description",
		    "address range of the VPC this module creates without vpc_id");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", "10.20.0.0/16");
	ipl_hcl_close(&h);
	if (spec->budget.amount != IPL_UNSET) {
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "variable \"alarm_email\"");
		ipl_hcl_str(&h, "description",
			    "where the billing alarm is sent (confirm the e-mail AWS sends); empty "
			    "for none");
		ipl_hcl_expr(&h, "type", "string");
		ipl_hcl_str(&h, "default", "");
		ipl_hcl_close(&h);
	}
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		const struct ipl_service *s;
		if (!is_aws(n, IPL_AWS_FARGATE))
			continue;
		s = n->services[0].svc;
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "variable \"%s_image\"", lbl(&l, n->name));
		ipl_buf_reset(&d);
		ipl_buf_addf(&d, "container image of service %s%s", n->name,
			     s->image.s ? "" : " (the spec names none)");
		ipl_hcl_str(&h, "description", d.data);
		ipl_hcl_expr(&h, "type", "string");
		if (s->image.s)
			ipl_hcl_str(&h, "default", s->image.s);
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
	ipl_buf_release(&d);
}

/* ---- main.tf: network ---- */

/*
 * The route table of one kind of subnet ("public" or "private") with its
 * default route out through `target` (an internet or NAT gateway), and its
 * association with both subnets of that kind
 */
static void
route_out(struct ipl_hcl *h, const char *kind, const char *target_arg, const char *target)
{
	ipl_hcl_open(h, "resource \"aws_route_table\" \"%s\"", kind);
	ipl_hcl_expr(h, "count", "local.create_vpc ? 1 : 0");
	ipl_hcl_expr(h, "vpc_id", "aws_vpc.main[0].id");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "route");
	ipl_hcl_str(h, "cidr_block", "0.0.0.0/0");
	ipl_hcl_expr(h, target_arg, "%s", target);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_route_table_association\" \"%s\"", kind);
	ipl_hcl_expr(h, "count", "local.create_vpc ? 2 : 0");
	ipl_hcl_expr(h, "subnet_id", "aws_subnet.%s[count.index].id", kind);
	ipl_hcl_expr(h, "route_table_id", "aws_route_table.%s[0].id", kind);
	ipl_hcl_close(h);
}


static const char no_nat_comment[] =
	"No NAT gateway: at $0.045 an hour plus $0.045 a GB (about $33 a month)\n"
	"it would cost more than the whole app. Tasks run in the public subnets\n"
	"with a public address and a security group that admits only the load\n"
	"balancer; databases and caches live in the private subnets with no\n"
	"route to the internet. settings.nat_gateway adds one.";
static const char with_nat_comment[] =
	"Tasks run in the public subnets with a public address; only the load\n"
	"balancer reaches them. The private subnets go out through the NAT\n"
	"gateway that settings.nat_gateway asks for.";

static void
name_tag(struct aws *a, const char *suffix, bool indexed)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf v = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];

	ipl_buf_addc(&v, '"');
	ipl_hcl_template_text(&v, aws_name(a->spec, suffix, AWS_NAME_MAX, name));
	if (indexed)
		ipl_buf_adds(&v, "-${count.index}");
	ipl_buf_addc(&v, '"');
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "tags =");
	ipl_hcl_expr(h, "Name", "%s", v.data);
	ipl_hcl_close(h);
	ipl_buf_release(&v);
}

static void
network(struct aws *a)
{
	struct ipl_hcl *h = &a->h;
	int i;

	ipl_hcl_comment(h, a->spec->settings.nat_gateway ? with_nat_comment : no_nat_comment);
	ipl_hcl_open(h, "locals");
	ipl_hcl_expr(h, "create_vpc", "var.vpc_id == null");
	ipl_hcl_expr(h, "vpc_id", "local.create_vpc ? aws_vpc.main[0].id : var.vpc_id");
	ipl_hcl_expr(h, "public_subnet_ids",
		     "local.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids");
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
	name_tag(a, NULL, false);
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
		ipl_hcl_expr(h, "cidr_block", "cidrsubnet(var.vpc_cidr, 8, count.index + %d)",
			     i ? 10 : 0);
		ipl_hcl_expr(h, "availability_zone",
			     "data.aws_availability_zones.available.names[count.index]");
		ipl_hcl_expr(h, "map_public_ip_on_launch", "false");
		name_tag(a, i ? "private" : "public", true);
		ipl_hcl_close(h);
	}
	ipl_hcl_blank(h);
	route_out(h, "public", "gateway_id", "aws_internet_gateway.main[0].id");
	if (!a->spec->settings.nat_gateway)
		return;
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
	route_out(h, "private", "nat_gateway_id", "aws_nat_gateway.main[0].id");
}

/* a security group that admits nothing yet and lets everything out */
static void
security_group(struct aws *a, const char *label, const char *suffix, const char *description)
{
	struct ipl_hcl *h = &a->h;
	char name[AWS_NAME_MAX + 1];

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_security_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", aws_name(a->spec, suffix, AWS_NAME_MAX, name));
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
		ipl_hcl_expr(h, "referenced_security_group_id", "aws_security_group.%s.id",
			     from_sg);
	else
		ipl_hcl_str(h, "cidr_ipv4", "0.0.0.0/0");
	ipl_hcl_close(h);
}

/* the load balancer, its security group and the one listener every public service shares */
static void
load_balancer(struct aws *a)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];
	size_t i;

	security_group(a, "load_balancer", "load-balancer",
		       "the load balancer: HTTP and HTTPS from anywhere");
	ingress(a, "load_balancer_http", "load_balancer", 80, NULL);
	ingress(a, "load_balancer_https", "load_balancer", 443, NULL);
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		char rule[AWS_NAME_MAX + 1];
		if (!behind_load_balancer(n))
			continue;
		snprintf(rule, sizeof(rule), "services_%s_from_load_balancer", lbl(&l, n->name));
		ingress(a, rule, "services", n->services[0].port, "load_balancer");
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_lb\" \"main\"");
	ipl_hcl_str(h, "name", aws_name(a->spec, NULL, AWS_LB_NAME_MAX, name));
	ipl_hcl_str(h, "load_balancer_type", "application");
	ipl_hcl_expr(h, "subnets", "local.public_subnet_ids");
	ipl_hcl_expr(h, "security_groups", "[aws_security_group.load_balancer.id]");
	ipl_hcl_expr(h, "drop_invalid_header_fields", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	/*
	 * Why no HTTPS listener: it needs an ACM certificate, and a certificate
	 * needs a domain and its DNS validation, which the spec does not describe;
	 * a listener without one would fail the apply. The security group already
	 * admits 443.
	 */
	ipl_hcl_comment(h, "HTTP only: an HTTPS listener needs an ACM certificate for a domain\n"
			   "the spec does not name. Add an aws_lb_listener on 443 with protocol\n"
			   "HTTPS and certificate_arn, and make this one a redirect; 443 is open.");
	ipl_hcl_open(h, "resource \"aws_lb_listener\" \"http\"");
	ipl_hcl_expr(h, "load_balancer_arn", "aws_lb.main.arn");
	ipl_hcl_expr(h, "port", "80");
	ipl_hcl_str(h, "protocol", "HTTP");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "default_action");
	ipl_hcl_str(h, "type", "forward");
	ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn",
		     lbl(&l, a->default_public->name));
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

/* ---- main.tf: ECS ---- */

static void
assume_role_policy(struct ipl_hcl *h)
{
	ipl_hcl_expr(h, "assume_role_policy",
		     "jsonencode({ Version = \"2012-10-17\", Statement = [{ "
		     "Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal "
		     "= { Service = \"ecs-tasks.amazonaws.com\" } }] })");
}

static void
cluster(struct aws *a)
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
	ipl_hcl_str(h, "name", aws_name(a->spec, "task-execution", AWS_IAM_ROLE_NAME_MAX, name));
	assume_role_policy(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_iam_role_policy_attachment\" \"task_execution\"");
	ipl_hcl_expr(h, "role", "aws_iam_role.task_execution.name");
	ipl_hcl_str(h, "policy_arn",
		    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
	ipl_hcl_close(h);
}

static void
secrets(struct aws *a)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT, arns = IPL_BUF_INIT, name = IPL_BUF_INIT;
	size_t i, j;

	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const char *sec = spec->services[i].env[j].secret;
			if (!sec || secret_seen_before(spec, i, j))
				continue;
			ipl_hcl_blank(h);
			ipl_hcl_open(h, "resource \"aws_ssm_parameter\" \"%s\"", lbl(&l, sec));
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
task_role(struct aws *a, const struct ipl_plan_node *n, const char *label)
{
	const struct ipl_service *s = n->services[0].svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT, queues = IPL_BUF_INIT, buckets = IPL_BUF_INIT,
		       objects = IPL_BUF_INIT, st = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1], suffix[AWS_NAME_MAX + 1];
	size_t j;
	bool any;

	for (j = 0; j < s->depends_on_nr; j++) {
		const struct ipl_plan_node *d = node_named(a->plan, s->depends_on[j].s);
		if (!d)
			continue;
		lbl(&l, d->name);
		if (is_aws(d, IPL_AWS_SQS))
			ipl_buf_addf(&queues, "%saws_sqs_queue.%s.arn", queues.len ? ", " : "",
				     l.data);
		else if (is_aws(d, IPL_AWS_S3)) {
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
		ipl_hcl_str(h, "name", aws_name(a->spec, suffix, AWS_IAM_ROLE_NAME_MAX, name));
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
	ipl_hcl_expr(h, "image", "var.%s_image", lbl(&l, n->name));
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
				     key.data, lbl(&l, s->env[j].secret), ++k < secret ? "," : "");
		}
		ipl_hcl_close_raw(h, "]");
	}
	if (s->health_path.s && ps->port && !behind_load_balancer(n))
		container_health_check(h, ps);
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
	ipl_buf_release(&key);
}

static void
capacity_provider_strategy(struct ipl_hcl *h, const struct ipl_plan_node *n)
{
	if (n->aws.spot_weight > 0) {
		ipl_hcl_comment(h,
				"003: the base task on demand, then on demand and Spot by weight");
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
autoscaling(struct aws *a, const struct ipl_plan_node *n, const char *label)
{
	struct ipl_hcl *h = &a->h;
	const struct ipl_num *target = &a->spec->settings.autoscale_cpu_target;
	char name[AWS_NAME_MAX + 1];

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_appautoscaling_target\" \"%s\"", label);
	ipl_hcl_expr(h, "min_capacity", "%d", n->min_count);
	ipl_hcl_expr(h, "max_capacity", "%d", n->max_count);
	ipl_hcl_expr(h, "resource_id",
		     "\"service/${aws_ecs_cluster.main.name}/${aws_ecs_service.%s.name}\"", label);
	ipl_hcl_str(h, "scalable_dimension", "ecs:service:DesiredCount");
	ipl_hcl_str(h, "service_namespace", "ecs");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_appautoscaling_policy\" \"%s\"", label);
	ipl_hcl_str(h, "name", aws_name(a->spec, n->name, AWS_NAME_MAX, name));
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

static void
fargate_service(struct aws *a, const struct ipl_plan_node *n)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1], group[AWS_NAME_MAX + 6];
	const char *label = lbl(&l, n->name);
	bool lb = behind_load_balancer(n), has_task_role;

	aws_name(a->spec, n->name, AWS_NAME_MAX, name);
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
		ipl_hcl_str(h, "name", aws_name(a->spec, n->name, AWS_LB_NAME_MAX, tg));
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
			ipl_hcl_expr(h, "listener_arn", "aws_lb_listener.http.arn");
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
	ipl_hcl_expr(h, "desired_count", "%d", n->min_count);
	if (lb)
		ipl_hcl_expr(h, "health_check_grace_period_seconds", "60");
	ipl_hcl_blank(h);
	capacity_provider_strategy(h, n);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "public subnets and a public address instead of a NAT gateway; the\n"
			   "security group admits the load balancer only");
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
	ipl_hcl_expr(h, "depends_on", "[aws_ecs_cluster_capacity_providers.main%s]",
		     lb ? ", aws_lb_listener.http" : "");
	if (n->max_count > n->min_count) {
		/* a fixed count stays Terraform's, so a changed replicas: applies */
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, "the autoscaler owns the count between applies");
		ipl_hcl_open(h, "lifecycle");
		ipl_hcl_expr(h, "ignore_changes", "[desired_count]");
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);

	if (n->max_count > n->min_count)
		autoscaling(a, n, label);
	ipl_buf_release(&l);
}

/* ---- main.tf: data ---- */

static int
clamp_retention(int days)
{
	return days < 0 ? 0 : days > AWS_RETENTION_MAX ? AWS_RETENTION_MAX : days;
}

static void
database(struct aws *a, const struct ipl_plan_node *n)
{
	const struct ipl_service *s = n->services[0].svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	bool pg = s->kind == IPL_KIND_POSTGRES;
	int port = pg ? 5432 : 3306;
	double storage = n->aws.storage_gb, storage_max = n->aws.storage_max_gb;
	char name[AWS_NAME_MAX + 1], id[AWS_NAME_MAX + 1], sg[AWS_NAME_MAX + 1],
	    rule[AWS_NAME_MAX + 1];

	if (storage < AWS_RDS_MIN_STORAGE_GB) {
		ipl_warning(a->diags, a->spec->path,
			    s->storage_gb.v != IPL_UNSET ? s->storage_gb.loc : s->loc,
			    "RDS gp3 storage starts at %d GB; database \"%s\" gets %d GB, not %.0f",
			    AWS_RDS_MIN_STORAGE_GB, n->name, AWS_RDS_MIN_STORAGE_GB, storage);
		storage = AWS_RDS_MIN_STORAGE_GB;
	}
	/* max_allocated_storage below allocated_storage is refused */
	if (storage_max < storage)
		storage_max = storage;
	aws_name(a->spec, n->name, AWS_NAME_MAX, name);
	snprintf(sg, sizeof(sg), "db_%s", label);
	snprintf(rule, sizeof(rule), "db-%s", n->name);
	security_group(a, sg, rule, "database: reachable from the services only");
	snprintf(rule, sizeof(rule), "db_%s_from_services", label);
	ingress(a, rule, sg, port, "services");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_db_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "the master password lives in Secrets Manager (output "
			   "*_master_user_secret_arn),\nnever in this file or the state");
	ipl_hcl_open(h, "resource \"aws_db_instance\" \"%s\"", label);
	ipl_hcl_str(h, "identifier", aws_name(a->spec, n->name, AWS_RDS_ID_MAX, id));
	ipl_hcl_str(h, "engine", pg ? "postgres" : "mysql");
	ipl_hcl_str(h, "instance_class", n->type->product_id);
	ipl_hcl_expr(h, "allocated_storage", "%.0f", storage);
	ipl_hcl_expr(h, "max_allocated_storage", "%.0f", storage_max);
	ipl_hcl_str(h, "storage_type", "gp3");
	ipl_hcl_expr(h, "storage_encrypted", "true");
	ipl_hcl_expr(h, "publicly_accessible", "false");
	ipl_hcl_str(h, "username", "app");
	ipl_hcl_expr(h, "manage_master_user_password", "true");
	ipl_hcl_expr(h, "db_subnet_group_name", "aws_db_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "vpc_security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "backup_retention_period", "%d", clamp_retention(n->aws.retention_days));
	ipl_hcl_expr(h, "deletion_protection", "true");
	ipl_hcl_expr(h, "skip_final_snapshot", "false");
	snprintf(rule, sizeof(rule), "%s-final", n->name);
	ipl_hcl_str(h, "final_snapshot_identifier", aws_name(a->spec, rule, AWS_NAME_MAX, id));
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static const char cache_encryption_comment[] =
	"A single-node Redis cluster has no encryption at rest in the schema, and\n"
	"transit_encryption_enabled is for Memcached only; the node is private and\n"
	"admits the services only. aws_elasticache_replication_group with\n"
	"at_rest_encryption_enabled encrypts both, at the same node price.";

static void
cache(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	char name[AWS_NAME_MAX + 1], sg[AWS_NAME_MAX + 1], rule[AWS_NAME_MAX + 1];

	snprintf(sg, sizeof(sg), "cache_%s", label);
	snprintf(rule, sizeof(rule), "cache-%s", n->name);
	security_group(a, sg, rule, "cache: reachable from the services only");
	snprintf(rule, sizeof(rule), "cache_%s_from_services", label);
	ingress(a, rule, sg, 6379, "services");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_elasticache_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", aws_name(a->spec, n->name, AWS_NAME_MAX, name));
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, cache_encryption_comment);
	ipl_hcl_open(h, "resource \"aws_elasticache_cluster\" \"%s\"", label);
	ipl_hcl_str(h, "cluster_id", aws_name(a->spec, n->name, AWS_CACHE_ID_MAX, name));
	ipl_hcl_str(h, "engine", "redis");
	ipl_hcl_str(h, "node_type", n->type->product_id);
	ipl_hcl_expr(h, "num_cache_nodes", "1");
	ipl_hcl_expr(h, "port", "6379");
	ipl_hcl_expr(h, "subnet_group_name", "aws_elasticache_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "snapshot_retention_limit", "%d", clamp_retention(n->aws.retention_days));
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static void
queue(struct aws *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = lbl(&l, n->name);
	char name[AWS_NAME_MAX + 1], suffix[AWS_NAME_MAX + 1];

	snprintf(suffix, sizeof(suffix), "%s-dead-letters", n->name);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "messages that failed 5 times wait here (14 days) instead of looping");
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s_dead_letters\"", label);
	ipl_hcl_str(h, "name", aws_name(a->spec, suffix, AWS_SQS_NAME_MAX, name));
	ipl_hcl_expr(h, "message_retention_seconds", "1209600");
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s\"", label);
	ipl_hcl_str(h, "name", aws_name(a->spec, n->name, AWS_SQS_NAME_MAX, name));
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_expr(h, "redrive_policy",
		     "jsonencode({ deadLetterTargetArn = aws_sqs_queue.%s_dead_letters.arn, "
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
	char prefix[AWS_NAME_MAX + 2];

	/* the provider appends a 26-character suffix: the prefix ends with '-' to set it apart */
	aws_name(a->spec, n->name, AWS_S3_PREFIX_MAX - 1, prefix);
	{
		size_t len = strlen(prefix);
		snprintf(prefix + len, sizeof(prefix) - len, "-");
	}
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
	ipl_hcl_open(h, "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"%s\"",
		     label);
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

/* ---- main.tf: billing ---- */

/* 1 EUR = *value code: the spec's own rates first, then the catalog's */
static bool
rate_of(const struct aws *a, const char *code, double *value, const char **when)
{
	const struct ipl_rate_entry *r;
	size_t i;

	if (!strcmp(code, "EUR")) {
		*value = 1;
		*when = NULL;
		return true;
	}
	for (i = 0; i < a->spec->rates_nr; i++)
		if (!strcmp(a->spec->rates[i].code, code)) {
			*value = a->spec->rates[i].value;
			*when = "the spec's rates";
			return true;
		}
	r = ipl_catalog_rate_at(a->plan->catalog, code, a->plan->prices_date);
	if (!r)
		return false;
	*value = r->value;
	*when = r->valid_from_text;
	return true;
}

/*
 * The alarm compares AWS's estimated charges, in USD, with the budget: a
 * budget in another currency is converted with the rates the cost report
 * uses, and the comment says at which rate.
 */
static double
budget_in_usd(struct aws *a, struct ipl_buf *why)
{
	const struct ipl_money *b = &a->spec->budget;
	const char *cur = b->currency           ? b->currency
			  : a->spec->currency.s ? a->spec->currency.s
						: "USD";
	const char *wf, *wt;
	double rf, rt;

	if (!strcmp(cur, "USD"))
		return b->amount;
	if (!rate_of(a, cur, &rf, &wf) || !rate_of(a, "USD", &rt, &wt) || rf <= 0) {
		ipl_warning(a->diags, a->spec->path, b->loc,
			    "no rate to convert the budget from %s to USD; the billing alarm "
			    "compares USD charges with %.2f",
			    cur, b->amount);
		ipl_buf_addf(why, "Threshold: the budget, %.2f %s, taken as USD (no rate known).\n",
			     b->amount, cur);
		return b->amount;
	}
	ipl_buf_addf(why, "Threshold: the budget, %.2f %s, in USD at 1 EUR = %.4f USD", b->amount,
		     cur, rt);
	if (strcmp(cur, "EUR"))
		ipl_buf_addf(why, " and %.4f %s", rf, cur);
	if (wt)
		ipl_buf_addf(why, " (%s)", wt);
	ipl_buf_adds(why, ".\n");
	return b->amount / rf * rt;
}

static void
billing_alarm(struct aws *a)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf why = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];
	double usd = budget_in_usd(a, &why);

	ipl_hcl_blank(h);
	ipl_hcl_comment(h,
			"Billing data lives in us-east-1 only, whatever the plan's region (the v6\n"
			"per-resource region argument); enable \"Receive Billing Alerts\" in the\n"
			"account's billing preferences first.");
	ipl_hcl_open(h, "resource \"aws_sns_topic\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "name", aws_name(a->spec, "billing", AWS_NAME_MAX, name));
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
	ipl_buf_adds(&why, "The month's charges so far, checked every 6 hours.");
	ipl_hcl_comment(h, why.data);
	ipl_hcl_open(h, "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");
	ipl_hcl_str(h, "region", "us-east-1");
	ipl_hcl_str(h, "alarm_name", aws_name(a->spec, "monthly-budget", AWS_NAME_MAX, name));
	ipl_hcl_str(h, "alarm_description", "estimated charges over the spec's monthly budget");
	ipl_hcl_str(h, "namespace", "AWS/Billing");
	ipl_hcl_str(h, "metric_name", "EstimatedCharges");
	ipl_hcl_str(h, "statistic", "Maximum");
	ipl_hcl_expr(h, "period", "21600");
	ipl_hcl_expr(h, "evaluation_periods", "1");
	ipl_hcl_str(h, "comparison_operator", "GreaterThanThreshold");
	ipl_hcl_expr(h, "threshold", "%.2f", usd);
	ipl_hcl_expr(h, "alarm_actions", "[aws_sns_topic.billing.arn]");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "dimensions =");
	ipl_hcl_str(h, "Currency", "USD");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&why);
}

/* ---- outputs.tf ---- */

static void
output(struct ipl_hcl *h, const char *name, const char *description, const char *value)
{
	if (h->out->len)
		ipl_hcl_blank(h);
	ipl_hcl_open(h, "output \"%s\"", name);
	ipl_hcl_str(h, "description", description);
	ipl_hcl_expr(h, "value", "%s", value);
	ipl_hcl_close(h);
}

static void
outputs(struct aws *a, struct ipl_buf *b)
{
	struct ipl_hcl h;
	struct ipl_buf l = IPL_BUF_INIT, name = IPL_BUF_INIT, value = IPL_BUF_INIT;
	size_t i;

	ipl_hcl_init(&h, b);
	if (a->any_public)
		output(&h, "load_balancer_dns", "the load balancer's address (HTTP on port 80)",
		       "aws_lb.main.dns_name");
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		lbl(&l, n->name);
		ipl_buf_reset(&name);
		ipl_buf_reset(&value);
		if (is_aws(n, IPL_AWS_RDS)) {
			ipl_buf_addf(&name, "%s_endpoint", l.data);
			ipl_buf_addf(&value, "aws_db_instance.%s.endpoint", l.data);
			output(&h, name.data, "the database's host:port, private", value.data);
			ipl_buf_reset(&name);
			ipl_buf_reset(&value);
			ipl_buf_addf(&name, "%s_master_user_secret_arn", l.data);
			ipl_buf_addf(&value, "aws_db_instance.%s.master_user_secret[0].secret_arn",
				     l.data);
			output(&h, name.data, "the Secrets Manager secret with the master password",
			       value.data);
		} else if (is_aws(n, IPL_AWS_ELASTICACHE)) {
			ipl_buf_addf(&name, "%s_endpoint", l.data);
			ipl_buf_addf(&value, "aws_elasticache_cluster.%s.cache_nodes[0].address",
				     l.data);
			output(&h, name.data, "the cache's host name, private (port 6379)",
			       value.data);
		} else if (is_aws(n, IPL_AWS_SQS)) {
			ipl_buf_addf(&name, "%s_url", l.data);
			ipl_buf_addf(&value, "aws_sqs_queue.%s.url", l.data);
			output(&h, name.data, "the queue's URL", value.data);
			ipl_buf_reset(&name);
			ipl_buf_reset(&value);
			ipl_buf_addf(&name, "%s_dead_letters_url", l.data);
			ipl_buf_addf(&value, "aws_sqs_queue.%s_dead_letters.url", l.data);
			output(&h, name.data, "the queue's dead-letter queue", value.data);
		} else if (is_aws(n, IPL_AWS_S3)) {
			ipl_buf_addf(&name, "%s_bucket", l.data);
			ipl_buf_addf(&value, "aws_s3_bucket.%s.bucket", l.data);
			output(&h, name.data, "the bucket's name", value.data);
		}
	}
	ipl_buf_release(&l);
	ipl_buf_release(&name);
	ipl_buf_release(&value);
}

/* ---- The module ---- */

int
ipl_aws_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
		       struct ipl_diags *diags)
{
	struct aws a;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.plan = plan;
	a.spec = plan->spec;
	a.diags = diags;
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		a.any_fargate |= is_aws(n, IPL_AWS_FARGATE);
		if (behind_load_balancer(n) && !a.any_public) {
			a.any_public = true;
			a.default_public = n;
		}
	}
	if (check_names(&a) < 0)
		return -1;

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
	if (a.any_fargate)
		security_group(&a, "services", "services",
			       "the services: reachable from the load balancer only");
	if (a.any_public)
		load_balancer(&a);
	if (a.any_fargate)
		cluster(&a);
	secrets(&a);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		switch (n->aws.kind) {
		case IPL_AWS_UNPLANNED:
			break;
		case IPL_AWS_FARGATE:
			fargate_service(&a, n);
			break;
		case IPL_AWS_RDS:
			database(&a, n);
			break;
		case IPL_AWS_ELASTICACHE:
			cache(&a, n);
			break;
		case IPL_AWS_SQS:
			queue(&a, n);
			break;
		case IPL_AWS_S3:
			bucket(&a, n);
			break;
		}
	}
	if (a.spec->budget.amount != IPL_UNSET)
		billing_alarm(&a);
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	outputs(&a, &b);
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&b);
	return 0;
}
