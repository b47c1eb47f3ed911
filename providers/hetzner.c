/*
 * hetzner.c: Terraform for Hetzner Cloud (hetznercloud/hcloud; arguments as
 * in github.com/hetznercloud/terraform-provider-hcloud): a private network and subnet, one default-deny firewall
 * per node that opens only the node's public ports and SSH from
 * var.ssh_allowed_cidrs, and the servers with their cloud-init user data.
 * Server types come from the catalog (cx22 and friends are gone since
 * 2025-12-31); database nodes open no public port at all, and their
 * databases listen on the private address only (node_files.c).
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "providers/emit.h"
#include "providers/selfhosted.h"

/*
 * Hetzner locations (github.com/hetznercloud/terraform-provider-hcloud,
 * internal/location/data_source_test.go) and
 * their network zones (docs.hetzner.com, networks): a subnet must be in the
 * zone of its servers' location. The zone is looked up from var.location in
 * the HCL, so overriding the location moves the subnet with it.
 */
static const struct {
	const char *location, *zone;
} locations[] = {
	{ "fsn1", "eu-central" }, { "nbg1", "eu-central" }, { "hel1", "eu-central" },
	{ "ash", "us-east" },     { "hil", "us-west" },     { "sin", "ap-southeast" },
};

/*
 * Private addresses: the planner gives single nodes 10.0.1.2, .3 ...; the
 * copies of a node with count > 1 take consecutive hosts from .100 to .254.
 */
#define FIRST_COPY_HOST 100
#define COPY_HOSTS 155

static int
variables(const struct ipl_plan *plan, struct ipl_buf *b, struct ipl_diags *diags)
{
	const char *names[IPL_ARRAY_SIZE(locations)];
	struct ipl_hcl h;
	int rc;
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(locations); i++)
		names[i] = locations[i].location;

	ipl_hcl_init(&h, b);
	ipl_hcl_sensitive_variable(
		&h, "hcloud_token",
		"Hetzner Cloud API token: Hetzner Console, your project, Security, "
		"API tokens, Generate API token with Read & Write; never commit it");
	ipl_hcl_blank(&h);
	ipl_selfhosted_ssh_variables(&h, plan->spec);
	ipl_hcl_blank(&h);
	rc = ipl_selfhosted_region_variable(
		&h, plan, "location",
		"Hetzner location of the servers and their network zone (`hcloud location list`)",
		names, IPL_ARRAY_SIZE(names), "fsn1", diags);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "variable \"image\"");
	ipl_hcl_str(&h, "description",
		    "Server image name (`hcloud image list --type system`); resolved for the "
		    "server type's architecture");
	ipl_hcl_expr(&h, "type", "string");
	ipl_hcl_str(&h, "default", "ubuntu-24.04");
	ipl_hcl_close(&h);
	return rc;
}

static void
firewall(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	 const char *label)
{
	size_t i, nports;
	int *ports = ipl_selfhosted_public_ports(n, &nports);
	struct ipl_buf name = IPL_BUF_INIT;

	ipl_buf_addf(&name, "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_comment(h, "Default deny: a Hetzner firewall drops every inbound packet no rule "
			   "allows.\nThe private network is not filtered by it.");
	ipl_hcl_open(h, "resource \"hcloud_firewall\" \"%s\"", label);
	ipl_hcl_str(h, "name", name.data);
	ipl_buf_release(&name);
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
	free(ports);
}

static void
server(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
       const char *label, int first_host)
{
	struct ipl_buf v = IPL_BUF_INIT;

	ipl_hcl_open(h, "resource \"hcloud_server\" \"%s\"", label);
	if (n->count > 1)
		ipl_hcl_expr(h, "count", "%d", n->count);
	ipl_selfhosted_name(&v, plan, n);
	ipl_hcl_expr(h, "name", "%s", v.data);
	ipl_hcl_str(h, "server_type", n->type->product_id);
	ipl_hcl_expr(h, "image", "var.image");
	ipl_hcl_expr(h, "location", "var.location");
	ipl_hcl_expr(h, "ssh_keys", "[hcloud_ssh_key.admin.id]");
	ipl_hcl_expr(h, "firewall_ids", "[hcloud_firewall.%s.id]", label);
	ipl_buf_reset(&v);
	ipl_selfhosted_user_data(&v, n);
	ipl_hcl_expr(h, "user_data", "%s", v.data);
	ipl_buf_release(&v);
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
		/* each copy its own host number, from .100 up: clear of the single nodes' */
		ipl_hcl_expr(h, "ip", "cidrhost(\"%s\", %d + count.index)", plan->subnet_cidr,
			     first_host);
	else
		ipl_hcl_str(h, "ip", n->private_ip);
	/* an empty alias_ips list stops Terraform 1.4+ from detaching and re-attaching the
	   network on every apply (server.md; hetznercloud/terraform-provider-hcloud#650) */
	ipl_hcl_expr(h, "alias_ips", "[]");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	/* the API cannot tie a server to a subnet: without this the two race (server.md) */
	ipl_hcl_expr(h, "depends_on", "[hcloud_network_subnet.private]");
	ipl_selfhosted_lifecycle(h, n, "user_data, image, ssh_keys");
	ipl_hcl_close(h);
}

/* ---- The load balancer in front of a node's copies ---------------------- */

/*
 * A node the plan runs as several copies (node.load_balancer) gets an
 * hcloud_load_balancer on the private network that forwards each public
 * port, as TCP so TLS stays with the service, to the copies it finds by
 * their labels, over their private addresses.
 */
static void
load_balancer(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	      const char *label)
{
	struct ipl_buf v = IPL_BUF_INIT;
	size_t i, nports;
	int *ports = ipl_selfhosted_public_ports(n, &nports);

	ipl_buf_addf(&v, "The copies of node %s take the traffic behind one load balancer.",
		     n->name);
	ipl_hcl_comment(h, v.data);
	ipl_buf_reset(&v);
	ipl_hcl_open(h, "resource \"hcloud_load_balancer\" \"%s\"", label);
	ipl_buf_addf(&v, "%s-%s", plan->spec->name.s, n->name);
	ipl_hcl_str(h, "name", v.data);
	ipl_hcl_str(h, "load_balancer_type", n->load_balancer->id);
	ipl_hcl_expr(h, "location", "var.location");
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "labels =");
	ipl_hcl_str(h, "plan", plan->spec->name.s);
	ipl_hcl_str(h, "node", n->name);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"hcloud_load_balancer_network\" \"%s\"", label);
	ipl_hcl_expr(h, "load_balancer_id", "hcloud_load_balancer.%s.id", label);
	ipl_hcl_expr(h, "network_id", "hcloud_network.private.id");
	ipl_hcl_expr(h, "depends_on", "[hcloud_network_subnet.private]");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"hcloud_load_balancer_target\" \"%s\"", label);
	ipl_hcl_str(h, "type", "label_selector");
	ipl_hcl_expr(h, "load_balancer_id", "hcloud_load_balancer.%s.id", label);
	ipl_buf_reset(&v);
	ipl_buf_addf(&v, "plan=%s,node=%s", plan->spec->name.s, n->name);
	ipl_hcl_str(h, "label_selector", v.data);
	ipl_hcl_expr(h, "use_private_ip", "true");
	ipl_hcl_expr(h, "depends_on", "[hcloud_load_balancer_network.%s]", label);
	ipl_hcl_close(h);
	for (i = 0; i < nports; i++) {
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"hcloud_load_balancer_service\" \"%s_%d\"", label,
			     ports[i]);
		ipl_hcl_expr(h, "load_balancer_id", "hcloud_load_balancer.%s.id", label);
		ipl_hcl_str(h, "protocol", "tcp");
		ipl_hcl_expr(h, "listen_port", "%d", ports[i]);
		ipl_hcl_expr(h, "destination_port", "%d", ports[i]);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "health_check");
		ipl_hcl_str(h, "protocol", "tcp");
		ipl_hcl_expr(h, "port", "%d", ports[i]);
		ipl_hcl_expr(h, "interval", "15");
		ipl_hcl_expr(h, "timeout", "10");
		ipl_hcl_expr(h, "retries", "3");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
	}
	free(ports);
	ipl_buf_release(&v);
}

static void
load_balancer_output(struct ipl_hcl *h, const char *label)
{
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "output \"%s_load_balancer_ipv4\"", label);
	ipl_hcl_str(h, "description", "Public IPv4 address of the load balancer: point DNS here");
	ipl_hcl_expr(h, "value", "hcloud_load_balancer.%s.ipv4", label);
	ipl_hcl_close(h);
}

/*
 * A volume per stateful service holds its data directory: replacing the
 * server keeps the data. The server's user data carries the volume's id
 * (ipl_selfhosted_user_data); cloud-init waits for the device, formats it
 * only when blkid finds no filesystem, and mounts it by id before the
 * packages install (node_volumes.c). automount stays off: the provider's
 * automount formats nothing and races cloud-init.
 */
static void
volumes(struct ipl_hcl *h, const struct ipl_plan *plan, const struct ipl_plan_node *n,
	const char *label)
{
	struct ipl_buf v = IPL_BUF_INIT, why = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < n->volumes_nr; i++) {
		const struct ipl_plan_volume *vol = &n->volumes[i];
		ipl_buf_reset(&v);
		ipl_selfhosted_volume_label(&v, n->name, vol);
		ipl_buf_reset(&why);
		ipl_buf_addf(&why,
			     "Data of %s (%s) in %s: %.6g GB for %.6g GB of storage grown over "
			     "12 months.\nprevent_destroy and delete_protection keep it when the "
			     "server goes; it grows\nin place (resize2fs runs at boot) and never "
			     "shrinks.",
			     vol->svc->name.s, ipl_service_kind_name(vol->svc->kind), vol->mount,
			     vol->size_gb, vol->storage_gb);
		ipl_hcl_blank(h);
		ipl_hcl_comment(h, ipl_buf_str(&why));
		ipl_hcl_open(h, "resource \"hcloud_volume\" \"%s\"", ipl_buf_str(&v));
		ipl_buf_reset(&why);
		ipl_buf_addf(&why, "%s-%s-%s", plan->spec->name.s, n->name, vol->svc->name.s);
		ipl_hcl_str(h, "name", ipl_buf_str(&why));
		ipl_hcl_expr(h, "size", "%.0f", vol->size_gb);
		ipl_hcl_expr(h, "location", "var.location");
		ipl_hcl_expr(h, "delete_protection", "true");
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "labels =");
		ipl_hcl_str(h, "plan", plan->spec->name.s);
		ipl_hcl_str(h, "node", n->name);
		ipl_hcl_str(h, "service", vol->svc->name.s);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "lifecycle");
		ipl_hcl_expr(h, "prevent_destroy", "true");
		ipl_hcl_close(h);
		ipl_hcl_close(h);
		ipl_hcl_blank(h);
		ipl_hcl_open(h, "resource \"hcloud_volume_attachment\" \"%s\"", ipl_buf_str(&v));
		ipl_hcl_expr(h, "volume_id", "hcloud_volume.%s.id", ipl_buf_str(&v));
		ipl_hcl_expr(h, "server_id", "hcloud_server.%s.id", label);
		ipl_hcl_expr(h, "automount", "false");
		ipl_hcl_close(h);
	}
	ipl_buf_release(&v);
	ipl_buf_release(&why);
}

/*
 * single -> split: the app node is the old main server (moved blocks), but
 * the databases go to the new db node with new volumes. The old volumes
 * stay attached to the old server, holding the data until it is dumped and
 * restored: Terraform forgets them instead of destroying them (a removed
 * block; a no-op when they never existed). Deleting them is the last step
 * of the migration, by hand.
 */
static void
forget_single_volumes(struct ipl_hcl *h, const struct ipl_plan *plan)
{
	static const char *const types[] = { "hcloud_volume", "hcloud_volume_attachment" };
	struct ipl_buf v = IPL_BUF_INIT;
	size_t i, j, t;
	bool moved = false;

	for (i = 0; i < plan->nodes_nr; i++)
		moved = moved || plan->nodes[i].moved_from;
	for (i = 0; moved && i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (n->role != IPL_ROLE_DB)
			continue;
		for (j = 0; j < n->volumes_nr; j++) {
			ipl_buf_reset(&v);
			ipl_selfhosted_volume_label(&v, "main", &n->volumes[j]);
			ipl_hcl_blank(h);
			ipl_hcl_comment(h,
					"The single layout's volume of this service stays on the "
					"old server until the\nmigration's last step: Terraform "
					"forgets it, it does not destroy it.");
			for (t = 0; t < IPL_ARRAY_SIZE(types); t++) {
				if (t)
					ipl_hcl_blank(h);
				ipl_hcl_open(h, "removed");
				ipl_hcl_expr(h, "from", "%s.%s", types[t], ipl_buf_str(&v));
				ipl_hcl_blank(h);
				ipl_hcl_open(h, "lifecycle");
				ipl_hcl_expr(h, "destroy", "false");
				ipl_hcl_close(h);
				ipl_hcl_close(h);
			}
		}
	}
	ipl_buf_release(&v);
}

int
ipl_hetzner_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			   struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	struct ipl_buf b = IPL_BUF_INIT, lbl = IPL_BUF_INIT;
	struct ipl_hcl h;
	int next_host = FIRST_COPY_HOST, rc = 0;
	size_t i;

	ipl_hcl_versions_tf(&b, "hcloud", "hetznercloud/hcloud", "~> 1.60");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);
	rc = variables(plan, &b, diags);
	ipl_fileset_add(out, "terraform/variables.tf", &b, 0644);

	ipl_hcl_init(&h, &b);
	ipl_hcl_comment(&h, "Generated by infraplan; edit the spec, not this file.");
	ipl_hcl_open(&h, "provider \"hcloud\"");
	ipl_hcl_expr(&h, "token", "var.hcloud_token");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "resource \"hcloud_ssh_key\" \"admin\"");
	ipl_buf_addf(&lbl, "%s-admin", spec->name.s);
	ipl_hcl_str(&h, "name", lbl.data);
	ipl_hcl_expr(&h, "public_key", "var.ssh_public_key");
	ipl_hcl_close(&h);
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "locals");
	ipl_hcl_comment(&h, "a subnet lies in the network zone of its servers' location");
	ipl_hcl_open_raw(&h, "network_zones = {");
	for (i = 0; i < IPL_ARRAY_SIZE(locations); i++)
		ipl_hcl_str(&h, locations[i].location, locations[i].zone);
	ipl_hcl_close_raw(&h, "}");
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
	ipl_hcl_expr(&h, "network_zone", "local.network_zones[var.location]");
	ipl_hcl_str(&h, "ip_range", plan->subnet_cidr);
	ipl_hcl_close(&h);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, n->name);
		ipl_hcl_blank(&h);
		firewall(&h, plan, n, lbl.data);
		ipl_hcl_blank(&h);
		server(&h, plan, n, lbl.data, next_host);
		if (n->load_balancer) {
			ipl_hcl_blank(&h);
			load_balancer(&h, plan, n, lbl.data);
		}
		volumes(&h, plan, n, lbl.data);
		if (n->count > 1)
			next_host += n->count;
	}
	if (next_host > FIRST_COPY_HOST + COPY_HOSTS)
		rc = ipl_error(diags, spec->path, spec->provider_loc,
			       "%d server copies do not fit the %d addresses of subnet %s kept for "
			       "copies (.%d to .%d); expected at most %d",
			       next_host - FIRST_COPY_HOST, COPY_HOSTS, plan->subnet_cidr,
			       FIRST_COPY_HOST, FIRST_COPY_HOST + COPY_HOSTS - 1, COPY_HOSTS);
	ipl_selfhosted_moved(&h, plan, "hcloud_server", "hcloud_firewall");
	forget_single_volumes(&h, plan);
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	ipl_hcl_init(&h, &b);
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		ipl_buf_reset(&lbl);
		ipl_selfhosted_label(&lbl, n->name);
		if (i)
			ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"%s_ipv4\"", lbl.data);
		ipl_hcl_str(&h, "description", "Public IPv4 address");
		ipl_hcl_expr(&h, "value",
			     n->count > 1 ? "hcloud_server.%s[*].ipv4_address"
					  : "hcloud_server.%s.ipv4_address",
			     lbl.data);
		ipl_hcl_close(&h);
		ipl_hcl_blank(&h);
		ipl_hcl_open(&h, "output \"%s_private_ip\"", lbl.data);
		ipl_hcl_str(&h, "description", "Address on the private network");
		if (n->count > 1)
			ipl_hcl_expr(&h, "value", "[for s in hcloud_server.%s : one(s.network).ip]",
				     lbl.data);
		else
			ipl_hcl_str(&h, "value", n->private_ip);
		ipl_hcl_close(&h);
		if (n->load_balancer)
			load_balancer_output(&h, lbl.data);
	}
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&lbl);
	ipl_buf_release(&b);
	return rc;
}
