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
 * The split of work: templates/ hold the text, this file holds the decisions
 * (which package, which address a database binds to, which ports open, which
 * capability a unit keeps). Every string from the spec goes through the
 * escaping function of the format it lands in (core/escape.h).
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
#include "templates/template.h"

#define MAX_PACKAGES 32
/* where private-address.sh writes the settings that carry the address it found */
#define PRIVATE_DIR "/etc/infraplan/private"

/* ---- What each kind of service is on a Debian server ------------------ */

struct kind_info {
	const char *package;     /* the Debian package, or NULL */
	const char *unit;        /* the unit it runs, for the budget drop-in */
	const char *origin;      /* where the unit comes from, for the drop-in's comment */
};

static const struct kind_info kinds[IPL_KIND__COUNT] = {
	[IPL_KIND_STATIC_SITE] = { "nginx", "nginx.service", "the Debian package nginx" },
	/* Debian runs each cluster as postgresql@VERSION-main.service: the drop-in
	   goes on the template so that it applies whatever the version */
	[IPL_KIND_POSTGRES] = { "postgresql", "postgresql@.service", "the Debian package postgresql" },
	/* mysql.service is an alias: drop-ins must name the real unit */
	[IPL_KIND_MYSQL] = { "mariadb-server", "mariadb.service", "the Debian package mariadb-server" },
	[IPL_KIND_MONGODB] = { NULL, "mongod.service", "mongodb-org, from MongoDB's apt repository" },
	[IPL_KIND_REDIS] = { "redis-server", "redis-server.service", "the Debian package redis-server" },
	[IPL_KIND_RABBITMQ] = { "rabbitmq-server", "rabbitmq-server.service",
				"the Debian package rabbitmq-server" },
	/* a generic queue is a Redis list */
	[IPL_KIND_QUEUE] = { "redis-server", "redis-server.service", "the Debian package redis-server" },
	[IPL_KIND_OBJECT_STORAGE] = { NULL, "minio.service", "MinIO, installed by hand" },
};

/* a budget drop-in for a packaged unit; several services may share one (redis, queue) */
struct package_unit {
	const char *unit;
	const char *origin;
	double cpu_m, memory_mib;    /* IPL_UNSET when no service gave one */
	struct ipl_buf services;     /* "cache, jobs" */
	const struct ipl_placed_service *first;
};

struct node_emit {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	const struct ipl_plan_node *node;
	struct ipl_fileset *out;
	struct ipl_diags *diags;
	const char *packages[MAX_PACKAGES];
	size_t packages_nr;
	struct package_unit units[IPL_KIND__COUNT];
	size_t units_nr;
	struct ipl_buf write_files;  /* items of write_files: */
	struct ipl_buf firewall;     /* runcmd items */
	struct ipl_buf enable;       /* runcmd items */
	struct ipl_buf setup;        /* steps of setup.sh */
	struct ipl_buf setup_last;   /* steps that install from outside Debian: last */
	struct ipl_buf setup_fail;   /* what cannot be installed: stops setup.sh, at its end */
	bool private_binds;          /* a service listens on the private address */
	bool image_tools;            /* image-unpack.sh and its packages are written */
	struct ipl_buf private_steps;  /* private-address.sh: what needs the address found at boot */
	struct ipl_buf private_before; /* Before= lines of its unit */
	int rc;
};

/* ---- Small helpers ----------------------------------------------------- */

static void
add_package(struct node_emit *e, const char *name)
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

static const struct kind_info *
kind_of(const struct ipl_service *s)
{
	return (size_t)s->kind < IPL_ARRAY_SIZE(kinds) ? &kinds[s->kind] : NULL;
}

/* true when the service runs as a unit of ours rather than a package's */
static bool
runs_own_unit(const struct ipl_service *s)
{
	const struct kind_info *k = kind_of(s);

	if (s->image.s)
		return true;
	if (k && k->unit)
		return false;
	return s->command.s != NULL;
}

static const struct ipl_placed_service *
find_on_node(const struct ipl_plan_node *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (!strcmp(n->services[i].svc->name.s, name))
			return &n->services[i];
	return NULL;
}

/* the unit a service on this node runs as, for After= */
static const char *
unit_of(const struct ipl_placed_service *ps)
{
	const struct kind_info *k = kind_of(ps->svc);

	if (runs_own_unit(ps->svc))
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
	case IPL_ROLE_SINGLE: return "single node";
	case IPL_ROLE_APP: return "app node";
	case IPL_ROLE_DB: return "database node";
	case IPL_ROLE_PINNED: return "declared node";
	case IPL_ROLE_SERVICE: return "managed instances";
	}
	return "node";
}

/* the address a packaged service listens on: the private one only when others reach it */
static const char *
bind_address(const struct node_emit *e, const struct ipl_placed_service *ps)
{
	return ps->private_only && e->node->private_ip ? e->node->private_ip : "127.0.0.1";
}

/*
 * true when this node's private address is found at boot rather than known
 * now: the provider assigns it (Contabo; see private-address.sh.tmpl), so the
 * plan left private_ip NULL. Until it is found, bind_address() says 127.0.0.1.
 */
static bool
finds_private_address(const struct node_emit *e)
{
	return !e->node->private_ip && e->plan->nodes_nr > 1;
}

/* CPUQuota=: 100% is one core, so millicores / 10 */
static void
add_cpu_quota(struct ipl_buf *b, double cpu_m)
{
	long pct = (long)(cpu_m / 10 + 0.5);

	ipl_buf_addf(b, "%ld%%", pct > 0 ? pct : 1);
}

static void
add_memory_max(struct ipl_buf *b, double mib)
{
	long m = (long)(mib + 0.5);

	ipl_buf_addf(b, "%ldM", m > 0 ? m : 1);
}

/* renders a template that the build embeds: failing is a bug here, said as an error */
static int
render(struct node_emit *e, struct ipl_buf *out, const char *name,
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

static void
yaml_write_file(struct ipl_buf *b, const char *path, const char *perms, bool defer,
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
static void
runcmd(struct ipl_buf *b, const char *arg, ...)
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
static void
add_unit_file(struct node_emit *e, const char *path, struct ipl_buf *content)
{
	struct ipl_buf p = IPL_BUF_INIT;

	ipl_buf_addf(&p, "/etc/systemd/system/%s", path);
	yaml_write_file(&e->write_files, ipl_buf_str(&p), "0644", false, ipl_buf_str(content));
	ipl_buf_reset(&p);
	ipl_buf_addf(&p, "nodes/%s/systemd/%s", e->node->name, path);
	ipl_fileset_add(e->out, ipl_buf_str(&p), content, 0644);
	ipl_buf_release(&p);
}

/* ---- Commands ---------------------------------------------------------- */

/* characters that make a command shell syntax rather than a list of words */
static bool
is_shell_char(char c)
{
	return c && strchr("|&;<>()$`\\*?[#~", c) != NULL;
}

/*
 * Splits a command into words the way a shell does for plain words and
 * quotes, appending each word NUL-terminated to `words`. Returns the number
 * of words, -1 when the command uses shell syntax (expansions, pipes,
 * redirections, globs) and must run under /bin/sh -c, or -2 when a quote is
 * not closed.
 */
static int
split_command(const char *cmd, struct ipl_buf *words)
{
	const char *p = cmd;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');
				if (!q)
					return -2;
				ipl_buf_add(words, p + 1, (size_t)(q - p - 1));
				p = q + 1;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '$' || *p == '`' || *p == '\\')
						return -1;
					ipl_buf_addc(words, *p);
				}
				if (!*p)
					return -2;
				p++;
			} else if (is_shell_char(*p)) {
				return -1;
			} else {
				ipl_buf_addc(words, *p++);
			}
		}
		/* ipl_buf_add keeps the buffer NUL-terminated: count it in as the separator */
		ipl_buf_addc(words, '\0');
		n++;
	}
}

/* appends the words after a space each, escaped for an Exec line */
static void
add_exec_words(struct ipl_buf *b, const struct ipl_buf *words, int n, bool lead_space)
{
	const char *w = words->data;
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0 || lead_space)
			ipl_buf_addc(b, ' ');
		ipl_escape_systemd_exec(b, w);
		w += strlen(w) + 1;
	}
}

/*
 * The command as systemd runs it. An absolute program is run as given; a
 * bare name through /usr/bin/env, which searches PATH (systemd wants an
 * absolute path); shell syntax through /bin/sh -c. Returns -1 with an error
 * when the command cannot be run at all.
 */
static int
add_command(struct node_emit *e, struct ipl_buf *b, const struct ipl_service *s)
{
	struct ipl_buf words = IPL_BUF_INIT;
	int n = split_command(s->command.s, &words);

	if (n == -2 || n == 0) {
		ipl_buf_release(&words);
		return e->rc = ipl_error(e->diags, e->spec->path, s->command.loc,
					 n == 0 ? "service \"%s\" has an empty command; expected "
						  "the program to run and its arguments"
						: "a quote in the command of service \"%s\" is not "
						  "closed",
					 s->name.s);
	}
	if (n < 0) {
		ipl_buf_adds(b, "/bin/sh -c ");
		ipl_escape_systemd_exec(b, s->command.s);
	} else if (words.data[0] == '/') {
		add_exec_words(b, &words, n, false);
	} else {
		ipl_buf_adds(b, "/usr/bin/env");
		add_exec_words(b, &words, n, true);
	}
	ipl_buf_release(&words);
	return 0;
}

/*
 * JIT runtimes write machine code into memory and then execute it, which
 * MemoryDenyWriteExecute= forbids: Node.js, the JVM and .NET crash at start
 * under it (CPython does not). A command or image "looks like" one when one
 * of its words (split at anything but letters and digits, version digits at
 * the end dropped) is a runtime's name.
 */
static bool
looks_like_jit(const char *s)
{
	static const char *const names[] = { "node",   "nodejs",  "java",     "jdk",  "openjdk",
					     "jre",    "dotnet",  "aspnet",   "deno", "bun",
					     "temurin", "corretto", "graalvm", "pypy" };
	const char *p = s;

	while (*p) {
		const char *start;
		size_t len, i;
		char word[32];

		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9')))
			p++;
		start = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			p++;
		len = (size_t)(p - start);
		while (len > 0 && start[len - 1] >= '0' && start[len - 1] <= '9')
			len--;
		if (len == 0 || len >= sizeof(word))
			continue;
		for (i = 0; i < len; i++)
			word[i] = (char)((start[i] >= 'A' && start[i] <= 'Z') ? start[i] - 'A' + 'a'
									   : start[i]);
		word[len] = '\0';
		for (i = 0; i < IPL_ARRAY_SIZE(names); i++)
			if (!strcmp(word, names[i]))
				return true;
	}
	return false;
}

/* ---- Units of our own --------------------------------------------------- */

/* After= lines for the services this one depends on that run on the same node */
static void
add_after(const struct node_emit *e, const struct ipl_service *s, struct ipl_buf *b)
{
	size_t i;

	for (i = 0; i < s->depends_on_nr; i++) {
		const struct ipl_placed_service *dep = find_on_node(e->node, s->depends_on[i].s);
		const char *unit = dep ? unit_of(dep) : NULL;
		if (!unit)
			continue;
		if (b->len)
			ipl_buf_addc(b, '\n');
		ipl_buf_adds(b, "After=");
		ipl_escape_systemd_value(b, unit);
	}
}

static bool
has_secrets(const struct ipl_service *s)
{
	size_t i;

	for (i = 0; i < s->env_nr; i++)
		if (s->env[i].secret)
			return true;
	return false;
}

/*
 * /etc/infraplan/NAME.env: created by cloud-init with the names of the
 * service's secrets and no values. The operator fills it in on the server.
 */
static void
add_secrets_file(struct node_emit *e, const struct ipl_placed_service *ps)
{
	const struct ipl_service *s = ps->svc;
	struct ipl_buf text = IPL_BUF_INIT, path = IPL_BUF_INIT;
	size_t i;

	ipl_buf_addf(&text,
		     "# Secrets of service %s, read by %s.\n"
		     "# infraplan never writes a secret value: put each value after its = below,\n"
		     "# remove the #, keep this file mode 0600, then run\n"
		     "#   systemctl restart %s\n",
		     s->name.s, ps->unit_name, ps->unit_name);
	for (i = 0; i < s->env_nr; i++)
		if (s->env[i].secret)
			/* names are checked by the spec loader: [A-Z0-9_] and [a-z0-9-] */
			ipl_buf_addf(&text, "# %s: the secret \"%s\"\n#%s=\n", s->env[i].key,
				     s->env[i].secret, s->env[i].key);
	ipl_buf_addf(&path, "/etc/infraplan/%s.env", s->name.s);
	yaml_write_file(&e->write_files, ipl_buf_str(&path), "0600", true, ipl_buf_str(&text));
	ipl_buf_release(&text);
	ipl_buf_release(&path);
}

/* ---- Services given as an image ---------------------------------------- */

/* where the unit of an image service finds the image, unpacked */
#define IMAGE_ROOT "/var/lib/infraplan-images/"

/* "infraplan-NAME-image.service" */
static void
image_unit_name(const struct ipl_service *s, struct ipl_buf *b)
{
	ipl_buf_addf(b, "infraplan-%s-image.service", s->name.s);
}

/* the script every image unit runs, its packages and the registry credentials file: once a node */
static int
add_image_tools(struct node_emit *e)
{
	struct ipl_buf script = IPL_BUF_INIT;

	if (e->image_tools)
		return 0;
	if (render(e, &script, "image-unpack.sh.tmpl", NULL, 0) < 0)
		return -1;
	yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/image-unpack.sh", "0755", false,
			ipl_buf_str(&script));
	ipl_buf_release(&script);
	/* skopeo fetches, umoci unpacks without root, jq reads the image's configuration,
	   and a static busybox runs its command in a root that may have no shell */
	add_package(e, "skopeo");
	add_package(e, "umoci");
	add_package(e, "jq");
	add_package(e, "busybox-static");
	yaml_write_file(&e->write_files, "/etc/infraplan/registry-auth.json", "0600", false,
			"{\"auths\": {}}\n");
	e->image_tools = true;
	return 0;
}

/*
 * The unit that fetches and unpacks the image of service ps before its own
 * unit starts: image-unpack.sh SERVICE IMAGE KEY..., the KEYs being the
 * variables the spec sets, which win over the image's own.
 */
static int
emit_image_unpack(struct node_emit *e, const struct ipl_placed_service *ps)
{
	const struct ipl_service *s = ps->svc;
	struct ipl_buf exec = IPL_BUF_INIT, name = IPL_BUF_INIT, img = IPL_BUF_INIT,
		       unit = IPL_BUF_INIT;
	size_t i;
	int rc = 0;

	if (add_image_tools(e) < 0)
		return -1;
	ipl_buf_adds(&exec, "/usr/local/lib/infraplan/image-unpack.sh ");
	ipl_escape_systemd_exec(&exec, s->name.s);
	ipl_buf_addc(&exec, ' ');
	ipl_escape_systemd_exec(&exec, s->image.s);
	for (i = 0; i < s->env_nr; i++) {
		ipl_buf_addc(&exec, ' ');
		ipl_escape_systemd_exec(&exec, s->env[i].key);
	}
	image_unit_name(s, &name);
	ipl_escape_systemd_value(&img, s->image.s);
	{
		const struct ipl_template_var vars[] = {
			{ "service", s->name.s },
			{ "image", ipl_buf_str(&img) },
			{ "unit", ps->unit_name },
			{ "exec_start", ipl_buf_str(&exec) },
		};
		rc = render(e, &unit, "systemd-image.service.tmpl", vars, IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		add_unit_file(e, ipl_buf_str(&name), &unit);
		runcmd(&e->enable, "systemctl", "enable", ipl_buf_str(&name), NULL);
	}
	ipl_buf_release(&exec);
	ipl_buf_release(&name);
	ipl_buf_release(&img);
	ipl_buf_release(&unit);
	return rc;
}

static int
emit_service_unit(struct node_emit *e, const struct ipl_placed_service *ps)
{
	const struct ipl_service *s = ps->svc;
	struct ipl_buf desc = IPL_BUF_INIT, after = IPL_BUF_INIT, exec = IPL_BUF_INIT,
		       env = IPL_BUF_INIT, caps = IPL_BUF_INIT, mdwe = IPL_BUF_INIT,
		       cpu = IPL_BUF_INIT, mem = IPL_BUF_INIT, unit = IPL_BUF_INIT,
		       root = IPL_BUF_INIT;
	size_t i;
	int rc = 0;

	ipl_buf_adds(&desc, "infraplan service ");
	ipl_escape_systemd_value(&desc, s->name.s);
	ipl_buf_addf(&desc, " (%s)", ipl_service_kind_name(s->kind));
	add_after(e, s, &after);
	if (s->image.s) {
		/* written by image-unpack.sh into the unpacked image, which is the root */
		ipl_buf_adds(&exec, "/.infraplan/busybox sh /.infraplan/run");
		if (after.len)
			ipl_buf_addc(&after, '\n');
		ipl_buf_adds(&after, "Requires=");
		image_unit_name(s, &after);
		ipl_buf_adds(&after, "\nAfter=");
		image_unit_name(s, &after);
		ipl_buf_adds(&root, "# The image, unpacked by ");
		image_unit_name(s, &root);
		ipl_buf_adds(&root, ", is this service's whole file\n"
				    "# system, read-only; from the host it sees only the name service files.\n"
				    "RootDirectory=" IMAGE_ROOT);
		ipl_escape_systemd_value(&root, s->name.s);
		ipl_buf_adds(&root, "/rootfs\nBindReadOnlyPaths=/etc/resolv.conf /etc/hosts\n");
	} else if (add_command(e, &exec, s) < 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < s->env_nr; i++) {
		struct ipl_buf kv = IPL_BUF_INIT;
		if (!s->env[i].value)
			continue;
		ipl_buf_addf(&kv, "%s=%s", s->env[i].key, s->env[i].value);
		ipl_buf_adds(&env, "Environment=");
		ipl_escape_systemd_value(&env, ipl_buf_str(&kv));
		ipl_buf_addc(&env, '\n');
		ipl_buf_release(&kv);
	}
	if (has_secrets(s)) {
		ipl_buf_adds(&env, "# Secrets come from this file, which cloud-init creates without values\n"
				   "# (mode 0600) for the operator to fill in: no secret is ever generated.\n"
				   "EnvironmentFile=-/etc/infraplan/");
		ipl_escape_systemd_value(&env, s->name.s);
		ipl_buf_adds(&env, ".env\n");
		add_secrets_file(e, ps);
	}
	if (env.len)
		env.data[--env.len] = '\0';
	if (ps->port > 0 && ps->port < 1024)
		ipl_buf_addf(&caps,
			     "# Port %d is below 1024: the one capability that binds it, and no\n"
			     "# PrivateUsers= (a user namespace of its own would take it away again).\n"
			     "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n"
			     "AmbientCapabilities=CAP_NET_BIND_SERVICE",
			     ps->port);
	else
		ipl_buf_adds(&caps, "# No capabilities at all, and a user namespace of its own.\n"
				    "CapabilityBoundingSet=\n"
				    "AmbientCapabilities=\n"
				    "PrivateUsers=yes");
	if (s->image.s)
		ipl_buf_adds(&mdwe,
			     "# What the image runs is not known here, and JIT runtimes (Node.js, the JVM,\n"
			     "# .NET) crash under MemoryDenyWriteExecute=, so it stays off for an image.\n"
			     "MemoryDenyWriteExecute=no");
	else if (looks_like_jit(s->command.s))
		ipl_buf_adds(&mdwe,
			     "# The command looks like a JIT runtime (Node.js, the JVM, .NET): its compiler\n"
			     "# writes machine code and then runs it, which MemoryDenyWriteExecute= forbids\n"
			     "# (the process would crash at start), so it stays off for this service.\n"
			     "MemoryDenyWriteExecute=no");
	else
		ipl_buf_adds(&mdwe, "MemoryDenyWriteExecute=yes");
	add_cpu_quota(&cpu, ps->cpu_m);
	add_memory_max(&mem, ps->memory_mib);
	{
		const struct ipl_template_var vars[] = {
			{ "service", s->name.s },
			{ "kind", ipl_service_kind_name(s->kind) },
			{ "description", ipl_buf_str(&desc) },
			{ "after", ipl_buf_str(&after) },
			{ "exec_start", ipl_buf_str(&exec) },
			{ "environment", ipl_buf_str(&env) },
			{ "root", ipl_buf_str(&root) },
			{ "capabilities", ipl_buf_str(&caps) },
			{ "memory_deny_write_execute", ipl_buf_str(&mdwe) },
			{ "cpu_quota", ipl_buf_str(&cpu) },
			{ "memory_max", ipl_buf_str(&mem) },
		};
		if (render(e, &unit, "systemd-service.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	add_unit_file(e, ps->unit_name, &unit);
	runcmd(&e->enable, "systemctl", "enable", "--now", ps->unit_name, NULL);
done:
	ipl_buf_release(&desc);
	ipl_buf_release(&after);
	ipl_buf_release(&exec);
	ipl_buf_release(&env);
	ipl_buf_release(&caps);
	ipl_buf_release(&mdwe);
	ipl_buf_release(&cpu);
	ipl_buf_release(&mem);
	ipl_buf_release(&unit);
	ipl_buf_release(&root);
	return rc;
}

/* ---- Services Debian packages run --------------------------------------- */

static struct package_unit *
package_unit(struct node_emit *e, const struct ipl_placed_service *ps)
{
	const struct kind_info *k = kind_of(ps->svc);
	struct package_unit *u;
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
static void
step(struct ipl_buf *b, const char *fmt, ...) IPL_PRINTF(2, 3);

static void
step(struct ipl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_buf_vaddf(b, fmt, ap);
	va_end(ap);
	ipl_buf_addc(b, '\n');
}

/* the value as one shell word, in a buffer of its own for use in step() */
static const char *
shell_word(struct ipl_buf *scratch, const char *s)
{
	ipl_buf_reset(scratch);
	ipl_escape_shell_word(scratch, s);
	return ipl_buf_str(scratch);
}

static void
configure_postgres(struct node_emit *e, const struct ipl_placed_service *ps, bool backups)
{
	struct ipl_buf v = IPL_BUF_INIT, w = IPL_BUF_INIT, a = IPL_BUF_INIT;
	const char *addr = bind_address(e, ps);
	bool private = strcmp(addr, "127.0.0.1") != 0;

	add_package(e, "postgresql");
	if (private)
		ipl_buf_addf(&v, "listen_addresses = 'localhost,%s'", addr);
	else
		ipl_buf_adds(&v, "listen_addresses = 'localhost'");
	ipl_buf_addf(&w, "port = %d", ps->port > 0 ? ps->port : 5432);
	step(&e->setup, "# %s (postgres): listen on %s%s", ps->svc->name.s,
	     private ? "localhost and the private address " : "localhost only", private ? addr : "");
	/* Debian's postgresql.conf reads conf.d/; the directory carries the version */
	step(&e->setup, "for dir in /etc/postgresql/*/main; do");
	step(&e->setup, "\tprintf '%%s\\n' %s \\", shell_word(&a, ipl_buf_str(&v)));
	if (finds_private_address(e)) {
		/* the private listener comes at boot (private-address.sh) */
		step(&e->setup, "\t\t%s \\", shell_word(&a, ipl_buf_str(&w)));
		step(&e->setup, "\t\t%s >\"$dir/conf.d/infraplan.conf\"",
		     shell_word(&a, "include_if_exists = '" PRIVATE_DIR "/postgresql.conf'"));
		step(&e->setup, "\t# the other nodes of the private network, with a password: its range is");
		step(&e->setup, "\t# the provider's choice, so samenet (the firewall admits it on the private");
		step(&e->setup, "\t# interface only)");
		step(&e->setup, "\tline='host all all samenet scram-sha-256'");
		step(&e->setup, "\tgrep -qxF \"$line\" \"$dir/pg_hba.conf\" || "
				"printf '%%s\\n' \"$line\" >>\"$dir/pg_hba.conf\"");
	} else {
		step(&e->setup, "\t\t%s >\"$dir/conf.d/infraplan.conf\"", shell_word(&a, ipl_buf_str(&w)));
	}
	if (private) {
		ipl_buf_reset(&w);
		ipl_buf_addf(&w, "host all all %s scram-sha-256", e->plan->subnet_cidr);
		step(&e->setup, "\t# the other nodes of the private subnet, with a password");
		step(&e->setup, "\tline=%s", shell_word(&a, ipl_buf_str(&w)));
		step(&e->setup, "\tgrep -qxF \"$line\" \"$dir/pg_hba.conf\" || "
				"printf '%%s\\n' \"$line\" >>\"$dir/pg_hba.conf\"");
	}
	if (backups) {
		step(&e->setup, "\t# the backup runs as root: map root to the postgres role, next to postgres itself");
		step(&e->setup, "\tfor map in 'infraplan-backup root postgres' 'infraplan-backup postgres postgres'; do");
		step(&e->setup, "\t\tgrep -qxF \"$map\" \"$dir/pg_ident.conf\" || "
				"printf '%%s\\n' \"$map\" >>\"$dir/pg_ident.conf\"");
		step(&e->setup, "\tdone");
		step(&e->setup, "\tsed -i 's/^local[[:space:]]\\+all[[:space:]]\\+postgres[[:space:]]\\+peer[[:space:]]*$/"
				"local all postgres peer map=infraplan-backup/' \"$dir/pg_hba.conf\"");
	}
	step(&e->setup, "done");
	step(&e->setup, "systemctl restart postgresql");
	ipl_buf_release(&v);
	ipl_buf_release(&w);
	ipl_buf_release(&a);
}

static void
configure_mariadb(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;

	add_package(e, "mariadb-server");
	/* written before the package is installed, so the first start already uses it */
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where MariaDB listens for service %s.\n"
		     "# 127.0.0.1 when only this node uses it, the private address when other\n"
		     "# nodes do (the firewall admits them from the private subnet only).\n"
		     "[mysqld]\n"
		     "bind-address = %s\n"
		     "port = %d\n",
		     ps->svc->name.s, bind_address(e, ps), ps->port > 0 ? ps->port : 3306);
	if (finds_private_address(e)) {
		/* the private address comes at boot; the directory must exist from the start */
		ipl_buf_adds(&t, "# The private address, found at boot by infraplan-private-address.service:\n"
				 "!includedir " PRIVATE_DIR "/mariadb\n");
		yaml_write_file(&e->write_files, PRIVATE_DIR "/mariadb/bind.cnf", "0644", false,
				"# Replaced at boot by infraplan-private-address.service.\n"
				"[mysqld]\n"
				"bind-address = 127.0.0.1\n");
	}
	yaml_write_file(&e->write_files, "/etc/mysql/mariadb.conf.d/99-infraplan.cnf", "0644", false,
			ipl_buf_str(&t));
	ipl_buf_release(&t);
}

static void
configure_redis(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *addr = bind_address(e, ps);

	add_package(e, "redis-server");
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where Redis listens for service %s; included\n"
		     "# at the end of /etc/redis/redis.conf, so these lines win.\n"
		     "bind 127.0.0.1%s%s\n"
		     "port %d\n",
		     ps->svc->name.s, strcmp(addr, "127.0.0.1") ? " " : "",
		     strcmp(addr, "127.0.0.1") ? addr : "", ps->port > 0 ? ps->port : 6379);
	yaml_write_file(&e->write_files, "/etc/redis/infraplan.conf", "0644", false, ipl_buf_str(&t));
	step(&e->setup, "# %s (%s): read /etc/redis/infraplan.conf", ps->svc->name.s,
	     ipl_service_kind_name(ps->svc->kind));
	step(&e->setup, "grep -qxF 'include /etc/redis/infraplan.conf' /etc/redis/redis.conf || "
			"printf '%%s\\n' 'include /etc/redis/infraplan.conf' >>/etc/redis/redis.conf");
	if (finds_private_address(e)) {
		/* read after infraplan.conf, so its bind line wins once the address is found */
		yaml_write_file(&e->write_files, PRIVATE_DIR "/redis.conf", "0644", false,
				"# Replaced at boot by infraplan-private-address.service.\n"
				"bind 127.0.0.1\n");
		step(&e->setup, "grep -qxF 'include " PRIVATE_DIR "/redis.conf' /etc/redis/redis.conf || "
				"printf '%%s\\n' 'include " PRIVATE_DIR "/redis.conf' >>/etc/redis/redis.conf");
	}
	step(&e->setup, "systemctl restart redis-server");
	ipl_buf_release(&t);
}

static void
configure_rabbitmq(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT;
	const char *addr = bind_address(e, ps);
	int port = ps->port > 0 ? ps->port : 5672;

	add_package(e, "rabbitmq-server");
	ipl_buf_addf(&t,
		     "# Generated by infraplan: where RabbitMQ listens for service %s.\n"
		     "listeners.tcp.1 = 127.0.0.1:%d\n",
		     ps->svc->name.s, port);
	if (strcmp(addr, "127.0.0.1"))
		ipl_buf_addf(&t, "listeners.tcp.2 = %s:%d\n", addr, port);
	yaml_write_file(&e->write_files, "/etc/rabbitmq/conf.d/90-infraplan.conf", "0644", false,
			ipl_buf_str(&t));
	ipl_buf_release(&t);
}

/*
 * MongoDB left Debian over its licence (SSPL). It comes from MongoDB's own
 * repository: the key over TLS, the repository pinned to it with signed-by.
 * Any failure stops setup.sh, and cloud-init reports it.
 */
static void
configure_mongodb(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf a = IPL_BUF_INIT, v = IPL_BUF_INIT;
	const char *addr = bind_address(e, ps);

	add_package(e, "ca-certificates");
	add_package(e, "curl");
	add_package(e, "gnupg");
	step(&e->setup_last, "# %s (mongodb): MongoDB is not packaged by Debian (its licence, the SSPL,",
	     ps->svc->name.s);
	step(&e->setup_last, "# is not free software): MongoDB's own apt repository, signed by its key");
	step(&e->setup_last, "curl -fsSL https://www.mongodb.org/static/pgp/server-8.0.asc |");
	step(&e->setup_last, "\tgpg --batch --yes --dearmor -o /usr/share/keyrings/mongodb-server-8.0.gpg");
	step(&e->setup_last, ". /etc/os-release");
	step(&e->setup_last, "case $ID in");
	step(&e->setup_last, "debian) component=main ;;");
	step(&e->setup_last, "ubuntu) component=multiverse ;;");
	step(&e->setup_last, "*) echo \"setup.sh: MongoDB publishes no apt repository for $ID\" >&2; exit 1 ;;");
	step(&e->setup_last, "esac");
	step(&e->setup_last, "printf 'deb [signed-by=/usr/share/keyrings/mongodb-server-8.0.gpg] "
			     "https://repo.mongodb.org/apt/%%s %%s/mongodb-org/8.0 %%s\\n' \\");
	step(&e->setup_last, "\t\"$ID\" \"$VERSION_CODENAME\" \"$component\" >/etc/apt/sources.list.d/mongodb-org-8.0.list");
	step(&e->setup_last, "apt-get update");
	step(&e->setup_last, "apt-get install -y mongodb-org");
	ipl_buf_addf(&v, "s/^\\(  bindIp:\\).*/\\1 127.0.0.1%s%s/", strcmp(addr, "127.0.0.1") ? "," : "",
		     strcmp(addr, "127.0.0.1") ? addr : "");
	step(&e->setup_last, "sed -i -e %s -e 's/^\\(  port:\\).*/\\1 %d/' /etc/mongod.conf",
	     shell_word(&a, ipl_buf_str(&v)), ps->port > 0 ? ps->port : 27017);
	step(&e->setup_last, "systemctl daemon-reload");
	step(&e->setup_last, "systemctl enable mongod");
	step(&e->setup_last, "systemctl restart mongod");
	ipl_buf_release(&a);
	ipl_buf_release(&v);
}

/* MinIO has no apt repository; a download we cannot verify would be worse than a loud stop */
static void
configure_minio(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf a = IPL_BUF_INIT, m = IPL_BUF_INIT;

	ipl_warning(e->diags, e->spec->path, ps->svc->kind_loc,
		    "MinIO (service \"%s\") is not packaged by Debian and has no signed apt "
		    "repository: install it by hand on node \"%s\"; until then its setup.sh stops "
		    "with an error that cloud-init reports",
		    ps->svc->name.s, e->node->name);
	step(&e->setup_fail, "# %s (object_storage): MinIO is not packaged by Debian and publishes no",
	     ps->svc->name.s);
	step(&e->setup_fail, "# signed apt repository, and a download nothing verifies is worse than a");
	step(&e->setup_fail, "# loud stop: install it by hand (https://min.io/download, check the");
	step(&e->setup_fail, "# signature), listening on %s:%d, and enable minio.service.",
	     bind_address(e, ps), ps->port > 0 ? ps->port : 9000);
	ipl_buf_addf(&m, "setup.sh: MinIO (service %s) must be installed by hand: see "
			 "/usr/local/lib/infraplan/setup.sh",
		     ps->svc->name.s);
	step(&e->setup_fail, "echo %s >&2", shell_word(&a, ipl_buf_str(&m)));
	step(&e->setup_fail, "failed=1");
	ipl_buf_release(&a);
	ipl_buf_release(&m);
}

/* a static site: nginx serving the files put under /var/www/infraplan/NAME */
static void
configure_static_site(struct node_emit *e, const struct ipl_placed_service *ps)
{
	struct ipl_buf t = IPL_BUF_INIT, p = IPL_BUF_INIT;
	int port = ps->port > 0 ? ps->port : 80;
	bool tls = port == 443;

	add_package(e, "nginx");
	ipl_buf_addf(&t, "# Generated by infraplan: the static site %s.\n", ps->svc->name.s);
	if (tls)
		ipl_buf_adds(&t, "# Served over plain HTTP on port 80 until a certificate exists: run\n"
				 "#   certbot --nginx -d YOUR.DOMAIN\n"
				 "# which adds the port 443 server (the firewall already admits 80 and 443).\n");
	ipl_buf_addf(&t,
		     "server {\n"
		     "\tlisten %d;\n"
		     "\troot /var/www/infraplan/%s;\n"
		     "\tindex index.html;\n"
		     "}\n",
		     tls ? 80 : port, ps->svc->name.s);
	ipl_buf_addf(&p, "/etc/nginx/conf.d/infraplan-%s.conf", ps->svc->name.s);
	yaml_write_file(&e->write_files, ipl_buf_str(&p), "0644", false, ipl_buf_str(&t));
	step(&e->setup, "# %s (static_site): the directory nginx serves", ps->svc->name.s);
	ipl_buf_reset(&p);
	ipl_buf_addf(&p, "/var/www/infraplan/%s", ps->svc->name.s);
	step(&e->setup, "install -d -m 0755 %s", shell_word(&t, ipl_buf_str(&p)));
	if (tls || port == 80) {
		step(&e->setup, "# Debian's default site holds port 80");
		step(&e->setup, "rm -f /etc/nginx/sites-enabled/default");
	}
	step(&e->setup, "systemctl reload-or-restart nginx");
	ipl_buf_release(&t);
	ipl_buf_release(&p);
}

/* ---- Services that listen on an address found at boot -------------------- */

/* a private-address.sh line writing FILE (mode 0644, in place) from printf arguments */
static void
private_file(struct node_emit *e, const char *file, const char *printf_args)
{
	step(&e->private_steps, "printf %s >%s", printf_args, file);
	step(&e->private_steps, "chmod 0644 %s", file);
}

/*
 * What private-address.sh does for a packaged service that other nodes
 * reach, once it knows the address ($addr): the service listens on it too
 * (in a file under PRIVATE_DIR the service's configuration includes, or its
 * own file where it has no includes) and restarts. --no-block: the service
 * may be waiting for this unit (Before=) at boot.
 */
static void
private_listen(struct node_emit *e, const struct ipl_placed_service *ps)
{
	int port = ps->port;
	const char *unit = unit_of(ps);
	struct ipl_buf *b = &e->private_steps;

	step(b, "# %s (%s): listen on the private address too", ps->svc->name.s,
	     ipl_service_kind_name(ps->svc->kind));
	switch (ps->svc->kind) {
	case IPL_KIND_POSTGRES:
		private_file(e, PRIVATE_DIR "/postgresql.conf",
			     "\"listen_addresses = 'localhost,%s'\\n\" \"$addr\"");
		break;
	case IPL_KIND_MYSQL:
		private_file(e, PRIVATE_DIR "/mariadb/bind.cnf",
			     "'[mysqld]\\nbind-address = %s\\n' \"$addr\"");
		break;
	case IPL_KIND_REDIS:
	case IPL_KIND_QUEUE:
		private_file(e, PRIVATE_DIR "/redis.conf", "'bind 127.0.0.1 %s\\n' \"$addr\"");
		break;
	case IPL_KIND_RABBITMQ:
		step(b, "printf 'listeners.tcp.2 = %%s:%d\\n' \"$addr\" "
			">/etc/rabbitmq/conf.d/91-infraplan-private.conf",
		     port > 0 ? port : 5672);
		step(b, "chmod 0644 /etc/rabbitmq/conf.d/91-infraplan-private.conf");
		break;
	case IPL_KIND_MONGODB:
		step(b, "sed -i \"s/^\\(  bindIp:\\).*/\\1 127.0.0.1,$addr/\" /etc/mongod.conf");
		break;
	default:
		step(b, "# installed by hand: let it listen on \"$addr\" (see setup.sh)");
		unit = NULL;
		break;
	}
	if (!unit)
		return;
	step(b, "systemctl --no-block try-restart %s", unit);
	if (e->private_before.len)
		ipl_buf_addc(&e->private_before, '\n');
	ipl_buf_addf(&e->private_before, "Before=%s", unit);
}

static void
configure_package(struct node_emit *e, const struct ipl_placed_service *ps, bool backups)
{
	struct package_unit *u = package_unit(e, ps);
	bool first = u->first == ps;

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
	if (!first)
		return;     /* one server process for both: configured once */
	if (ps->private_only && finds_private_address(e))
		private_listen(e, ps);
	switch (ps->svc->kind) {
	case IPL_KIND_POSTGRES: configure_postgres(e, ps, backups); break;
	case IPL_KIND_MYSQL: configure_mariadb(e, ps); break;
	case IPL_KIND_MONGODB: configure_mongodb(e, ps); break;
	case IPL_KIND_REDIS:
	case IPL_KIND_QUEUE: configure_redis(e, ps); break;
	case IPL_KIND_RABBITMQ: configure_rabbitmq(e, ps); break;
	case IPL_KIND_OBJECT_STORAGE: configure_minio(e, ps); break;
	case IPL_KIND_STATIC_SITE: configure_static_site(e, ps); break;
	default: break;
	}
}

/* UNIT.d/infraplan.conf for each packaged unit whose services the spec gave a budget */
static void
emit_dropins(struct node_emit *e)
{
	size_t i;

	for (i = 0; i < e->units_nr; i++) {
		struct package_unit *u = &e->units[i];
		struct ipl_buf cpu = IPL_BUF_INIT, mem = IPL_BUF_INIT, text = IPL_BUF_INIT,
			       path = IPL_BUF_INIT;

		if (u->cpu_m != IPL_UNSET) {
			ipl_buf_adds(&cpu, "CPUQuota=");
			add_cpu_quota(&cpu, u->cpu_m);
		}
		if (u->memory_mib != IPL_UNSET) {
			ipl_buf_adds(&mem, "MemoryMax=");
			add_memory_max(&mem, u->memory_mib);
		}
		if (cpu.len || mem.len) {
			const struct ipl_template_var vars[] = {
				{ "unit", u->unit },
				{ "origin", u->origin },
				{ "services", ipl_buf_str(&u->services) },
				{ "cpu_quota", ipl_buf_str(&cpu) },
				{ "memory_max", ipl_buf_str(&mem) },
			};
			if (render(e, &text, "systemd-dropin.conf.tmpl", vars, IPL_ARRAY_SIZE(vars)) == 0) {
				ipl_buf_addf(&path, "%s.d/infraplan.conf", u->unit);
				add_unit_file(e, ipl_buf_str(&path), &text);
			}
		}
		ipl_buf_release(&cpu);
		ipl_buf_release(&mem);
		ipl_buf_release(&text);
		ipl_buf_release(&path);
	}
}

/* ---- Backups ------------------------------------------------------------ */

static bool
node_has_state(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (ipl_service_is_stateful(n->services[i].svc))
			return true;
	return false;
}

/*
 * What backup.sh dumps and which directories it snapshots. Returns true when
 * it must read directories other users own (the state of stateful services
 * of ours, kept by DynamicUser= under /var/lib/private), which costs the
 * backup unit CAP_DAC_READ_SEARCH.
 */
static bool
backup_contents(struct node_emit *e, struct ipl_buf *dumps, struct ipl_buf *paths,
		struct ipl_buf *after)
{
	bool done[IPL_KIND__COUNT] = { false };
	struct ipl_buf a = IPL_BUF_INIT, f = IPL_BUF_INIT;
	bool read_all = false;
	size_t i;

	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		const struct ipl_service *s = ps->svc;
		enum ipl_service_kind k = s->kind;
		const char *name = s->name.s;

		if (!ipl_service_is_stateful(s))
			continue;
		if (s->image.s) {
			step(dumps, "# %s: the state of a container is not backed up; mount a volume", name);
			step(dumps, "# under /var/lib/infraplan and mark the service stateful to keep it");
			continue;
		}
		if (runs_own_unit(s)) {
			ipl_buf_reset(&f);
			ipl_buf_addf(&f, "/var/lib/private/infraplan/%s", name);
			ipl_buf_addf(paths, " %s", shell_word(&a, ipl_buf_str(&f)));
			read_all = true;
			continue;
		}
		if (k == IPL_KIND_QUEUE)
			k = IPL_KIND_REDIS;
		if (done[k])
			continue;
		done[k] = true;
		if (kinds[k].unit && k != IPL_KIND_STATIC_SITE && k != IPL_KIND_OBJECT_STORAGE) {
			const char *unit = unit_of(ps);
			if (after->len)
				ipl_buf_addc(after, '\n');
			ipl_buf_addf(after, "After=%s", unit);
		}
		ipl_buf_reset(&f);
		switch (k) {
		case IPL_KIND_POSTGRES:
			ipl_buf_addf(&f, "%s.sql", name);
			step(dumps, "# %s (postgres): every database and role, as root mapped to postgres", name);
			step(dumps, "pg_dumpall --username=postgres --port=%d --clean --if-exists >\"$dumps\"/%s",
			     ps->port > 0 ? ps->port : 5432, shell_word(&a, ipl_buf_str(&f)));
			break;
		case IPL_KIND_MYSQL:
			ipl_buf_addf(&f, "%s.sql", name);
			step(dumps, "# %s (mysql): every database in one consistent transaction, as root", name);
			step(dumps, "mariadb-dump --all-databases --single-transaction --routines --events "
				    ">\"$dumps\"/%s",
			     shell_word(&a, ipl_buf_str(&f)));
			break;
		case IPL_KIND_MONGODB:
			ipl_buf_addf(&f, "%s.archive", name);
			step(dumps, "# %s (mongodb)", name);
			step(dumps, "mongodump --quiet --port=%d --archive=\"$dumps\"/%s",
			     ps->port > 0 ? ps->port : 27017, shell_word(&a, ipl_buf_str(&f)));
			break;
		case IPL_KIND_REDIS:
			ipl_buf_addf(&f, "%s.rdb", name);
			step(dumps, "# %s (%s): a snapshot of the data set", name, ipl_service_kind_name(s->kind));
			step(dumps, "redis-cli -p %d --rdb \"$dumps\"/%s >/dev/null",
			     ps->port > 0 ? ps->port : 6379, shell_word(&a, ipl_buf_str(&f)));
			break;
		case IPL_KIND_RABBITMQ:
			step(dumps, "# %s (rabbitmq): messages in flight are not backed up; queues and", name);
			step(dumps, "# exchanges are declared again by the services that use them");
			break;
		case IPL_KIND_OBJECT_STORAGE:
			step(dumps, "# %s (object_storage): MinIO is installed by hand; add its data", name);
			step(dumps, "# directory to the restic backup line below once it exists");
			break;
		default:
			break;
		}
	}
	ipl_buf_release(&a);
	ipl_buf_release(&f);
	return read_all;
}

/* /etc/infraplan/backup.env: where restic uploads, and with which credentials, to be filled in */
static void
backup_env_text(struct ipl_buf *b, const char *target, const char *node, bool local)
{
	ipl_buf_addf(b,
		     "# restic settings of the backups of node %s to backup.target \"%s\",\n"
		     "# read by infraplan-backup-*.service. infraplan never writes a secret: fill in\n"
		     "# the values, remove the #, and keep this file mode 0600.\n",
		     node, target);
	if (local) {
		ipl_buf_adds(b, "# The repository is /var/backups/infraplan/restic on this server, and its\n"
				"# password is in /etc/infraplan/restic-password (made by setup.sh): keep a\n"
				"# copy of it elsewhere. Local backups do not survive the loss of the server.\n");
		return;
	}
	ipl_buf_adds(b, "# RESTIC_PASSWORD encrypts the backups: keep a copy off this server, since\n"
			"# without it they cannot be read.\n"
			"#RESTIC_PASSWORD=\n");
	if (!strcmp(target, "b2"))
		ipl_buf_addf(b, "#RESTIC_REPOSITORY=b2:BUCKET:/%s\n"
				"#B2_ACCOUNT_ID=\n"
				"#B2_ACCOUNT_KEY=\n",
			     node);
	else if (!strcmp(target, "s3"))
		ipl_buf_addf(b, "#RESTIC_REPOSITORY=s3:s3.REGION.amazonaws.com/BUCKET/%s\n"
				"#AWS_ACCESS_KEY_ID=\n"
				"#AWS_SECRET_ACCESS_KEY=\n",
			     node);
	else if (!strcmp(target, "r2"))
		ipl_buf_addf(b, "#RESTIC_REPOSITORY=s3:https://ACCOUNT_ID.r2.cloudflarestorage.com/BUCKET/%s\n"
				"#AWS_ACCESS_KEY_ID=\n"
				"#AWS_SECRET_ACCESS_KEY=\n",
			     node);
	else
		ipl_buf_adds(b, "# Any restic repository: sftp:, s3:, b2:, rest:, rclone: (see restic's\n"
				"# documentation) and the variables its backend reads.\n"
				"#RESTIC_REPOSITORY=\n");
}

static const char *
randomized_delay(const struct ipl_backup *b, const char *kind)
{
	size_t i;

	for (i = 0; i < b->schedules_nr; i++) {
		const char *k = b->schedules[i].kind.s ? b->schedules[i].kind.s : "full";
		const char *every = b->schedules[i].every.s;
		if (!strcmp(k, kind) && every && strcmp(every, "daily") && strcmp(every, "weekly") &&
		    strcmp(every, "monthly"))
			return "5m";
	}
	return "30m";
}

static int
emit_backup_kind(struct node_emit *e, const char *kind, const char *target_sd, const char *after,
		 const char *caps, const char *env)
{
	const struct ipl_backup *b = &e->spec->backup;
	struct ipl_buf cal = IPL_BUF_INIT, unit = IPL_BUF_INIT, name = IPL_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->schedules_nr; i++) {
		const char *k = b->schedules[i].kind.s ? b->schedules[i].kind.s : "full";
		if (strcmp(k, kind) || !b->schedules[i].every.s)
			continue;
		if (cal.len)
			ipl_buf_addc(&cal, '\n');
		/* not quoted: systemd takes OnCalendar= as it is, and the spec loader
		   admits only letters, digits, spaces and *:/,.-~ there */
		ipl_buf_addf(&cal, "OnCalendar=%s", b->schedules[i].every.s);
	}
	if (!cal.len) {
		if (strcmp(kind, "full"))
			goto done;
		ipl_buf_adds(&cal, "# the spec gives no full schedule: a full backup (which also prunes)\n"
				   "# every day\nOnCalendar=daily");
	}
	{
		const struct ipl_template_var vars[] = {
			{ "kind", kind },
			{ "target", target_sd },
			{ "after", after },
			{ "capabilities", caps },
			{ "environment", env },
		};
		if (render(e, &unit, "systemd-backup.service.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
		ipl_buf_addf(&name, "infraplan-backup-%s.service", kind);
		add_unit_file(e, ipl_buf_str(&name), &unit);
	}
	{
		const struct ipl_template_var vars[] = {
			{ "kind", kind },
			{ "on_calendar", ipl_buf_str(&cal) },
			{ "randomized_delay", randomized_delay(b, kind) },
		};
		if (render(e, &unit, "systemd-backup.timer.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
		ipl_buf_reset(&name);
		ipl_buf_addf(&name, "infraplan-backup-%s.timer", kind);
		add_unit_file(e, ipl_buf_str(&name), &unit);
		runcmd(&e->enable, "systemctl", "enable", "--now", ipl_buf_str(&name), NULL);
	}
done:
	ipl_buf_release(&cal);
	ipl_buf_release(&unit);
	ipl_buf_release(&name);
	return rc;
}

/*
 * Backups of a node that keeps state: backup.sh (dumps, then a restic
 * snapshot), the env file for its credentials, and a service and timer per
 * kind of schedule (full, incremental). Nodes without state have nothing to
 * back up.
 */
static int
emit_backup(struct node_emit *e)
{
	const struct ipl_backup *b = &e->spec->backup;
	const char *target = b->target.s ? b->target.s : "local";
	bool local = !strcmp(target, "local");
	struct ipl_buf dumps = IPL_BUF_INIT, paths = IPL_BUF_INIT, after = IPL_BUF_INIT,
		       script = IPL_BUF_INIT, text = IPL_BUF_INIT, host = IPL_BUF_INIT,
		       days = IPL_BUF_INIT, target_sd = IPL_BUF_INIT, env = IPL_BUF_INIT;
	const char *caps;
	int rc = 0;

	if (backup_contents(e, &dumps, &paths, &after))
		caps = "# reads the state directories of the services (owned by their dynamic users)\n"
		       "CapabilityBoundingSet=CAP_DAC_READ_SEARCH";
	else
		caps = "CapabilityBoundingSet=";
	if (dumps.len)
		dumps.data[--dumps.len] = '\0';
	ipl_escape_shell_word(&host, e->node->name);
	/* 004: "30-day retention"; the same when the spec says nothing */
	ipl_buf_addf(&days, "%.0f", b->retention_days.v != IPL_UNSET ? b->retention_days.v : 30);
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "host", ipl_buf_str(&host) },
			{ "target", target },
			{ "retention_days", ipl_buf_str(&days) },
			{ "dumps", ipl_buf_str(&dumps) },
			{ "paths", ipl_buf_str(&paths) },
		};
		if (render(e, &script, "backup.sh.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/backup.sh", "0755", false,
			ipl_buf_str(&script));
	backup_env_text(&text, target, e->node->name, local);
	yaml_write_file(&e->write_files, "/etc/infraplan/backup.env", "0600", true, ipl_buf_str(&text));
	add_package(e, "restic");
	step(&e->setup, "# backups: dumps and, for a local target, the repository");
	step(&e->setup, "install -d -m 0700 /var/backups/infraplan");
	if (local) {
		ipl_buf_adds(&env, "Environment=RESTIC_REPOSITORY=/var/backups/infraplan/restic\n"
				   "Environment=RESTIC_PASSWORD_FILE=/etc/infraplan/restic-password");
		step(&e->setup, "# the local repository's password: made once, never printed");
		step(&e->setup, "if [ ! -s /etc/infraplan/restic-password ]; then");
		step(&e->setup, "\t(umask 077 && head -c 32 /dev/urandom | base64 >/etc/infraplan/restic-password)");
		step(&e->setup, "fi");
	}
	ipl_escape_systemd_value(&target_sd, target);
	if (emit_backup_kind(e, "full", ipl_buf_str(&target_sd), ipl_buf_str(&after), caps,
			     ipl_buf_str(&env)) < 0 ||
	    emit_backup_kind(e, "incremental", ipl_buf_str(&target_sd), ipl_buf_str(&after), caps,
			     ipl_buf_str(&env)) < 0)
		rc = -1;
done:
	ipl_buf_release(&dumps);
	ipl_buf_release(&paths);
	ipl_buf_release(&after);
	ipl_buf_release(&script);
	ipl_buf_release(&text);
	ipl_buf_release(&host);
	ipl_buf_release(&days);
	ipl_buf_release(&target_sd);
	ipl_buf_release(&env);
	return rc;
}

/* ---- Firewall ----------------------------------------------------------- */

/* true when a service on another node depends on this one: it must be reachable privately */
static bool
reached_from_elsewhere(const struct ipl_plan *plan, const struct ipl_plan_node *node,
		       const struct ipl_service *s)
{
	size_t i, j, k;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (n == node)
			continue;
		for (j = 0; j < n->services_nr; j++)
			for (k = 0; k < n->services[j].svc->depends_on_nr; k++)
				if (!strcmp(n->services[j].svc->depends_on[k].s, s->name.s))
					return true;
	}
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
 * ufw: nothing comes in but SSH from the allowed network, the public ports
 * from anywhere and the private ones from the private subnet. The provider's
 * cloud firewall (Terraform) says the same a step earlier.
 */
static void
emit_firewall(struct node_emit *e)
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
			pub[pub_nr++] = ps->port;
			/* a static site on 443 is served on 80 until certbot adds TLS */
			if (ps->svc->kind == IPL_KIND_STATIC_SITE && !runs_own_unit(ps->svc) &&
			    ps->port == 443)
				pub[pub_nr++] = 80;
		} else if (ps->private_only || reached_from_elsewhere(e->plan, n, ps->svc)) {
			priv[priv_nr++] = ps->port;
		}
	}
	pub_nr = sort_unique(pub, pub_nr);
	priv_nr = sort_unique(priv, priv_nr);

	ipl_buf_adds(&e->firewall, "  # the firewall: nothing comes in but what is listed below\n");
	runcmd(&e->firewall, "ufw", "default", "deny", "incoming", NULL);
	runcmd(&e->firewall, "ufw", "default", "allow", "outgoing", NULL);
	if (cidr) {
		ipl_buf_adds(&e->firewall, "  # SSH from settings.ssh_allowed_cidr only\n");
		runcmd(&e->firewall, "ufw", "allow", "from", cidr, "to", "any", "port", "22", "proto",
		       "tcp", NULL);
	} else if (finds_private_address(e)) {
		ipl_buf_adds(&e->firewall,
			     "  # settings.ssh_allowed_cidr is not set, so SSH is not open to the internet:\n"
			     "  # only the private network may connect, admitted by\n"
			     "  # infraplan-private-address.service once it knows the network.\n");
		step(&e->private_steps, "# SSH from the private network (settings.ssh_allowed_cidr is not set)");
		step(&e->private_steps, "ufw allow in on \"$iface\" from \"$cidr\" to any port 22 proto tcp");
	} else {
		ipl_buf_addf(&e->firewall,
			     "  # settings.ssh_allowed_cidr is not set, so SSH is not open to the internet:\n"
			     "  # only the private network (%s) may connect. Set it to the address you\n"
			     "  # administer from (e.g. 203.0.113.7/32) to reach this server directly.\n",
			     e->plan->network_cidr);
		runcmd(&e->firewall, "ufw", "allow", "from", e->plan->network_cidr, "to", "any", "port",
		       "22", "proto", "tcp", NULL);
	}
	if (pub_nr)
		ipl_buf_adds(&e->firewall, "  # the public ports, from anywhere\n");
	for (i = 0; i < pub_nr; i++) {
		snprintf(port, sizeof(port), "%d/tcp", pub[i]);
		runcmd(&e->firewall, "ufw", "allow", port, NULL);
	}
	if (priv_nr && finds_private_address(e)) {
		/* the network's range and the interface are known at boot only */
		ipl_buf_adds(&e->firewall, "  # ports the other nodes use: admitted from the private network only, on its\n"
					   "  # interface, by infraplan-private-address.service once it knows them\n");
		step(&e->private_steps, "# ports the other nodes use, from the private network only");
		for (i = 0; i < priv_nr; i++)
			step(&e->private_steps, "ufw allow in on \"$iface\" from \"$cidr\" to \"$addr\" port %d proto tcp",
			     priv[i]);
		priv_nr = 0;
	}
	if (priv_nr)
		ipl_buf_addf(&e->firewall, "  # ports the other nodes use, from the private subnet (%s) only\n",
			     e->plan->subnet_cidr);
	for (i = 0; i < priv_nr; i++) {
		snprintf(port, sizeof(port), "%d", priv[i]);
		runcmd(&e->firewall, "ufw", "allow", "from", e->plan->subnet_cidr, "to", "any", "port",
		       port, "proto", "tcp", NULL);
	}
	runcmd(&e->firewall, "ufw", "--force", "enable", NULL);
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
		if (&plan->nodes[i] != node && find_on_node(&plan->nodes[i], name))
			return &plan->nodes[i];
	return NULL;
}

/* another node's service, or NULL */
static const struct ipl_placed_service *
find_elsewhere(const struct ipl_plan *plan, const struct ipl_plan_node *node, const char *name)
{
	const struct ipl_plan_node *at = node_elsewhere(plan, node, name);

	return at ? find_on_node(at, name) : NULL;
}

/*
 * The services of other nodes this node's services depend on: private-address.sh
 * finds each by its port and names it in /etc/hosts, so that a connection setting
 * such as DB_HOST: db works. Returns how many.
 */
static size_t
add_peers(struct node_emit *e)
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
				step(&e->private_steps, "# the services of other nodes this node uses, by name\nfailed=0");
			/* names are [a-z0-9-] (spec loader): one shell word as they are */
			step(&e->private_steps, "peer %s %d || failed=1", dep->svc->name.s, dep->port);
		}
	}
	if (nr)
		step(&e->private_steps, "exit \"$failed\"");
	ipl_buf_release(&seen);
	ipl_buf_release(&key);
	return nr;
}

static void service_list(const struct ipl_plan_node *n, struct ipl_buf *b);

/* a script in /usr/local/lib/infraplan and the unit that runs it at every boot, enabled */
static void
add_boot_script(struct node_emit *e, const char *script_name, struct ipl_buf *script,
		const char *unit_name, struct ipl_buf *unit)
{
	struct ipl_buf path = IPL_BUF_INIT;

	ipl_buf_addf(&path, "/usr/local/lib/infraplan/%s", script_name);
	yaml_write_file(&e->write_files, path.data, "0755", false, ipl_buf_str(script));
	add_unit_file(e, unit_name, unit);
	/* after setup.sh in runcmd: the packages it configures are installed by then */
	runcmd(&e->enable, "systemctl", "enable", "--now", unit_name, NULL);
	ipl_buf_release(&path);
}

/* private-address.sh and its unit, for a node whose address is found at boot */
static int
emit_private_address(struct node_emit *e)
{
	struct ipl_buf script = IPL_BUF_INIT, unit = IPL_BUF_INIT, svcs = IPL_BUF_INIT;
	int rc = 0;

	if (!finds_private_address(e))
		return 0;
	add_peers(e);
	if (!e->private_steps.len)
		return 0;
	e->private_steps.data[--e->private_steps.len] = '\0';
	service_list(e->node, &svcs);
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "steps", ipl_buf_str(&e->private_steps) },
		};
		if (render(e, &script, "private-address.sh.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
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
		if (render(e, &unit, "systemd-private-address.service.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0) {
			rc = -1;
			goto done;
		}
	}
	add_boot_script(e, "private-address.sh", &script, "infraplan-private-address.service", &unit);
done:
	ipl_buf_release(&script);
	ipl_buf_release(&unit);
	ipl_buf_release(&svcs);
	return rc;
}

/* ---- Names of the services on other nodes --------------------------------- */

/*
 * hosts.sh and its unit, for a node whose private address the plan knows
 * (Hetzner, where Terraform sets it) and whose services use services of other
 * nodes: each of those gets its name in /etc/hosts at its node's address.
 * Where the provider assigns the addresses, private-address.sh does this.
 */
static int
emit_hosts(struct node_emit *e)
{
	struct ipl_buf entries = IPL_BUF_INIT, line = IPL_BUF_INIT, before = IPL_BUF_INIT,
		       script = IPL_BUF_INIT, unit = IPL_BUF_INIT;
	size_t i, j;
	int rc = 0;

	if (!e->node->private_ip || e->plan->nodes_nr < 2)
		return 0;
	for (i = 0; i < e->node->services_nr; i++) {
		const struct ipl_placed_service *ps = &e->node->services[i];
		bool uses = false;
		for (j = 0; j < ps->svc->depends_on_nr; j++) {
			const char *name = ps->svc->depends_on[j].s;
			const struct ipl_plan_node *at = node_elsewhere(e->plan, e->node, name);
			if (!at || !at->private_ip)
				continue;
			uses = true;
			ipl_buf_reset(&line);
			ipl_buf_addf(&line, "%s %s # infraplan", at->private_ip, name);
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
		rc = render(e, &script, "hosts.sh.tmpl", vars, IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "before", ipl_buf_str(&before) },
		};
		rc = render(e, &unit, "systemd-hosts.service.tmpl", vars, IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0)
		add_boot_script(e, "hosts.sh", &script, "infraplan-hosts.service", &unit);
done:
	ipl_buf_release(&entries);
	ipl_buf_release(&line);
	ipl_buf_release(&before);
	ipl_buf_release(&script);
	ipl_buf_release(&unit);
	return rc;
}

/* ---- cloud-init ---------------------------------------------------------- */

static void
add_base_files(struct node_emit *e)
{
	yaml_write_file(&e->write_files, "/etc/fail2ban/jail.d/infraplan.local", "0644", false,
			"# Generated by infraplan. Debian 12 logs to the journal only (no\n"
			"# /var/log/auth.log), so the sshd jail reads the journal.\n"
			"[sshd]\n"
			"enabled = true\n"
			"backend = systemd\n");
	/* written after the package, which would otherwise ask debconf and write its own */
	yaml_write_file(&e->write_files, "/etc/apt/apt.conf.d/20auto-upgrades", "0644", true,
			"// Generated by infraplan: security updates install themselves every day.\n"
			"APT::Periodic::Update-Package-Lists \"1\";\n"
			"APT::Periodic::Unattended-Upgrade \"1\";\n");
	if (e->private_binds)
		yaml_write_file(&e->write_files, "/etc/sysctl.d/90-infraplan.conf", "0644", false,
				"# Generated by infraplan: services here bind the private address, which\n"
				"# may come up after them at boot; let them bind it before it exists.\n"
				"net.ipv4.ip_nonlocal_bind = 1\n");
}

static void
user_block(struct node_emit *e, struct ipl_buf *b, struct ipl_buf *note)
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
		ipl_buf_adds(note, "# The spec gives no ssh_public_key: the keys your cloud-init datasource\n"
				   "# supplies go to the admin user; add ssh_public_key to the spec otherwise.");
	else
		ipl_buf_addf(note, "# The spec gives no ssh_public_key: the key of the %s SSH key resource\n"
				   "# (Terraform) reaches the admin user through the provider's metadata.",
			     e->plan->provider->name);
}

static void
service_list(const struct ipl_plan_node *n, struct ipl_buf *b)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		ipl_buf_addf(b, "%s%s (%s)", i ? ", " : "", n->services[i].svc->name.s,
			     ipl_service_kind_name(n->services[i].svc->kind));
	if (!n->services_nr)
		ipl_buf_adds(b, "no services");
}

static int
emit_cloud_init(struct node_emit *e)
{
	struct ipl_buf user = IPL_BUF_INIT, note = IPL_BUF_INIT, pkgs = IPL_BUF_INIT,
		       run = IPL_BUF_INIT, svcs = IPL_BUF_INIT, text = IPL_BUF_INIT,
		       path = IPL_BUF_INIT, setup = IPL_BUF_INIT;
	size_t i, limit = 0;
	int rc = 0;

	add_package(e, "ufw");
	add_package(e, "fail2ban");
	/* fail2ban's systemd backend */
	add_package(e, "python3-systemd");
	add_package(e, "unattended-upgrades");
	qsort(e->packages, e->packages_nr, sizeof(e->packages[0]), cmp_str);
	for (i = 0; i < e->packages_nr; i++) {
		ipl_buf_adds(&pkgs, i ? "\n  - " : "  - ");
		ipl_escape_yaml_string(&pkgs, e->packages[i]);
	}
	if (e->setup.len || e->setup_last.len || e->setup_fail.len) {
		struct ipl_buf steps = IPL_BUF_INIT;
		ipl_buf_add(&steps, e->setup.data ? e->setup.data : "", e->setup.len);
		ipl_buf_add(&steps, e->setup_last.data ? e->setup_last.data : "", e->setup_last.len);
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
			if (render(e, &setup, "setup.sh.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0)
				rc = -1;
		}
		ipl_buf_release(&steps);
		yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/setup.sh", "0755", true,
				ipl_buf_str(&setup));
	}
	add_base_files(e);
	if (e->write_files.len)
		e->write_files.data[--e->write_files.len] = '\0';

	ipl_buf_add(&run, e->firewall.data ? e->firewall.data : "", e->firewall.len);
	if (setup.len) {
		ipl_buf_adds(&run, "  # databases and services the packages installed\n");
		runcmd(&run, "sh", "/usr/local/lib/infraplan/setup.sh", NULL);
	}
	runcmd(&run, "systemctl", "daemon-reload", NULL);
	ipl_buf_add(&run, e->enable.data ? e->enable.data : "", e->enable.len);
	if (setup.len) {
		ipl_buf_adds(&run, "  # runcmd reports the status of its last command: fail when setup.sh did\n");
		runcmd(&run, "test", "-e", "/var/lib/infraplan/setup.done", NULL);
	}
	run.data[--run.len] = '\0';

	user_block(e, &user, &note);
	service_list(e->node, &svcs);
	{
		const struct ipl_template_var vars[] = {
			{ "node", e->node->name },
			{ "role", role_name(e->node->role) },
			{ "services", ipl_buf_str(&svcs) },
			{ "ssh_note", ipl_buf_str(&note) },
			{ "user", ipl_buf_str(&user) },
			{ "packages", ipl_buf_str(&pkgs) },
			{ "write_files", ipl_buf_str(&e->write_files) },
			{ "runcmd", ipl_buf_str(&run) },
		};
		if (render(e, &text, "cloud-init.tmpl", vars, IPL_ARRAY_SIZE(vars)) < 0)
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
	return rc;
}

/* ---- Entry point ---------------------------------------------------------- */

static int
emit_node(const struct ipl_plan *plan, const struct ipl_plan_node *node, struct ipl_fileset *out,
	  struct ipl_diags *diags)
{
	struct node_emit e;
	bool backups = plan->spec->backup.present && node_has_state(node);
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
			if (emit_image_unpack(&e, ps) < 0 || emit_service_unit(&e, ps) < 0)
				e.rc = -1;
		} else if (runs_own_unit(s)) {
			emit_service_unit(&e, ps);
		} else if (kind_of(s) && kind_of(s)->unit) {
			configure_package(&e, ps, backups);
		} else {
			e.rc = ipl_error(diags, e.spec->path, s->loc,
					 "service \"%s\" (%s) has neither a command nor an image: "
					 "nothing to run on node \"%s\"",
					 s->name.s, ipl_service_kind_name(s->kind), node->name);
		}
	}
	emit_dropins(&e);
	if (backups && emit_backup(&e) < 0)
		e.rc = -1;
	emit_firewall(&e);
	if (emit_private_address(&e) < 0 || emit_hosts(&e) < 0)
		e.rc = -1;
	if (emit_cloud_init(&e) < 0)
		e.rc = -1;
	for (i = 0; i < e.units_nr; i++)
		ipl_buf_release(&e.units[i].services);
	ipl_buf_release(&e.write_files);
	ipl_buf_release(&e.firewall);
	ipl_buf_release(&e.enable);
	ipl_buf_release(&e.setup);
	ipl_buf_release(&e.setup_last);
	ipl_buf_release(&e.setup_fail);
	ipl_buf_release(&e.private_steps);
	ipl_buf_release(&e.private_before);
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
	if (servers && !plan->spec->settings.ssh_allowed_cidr.s)
		ipl_note(diags, plan->spec->path, (struct ipl_loc){ 0, 0 },
			 "settings.ssh_allowed_cidr is not set: the servers admit SSH from the private "
			 "network %s only; set it to the address you administer from",
			 plan->network_cidr);
	return rc;
}
