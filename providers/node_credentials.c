/*
 * node_credentials.c: databases ready for the app. For every service that
 * depends on a PostgreSQL, MariaDB, Redis or RabbitMQ service, the node of
 * that database creates the app's role (and database) with a password made
 * there at first boot from /dev/urandom, kept root-only in
 * /etc/infraplan/secrets/; the app's node writes the app's connection
 * settings (DATABASE_URL and the like, and the *_PASSWORD variables the spec
 * names) into /etc/infraplan/APP.generated.env (0600) with
 * templates/app-env.sh.tmpl. No password is ever in a generated file.
 *
 * When the database runs on another node, the password is made there and
 * the app's node cannot know it: the operator copies it over SSH, one
 * command this file writes into the node's README (node_readme.c) and gen's
 * summary. That is the simplest way that puts the secret in no file infraplan
 * writes and gives neither node a key to the other.
 *
 * MongoDB gets an administrator and a user per app the same way, and its
 * authorization turned on once the first exist; it is installed from
 * MongoDB's repository at the end of setup.sh (setup_last), so its users are
 * made there, after it.
 * Part of the node files (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

#define SECRETS_DIR "/etc/infraplan/secrets"

/* ---- What each kind of database gives an app ----------------------------- */

struct cred_kind {
	const char *scheme;      /* of the URL */
	const char *url_key;     /* the URL's variable when the spec names none */
	const char *prefixes[4]; /* the spec's variables for it start PREFIX_ */
	bool role;               /* a role per app (else one password per server) */
	bool database;           /* and a database of the app's */
	int port;                /* the default port */
};

static const struct cred_kind *
cred_kind_of(enum ipl_service_kind k)
{
	static const struct cred_kind postgres = {
		"postgresql", "DATABASE_URL", { "POSTGRES", "PG", "DATABASE", "DB" },
		true,         true,           5432
	};
	static const struct cred_kind mysql = {
		"mysql", "DATABASE_URL", { "MYSQL", "MARIADB", "DATABASE", "DB" }, true, true, 3306
	};
	static const struct cred_kind redis = {
		"redis", "REDIS_URL", { "REDIS", "CACHE", NULL, NULL }, false, false, 6379
	};
	static const struct cred_kind queue = {
		"redis", "REDIS_URL", { "REDIS", "QUEUE", NULL, NULL }, false, false, 6379
	};
	static const struct cred_kind rabbitmq = {
		"amqp", "AMQP_URL", { "RABBITMQ", "AMQP", NULL, NULL }, true, false, 5672
	};
	static const struct cred_kind mongodb = {
		"mongodb", "MONGODB_URL", { "MONGODB", "MONGO", NULL, NULL }, true, true, 27017
	};

	switch (k) {
	case IPL_KIND_POSTGRES:
		return &postgres;
	case IPL_KIND_MYSQL:
		return &mysql;
	case IPL_KIND_REDIS:
		return &redis;
	case IPL_KIND_QUEUE:
		return &queue;
	case IPL_KIND_RABBITMQ:
		return &rabbitmq;
	case IPL_KIND_MONGODB:
		return &mongodb;
	default:
		return NULL;
	}
}

/* the placed service NAME anywhere in the plan, and its node */
static const struct ipl_placed_service *
find_in_plan(const struct ipl_plan *plan, const char *name, const struct ipl_plan_node **at)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_placed_service *ps = ipl_node_find_on_node(&plan->nodes[i], name);
		if (ps && plan->nodes[i].role != IPL_ROLE_SERVICE) {
			if (at)
				*at = &plan->nodes[i];
			return ps;
		}
	}
	return NULL;
}

/* the spec's plain value of variable KEY of s, or NULL; *named when it names KEY at all */
static const char *
env_value(const struct ipl_service *s, const char *key, bool *named)
{
	size_t i;

	for (i = 0; i < s->env_nr; i++)
		if (!strcmp(s->env[i].key, key)) {
			if (named)
				*named = true;
			return s->env[i].value;
		}
	return NULL;
}

/* a role or database name the SQL below can take unquoted: [A-Za-z0-9_], 1 to 32 */
static bool
safe_identifier(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	return n > 0 && n <= 32 && s[n] == '\0';
}

/* ---- One app's use of one database --------------------------------------- */

struct cred_use {
	const struct ipl_service *app;
	const struct ipl_placed_service *dep;
	const struct ipl_plan_node *dep_node;
	const struct cred_kind *kind;
	char prefix[40];   /* "DB": the spec's variables for it, or "" */
	char role[40];     /* the app's role (rabbitmq user) */
	char database[40]; /* the app's database */
	char file[160];    /* the password's file in SECRETS_DIR */
	int redis_db;      /* Redis: the database number on the node's server */
};

/*
 * A node's redis and queue services share its one redis-server, so one
 * password (requirepass), named after the first of them; the backup's dump
 * reads it under that name too (node_backup.c). Each gets a database of its
 * own (SELECT 0, 1, ...), in the node's order, so that a cache's FLUSHDB
 * leaves the queue's jobs alone.
 */
static bool
on_redis_server(const struct ipl_placed_service *ps)
{
	return (ps->svc->kind == IPL_KIND_REDIS || ps->svc->kind == IPL_KIND_QUEUE) &&
	       !ipl_node_runs_own_unit(ps->svc);
}

const struct ipl_placed_service *
ipl_node_redis_server(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; n && i < n->services_nr; i++)
		if (on_redis_server(&n->services[i]))
			return &n->services[i];
	return NULL;
}

/* dep's database number on n's redis-server: how many services share it before dep */
static int
redis_database(const struct ipl_plan_node *n, const struct ipl_placed_service *dep)
{
	int db = 0;
	size_t i;

	for (i = 0; n && i < n->services_nr; i++) {
		if (&n->services[i] == dep)
			return db;
		db += on_redis_server(&n->services[i]);
	}
	return 0;
}

static void
fill_use(struct cred_use *u, const struct ipl_service *app, const struct ipl_placed_service *dep,
	 const struct ipl_plan_node *dep_node)
{
	struct ipl_buf key = IPL_BUF_INIT;
	char own[40];
	const char *v;
	size_t i, j;

	memset(u, 0, sizeof(*u));
	u->app = app;
	u->dep = dep;
	u->dep_node = dep_node;
	u->kind = cred_kind_of(dep->svc->kind);
	/* the prefix: the dependency's own name (DB_ for db), then the kind's names */
	for (i = 0; dep->svc->name.s[i] && i + 1 < sizeof(own); i++) {
		char c = dep->svc->name.s[i];
		own[i] = c == '-' ? '_' : (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	own[i] = '\0';
	for (j = 0; j <= IPL_ARRAY_SIZE(u->kind->prefixes) && !u->prefix[0]; j++) {
		const char *p = j == 0 ? own : u->kind->prefixes[j - 1];
		size_t len = p ? strlen(p) : 0;
		for (i = 0; p && i < app->env_nr; i++)
			if (!strncmp(app->env[i].key, p, len) && app->env[i].key[len] == '_') {
				snprintf(u->prefix, sizeof(u->prefix), "%s", p);
				break;
			}
	}
	/* the role and database: the app's name, unless the spec names them plainly */
	for (i = 0; app->name.s[i] && i + 1 < sizeof(u->role); i++)
		u->role[i] = app->name.s[i] == '-' ? '_' : app->name.s[i];
	u->role[i] = '\0';
	snprintf(u->database, sizeof(u->database), "%s", u->role);
	if (u->prefix[0]) {
		ipl_buf_addf(&key, "%s_USER", u->prefix);
		v = env_value(app, ipl_buf_str(&key), NULL);
		if (v && safe_identifier(v))
			snprintf(u->role, sizeof(u->role), "%s", v);
		ipl_buf_reset(&key);
		ipl_buf_addf(&key, "%s_NAME", u->prefix);
		v = env_value(app, ipl_buf_str(&key), NULL);
		if (v && safe_identifier(v))
			snprintf(u->database, sizeof(u->database), "%s", v);
	}
	if (u->kind->role)
		snprintf(u->file, sizeof(u->file), "%s.%s.password", dep->svc->name.s, app->name.s);
	else {
		const struct ipl_placed_service *server = ipl_node_redis_server(dep_node);
		snprintf(u->file, sizeof(u->file), "%s.password",
			 (server ? server : dep)->svc->name.s);
		u->redis_db = redis_database(dep_node, dep);
	}
	ipl_buf_release(&key);
}

/* the dependencies of app that get credentials, at most max; returns how many */
static size_t
uses_of(const struct ipl_plan *plan, const struct ipl_service *app, struct cred_use *out,
	size_t max)
{
	size_t i, nr = 0;

	for (i = 0; i < app->depends_on_nr && nr < max; i++) {
		const struct ipl_plan_node *at = NULL;
		const struct ipl_placed_service *dep = find_in_plan(plan, app->depends_on[i].s,
								    &at);
		if (dep && cred_kind_of(dep->svc->kind) && !ipl_node_runs_own_unit(dep->svc))
			fill_use(&out[nr++], app, dep, at);
	}
	return nr;
}

#define MAX_USES 8

bool
ipl_node_gets_credentials(const struct ipl_node_emit *e, const struct ipl_service *s)
{
	struct cred_use u[MAX_USES];

	return uses_of(e->plan, s, u, MAX_USES) > 0;
}

/* true when the spec names variable PREFIX_WHAT of s (with a value or as a secret) */
static bool
names_variable(const struct ipl_service *s, const char *prefix, const char *what)
{
	struct ipl_buf key = IPL_BUF_INIT;
	bool named = false;

	ipl_buf_addf(&key, "%s_%s", prefix, what);
	env_value(s, ipl_buf_str(&key), &named);
	ipl_buf_release(&key);
	return named;
}

/*
 * The variables written for one use: the URL (PREFIX_URL when the spec names
 * it, else the kind's usual DATABASE_URL, REDIS_URL or AMQP_URL), and, when
 * the spec uses the family (PREFIX_HOST, PREFIX_PASSWORD or PREFIX_USER, as
 * DB_HOST: db with DB_PASSWORD does), PREFIX_PASSWORD, _USER and _NAME. A
 * variable the spec gives a value keeps it. Each key is added to `keys` as
 * " KEY " (so that two databases never write the same one) and, when
 * `writes` is given, as a line of app-env.sh that prints it from $PWVAR.
 */
static void
use_variables(const struct cred_use *u, const char *pwvar, struct ipl_buf *keys,
	      struct ipl_buf *writes)
{
	const char *what[] = { "URL", "PASSWORD", "USER", "NAME" };
	const char *host = u->dep->svc->name.s;
	int port = u->dep->port > 0 ? u->dep->port : u->kind->port;
	bool family = u->prefix[0] && (names_variable(u->app, u->prefix, "HOST") ||
				       names_variable(u->app, u->prefix, "PASSWORD") ||
				       names_variable(u->app, u->prefix, "USER"));
	struct ipl_buf key = IPL_BUF_INIT, val = IPL_BUF_INIT, probe = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(what); i++) {
		ipl_buf_reset(&key);
		ipl_buf_reset(&val);
		if (i == 0 && u->prefix[0] && names_variable(u->app, u->prefix, "URL"))
			ipl_buf_addf(&key, "%s_URL", u->prefix);
		else if (i == 0)
			ipl_buf_adds(&key, u->kind->url_key);
		else if (family && (i != 2 || u->kind->role) && (i != 3 || u->kind->database))
			ipl_buf_addf(&key, "%s_%s", u->prefix, what[i]);
		else
			continue;
		if (env_value(u->app, ipl_buf_str(&key), NULL))
			continue;
		ipl_buf_addf(&probe, " %s ", ipl_buf_str(&key));
		if (keys->len && strstr(ipl_buf_str(keys), ipl_buf_str(&probe))) {
			ipl_buf_reset(&probe);
			continue;
		}
		ipl_buf_add(keys, probe.data, probe.len);
		ipl_buf_reset(&probe);
		if (!writes)
			continue;
		switch (i) {
		case 0:
			if (u->kind->role)
				ipl_buf_addf(&val, "%s://%s:$%s@%s:%d/%s", u->kind->scheme, u->role,
					     pwvar, host, port,
					     u->kind->database ? u->database : "");
			else
				ipl_buf_addf(&val, "%s://:$%s@%s:%d/%d", u->kind->scheme, pwvar,
					     host, port, u->redis_db);
			break;
		case 1:
			ipl_buf_addf(&val, "$%s", pwvar);
			break;
		case 2:
			ipl_buf_adds(&val, u->role);
			break;
		default:
			ipl_buf_adds(&val, u->database);
			break;
		}
		/* keys are [A-Z0-9_] (spec loader); the value's parts [A-Za-z0-9_-], $VAR */
		ipl_buf_addf(writes, "\t[ -z \"$%s\" ] || printf '%%s\\n' \"%s=%s\"\n", pwvar,
			     ipl_buf_str(&key), ipl_buf_str(&val));
	}
	ipl_buf_release(&key);
	ipl_buf_release(&val);
	ipl_buf_release(&probe);
}

/* true when gen fills variable KEY of s (its secrets file says so instead of asking) */
bool
ipl_node_credential_fills(const struct ipl_node_emit *e, const struct ipl_service *s,
			  const char *key)
{
	struct cred_use u[MAX_USES];
	struct ipl_buf keys = IPL_BUF_INIT, probe = IPL_BUF_INIT;
	size_t i, nr = uses_of(e->plan, s, u, MAX_USES);
	bool found;

	for (i = 0; i < nr; i++)
		use_variables(&u[i], "pw", &keys, NULL);
	ipl_buf_addf(&probe, " %s ", key);
	found = keys.len && strstr(ipl_buf_str(&keys), ipl_buf_str(&probe));
	ipl_buf_release(&keys);
	ipl_buf_release(&probe);
	return found;
}

/* ---- On the database's node: the roles ----------------------------------- */

static void
add_password_function(struct ipl_node_emit *e)
{
	if (e->password_function)
		return;
	e->password_function = true;
	ipl_node_step(&e->setup_roles,
		      "# password FILE: the password in " SECRETS_DIR "/FILE (root only), made");
	ipl_node_step(
		&e->setup_roles,
		"# from /dev/urandom on this server the first time: never in a generated file");
	ipl_node_step(&e->setup_roles, "password() {");
	ipl_node_step(&e->setup_roles, "\tif [ ! -s \"" SECRETS_DIR "/$1\" ]; then");
	ipl_node_step(&e->setup_roles, "\t\tinstall -d -m 0700 " SECRETS_DIR);
	ipl_node_step(&e->setup_roles, "\t\t(umask 077 && tr -dc 'A-Za-z0-9' </dev/urandom | "
				       "head -c 32 >\"" SECRETS_DIR "/$1\")");
	ipl_node_step(&e->setup_roles, "\tfi");
	ipl_node_step(&e->setup_roles, "\tcat \"" SECRETS_DIR "/$1\"");
	ipl_node_step(&e->setup_roles, "}");
}

/*
 * MongoDB, at the end of setup.sh (it comes from MongoDB's repository, after
 * everything else): once mongod answers, its administrator (made while
 * authorization is still off, then used to log in) and, for use u, the app's
 * user with readWrite on its database; then authorization on, once. Each
 * password is in the shell's heredoc, never on a command line. The names are
 * [A-Za-z0-9_] and the passwords [A-Za-z0-9]: safe in the script's strings.
 */
static void
add_mongodb_users(struct ipl_node_emit *e, const struct ipl_placed_service *dep,
		  const struct cred_use *u)
{
	struct ipl_buf *b = &e->setup_last;
	int port = dep->port > 0 ? dep->port : 27017;

	add_password_function(e);
	if (u)
		ipl_node_step(b, "# %s (mongodb): the user of %s, with its password made here",
			      dep->svc->name.s, u->app->name.s);
	else
		ipl_node_step(b,
			      "# %s (mongodb): its administrator, with a password made here, "
			      "then authorization on",
			      dep->svc->name.s);
	ipl_node_step(b, "apw=$(password %s.admin.password)", dep->svc->name.s);
	if (u)
		ipl_node_step(b, "pw=$(password %s)", u->file);
	ipl_node_step(b, "tries=0");
	ipl_node_step(b,
		      "until mongosh --quiet --port %d --eval 'db.runCommand({ ping: 1 })' "
		      ">/dev/null 2>&1; do",
		      port);
	ipl_node_step(b, "\ttries=$((tries + 1))");
	ipl_node_step(b,
		      "\t[ \"$tries\" -lt 90 ] || { echo \"setup.sh: mongod does not answer on "
		      "port %d\" >&2; exit 1; }",
		      port);
	ipl_node_step(b, "\tsleep 2");
	ipl_node_step(b, "done");
	ipl_node_step(b, "out=$(mongosh --quiet --port %d <<EOF", port);
	ipl_node_step(b, "try {");
	ipl_node_step(b, "  const admin = db.getSiblingDB(\"admin\");");
	ipl_node_step(b, "  try { admin.auth(\"infraplan_admin\", \"$apw\"); } catch (e) {");
	ipl_node_step(b, "    admin.createUser({ user: \"infraplan_admin\", pwd: \"$apw\", "
			 "roles: [\"root\"] });");
	ipl_node_step(b, "    admin.auth(\"infraplan_admin\", \"$apw\");");
	ipl_node_step(b, "  }");
	if (u) {
		ipl_node_step(b, "  const app = db.getSiblingDB(\"%s\");", u->database);
		ipl_node_step(
			b, "  if (app.getUser(\"%s\")) app.updateUser(\"%s\", { pwd: \"$pw\" });",
			u->role, u->role);
		ipl_node_step(b,
			      "  else app.createUser({ user: \"%s\", pwd: \"$pw\", roles: "
			      "[{ role: \"readWrite\", db: \"%s\" }] });",
			      u->role, u->database);
	}
	ipl_node_step(b, "  print(\"infraplan-ok\");");
	ipl_node_step(b, "} catch (e) { print(\"infraplan-error: \" + e.message); }");
	ipl_node_step(b, "EOF");
	ipl_node_step(b, ")");
	ipl_node_step(b, "case $out in");
	ipl_node_step(b, "*infraplan-ok*) ;;");
	ipl_node_step(b, "*) echo \"setup.sh: the MongoDB users of %s: $out\" >&2; exit 1 ;;",
		      dep->svc->name.s);
	ipl_node_step(b, "esac");
	ipl_node_step(b, "if ! grep -q '^security:' /etc/mongod.conf; then");
	ipl_node_step(b, "\tprintf 'security:\\n  authorization: enabled\\n' >>/etc/mongod.conf");
	ipl_node_step(b, "\tsystemctl restart mongod");
	ipl_node_step(b, "fi");
}

/* the role (and database) of one app on the database ps, which runs here */
static void
add_role(struct ipl_node_emit *e, const struct cred_use *u)
{
	struct ipl_buf *b = &e->setup_roles;
	int port = u->dep->port > 0 ? u->dep->port : u->kind->port;

	add_password_function(e);
	ipl_node_step(b, "# %s (%s): the role of %s, with its password made here",
		      u->dep->svc->name.s, ipl_service_kind_name(u->dep->svc->kind),
		      u->app->name.s);
	/* file names are [a-z0-9.-]: one shell word as they are */
	ipl_node_step(b, "pw=$(password %s)", u->file);
	switch (u->dep->svc->kind) {
	case IPL_KIND_MYSQL:
		/* through stdin, not the command line; the names are [A-Za-z0-9_] */
		ipl_node_step(b, "mariadb <<EOF");
		ipl_node_step(b, "CREATE DATABASE IF NOT EXISTS \\`%s\\`;", u->database);
		ipl_node_step(b, "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '$pw';",
			      u->role);
		ipl_node_step(b, "ALTER USER '%s'@'%%' IDENTIFIED BY '$pw';", u->role);
		ipl_node_step(b, "GRANT ALL PRIVILEGES ON \\`%s\\`.* TO '%s'@'%%';", u->database,
			      u->role);
		ipl_node_step(b, "EOF");
		break;
	case IPL_KIND_POSTGRES:
		ipl_node_step(b, "runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p %d <<EOF",
			      port);
		ipl_node_step(b,
			      "SELECT 'CREATE ROLE %s LOGIN' WHERE NOT EXISTS "
			      "(SELECT FROM pg_roles WHERE rolname = '%s')\\gexec",
			      u->role, u->role);
		ipl_node_step(b, "ALTER ROLE %s LOGIN PASSWORD '$pw';", u->role);
		ipl_node_step(b,
			      "SELECT 'CREATE DATABASE %s OWNER %s' WHERE NOT EXISTS "
			      "(SELECT FROM pg_database WHERE datname = '%s')\\gexec",
			      u->database, u->role, u->database);
		ipl_node_step(b, "EOF");
		break;
	case IPL_KIND_RABBITMQ:
		ipl_node_step(b, "rabbitmqctl -q await_startup");
		ipl_node_step(b, "rabbitmqctl -q add_user %s \"$pw\" 2>/dev/null ||", u->role);
		ipl_node_step(b, "\trabbitmqctl -q change_password %s \"$pw\"", u->role);
		ipl_node_step(b, "rabbitmqctl -q set_permissions -p / %s '.*' '.*' '.*'", u->role);
		break;
	case IPL_KIND_MONGODB:
		/* the password is made here, before the app's settings are written */
		add_mongodb_users(e, u->dep, u);
		break;
	default:
		break;
	}
}

/* Redis: one password for the server (requirepass), in a file only redis reads */
static void
add_redis_password(struct ipl_node_emit *e, const struct ipl_placed_service *dep)
{
	struct ipl_buf *b = &e->setup_roles;
	struct cred_use u;

	/* the node's redis and queue services share the server and its password */
	if (e->redis_password)
		return;
	e->redis_password = true;
	fill_use(&u, dep->svc, dep, e->node);
	add_password_function(e);
	ipl_node_step(b,
		      "# %s (%s): a password (requirepass), made here, in a file only redis reads",
		      dep->svc->name.s, ipl_service_kind_name(dep->svc->kind));
	ipl_node_step(b, "pw=$(password %s)", u.file);
	ipl_node_step(b, "(umask 027 && printf 'requirepass %%s\\n' \"$pw\" "
			 ">/etc/redis/infraplan-auth.conf)");
	ipl_node_step(b, "chown root:redis /etc/redis/infraplan-auth.conf");
	ipl_node_step(b,
		      "grep -qxF 'include /etc/redis/infraplan-auth.conf' /etc/redis/redis.conf || "
		      "printf '%%s\\n' 'include /etc/redis/infraplan-auth.conf' "
		      ">>/etc/redis/redis.conf");
	ipl_node_step(b, "systemctl restart redis-server");
}

/* the operator's step for a password made on another node */
static void
add_copy_step(struct ipl_node_emit *e, const struct cred_use *u)
{
	const char *admin = e->spec->admin_user.s ? e->spec->admin_user.s : "deploy";
	struct ipl_buf summary = IPL_BUF_INIT;

	/* a shared password (Redis's) is copied once for each service that uses it: say which */
	ipl_buf_addf(&summary, "copy the password %s from node \"%s\" for %s", u->file,
		     u->dep_node->name, u->app->name.s);
	ipl_node_operator_step(
		e, ipl_buf_str(&summary),
		"Copy the password of `%s` (%s) for `%s`, made on node `%s` at its first boot, "
		"to this node over SSH (it is never in a generated file; `DB_NODE` and `APP_NODE` "
		"are the nodes' addresses from the Terraform outputs):\n\n"
		"  ```sh\n"
		"  ssh %s@DB_NODE sudo cat " SECRETS_DIR "/%s |\n"
		"    ssh %s@APP_NODE sudo /usr/local/lib/infraplan/env-%s.sh --password %s\n"
		"  ```\n\n"
		"  The script stores it, writes `/etc/infraplan/%s.generated.env` and restarts "
		"the service.",
		u->dep->svc->name.s, ipl_service_kind_name(u->dep->svc->kind), u->app->name.s,
		u->dep_node->name, admin, u->file, admin, u->app->name.s, u->file, u->app->name.s);
	ipl_buf_release(&summary);
}

/* ---- On the app's node: its connection settings -------------------------- */

static int
add_app_env(struct ipl_node_emit *e, const struct ipl_placed_service *ps, struct cred_use *u,
	    size_t nr)
{
	struct ipl_buf files = IPL_BUF_INIT, list = IPL_BUF_INIT, reads = IPL_BUF_INIT,
		       writes = IPL_BUF_INIT, keys = IPL_BUF_INIT, script = IPL_BUF_INIT,
		       path = IPL_BUF_INIT, var = IPL_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < nr; i++) {
		/* a password two uses share (a node's Redis) is read, asked for and copied once */
		size_t first = 0;
		while (strcmp(u[first].file, u[i].file))
			first++;
		ipl_buf_reset(&var);
		ipl_buf_addf(&var, "pw%zu", first + 1);
		use_variables(&u[i], ipl_buf_str(&var), &keys, &writes);
		if (first < i)
			continue;
		ipl_buf_addf(&files, "%s%s", files.len ? " | " : "", u[i].file);
		ipl_buf_addf(&list, "%s%s", list.len ? ", " : "", u[i].file);
		ipl_buf_addf(&reads, "%s=$(get %s)\n", ipl_buf_str(&var), u[i].file);
		ipl_buf_addf(&reads, "[ -n \"$%s\" ] || missing=\"$missing %s\"\n",
			     ipl_buf_str(&var), u[i].file);
		if (u[i].dep_node != e->node)
			add_copy_step(e, &u[i]);
	}
	if (reads.len)
		reads.data[--reads.len] = '\0';
	if (writes.len)
		writes.data[--writes.len] = '\0';
	{
		const struct ipl_template_var vars[] = {
			{ "service", ps->svc->name.s },   { "unit", ps->unit_name },
			{ "files", ipl_buf_str(&files) }, { "files_list", ipl_buf_str(&list) },
			{ "reads", ipl_buf_str(&reads) }, { "writes", ipl_buf_str(&writes) },
		};
		rc = ipl_node_render(e, &script, "app-env.sh.tmpl", vars, IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		ipl_buf_addf(&path, "/usr/local/lib/infraplan/env-%s.sh", ps->svc->name.s);
		ipl_node_yaml_write_file(&e->write_files, ipl_buf_str(&path), "0700", false,
					 ipl_buf_str(&script));
		ipl_node_step(&e->setup_roles, "# %s: its connection settings, with the passwords",
			      ps->svc->name.s);
		ipl_node_step(&e->setup_roles, "%s", ipl_buf_str(&path));
	}
	ipl_buf_release(&files);
	ipl_buf_release(&list);
	ipl_buf_release(&reads);
	ipl_buf_release(&writes);
	ipl_buf_release(&keys);
	ipl_buf_release(&script);
	ipl_buf_release(&path);
	ipl_buf_release(&var);
	return rc;
}

/*
 * This node's part: the roles of the databases that run here, for every app
 * of the plan that uses them, then the connection settings of the apps that
 * run here. setup.sh runs them after it configured the packages.
 */
int
ipl_node_emit_credentials(struct ipl_node_emit *e)
{
	const struct ipl_plan *plan = e->plan;
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *dep = &e->node->services[i];
		const struct cred_kind *kind = cred_kind_of(dep->svc->kind);
		bool used = false;
		if (!kind || ipl_node_runs_own_unit(dep->svc))
			continue;
		for (j = 0; j < plan->nodes_nr; j++) {
			const struct ipl_plan_node *n = &plan->nodes[j];
			for (k = 0; k < n->services_nr; k++) {
				struct cred_use u[MAX_USES];
				size_t m, nr = uses_of(plan, n->services[k].svc, u, MAX_USES);
				for (m = 0; m < nr; m++)
					if (u[m].dep == dep) {
						if (kind->role)
							add_role(e, &u[m]);
						used = true;
					}
			}
		}
		if (used && !kind->role)
			add_redis_password(e, dep);
		/* no app uses it: still an administrator, and authorization on */
		if (!used && dep->svc->kind == IPL_KIND_MONGODB)
			add_mongodb_users(e, dep, NULL);
	}
	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		struct cred_use u[MAX_USES];
		size_t nr;
		if (!ipl_node_runs_own_unit(ps->svc))
			continue;
		nr = uses_of(plan, ps->svc, u, MAX_USES);
		if (nr && add_app_env(e, ps, u, nr) < 0)
			rc = -1;
	}
	return rc;
}
