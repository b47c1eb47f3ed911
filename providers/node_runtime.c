/*
 * node_runtime.c: the runtime profile of a service infraplan runs itself on
 * a server (issue 13): what its runtime (spec key runtime, or read from the
 * command or image: ipl_service_runtime) needs from the sandbox and from
 * Debian, and where its code goes. For the unit it gives
 *
 *   MemoryDenyWriteExecute=   off for the JIT runtimes (Node.js, the JVM,
 *                             .NET), which write machine code and run it,
 *                             with a comment saying so; on for the others
 *   ConditionPathExists=      the deployed program (or the app's directory):
 *                             the unit does not start, or restart-loop,
 *                             before the code is there
 *   WorkingDirectory=, BindPaths=, StateDirectory=
 *                             the workdir and the writable paths of the spec
 *
 * and it installs the runtime's Debian package (nodejs, python3, ruby,
 * default-jre-headless) and writes the README's section on deploying.
 * Part of the node files (node_files.c).
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/emit.h"
#include "providers/node_emit.h"

/* where a service's code goes when the spec does not say: never made by cloud-init */
#define APP_ROOT "/srv/"

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
	static const char *const names[] = { "node",    "nodejs",   "java",    "jdk",  "openjdk",
					     "jre",     "dotnet",   "aspnet",  "deno", "bun",
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
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9'))
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

/* the Debian package of a runtime, or NULL: Go and native programs bring their own */
static const char *
runtime_package(enum ipl_runtime r)
{
	switch (r) {
	case IPL_RUNTIME_NODE:
		return "nodejs";
	case IPL_RUNTIME_PYTHON:
		return "python3";
	case IPL_RUNTIME_RUBY:
		return "ruby";
	case IPL_RUNTIME_JVM:
		return "default-jre-headless";
	case IPL_RUNTIME_DOTNET:
	case IPL_RUNTIME_GO:
	case IPL_RUNTIME_NATIVE:
	case IPL_RUNTIME_STATIC:
	case IPL_RUNTIME__COUNT:
		break;
	}
	return NULL;
}

/* true when the service's env turns Ruby's JIT (YJIT) on */
static bool
ruby_jit_on(const struct ipl_service *s)
{
	size_t i;

	for (i = 0; i < s->env_nr; i++)
		if (!strcmp(s->env[i].key, "RUBY_YJIT_ENABLE") && s->env[i].value &&
		    strcmp(s->env[i].value, "0") && strcmp(s->env[i].value, "false"))
			return true;
	return false;
}

static void
add_mdwe(const struct ipl_service *s, bool known, enum ipl_runtime rt, struct ipl_buf *b)
{
	if (s->image.s) {
		ipl_buf_adds(
			b,
			"# What the image runs is not known here, and JIT runtimes (Node.js, the JVM,\n"
			"# .NET) crash under MemoryDenyWriteExecute=, so it stays off for an image.\n"
			"MemoryDenyWriteExecute=no");
	} else if (known &&
		   (rt == IPL_RUNTIME_NODE || rt == IPL_RUNTIME_JVM || rt == IPL_RUNTIME_DOTNET ||
		    (rt == IPL_RUNTIME_RUBY && ruby_jit_on(s)))) {
		ipl_buf_addf(
			b,
			"# Runtime %s%s compiles to machine code as it runs (a JIT): it writes\n"
			"# the code and then executes it, which MemoryDenyWriteExecute= forbids\n"
			"# (the process would abort at start), so it stays off for this service.\n"
			"MemoryDenyWriteExecute=no",
			ipl_runtime_name(rt), rt == IPL_RUNTIME_RUBY ? " with YJIT" : "");
	} else if (!known && looks_like_jit(s->command.s)) {
		ipl_buf_adds(
			b,
			"# The command looks like a JIT runtime (Node.js, the JVM, .NET): its compiler\n"
			"# writes machine code and then runs it, which MemoryDenyWriteExecute= forbids\n"
			"# (the process would crash at start), so it stays off for this service.\n"
			"MemoryDenyWriteExecute=no");
	} else {
		if (known)
			ipl_buf_addf(
				b,
				"# Runtime %s needs no writable and executable memory (no JIT).\n",
				ipl_runtime_name(rt));
		ipl_buf_adds(b, "MemoryDenyWriteExecute=yes");
	}
}

/* a path the system owns (a runtime the package installs), not the deployed code */
static bool
system_path(const char *p)
{
	static const char *const roots[] = { "/usr/",  "/bin/", "/sbin/", "/lib", "/etc/",
					     "/proc/", "/dev/", "/tmp/",  "/run/" };
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(roots); i++)
		if (!strncmp(p, roots[i], strlen(roots[i])))
			return true;
	return false;
}

/* the app's directory: /srv/NAME, or an absolute workdir */
static void
app_directory(const struct ipl_service *s, struct ipl_buf *b)
{
	ipl_buf_addf(b, APP_ROOT "%s", s->name.s);
}

/* the working directory: the workdir (absolute, or in the app's directory), else the app's */
static void
work_directory(const struct ipl_service *s, struct ipl_buf *b)
{
	if (s->workdir.s && s->workdir.s[0] == '/') {
		ipl_buf_adds(b, s->workdir.s);
		return;
	}
	app_directory(s, b);
	if (s->workdir.s)
		ipl_buf_addf(b, "/%s", s->workdir.s);
}

/* a relative word that names a script or archive a runtime runs (server.js, app.py, app.jar) */
static bool
script_name(const char *w)
{
	static const char *const exts[] = { ".js", ".mjs", ".cjs", ".py", ".rb", ".jar", ".dll" };
	size_t i, len = strlen(w);

	if (strstr(w, ".."))
		return false;
	for (i = 0; i < IPL_ARRAY_SIZE(exts); i++)
		if (len > strlen(exts[i]) && !strcmp(w + len - strlen(exts[i]), exts[i]))
			return true;
	return false;
}

/*
 * The paths the unit waits for, one per line into `paths`: the absolute
 * paths of the command that the system does not own (the deployed program,
 * its script), else the working directory, which only a deploy makes.
 */
static void
deployed_paths(const struct ipl_service *s, struct ipl_buf *paths)
{
	struct ipl_buf words = IPL_BUF_INIT;
	int n = ipl_node_split_command(s->command.s, &words), i;
	const char *w = words.data;

	for (i = 0; i < n; i++, w += strlen(w) + 1) {
		if (strspn(w,
			   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+@") !=
		    strlen(w))
			continue;
		if (w[0] == '/' && !system_path(w)) {
			ipl_buf_addf(paths, "%s\n", w);
		} else if (w[0] != '/' && w[0] != '-' && script_name(w)) {
			/* node server.js: the script, in the working directory */
			work_directory(s, paths);
			ipl_buf_addf(paths, "/%s\n", w);
		}
	}
	if (!paths->len) {
		work_directory(s, paths);
		ipl_buf_addc(paths, '\n');
	}
	ipl_buf_release(&words);
}

/* the README's lines on deploying service ps */
static void
add_deploy_doc(struct ipl_node_emit *e, const struct ipl_placed_service *ps, bool known,
	       enum ipl_runtime rt, const struct ipl_buf *waits)
{
	const struct ipl_service *s = ps->svc;
	struct ipl_buf dir = IPL_BUF_INIT, work = IPL_BUF_INIT, summary = IPL_BUF_INIT;
	const char *admin = e->spec->admin_user.s ? e->spec->admin_user.s : "deploy";
	const char *line, *nl;
	bool in_dir;
	size_t i;

	app_directory(s, &dir);
	work_directory(s, &work);
	ipl_buf_addf(&e->deploy, "%s### %s (%s, runtime %s)\n\n", e->deploy.len ? "\n" : "",
		     s->name.s, ipl_service_kind_name(s->kind),
		     known ? ipl_runtime_name(rt) : "not known");
	/* a command that names its program elsewhere (/opt/app/bin/app) says where the code goes */
	in_dir = !strncmp(waits->data, ipl_buf_str(&dir), dir.len) &&
		 (waits->data[dir.len] == '/' || waits->data[dir.len] == '\n');
	if (!in_dir) {
		ipl_buf_addf(&e->deploy,
			     "- Its command names where its code goes (`%.*s`); without that it "
			     "would be `%s`.\n",
			     (int)strcspn(waits->data, "\n"), waits->data, ipl_buf_str(&dir));
		ipl_buf_reset(&dir);
		ipl_buf_adds(&dir, "APP_DIR");
	}
	ipl_buf_addf(&e->deploy,
		     "- Its code goes in `%s`, owned by root and readable by all: "
		     "the service runs as a user systemd allocates when it starts "
		     "(`DynamicUser=`), which may read its code but not change it. What it "
		     "writes goes in `/var/lib/infraplan/%s` (state), `/var/cache/infraplan/%s`, "
		     "`/var/log/infraplan/%s` and `/tmp` (its own)",
		     ipl_buf_str(&dir), s->name.s, s->name.s, s->name.s);
	for (i = 0; i < s->writable_nr; i++)
		ipl_buf_addf(&e->deploy, "%s`%s/%s`", i ? ", " : "; and in ", ipl_buf_str(&dir),
			     s->writable[i].s);
	if (s->writable_nr)
		ipl_buf_addf(&e->deploy,
			     " (kept in `/var/lib/infraplan/%s/app/`: create "
			     "these directories in the deploy, empty)",
			     s->name.s);
	ipl_buf_adds(&e->deploy, ".\n");
	if (s->workdir.s)
		ipl_buf_addf(&e->deploy, "- It runs in `%s` (`workdir`).\n", ipl_buf_str(&work));
	ipl_buf_adds(&e->deploy, "- `");
	ipl_buf_adds(&e->deploy, ps->unit_name);
	ipl_buf_adds(&e->deploy, "` does not start before ");
	for (line = waits->data; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		ipl_buf_addf(&e->deploy, "%s`%.*s`", line == waits->data ? "" : " and ",
			     (int)(nl - line), line);
	}
	ipl_buf_addf(&e->deploy,
		     " exists (`ConditionPathExists=`): cloud-init enables it, the first deploy "
		     "starts it. A deploy:\n\n"
		     "  ```sh\n"
		     "  rsync -a --delete ./ %s@NODE:/tmp/%s/ && ssh %s@NODE 'sudo rsync -a "
		     "--delete --chown=root:root /tmp/%s/ %s/ && sudo systemctl restart %s'\n"
		     "  ```\n",
		     admin, s->name.s, admin, s->name.s, ipl_buf_str(&dir), ps->unit_name);
	ipl_buf_addf(&summary, "deploy %s, then systemctl restart %s", s->name.s, ps->unit_name);
	ipl_buf_addf(&e->operator_summary, "%s%s", e->operator_summary.len ? "; " : "",
		     ipl_buf_str(&summary));
	ipl_buf_release(&dir);
	ipl_buf_release(&work);
	ipl_buf_release(&summary);
}

int
ipl_node_runtime_profile(struct ipl_node_emit *e, const struct ipl_placed_service *ps,
			 struct ipl_buf *mdwe, struct ipl_buf *condition, struct ipl_buf *paths)
{
	const struct ipl_service *s = ps->svc;
	enum ipl_runtime rt = IPL_RUNTIME_NATIVE;
	bool known = ipl_service_runtime(s, &rt);
	struct ipl_buf waits = IPL_BUF_INIT, dir = IPL_BUF_INIT, work = IPL_BUF_INIT;
	const char *line, *nl;
	size_t i;

	add_mdwe(s, known, rt, mdwe);
	if (s->image.s)
		return 0; /* the image brings its runtime and its code */
	if (known && runtime_package(rt)) {
		ipl_node_add_package(e, runtime_package(rt));
		if (rt == IPL_RUNTIME_RUBY && !strncmp(s->command.s, "bundle", 6))
			ipl_node_add_package(e, "ruby-bundler");
	} else if (known && rt == IPL_RUNTIME_DOTNET) {
		ipl_node_operator_step(
			e, "install .NET",
			"Install the .NET runtime for `%s`: Debian 12 does not package it (Microsoft's "
			"apt repository: https://learn.microsoft.com/dotnet/core/install/linux-debian), "
			"or deploy it self-contained.",
			s->name.s);
	}
	deployed_paths(s, &waits);
	ipl_buf_adds(condition, "# Not before the code is deployed: no start, and no restart "
				"loop, on an empty server.\n");
	for (line = waits.data; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		ipl_buf_adds(condition, "ConditionPathExists=");
		ipl_buf_add(&dir, line, (size_t)(nl - line));
		ipl_escape_systemd_value(condition, ipl_buf_str(&dir));
		ipl_buf_reset(&dir);
		ipl_buf_addc(condition, '\n');
	}
	condition->data[--condition->len] = '\0';
	app_directory(s, &dir);
	work_directory(s, &work);
	ipl_buf_adds(paths, "CacheDirectory=infraplan/");
	ipl_escape_systemd_value(paths, s->name.s);
	/* "-": without a workdir the code may live elsewhere (an absolute program) */
	ipl_buf_addf(paths, "\nWorkingDirectory=%s", s->workdir.s ? "" : "-");
	ipl_escape_systemd_value(paths, ipl_buf_str(&work));
	if (s->writable_nr)
		ipl_buf_adds(paths,
			     "\n# The paths of its code it may write (writable: in the spec), "
			     "kept with its state.");
	for (i = 0; i < s->writable_nr; i++) {
		struct ipl_buf v = IPL_BUF_INIT;
		/* checked by the spec loader: [A-Za-z0-9._/-], relative, no . or .. */
		ipl_buf_addf(&v, "infraplan/%s/app/%s", s->name.s, s->writable[i].s);
		ipl_buf_adds(paths, "\nStateDirectory=");
		ipl_escape_systemd_value(paths, ipl_buf_str(&v));
		ipl_buf_reset(&v);
		ipl_buf_addf(&v, "/var/lib/infraplan/%s/app/%s:%s/%s", s->name.s, s->writable[i].s,
			     ipl_buf_str(&dir), s->writable[i].s);
		ipl_buf_adds(paths, "\nBindPaths=");
		ipl_escape_systemd_value(paths, ipl_buf_str(&v));
		ipl_buf_release(&v);
	}
	add_deploy_doc(e, ps, known, rt, &waits);
	ipl_buf_release(&waits);
	ipl_buf_release(&dir);
	ipl_buf_release(&work);
	return 0;
}
