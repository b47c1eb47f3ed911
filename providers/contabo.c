/*
 * contabo.c: Terraform for Contabo (contabo/contabo; arguments as in the
 * provider's docs/resources/instance.md, github.com/contabo/terraform-provider-contabo):
 * the admin SSH key as a contabo_secret, one contabo_instance
 * per node with the catalog's product id and the node's cloud-init, one
 * default-deny contabo_firewall per node, and, for more than one node, a
 * contabo_private_network. Contabo assigns the private addresses itself,
 * from a range it picks, and the network takes the instances' ids, so the
 * addresses exist only after the instances and their user-data: they cannot
 * be passed into cloud-init (a dependency cycle). Each server finds its own
 * at boot instead (infraplan-private-address.service, node_files.c), and gen
 * warns that the servers must be restarted once to join the network.
 *
 * Provider behaviour this relies on (terraform-provider-contabo v0.1.42,
 * contabo/resource_private_networking.go and resource_instance.go): the
 * private network resource buys the Private Networking add-on for every
 * instance it is given (an "upgrade" with privateNetworking: {}, a 409 for
 * an instance that has it already is ignored), while contabo_instance never
 * sends its add_ons block on create and only reads it back; so the add-on
 * is not written on the instances, where it would only show as a diff.
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "providers/emit.h"
#include "providers/selfhosted.h"

/* the regions of CreateInstanceRequest in Contabo's OpenAPI (github.com/contabo/cntb, openapi/api/openapi.yaml) */
static const char *const regions[] = { "EU", "US-central", "US-east", "US-west", "SIN",
				       "UK", "AUS",        "JPN",     "IND" };

/* Ubuntu 22.04: CreateInstanceRequest's default imageId (contabo/cntb openapi.yaml) */
#define UBUNTU_IMAGE_ID "afecbb85-e2fc-46f0-9684-b46b1faf00bb"

static int
variables(const struct ipl_plan *plan, struct ipl_buf *b, struct ipl_diags *diags)
{
	struct ipl_hcl h;
	int rc;

	ipl_hcl_init(&h, b);
	/* where the Contabo CLI's README sends its users for the same four (github.com/contabo/cntb) */
	ipl_hcl_sensitive_variable(&h, "contabo_client_id",
				   "Contabo API OAuth2 client id: Customer Control Panel, "
				   "https://my.contabo.com/api/details, Client ID");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(&h, "contabo_client_secret",
				   "Contabo API OAuth2 client secret: Customer Control Panel, "
				   "https://my.contabo.com/api/details, Client Secret");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(&h, "contabo_api_user",
				   "Contabo API user: the e-mail address of your Contabo account, "
				   "as shown on https://my.contabo.com/api/details");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(
		&h, "contabo_api_password",
		"Contabo API password: the one set on "
		"https://my.contabo.com/api/details (not the control panel's login)");
	ipl_hcl_blank(&h);
	ipl_selfhosted_ssh_variables(&h, plan->spec);
	ipl_hcl_blank(&h);
	rc = ipl_selfhosted_region_variable(&h, plan, "region",
					    "Contabo region (a location fee may apply outside EU)",
					    regions, IPL_ARRAY_SIZE(regions), "EU", diags);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"image_id\"");
	ipl_hcl_str(&h, "description",
		    "Contabo image id (opaque; list them with `cntb get images`); "
		    "the default is Ubuntu 22.04");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", UBUNTU_IMAGE_ID);
	ipl_hcl_close(&h);
	return rc;
}

static void
instance(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	struct ipl_buf v = IPL_BUF_INIT;

	ipl_hcl_open(h, "resource \"contabo_instance\" \"%s\"", label);
	if (n->count > 1)
		ipl_hcl_expr(h, "count", "%d", n->count);
	ipl_selfhosted_name(&v, plan, n);
	ipl_hcl_expr(h, "display_name", "%s", v.data);
	ipl_hcl_str(h, "product_id", n->type->product_id);
	ipl_hcl_expr(h, "region", "var.region");
	ipl_hcl_expr(h, "image_id", "var.image_id");
	ipl_hcl_expr(h, "period", "1");
	/* contabo_secret's id is a string; ssh_keys takes numbers (the provider's docs/resources/secret.md) */
	ipl_hcl_expr(h, "ssh_keys", "[tonumber(contabo_secret.admin.id)]");
	ipl_buf_reset(&v);
	ipl_selfhosted_user_data(&v, n);
	ipl_hcl_expr(h, "user_data", "%s", v.data);
	ipl_selfhosted_lifecycle(h, n, "user_data, image_id, ssh_keys");
	ipl_hcl_close(h);
	ipl_buf_release(&v);
}

/* the instance ids of a node, as the list of numbers firewalls and networks take */
static void
instance_ids(struct ipl_buf *b, const struct ipl_plan_node *n, const char *label)
{
	if (n->count > 1)
		ipl_buf_addf(b, "[for i in contabo_instance.%s : tonumber(i.id)]", label);
	else
		ipl_buf_addf(b, "[tonumber(contabo_instance.%s.id)]", label);
}

static void
ssh_rule(struct ipl_hcl *h)
{
	/* an empty var.ssh_allowed_cidrs writes no rule: SSH stays closed */
	ipl_hcl_open(h, "dynamic \"inbound\"");
	ipl_hcl_expr(h, "for_each", "length(var.ssh_allowed_cidrs) > 0 ? [1] : []");
	ipl_hcl_open(h, "content");
	ipl_hcl_str(h, "protocol", "tcp");
	ipl_hcl_str(h, "action", "accept");
	ipl_hcl_str(h, "status", "active");
	ipl_hcl_expr(h, "dest_ports", "[\"22\"]");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "src_cidr");
	ipl_hcl_expr(h, "ipv4", "[for c in var.ssh_allowed_cidrs : c if !strcontains(c, \":\")]");
	ipl_hcl_expr(h, "ipv6", "[for c in var.ssh_allowed_cidrs : c if strcontains(c, \":\")]");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
}

static void
firewall(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	size_t i, nports;
	int *ports = ipl_selfhosted_public_ports(n, &nports);
	struct ipl_buf v = IPL_BUF_INIT;

	ipl_hcl_comment(h, "Default deny: only what a rule accepts comes in.");
	ipl_hcl_open(h, "resource \"contabo_firewall\" \"%s\"", label);
	ipl_buf_addf(&v, "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_str(h, "name", v.data);
	ipl_hcl_str(h, "status", "active");
	ipl_buf_reset(&v);
	instance_ids(&v, n, label);
	ipl_hcl_expr(h, "instance_ids", "%s", v.data);
	ipl_buf_release(&v);
	ipl_hcl_blank(h);
	if (nports == 0) {
		/*
		 * No public port (a database node): the rules block exists only
		 * when SSH is open, because the provider reads rules[0] as a map
		 * and an empty block would reach it as nothing at all
		 * (resource_firewall.go, getFirewallInboundRules).
		 */
		ipl_hcl_open(h, "dynamic \"rules\"");
		ipl_hcl_expr(h, "for_each", "length(var.ssh_allowed_cidrs) > 0 ? [1] : []");
		ipl_hcl_open(h, "content");
		ssh_rule(h);
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		free(ports);
		return;
	}
	ipl_hcl_open(h, "rules");
	ssh_rule(h);
	for (i = 0; i < nports; i++) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "inbound");
		ipl_hcl_str(h, "protocol", "tcp");
		ipl_hcl_str(h, "action", "accept");
		ipl_hcl_str(h, "status", "active");
		ipl_hcl_expr(h, "dest_ports", "[\"%d\"]", ports[i]);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "src_cidr");
		ipl_hcl_expr(h, "ipv4", "[\"0.0.0.0/0\"]");
		ipl_hcl_expr(h, "ipv6", "[\"::/0\"]");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	free(ports);
}

static void
private_network(struct ipl_hcl *h, const struct ipl_plan *plan, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	struct ipl_buf ids = IPL_BUF_INIT, lbl = IPL_BUF_INIT;
	size_t i;

	ipl_hcl_comment(h,
			"Contabo assigns the private addresses (output private_ips); each server "
			"finds its own\nat boot (infraplan-private-address.service). An instance "
			"joins the network only\nafter a reinstall or restart (Contabo API docs, "
			"Private Networks): restart the\nservers once after the first apply.");
	ipl_hcl_open(h, "resource \"contabo_private_network\" \"private\"");
	ipl_hcl_str(h, "name", spec->name.s);
	ipl_hcl_expr(h, "region", "var.region");
	for (i = 0; i < plan->nodes_nr; i++) {
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, plan->nodes[i].name);
		if (i)
			ipl_buf_adds(&ids, ", ");
		instance_ids(&ids, &plan->nodes[i], lbl.data);
	}
	ipl_hcl_expr(h, "instance_ids", "concat(%s)", ids.data);
	ipl_hcl_close(h);
	ipl_buf_release(&ids);
	ipl_buf_release(&lbl);
	ipl_warning(diags, spec->path, spec->provider_loc,
		    "Contabo assigns private network addresses itself and a server joins the "
		    "network only after a restart: restart the servers once after the first "
		    "apply; each finds its address at boot, and the databases listen on "
		    "localhost only until then");
}

static void
outputs(const struct ipl_plan *plan, struct ipl_buf *b)
{
	struct ipl_buf lbl = IPL_BUF_INIT;
	struct ipl_hcl h;
	size_t i;

	ipl_hcl_init(&h, b);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, n->name);
		if (i)
			ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"%s_ipv4\"", lbl.data);
		ipl_hcl_str(&h, "description", "Public IPv4 address");
		if (n->count > 1)
			ipl_hcl_expr(&h, "value",
				     "[for i in contabo_instance.%s : i.ip_config[0].v4[0].ip]",
				     lbl.data);
		else
			ipl_hcl_expr(&h, "value", "contabo_instance.%s.ip_config[0].v4[0].ip",
				     lbl.data);
		ipl_hcl_close(&h);
	}
	if (plan->nodes_nr > 1) {
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"private_ips\"");
		ipl_hcl_str(&h, "description",
			    "Private address Contabo assigned, by instance display name");
		/* try(): an instance waiting for its reinstall has no private address yet */
		ipl_hcl_open_raw(&h, "value = {");
		ipl_hcl_line(&h, "for i in contabo_private_network.private.instances :");
		ipl_hcl_line(&h, "i.display_name => try(i.private_ip_config[0].v4[0].ip, null)");
		ipl_hcl_close_raw(&h, "}");
		ipl_hcl_close(&h);
	}
	ipl_buf_release(&lbl);
}

int
ipl_contabo_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			   struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	struct ipl_buf b = IPL_BUF_INIT, lbl = IPL_BUF_INIT;
	struct ipl_hcl h;
	size_t i;
	int rc;

	ipl_hcl_versions_tf(&b, "contabo", "contabo/contabo", ">= 0.1.42");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);
	rc = variables(plan, &b, diags);
	ipl_fileset_add(out, "terraform/variables.tf", &b, 0644);

	ipl_hcl_init(&h, &b);
	ipl_hcl_comment(&h, "Generated by infraplan; edit the spec, not this file.");
	ipl_hcl_open(&h, "provider \"contabo\"");
	ipl_hcl_expr(&h, "oauth2_client_id", "var.contabo_client_id");
	ipl_hcl_expr(&h, "oauth2_client_secret", "var.contabo_client_secret");
	ipl_hcl_expr(&h, "oauth2_user", "var.contabo_api_user");
	ipl_hcl_expr(&h, "oauth2_pass", "var.contabo_api_password");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "resource \"contabo_secret\" \"admin\"");
	ipl_buf_addf(&lbl, "%s-admin", spec->name.s);
	ipl_hcl_str(&h, "name", lbl.data);
	ipl_hcl_str(&h, "type", "ssh");
	ipl_hcl_expr(&h, "value", "var.ssh_public_key");
	ipl_hcl_close(&h);
	for (i = 0; i < plan->nodes_nr; i++) {
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, plan->nodes[i].name);
		ipl_hcl_blank(&h);
		instance(&h, plan, &plan->nodes[i], lbl.data);
		ipl_hcl_blank(&h);
		firewall(&h, plan, &plan->nodes[i], lbl.data);
	}
	if (plan->nodes_nr > 1) {
		ipl_hcl_blank(&h);
		private_network(&h, plan, diags);
	}
	ipl_selfhosted_moved(&h, plan, "contabo_instance", "contabo_firewall");
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	outputs(plan, &b);
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&lbl);
	ipl_buf_release(&b);
	return rc;
}
