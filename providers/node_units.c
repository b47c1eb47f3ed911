/*
 * node_units.c: the systemd units of the services infraplan runs itself (app
 * and worker): the command line split into words for ExecStart=, the unit's
 * ordering, its secrets file, and for a service given as an image the unit
 * that fetches and unpacks it (templates/image-unpack.sh.tmpl). Part of the
 * node files (node_files.c says what they write).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"
#include "templates/template.h"

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
int
ipl_node_split_command(const char *cmd, struct ipl_buf *words)
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
add_command(struct ipl_node_emit *e, struct ipl_buf *b, const struct ipl_service *s)
{
	struct ipl_buf words = IPL_BUF_INIT;
	int n = ipl_node_split_command(s->command.s, &words);

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

/* ---- Units of our own --------------------------------------------------- */

/* After= lines for the services this one depends on that run on the same node */
static void
add_after(const struct ipl_node_emit *e, const struct ipl_service *s, struct ipl_buf *b)
{
	size_t i;

	for (i = 0; i < s->depends_on_nr; i++) {
		const struct ipl_placed_service *dep = ipl_node_find_on_node(e->node,
									     s->depends_on[i].s);
		const char *unit = dep ? ipl_node_unit_of(dep) : NULL;
		if (!unit)
			continue;
		if (b->len)
			ipl_buf_addc(b, '\n');
		ipl_buf_adds(b, "After=");
		ipl_escape_systemd_value(b, unit);
	}
	ipl_node_add_name_units(e, s, b);
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

/* a commented EnvironmentFile=-/etc/infraplan/NAMESUFFIX line */
static void
add_environment_file(struct ipl_buf *b, const char *comment, const char *name, const char *suffix)
{
	ipl_buf_adds(b, comment);
	ipl_buf_adds(b, "EnvironmentFile=-/etc/infraplan/");
	ipl_escape_systemd_value(b, name);
	ipl_buf_addf(b, "%s\n", suffix);
}

/*
 * /etc/infraplan/NAME.env: created by cloud-init with the names of the
 * service's secrets and no values. The operator fills it in on the server.
 */
static void
add_secrets_file(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
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
		if (s->env[i].secret && ipl_node_credential_fills(e, s, s->env[i].key))
			ipl_buf_addf(&text,
				     "# %s: the secret \"%s\" is made on its database's server at "
				     "first boot\n# and set in /etc/infraplan/%s.generated.env\n",
				     s->env[i].key, s->env[i].secret, s->name.s);
		else if (s->env[i].secret)
			/* names are checked by the spec loader: [A-Z0-9_] and [a-z0-9-] */
			ipl_buf_addf(&text, "# %s: the secret \"%s\"\n#%s=\n", s->env[i].key,
				     s->env[i].secret, s->env[i].key);
	ipl_buf_addf(&path, "/etc/infraplan/%s.env", s->name.s);
	ipl_node_yaml_write_file(&e->write_files, ipl_buf_str(&path), "0600", true,
				 ipl_buf_str(&text));
	ipl_buf_reset(&text);
	for (i = 0; i < s->env_nr; i++)
		if (s->env[i].secret && !ipl_node_credential_fills(e, s, s->env[i].key))
			ipl_buf_addf(&text, "%s`%s`", text.len ? ", " : "", s->env[i].key);
	if (text.len) {
		ipl_buf_reset(&path);
		ipl_buf_addf(&path, "fill in /etc/infraplan/%s.env", s->name.s);
		ipl_node_operator_step(
			e, ipl_buf_str(&path),
			"Fill in the secrets of `%s` in `/etc/infraplan/%s.env` (mode "
			"0600; infraplan writes no secret): %s. Then `systemctl "
			"restart %s`.",
			s->name.s, s->name.s, ipl_buf_str(&text), ps->unit_name);
	}
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
add_image_tools(struct ipl_node_emit *e)
{
	struct ipl_buf script = IPL_BUF_INIT;

	if (e->image_tools)
		return 0;
	if (ipl_node_render(e, &script, "image-unpack.sh.tmpl", NULL, 0) < 0)
		return -1;
	ipl_node_yaml_write_file(&e->write_files, "/usr/local/lib/infraplan/image-unpack.sh",
				 "0755", false, ipl_buf_str(&script));
	ipl_buf_release(&script);
	/* skopeo fetches, umoci unpacks without root, jq reads the image's configuration,
	   and a static busybox runs its command in a root that may have no shell */
	ipl_node_add_package(e, "skopeo");
	ipl_node_add_package(e, "umoci");
	ipl_node_add_package(e, "jq");
	ipl_node_add_package(e, "busybox-static");
	ipl_node_yaml_write_file(&e->write_files, "/etc/infraplan/registry-auth.json", "0600",
				 false, "{\"auths\": {}}\n");
	e->image_tools = true;
	return 0;
}

/*
 * The unit that fetches and unpacks the image of service ps before its own
 * unit starts: image-unpack.sh SERVICE IMAGE KEY..., the KEYs being the
 * variables the spec sets, which win over the image's own.
 */
int
ipl_node_emit_image_unpack(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
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
		rc = ipl_node_render(e, &unit, "systemd-image.service.tmpl", vars,
				     IPL_ARRAY_SIZE(vars));
	}
	if (rc == 0) {
		ipl_node_add_unit_file(e, ipl_buf_str(&name), &unit);
		ipl_node_runcmd(&e->enable, "systemctl", "enable", ipl_buf_str(&name), NULL);
	}
	ipl_buf_release(&exec);
	ipl_buf_release(&name);
	ipl_buf_release(&img);
	ipl_buf_release(&unit);
	return rc;
}

int
ipl_node_emit_service_unit(struct ipl_node_emit *e, const struct ipl_placed_service *ps)
{
	const struct ipl_service *s = ps->svc;
	struct ipl_buf desc = IPL_BUF_INIT, after = IPL_BUF_INIT, exec = IPL_BUF_INIT,
		       env = IPL_BUF_INIT, caps = IPL_BUF_INIT, mdwe = IPL_BUF_INIT,
		       cpu = IPL_BUF_INIT, mem = IPL_BUF_INIT, unit = IPL_BUF_INIT,
		       root = IPL_BUF_INIT, cond = IPL_BUF_INIT, paths = IPL_BUF_INIT;
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
		ipl_buf_adds(
			&root,
			", is this service's whole file\n"
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
	if (ipl_node_gets_credentials(e, s)) {
		struct ipl_buf c = IPL_BUF_INIT;
		/* names are [a-z0-9-] (spec loader) */
		ipl_buf_addf(&c,
			     "# Connection settings, with the passwords its databases got on their "
			     "own\n# server at first boot: written on this server by env-%s.sh "
			     "(mode 0600).\n",
			     s->name.s);
		add_environment_file(&env, ipl_buf_str(&c), s->name.s, ".generated.env");
		ipl_buf_release(&c);
	}
	if (has_secrets(s)) {
		add_environment_file(
			&env,
			"# Secrets come from this file, which cloud-init creates without values\n"
			"# (mode 0600) for the operator to fill in: no secret is ever generated.\n",
			s->name.s, ".env");
		add_secrets_file(e, ps);
	}
	if (env.len)
		env.data[--env.len] = '\0';
	if (ps->port > 0 && ps->port < 1024)
		ipl_buf_addf(
			&caps,
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
	if (ipl_node_runtime_profile(e, ps, &mdwe, &cond, &paths) < 0) {
		rc = -1;
		goto done;
	}
	ipl_node_add_cpu_quota(&cpu, ps->cpu_m);
	ipl_node_add_memory_max(&mem, ps->memory_mib);
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
			{ "condition", ipl_buf_str(&cond) },
			{ "app_paths", ipl_buf_str(&paths) },
			{ "cpu_quota", ipl_buf_str(&cpu) },
			{ "memory_max", ipl_buf_str(&mem) },
		};
		if (ipl_node_render(e, &unit, "systemd-service.tmpl", vars, IPL_ARRAY_SIZE(vars)) <
		    0) {
			rc = -1;
			goto done;
		}
	}
	ipl_node_add_unit_file(e, ps->unit_name, &unit);
	/* --no-block: it is ordered after units that may wait (the image, the other nodes) */
	ipl_node_runcmd(&e->enable, "systemctl", "enable", "--now", "--no-block", ps->unit_name,
			NULL);
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
	ipl_buf_release(&cond);
	ipl_buf_release(&paths);
	return rc;
}
