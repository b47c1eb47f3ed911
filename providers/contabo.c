/*
 * contabo.c: Terraform for Contabo (contabo/contabo; arguments as in
 * tfref.md 1.1): the admin SSH key as a contabo_secret, one contabo_instance
 * per node with the catalog's product id and the node's cloud-init, one
 * default-deny contabo_firewall per node, and, for more than one node, a
 * contabo_private_network. Contabo assigns the private addresses itself
 * (they cannot be chosen), so gen warns that the database binding must be
 * checked against the address Contabo assigned.
 */
#include "core/common.h"

#include "core/escape.h"
#include "providers/emit.h"
#include "providers/selfhosted.h"

/* the "Private Networking" add-on an instance needs to join a private network */
#define PRIVATE_NETWORKING_ADDON 1477

static void
variables(const struct ipl_plan *plan, struct ipl_buf *b)
{
	struct ipl_hcl h;

	ipl_hcl_init(&h, b);
	ipl_hcl_sensitive_variable(&h, "contabo_client_id", "Contabo API OAuth2 client id");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(&h, "contabo_client_secret", "Contabo API OAuth2 client secret");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(&h, "contabo_api_user", "Contabo API user (the account e-mail)");
	ipl_hcl_blank(&h);
	ipl_hcl_sensitive_variable(&h, "contabo_api_password", "Contabo API password");
	ipl_hcl_blank(&h);
	ipl_selfhosted_ssh_variables(&h, plan->spec);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"region\"");
	ipl_hcl_str(&h, "description", "Contabo region: EU, US-central, US-east, US-west, SIN, UK, AUS, "
				       "JPN or IND (a location fee may apply outside EU)");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", plan->spec->region.s ? plan->spec->region.s : "EU");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"image_id\"");
	ipl_hcl_str(&h, "description", "Contabo image id (opaque; list them with `cntb get images`); "
				       "the default is Ubuntu 22.04");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", "afecbb85-e2fc-46f0-9684-b46b1faf00bb");
	ipl_hcl_close(&h);
}

static void
instance(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	char name[160];

	snprintf(name, sizeof(name), "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_open(h, "resource \"contabo_instance\" \"%s\"", label);
	if (n->count > 1) {
		ipl_hcl_expr(h, "count", "%d", n->count);
		ipl_hcl_expr(h, "display_name", "\"%s-${count.index + 1}\"", name);
	} else {
		ipl_hcl_str(h, "display_name", name);
	}
	ipl_hcl_str(h, "product_id", n->type->product_id);
	ipl_hcl_expr(h, "region", "var.region");
	ipl_hcl_expr(h, "image_id", "var.image_id");
	ipl_hcl_expr(h, "period", "1");
	ipl_hcl_expr(h, "ssh_keys", "[tonumber(contabo_secret.admin.id)]");
	ipl_hcl_expr(h, "user_data", "file(\"${path.module}/../nodes/%s/cloud-init.yaml\")", n->name);
	if (plan->nodes_nr > 1) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "add_ons");
		ipl_hcl_expr(h, "id", "%d", PRIVATE_NETWORKING_ADDON);
		ipl_hcl_expr(h, "quantity", "1");
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);
}

static void
firewall(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	int ports[64];
	size_t i, nports = ipl_selfhosted_public_ports(n, ports, IPL_ARRAY_SIZE(ports));
	char name[160];

	snprintf(name, sizeof(name), "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_comment(h, "Default deny: only what a rule accepts comes in.");
	ipl_hcl_open(h, "resource \"contabo_firewall\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_str(h, "status", "active");
	ipl_hcl_expr(h, "instance_ids", n->count > 1 ? "[for i in contabo_instance.%s : tonumber(i.id)]"
						      : "[tonumber(contabo_instance.%s.id)]",
		     label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "rules");
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
}

int
ipl_contabo_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			   struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	struct ipl_buf b = IPL_BUF_INIT, lbl = IPL_BUF_INIT;
	struct ipl_hcl h;
	size_t i;

	ipl_hcl_versions_tf(&b, "contabo", "contabo/contabo", ">= 0.1.42");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);
	variables(plan, &b);
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
	{
		char name[160];
		snprintf(name, sizeof(name), "%s-admin", spec->name.s);
		ipl_hcl_str(&h, "name", name);
	}
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
		struct ipl_buf ids = IPL_BUF_INIT;
		ipl_hcl_blank(&h);
		ipl_hcl_comment(&h, "Contabo assigns the private addresses; check them against the "
				    "bind addresses in\nnodes/*/cloud-init.yaml after the first apply "
				    "(output private_network).");
		ipl_hcl_open(&h, "resource \"contabo_private_network\" \"private\"");
		ipl_hcl_str(&h, "name", spec->name.s);
		ipl_hcl_expr(&h, "region", "var.region");
		for (i = 0; i < plan->nodes_nr; i++) {
			ipl_buf_reset(&lbl);
			ipl_selfhosted_label(&lbl, plan->nodes[i].name);
			ipl_buf_addf(&ids, "%s%s", i ? ", " : "",
				     plan->nodes[i].count > 1 ? "" : "");
			if (plan->nodes[i].count > 1)
				ipl_buf_addf(&ids, "contabo_instance.%s[*].id", lbl.data);
			else
				ipl_buf_addf(&ids, "[contabo_instance.%s.id]", lbl.data);
		}
		ipl_hcl_expr(&h, "instance_ids", "concat(%s)", ids.data);
		ipl_hcl_close(&h);
		ipl_buf_release(&ids);
		ipl_warning(diags, spec->path, spec->provider_loc,
			    "Contabo assigns private network addresses itself: after the first apply, "
			    "check that the databases' bind address in nodes/*/cloud-init.yaml "
			    "(%s) is the one Contabo gave the node",
			    plan->subnet_cidr);
	}
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	ipl_hcl_init(&h, &b);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, n->name);
		if (i)
			ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"%s_ipv4\"", lbl.data);
		ipl_hcl_expr(&h, "value", n->count > 1 ? "[for i in contabo_instance.%s : i.ip_config[0].v4[0].ip]"
						    : "contabo_instance.%s.ip_config[0].v4[0].ip",
			     lbl.data);
		ipl_hcl_close(&h);
	}
	if (plan->nodes_nr > 1) {
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"private_network\"");
		ipl_hcl_expr(&h, "value", "contabo_private_network.private");
		ipl_hcl_close(&h);
	}
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&lbl);
	ipl_buf_release(&b);
	return 0;
}
