/*
 * hetzner.c: Terraform for Hetzner Cloud (hetznercloud/hcloud; arguments as
 * in tfref.md 1.2): a private network and subnet, one default-deny firewall
 * per node that opens only the node's public ports and SSH from
 * var.ssh_allowed_cidrs, and the servers with their cloud-init user data.
 * Server types come from the catalog (cx22 and friends are gone since
 * 2025-12-31); database nodes open no public port at all, and their
 * databases listen on the private address only (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "providers/emit.h"
#include "providers/selfhosted.h"

/* Hetzner network zones by location (docs.hetzner.com, networks) */
static const char *
network_zone(const char *location)
{
	if (!strcmp(location, "ash"))
		return "us-east";
	if (!strcmp(location, "hil"))
		return "us-west";
	if (!strcmp(location, "sin"))
		return "ap-southeast";
	return "eu-central";
}

static void
variables(const struct ipl_plan *plan, struct ipl_buf *b)
{
	struct ipl_hcl h;

	ipl_hcl_init(&h, b);
	ipl_hcl_sensitive_variable(&h, "hcloud_token",
				   "Hetzner Cloud API token (read and write); never commit it");
	ipl_hcl_blank(&h);
	ipl_selfhosted_ssh_variables(&h, plan->spec);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"location\"");
	ipl_hcl_str(&h, "description", "Hetzner location: fsn1, nbg1, hel1, ash, hil or sin");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", plan->spec->region.s ? plan->spec->region.s : "fsn1");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"image\"");
	ipl_hcl_str(&h, "description", "Server image; resolved for the server type's architecture");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", "ubuntu-24.04");
	ipl_hcl_close(&h);
}

static void
firewall(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	int ports[64];
	size_t i, nports = ipl_selfhosted_public_ports(n, ports, IPL_ARRAY_SIZE(ports));
	char name[160];

	snprintf(name, sizeof(name), "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_comment(h, "Default deny: a Hetzner firewall drops every inbound packet no rule "
			   "allows.\nThe private network is not filtered by it.");
	ipl_hcl_open(h, "resource \"hcloud_firewall\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "dynamic \"rule\"");
	ipl_hcl_expr(h, "for_each", "length(var.ssh_allowed_cidrs) > 0 ? [1] : []");
	ipl_hcl_open(h, "content");
	ipl_hcl_str(h, "description", "SSH from the allowed networks");
	ipl_hcl_str(h, "direction", "in");
	ipl_hcl_str(h, "protocol", "tcp");
	ipl_hcl_str(h, "port", "22");
	ipl_hcl_expr(h, "source_ips", "var.ssh_allowed_cidrs");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	for (i = 0; i < nports; i++) {
		char port[16];
		snprintf(port, sizeof(port), "%d", ports[i]);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "rule");
		ipl_hcl_str(h, "direction", "in");
		ipl_hcl_str(h, "protocol", "tcp");
		ipl_hcl_str(h, "port", port);
		ipl_hcl_expr(h, "source_ips", "[\"0.0.0.0/0\", \"::/0\"]");
		ipl_hcl_close(h);
	}
	ipl_hcl_close(h);
}

static void
server(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
       const char *label, size_t index)
{
	char name[160];

	snprintf(name, sizeof(name), "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_open(h, "resource \"hcloud_server\" \"%s\"", label);
	if (n->count > 1) {
		ipl_hcl_expr(h, "count", "%d", n->count);
		ipl_hcl_expr(h, "name", "\"%s-${count.index + 1}\"", name);
	} else {
		ipl_hcl_str(h, "name", name);
	}
	ipl_hcl_str(h, "server_type", n->type->product_id);
	ipl_hcl_expr(h, "image", "var.image");
	ipl_hcl_expr(h, "location", "var.location");
	ipl_hcl_expr(h, "ssh_keys", "[hcloud_ssh_key.admin.id]");
	ipl_hcl_expr(h, "firewall_ids", "[hcloud_firewall.%s.id]", label);
	ipl_hcl_expr(h, "user_data", "file(\"${path.module}/../nodes/%s/cloud-init.yaml\")", n->name);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "labels =");
	ipl_hcl_str(h, "plan", plan->spec->name.s);
	ipl_hcl_str(h, "node", n->name);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "public_net");
	ipl_hcl_expr(h, "ipv4_enabled", "true");
	ipl_hcl_expr(h, "ipv6_enabled", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "network");
	ipl_hcl_expr(h, "network_id", "hcloud_network.private.id");
	if (n->count > 1)
		/* each copy its own host number, clear of the single nodes' .2 to .99 */
		ipl_hcl_expr(h, "ip", "cidrhost(\"%s\", %zu + count.index)", plan->subnet_cidr,
			     100 + index * 10);
	else
		ipl_hcl_str(h, "ip", n->private_ip);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_expr(h, "depends_on", "[hcloud_network_subnet.private]");
	ipl_hcl_close(h);
}

static int
emit(const struct ipl_plan *plan, struct ipl_fileset *out, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	const char *location = spec->region.s ? spec->region.s : "fsn1";
	struct ipl_buf b = IPL_BUF_INIT, lbl = IPL_BUF_INIT;
	struct ipl_hcl h;
	size_t i;

	(void)diags;
	ipl_hcl_versions_tf(&b, "hcloud", "hetznercloud/hcloud", "~> 1.60");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);
	variables(plan, &b);
	ipl_fileset_add(out, "terraform/variables.tf", &b, 0644);

	ipl_hcl_init(&h, &b);
	ipl_hcl_comment(&h, "Generated by infraplan; edit the spec, not this file.");
	ipl_hcl_open(&h, "provider \"hcloud\"");
	ipl_hcl_expr(&h, "token", "var.hcloud_token");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "resource \"hcloud_ssh_key\" \"admin\"");
	{
		char name[160];
		snprintf(name, sizeof(name), "%s-admin", spec->name.s);
		ipl_hcl_str(&h, "name", name);
	}
	ipl_hcl_expr(&h, "public_key", "var.ssh_public_key");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "resource \"hcloud_network\" \"private\"");
	ipl_hcl_str(&h, "name", spec->name.s);
	ipl_hcl_str(&h, "ip_range", plan->network_cidr);
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "resource \"hcloud_network_subnet\" \"private\"");
	ipl_hcl_expr(&h, "network_id", "hcloud_network.private.id");
	ipl_hcl_str(&h, "type", "cloud");
	ipl_hcl_str(&h, "network_zone", network_zone(location));
	ipl_hcl_str(&h, "ip_range", plan->subnet_cidr);
	ipl_hcl_close(&h);
	for (i = 0; i < plan->nodes_nr; i++) {
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, plan->nodes[i].name);
		ipl_hcl_blank(&h);
		firewall(&h, plan, &plan->nodes[i], lbl.data);
		ipl_hcl_blank(&h);
		server(&h, plan, &plan->nodes[i], lbl.data, i);
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
		ipl_hcl_expr(&h, "value", n->count > 1 ? "hcloud_server.%s[*].ipv4_address"
						    : "hcloud_server.%s.ipv4_address",
			     lbl.data);
		ipl_hcl_close(&h);
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"%s_private_ip\"", lbl.data);
		if (n->count > 1)
			ipl_hcl_expr(&h, "value", "[for s in hcloud_server.%s : one(s.network).ip]",
				     lbl.data);
		else
			ipl_hcl_str(&h, "value", n->private_ip);
		ipl_hcl_close(&h);
	}
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&lbl);
	ipl_buf_release(&b);
	return 0;
}

int
ipl_hetzner_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			   struct ipl_diags *diags)
{
	return emit(plan, out, diags);
}
