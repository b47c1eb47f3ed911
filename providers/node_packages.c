/*
 * node_packages.c: the services Debian packages run (postgres, mysql, redis,
 * queue, rabbitmq, mongodb, minio, static_site): the setup steps that
 * configure each, the settings that wait for the private address found at
 * boot, and the budget drop-ins (UNIT.d/infraplan.conf) that give a packaged
 * unit the spec's cpu and memory. Part of the node files (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

/* ---- Services Debian packages run --------------------------------------- */

static struct ipl_node_package_unit *
package_unit(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	const struct ipl_node_kind_info *k = ipl_node_kind_of(ps->svc);
	struct ipl_node_package_unit *u;
	size_t i;

	for (i = 0; i < e->units_nr; i++)
		if (!strcmp(e->units[i].unit, k->unit))
			return &e->units[i];
	u = &e->units[e->units_nr++];
	u->unit = k->unit;
	u->origin = k->origin;
	u->cpu_m = u->memory_mib = IPL_UNSET;
	ipl_buf_init(&u->services);
	u->first = ps;
	return u;
}

/* a setup.sh line: a comment, or a command whose arguments are already shell-escaped */

void
ipl_node_step(struct ipl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_buf_vaddf(b, fmt, ap);
	va_end(ap);
	ipl_buf_addc(b, '\n');
}

/* the value as one shell word, in a buffer of its own for use in ipl_node_step() */
const char *
ipl_node_shell_word(struct ipl_buf *scratch, const char *s)
{
	ipl_buf_reset(scratch);
	ipl_escape_shell_word(scratch, s);
	return ipl_buf_str(scratch);
}

static void
configure_postgres(struct ipl_node_emit *e, const struct ipl_placed_service *ps, bool backups)
{
	struct ipl_buf v = IPL_BUF_INIT, w = IPL_BUF_INIT, a = IPL_BUF_INIT;
	const char *addr = ipl_node_bind_address(e, ps);
	bool private = strcmp(addr, "127.0.0.1") != 0;

	ipl_node_add_package(e, "postgresql");
	if (private)
		ipl_buf_addf(&v, "listen_addresses = 'localhost,%s'", addr);
	else
		ipl_buf_adds(&v, "listen_addresses = 'localhost'");
	ipl_buf_addf(&w, "port = %d", ps->port > 0 ? ps->port : 5432);
	ipl_node_step(&e->setup, "# %s (postgres): listen on %s%s", ps->svc->name.s,
		      private ? "localhost and the private address " : "localhost only",
		      private ? addr : "");
	/* Debian's postgresql.conf reads conf.d/; the directory carries the version */
	ipl_node_step(&e->setup, "for dir in /etc/postgresql/*/main; do");
	ipl_node_step(&e->setup, "\tprintf '%%s\\n' %s \\",
		      ipl_node_shell_word(&a, ipl_buf_str(&v)));
	if (ipl_node_finds_private_address(e)) {
		/* the private listener comes at boot (private-address.sh) */
		ipl_node_step(&e->setup, "\t\t%s \\", ipl_node_shell_word(&a, ipl_buf_str(&w)));
		ipl_node_step(&e->setup, "\t\t%s >\"$dir/conf.d/infraplan.conf\"",
			      ipl_node_shell_word(&a, "include_if_exists = '" PRIVATE_DIR
						      "/postgresql.conf'"));
		ipl_node_step(
			&e->setup,
			"\t# the other nodes of the private network, with a password: its range is");
		ipl_node_step(
			&e->setup,
			"\t# the provider's choice, so samenet (the firewall admits it on the private");
		ipl_node_step(&e->setup, "\t# interface only)");
		ipl_node_step(&e->setup, "\tline='host all all samenet scram-sha-256'");
		ipl_node_step(&e->setup, "\tgrep -qxF \"$line\" \"$dir/pg_hba.conf\" || "
					 "printf '%%s\\n' \"$line\" >>\"$dir/pg_hba.conf\"");
	} else {
		ipl_node_step(&e->setup, "\t\t%s >\"$dir/conf.d/infraplan.conf\"",
			      ipl_node_shell_word(&a, ipl_buf_str(&w)));
	}
	if (private) {
		ipl_buf_reset(&w);
		ipl_buf_addf(&w, "host all all %s scram-sha-256", e->plan->subnet_cidr);
		ipl_node_step(&e->setup,
			      "\t# the other nodes of the private subnet, with a password");
		ipl_node_step(&e->setup, "\tline=%s", ipl_node_shell_word(&a, ipl_buf_str(&w)));
		ipl_node_step(&e->setup, "\tgrep -qxF \"$line\" \"$dir/pg_hba.conf\" || "
					 "printf '%%s\\n' \"$line\" >>\"$dir/pg_hba.conf\"");
	}
	if (backups) {
		ipl_node_step(&e->setup, "\t# the backup runs as root: map root to the postgres "
					 "role, next to postgres itself");
		ipl_node_step(&e->setup, "\tfor map in 'infraplan-backup root postgres' "
					 "'infraplan-backup postgres postgres'; do");
		ipl_node_step(&e->setup, "\t\tgrep -qxF \"$map\" \"$dir/pg_ident.conf\" || "
					 "printf '%%s\\n' \"$map\" >>\"$dir/pg_ident.conf\"");
		ipl_node_step(&e->setup, "\tdone");
		ipl_node_step(
			&e->setup,
			"\tsed -i "
			"'s/"
			"^local[[:space:]]\\+all[[:space:]]\\+postgres[[:space:]]\\+peer[[:space:]]*$/"
			"local all postgres peer map=infraplan-backup/' \"$dir/pg_hba.conf\"");
	}
	ipl_node_step(&e->setup, "done");
	ipl_node_step(&e->setup, "systemctl restart postgresql");
	ipl_buf_release(&v);
	ipl_buf_release(&w);
	ipl_buf_release(&a);
}

static void
configure_mariadb(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *addr = ipl_node_bind_address(e, ps);
	/* MariaDB 10.11 takes a list: localhost stays, as docs/spec.md says */
	bool private = strcmp(addr, "127.0.0.1") != 0;

	ipl_node_add_package(e, "mariadb-server");
	/* written before the package is installed, so the first start already uses it */
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where MariaDB listens for service %s.\n"
		     "# 127.0.0.1 when only this node uses it, and the private address too when\n"
		     "# other nodes do (the firewall admits them from the private subnet only).\n"
		     "[mysqld]\n"
		     "bind-address = %s%s\n"
		     "port = %d\n",
		     ps->svc->name.s, private ? "127.0.0.1," : "", addr,
		     ps->port > 0 ? ps->port : 3306);
	if (ipl_node_finds_private_address(e)) {
		/* the private address comes at boot; the directory must exist from the start */
		ipl_buf_adds(
			&t,
			"# The private address, found at boot by infraplan-private-address.service:\n"
			"!includedir " PRIVATE_DIR "/mariadb\n");
		ipl_node_yaml_write_file(
			&e->write_files, PRIVATE_DIR "/mariadb/bind.cnf", "0644", false,
			"# Replaced at boot by infraplan-private-address.service.\n"
			"[mysqld]\n"
			"bind-address = 127.0.0.1\n");
	}
	ipl_node_yaml_write_file(&e->write_files, "/etc/mysql/mariadb.conf.d/99-infraplan.cnf",
				 "0644", false, ipl_buf_str(&t));
	ipl_buf_release(&t);
}

static void
configure_redis(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *addr = ipl_node_bind_address(e, ps);

	ipl_node_add_package(e, "redis-server");
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where Redis listens for service %s; included\n"
		     "# at the end of /etc/redis/redis.conf, so these lines win.\n"
		     "bind 127.0.0.1%s%s\n"
		     "port %d\n",
		     ps->svc->name.s, strcmp(addr, "127.0.0.1") ? " " : "",
		     strcmp(addr, "127.0.0.1") ? addr : "", ps->port > 0 ? ps->port : 6379);
	ipl_node_yaml_write_file(&e->write_files, "/etc/redis/infraplan.conf", "0644", false,
				 ipl_buf_str(&t));
	ipl_node_step(&e->setup, "# %s (%s): read /etc/redis/infraplan.conf", ps->svc->name.s,
		      ipl_service_kind_name(ps->svc->kind));
	ipl_node_step(
		&e->setup,
		"grep -qxF 'include /etc/redis/infraplan.conf' /etc/redis/redis.conf || "
		"printf '%%s\\n' 'include /etc/redis/infraplan.conf' >>/etc/redis/redis.conf");
	if (ipl_node_finds_private_address(e)) {
		/* read after infraplan.conf, so its bind line wins once the address is found */
		ipl_node_yaml_write_file(
			&e->write_files, PRIVATE_DIR "/redis.conf", "0644", false,
			"# Replaced at boot by infraplan-private-address.service.\n"
			"bind 127.0.0.1\n");
		ipl_node_step(&e->setup, "grep -qxF 'include " PRIVATE_DIR
					 "/redis.conf' /etc/redis/redis.conf || "
					 "printf '%%s\\n' 'include " PRIVATE_DIR
					 "/redis.conf' >>/etc/redis/redis.conf");
	}
	ipl_node_step(&e->setup, "systemctl restart redis-server");
	ipl_buf_release(&t);
}

static void
configure_rabbitmq(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *addr = ipl_node_bind_address(e, ps);
	int port = ps->port > 0 ? ps->port : 5672;

	ipl_node_add_package(e, "rabbitmq-server");
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where RabbitMQ listens for service %s.\n"
		     "listeners.tcp.1 = 127.0.0.1:%d\n",
		     ps->svc->name.s, port);
	if (strcmp(addr, "127.0.0.1"))
		ipl_buf_addf(&t, "listeners.tcp.2 = %s:%d\n", addr, port);
	ipl_node_yaml_write_file(&e->write_files, "/etc/rabbitmq/conf.d/90-infraplan.conf", "0644",
				 false, ipl_buf_str(&t));
	ipl_buf_release(&t);
}

/*
 * MongoDB left Debian over its licence (SSPL). It comes from MongoDB's own
 * repository: the key over TLS, the repository pinned to it with signed-by.
 * Any failure stops setup.sh, and cloud-init reports it.
 */
static void
configure_mongodb(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf a = IPL_BUF_INIT, v = IPL_BUF_INIT;
	const char *addr = ipl_node_bind_address(e, ps);

	ipl_node_add_package(e, "ca-certificates");
	ipl_node_add_package(e, "curl");
	ipl_node_add_package(e, "gnupg");
	ipl_node_step(&e->setup_last,
		      "# %s (mongodb): MongoDB is not packaged by Debian (its licence, the SSPL,",
		      ps->svc->name.s);
	ipl_node_step(&e->setup_last,
		      "# is not free software): MongoDB's own apt repository, signed by its key");
	ipl_node_step(&e->setup_last,
		      "curl -fsSL https://www.mongodb.org/static/pgp/server-8.0.asc |");
	ipl_node_step(
		&e->setup_last,
		"\tgpg --batch --yes --dearmor -o /usr/share/keyrings/mongodb-server-8.0.gpg");
	ipl_node_step(&e->setup_last, ". /etc/os-release");
	ipl_node_step(&e->setup_last, "case $ID in");
	ipl_node_step(&e->setup_last, "debian) component=main ;;");
	ipl_node_step(&e->setup_last, "ubuntu) component=multiverse ;;");
	ipl_node_step(
		&e->setup_last,
		"*) echo \"setup.sh: MongoDB publishes no apt repository for $ID\" >&2; exit 1 ;;");
	ipl_node_step(&e->setup_last, "esac");
	ipl_node_step(&e->setup_last,
		      "printf 'deb [signed-by=/usr/share/keyrings/mongodb-server-8.0.gpg] "
		      "https://repo.mongodb.org/apt/%%s %%s/mongodb-org/8.0 %%s\\n' \\");
	ipl_node_step(&e->setup_last, "\t\"$ID\" \"$VERSION_CODENAME\" \"$component\" "
				      ">/etc/apt/sources.list.d/mongodb-org-8.0.list");
	ipl_node_step(&e->setup_last, "apt-get update");
	ipl_node_step(&e->setup_last, "apt-get install -y mongodb-org");
	ipl_buf_addf(&v, "s/^\\(  bindIp:\\).*/\\1 127.0.0.1%s%s/",
		     strcmp(addr, "127.0.0.1") ? "," : "", strcmp(addr, "127.0.0.1") ? addr : "");
	ipl_node_step(&e->setup_last,
		      "sed -i -e %s -e 's/^\\(  port:\\).*/\\1 %d/' /etc/mongod.conf",
		      ipl_node_shell_word(&a, ipl_buf_str(&v)), ps->port > 0 ? ps->port : 27017);
	ipl_node_step(&e->setup_last, "systemctl daemon-reload");
	ipl_node_step(&e->setup_last, "systemctl enable mongod");
	ipl_node_step(&e->setup_last, "systemctl restart mongod");
	ipl_buf_release(&a);
	ipl_buf_release(&v);
}

/* MinIO has no apt repository; a download we cannot verify would be worse than a loud stop */
static void
configure_minio(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf a = IPL_BUF_INIT, m = IPL_BUF_INIT;

	ipl_warning(e->diags, e->spec->path, ps->svc->kind_loc,
		    "MinIO (service \"%s\") is not packaged by Debian and has no signed apt "
		    "repository: install it by hand on node \"%s\"; until then its setup.sh stops "
		    "with an error that cloud-init reports",
		    ps->svc->name.s, e->node->name);
	ipl_node_step(&e->setup_fail,
		      "# %s (object_storage): MinIO is not packaged by Debian and publishes no",
		      ps->svc->name.s);
	ipl_node_step(&e->setup_fail,
		      "# signed apt repository, and a download nothing verifies is worse than a");
	ipl_node_step(&e->setup_fail,
		      "# loud stop: install it by hand (https://min.io/download, check the");
	ipl_node_step(&e->setup_fail, "# signature), listening on %s:%d, and enable minio.service.",
		      ipl_node_bind_address(e, ps), ps->port > 0 ? ps->port : 9000);
	ipl_buf_addf(&m,
		     "setup.sh: MinIO (service %s) must be installed by hand: see "
		     "/usr/local/lib/infraplan/setup.sh",
		     ps->svc->name.s);
	ipl_node_step(&e->setup_fail, "echo %s >&2", ipl_node_shell_word(&a, ipl_buf_str(&m)));
	ipl_node_step(&e->setup_fail, "failed=1");
	ipl_node_operator_step(e, "install MinIO by hand",
			       "Install MinIO (`%s`) by hand: Debian has no package and MinIO no "
			       "signed apt repository (see `/usr/local/lib/infraplan/setup.sh`).",
			       ps->svc->name.s);
	ipl_buf_release(&a);
	ipl_buf_release(&m);
}

/* a static site with a domain: Caddy serves /var/www/infraplan/NAME (node_tls.c) */
static void
caddy_static_site(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf a = IPL_BUF_INIT, p = IPL_BUF_INIT;

	ipl_node_step(&e->setup, "# %s (static_site): the directory Caddy serves at %s",
		      ps->svc->name.s, ps->domain);
	ipl_buf_addf(&p, "/var/www/infraplan/%s", ps->svc->name.s);
	ipl_node_step(&e->setup, "install -d -m 0755 %s", ipl_node_shell_word(&a, ipl_buf_str(&p)));
	ipl_buf_release(&a);
	ipl_buf_release(&p);
}

/* a static site: nginx serving the files put under /var/www/infraplan/NAME */
static void
configure_static_site(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT, p = IPL_BUF_INIT;
	int port = ipl_node_static_site_port(ps);

	ipl_node_add_package(e, "nginx");
	ipl_buf_addf(&t, "# Generated by infraplan: the static site %s.\n", ps->svc->name.s);
	if (ps->port == 443)
		ipl_buf_adds(
			&t,
			"# Its port is 443, but without a domain there is no certificate: it is\n"
			"# served over plain HTTP on port 80, and 443 stays closed.\n");
	ipl_buf_addf(&t,
		     "server {\n"
		     "\tlisten %d;\n"
		     "\troot /var/www/infraplan/%s;\n"
		     "\tindex index.html;\n"
		     "}\n",
		     port, ps->svc->name.s);
	ipl_buf_addf(&p, "/etc/nginx/conf.d/infraplan-%s.conf", ps->svc->name.s);
	ipl_node_yaml_write_file(&e->write_files, ipl_buf_str(&p), "0644", false, ipl_buf_str(&t));
	ipl_node_step(&e->setup, "# %s (static_site): the directory nginx serves", ps->svc->name.s);
	ipl_buf_reset(&p);
	ipl_buf_addf(&p, "/var/www/infraplan/%s", ps->svc->name.s);
	ipl_node_step(&e->setup, "install -d -m 0755 %s", ipl_node_shell_word(&t, ipl_buf_str(&p)));
	if (port == 80) {
		ipl_node_step(&e->setup, "# Debian's default site holds port 80");
		ipl_node_step(&e->setup, "rm -f /etc/nginx/sites-enabled/default");
	}
	ipl_node_step(&e->setup, "systemctl reload-or-restart nginx");
	ipl_buf_release(&t);
	ipl_buf_release(&p);
}

/* ---- Services that listen on an address found at boot -------------------- */

/* a private-address.sh line giving FILE (mode 0644, in place) the text of printf's arguments */
static void
private_file(struct ipl_node_emit *e, const char *file, const char *printf_args)
{
	ipl_node_step(&e->private_steps, "printf %s | update %s && restart=1", printf_args, file);
}

/*
 * What private-address.sh does for a packaged service that other nodes
 * reach, once it knows the address ($addr): the service listens on it too
 * (in a file under PRIVATE_DIR the service's configuration includes, or its
 * own file where it has no includes) and restarts when that changed (the
 * script runs again until the other nodes answer). --no-block: the service
 * may be waiting for this unit (Before=) at boot.
 */
static void
private_listen(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	int port = ps->port;
	const char *unit = ipl_node_unit_of(ps);
	struct ipl_buf *b = &e->private_steps;

	ipl_node_step(b, "# %s (%s): listen on the private address too", ps->svc->name.s,
		      ipl_service_kind_name(ps->svc->kind));
	ipl_node_step(b, "restart=0");
	switch (ps->svc->kind) {
	case IPL_KIND_POSTGRES:
		private_file(e, PRIVATE_DIR "/postgresql.conf",
			     "\"listen_addresses = 'localhost,%s'\\n\" \"$addr\"");
		break;
	case IPL_KIND_MYSQL:
		/* one bind-address line, read after 99-infraplan.cnf's: it must keep localhost */
		private_file(e, PRIVATE_DIR "/mariadb/bind.cnf",
			     "'[mysqld]\\nbind-address = 127.0.0.1,%s\\n' \"$addr\"");
		break;
	case IPL_KIND_REDIS:
	case IPL_KIND_QUEUE:
		private_file(e, PRIVATE_DIR "/redis.conf", "'bind 127.0.0.1 %s\\n' \"$addr\"");
		break;
	case IPL_KIND_RABBITMQ: {
		struct ipl_buf args = IPL_BUF_INIT;
		ipl_buf_addf(&args, "'listeners.tcp.2 = %%s:%d\\n' \"$addr\"",
			     port > 0 ? port : 5672);
		private_file(e, "/etc/rabbitmq/conf.d/91-infraplan-private.conf",
			     ipl_buf_str(&args));
		ipl_buf_release(&args);
		break;
	}
	case IPL_KIND_MONGODB:
		ipl_node_step(b, "sed \"s/^\\(  bindIp:\\).*/\\1 127.0.0.1,$addr/\" "
				 "/etc/mongod.conf | update /etc/mongod.conf && restart=1");
		break;
	default:
		ipl_node_step(b, "# installed by hand: let it listen on \"$addr\" (see setup.sh)");
		unit = NULL;
		break;
	}
	if (!unit)
		return;
	ipl_node_step(b, "[ \"$restart\" = 0 ] || systemctl --no-block try-restart %s", unit);
	if (e->private_before.len)
		ipl_buf_addc(&e->private_before, '\n');
	ipl_buf_addf(&e->private_before, "Before=%s", unit);
}

void
ipl_node_configure_package(struct ipl_node_emit *e, const struct ipl_placed_service *ps,
			   bool backups)
{
	struct ipl_node_package_unit *u;
	bool first;

	if (ipl_node_caddy_serves_files(ps)) {
		caddy_static_site(e, ps);
		return;
	}
	u = package_unit(e, ps);
	first = u->first == ps;

	if (ps->private_only)
		e->private_binds = true;
	if (u->services.len)
		ipl_buf_adds(&u->services, ", ");
	ipl_buf_adds(&u->services, ps->svc->name.s);
	if (ps->svc->cpu_m.v != IPL_UNSET)
		u->cpu_m = (u->cpu_m == IPL_UNSET ? 0 : u->cpu_m) + ps->cpu_m;
	if (ps->svc->memory_mib.v != IPL_UNSET)
		u->memory_mib = (u->memory_mib == IPL_UNSET ? 0 : u->memory_mib) + ps->memory_mib;
	if (ps->svc->command.s)
		ipl_warning(e->diags, e->spec->path, ps->svc->command.loc,
			    "the command of service \"%s\" is not used: a %s runs from %s; give an "
			    "image to run your own build instead",
			    ps->svc->name.s, ipl_service_kind_name(ps->svc->kind), u->origin);
	/* one server process for both, configured once; but nginx gets each site */
	if (!first && ps->svc->kind != IPL_KIND_STATIC_SITE)
		return;
	if (ps->private_only && ipl_node_finds_private_address(e))
		private_listen(e, ps);
	switch (ps->svc->kind) {
	case IPL_KIND_POSTGRES:
		configure_postgres(e, ps, backups);
		break;
	case IPL_KIND_MYSQL:
		configure_mariadb(e, ps);
		break;
	case IPL_KIND_MONGODB:
		configure_mongodb(e, ps);
		break;
	case IPL_KIND_REDIS:
	case IPL_KIND_QUEUE:
		configure_redis(e, ps);
		break;
	case IPL_KIND_RABBITMQ:
		configure_rabbitmq(e, ps);
		break;
	case IPL_KIND_OBJECT_STORAGE:
		configure_minio(e, ps);
		break;
	case IPL_KIND_STATIC_SITE:
		configure_static_site(e, ps);
		break;
	default:
		break;
	}
}

/*
 * RabbitMQ under a CPU quota (cpu_m millicores). Erlang's schedulers spin
 * while they wait for work, which burns a quota doing nothing; RabbitMQ's
 * runtime guide turns the spinning off where CPU is limited. And Debian's
 * TimeoutStartSec=600 is for a start with a whole CPU: Erlang's boot is
 * CPU-bound, so under a fraction of one it takes that much longer, and a
 * first start that times out fails the package's install, and cloud-init.
 */
static void
rabbitmq_under_quota(struct ipl_buf *b, double cpu_m)
{
	double share = cpu_m / 1000.0;
	long timeout = share < 1 ? (long)ceil(600 / (share > 0.1 ? share : 0.1)) : 600;

	ipl_buf_adds(b,
		     "# Erlang's schedulers must not spin (busy-wait) under the CPU quota above: "
		     "spinning\n"
		     "# burns the quota doing nothing (https://www.rabbitmq.com/docs/runtime).\n"
		     "Environment=\"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=+sbwt none +sbwtdcpu none "
		     "+sbwtdio none\"");
	if (timeout > 600)
		ipl_buf_addf(
			b,
			"\n# Debian gives the start 600 s with a whole CPU; the quota gives it "
			"%.0f%% of one.\n"
			"TimeoutStartSec=%ld",
			share * 100, timeout);
}

/* UNIT.d/infraplan.conf for each packaged unit whose services the spec gave a budget */
void
ipl_node_emit_dropins(struct ipl_node_emit *e)
{
	size_t i;

	for (i = 0; i < e->units_nr; i++) {
		struct ipl_node_package_unit *u = &e->units[i];
		struct ipl_buf cpu = IPL_BUF_INIT, mem = IPL_BUF_INIT, text = IPL_BUF_INIT,
			       path = IPL_BUF_INIT;

		if (u->cpu_m != IPL_UNSET) {
			ipl_buf_adds(&cpu, "CPUQuota=");
			ipl_node_add_cpu_quota(&cpu, u->cpu_m);
		}
		if (u->memory_mib != IPL_UNSET) {
			ipl_buf_adds(&mem, "MemoryMax=");
			ipl_node_add_memory_max(&mem, u->memory_mib);
		}
		if (cpu.len || mem.len) {
			struct ipl_buf extra = IPL_BUF_INIT;
			if (cpu.len && !strcmp(u->unit, "rabbitmq-server.service"))
				rabbitmq_under_quota(&extra, u->cpu_m);
			const struct ipl_template_var vars[] = {
				{ "extra", ipl_buf_str(&extra) },
				{ "unit", u->unit },
				{ "origin", u->origin },
				{ "services", ipl_buf_str(&u->services) },
				{ "cpu_quota", ipl_buf_str(&cpu) },
				{ "memory_max", ipl_buf_str(&mem) },
			};
			if (ipl_node_render(e, &text, "systemd-dropin.conf.tmpl", vars,
					    IPL_ARRAY_SIZE(vars)) == 0) {
				ipl_buf_addf(&path, "%s.d/infraplan.conf", u->unit);
				ipl_node_add_unit_file(e, ipl_buf_str(&path), &text);
			}
			ipl_buf_release(&extra);
		}
		ipl_buf_release(&cpu);
		ipl_buf_release(&mem);
		ipl_buf_release(&text);
		ipl_buf_release(&path);
	}
}
