/*
 * test_node_files.c: the cloud-init user-data and systemd units of
 * providers/node_files.c, from plans built by hand (so that these tests do
 * not move when the planner's sizing does) and specs parsed from the YAML
 * below. Each test checks the lines that carry a decision; then the files are
 * written to a scratch directory and checked with the real tools by
 * tests/tools/node_files.sh --check (cloud-init schema, systemd-analyze
 * verify and security), which skips loudly when the tools are missing.
 *
 * Sources: 001 (KEC-18) for the split chat server + MySQL with backups to
 * Backblaze B2; 004 for one shared 4-core server with per-service CPU and RAM
 * budgets and daily full + hourly incremental backups kept 30 days; tfref.md
 * sections 3 and 4 for cloud-init and the hardened unit.
 *
 * KEEP_NODE_FILES=1 keeps the scratch directories (their names are printed)
 * to read the generated files.
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
#include "providers/emit.h"

#include "emit_fixture.h"

/* ---- Building plans by hand ------------------------------------------------ */

static struct ipl_plan_node *
add_node(struct fixture *f, const char *name, enum ipl_node_role role, const char *ip)
{
	struct ipl_plan_node *n = &f->plan->nodes[f->plan->nodes_nr++];

	n->name = name;
	n->role = role;
	n->count = 1;
	n->private_ip = ip;
	n->services = IPL_ARENA_ARRAY(&f->arena, struct ipl_placed_service, 16);
	return n;
}

/* places a spec service with the budget the planner would give it */
static void
place(struct fixture *f, struct ipl_plan_node *n, const char *name, double cpu_m, double mem_mib,
      int port, bool private_only)
{
	const struct ipl_service *s = ipl_spec_find_service(f->spec, name);
	struct ipl_placed_service *ps = &n->services[n->services_nr++];

	assert_non_null(s);
	ps->svc = s;
	ps->cpu_m = cpu_m;
	ps->memory_mib = mem_mib;
	ps->port = port;
	ps->public_port = s->public_port;
	ps->private_only = private_only;
	ps->unit_name = ipl_arena_printf(&f->arena, "infraplan-%s.service", name);
}

/* ---- Checking with the real tools ----------------------------------------------- */

/*
 * Writes the fileset under a scratch directory and runs the tools check on
 * it. A missing tool skips the test (cmocka's skip(), reported as SKIPPED).
 */
static void
check_with_tools(const struct fixture *f, const char *name)
{
	char dir[256], path[4096], cmd[8192];
	size_t i;
	int rc;

	snprintf(dir, sizeof(dir), "%s/infraplan-node-files-%s-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < f->fs.nr; i++) {
		char *slash;
		snprintf(path, sizeof(path), "%s/%s", dir, f->fs.files[i].path);
		slash = strrchr(path, '/');
		*slash = '\0';
		assert_int_equal(ipl_mkdir_p(path), 0);
		*slash = '/';
		if (ipl_atomic_write(path, ipl_buf_str(&f->fs.files[i].content),
				     f->fs.files[i].content.len, 0644) < 0)
			fail_msg("cannot write %s: %s", path, strerror(errno));
	}
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/tools/node_files.sh' --check '%s'", IPL_SOURCE_DIR,
		 dir);
	rc = system(cmd);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	if (getenv("KEEP_NODE_FILES"))
		fprintf(stderr, "kept %s\n", dir);
	else if (rc == 0 || rc == 77) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	if (rc == 77)
		skip();
	if (rc != 0)
		fail_msg("tests/tools/node_files.sh --check failed (status %d); files kept in %s",
			 rc, dir);
}

/* ---- 001: chat server and MySQL split over two nodes, backups to B2 --------- */

static const char spec_001[] =
	"name: kecalek\n"
	"provider: hetzner\n"
	"region: fsn1\n"
	"settings:\n"
	"  ssh_allowed_cidr: 203.0.113.0/24\n"
	"admin_user: ops\n"
	"ssh_public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBy3jW3XoF2dRt8h0h1y7n8Q5qK7xvS2G8Ww2mP0aD4F ops@example\n"
	"services:\n"
	"  - name: chat\n"
	"    kind: app\n"
	"    command: /opt/kecalek/venv/bin/python -m kecalek.server\n"
	"    port: 8443\n"
	"    public: true\n"
	"    cpu: 3\n"
	"    memory: 4Gi\n"
	"    env:\n"
	"      DB_HOST: 10.0.1.3\n"
	"      GREETING: \"100% \\\"secure\\\" chat\"\n"
	"      DB_PASSWORD: {secret: mysql-password}\n"
	"    depends_on: [db]\n"
	"  - name: db\n"
	"    kind: mysql\n"
	"    cpu: 3\n"
	"    memory: 8Gi\n"
	"    storage: 20GB\n"
	"backup:\n"
	"  target: b2\n"
	"  retention_days: 30\n"
	"  schedule:\n"
	"    - kind: full\n"
	"      every: daily\n";

static void
build_001(struct fixture *f)
{
	struct ipl_plan_node *app, *db;

	fixture_init(f, spec_001);
	f->plan->layout = IPL_LAYOUT_SPLIT;
	app = add_node(f, "app", IPL_ROLE_APP, "10.0.1.2");
	db = add_node(f, "db", IPL_ROLE_DB, "10.0.1.3");
	place(f, app, "chat", 3000, 4096, 8443, false);
	place(f, db, "db", 3000, 8192, 3306, true);
	assert_int_equal(ipl_emit_node_files(f->plan, &f->fs, &f->diags), 0);
}

static void
test_001_app_unit(void **state)
{
	struct fixture f;
	const char *u;

	(void)state;
	build_001(&f);
	u = file(&f, "nodes/app/systemd/infraplan-chat.service");
	assert_has(u, "\nExecStart=/opt/kecalek/venv/bin/python -m kecalek.server\n");
	/* 3 cores, 4 GiB: CPUQuota is millicores / 10 */
	assert_has(u, "\nCPUQuota=300%\n");
	assert_has(u, "\nMemoryMax=4096M\n");
	assert_has(u, "\nEnvironment=DB_HOST=10.0.1.3\n");
	/* % is a specifier in unit files, and the value has spaces and quotes */
	assert_has(u, "\nEnvironment=\"GREETING=100%% \\\"secure\\\" chat\"\n");
	/* the secret is a file the operator fills in, never a value */
	assert_has(u, "\nEnvironmentFile=-/etc/infraplan/chat.env\n");
	assert_lacks(u, "mysql-password");
	assert_has(u, "\nDynamicUser=yes\n");
	assert_has(u, "\nPrivateUsers=yes\n");
	assert_has(u, "\nCapabilityBoundingSet=\n");
	/* Python has no JIT: W^X stays on */
	assert_has(u, "\nMemoryDenyWriteExecute=yes\n");
	/* the database is on another node: nothing to order after here */
	assert_lacks(u, "After=mariadb");
	/* no inline comments: systemd would read them as part of the value */
	assert_lacks(u, "yes #");
	assert_null(ipl_fileset_find(&f.fs, "nodes/app/systemd/infraplan-backup-full.service"));
	fixture_release(&f);
}

static void
test_001_app_cloud_init(void **state)
{
	struct fixture f;
	const char *ci;

	(void)state;
	build_001(&f);
	ci = file(&f, "nodes/app/cloud-init.yaml");
	assert_true(!strncmp(ci, "#cloud-config\n", 14));
	assert_has(ci, "\nuser:\n  name: \"ops\"\n");
	assert_has(ci, "  lock_passwd: true\n  ssh_authorized_keys:\n    - \"ssh-ed25519 AAAA");
	assert_has(ci, "\ndisable_root: true\nssh_pwauth: false\n");
	assert_has(ci, "  - [\"ufw\", \"default\", \"deny\", \"incoming\"]\n");
	assert_has(
		ci,
		"  - [\"ufw\", \"allow\", \"from\", \"203.0.113.0/24\", \"to\", \"any\", \"port\", "
		"\"22\", \"proto\", \"tcp\"]\n");
	assert_has(ci, "  - [\"ufw\", \"allow\", \"8443/tcp\"]\n");
	assert_has(ci, "  - [\"ufw\", \"--force\", \"enable\"]\n");
	assert_has(ci, "  - [\"systemctl\", \"enable\", \"--now\", \"--no-block\", "
		       "\"infraplan-chat.service\"]\n");
	assert_has(ci, "  - path: \"/etc/systemd/system/infraplan-chat.service\"\n"
		       "    owner: \"root:root\"\n    permissions: \"0644\"\n    content: |\n"
		       "      # Generated by infraplan");
	/* the secrets file: no value, mode 0600, written after the packages */
	assert_has(ci, "  - path: \"/etc/infraplan/chat.env\"\n    owner: \"root:root\"\n"
		       "    permissions: \"0600\"\n    defer: true\n");
	/* issue 13: DB_PASSWORD is made on the database's node, copied by the operator */
	assert_lacks(ci, "      #DB_PASSWORD=\n");
	assert_has(ci, "# DB_PASSWORD: the secret \"mysql-password\" is made on its database's "
		       "server at first boot\n");
	assert_has(ci,
		   "\t[ -z \"$pw1\" ] || printf '%s\\n' \"DATABASE_URL=mysql://chat:$pw1@db:3306/"
		   "chat\"\n");
	assert_has(ci, "\t[ -z \"$pw1\" ] || printf '%s\\n' \"DB_PASSWORD=$pw1\"\n");
	assert_has(file(&f, "nodes/app/systemd/infraplan-chat.service"),
		   "\nEnvironmentFile=-/etc/infraplan/chat.generated.env\n");
	assert_has(file(&f, "nodes/app/README.md"),
		   "sudo cat /etc/infraplan/secrets/db.chat.password |\n"
		   "    ssh ops@APP_NODE sudo /usr/local/lib/infraplan/env-chat.sh --password "
		   "db.chat.password\n");
	/* nothing but the firewall opens ports, and no database on this node */
	assert_lacks(ci, "mariadb-server");
	assert_lacks(ci, "\"3306");
	fixture_release(&f);
}

static void
test_001_db_node(void **state)
{
	struct fixture f;
	const char *ci, *d, *svc, *timer;

	(void)state;
	build_001(&f);
	ci = file(&f, "nodes/db/cloud-init.yaml");
	/* 001: MySQL on its own node, reached over the private network only */
	assert_has(ci, "  - \"mariadb-server\"\n");
	/* boot test defect 2: a list, so that localhost keeps working */
	assert_has(ci, "      bind-address = 127.0.0.1,10.0.1.3\n");
	/* issue 13: the database port only from the app's node */
	assert_has(ci,
		   "  - [\"ufw\", \"allow\", \"from\", \"10.0.1.2\", \"to\", \"any\", \"port\", "
		   "\"3306\", \"proto\", \"tcp\"]\n");
	assert_lacks(ci, "\"10.0.1.0/24\", \"to\", \"any\", \"port\", \"3306\"");
	assert_lacks(ci, "\"3306/tcp\"");
	/* the role of chat, its password made here at first boot */
	assert_has(ci, "      pw=$(password db.chat.password)\n      mariadb <<EOF\n");
	assert_has(ci, "CREATE USER IF NOT EXISTS 'chat'@'%' IDENTIFIED BY '$pw';\n");
	assert_has(ci, "tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32");
	assert_has(ci, "net.ipv4.ip_nonlocal_bind = 1");
	/* the package's unit gets the spec's budget as a drop-in */
	d = file(&f, "nodes/db/systemd/mariadb.service.d/infraplan.conf");
	assert_has(d, "[Service]\nCPUQuota=300%\nMemoryMax=8192M\n");
	assert_has(ci, "  - path: \"/etc/systemd/system/mariadb.service.d/infraplan.conf\"\n");
	/* backups: the node keeps state, B2 credentials come from the env file */
	svc = file(&f, "nodes/db/systemd/infraplan-backup-full.service");
	timer = file(&f, "nodes/db/systemd/infraplan-backup-full.timer");
	assert_has(svc, "\nExecStart=/usr/local/lib/infraplan/backup.sh full\n");
	assert_has(svc, "\nEnvironmentFile=-/etc/infraplan/backup.env\n");
	assert_has(svc, "\nAfter=mariadb.service\n");
	assert_has(svc, "\nCapabilityBoundingSet=\n");
	assert_has(timer, "\nOnCalendar=daily\n");
	assert_has(timer, "\nPersistent=true\n");
	assert_has(timer, "\nRandomizedDelaySec=30m\n");
	assert_null(ipl_fileset_find(&f.fs, "nodes/db/systemd/infraplan-backup-incremental.timer"));
	assert_has(ci, "      #RESTIC_REPOSITORY=b2:BUCKET:/db\n      #B2_ACCOUNT_ID=\n");
	assert_has(ci, "mariadb-dump --all-databases --single-transaction");
	assert_has(ci, "--keep-within 30d --prune");
	assert_has(ci, "  - \"restic\"\n");
	assert_has(ci,
		   "  - [\"systemctl\", \"enable\", \"--now\", \"infraplan-backup-full.timer\"]\n");
	fixture_release(&f);
}

static void
test_001_tools(void **state)
{
	struct fixture f;

	(void)state;
	build_001(&f);
	check_with_tools(&f, "001");
	fixture_release(&f);
}

/* ---- 004: one shared server, per-service budgets, full + incremental --------- */

static const char spec_004[] = "name: learning\n"
			       "provider: none\n"
			       "nodes:\n"
			       "  - name: main\n"
			       "    cpu: 4\n"
			       "    memory: 8Gi\n"
			       "    disk: 200GB\n"
			       "services:\n"
			       "  - name: chatbot\n"
			       "    kind: app\n"
			       "    command: chatbot --port 8101 --greeting 'hello \"there\"'\n"
			       "    port: 8101\n"
			       "    cpu: 0.5\n"
			       "    memory: 512Mi\n"
			       "    node: main\n"
			       "  - name: backend\n"
			       "    kind: app\n"
			       "    command: /srv/api/bin/api --port 8080\n"
			       "    port: 8080\n"
			       "    stateful: true\n"
			       "    cpu: 0.5\n"
			       "    memory: 512Mi\n"
			       "    env:\n"
			       "      MONGODB_URL: {secret: mongodb-url}\n"
			       "      REDIS_URL: {secret: redis-url}\n"
			       "    node: main\n"
			       "    depends_on: [mongodb, redis]\n"
			       "  - name: jobs\n"
			       "    kind: worker\n"
			       "    command: cd /srv/jobs && exec ./run --queue \"$QUEUE\"\n"
			       "    cpu: 1\n"
			       "    memory: 1Gi\n"
			       "    node: main\n"
			       "  - name: frontend\n"
			       "    kind: static_site\n"
			       "    port: 443\n"
			       "    public: true\n"
			       "    cpu: 0.25\n"
			       "    memory: 256Mi\n"
			       "    node: main\n"
			       "  - name: mongodb\n"
			       "    kind: mongodb\n"
			       "    memory: 1Gi\n"
			       "    storage: 20GB\n"
			       "    node: main\n"
			       "  - name: redis\n"
			       "    kind: redis\n"
			       "    memory: 1Gi\n"
			       "    node: main\n"
			       "backup:\n"
			       "  target: local\n"
			       "  retention_days: 30\n"
			       "  schedule:\n"
			       "    - kind: full\n"
			       "      every: daily\n"
			       "    - kind: incremental\n"
			       "      every: hourly\n";

static void
build_004(struct fixture *f)
{
	struct ipl_plan_node *n;

	fixture_init(f, spec_004);
	n = add_node(f, "main", IPL_ROLE_PINNED, "10.0.1.2");
	place(f, n, "chatbot", 500, 512, 8101, false);
	place(f, n, "backend", 500, 512, 8080, false);
	place(f, n, "jobs", 1000, 1024, 0, false);
	place(f, n, "frontend", 250, 256, 443, false);
	/* no cpu in the spec: the planner's default budget, but no CPUQuota drop-in */
	place(f, n, "mongodb", 500, 1024, 27017, false);
	place(f, n, "redis", 250, 1024, 6379, false);
	assert_int_equal(ipl_emit_node_files(f->plan, &f->fs, &f->diags), 0);
}

static void
test_004_budgets(void **state)
{
	struct fixture f;
	const char *u, *d;

	(void)state;
	build_004(&f);
	/* 004: "Chatbot Service: RAM 512 MB, CPU 0.5 cores" */
	u = file(&f, "nodes/main/systemd/infraplan-chatbot.service");
	assert_has(u, "\nCPUQuota=50%\n");
	assert_has(u, "\nMemoryMax=512M\n");
	/* a bare program name goes through env, which searches PATH; quotes are kept */
	assert_has(
		u,
		"\nExecStart=/usr/bin/env chatbot --port 8101 --greeting \"hello \\\"there\\\"\"\n");
	/* shell syntax runs under /bin/sh, and $ stays the shell's, not systemd's */
	u = file(&f, "nodes/main/systemd/infraplan-jobs.service");
	assert_has(
		u,
		"\nExecStart=/bin/sh -c \"cd /srv/jobs && exec ./run --queue \\\"$$QUEUE\\\"\"\n");
	assert_has(u, "\nCPUQuota=100%\n");
	u = file(&f, "nodes/main/systemd/infraplan-backend.service");
	assert_has(u, "\nAfter=mongod.service\nAfter=redis-server.service\n");
	/* 004: "RAM: 1 GB" for the cache, no CPU figure: MemoryMax only */
	d = file(&f, "nodes/main/systemd/redis-server.service.d/infraplan.conf");
	assert_has(d, "[Service]\nMemoryMax=1024M\n");
	assert_lacks(d, "CPUQuota=");
	d = file(&f, "nodes/main/systemd/mongod.service.d/infraplan.conf");
	assert_has(d, "MemoryMax=1024M");
	d = file(&f, "nodes/main/systemd/nginx.service.d/infraplan.conf");
	assert_has(d, "CPUQuota=25%\nMemoryMax=256M\n");
	/* the static site is nginx, not a unit of ours */
	assert_null(ipl_fileset_find(&f.fs, "nodes/main/systemd/infraplan-frontend.service"));
	fixture_release(&f);
}

static void
test_004_backups(void **state)
{
	struct fixture f;
	const char *full, *inc, *svc, *ci;

	(void)state;
	build_004(&f);
	/* 004: "Daily full backup, Hourly incremental backup, 30-day retention" */
	full = file(&f, "nodes/main/systemd/infraplan-backup-full.timer");
	inc = file(&f, "nodes/main/systemd/infraplan-backup-incremental.timer");
	assert_has(full, "\nOnCalendar=daily\n");
	assert_has(inc, "\nOnCalendar=hourly\n");
	assert_has(inc, "\nRandomizedDelaySec=5m\n");
	assert_has(inc, "\nPersistent=true\n");
	svc = file(&f, "nodes/main/systemd/infraplan-backup-incremental.service");
	assert_has(svc, "\nExecStart=/usr/local/lib/infraplan/backup.sh incremental\n");
	/* a local repository needs no credentials: its password is made on the server */
	assert_has(svc, "\nEnvironment=RESTIC_REPOSITORY=/var/backups/infraplan/restic\n");
	/* the stateful backend's directory belongs to its dynamic user */
	assert_has(svc, "\nCapabilityBoundingSet=CAP_DAC_READ_SEARCH\n");
	ci = file(&f, "nodes/main/cloud-init.yaml");
	assert_has(ci, "mongodump --quiet --port=27017 --archive=\"$dumps\"/'mongodb.archive'");
	assert_has(ci, "redis-cli -p 6379 --rdb \"$dumps\"/'redis.rdb'");
	assert_has(ci, "\"$dumps\" '/var/lib/private/infraplan/backend'\n");
	assert_has(ci, "--keep-within 30d --prune");
	assert_has(ci, "head -c 32 /dev/urandom | base64 >/etc/infraplan/restic-password");
	fixture_release(&f);
}

static void
test_004_cloud_init(void **state)
{
	struct fixture f;
	const char *ci;

	(void)state;
	build_004(&f);
	ci = file(&f, "nodes/main/cloud-init.yaml");
	/* no admin_user: deploy; no key: the datasource's keys, said in a comment */
	assert_has(ci, "\nuser:\n  name: \"deploy\"\n");
	assert_lacks(ci, "ssh_authorized_keys");
	assert_has(ci, "# The spec gives no ssh_public_key");
	/* no ssh_allowed_cidr: SSH from the private network only, never the world */
	assert_has(ci,
		   "  - [\"ufw\", \"allow\", \"from\", \"10.0.0.0/16\", \"to\", \"any\", \"port\", "
		   "\"22\", \"proto\", \"tcp\"]\n");
	assert_lacks(ci, "\"22/tcp\"");
	assert_lacks(ci, "OpenSSH");
	/*
	 * single node: everything on localhost, only the site is public; its port
	 * is 443 but it has no domain, so no certificate: HTTP on 80, 443 closed
	 */
	assert_has(ci, "      bind 127.0.0.1\n");
	assert_has(ci, "  - [\"ufw\", \"allow\", \"80/tcp\"]\n");
	assert_lacks(ci, "\"443/tcp\"");
	assert_lacks(ci, "8101/tcp");
	assert_lacks(ci, "ip_nonlocal_bind");
	/* MongoDB is not in Debian: its own repository, pinned to its key */
	assert_has(
		ci,
		"[signed-by=/usr/share/keyrings/mongodb-server-8.0.gpg] https://repo.mongodb.org/apt/");
	assert_has(ci, "curl -fsSL https://www.mongodb.org/static/pgp/server-8.0.asc");
	assert_has(ci, "  - \"redis-server\"\n");
	assert_has(ci, "  - \"nginx\"\n");
	assert_lacks(ci, "  - \"mongodb");
	assert_has(ci, "  - [\"sh\", \"/usr/local/lib/infraplan/setup.sh\"]\n");
	assert_has(ci, "  - [\"test\", \"-e\", \"/var/lib/infraplan/setup.done\"]\n");
	/* issue 13: REDIS_URL and MONGODB_URL come with the passwords made here */
	assert_lacks(ci, "      #MONGODB_URL=\n");
	assert_lacks(ci, "      #REDIS_URL=\n");
	assert_has(ci, "\"MONGODB_URL=mongodb://backend:$pw1@mongodb:27017/backend\"");
	assert_has(ci, "\"REDIS_URL=redis://:$pw2@redis:6379/0\"");
	/* MongoDB: an administrator and the app's user, then authorization on */
	assert_has(
		ci,
		"admin.createUser({ user: \"infraplan_admin\", pwd: \"$apw\", roles: [\"root\"] });");
	assert_has(ci, "roles: [{ role: \"readWrite\", db: \"backend\" }] });");
	assert_has(ci, "printf 'security:\\n  authorization: enabled\\n' >>/etc/mongod.conf");
	assert_has(ci, "printf 'requirepass %s\\n' \"$pw\" >/etc/redis/infraplan-auth.conf");
	/* boot test defect 1: on one node the names the backend uses are 127.0.0.1 */
	assert_has(ci, "\tprintf '%s\\n' '127.0.0.1 mongodb # infraplan'\n");
	assert_has(ci, "\tprintf '%s\\n' '127.0.0.1 redis # infraplan'\n");
	assert_has(ci, "  - [\"systemctl\", \"enable\", \"--now\", \"infraplan-hosts.service\"]\n");
	assert_has(file(&f, "nodes/main/systemd/infraplan-backend.service"),
		   "\nAfter=infraplan-hosts.service\nWants=infraplan-hosts.service\n");
	fixture_release(&f);
}

static void
test_004_tools(void **state)
{
	struct fixture f;

	(void)state;
	build_004(&f);
	check_with_tools(&f, "004");
	fixture_release(&f);
}

/* ---- 000: Node.js, images, PostgreSQL and MinIO on two pinned nodes ----------- */

static const char spec_000[] = "name: flexiyo\n"
			       "provider: contabo\n"
			       "region: EU\n"
			       "nodes:\n"
			       "  - name: vps1\n"
			       "    type: cloud-vps-20\n"
			       "  - name: vps2\n"
			       "    type: cloud-vps-10\n"
			       "services:\n"
			       "  - name: api\n"
			       "    kind: app\n"
			       "    command: /usr/bin/node /srv/flexiyo/api/server.js\n"
			       "    port: 443\n"
			       "    public: true\n"
			       "    cpu: 1.5\n"
			       "    memory: 2Gi\n"
			       "    env:\n"
			       "      DATABASE_URL: {secret: postgres-url}\n"
			       "    node: vps1\n"
			       "    depends_on: [postgres, rabbitmq]\n"
			       "  - name: postgres\n"
			       "    kind: postgres\n"
			       "    cpu: 1.5\n"
			       "    memory: 4Gi\n"
			       "    storage: 40GB\n"
			       "    node: vps1\n"
			       "  - name: web\n"
			       "    kind: app\n"
			       "    image: docker.io/library/nginx:1.27\n"
			       "    port: 8080\n"
			       "    cpu: 0.5\n"
			       "    memory: 256Mi\n"
			       "    env:\n"
			       "      MODE: static site\n"
			       "    node: vps2\n"
			       "  - name: minio\n"
			       "    kind: object_storage\n"
			       "    storage: 50GB\n"
			       "    node: vps2\n"
			       "  - name: rabbitmq\n"
			       "    kind: rabbitmq\n"
			       "    cpu: 0.5\n"
			       "    memory: 512Mi\n"
			       "    node: vps2\n"
			       "backup:\n"
			       "  target: s3\n"
			       "  schedule:\n"
			       "    - every: \"*-*-* 03:00:00\"\n";

/* the 000 plan with the nodes' private addresses, or NULL when the provider assigns them */
static void
build_000_at(struct fixture *f, const char *ip1, const char *ip2)
{
	struct ipl_plan_node *a, *b;

	fixture_init(f, spec_000);
	f->plan->layout = IPL_LAYOUT_SPLIT;
	a = add_node(f, "vps1", IPL_ROLE_PINNED, ip1);
	b = add_node(f, "vps2", IPL_ROLE_PINNED, ip2);
	place(f, a, "api", 1500, 2048, 443, false);
	place(f, a, "postgres", 1500, 4096, 5432, true);
	place(f, b, "web", 500, 256, 8080, false);
	place(f, b, "minio", 250, 512, 9000, true);
	place(f, b, "rabbitmq", 500, 512, 5672, true);
	assert_int_equal(ipl_emit_node_files(f->plan, &f->fs, &f->diags), 0);
}

static void
build_000(struct fixture *f)
{
	build_000_at(f, "10.0.1.2", "10.0.1.3");
}

static void
test_000_node_runtime(void **state)
{
	struct fixture f;
	const char *u;

	(void)state;
	build_000(&f);
	u = file(&f, "nodes/vps1/systemd/infraplan-api.service");
	/* Node.js JIT-compiles: W^X would crash it at start */
	assert_has(u, "\nMemoryDenyWriteExecute=no\n");
	/* port 443: the one capability to bind it, and no user namespace */
	assert_has(u, "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n");
	assert_has(u, "\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n");
	assert_lacks(u, "PrivateUsers=yes");
	assert_has(u, "\nAfter=postgresql.service\n");
	/* issue 13: the profile of runtime node says why, and Debian's nodejs runs it */
	assert_has(u, "# Runtime node compiles to machine code as it runs (a JIT)");
	assert_has(file(&f, "nodes/vps1/cloud-init.yaml"), "  - \"nodejs\"\n");
	/* no start and no restart loop before the code is deployed */
	assert_has(u, "\nConditionPathExists=/srv/flexiyo/api/server.js\n");
	assert_has(u, "\nWorkingDirectory=-/srv/api\n");
	assert_has(
		file(&f, "nodes/vps1/README.md"),
		"`infraplan-api.service` does not start before `/srv/flexiyo/api/server.js` exists");
	fixture_release(&f);
}

static void
test_000_postgres(void **state)
{
	struct fixture f;
	const char *ci, *t;

	(void)state;
	build_000(&f);
	ci = file(&f, "nodes/vps1/cloud-init.yaml");
	assert_has(ci, "'listen_addresses = '\\''localhost,10.0.1.2'\\'''");
	assert_has(ci, "'host all all 10.0.1.0/24 scram-sha-256'");
	/* the backup runs as root and reaches PostgreSQL through a peer map */
	assert_has(ci, "'infraplan-backup root postgres'");
	assert_has(ci, "pg_dumpall --username=postgres --port=5432 --clean --if-exists");
	assert_has(ci, "      #RESTIC_REPOSITORY=s3:s3.REGION.amazonaws.com/BUCKET/vps1\n");
	assert_has(ci,
		   "  - [\"ufw\", \"allow\", \"from\", \"10.0.1.0/24\", \"to\", \"any\", \"port\", "
		   "\"5432\", \"proto\", \"tcp\"]\n");
	assert_non_null(
		ipl_fileset_find(&f.fs, "nodes/vps1/systemd/postgresql@.service.d/infraplan.conf"));
	/* a calendar expression is passed as it is, unquoted */
	t = file(&f, "nodes/vps1/systemd/infraplan-backup-full.timer");
	assert_has(t, "\nOnCalendar=*-*-* 03:00:00\n");
	/* api uses rabbitmq on vps2: its name resolves to vps2's private address */
	assert_has(ci, "\tprintf '%s\\n' '10.0.1.3 rabbitmq # infraplan'\n");
	t = file(&f, "nodes/vps1/systemd/infraplan-hosts.service");
	assert_has(t, "\nBefore=infraplan-api.service\n");
	assert_has(t, "\nReadWritePaths=/etc/hosts /run\n");
	/* vps2 uses nothing elsewhere */
	assert_null(ipl_fileset_find(&f.fs, "nodes/vps2/systemd/infraplan-hosts.service"));
	fixture_release(&f);
}

static void
test_000_image_and_minio(void **state)
{
	struct fixture f;
	const char *u, *ci;
	size_t i;
	bool warned = false;

	(void)state;
	build_000(&f);
	u = file(&f, "nodes/vps2/systemd/infraplan-web.service");
	/* systemd runs the unpacked image itself, hardened like every service */
	assert_has(u, "\nExecStart=/.infraplan/busybox sh /.infraplan/run\n");
	assert_has(u,
		   "\nRequires=infraplan-web-image.service\nAfter=infraplan-web-image.service\n");
	assert_has(u, "\nRootDirectory=/var/lib/infraplan-images/web/rootfs\n"
		      "BindReadOnlyPaths=/etc/resolv.conf /etc/hosts\n");
	assert_has(u, "\nEnvironment=\"MODE=static site\"\n");
	assert_has(u, "\nDynamicUser=yes\n");
	assert_has(u, "\nCPUQuota=50%\nMemoryMax=256M\n");
	/* the image is fetched and unpacked by a unit of its own; the spec's keys win */
	u = file(&f, "nodes/vps2/systemd/infraplan-web-image.service");
	assert_has(u, "\nExecStart=/usr/local/lib/infraplan/image-unpack.sh web "
		      "docker.io/library/nginx:1.27 MODE\n");
	assert_has(u, "\nBefore=infraplan-web.service\n");
	assert_has(u, "\nStateDirectory=infraplan-images/web\n");
	ci = file(&f, "nodes/vps2/cloud-init.yaml");
	assert_has(ci, "  - \"skopeo\"\n");
	assert_has(ci, "  - \"umoci\"\n");
	assert_has(ci, "  - \"busybox-static\"\n");
	assert_has(ci, "  - path: \"/usr/local/lib/infraplan/image-unpack.sh\"\n");
	assert_null(strstr(ci, "  - \"podman\"\n"));
	assert_has(ci, "      listeners.tcp.2 = 10.0.1.3:5672\n");
	/* MinIO: no signed repository, so setup stops loudly, and gen warns */
	assert_has(ci, "failed=1");
	for (i = 0; i < f.diags.nr; i++)
		if (f.diags.items[i].severity == IPL_WARNING &&
		    strstr(f.diags.items[i].message, "MinIO"))
			warned = true;
	assert_true(warned);
	/* the spec gave MinIO no budget: no drop-in */
	assert_null(ipl_fileset_find(&f.fs, "nodes/vps2/systemd/minio.service.d/infraplan.conf"));
	/* vps2 keeps state (rabbitmq, minio) but has no database to dump */
	assert_non_null(
		ipl_fileset_find(&f.fs, "nodes/vps2/systemd/infraplan-backup-full.service"));
	fixture_release(&f);
}

static void
test_000_tools(void **state)
{
	struct fixture f;

	(void)state;
	build_000(&f);
	check_with_tools(&f, "000");
	fixture_release(&f);
}

/*
 * Contabo assigns the private addresses (contabo_private_network's
 * instances[].private_ip_config is read-only: the provider's
 * resource_private_networking.go): the plan leaves them NULL, nothing in the
 * user-data assumes one, and each server finds its own at boot.
 */
static void
test_000_addresses_found_at_boot(void **state)
{
	struct fixture f;
	const char *ci, *u;

	(void)state;
	build_000_at(&f, NULL, NULL);
	ci = file(&f, "nodes/vps1/cloud-init.yaml");
	/* no guessed address anywhere: localhost until the boot step finds the real one */
	assert_lacks(ci, "10.0.");
	assert_has(ci, "'listen_addresses = '\\''localhost'\\'''");
	assert_has(ci, "include_if_exists = '\\''/etc/infraplan/private/postgresql.conf'\\''");
	assert_has(ci, "\"listen_addresses = 'localhost,%s'\\n\" \"$addr\" | update "
		       "/etc/infraplan/private/postgresql.conf && restart=1\n");
	/* the firewall admits the private network on its own interface only */
	assert_has(ci,
		   "ufw allow in on \"$iface\" from \"$cidr\" to \"$addr\" port 5432 proto tcp\n");
	/* boot test defect 3: cloud-final does not wait for the other nodes; the unit
	   retries on its own, a bounded run at a time */
	assert_has(ci, "  - [\"systemctl\", \"enable\", \"--now\", \"--no-block\", "
		       "\"infraplan-private-address.service\"]\n");
	u = file(&f, "nodes/vps1/systemd/infraplan-private-address.service");
	assert_has(u, "\nBefore=postgresql.service\n");
	assert_has(u, "\nRestart=on-failure\nRestartSec=1min\n");
	assert_has(u, "\nStartLimitIntervalSec=0\n");
	assert_has(u, "\nTimeoutStartSec=10min\n");
	/* boot test defect 4: the app waits for the unit that names rabbitmq on vps2 */
	assert_has(file(&f, "nodes/vps1/systemd/infraplan-api.service"),
		   "\nAfter=infraplan-private-address.service\n"
		   "Wants=infraplan-private-address.service\n");
	assert_has(ci, "peer rabbitmq 5672 || failed=1\n");
	ci = file(&f, "nodes/vps2/cloud-init.yaml");
	assert_has(ci, "listeners.tcp.2 = %s:5672");
	check_with_tools(&f, "000-contabo");
	fixture_release(&f);
}

/* ---- Guards -------------------------------------------------------------------- */

static void
test_managed_nodes_get_nothing(void **state)
{
	struct fixture f;
	struct ipl_plan_node *n;

	(void)state;
	fixture_init(&f, spec_001);
	n = add_node(&f, "chat", IPL_ROLE_SERVICE, NULL);
	place(&f, n, "chat", 1000, 1024, 8443, false);
	assert_int_equal(ipl_emit_node_files(f.plan, &f.fs, &f.diags), 0);
	assert_int_equal(f.fs.nr, 0);
	fixture_release(&f);
}

static void
test_output_is_deterministic(void **state)
{
	struct fixture a, b;
	size_t i;

	(void)state;
	build_004(&a);
	build_004(&b);
	assert_int_equal(a.fs.nr, b.fs.nr);
	for (i = 0; i < a.fs.nr; i++) {
		assert_string_equal(a.fs.files[i].path, b.fs.files[i].path);
		assert_string_equal(ipl_buf_str(&a.fs.files[i].content),
				    ipl_buf_str(&b.fs.files[i].content));
	}
	fixture_release(&a);
	fixture_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_001_app_unit),
		cmocka_unit_test(test_001_app_cloud_init),
		cmocka_unit_test(test_001_db_node),
		cmocka_unit_test(test_001_tools),
		cmocka_unit_test(test_004_budgets),
		cmocka_unit_test(test_004_backups),
		cmocka_unit_test(test_004_cloud_init),
		cmocka_unit_test(test_004_tools),
		cmocka_unit_test(test_000_node_runtime),
		cmocka_unit_test(test_000_postgres),
		cmocka_unit_test(test_000_image_and_minio),
		cmocka_unit_test(test_000_tools),
		cmocka_unit_test(test_000_addresses_found_at_boot),
		cmocka_unit_test(test_managed_nodes_get_nothing),
		cmocka_unit_test(test_output_is_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
