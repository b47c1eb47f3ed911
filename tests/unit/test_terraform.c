/*
 * test_terraform.c: the Terraform of the VPS providers (providers/contabo.c,
 * providers/hetzner.c), from plans built by hand so that these tests do not
 * move when the planner's sizing does. Each test checks the lines that carry
 * a promise: credentials are sensitive variables without a default and no
 * secret value is written, firewalls deny by default and a database node
 * opens no public port, the server type is the catalog's product id, and a
 * hostile string from the spec lands in HCL as a literal, and no server is
 * replaced or destroyed behind the user's back. Every file set is
 * then written to a scratch directory and, when terraform is installed,
 * checked with `terraform fmt -check` (skipped, not passed, without it).
 *
 * Sources: tfref.md 1.0-1.2 (required_providers, contabo_*, hcloud_*);
 * 001 (KEC-18) for the split chat server + MySQL.
 *
 * KEEP_TERRAFORM=1 keeps the scratch directories (their names are printed).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/wait.h>

#include "core/arena.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/diag.h"
#include "planners/plan.h"
#include "model/spec.h"
#include "catalog/catalog.h"
#include "providers/emit.h"

#include "emit_fixture.h"

/* ---- Building plans by hand ------------------------------------------------ */

/* a catalog server offer: only what the emitters read */
static const struct ipl_offer *
offer(struct fixture *f, const char *provider, const char *id, const char *product_id)
{
	struct ipl_offer *o = IPL_ARENA_NEW(&f->arena, struct ipl_offer);

	o->provider = provider;
	o->id = id;
	o->name = id;
	o->kind = IPL_OFFER_SERVER;
	o->product_id = product_id;
	return o;
}

static struct ipl_plan_node *
add_node(struct fixture *f, const char *name, enum ipl_node_role role, const char *ip,
	 const struct ipl_offer *type)
{
	struct ipl_plan_node *n = &f->plan->nodes[f->plan->nodes_nr++];

	n->name = name;
	n->role = role;
	n->type = type;
	n->count = 1;
	n->private_ip = ip;
	n->services = IPL_ARENA_ARRAY(&f->arena, struct ipl_placed_service, 8);
	return n;
}

static struct ipl_placed_service *
place(struct fixture *f, struct ipl_plan_node *n, const char *name, int port, bool private_only)
{
	const struct ipl_service *s = ipl_spec_find_service(f->spec, name);
	struct ipl_placed_service *ps = &n->services[n->services_nr++];

	assert_non_null(s);
	ps->svc = s;
	ps->cpu_m = 1000;
	ps->memory_mib = 1024;
	ps->port = port;
	ps->public_port = s->public_port;
	ps->private_only = private_only;
	ps->unit_name = ipl_arena_printf(&f->arena, "infraplan-%s.service", name);
	return ps;
}

/* the text of the top-level block that starts with header, up to its closing brace */
static char *
block(struct fixture *f, const char *text, const char *header)
{
	const char *start = strstr(text, header), *end;

	if (!start)
		fail_msg("no block %s in:\n%s", header, text);
	end = strstr(start, "\n}\n");
	assert_non_null(end);
	return ipl_arena_strndup(&f->arena, start, (size_t)(end - start) + 3);
}

/*
 * true when text holds needle (which starts with "${" or "%{") as a live
 * interpolation or directive: one '$' or '%' before the brace; "$${" and
 * "%%{" are HCL's escapes for the literal text
 */
static bool
has_live_template(const char *text, const char *needle)
{
	const char *p;

	for (p = strstr(text, needle); p; p = strstr(p + 1, needle))
		if (p == text || p[-1] != needle[0])
			return true;
	return false;
}

static bool
has_diag(const struct fixture *f, enum ipl_severity severity, const char *needle)
{
	size_t i;

	for (i = 0; i < f->diags.nr; i++)
		if (f->diags.items[i].severity == severity &&
		    strstr(f->diags.items[i].message, needle))
			return true;
	return false;
}

/* ---- Checking with terraform fmt ------------------------------------------------ */

/*
 * Writes the Terraform files under a scratch directory and runs
 * `terraform fmt -check -diff` on them; skips the test when terraform is
 * missing (cmocka reports it as SKIPPED). fmt needs no provider plugins.
 */
static void
check_fmt(const struct fixture *f, const char *name)
{
	char dir[256], path[4096], cmd[8192];
	size_t i;
	int rc;

	if (system("command -v terraform >/dev/null 2>&1") != 0) {
		fprintf(stderr, "SKIPPED: terraform not installed; %s was not format-checked\n",
			name);
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/infraplan-terraform-%s-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < f->fs.nr; i++) {
		char *slash;
		if (strncmp(f->fs.files[i].path, "terraform/", 10) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, f->fs.files[i].path);
		slash = strrchr(path, '/');
		*slash = '\0';
		assert_int_equal(ipl_mkdir_p(path), 0);
		*slash = '/';
		if (ipl_atomic_write(path, ipl_buf_str(&f->fs.files[i].content),
				     f->fs.files[i].content.len, 0644) < 0)
			fail_msg("cannot write %s: %s", path, strerror(errno));
	}
	snprintf(
		cmd, sizeof(cmd),
		"TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -diff -recursive '%s/terraform' 1>&2",
		dir);
	rc = system(cmd);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	if (getenv("KEEP_TERRAFORM")) {
		fprintf(stderr, "kept %s\n", dir);
	} else if (rc == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	if (rc != 0)
		fail_msg("terraform fmt -check failed (status %d) on %s; files kept in %s", rc,
			 name, dir);
}

/* ---- 001: chat server and MySQL split over two nodes ---------------------------- */

#define SSH_KEY \
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBy3jW3XoF2dRt8h0h1y7n8Q5qK7xvS2G8Ww2mP0aD4F ops@example"

static const char spec_001_fmt[] = "name: kecalek\n"
				   "provider: %s\n"
				   "%s"
				   "settings:\n"
				   "  ssh_allowed_cidr: 203.0.113.0/24\n"
				   "ssh_public_key: " SSH_KEY "\n"
				   "services:\n"
				   "  - name: chat\n"
				   "    kind: app\n"
				   "    command: /opt/kecalek/bin/server\n"
				   "    port: 8443\n"
				   "    public: true\n"
				   "    env:\n"
				   "      GREETING: hello-from-the-env\n"
				   "      DB_PASSWORD: {secret: mysql-password}\n"
				   "    depends_on: [db]\n"
				   "  - name: db\n"
				   "    kind: mysql\n"
				   "    storage: 20GB\n";

static void
build_001(struct fixture *f, const char *provider, const char *region, const char *product_id)
{
	char yaml[2048];
	const struct ipl_offer *type;
	struct ipl_plan_node *app, *db;

	snprintf(yaml, sizeof(yaml), spec_001_fmt, provider, region);
	fixture_init(f, yaml);
	type = offer(f, provider, "server", product_id);
	f->plan->layout = IPL_LAYOUT_SPLIT;
	app = add_node(f, "app", IPL_ROLE_APP, "10.0.1.2", type);
	db = add_node(f, "db", IPL_ROLE_DB, "10.0.1.3", type);
	place(f, app, "chat", 8443, false);
	place(f, db, "db", 3306, true);
}

static int
emit(struct fixture *f)
{
	const struct ipl_provider *p = ipl_provider_get(f->spec->provider);

	assert_non_null(p);
	assert_non_null(p->emit_terraform);
	return p->emit_terraform(f->plan, &f->fs, &f->diags);
}

/* the promises both VPS providers keep about credentials and secrets */
static void
check_variables(struct fixture *f, const char *const *sensitive, size_t sensitive_nr)
{
	const char *vars = file(f, "terraform/variables.tf");
	char header[128];
	size_t i;

	for (i = 0; i < sensitive_nr; i++) {
		char *b;
		snprintf(header, sizeof(header), "variable \"%s\" {", sensitive[i]);
		b = block(f, vars, header);
		assert_has(b, "sensitive   = true");
		assert_lacks(b, "default");
	}
	/* the spec's public key and SSH network are defaults; a public key is not a secret */
	assert_has(block(f, vars, "variable \"ssh_public_key\" {"),
		   "default     = \"" SSH_KEY "\"");
	assert_lacks(block(f, vars, "variable \"ssh_public_key\" {"), "sensitive");
	assert_has(block(f, vars, "variable \"ssh_allowed_cidrs\" {"),
		   "default     = [\"203.0.113.0/24\"]");
	assert_has(block(f, vars, "variable \"ssh_allowed_cidrs\" {"), "SSH closed");
	/* env values and secret names belong to cloud-init and the deploy, never to HCL */
	for (i = 0; i < f->fs.nr; i++) {
		const char *t = ipl_buf_str(&f->fs.files[i].content);
		if (strncmp(f->fs.files[i].path, "terraform/", 10) != 0)
			continue;
		assert_lacks(t, "hello-from-the-env");
		assert_lacks(t, "mysql-password");
		assert_lacks(t, "DB_PASSWORD");
	}
}

static void
test_contabo_split(void **state)
{
	static const char *const sensitive[] = { "contabo_client_id", "contabo_client_secret",
						 "contabo_api_user", "contabo_api_password" };
	struct fixture f;
	const char *main_tf, *versions, *outputs;
	char *fw_app, *fw_db, *app;

	(void)state;
	build_001(&f, "contabo", "", "V94");
	assert_int_equal(emit(&f), 0);
	versions = file(&f, "terraform/versions.tf");
	main_tf = file(&f, "terraform/main.tf");
	outputs = file(&f, "terraform/outputs.tf");

	/* tfref.md 1.0 */
	assert_has(versions, "required_version = \">= 1.5\"");
	assert_has(versions, "source  = \"contabo/contabo\"");
	assert_has(versions, "version = \">= 0.1.42\"");
	check_variables(&f, sensitive, IPL_ARRAY_SIZE(sensitive));
	assert_has(file(&f, "terraform/variables.tf"), "default     = \"EU\"");
	assert_has(file(&f, "terraform/variables.tf"),
		   "default     = \"afecbb85-e2fc-46f0-9684-b46b1faf00bb\"");
	assert_has(main_tf, "oauth2_client_secret = var.contabo_client_secret");

	/* tfref.md 1.1: product id from the catalog, the key as a numeric secret id */
	app = block(&f, main_tf, "resource \"contabo_instance\" \"app\" {");
	assert_has(app, "display_name = \"kecalek-app\"");
	assert_has(app, "product_id   = \"V94\"");
	assert_has(app, "ssh_keys     = [tonumber(contabo_secret.admin.id)]");
	assert_has(app, "user_data    = file(\"${path.module}/../nodes/app/cloud-init.yaml\")");
	/* the private network resource buys the add-on; the instance never sends add_ons */
	assert_lacks(app, "add_ons");

	/* default deny: the app opens its port to the world, SSH only from the CIDRs */
	fw_app = block(&f, main_tf, "resource \"contabo_firewall\" \"app\" {");
	assert_has(fw_app, "instance_ids = [tonumber(contabo_instance.app.id)]");
	assert_has(fw_app, "dest_ports = [\"8443\"]");
	assert_has(fw_app, "ipv4 = [\"0.0.0.0/0\"]");
	assert_has(fw_app, "dynamic \"inbound\"");
	assert_has(fw_app, "for_each = length(var.ssh_allowed_cidrs) > 0 ? [1] : []");
	/* the database node: nothing public, and no empty rules block for the provider */
	fw_db = block(&f, main_tf, "resource \"contabo_firewall\" \"db\" {");
	assert_lacks(fw_db, "0.0.0.0/0");
	assert_lacks(fw_db, "::/0");
	assert_lacks(fw_db, "3306");
	assert_has(fw_db, "dynamic \"rules\"");
	assert_has(fw_db, "dest_ports = [\"22\"]");

	assert_has(main_tf, "resource \"contabo_private_network\" \"private\"");
	assert_has(main_tf, "instance_ids = concat([tonumber(contabo_instance.app.id)], "
			    "[tonumber(contabo_instance.db.id)])");
	assert_true(has_diag(&f, IPL_WARNING, "Contabo assigns private network addresses"));
	assert_has(outputs, "output \"app_ipv4\"");
	assert_has(outputs, "value       = contabo_instance.db.ip_config[0].v4[0].ip");
	assert_has(outputs, "output \"private_ips\"");
	check_fmt(&f, "contabo-split");
	fixture_release(&f);
}

static void
test_hetzner_split(void **state)
{
	static const char *const sensitive[] = { "hcloud_token" };
	struct fixture f;
	const char *main_tf, *versions, *outputs;
	char *fw_app, *fw_db, *db;

	(void)state;
	build_001(&f, "hetzner", "region: hel1\n", "cx33");
	assert_int_equal(emit(&f), 0);
	versions = file(&f, "terraform/versions.tf");
	main_tf = file(&f, "terraform/main.tf");
	outputs = file(&f, "terraform/outputs.tf");

	assert_has(versions, "source  = \"hetznercloud/hcloud\"");
	assert_has(versions, "version = \"~> 1.60\"");
	check_variables(&f, sensitive, IPL_ARRAY_SIZE(sensitive));
	assert_has(file(&f, "terraform/variables.tf"), "default     = \"hel1\"");
	assert_has(file(&f, "terraform/variables.tf"), "default     = \"ubuntu-24.04\"");
	assert_false(has_diag(&f, IPL_WARNING, "is not a"));
	assert_has(main_tf, "token = var.hcloud_token");
	assert_has(main_tf, "public_key = var.ssh_public_key");

	/* tfref.md 1.2: the network and its subnet in the location's zone */
	assert_has(main_tf, "ip_range = \"10.0.0.0/16\"");
	assert_has(main_tf, "hel1 = \"eu-central\"");
	assert_has(main_tf, "ash  = \"us-east\"");
	assert_has(main_tf, "hil  = \"us-west\"");
	assert_has(main_tf, "sin  = \"ap-southeast\"");
	assert_has(main_tf, "network_zone = local.network_zones[var.location]");
	assert_has(main_tf, "ip_range     = \"10.0.1.0/24\"");

	/* the server type is the catalog's product id, never a hard-coded one */
	db = block(&f, main_tf, "resource \"hcloud_server\" \"db\" {");
	assert_has(db, "server_type  = \"cx33\"");
	assert_has(db, "firewall_ids = [hcloud_firewall.db.id]");
	assert_has(db, "user_data    = file(\"${path.module}/../nodes/db/cloud-init.yaml\")");
	assert_has(db, "ipv4_enabled = true");
	assert_has(db, "ipv6_enabled = true");
	assert_has(db, "network_id = hcloud_network.private.id");
	assert_has(db, "ip         = \"10.0.1.3\"");
	assert_has(db, "depends_on = [hcloud_network_subnet.private]");
	assert_has(db, "node = \"db\"");

	fw_app = block(&f, main_tf, "resource \"hcloud_firewall\" \"app\" {");
	assert_has(fw_app, "port       = \"8443\"");
	assert_has(fw_app, "source_ips = [\"0.0.0.0/0\", \"::/0\"]");
	assert_has(fw_app, "source_ips  = var.ssh_allowed_cidrs");
	assert_has(fw_app, "dynamic \"rule\"");
	fw_db = block(&f, main_tf, "resource \"hcloud_firewall\" \"db\" {");
	assert_lacks(fw_db, "0.0.0.0/0");
	assert_lacks(fw_db, "3306");
	assert_has(fw_db, "port        = \"22\"");

	assert_has(outputs, "value       = hcloud_server.app.ipv4_address");
	assert_has(outputs, "output \"db_private_ip\"");
	assert_has(outputs, "value       = \"10.0.1.3\"");
	check_fmt(&f, "hetzner-split");
	fixture_release(&f);
}

/*
 * Change without losing data: the db node's MySQL data on a volume (prevent_destroy,
 * delete_protection, attached without automount, its id in the user data), and
 * single -> split as moves: the old main server is the first copy of a spread app
 * node (moved to the whole counted resource, Terraform would destroy it), and the
 * single layout's volume is forgotten, never destroyed.
 */
static void
test_hetzner_volumes_and_moves(void **state)
{
	struct fixture f;
	const char *main_tf;
	struct ipl_plan_node *app, *db;
	struct ipl_plan_volume *v;
	char *vol, *att, *server;

	(void)state;
	build_001(&f, "hetzner", "", "cx33");
	app = &f.plan->nodes[0];
	db = &f.plan->nodes[1];
	app->moved_from = "main";
	app->count = 2;
	v = db->volumes = IPL_ARENA_NEW(&f.arena, struct ipl_plan_volume);
	db->volumes_nr = 1;
	v->svc = db->services[0].svc;
	v->mount = "/var/lib/mysql";
	v->size_gb = 30;
	v->storage_gb = 20;
	assert_int_equal(emit(&f), 0);
	main_tf = file(&f, "terraform/main.tf");

	vol = block(&f, main_tf, "resource \"hcloud_volume\" \"db_db\" {");
	assert_has(vol, "size              = 30");
	assert_has(vol, "location          = var.location");
	assert_has(vol, "delete_protection = true");
	assert_has(vol, "prevent_destroy = true");
	att = block(&f, main_tf, "resource \"hcloud_volume_attachment\" \"db_db\" {");
	assert_has(att, "volume_id = hcloud_volume.db_db.id");
	assert_has(att, "server_id = hcloud_server.db.id");
	assert_has(att, "automount = false");
	server = block(&f, main_tf, "resource \"hcloud_server\" \"db\" {");
	assert_has(server,
		   "user_data    = replace(file(\"${path.module}/../nodes/db/cloud-init.yaml\"), "
		   "\"@hcloud_volume.db_db.id@\", hcloud_volume.db_db.id)");
	assert_has(server, "ignore_changes  = [user_data, image, ssh_keys]");

	assert_has(main_tf,
		   "moved {\n  from = hcloud_server.main\n  to   = hcloud_server.app[0]\n}");
	assert_has(main_tf,
		   "moved {\n  from = hcloud_firewall.main\n  to   = hcloud_firewall.app\n}");
	assert_has(main_tf, "removed {\n  from = hcloud_volume.main_db\n\n  lifecycle {\n"
			    "    destroy = false\n  }\n}");
	assert_has(main_tf, "removed {\n  from = hcloud_volume_attachment.main_db\n");
	check_fmt(&f, "hetzner-volumes");
	fixture_release(&f);
}

/* a database node stays closed even if a service on it claims a public port */
static void
test_db_node_never_public(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		struct fixture f;
		struct ipl_placed_service *ps;
		char *fw;
		build_001(&f, providers[i], "", "V94");
		ps = &f.plan->nodes[1].services[0];
		ps->public_port = true;
		assert_int_equal(emit(&f), 0);
		fw = block(&f, file(&f, "terraform/main.tf"),
			   !strcmp(providers[i], "contabo")
				   ? "resource \"contabo_firewall\" \"db\" {"
				   : "resource \"hcloud_firewall\" \"db\" {");
		assert_lacks(fw, "0.0.0.0/0");
		assert_lacks(fw, "3306");
		/* and a service bound to the private address is not opened on any node */
		f.plan->nodes[1].role = IPL_ROLE_PINNED;
		ipl_fileset_release(&f.fs);
		assert_int_equal(emit(&f), 0);
		fw = block(&f, file(&f, "terraform/main.tf"),
			   !strcmp(providers[i], "contabo")
				   ? "resource \"contabo_firewall\" \"db\" {"
				   : "resource \"hcloud_firewall\" \"db\" {");
		assert_lacks(fw, "3306");
		fixture_release(&f);
	}
}

/* ---- Servers are never replaced or destroyed behind the user's back ------------ */

/*
 * The hcloud provider replaces a server whenever its user_data changes: one
 * new environment variable would destroy the database's server. Every server
 * ignores the attributes only read at creation (each resource's own names:
 * hcloud_server's image, contabo_instance's image_id), and a server with a
 * stateful service cannot be destroyed while prevent_destroy is set.
 */
static void
test_servers_lifecycle(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		bool contabo = !strcmp(providers[i], "contabo");
		const char *resource = contabo ? "contabo_instance" : "hcloud_server";
		const char *ignore = contabo ? "[user_data, image_id, ssh_keys]"
					     : "[user_data, image, ssh_keys]";
		char header[128], line[128];
		char *app, *db;
		struct fixture f;

		build_001(&f, providers[i], "", "V94");
		assert_int_equal(emit(&f), 0);
		snprintf(header, sizeof(header), "resource \"%s\" \"app\" {", resource);
		app = block(&f, file(&f, "terraform/main.tf"), header);
		snprintf(header, sizeof(header), "resource \"%s\" \"db\" {", resource);
		db = block(&f, file(&f, "terraform/main.tf"), header);

		/* the stateless chat server: replaced never, destroyed on request */
		assert_has(app, "\n  lifecycle {\n");
		snprintf(line, sizeof(line), "    ignore_changes = %s\n", ignore);
		assert_has(app, line);
		assert_has(app, "a later change to nodes/app/ does not");
		assert_lacks(app, "prevent_destroy");
		/* the MySQL server: not destroyed until the user removes prevent_destroy */
		assert_has(db, "\n  lifecycle {\n");
		snprintf(line, sizeof(line), "    ignore_changes  = %s\n", ignore);
		assert_has(db, line);
		assert_has(db, "    prevent_destroy = true\n");
		assert_has(db, "remove prevent_destroy first");

		/* a stateful service makes any server stateful, whatever its role */
		place(&f, &f.plan->nodes[0], "db", 3306, true);
		ipl_fileset_release(&f.fs);
		assert_int_equal(emit(&f), 0);
		snprintf(header, sizeof(header), "resource \"%s\" \"app\" {", resource);
		assert_has(block(&f, file(&f, "terraform/main.tf"), header),
			   "    prevent_destroy = true\n");
		check_fmt(&f, contabo ? "contabo-lifecycle" : "hetzner-lifecycle");
		fixture_release(&f);
	}
}

/* ---- Copies of a node, no SSH key in the spec ---------------------------------- */

static const char spec_web[] =
	"name: web\n"
	"provider: %s\n"
	"services:\n"
	"  - {name: site, kind: app, command: /usr/bin/site, port: 443, public: true}\n";

static void
test_count_and_no_key(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		struct fixture f;
		struct ipl_plan_node *n;
		char yaml[512];
		const char *main_tf, *vars, *outputs;
		bool contabo = !strcmp(providers[i], "contabo");

		snprintf(yaml, sizeof(yaml), spec_web, providers[i]);
		fixture_init(&f, yaml);
		n = add_node(&f, "main", IPL_ROLE_SINGLE, "10.0.1.2",
			     offer(&f, providers[i], "server", contabo ? "V91" : "cax11"));
		n->count = 3;
		place(&f, n, "site", 443, false);
		assert_int_equal(emit(&f), 0);
		main_tf = file(&f, "terraform/main.tf");
		vars = file(&f, "terraform/variables.tf");
		outputs = file(&f, "terraform/outputs.tf");

		/* no key in the spec: a variable to fill at apply time, no default */
		assert_lacks(block(&f, vars, "variable \"ssh_public_key\" {"), "default");
		/* no CIDR in the spec: SSH closed to the internet */
		assert_has(block(&f, vars, "variable \"ssh_allowed_cidrs\" {"), "default     = []");
		assert_has(main_tf, "count        = 3");
		if (contabo) {
			assert_has(main_tf, "display_name = \"web-main-${count.index + 1}\"");
			assert_has(
				main_tf,
				"instance_ids = [for i in contabo_instance.main : tonumber(i.id)]");
			assert_lacks(main_tf, "contabo_private_network");
			assert_has(outputs,
				   "[for i in contabo_instance.main : i.ip_config[0].v4[0].ip]");
		} else {
			assert_has(main_tf, "name         = \"web-main-${count.index + 1}\"");
			assert_has(main_tf,
				   "ip         = cidrhost(\"10.0.1.0/24\", 100 + count.index)");
			assert_has(outputs, "hcloud_server.main[*].ipv4_address");
		}
		check_fmt(&f, contabo ? "contabo-count" : "hetzner-count");
		fixture_release(&f);
	}
}

/* ---- More public services than any fixed array held ----------------------------- */

/*
 * 70 public services on one node: the cloud firewall once stopped at 64 ports
 * while ufw in the node's cloud-init opened all 70, with exit 0. Each port must
 * be in the firewall's rules, as often as ufw allows it.
 */
#define MANY_PORTS 70

static void
test_many_public_ports(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		struct fixture f;
		struct ipl_plan_node *n;
		struct ipl_buf yaml = IPL_BUF_INIT, needle = IPL_BUF_INIT;
		const char *fw, *cloud_init;
		bool contabo = !strcmp(providers[i], "contabo");

		ipl_buf_addf(&yaml, "name: many\nprovider: %s\nservices:\n", providers[i]);
		for (k = 0; k < MANY_PORTS; k++)
			ipl_buf_addf(&yaml,
				     "  - {name: s%d, kind: app, command: /usr/bin/s, port: %d, "
				     "public: true}\n",
				     k, 10000 + k);
		fixture_init(&f, ipl_buf_str(&yaml));
		n = add_node(&f, "main", IPL_ROLE_SINGLE, "10.0.1.2",
			     offer(&f, providers[i], "server", contabo ? "V91" : "cax11"));
		n->services = IPL_ARENA_ARRAY(&f.arena, struct ipl_placed_service, MANY_PORTS);
		for (k = 0; k < MANY_PORTS; k++) {
			ipl_buf_reset(&needle);
			ipl_buf_addf(&needle, "s%d", k);
			place(&f, n, ipl_buf_str(&needle), 10000 + k, false);
		}
		assert_int_equal(emit(&f), 0);
		assert_int_equal(ipl_emit_node_files(f.plan, &f.fs, &f.diags), 0);
		fw = block(&f, file(&f, "terraform/main.tf"),
			   contabo ? "resource \"contabo_firewall\" \"main\" {"
				   : "resource \"hcloud_firewall\" \"main\" {");
		cloud_init = file(&f, "nodes/main/cloud-init.yaml");
		for (k = 0; k < MANY_PORTS; k++) {
			ipl_buf_reset(&needle);
			if (contabo)
				ipl_buf_addf(&needle, "dest_ports = [\"%d\"]", 10000 + k);
			else
				ipl_buf_addf(&needle, "= \"%d\"\n", 10000 + k);
			assert_has(fw, ipl_buf_str(&needle));
			ipl_buf_reset(&needle);
			ipl_buf_addf(&needle, "%d/tcp", 10000 + k);
			assert_has(cloud_init, ipl_buf_str(&needle));
		}
		check_fmt(&f, contabo ? "contabo-many-ports" : "hetzner-many-ports");
		ipl_buf_release(&needle);
		ipl_buf_release(&yaml);
		fixture_release(&f);
	}
}

/* ---- Hostile strings ----------------------------------------------------------- */

/*
 * Names are [a-z0-9-], but the region (one line, no whitespace, at most 32
 * bytes), the SSH key's comment and env values are free text. The region and
 * the key reach HCL as variable defaults; env values must not reach it at all.
 */
static const char spec_hostile[] =
	"name: evil\n"
	"provider: %s\n"
	"region: 'x\"${file(\"/etc/passwd\")}'\n"
	"ssh_public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBy3jW3XoF2dRt8h0h1y7n8Q5qK7xvS2G8Ww2mP0aD4F "
	"%%{ if true }${file(\"/etc/shadow\")}\\'\n"
	"services:\n"
	"  - name: site\n"
	"    kind: app\n"
	"    command: /usr/bin/site --motd '${file(\"/etc/hostname\")}'\n"
	"    port: 443\n"
	"    public: true\n"
	"    env:\n"
	"      MOTD: '\"${file(\"/etc/group\")}\" %%{ for x in y }'\n";

static void
test_hostile_strings_escaped(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i, j;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		struct fixture f;
		struct ipl_plan_node *n;
		char yaml[2048];
		const char *vars;

		snprintf(yaml, sizeof(yaml), spec_hostile, providers[i]);
		fixture_init(&f, yaml);
		n = add_node(&f, "main", IPL_ROLE_SINGLE, "10.0.1.2",
			     offer(&f, providers[i], "server", "x1"));
		place(&f, n, "site", 443, false);
		/* the region is no region of the provider: refused, its files still made */
		assert_int_equal(emit(&f), -1);
		assert_true(has_diag(&f, IPL_ERROR, "region \"x\""));
		vars = file(&f, "terraform/variables.tf");

		/* the region lands as a literal: quote escaped, ${ doubled */
		assert_has(vars, "default     = \"x\\\"$${file(\\\"/etc/passwd\\\")}\"");
		/* the key's comment too, its trailing backslash doubled */
		assert_has(vars, "%%{ if true }$${file(\\\"/etc/shadow\\\")}\\\\\"\n");
		for (j = 0; j < f.fs.nr; j++) {
			const char *t = ipl_buf_str(&f.fs.files[j].content);
			if (strncmp(f.fs.files[j].path, "terraform/", 10) != 0)
				continue;
			/* no live interpolation or directive from the spec anywhere */
			assert_false(has_live_template(t, "${file("));
			assert_false(has_live_template(t, "%{ if"));
			assert_false(has_live_template(t, "%{ for"));
			/* while the emitter's own interpolation stays live */
			if (strstr(f.fs.files[j].path, "main.tf"))
				assert_true(has_live_template(t, "${path.module}"));
			assert_lacks(t, "/etc/group");
			assert_lacks(t, "/etc/hostname");
		}
		check_fmt(&f,
			  !strcmp(providers[i], "contabo") ? "contabo-hostile" : "hetzner-hostile");
		fixture_release(&f);
	}
}

/* ---- Determinism, the table, the file set -------------------------------------- */

static void
test_deterministic(void **state)
{
	static const char *const providers[] = { "contabo", "hetzner" };
	size_t i, j;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++) {
		struct fixture f;
		struct ipl_fileset again;

		build_001(&f, providers[i], "", "V94");
		assert_int_equal(emit(&f), 0);
		ipl_fileset_init(&again);
		assert_int_equal(
			ipl_provider_get(f.spec->provider)->emit_terraform(f.plan, &again, &f.diags),
			0);
		assert_int_equal(again.nr, f.fs.nr);
		for (j = 0; j < f.fs.nr; j++) {
			assert_string_equal(again.files[j].path, f.fs.files[j].path);
			assert_string_equal(ipl_buf_str(&again.files[j].content),
					    ipl_buf_str(&f.fs.files[j].content));
		}
		ipl_fileset_release(&again);
		fixture_release(&f);
	}
}

static void
test_provider_table(void **state)
{
	enum ipl_provider_id id;

	(void)state;
	/*
	 * The table reaches every emitter, and providers/aws.c and koyeb.c read
	 * settings through planners' ipl_setting (a dependency against the
	 * cmd -> planners -> providers direction). This test builds no plan, so
	 * nothing else would pull planners/plan.c into the link before the
	 * providers library is scanned; using it here does.
	 */
	assert_true(ipl_setting(&(struct ipl_num){ IPL_UNSET, { 0, 0 } }, 60) == 60);
	for (id = 0; id < IPL_PROVIDER__COUNT; id++) {
		const struct ipl_provider *p = ipl_provider_get(id);
		assert_non_null(p);
		assert_int_equal(p->id, id);
		assert_string_equal(p->name, ipl_provider_name(id));
	}
	assert_non_null(ipl_provider_get(IPL_PROVIDER_CONTABO)->emit_terraform);
	assert_non_null(ipl_provider_get(IPL_PROVIDER_HETZNER)->emit_terraform);
	/* a server the user already has: cloud-init and systemd only */
	assert_null(ipl_provider_get(IPL_PROVIDER_NONE)->emit_terraform);
	assert_null(ipl_provider_get(IPL_PROVIDER__COUNT));
}

static void
test_fileset(void **state)
{
	static const char *const paths[] = { "terraform/main.tf", "nodes/db/cloud-init.yaml",
					     "COST.md", "terraform/versions.tf" };
	struct ipl_fileset fs;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;

	(void)state;
	ipl_fileset_init(&fs);
	for (i = 0; i < IPL_ARRAY_SIZE(paths); i++) {
		ipl_buf_adds(&b, paths[i]);
		ipl_fileset_add(&fs, paths[i], &b, 0644);
		assert_int_equal(b.len, 0); /* the content was taken over */
	}
	assert_int_equal(fs.sorted_nr, 0);
	assert_string_equal(ipl_buf_str(&ipl_fileset_find(&fs, "COST.md")->content), "COST.md");
	ipl_fileset_sort(&fs);
	assert_int_equal(fs.sorted_nr, IPL_ARRAY_SIZE(paths));
	assert_string_equal(fs.files[0].path, "COST.md");
	assert_string_equal(fs.files[3].path, "terraform/versions.tf");
	for (i = 0; i < IPL_ARRAY_SIZE(paths); i++)
		assert_string_equal(ipl_buf_str(&ipl_fileset_find(&fs, paths[i])->content),
				    paths[i]);
	assert_null(ipl_fileset_find(&fs, "terraform/nope.tf"));
	ipl_buf_adds(&b, "x");
	ipl_fileset_add(&fs, "a", &b, 0600);
	/* added after the sort (as the manifest is): found in the unsorted tail */
	assert_int_equal(fs.sorted_nr, IPL_ARRAY_SIZE(paths));
	assert_int_equal(ipl_fileset_find(&fs, "a")->mode, 0600);
	assert_string_equal(ipl_buf_str(&ipl_fileset_find(&fs, "COST.md")->content), "COST.md");
	ipl_fileset_release(&fs);
	assert_int_equal(fs.nr, 0);
	ipl_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contabo_split),
		cmocka_unit_test(test_hetzner_split),
		cmocka_unit_test(test_hetzner_volumes_and_moves),
		cmocka_unit_test(test_db_node_never_public),
		cmocka_unit_test(test_servers_lifecycle),
		cmocka_unit_test(test_count_and_no_key),
		cmocka_unit_test(test_many_public_ports),
		cmocka_unit_test(test_hostile_strings_escaped),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_provider_table),
		cmocka_unit_test(test_fileset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
