/*
 * node_files.c: what runs on each server of a plan. For every node it writes
 *
 *   nodes/NODE/cloud-init.yaml   #cloud-config user-data: admin user, packages,
 *                                firewall, the files below, database settings
 *   nodes/NODE/systemd/UNIT      one hardened unit per app or worker service,
 *                                the backup services and timers, and budget
 *                                drop-ins (UNIT.d/infraplan.conf) for the
 *                                services Debian packages run
 *
 * The split of work: templates/ hold the text, the node files hold the
 * decisions (which package, which address a database binds to, which
 * ports open, which capability a unit keeps). Every string from the spec
 * goes through the escaping function of the format it lands in
 * (core/escape.h).
 *
 * This file holds the entry point, cloud-init.yaml and the helpers every
 * part uses; the units of our own services are node_units.c, the packaged
 * services node_packages.c, backups node_backup.c, the firewall and private
 * addresses node_network.c, and the state they share node_emit.h.
 *
 * What runs how:
 *   app, worker          our own unit (templates/systemd-service.tmpl); an
 *                        image is fetched and unpacked by a unit of its own
 *                        and run by systemd with RootDirectory= (no container
 *                        runtime: see templates/image-unpack.sh.tmpl)
 *   postgres, mysql,     the Debian package, configured by cloud-init; the
 *   redis, queue,        spec's cpu and memory become a drop-in, since 004
 *   rabbitmq             shares one server between budgeted services
 *   mongodb, minio       not in Debian: MongoDB from its own signed apt
 *                        repository; MinIO has none, so setup fails loudly
 *   static_site          nginx serving /var/www/infraplan/NAME
 *
 * Nodes of managed instance groups (IPL_ROLE_SERVICE: Koyeb) run images the
 * platform starts, and get nothing here.
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

/* ---- What each kind of service is on a Debian server ------------------ */

const struct ipl_node_kind_info ipl_node_kinds[IPL_KIND__COUNT] = {
	[IPL_KIND_STATIC_SITE] = { "nginx", "nginx.service", "the Debian package nginx" },
	/* Debian runs each cluster as postgresql@VERSION-main.service: the drop-in
       goes on the template so that it applies whatever the version */
	[IPL_KIND_POSTGRES] = { "postgresql", "postgresql@.service",
				"the Debian package postgresql" },
	/* mysql.service is an alias: drop-ins must name the real unit */
	[IPL_KIND_MYSQL] = { "mariadb-server", "mariadb.service",
			     "the Debian package mariadb-server" },
	[IPL_KIND_MONGODB] = { NULL, "mongod.service",
			       "mongodb-org, from MongoDB's apt repository" },
	[IPL_KIND_REDIS] = { "redis-server", "redis-server.service",
			     "the Debian package redis-server" },
	[IPL_KIND_RABBITMQ] = { "rabbitmq-server", "rabbitmq-server.service",
				"the Debian package rabbitmq-server" },
	/* a generic queue is a Redis list */
	[IPL_KIND_QUEUE] = { "redis-server", "redis-server.service",
			     "the Debian package redis-server" },
	[IPL_KIND_OBJECT_STORAGE] = { NULL, "minio.service", "MinIO, installed by hand" },
};

/* ---- Small helpers ----------------------------------------------------- */

void
ipl_node_add_package(struct ipl_node_emit *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->packages_nr; i++)
		if (!strcmp(e->packages[i], name))
			return;
	if (e->packages_nr < MAX_PACKAGES)
		e->packages[e->packages_nr++] = name;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const struct ipl_node_kind_info *
ipl_node_kind_of(const struct ipl_service *s)
{
	return (size_t)s->kind < IPL_ARRAY_SIZE(ipl_node_kinds) ? &ipl_node_kinds[s->kind] : NULL;
}

/* true when the service runs as a unit of ours rather than a package's */
bool
ipl_node_runs_own_unit(const struct ipl_service *s)
{
	const struct ipl_node_kind_info *k = ipl_node_kind_of(s);

	if (s->image.s)
		return true;
	if (k && k->unit)
		return false;
	return s->command.s != NULL;
}

const struct ipl_placed_service *
ipl_node_find_on_node(const struct ipl_plan_node *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (!strcmp(n->services[i].svc->name.s, name))
			return &n->services[i];
	return NULL;
}

/* the unit a service on this node runs as, for After= */
const char *
ipl_node_unit_of(const struct ipl_placed_service *ps)
{
	const struct ipl_node_kind_info *k = ipl_node_kind_of(ps->svc);

	if (ipl_node_runs_own_unit(ps->svc))
		return ps->unit_name;
	if (k && k->unit) {
		/* order after the wrapper: instances of the template are version-named */
		if (ps->svc->kind == IPL_KIND_POSTGRES)
			return "postgresql.service";
		return k->unit;
	}
	return NULL;
}

static const char *
role_name(enum ipl_node_role r)
{
	switch (r) {
	case IPL_ROLE_SINGLE:
		return "single node";
	case IPL_ROLE_APP:
		return "app node";
	case IPL_ROLE_DB:
		return "database node";
	case IPL_ROLE_PINNED:
		return "declared node";
	case IPL_ROLE_SERVICE:
		return "managed instances";
	}
	return "node";
}

/* the address a packaged service listens on: the private one only when others reach it */
const char *
ipl_node_bind_address(const struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	return ps->private_only && e->node->private_ip ? e->node->private_ip : "127.0.0.1";
}

/*
 * true when this node's private address is found at boot rather than known
 * now: the provider assigns it (Contabo; see private-address.sh.tmpl), so the
 * plan left private_ip NULL. Until it is found, ipl_node_bind_address() says 127.0.0.1.
 */
bool
ipl_node_finds_private_address(const struct ipl_node_emit *e)
{
	return !e->node->private_ip && e->plan->nodes_nr > 1;
}

/* CPUQuota=: 100% is one core, so millicores / 10 */
void
ipl_node_add_cpu_quota(struct ipl_buf *b, double cpu_m)
{
	long pct = (long)(cpu_m / 10 + 0.5);

	ipl_buf_addf(b, "%ld%%", pct > 0 ? pct : 1);
}

void
ipl_node_add_memory_max(struct ipl_buf *b, double mib)
{
	long m = (long)(mib + 0.5);

	ipl_buf_addf(b, "%ldM", m > 0 ? m : 1);
}

/* renders a template that the build embeds: failing is a bug here, said as an error */
int
ipl_node_render(struct ipl_node_emit *e, struct ipl_buf *out, const char *name,
		const struct ipl_template_var *vars, size_t nvars)
{
	if (ipl_template_render(out, name, vars, nvars) < 0) {
		e->rc = ipl_error(e->diags, e->spec->path, (struct ipl_loc){ 0, 0 },
				  "internal error: template \"%s\" is missing or uses a variable "
				  "node_files.c does not give",
				  name);
		return -1;
	}
	return 0;
}

/* ---- YAML -------------------------------------------------------------- */

/*
 * A literal block (content: |) keeps generated files readable in the
 * user-data. It is used only when the text cannot be misread: printable
 * ASCII, tabs and newlines (or UTF-8 other than the YAML 1.1 line breaks
 * NEL, LS and PS), one final newline, and a first line that does not start
 * with a space (the block's indentation is taken from it). Anything else is
 * written as a double-quoted scalar.
 */
static bool
fits_literal_block(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), lead = strspn(s, "\n");

	if (len == 0 || s[len - 1] != '\n' || (len > 1 && s[len - 2] == '\n') || s[lead] == ' ')
		return false;
	for (; *p; p++) {
		if (*p == '\n' || *p == '\t' || (*p >= 0x20 && *p < 0x7f))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] == 0x85)
			return false;
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
			return false;
	}
	return true;
}

void
ipl_node_yaml_write_file(struct ipl_buf *b, const char *path, const char *perms, bool defer,
			 const char *content)
{
	const char *line, *nl;

	ipl_buf_adds(b, "  - path: ");
	ipl_escape_yaml_string(b, path);
	ipl_buf_adds(b, "\n    owner: \"root:root\"\n    permissions: ");
	ipl_escape_yaml_string(b, perms);
	ipl_buf_addc(b, '\n');
	if (defer)
		ipl_buf_adds(b, "    defer: true\n");
	if (!fits_literal_block(content)) {
		ipl_buf_adds(b, "    content: ");
		ipl_escape_yaml_string(b, content);
		ipl_buf_addc(b, '\n');
		return;
	}
	ipl_buf_adds(b, "    content: |\n");
	for (line = content; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl > line)
			ipl_buf_adds(b, "      ");
		ipl_buf_add(b, line, (size_t)(nl - line + 1));
	}
}

/* one runcmd item in exec form: ["ufw", "allow", "80/tcp"]; the list ends with NULL */
void
ipl_node_runcmd(struct ipl_buf *b, const char *arg, ...)
{
	va_list ap;
	bool first = true;

	ipl_buf_adds(b, "  - [");
	va_start(ap, arg);
	for (; arg; arg = va_arg(ap, const char *)) {
		if (!first)
			ipl_buf_adds(b, ", ");
		ipl_escape_yaml_string(b, arg);
		first = false;
	}
	va_end(ap);
	ipl_buf_adds(b, "]\n");
}

/* adds nodes/NODE/systemd/PATH and installs it as /etc/systemd/system/PATH */
void
ipl_node_add_unit_file(struct ipl_node_emit *e, const char *path, struct ipl_buf *content)
{
	struct ipl_buf p = IPL_BUF_INIT;

	ipl_buf_addf(&p, "/etc/systemd/system/%s", path);
	ipl_node_yaml_write_file(&e->write_files, ipl_buf_str(&p), "0644", false,
				 ipl_buf_str(content));
	ipl_buf_reset(&p);
	ipl_buf_addf(&p, "nodes/%s/systemd/%s", e->node->name, path);
	ipl_fileset_add(e->out, ipl_buf_str(&p), content, 0644);
	ipl_buf_release(&p);
}

/* ---- cloud-init ---------------------------------------------------------- */

static void
add_base_files(struct ipl_node_emit *e)
{
	ipl_node_yaml_write_file(
		&e->write_files, "/etc/fail2ban/jail.d/infraplan.local", "0644", false,
		"# Generated by infraplan. Debian 12 logs to the journal only (no\n"
		"# /var/log/auth.log), so the sshd jail reads the journal.\n"
		"[sshd]\n"
		"enabled = true\n"
		"backend = systemd\n");
	/* written after the package, which would otherwise ask debconf and write its own */
	ipl_node_yaml_write_file(
		&e->write_files, "/etc/apt/apt.conf.d/20auto-upgrades", "0644", true,
		"// Generated by infraplan: security updates install themselves every day.\n"
		"APT::Periodic::Update-Package-Lists \"1\";\n"
		"APT::Periodic::Unattended-Upgrade \"1\";\n");
	if (e->private_binds)
		ipl_node_yaml_write_file(
			&e->write_files, "/etc/sysctl.d/90-infraplan.conf", "0644", false,
			"# Generated by infraplan: services here bind the private address, which\n"
			"# may come up after them at boot; let them bind it before it exists.\n"
			"net.ipv4.ip_nonlocal_bind = 1\n");
}

static void
user_block(struct ipl_node_emit *e, struct ipl_buf *b, struct ipl_buf *note)
{
	const char *admin = e->spec->admin_user.s ? e->spec->admin_user.s : "deploy";
	const char *key = e->spec->ssh_public_key.s;

	ipl_buf_adds(b, "  name: ");
	ipl_escape_yaml_string(b, admin);
	ipl_buf_adds(b, "\n  groups: [\"sudo\"]\n"
			"  shell: \"/bin/bash\"\n"
			"  sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
			"  lock_passwd: true");
	if (key) {
		ipl_buf_adds(b, "\n  ssh_authorized_keys:\n    - ");
		ipl_escape_yaml_string(b, key);
		return;
	}
	if (e->plan->provider->own_server)
		ipl_buf_adds(
			note,
			"# The spec gives no ssh_public_key: the keys your cloud-init datasource\n"
			"# supplies go to the admin user; add ssh_public_key to the spec otherwise.");
	else
		ipl_buf_addf(
			note,
			"# The spec gives no ssh_public_key: the key of the %s SSH key resource\n"
			"# (Terraform) reaches the admin user through the provider's metadata.",
			e->plan->provider->name);
}

void
ipl_node_service_list(const struct ipl_plan_node *n, struct ipl_buf *b)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		ipl_buf_addf(b, "%s%s (%s)", i ? ", " : "", n->services[i].svc->name.s,
			     ipl_service_kind_name(n->services[i].svc->kind));
	if (!n->services_nr)
		ipl_buf_adds(b, "no services");
}

static int
emit_cloud_init(struct ipl_node_emit *e)
{
	struct ipl_buf user = IPL_BUF_INIT, note = IPL_BUF_INIT, pkgs = IPL_BUF_INIT,
		       run = IPL_BUF_INIT, svcs = IPL_BUF_INIT, text = IPL_BUF_INIT,
		       path = IPL_BUF_INIT, setup = IPL_BUF_INIT, boot = IPL_BUF_INIT;
	size_t i, limit = 0;
	int rc = 0;

	ipl_node_add_package(e, "ufw");
	ipl_node_add_package(e, "fail2ban");
	/* fail2ban's systemd backend */
	ipl_node_add_package(e, "python3-systemd");
	ipl_node_add_package(e, "unattended-upgrades");
	qsort(e->packages, e->packages_nr, sizeof(e->packages[0]), cmp_str);
	for (i = 0; i < e->packages_nr; i++) {
		ipl_buf_adds(&pkgs, i ? "\n  - " : "  - ");
		ipl_escape_yaml_string(&pkgs, e->packages[i]);
	}
	if (e->setup.len || e->setup_roles.len || e->setup_last.len || e->setup_fail.len) {
		struct ipl_buf steps = IPL_BUF_INIT;
		ipl_buf_add(&steps, e->setup.data ? e->setup.data : "", e->setup.len);
		ipl_buf_add(&steps, e->setup_roles.data ? e->setup_roles.data : "",
			    e->setup_roles.len);
		ipl_buf_add(&steps, e->setup_last.data ? e->setup_last.data : "",
			    e->setup_last.len);
		if (e->setup_fail.len) {
			ipl_buf_adds(&steps, "failed=0\n");
			ipl_buf_add(&steps, e->setup_fail.data, e->setup_fail.len);
			ipl_buf_adds(&steps, "[ \"$failed\" = 0 ] || exit 1\n");
		}
		if (steps.len)
			steps.data[--steps.len] = '\0';
		{
			const struct ipl_template_var vars[] = {
				{ "node", e->node->name },
				{ "steps", ipl_buf_str(&steps) },
			};
			if (ipl_node_render(e, &setup, "setup.sh.tmpl", vars,
					    IPL_ARRAY_SIZE(vars)) < 0)
				rc = -1;
		}
		ipl_buf_release(&steps);
		ipl_node_yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/setup.sh",
					 "0755", true, ipl_buf_str(&setup));
	}
	add_base_files(e);
	if (e->write_files.len)
		e->write_files.data[--e->write_files.len] = '\0';

	ipl_buf_add(&run, e->firewall.data ? e->firewall.data : "", e->firewall.len);
	if (setup.len) {
		ipl_buf_adds(&run, "  # databases and services the packages installed\n");
		ipl_node_runcmd(&run, "sh", "/usr/local/lib/infraplan/setup.sh", NULL);
	}
	ipl_node_runcmd(&run, "systemctl", "daemon-reload", NULL);
	ipl_buf_add(&run, e->enable.data ? e->enable.data : "", e->enable.len);
	if (setup.len) {
		ipl_buf_adds(
			&run,
			"  # runcmd reports the status of its last command: fail when setup.sh did\n");
		ipl_node_runcmd(&run, "test", "-e", "/var/lib/infraplan/setup.done", NULL);
	}
	run.data[--run.len] = '\0';

	user_block(e, &user, &note);
	ipl_node_service_list(e->node, &svcs);
	if (e->bootcmd.len) {
		ipl_buf_adds(&boot, "# The data directories live on volumes: mounted before the "
				    "packages install.\nbootcmd:\n");
		ipl_buf_add(&boot, e->bootcmd.data, e->bootcmd.len - 1);
	}
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "role", role_name(e->node->role) },
			{ "services", ipl_buf_str(&svcs) },
			{ "ssh_note", ipl_buf_str(&note) },
			{ "user", ipl_buf_str(&user) },
			{ "packages", ipl_buf_str(&pkgs) },
			{ "bootcmd", ipl_buf_str(&boot) },
			{ "write_files", ipl_buf_str(&e->write_files) },
			{ "runcmd", ipl_buf_str(&run) },
		};
		if (ipl_node_render(e, &text, "cloud-init.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0)
			rc = -1;
	}
	limit = e->plan->provider->user_data_max;
	if (limit && text.len > limit)
		ipl_warning(e->diags, e->spec->path, (struct ipl_loc){ 0, 0 },
			    "nodes/%s/cloud-init.yaml is %zu bytes, more than the %zu bytes of "
			    "user_data %s accepts; put fewer services on the node",
			    e->node->name, text.len, limit, e->plan->provider->name);
	ipl_buf_addf(&path, "nodes/%s/cloud-init.yaml", e->node->name);
	if (rc == 0)
		ipl_fileset_add(e->out, ipl_buf_str(&path), &text, 0644);
	ipl_buf_release(&user);
	ipl_buf_release(&note);
	ipl_buf_release(&pkgs);
	ipl_buf_release(&run);
	ipl_buf_release(&svcs);
	ipl_buf_release(&text);
	ipl_buf_release(&path);
	ipl_buf_release(&setup);
	ipl_buf_release(&boot);
	return rc;
}

/* ---- Entry point ---------------------------------------------------------- */

static int
emit_node(const struct ipl_plan *plan, const struct ipl_plan_node *node, struct ipl_fileset *out,
	  struct ipl_diags *diags)
{
	struct ipl_node_emit e;
	bool backups = plan->spec->backup.present && ipl_node_has_state(node);
	size_t i;

	memset(&e, 0, sizeof(e));
	e.plan = plan;
	e.spec = plan->spec;
	e.node = node;
	e.out = out;
	e.diags = diags;
	for (i = 0; i < node->services_nr; i++) {
		const struct ipl_placed_service *ps = &node->services[i];
		const struct ipl_service *s = ps->svc;

		if (s->image.s) {
			if (ipl_node_emit_image_unpack(&e, ps) < 0 ||
			    ipl_node_emit_service_unit(&e, ps) < 0)
				e.rc = -1;
		} else if (ipl_node_runs_own_unit(s)) {
			ipl_node_emit_service_unit(&e, ps);
		} else if (ipl_node_kind_of(s) && ipl_node_kind_of(s)->unit) {
			ipl_node_configure_package(&e, ps, backups);
		} else {
			e.rc = ipl_error(diags, e.spec->path, s->loc,
					 "service \"%s\" (%s) has neither a command nor an image: "
					 "nothing to run on node \"%s\"",
					 s->name.s, ipl_service_kind_name(s->kind), node->name);
		}
	}
	if (ipl_node_check_ports(&e) < 0)
		e.rc = -1;
	ipl_node_emit_caddy(&e);
	ipl_node_emit_dropins(&e);
	if (ipl_node_emit_volumes(&e) < 0)
		e.rc = -1;
	if (ipl_node_emit_credentials(&e) < 0)
		e.rc = -1;
	if (backups && ipl_node_emit_backup(&e) < 0)
		e.rc = -1;
	ipl_node_emit_firewall(&e);
	/* hosts first: the address unit is ordered after it when both are written */
	if (ipl_node_emit_hosts(&e) < 0 || ipl_node_emit_private_address(&e) < 0)
		e.rc = -1;
	if (emit_cloud_init(&e) < 0 || ipl_node_emit_apply(&e) < 0)
		e.rc = -1;
	ipl_node_emit_readme(&e);
	for (i = 0; i < e.units_nr; i++)
		ipl_buf_release(&e.units[i].services);
	ipl_buf_release(&e.write_files);
	ipl_buf_release(&e.firewall);
	ipl_buf_release(&e.enable);
	ipl_buf_release(&e.setup);
	ipl_buf_release(&e.setup_last);
	ipl_buf_release(&e.setup_fail);
	ipl_buf_release(&e.setup_roles);
	ipl_buf_release(&e.operator_steps);
	ipl_buf_release(&e.operator_summary);
	ipl_buf_release(&e.deploy);
	ipl_buf_release(&e.private_steps);
	ipl_buf_release(&e.private_before);
	ipl_buf_release(&e.bootcmd);
	return e.rc;
}

int
ipl_emit_node_files(const struct ipl_plan *plan, struct ipl_fileset *out, struct ipl_diags *diags)
{
	size_t i;
	int rc = 0;
	bool servers = false;

	for (i = 0; i < plan->nodes_nr; i++) {
		/* managed instances run what the platform starts: no server to set up */
		if (plan->nodes[i].role == IPL_ROLE_SERVICE)
			continue;
		servers = true;
		if (emit_node(plan, &plan->nodes[i], out, diags) < 0)
			rc = -1;
	}
	if (servers)
		ipl_emit_data_readme(plan, out);
	if (servers && !plan->spec->settings.ssh_allowed_cidr.s)
		ipl_note(
			diags, plan->spec->path, (struct ipl_loc){ 0, 0 },
			"settings.ssh_allowed_cidr is not set: the servers admit SSH from the private "
			"network %s only; set it to the address you administer from",
			plan->network_cidr);
	return rc;
}
