/*
 * check.c: `infraplan check [SPEC...]`: is every committed plan what its spec
 * generates now? Finds each `.infraplan-manifest` below the current directory
 * (or the plans of the given specs), reads the spec it names, regenerates the
 * plan in memory as gen would, and compares file by file. Exit 1, listing the
 * stale files, when any plan differs: a CI gate for "regenerate the plan".
 */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include "core/common.h"

#include <dirent.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/dirtx.h"
#include "core/json.h"
#include "core/textdiff.h"
#include "core/xalloc.h"
#include "model/spec.h"
#include "planners/generate.h"
#include "planners/manifest.h"
#include "planners/rightsize.h"

struct dirs {
	char **items;
	size_t nr, alloc;
};

/* every directory below root holding a manifest; build trees and .git are skipped */
static void
find_plans(const char *root, struct dirs *out, int depth)
{
	DIR *d;
	struct dirent *e;
	char path[4096];

	if (depth > 12 || !(d = opendir(root)))
		return;
	snprintf(path, sizeof(path), "%s/%s", root, IPL_MANIFEST_NAME);
	if (access(path, R_OK) == 0) {
		out->items = ipl_xgrow(out->items, sizeof(*out->items), out->nr + 1, &out->alloc);
		out->items[out->nr++] = ipl_xstrdup(root);
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "build", 5) ||
		    !strcmp(e->d_name, "node_modules"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			find_plans(path, out, depth + 1);
	}
	closedir(d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- What one plan's check found ---------------------------------------- */

enum file_state {
	FILE_MISSING, /* gen writes it, it is not on disk */
	FILE_EDITED,  /* on disk as gen did not write it: edited by hand since */
	FILE_CHANGED, /* as gen wrote it, but the spec or the catalog generates it otherwise now */
	FILE_CACHE,   /* FILE_CHANGED only because of the local price cache */
	FILE_REMOVED, /* gen wrote it, and no longer generates it */
};

static const char *const state_names[] = { "missing", "edited", "changed", "cache", "removed" };

struct file_result {
	char *path; /* relative to the plan directory */
	enum file_state state;
	struct ipl_textdiff_stat stat;
	struct ipl_buf diff; /* unified, empty when there is none to show */
};

struct plan_result {
	char *dir;
	char *spec; /* as the manifest names it, NULL when it names none */
	int rc;     /* as check_plan returns it */
	struct file_result *files;
	size_t nr, alloc;
	struct ipl_diags errors; /* said on stderr as well */
};

static struct file_result *
add_file(struct plan_result *r, const char *path, enum file_state state)
{
	struct file_result *f;

	r->files = ipl_xgrow(r->files, sizeof(*r->files), r->nr + 1, &r->alloc);
	f = &r->files[r->nr++];
	memset(f, 0, sizeof(*f));
	f->path = ipl_xstrdup(path);
	f->state = state;
	return f;
}

static void
plan_result_release(struct plan_result *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->files[i].path);
		ipl_buf_release(&r->files[i].diff);
	}
	free(r->files);
	free(r->dir);
	free(r->spec);
	ipl_diags_release(&r->errors);
}

/* ---- Regenerating --------------------------------------------------------- */

/* every file gen would write for the plan m describes, into fs; 0 or -1 (errors in run) */
static int
regenerate(struct ipl_run *run, const struct ipl_manifest *m, const char *spec_path,
	   struct ipl_fileset *fs)
{
	struct ipl_plan *plan;
	struct ipl_cost *cost;

	if (ipl_run_load(run, spec_path) != IPL_EXIT_OK)
		return -1;
	if (m->rightsized) {
		struct ipl_recommendation *recs;
		size_t nrecs;
		ipl_rightsize_recommend(run->spec, run->catalog, &recs, &nrecs, &run->arena);
		run->spec = ipl_rightsize_apply(run->spec, recs, nrecs, &run->arena);
	}
	if (ipl_run_plan(run, m->spec, m->rightsized, &plan, &cost, fs) != IPL_EXIT_OK)
		return -1;
	/* the warnings were for gen; check reports staleness only */
	if (!run->diags.errors) {
		ipl_diags_release(&run->diags);
		ipl_diags_init(&run->diags);
	}
	return 0;
}

static bool
same_text(const struct ipl_buf *a, const struct ipl_buf *b)
{
	return a->len == b->len && !memcmp(ipl_buf_str(a), ipl_buf_str(b), a->len);
}

/*
 * Files that differ only because of the local price cache: generated from the
 * embedded catalog alone, they are what is on disk. Marks them FILE_CACHE.
 */
static void
find_cache_changes(const struct ipl_env *env, const struct ipl_manifest *m, const char *spec_path,
		   struct ipl_dirtx *tx, struct plan_result *r)
{
	struct ipl_env offline = *env;
	struct ipl_run run;
	struct ipl_fileset fs;
	size_t i;

	offline.offline = true;
	ipl_fileset_init(&fs);
	ipl_run_init(&run, &offline);
	if (regenerate(&run, m, spec_path, &fs) == 0)
		for (i = 0; i < r->nr; i++) {
			const struct ipl_file *f = ipl_fileset_find(&fs, r->files[i].path);
			struct ipl_buf disk = IPL_BUF_INIT;
			if (r->files[i].state == FILE_CHANGED && f &&
			    ipl_dirtx_read(tx, f->path, &disk, 64 << 20) > 0 &&
			    same_text(&disk, &f->content))
				r->files[i].state = FILE_CACHE;
			ipl_buf_release(&disk);
		}
	/* what went wrong without the cache is no news: the run with it said its own */
	ipl_diags_release(&run.diags);
	ipl_diags_init(&run.diags);
	ipl_run_finish(&run);
	ipl_fileset_release(&fs);
}

/*
 * A hand edit may have put a secret into a generated file (a password into a
 * unit, a token into a .tf): in the lines the diff adds or removes, the value
 * of a key that looks like a secret (ipl_name_looks_secret) is hidden, so
 * that check never prints it into a CI log.
 */
static void
hide_secrets(struct ipl_buf *diff)
{
	struct ipl_buf out = IPL_BUF_INIT;
	const char *s = ipl_buf_str(diff), *end = s + diff->len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s), k;
		const char *sep = NULL;
		bool body = len > 1 && (s[0] == '+' || s[0] == '-') && strncmp(s, "+++ ", 4) &&
			    strncmp(s, "--- ", 4);

		for (k = 1; body && k < len && !sep; k++)
			if (s[k] == '=' || s[k] == ':')
				sep = s + k;
		if (sep && ipl_name_looks_secret(s + 1, (size_t)(sep - s - 1)) &&
		    sep + 1 < s + len &&
		    strspn(sep + 1, " \t\"'\n") < (size_t)(s + len - sep - 1)) {
			ipl_buf_add(&out, s, (size_t)(sep - s) + 1);
			ipl_buf_adds(&out, " (value hidden by check: it looks like a secret)\n");
		} else {
			ipl_buf_add(&out, s, len);
		}
		s += len;
	}
	ipl_buf_release(diff);
	*diff = out;
}

/* compares one generated file with the disk; adds it to r when it differs */
static void
compare_file(struct ipl_dirtx *tx, const struct ipl_manifest *m, const struct ipl_file *f,
	     const char *dir, struct plan_result *r)
{
	struct ipl_buf disk = IPL_BUF_INIT, a = IPL_BUF_INIT, b = IPL_BUF_INIT;
	const struct ipl_manifest_entry *e;
	struct file_result *res;
	char hash[65];
	int st = ipl_dirtx_read(tx, f->path, &disk, 64 << 20);

	if (st <= 0) {
		add_file(r, f->path, FILE_MISSING);
		goto done;
	}
	if (same_text(&disk, &f->content))
		goto done;
	ipl_sha256_hex(disk.data, disk.len, hash);
	e = ipl_manifest_find(m, f->path);
	/* the manifest follows from the other files: its own difference says nothing new */
	if (!strcmp(f->path, IPL_MANIFEST_NAME)) {
		add_file(r, f->path, FILE_CHANGED);
		goto done;
	}
	if (!e || strcmp(e->hash, hash)) {
		/* what the hand changed: from what gen writes to what is there */
		res = add_file(r, f->path, FILE_EDITED);
		ipl_buf_addf(&a, "%s/%s (generated)", dir, f->path);
		ipl_buf_addf(&b, "%s/%s (on disk)", dir, f->path);
		res->stat = ipl_textdiff_unified(&res->diff, a.data, ipl_buf_str(&f->content),
						 f->content.len, b.data, disk.data, disk.len);
		hide_secrets(&res->diff);
	} else {
		/* what gen would change: from what is committed to what it writes now */
		res = add_file(r, f->path, FILE_CHANGED);
		ipl_buf_addf(&a, "%s/%s (committed)", dir, f->path);
		ipl_buf_addf(&b, "%s/%s (generated now)", dir, f->path);
		res->stat = ipl_textdiff_unified(&res->diff, a.data, disk.data, disk.len, b.data,
						 ipl_buf_str(&f->content), f->content.len);
	}
done:
	ipl_buf_release(&disk);
	ipl_buf_release(&a);
	ipl_buf_release(&b);
}

/*
 * Into r: r->rc is 0 up to date, 1 stale (r->files says how), 2 not one of
 * the given specs, -1 the plan could not be regenerated (bad input), -3 the
 * directory could not be opened (locked, I/O). The plan directory is opened
 * as gen writes it (core/dirtx.h): an interrupted gen is finished or undone
 * first, and no file is read through a symbolic link. root bounds the spec
 * the manifest names when the plan is in no repository.
 */
static void
check_plan(const struct ipl_env *env, const char *dir, const char *root, const char **only,
	   int only_nr, struct plan_result *r)
{
	struct ipl_run run;
	struct ipl_manifest m;
	struct ipl_dirtx tx;
	struct ipl_buf path = IPL_BUF_INIT;
	struct ipl_fileset fs;
	char *spec_path = NULL;
	size_t i;
	int k, st;
	bool changed = false;

	memset(r, 0, sizeof(*r));
	r->dir = ipl_xstrdup(dir);
	ipl_diags_init(&r->errors);
	ipl_manifest_init(&m);
	ipl_fileset_init(&fs);
	ipl_run_init(&run, env);
	ipl_buf_addf(&path, "%s/%s", dir, IPL_MANIFEST_NAME);
	if (ipl_dirtx_open(&tx, dir, false) < 0) {
		ipl_error(&run.diags, dir, (struct ipl_loc){ 0, 0 }, "%s", tx.error);
		r->rc = errno == EINVAL || errno == ELOOP ? -1 : -3;
		goto done;
	}
	if ((st = ipl_manifest_read(&m, &tx, &run.diags)) <= 0) {
		/* found a moment ago: gone since */
		if (st == 0)
			ipl_error(&run.diags, path.data, (struct ipl_loc){ 0, 0 },
				  "cannot read: gone");
		r->rc = -1;
		goto done;
	}
	if (!m.spec) {
		ipl_error(&run.diags, path.data, (struct ipl_loc){ 0, 0 },
			  "names no spec (\"# spec: PATH\"); not a manifest gen wrote");
		r->rc = -1;
		goto done;
	}
	r->spec = ipl_xstrdup(m.spec);
	if (!(spec_path = ipl_plan_spec_path(dir, m.spec, root, &run.diags))) {
		r->rc = -1;
		goto done;
	}
	if (only_nr) {
		bool wanted = false;
		for (k = 0; k < only_nr && !wanted; k++) {
			char a[4096], b[4096];
			wanted = realpath(only[k], a) && realpath(spec_path, b) && !strcmp(a, b);
		}
		if (!wanted) {
			r->rc = 2;
			goto done;
		}
	}
	if (regenerate(&run, &m, spec_path, &fs) < 0) {
		r->rc = -1;
		goto done;
	}
	for (i = 0; i < fs.nr; i++)
		compare_file(&tx, &m, &fs.files[i], dir, r);
	for (i = 0; i < m.nr; i++) {
		struct ipl_buf disk = IPL_BUF_INIT;
		if (ipl_fileset_find(&fs, m.entries[i].path))
			continue;
		if (ipl_dirtx_read(&tx, m.entries[i].path, &disk, 64 << 20) != 0)
			add_file(r, m.entries[i].path, FILE_REMOVED);
		ipl_buf_release(&disk);
	}
	for (i = 0; i < r->nr; i++)
		changed |= r->files[i].state == FILE_CHANGED;
	if (changed && !env->offline && env->cache_dir)
		find_cache_changes(env, &m, spec_path, &tx, r);
	r->rc = r->nr ? 1 : 0;
done:
	ipl_dirtx_close(&tx);
	ipl_diags_sort(&run.diags);
	ipl_diags_copy_errors(&r->errors, &run.diags);
	ipl_run_finish(&run);
	free(spec_path);
	ipl_fileset_release(&fs);
	ipl_manifest_release(&m);
	ipl_buf_release(&path);
}

/* ---- Reports -------------------------------------------------------------- */

static void
print_plan(const struct plan_result *r, const struct ipl_env *env, bool stat)
{
	size_t i;
	bool edited = false;

	for (i = 0; i < r->nr; i++) {
		const struct file_result *f = &r->files[i];
		printf("%s/%s: ", r->dir, f->path);
		switch (f->state) {
		case FILE_MISSING:
			printf("missing");
			break;
		case FILE_EDITED:
			edited = true;
			printf("edited by hand since gen wrote it");
			break;
		case FILE_CHANGED:
			printf("differs from what %s generates now: the spec or the catalog "
			       "changed since gen wrote it",
			       r->spec);
			break;
		case FILE_CACHE:
			printf("differs from what %s generates now only because of the local price "
			       "cache (%s): the embedded catalog generates it as committed",
			       r->spec, env->cache_dir);
			break;
		case FILE_REMOVED:
			printf("no longer generated");
			break;
		}
		if (f->stat.added || f->stat.removed)
			printf(" (+%zu -%zu)", f->stat.added, f->stat.removed);
		putchar('\n');
		if (!stat)
			fputs(ipl_buf_str(&f->diff), stdout);
	}
	if (edited)
		printf("hint: gen replaces a file edited by hand only with --force: move the change "
		       "into %s (docs/spec.md) and run infraplan gen, or drop it with "
		       "infraplan gen --force\n",
		       r->spec);
	for (i = 0; i < r->nr && r->files[i].state != FILE_CACHE; i++)
		;
	if (i < r->nr)
		printf("hint: infraplan check --offline compares with the embedded catalog only; "
		       "infraplan gen takes the cached prices into the plan\n");
}

static void
json_plan(const struct plan_result *r, bool stat, struct ipl_buf *b)
{
	size_t i;

	ipl_buf_adds(b, "{");
	ipl_json_string(b, "directory", r->dir);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "spec", r->spec);
	ipl_buf_addf(b, ", \"status\": \"%s\",\n  \"files\": [",
		     r->rc == 0   ? "up to date"
		     : r->rc == 1 ? "stale"
				  : "error");
	for (i = 0; i < r->nr; i++) {
		const struct file_result *f = &r->files[i];
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		ipl_json_string(b, "path", f->path);
		ipl_buf_addf(b, ", \"state\": \"%s\", \"added\": %zu, \"removed\": %zu, ",
			     state_names[f->state], f->stat.added, f->stat.removed);
		ipl_json_string(b, "diff", stat || !f->diff.len ? NULL : ipl_buf_str(&f->diff));
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, r->nr ? "\n  ],\n  " : "],\n  ");
	ipl_json_diags(b, "errors", &r->errors, IPL_ERROR);
	ipl_buf_adds(b, "}");
}

/* ---- The command ---------------------------------------------------------- */

/* operand is a directory (a plan, or a tree of them) rather than a spec */
static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* adds the plans below root not yet in out (compared by real path) */
static void
add_plans(const char *root, struct dirs *out)
{
	struct dirs found = { NULL, 0, 0 };
	size_t i, j;

	find_plans(root, &found, 0);
	if (found.nr)
		qsort(found.items, found.nr, sizeof(*found.items), cmp_str);
	for (i = 0; i < found.nr; i++) {
		char a[4096], b[4096];
		bool dup = false;
		for (j = 0; j < out->nr && !dup; j++)
			dup = realpath(found.items[i], a) && realpath(out->items[j], b) &&
			      !strcmp(a, b);
		if (dup) {
			free(found.items[i]);
			continue;
		}
		out->items = ipl_xgrow(out->items, sizeof(*out->items), out->nr + 1, &out->alloc);
		out->items[out->nr++] = found.items[i];
	}
	free(found.items);
}

static int
run_check(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *root = ".";
	bool stat = false;
	int format = IPL_FORMAT_TABLE;
	const struct ipl_option opts[] = {
		IPL_OPT_STRING('C', "directory", &root, "DIR",
			       "look for plans below DIR (default .)"),
		IPL_OPT_BOOL(0, "stat", &stat,
			     "the lines added and removed per file, without the diffs"),
		IPL_OPT_FORMAT(&format, ipl_formats_no_markdown),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	struct dirs plans = { NULL, 0, 0 };
	const char **specs;
	struct ipl_buf json = IPL_BUF_INIT;
	int rc, status = IPL_EXIT_OK, checked = 0, stale = 0, nspecs = 0, k;
	size_t i, unfiltered;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	/* a directory operand is a plan (or holds plans); a file, a spec whose plans to check */
	specs = ipl_xcalloc((size_t)args->nr + 1, sizeof(*specs));
	for (k = 0; k < args->nr; k++)
		if (is_dir(args->operands[k]))
			add_plans(args->operands[k], &plans);
		else
			specs[nspecs++] = args->operands[k];
	unfiltered = plans.nr;
	if (nspecs || args->nr == 0)
		add_plans(root, &plans);
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_adds(&json, "{\n  ");
		ipl_json_schema_version(&json);
		ipl_buf_adds(&json, ",\n  \"plans\": [");
	}
	for (i = 0; i < plans.nr; i++) {
		struct plan_result r;
		check_plan(args->env, plans.items[i], root, i < unfiltered ? NULL : specs,
			   i < unfiltered ? 0 : nspecs, &r);
		free(plans.items[i]);
		if (r.rc == 2) {
			plan_result_release(&r);
			continue; /* not one of the given specs */
		}
		if (format == IPL_FORMAT_JSON) {
			ipl_buf_adds(&json, checked ? ",\n  " : "\n  ");
			json_plan(&r, stat, &json);
		} else {
			print_plan(&r, args->env, stat);
		}
		checked++;
		if (r.rc == -3)
			status = IPL_EXIT_ENV;
		else if (r.rc < 0 && status != IPL_EXIT_ENV)
			status = IPL_EXIT_USAGE;
		else if (r.rc == 1) {
			stale++;
			if (status == IPL_EXIT_OK)
				status = IPL_EXIT_CHECK;
		}
		plan_result_release(&r);
	}
	free(plans.items);
	free(specs);
	if (checked == 0) {
		ipl_buf_release(&json);
		fprintf(stderr, "infraplan check: error: no generated plan (%s) found below %s%s\n",
			IPL_MANIFEST_NAME,
			args->nr > nspecs && !nspecs ? "the given directories" : root,
			nspecs ? " for the given specs" : "");
		return IPL_EXIT_USAGE;
	}
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_addf(
			&json,
			"\n  ],\n  \"checked\": %d,\n  \"stale\": %d,\n  \"warnings\": []\n}\n",
			checked, stale);
		fputs(ipl_buf_str(&json), stdout);
		ipl_buf_release(&json);
	} else if (stale)
		printf("%d of %d plan%s stale: run infraplan gen and commit the result\n", stale,
		       checked, checked == 1 ? " is" : "s are");
	else if (status == IPL_EXIT_OK)
		printf("%d plan%s up to date\n", checked, checked == 1 ? "" : "s");
	return status;
}

const struct ipl_cmd ipl_cmd_check = {
	.name = "check",
	.summary = "exit 1 if a committed plan differs from what its spec generates now",
	.operands = "[SPEC | PLAN_DIR]...",
	.description =
		"Finds every .infraplan-manifest below DIR (or below each PLAN_DIR given, or\n"
		"the plans of the SPECs given), regenerates its plan from the spec it names,\n"
		"and lists each file that differs, is missing or is no longer generated, with\n"
		"a unified diff (--stat: only the lines added and removed). It tells a file\n"
		"edited by hand (gen keeps it unless --force) from one the spec or the\n"
		"catalog now generates otherwise, and says when only the local price cache\n"
		"makes the difference. Exit 1 when a plan is stale: a CI gate.",
	.run = run_check,
};
