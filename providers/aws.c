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
 *
 * This file holds the names, the checks made before anything is written,
 * variables.tf, outputs.tf and the module's entry point; main.tf is written
 * by aws_network.c (VPC, security groups, load balancer), aws_ecs.c (the
 * cluster, task roles and Fargate services), aws_data.c (RDS, ElastiCache,
 * SQS, S3) and aws_billing.c (the budget's alarm), with the state they share
 * in aws_emit.h.
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/aws_emit.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

/* the variables the module always declares (plus alarm_email with a budget) */
static const char *const fixed_variables[] = {
	"region", "vpc_id", "public_subnet_ids", "private_subnet_ids", "vpc_cidr", "alarm_email",
};

/* ---- Names ---- */

const char *
ipl_aws_lbl(struct ipl_buf *b, const char *name)
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
const char *
ipl_aws_name(const struct ipl_spec *spec, const char *suffix, size_t max, char *buf)
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

bool
ipl_aws_node_is(const struct ipl_plan_node *n, enum ipl_aws_kind kind)
{
	return n->kind == IPL_NODE_AWS && n->aws.kind == kind;
}

/* a Fargate service the load balancer forwards to */
bool
ipl_aws_behind_load_balancer(const struct ipl_plan_node *n)
{
	return ipl_aws_node_is(n, IPL_AWS_FARGATE) && n->services[0].public_port &&
	       n->services[0].port;
}

const struct ipl_plan_node *
ipl_aws_node_named(const struct ipl_aws_emit *a, const char *name)
{
	return ipl_strmap_get(&a->nodes, name);
}

bool
ipl_aws_secret_seen_before(const struct ipl_aws_emit *a, size_t si, size_t ei)
{
	const struct ipl_env_var *e = &a->spec->services[si].env[ei];

	return ipl_strmap_get(&a->secrets, e->secret) != e;
}

/* the maps by name that the lookups above read: built once, before any check */
static void
index_names(struct ipl_aws_emit *a)
{
	const struct ipl_spec *spec = a->spec;
	size_t i, j;

	for (i = 0; i < a->plan->nodes_nr; i++)
		(void)ipl_strmap_add(&a->nodes, a->plan->nodes[i].name, (void *)&a->plan->nodes[i]);
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++)
			if (spec->services[i].env[j].secret)
				(void)ipl_strmap_add(&a->secrets, spec->services[i].env[j].secret,
						     (void *)&spec->services[i].env[j]);
}

/* ---- Checks before anything is written ---- */

struct declared {
	char **names; /* owned: the map's keys */
	size_t nr, alloc;
	struct ipl_strmap set;
};

/* adds a variable name; -1 with an error when the module already declares it */
static int
declare_variable(struct ipl_aws_emit *a, struct declared *d, const char *name, struct ipl_loc loc,
		 const char *what)
{
	size_t i;
	char *copy;

	for (i = 0; i < IPL_ARRAY_SIZE(fixed_variables); i++)
		if (!strcmp(fixed_variables[i], name))
			goto clash;
	if (ipl_strmap_get(&d->set, name))
		goto clash;
	copy = ipl_xstrdup(name);
	d->names = ipl_xgrow(d->names, sizeof(*d->names), d->nr + 1, &d->alloc);
	d->names[d->nr++] = copy;
	(void)ipl_strmap_add(&d->set, copy, copy);
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
check_names(struct ipl_aws_emit *a)
{
	const struct ipl_spec *spec = a->spec;
	struct declared d = { NULL, 0, 0, IPL_STRMAP_INIT };
	struct ipl_buf l = IPL_BUF_INIT, what = IPL_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		const struct ipl_service *s = n->services_nr ? n->services[0].svc : NULL;
		const struct ipl_plan_node *twin;
		char dlq[AWS_NAME_MAX + 1];

		if (ipl_aws_node_is(n, IPL_AWS_ELASTICACHE)) {
			ipl_aws_lbl(&l, n->name);
			ipl_buf_adds(&l, "_auth_token");
			ipl_buf_reset(&what);
			ipl_buf_addf(&what, "the auth token of cache \"%s\"", n->name);
			if (declare_variable(a, &d, l.data, s->loc, what.data) < 0)
				rc = -1;
		}
		if (ipl_aws_node_is(n, IPL_AWS_FARGATE)) {
			ipl_aws_lbl(&l, n->name);
			ipl_buf_adds(&l, "_image");
			ipl_buf_reset(&what);
			ipl_buf_addf(&what, "the image of service \"%s\"", n->name);
			if (declare_variable(a, &d, l.data, s->image.s ? s->image.loc : s->loc,
					     what.data) < 0)
				rc = -1;
		}
		snprintf(dlq, sizeof(dlq), "%s-dead-letters", n->name);
		twin = ipl_aws_node_named(a, dlq);
		if (ipl_aws_node_is(n, IPL_AWS_SQS) && twin && ipl_aws_node_is(twin, IPL_AWS_SQS))
			rc = ipl_error(a->diags, spec->path, twin->services[0].svc->loc,
				       "queue \"%s\" has the name of queue \"%s\"'s dead-letter "
				       "queue; rename it",
				       dlq, n->name);
	}
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const struct ipl_env_var *e = &spec->services[i].env[j];
			if (!e->secret || ipl_aws_secret_seen_before(a, i, j))
				continue;
			ipl_buf_reset(&what);
			ipl_buf_addf(&what, "secret \"%s\"", e->secret);
			if (declare_variable(a, &d, ipl_aws_lbl(&l, e->secret), e->loc, what.data) <
			    0)
				rc = -1;
		}
	for (i = 0; i < d.nr; i++)
		free(d.names[i]);
	free(d.names);
	ipl_strmap_release(&d.set);
	ipl_buf_release(&l);
	ipl_buf_release(&what);
	return rc;
}

/* ---- variables.tf ---- */

static void
variables(struct ipl_aws_emit *a, struct ipl_buf *b)
{
	const struct ipl_spec *spec = a->spec;
	struct ipl_hcl h;
	struct ipl_buf l = IPL_BUF_INIT, d = IPL_BUF_INIT;
	size_t i, j;

	ipl_hcl_init(&h, b);
	ipl_hcl_open(&h, "variable \"region\"");
	ipl_hcl_str(&h, "description",
		    "AWS region of the plan, such as us-east-1; COST.md prices this region");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", spec->region.s ? spec->region.s : "us-east-1");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"vpc_id\"");
	ipl_hcl_str(&h, "description",
		    "an existing VPC to use, vpc-... (`aws ec2 describe-vpcs`); null creates a "
		    "small one");
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
		if (!ipl_aws_node_is(n, IPL_AWS_FARGATE))
			continue;
		s = n->services[0].svc;
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "variable \"%s_image\"", ipl_aws_lbl(&l, n->name));
		ipl_buf_reset(&d);
		ipl_buf_addf(&d,
			     "container image of service %s%s, as REGISTRY/NAME:TAG: a public "
			     "image, or an ECR repository's URI (`aws ecr describe-repositories`)",
			     n->name, s->image.s ? "" : " (the spec names none)");
		ipl_hcl_str(&h, "description", d.data);
		ipl_hcl_expr(&h, "type", "string");
		if (s->image.s)
			ipl_hcl_str(&h, "default", s->image.s);
		ipl_hcl_close(&h);
	}
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		if (!ipl_aws_node_is(n, IPL_AWS_ELASTICACHE))
			continue;
		ipl_buf_reset(&d);
		ipl_buf_addf(&d, "%s_auth_token", ipl_aws_lbl(&l, n->name));
		ipl_hcl_blank(&h);
		ipl_hcl_comment(
			&h,
			"013: the password (AUTH) of the cache, 16 to 128 printable characters\n"
			"without @, \", / or spaces, e.g. from `openssl rand -hex 32`; give the\n"
			"services the same in their rediss:// URL secret");
		ipl_hcl_open(&h, "variable \"%s\"", d.data);
		ipl_buf_reset(&d);
		ipl_buf_addf(&d, "the auth token of cache %s (TF_VAR_%s_auth_token)", n->name,
			     l.data);
		ipl_hcl_str(&h, "description", d.data);
		ipl_hcl_expr(&h, "type", "string");
		ipl_hcl_expr(&h, "sensitive", "true");
		ipl_hcl_close(&h);
	}
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const char *sec = spec->services[i].env[j].secret;
			if (!sec || ipl_aws_secret_seen_before(a, i, j))
				continue;
			ipl_hcl_blank(&h);
			ipl_buf_reset(&d);
			ipl_terraform_secret_description(
				&d, spec, sec, "SSM Parameter Store as a SecureString parameter");
			ipl_hcl_sensitive_variable(&h, ipl_aws_lbl(&l, sec), d.data);
		}
	ipl_buf_release(&l);
	ipl_buf_release(&d);
}

/* ---- outputs.tf ---- */

void
ipl_aws_output(struct ipl_hcl *h, const char *name, const char *description, const char *value)
{
	if (h->out->len)
		ipl_hcl_blank(h);
	ipl_hcl_open(h, "output \"%s\"", name);
	ipl_hcl_str(h, "description", description);
	ipl_hcl_expr(h, "value", "%s", value);
	ipl_hcl_close(h);
}

static void
outputs(struct ipl_aws_emit *a, struct ipl_buf *b)
{
	struct ipl_hcl h;
	struct ipl_buf l = IPL_BUF_INIT, name = IPL_BUF_INIT, value = IPL_BUF_INIT;
	size_t i;

	ipl_hcl_init(&h, b);
	if (a->any_public)
		ipl_aws_output(&h, "load_balancer_dns",
			       ipl_aws_serves_https(a)
				       ? "the load balancer's address (HTTPS on port 443; port 80 "
					 "redirects): point each domain at it with a CNAME or alias"
				       : "the load balancer's address (HTTP on port 80)",
			       "aws_lb.main.dns_name");
	if (a->any_public && ipl_aws_serves_https(a))
		ipl_aws_output(&h, "certificate_validation",
			       "the DNS records that validate the certificate of the domains: "
			       "create them at the domains' DNS provider",
			       "[for o in aws_acm_certificate.main.domain_validation_options : "
			       "{ name = o.resource_record_name, type = o.resource_record_type, "
			       "value = o.resource_record_value }]");
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		ipl_aws_lbl(&l, n->name);
		ipl_buf_reset(&name);
		ipl_buf_reset(&value);
		if (ipl_aws_node_is(n, IPL_AWS_RDS)) {
			ipl_buf_addf(&name, "%s_endpoint", l.data);
			ipl_buf_addf(&value, "aws_db_instance.%s.endpoint", l.data);
			ipl_aws_output(&h, name.data, "the database's host:port, private",
				       value.data);
			ipl_buf_reset(&name);
			ipl_buf_reset(&value);
			ipl_buf_addf(&name, "%s_master_user_secret_arn", l.data);
			ipl_buf_addf(&value, "aws_db_instance.%s.master_user_secret[0].secret_arn",
				     l.data);
			ipl_aws_output(&h, name.data,
				       "the Secrets Manager secret with the master password",
				       value.data);
		} else if (ipl_aws_node_is(n, IPL_AWS_ELASTICACHE)) {
			ipl_buf_addf(&name, "%s_endpoint", l.data);
			ipl_buf_addf(
				&value,
				"aws_elasticache_replication_group.%s.primary_endpoint_address",
				l.data);
			ipl_aws_output(&h, name.data,
				       "the cache's host name, private (port 6379, TLS: rediss://)",
				       value.data);
		} else if (ipl_aws_node_is(n, IPL_AWS_SQS)) {
			ipl_buf_addf(&name, "%s_url", l.data);
			ipl_buf_addf(&value, "aws_sqs_queue.%s.url", l.data);
			ipl_aws_output(&h, name.data, "the queue's URL", value.data);
			ipl_buf_reset(&name);
			ipl_buf_reset(&value);
			ipl_buf_addf(&name, "%s_dead_letters_url", l.data);
			ipl_buf_addf(&value, "aws_sqs_queue.%s_dead_letters.url", l.data);
			ipl_aws_output(&h, name.data, "the queue's dead-letter queue", value.data);
		} else if (ipl_aws_node_is(n, IPL_AWS_S3)) {
			ipl_buf_addf(&name, "%s_bucket", l.data);
			ipl_buf_addf(&value, "aws_s3_bucket.%s.bucket", l.data);
			ipl_aws_output(&h, name.data, "the bucket's name", value.data);
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
	struct ipl_aws_emit a;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.plan = plan;
	a.spec = plan->spec;
	a.diags = diags;
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		a.any_fargate |= ipl_aws_node_is(n, IPL_AWS_FARGATE);
		if (ipl_aws_behind_load_balancer(n) && !a.any_public) {
			a.any_public = true;
			a.default_public = n;
		}
	}
	index_names(&a);
	if (check_names(&a) < 0) {
		ipl_strmap_release(&a.nodes);
		ipl_strmap_release(&a.secrets);
		return -1;
	}

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
	ipl_aws_network(&a);
	if (a.any_fargate) {
		ipl_aws_security_group(&a, "services", "services",
				       "the services: reachable from the load balancer only");
		ipl_aws_client_groups(&a);
	}
	if (a.any_public)
		ipl_aws_load_balancer(&a);
	if (a.any_fargate)
		ipl_aws_cluster(&a);
	ipl_aws_secrets(&a);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		switch (n->aws.kind) {
		case IPL_AWS_UNPLANNED:
			break;
		case IPL_AWS_FARGATE:
			ipl_aws_fargate_service(&a, n);
			break;
		case IPL_AWS_RDS:
			ipl_aws_database(&a, n);
			break;
		case IPL_AWS_ELASTICACHE:
			ipl_aws_cache(&a, n);
			break;
		case IPL_AWS_SQS:
			ipl_aws_queue(&a, n);
			break;
		case IPL_AWS_S3:
			ipl_aws_bucket(&a, n);
			break;
		}
	}
	if (a.spec->budget.amount != IPL_UNSET)
		ipl_aws_billing_alarm(&a);
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	outputs(&a, &b);
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&b);
	ipl_strmap_release(&a.nodes);
	ipl_strmap_release(&a.secrets);
	return 0;
}
