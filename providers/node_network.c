/*
 * node_network.c: how a node reaches the others and is reached: the firewall
 * rules (the ports opened, and to whom), the private address found at boot
 * where the provider assigns it (templates/private-address.sh.tmpl) and the
 * names of the services on other nodes (templates/hosts.sh.tmpl). Part of the
 * node files (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

/* ---- Firewall ----------------------------------------------------------- */

/* true when a service of node n depends on s */
static bool
reached_from(const struct ipl_plan_node *n, const struct ipl_service *s)
{
	size_t j;

	for (j = 0; j < n->services_nr; j++)
		if (ipl_service_depends_on(n->services[j].svc, s->name.s))
			return true;
	return false;
}

/* true when a service on another node depends on this one: it must be reachable privately */
static bool
reached_from_elsewhere(const struct ipl_plan *plan, const struct ipl_plan_node *node,
		       const struct ipl_service *s)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (&plan->nodes[i] != node && reached_from(&plan->nodes[i], s))
			return true;
	return false;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* sorts and removes repeats; returns the new count */
static size_t
sort_unique(int *v, size_t n)
{
	size_t i, m = 0;

	qsort(v, n, sizeof(*v), cmp_int);
	for (i = 0; i < n; i++)
		if (m == 0 || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

/*
 * The nodes other than this one whose services depend on a service of this
 * node on port; from[] has room for every node. Returns how many, and sets
 * *all_known (unless NULL) when the plan knows each one's private address.
 */
static size_t
clients_of_port(const struct ipl_node_emit *e, int port, const struct ipl_plan_node **from,
		bool *all_known)
{
	const struct ipl_plan *plan = e->plan;
	size_t i, j, nr = 0;
	bool known = true;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		if (ps->port != port)
			continue;
		for (j = 0; j < plan->nodes_nr; j++) {
			const struct ipl_plan_node *n = &plan->nodes[j];
			size_t k;
			if (n == e->node || !reached_from(n, ps->svc))
				continue;
			for (k = 0; k < nr && from[k] != n; k++)
				;
			if (k == nr)
				from[nr++] = n;
			if (!n->private_ip)
				known = false;
		}
	}
	if (all_known)
		*all_known = known;
	return nr;
}

/*
 * Where the addresses are found at boot (Contabo): private-address.sh admits
 * port on the private interface from each node whose services use it, found
 * by its name (client, and infraplan-node-name.socket on that node); a
 * private port no other node uses, from the private network.
 */
static void
admit_clients_at_boot(struct ipl_node_emit *e, int port)
{
	const struct ipl_plan_node **from = ipl_xcalloc(e->plan->nodes_nr + 1, sizeof(*from));
	size_t i, nr = clients_of_port(e, port, from, NULL);

	if (!nr) {
		ipl_node_step(&e->private_steps,
			      "# port %d: no other node uses it; from the private network only",
			      port);
		ipl_node_step(&e->private_steps,
			      "ufw allow in on \"$iface\" from \"$cidr\" to \"$addr\" port %d "
			      "proto tcp",
			      port);
	} else {
		ipl_node_step(&e->private_steps, "# port %d: only from the nodes that use it",
			      port);
		/* names are [a-z0-9-] (spec loader): one shell word as they are */
		for (i = 0; i < nr; i++)
			ipl_node_step(&e->private_steps, "client %s %d || failed=1", from[i]->name,
				      port);
	}
	free(from);
}

/*
 * Admits port from the nodes whose services depend on the service on it,
 * each from its private address, when the plan knows them all (Hetzner);
 * else (a service no other node uses, but private: the subnet) from the
 * private subnet.
 */
static void
allow_private_port(struct ipl_node_emit *e, int port)
{
	const struct ipl_plan_node **from = ipl_xcalloc(e->plan->nodes_nr + 1, sizeof(*from));
	bool known;
	size_t i, nr = clients_of_port(e, port, from, &known);
	char p[16];

	snprintf(p, sizeof(p), "%d", port);
	if (!nr || !known) {
		ipl_buf_addf(&e->firewall, "  # port %d: from the private subnet (%s) only\n", port,
			     e->plan->subnet_cidr);
		ipl_node_runcmd(&e->firewall, "ufw", "allow", "from", e->plan->subnet_cidr, "to",
				"any", "port", p, "proto", "tcp", NULL);
	} else {
		ipl_buf_addf(&e->firewall,
			     "  # port %d: only from the nodes whose services use it\n", port);
		for (i = 0; i < nr; i++)
			ipl_node_runcmd(&e->firewall, "ufw", "allow", "from", from[i]->private_ip,
					"to", "any", "port", p, "proto", "tcp", NULL);
	}
	free(from);
}

/* who listens on a port of a node, for ipl_node_check_ports() */
struct listener {
	int port;
	const struct ipl_placed_service *ps; /* NULL: Caddy */
};

/* the port a service of ours or of a package listens on itself, or 0 */
static int
own_port(const struct ipl_placed_service *ps)
{
	if (ipl_node_caddy_serves_files(ps))
		return 0; /* Caddy's */
	if (ps->svc->kind == IPL_KIND_STATIC_SITE && !ipl_node_runs_own_unit(ps->svc))
		return ipl_node_static_site_port(ps);
	return ps->port > 0 ? ps->port : 0;
}

/* true when a and b run in one packaged server (two databases of one PostgreSQL) */
static bool
share_server(const struct ipl_placed_service *a, const struct ipl_placed_service *b)
{
	const struct ipl_node_kind_info *ka = ipl_node_kind_of(a->svc),
					*kb = ipl_node_kind_of(b->svc);

	if (ipl_node_runs_own_unit(a->svc) || ipl_node_runs_own_unit(b->svc) || !ka || !kb ||
	    !ka->unit || !kb->unit)
		return false;
	/* nginx has no server_name to tell two static sites on one port apart */
	return a->svc->kind != IPL_KIND_STATIC_SITE && !strcmp(ka->unit, kb->unit);
}

static void
describe_listener(struct ipl_buf *b, const struct listener *l)
{
	if (!l->ps)
		ipl_buf_adds(b, "Caddy (the HTTPS of the node's domains)");
	else if (l->ps->svc->kind == IPL_KIND_STATIC_SITE && !ipl_node_runs_own_unit(l->ps->svc))
		ipl_buf_addf(b, "nginx (the static site \"%s\")", l->ps->svc->name.s);
	else
		ipl_buf_addf(b, "service \"%s\"", l->ps->svc->name.s);
}

/*
 * Two listeners of a node on one port: the second cannot start. Caddy holds
 * 80 and 443 when a service of the node has a domain; nginx serves each
 * static site without one on its port; the others listen on theirs.
 */
int
ipl_node_check_ports(struct ipl_node_emit *e)
{
	const struct ipl_plan_node *n = e->node;
	struct listener *l = ipl_xcalloc(n->services_nr + 2, sizeof(*l));
	size_t nr = 0, i, j;
	int rc = 0;

	for (i = 0; i < n->services_nr; i++)
		if (ipl_node_public_ports(&n->services[i], (int[2]){ 0 }) == 2) {
			l[nr++] = (struct listener){ 80, NULL };
			l[nr++] = (struct listener){ 443, NULL };
			break;
		}
	for (i = 0; i < n->services_nr; i++) {
		const struct ipl_placed_service *ps = &n->services[i];
		int port = own_port(ps);
		if (!port)
			continue;
		for (j = 0; j < nr; j++) {
			struct ipl_buf a = IPL_BUF_INIT, b = IPL_BUF_INIT;
			struct listener me = { port, ps };
			if (l[j].port != port || (l[j].ps && share_server(l[j].ps, ps)))
				continue;
			describe_listener(&a, &l[j]);
			describe_listener(&b, &me);
			rc = ipl_error(
				e->diags, e->spec->path, ps->svc->loc,
				"on node \"%s\", %s and %s both listen on port %d; give "
				"service \"%s\" another \"port\"%s",
				n->name, ipl_buf_str(&a), ipl_buf_str(&b), port, ps->svc->name.s,
				ps->svc->kind == IPL_KIND_STATIC_SITE ? " or a \"domain\"" : "");
			ipl_buf_release(&a);
			ipl_buf_release(&b);
			break;
		}
		l[nr++] = (struct listener){ port, ps };
	}
	free(l);
	return rc;
}

/*
 * ufw: nothing comes in but SSH from the allowed network, the public ports
 * from anywhere and the private ones from the private subnet. The provider's
 * cloud firewall (Terraform) says the same a step earlier.
 */
void
ipl_node_emit_firewall(struct ipl_node_emit *e)
{
	const struct ipl_plan_node *n = e->node;
	const char *cidr = e->spec->settings.ssh_allowed_cidr.s;
	int *pub = ipl_xcalloc(n->services_nr * 2 + 1, sizeof(int));
	int *priv = ipl_xcalloc(n->services_nr + 1, sizeof(int));
	size_t pub_nr = 0, priv_nr = 0, i;
	char port[16];

	for (i = 0; i < n->services_nr; i++) {
		const struct ipl_placed_service *ps = &n->services[i];
		if (ps->port <= 0)
			continue;
		if (ps->public_port) {
			/* behind Caddy, the service's own port stays closed */
			pub_nr += ipl_node_public_ports(ps, pub + pub_nr);
		} else if (ps->private_only || reached_from_elsewhere(e->plan, n, ps->svc)) {
			priv[priv_nr++] = ps->port;
		}
	}
	pub_nr = sort_unique(pub, pub_nr);
	priv_nr = sort_unique(priv, priv_nr);

	ipl_buf_adds(&e->firewall, "  # the firewall: nothing comes in but what is listed below\n");
	ipl_node_runcmd(&e->firewall, "ufw", "default", "deny", "incoming", NULL);
	ipl_node_runcmd(&e->firewall, "ufw", "default", "allow", "outgoing", NULL);
	if (cidr) {
		ipl_buf_adds(&e->firewall, "  # SSH from settings.ssh_allowed_cidr only\n");
		ipl_node_runcmd(&e->firewall, "ufw", "allow", "from", cidr, "to", "any", "port",
				"22", "proto", "tcp", NULL);
	} else if (ipl_node_finds_private_address(e)) {
		ipl_buf_adds(&e->firewall,
			     "  # settings.ssh_allowed_cidr is not set, so SSH is not open to the "
			     "internet:\n"
			     "  # only the private network may connect, admitted by\n"
			     "  # infraplan-private-address.service once it knows the network.\n");
		ipl_node_step(
			&e->private_steps,
			"# SSH from the private network (settings.ssh_allowed_cidr is not set)");
		ipl_node_step(&e->private_steps,
			      "ufw allow in on \"$iface\" from \"$cidr\" to any port 22 proto tcp");
	} else {
		ipl_buf_addf(
			&e->firewall,
			"  # settings.ssh_allowed_cidr is not set, so SSH is not open to the "
			"internet:\n"
			"  # only the private network (%s) may connect. Set it to the address you\n"
			"  # administer from (e.g. 203.0.113.7/32) to reach this server directly.\n",
			e->plan->network_cidr);
		ipl_node_runcmd(&e->firewall, "ufw", "allow", "from", e->plan->network_cidr, "to",
				"any", "port", "22", "proto", "tcp", NULL);
	}
	if (pub_nr)
		ipl_buf_adds(&e->firewall, "  # the public ports, from anywhere\n");
	for (i = 0; i < pub_nr; i++) {
		snprintf(port, sizeof(port), "%d/tcp", pub[i]);
		ipl_node_runcmd(&e->firewall, "ufw", "allow", port, NULL);
	}
	if (priv_nr && ipl_node_finds_private_address(e)) {
		/* the network's range and the interface are known at boot only */
		ipl_buf_adds(
			&e->firewall,
			"  # ports the other nodes use: admitted on the private network's interface,\n"
			"  # from the nodes that use them, by infraplan-private-address.service once\n"
			"  # it has found them\n");
		for (i = 0; i < priv_nr; i++)
			admit_clients_at_boot(e, priv[i]);
		priv_nr = 0;
	}
	for (i = 0; i < priv_nr; i++)
		allow_private_port(e, priv[i]);
	ipl_node_runcmd(&e->firewall, "ufw", "--force", "enable", NULL);
	free(pub);
	free(priv);
}

/* ---- The private address, at boot ---------------------------------------- */

/* the node another node's service runs on, or NULL */
static const struct ipl_plan_node *
node_elsewhere(const struct ipl_plan *plan, const struct ipl_plan_node *node, const char *name)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (&plan->nodes[i] != node && ipl_node_find_on_node(&plan->nodes[i], name))
			return &plan->nodes[i];
	return NULL;
}

/* another node's service, or NULL */
static const struct ipl_placed_service *
find_elsewhere(const struct ipl_plan *plan, const struct ipl_plan_node *node, const char *name)
{
	const struct ipl_plan_node *at = node_elsewhere(plan, node, name);

	return at ? ipl_node_find_on_node(at, name) : NULL;
}

/*
 * The services of other nodes this node's services depend on: private-address.sh
 * finds each by its port and names it in /etc/hosts, so that a connection setting
 * such as DB_HOST: db works: their lines go to steps. Returns how many.
 */
static size_t
add_peers(const struct ipl_node_emit *e, struct ipl_buf *steps)
{
	struct ipl_buf seen = IPL_BUF_INIT, key = IPL_BUF_INIT;
	size_t i, j, nr = 0;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_service *s = e->node->services[i].svc;
		for (j = 0; j < s->depends_on_nr; j++) {
			const struct ipl_placed_service *dep = find_elsewhere(e->plan, e->node,
									      s->depends_on[j].s);
			if (!dep || dep->port <= 0)
				continue;
			ipl_buf_reset(&key);
			ipl_buf_addf(&key, " %s ", dep->svc->name.s);
			if (seen.len && strstr(ipl_buf_str(&seen), ipl_buf_str(&key)))
				continue;
			ipl_buf_add(&seen, key.data, key.len);
			if (!nr++)
				ipl_node_step(steps,
					      "# the services of other nodes this node uses, by "
					      "name");
			/* names are [a-z0-9-] (spec loader): one shell word as they are */
			ipl_node_step(steps, "peer %s %d || failed=1", dep->svc->name.s, dep->port);
		}
	}
	ipl_buf_release(&seen);
	ipl_buf_release(&key);
	return nr;
}

/*
 * A script in /usr/local/lib/infraplan and the unit that runs it at every
 * boot, enabled and started after setup.sh in runcmd (the packages it
 * configures are installed by then). A unit that may wait for other nodes
 * starts with --no-block: cloud-final goes on, and the unit retries on its
 * own (Restart=on-failure) instead of holding cloud-init until it gives up.
 */
static void
add_boot_script(struct ipl_node_emit *e, const char *script_name, struct ipl_buf *script,
		const char *unit_name, struct ipl_buf *unit, bool waits_for_others)
{
	struct ipl_buf path = IPL_BUF_INIT;

	ipl_buf_addf(&path, "/usr/local/lib/infraplan/%s", script_name);
	ipl_node_yaml_write_file(&e->write_files, path.data, "0755", false, ipl_buf_str(script));
	ipl_node_add_unit_file(e, unit_name, unit);
	if (waits_for_others) {
		ipl_buf_adds(&e->enable, "  # in the background: it waits for the other nodes, "
					 "and retries until they answer\n");
		ipl_node_runcmd(&e->enable, "systemctl", "enable", "--now", "--no-block", unit_name,
				NULL);
	} else {
		ipl_node_runcmd(&e->enable, "systemctl", "enable", "--now", unit_name, NULL);
	}
	ipl_buf_release(&path);
}

/*
 * For a node that uses services of other nodes, where the provider gives the
 * servers no names: infraplan-node-name.socket answers the node's name on
 * NODE_NAME_PORT, from the private network only, so that those nodes admit
 * their ports from this server alone (client in private-address.sh).
 */
static int
add_name_listener(struct ipl_node_emit *e)
{
	struct ipl_buf socket = IPL_BUF_INIT, service = IPL_BUF_INIT;
	char port[16];
	size_t i;
	int rc = 0;

	for (i = 0; i < e->node->services_nr; i++)
		if (e->node->services[i].port == NODE_NAME_PORT)
			return ipl_error(e->diags, e->spec->path, e->node->services[i].svc->loc,
					 "service \"%s\" uses port %d, which node \"%s\" needs "
					 "to tell the other nodes its name on the private network: "
					 "choose another port",
					 e->node->services[i].svc->name.s, NODE_NAME_PORT,
					 e->node->name);
	snprintf(port, sizeof(port), "%d", NODE_NAME_PORT);
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "port", port },
		};
		if (ipl_node_render(e, &socket, "systemd-node-name.socket.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0 ||
		    ipl_node_render(e, &service, "systemd-node-name@.service.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	ipl_node_add_unit_file(e, "infraplan-node-name.socket", &socket);
	ipl_node_add_unit_file(e, "infraplan-node-name@.service", &service);
	ipl_node_runcmd(&e->enable, "systemctl", "enable", "--now", "infraplan-node-name.socket",
			NULL);
	ipl_node_step(&e->private_steps, "# this node's name, for the nodes whose services it uses "
					 "(infraplan-node-name.socket)");
	ipl_node_step(&e->private_steps,
		      "ufw allow in on \"$iface\" from \"$cidr\" to \"$addr\" port %d proto tcp",
		      NODE_NAME_PORT);
done:
	ipl_buf_release(&socket);
	ipl_buf_release(&service);
	return rc;
}

/* private-address.sh and its unit, for a node whose address is found at boot */
int
ipl_node_emit_private_address(struct ipl_node_emit *e)
{
	struct ipl_buf script = IPL_BUF_INIT, unit = IPL_BUF_INIT, svcs = IPL_BUF_INIT,
		       peers = IPL_BUF_INIT;
	int rc = 0;

	if (!ipl_node_finds_private_address(e))
		return 0;
	if (add_peers(e, &peers) && add_name_listener(e) < 0) {
		rc = -1;
		goto done;
	}
	ipl_buf_add(&e->private_steps, peers.data, peers.len);
	if (!e->private_steps.len)
		goto done;
	e->private_steps.data[--e->private_steps.len] = '\0';
	ipl_node_service_list(e->node, &svcs);
	/* both rewrite /etc/hosts: one after the other */
	if (e->hosts_unit)
		ipl_buf_addf(&e->private_before, "%sAfter=infraplan-hosts.service",
			     e->private_before.len ? "\n" : "");
	{
		char name_port[16];
		snprintf(name_port, sizeof(name_port), "%d", NODE_NAME_PORT);
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "steps", ipl_buf_str(&e->private_steps) },
			{ "name_port", name_port },
		};
		if (ipl_node_render(e, &script, "private-address.sh.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "services", ipl_buf_str(&svcs) },
			{ "before", ipl_buf_str(&e->private_before) },
		};
		if (ipl_node_render(e, &unit, "systemd-private-address.service.tmpl", vars,
				    IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	add_boot_script(e, "private-address.sh", &script, "infraplan-private-address.service",
			&unit, true);
done:
	ipl_buf_release(&script);
	ipl_buf_release(&unit);
	ipl_buf_release(&svcs);
	ipl_buf_release(&peers);
	return rc;
}

/* ---- Names of the services a node's services use ------------------------ */

/*
 * Where service NAME, which a service of this node depends on, is reached
 * by name: "127.0.0.1" when it runs on this node, its node's private
 * address when the plan knows it (Hetzner), or NULL when private-address.sh
 * finds it at boot (Contabo) or it has no port to reach.
 */
static const char *
dependency_address(const struct ipl_node_emit *e, const char *name)
{
	const struct ipl_placed_service *local = ipl_node_find_on_node(e->node, name);
	const struct ipl_plan_node *at;

	if (local)
		return local->port > 0 ? "127.0.0.1" : NULL;
	at = node_elsewhere(e->plan, e->node, name);
	return at ? at->private_ip : NULL;
}

/* true when private-address.sh looks dependency NAME up at boot (add_peers) */
static bool
dependency_found_at_boot(const struct ipl_node_emit *e, const char *name)
{
	const struct ipl_placed_service *dep = find_elsewhere(e->plan, e->node, name);

	return dep && dep->port > 0 && ipl_node_finds_private_address(e) &&
	       !node_elsewhere(e->plan, e->node, name)->private_ip;
}

/*
 * The After=/Wants= lines that order service s after the units that put the
 * names of its dependencies in /etc/hosts (infraplan-hosts.service,
 * infraplan-private-address.service): started first, it could not resolve
 * DB_HOST: db. Wants=, not Requires=: when the other node is late the
 * address unit fails and retries, and the service starts and retries too.
 */
void
ipl_node_add_name_units(const struct ipl_node_emit *e, const struct ipl_service *s,
			struct ipl_buf *b)
{
	bool hosts = false, at_boot = false;
	size_t i;

	for (i = 0; i < s->depends_on_nr; i++) {
		if (dependency_address(e, s->depends_on[i].s))
			hosts = true;
		if (dependency_found_at_boot(e, s->depends_on[i].s))
			at_boot = true;
	}
	if (hosts)
		ipl_buf_addf(b, "%sAfter=infraplan-hosts.service\nWants=infraplan-hosts.service",
			     b->len ? "\n" : "");
	if (at_boot)
		ipl_buf_addf(b,
			     "%sAfter=infraplan-private-address.service\n"
			     "Wants=infraplan-private-address.service",
			     b->len ? "\n" : "");
}

/*
 * hosts.sh and its unit, for a node whose services use other services by
 * name: each dependency gets its name in /etc/hosts, at 127.0.0.1 when it
 * runs on this node (a single node's DB_HOST: db) and at its node's private
 * address when the plan knows it (Hetzner, where Terraform sets it). Where
 * the provider assigns the addresses, private-address.sh names the
 * dependencies on other nodes.
 */
int
ipl_node_emit_hosts(struct ipl_node_emit *e)
{
	struct ipl_buf entries = IPL_BUF_INIT, line = IPL_BUF_INIT, before = IPL_BUF_INIT,
		       script = IPL_BUF_INIT, unit = IPL_BUF_INIT;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		bool uses = false;
		for (j = 0; j < ps->svc->depends_on_nr; j++) {
			const char *name = ps->svc->depends_on[j].s;
			const char *addr = dependency_address(e, name);
			if (!addr)
				continue;
			uses = true;
			ipl_buf_reset(&line);
			ipl_buf_addf(&line, "%s %s # infraplan", addr, name);
			if (entries.len && strstr(entries.data, line.data))
				continue;
			ipl_buf_adds(&entries, "\tprintf '%s\\n' ");
			ipl_escape_shell_word(&entries, line.data);
			ipl_buf_addc(&entries, '\n');
		}
		if (uses && ps->unit_name)
			ipl_buf_addf(&before, "%sBefore=%s", before.len ? "\n" : "", ps->unit_name);
	}
	if (!entries.len)
		goto done;
	entries.data[--entries.len] = '\0';
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "entries", entries.data },
		};
		rc = ipl_node_render(e, &script, "hosts.sh.tmpl", vars, IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "before", ipl_buf_str(&before) },
		};
		rc = ipl_node_render(e, &unit, "systemd-hosts.service.tmpl", vars,
				     IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		add_boot_script(e, "hosts.sh", &script, "infraplan-hosts.service", &unit, false);
		e->hosts_unit = true;
	}
done:
	ipl_buf_release(&entries);
	ipl_buf_release(&line);
	ipl_buf_release(&before);
	ipl_buf_release(&script);
	ipl_buf_release(&unit);
	return rc;
}
