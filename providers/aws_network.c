/*
 * aws_network.c: the network part of the AWS module's main.tf: the VPC of
 * its own (two public and two private subnets in two zones, routes out
 * through an internet gateway, a NAT gateway only when settings.nat_gateway
 * asks), the security groups and their rules, and the application load
 * balancer in front of the public services. Part of the AWS module (aws.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/aws_emit.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

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
name_tag(struct ipl_aws_emit *a, const char *suffix, bool indexed)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf v = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];

	ipl_buf_addc(&v, '"');
	ipl_hcl_template_text(&v, ipl_aws_name(a->spec, suffix, AWS_NAME_MAX, name));
	if (indexed)
		ipl_buf_adds(&v, "-${count.index}");
	ipl_buf_addc(&v, '"');
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "tags =");
	ipl_hcl_expr(h, "Name", "%s", v.data);
	ipl_hcl_close(h);
	ipl_buf_release(&v);
}

void
ipl_aws_network(struct ipl_aws_emit *a)
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
void
ipl_aws_security_group(struct ipl_aws_emit *a, const char *label, const char *suffix,
		       const char *description)
{
	struct ipl_hcl *h = &a->h;
	char name[AWS_NAME_MAX + 1];

	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_security_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, suffix, AWS_NAME_MAX, name));
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
void
ipl_aws_ingress(struct ipl_aws_emit *a, const char *name, const char *sg, int port,
		const char *from_sg)
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

/* ---- Who reaches the databases ------------------------------------------ */

/* true when service s depends on the service of node data (one service a node on AWS) */
static bool
depends_on_node(const struct ipl_service *s, const struct ipl_plan_node *data)
{
	return ipl_service_depends_on(s, data->services[0].svc->name.s);
}

/* true when Fargate service n depends on a database or a cache: it gets a client group */
bool
ipl_aws_uses_data(const struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	size_t i;

	if (!ipl_aws_node_is(n, IPL_AWS_FARGATE))
		return false;
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *d = &a->plan->nodes[i];
		if ((ipl_aws_node_is(d, IPL_AWS_RDS) || ipl_aws_node_is(d, IPL_AWS_ELASTICACHE)) &&
		    depends_on_node(n->services[0].svc, d))
			return true;
	}
	return false;
}

/*
 * A security group of its own for each service that uses a database or a
 * cache, beside the group all services share (the load balancer's way in):
 * a database admits the groups of the services that depend on it, so a
 * service that does not cannot reach it.
 */
void
ipl_aws_client_groups(struct ipl_aws_emit *a)
{
	struct ipl_buf label = IPL_BUF_INIT, group = IPL_BUF_INIT, suffix = IPL_BUF_INIT,
		       what = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		if (!ipl_aws_uses_data(a, n))
			continue;
		ipl_buf_reset(&group);
		ipl_buf_reset(&suffix);
		ipl_buf_reset(&what);
		ipl_buf_addf(&group, "client_%s", ipl_aws_lbl(&label, n->name));
		ipl_buf_addf(&suffix, "client-%s", n->name);
		ipl_buf_addf(&what, "service %s: admitted by the databases it depends on", n->name);
		ipl_aws_security_group(a, ipl_buf_str(&group), ipl_buf_str(&suffix),
				       ipl_buf_str(&what));
	}
	ipl_buf_release(&label);
	ipl_buf_release(&group);
	ipl_buf_release(&suffix);
	ipl_buf_release(&what);
}

/* port of group sg admits the client group of each service that depends on node data */
void
ipl_aws_ingress_from_clients(struct ipl_aws_emit *a, const char *sg, int port,
			     const struct ipl_plan_node *data)
{
	struct ipl_buf label = IPL_BUF_INIT, rule = IPL_BUF_INIT, from = IPL_BUF_INIT;
	size_t i, nr = 0;

	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		if (!ipl_aws_node_is(n, IPL_AWS_FARGATE) ||
		    !depends_on_node(n->services[0].svc, data))
			continue;
		ipl_buf_reset(&rule);
		ipl_buf_reset(&from);
		ipl_buf_addf(&rule, "%s_from_%s", sg, ipl_aws_lbl(&label, n->name));
		ipl_buf_addf(&from, "client_%s", ipl_buf_str(&label));
		ipl_aws_ingress(a, ipl_buf_str(&rule), sg, port, ipl_buf_str(&from));
		nr++;
	}
	if (!nr) {
		ipl_hcl_blank(&a->h);
		ipl_hcl_comment(&a->h,
				"no service depends on it: its security group admits nothing");
	}
	ipl_buf_release(&label);
	ipl_buf_release(&rule);
	ipl_buf_release(&from);
}

/* true when a public service behind the load balancer has a domain: it serves HTTPS */
bool
ipl_aws_serves_https(const struct ipl_aws_emit *a)
{
	size_t i;

	for (i = 0; i < a->plan->nodes_nr; i++)
		if (ipl_aws_behind_load_balancer(&a->plan->nodes[i]) &&
		    a->plan->nodes[i].services[0].domain)
			return true;
	return false;
}

/* the listener the services' rules attach to: "https" with a certificate, else "http" */
const char *
ipl_aws_listener(const struct ipl_aws_emit *a)
{
	return ipl_aws_serves_https(a) ? "https" : "http";
}

/*
 * 013: the domains of the public services get one ACM certificate,
 * validated by DNS: the records to create are an output, and the HTTPS
 * listener waits for the validation (aws_acm_certificate_validation), so
 * the first apply finishes once the records exist.
 */
static void
certificate(struct ipl_aws_emit *a)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf sans = IPL_BUF_INIT;
	const char *first = NULL;
	size_t i;

	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		const char *d = ipl_aws_behind_load_balancer(n) ? n->services[0].domain : NULL;
		if (!d)
			continue;
		if (!first) {
			first = d;
			continue;
		}
		if (sans.len)
			ipl_buf_adds(&sans, ", ");
		ipl_escape_hcl_string(&sans, d);
	}
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "the public services' domains, validated by DNS: create the records of\n"
			   "the output certificate_validation at the domains' DNS provider");
	ipl_hcl_open(h, "resource \"aws_acm_certificate\" \"main\"");
	ipl_hcl_str(h, "domain_name", first);
	if (sans.len)
		ipl_hcl_expr(h, "subject_alternative_names", "[%s]", ipl_buf_str(&sans));
	ipl_hcl_str(h, "validation_method", "DNS");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "lifecycle");
	ipl_hcl_expr(h, "create_before_destroy", "true");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "waits until the validation records exist and ACM has issued it");
	ipl_hcl_open(h, "resource \"aws_acm_certificate_validation\" \"main\"");
	ipl_hcl_expr(h, "certificate_arn", "aws_acm_certificate.main.arn");
	ipl_hcl_close(h);
	ipl_buf_release(&sans);
}

/*
 * A listener: "https" (443, the certificate) or "http" (80). It forwards to
 * the default public service, or, when it does not, redirects to HTTPS.
 */
static void
listener(struct ipl_aws_emit *a, const char *label, bool forwards)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	bool tls = !strcmp(label, "https");

	ipl_hcl_blank(h);
	if (!forwards)
		ipl_hcl_comment(h, "HTTP only redirects to HTTPS");
	else if (!tls)
		ipl_hcl_comment(
			h,
			"HTTP only: no public service has a domain for an ACM certificate; give\n"
			"one a domain in the spec to get HTTPS and a redirect (443 stays closed)");
	ipl_hcl_open(h, "resource \"aws_lb_listener\" \"%s\"", label);
	ipl_hcl_expr(h, "load_balancer_arn", "aws_lb.main.arn");
	ipl_hcl_expr(h, "port", tls ? "443" : "80");
	ipl_hcl_str(h, "protocol", tls ? "HTTPS" : "HTTP");
	if (tls) {
		ipl_hcl_str(h, "ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
		ipl_hcl_expr(h, "certificate_arn",
			     "aws_acm_certificate_validation.main.certificate_arn");
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "default_action");
	if (forwards) {
		ipl_hcl_str(h, "type", "forward");
		ipl_hcl_expr(h, "target_group_arn", "aws_lb_target_group.%s.arn",
			     ipl_aws_lbl(&l, a->default_public->name));
	} else {
		ipl_hcl_str(h, "type", "redirect");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "redirect");
		ipl_hcl_str(h, "port", "443");
		ipl_hcl_str(h, "protocol", "HTTPS");
		ipl_hcl_str(h, "status_code", "HTTP_301");
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

/* the load balancer, its security group and the listeners every public service shares */
void
ipl_aws_load_balancer(struct ipl_aws_emit *a)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	char name[AWS_NAME_MAX + 1];
	bool https = ipl_aws_serves_https(a);
	size_t i;

	ipl_aws_security_group(a, "load_balancer", "load-balancer",
			       https ? "the load balancer: HTTP and HTTPS from anywhere"
				     : "the load balancer: HTTP from anywhere");
	ipl_aws_ingress(a, "load_balancer_http", "load_balancer", 80, NULL);
	/* 013: 443 only with a listener behind it */
	if (https)
		ipl_aws_ingress(a, "load_balancer_https", "load_balancer", 443, NULL);
	for (i = 0; i < a->plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &a->plan->nodes[i];
		char rule[AWS_NAME_MAX + 1];
		if (!ipl_aws_behind_load_balancer(n))
			continue;
		snprintf(rule, sizeof(rule), "services_%s_from_load_balancer",
			 ipl_aws_lbl(&l, n->name));
		ipl_aws_ingress(a, rule, "services", n->services[0].port, "load_balancer");
	}
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_lb\" \"main\"");
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, NULL, AWS_LB_NAME_MAX, name));
	ipl_hcl_str(h, "load_balancer_type", "application");
	ipl_hcl_expr(h, "subnets", "local.public_subnet_ids");
	ipl_hcl_expr(h, "security_groups", "[aws_security_group.load_balancer.id]");
	ipl_hcl_expr(h, "drop_invalid_header_fields", "true");
	ipl_hcl_close(h);
	if (https) {
		certificate(a);
		listener(a, "https", true);
		listener(a, "http", false);
	} else {
		listener(a, "http", true);
	}
	ipl_buf_release(&l);
}
