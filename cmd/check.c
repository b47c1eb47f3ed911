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
#include "core/xalloc.h"
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

/*
 * 0 up to date, 1 stale (files listed), 2 not one of the given specs, -1 the
 * plan could not be regenerated (bad input), -3 the directory could not be
 * opened (locked, I/O). The plan directory is opened as gen writes it
 * (core/dirtx.h): an interrupted gen is finished or undone first, and no file
 * is read through a symbolic link. root bounds the spec the manifest names
 * when the plan is in no repository.
 */
static int
check_plan(const struct ipl_env *env, const char *dir, const char *root, const char **only,
	   int only_nr)
{
	struct ipl_run run;
	struct ipl_manifest m;
	struct ipl_dirtx tx;
	struct ipl_buf path = IPL_BUF_INIT;
	struct ipl_fileset fs;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	char *spec_path = NULL;
	size_t i;
	int rc = 0, stale = 0, k, st;

	ipl_manifest_init(&m);
	ipl_fileset_init(&fs);
	ipl_run_init(&run, env);
	ipl_buf_addf(&path, "%s/%s", dir, IPL_MANIFEST_NAME);
	if (ipl_dirtx_open(&tx, dir, false) < 0) {
		ipl_error(&run.diags, dir, (struct ipl_loc){ 0, 0 }, "%s", tx.error);
		rc = errno == EINVAL || errno == ELOOP ? -1 : -3;
		goto done;
	}
	if ((st = ipl_manifest_read(&m, &tx, &run.diags)) <= 0) {
		/* found a moment ago: gone since */
		if (st == 0)
			ipl_error(&run.diags, path.data, (struct ipl_loc){ 0, 0 },
				  "cannot read: gone");
		rc = -1;
		goto done;
	}
	if (!m.spec) {
		ipl_error(&run.diags, path.data, (struct ipl_loc){ 0, 0 },
			  "names no spec (\"# spec: PATH\"); not a manifest gen wrote");
		rc = -1;
		goto done;
	}
	if (!(spec_path = ipl_plan_spec_path(dir, m.spec, root, &run.diags))) {
		rc = -1;
		goto done;
	}
	if (only_nr) {
		bool wanted = false;
		for (k = 0; k < only_nr && !wanted; k++) {
			char a[4096], b[4096];
			wanted = realpath(only[k], a) && realpath(spec_path, b) && !strcmp(a, b);
		}
		if (!wanted) {
			rc = 2;
			goto done;
		}
	}
	if (ipl_run_load(&run, spec_path) != IPL_EXIT_OK) {
		rc = -1;
		goto done;
	}
	if (m.rightsized) {
		struct ipl_recommendation *recs;
		size_t nrecs;
		ipl_rightsize_recommend(run.spec, run.catalog, &recs, &nrecs, &run.arena);
		run.spec = ipl_rightsize_apply(run.spec, recs, nrecs, &run.arena);
	}
	if (ipl_run_plan(&run, m.spec, m.rightsized, &plan, &cost, &fs) != IPL_EXIT_OK) {
		rc = -1;
		goto done;
	}
	/* the warnings were for gen; check reports staleness only */
	if (!run.diags.errors) {
		ipl_diags_release(&run.diags);
		ipl_diags_init(&run.diags);
	}
	for (i = 0; i < fs.nr; i++) {
		struct ipl_buf disk = IPL_BUF_INIT;
		const struct ipl_file *f = &fs.files[i];
		ipl_buf_reset(&path);
		ipl_buf_addf(&path, "%s/%s", dir, f->path);
		st = ipl_dirtx_read(&tx, f->path, &disk, 64 << 20);
		if (st <= 0) {
			printf("%s: missing (%s)\n", path.data,
			       st < 0 ? tx.error : strerror(ENOENT));
			stale++;
		} else if (disk.len != f->content.len ||
			   memcmp(disk.data, ipl_buf_str(&f->content), disk.len)) {
			printf("%s: differs from what %s generates now\n", path.data, m.spec);
			stale++;
		}
		ipl_buf_release(&disk);
	}
	for (i = 0; i < m.nr; i++) {
		struct ipl_buf disk = IPL_BUF_INIT;
		if (ipl_fileset_find(&fs, m.entries[i].path))
			continue;
		ipl_buf_reset(&path);
		ipl_buf_addf(&path, "%s/%s", dir, m.entries[i].path);
		if (ipl_dirtx_read(&tx, m.entries[i].path, &disk, 64 << 20) != 0) {
			printf("%s: no longer generated\n", path.data);
			stale++;
		}
		ipl_buf_release(&disk);
	}
	rc = stale ? 1 : 0;
done:
	ipl_dirtx_close(&tx);
	ipl_run_finish(&run);
	free(spec_path);
	ipl_fileset_release(&fs);
	ipl_manifest_release(&m);
	ipl_buf_release(&path);
	return rc;
}

static int
run_check(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *root = ".";
	const struct ipl_option opts[] = {
		IPL_OPT_STRING('C', "directory", &root, "DIR",
			       "look for plans below DIR (default .)"),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	struct dirs plans = { NULL, 0, 0 };
	int rc, status = IPL_EXIT_OK, checked = 0, stale = 0;
	size_t i;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	find_plans(root, &plans, 0);
	if (plans.nr)
		qsort(plans.items, plans.nr, sizeof(*plans.items), cmp_str);
	for (i = 0; i < plans.nr; i++) {
		int r = check_plan(args->env, plans.items[i], root, (const char **)args->operands,
				   args->nr);
		free(plans.items[i]);
		if (r == 2)
			continue; /* not one of the given specs */
		checked++;
		if (r == -3)
			status = IPL_EXIT_ENV;
		else if (r < 0 && status != IPL_EXIT_ENV)
			status = IPL_EXIT_USAGE;
		else if (r == 1) {
			stale++;
			if (status == IPL_EXIT_OK)
				status = IPL_EXIT_CHECK;
		}
	}
	free(plans.items);
	if (checked == 0) {
		fprintf(stderr, "infraplan check: error: no generated plan (%s) found below %s%s\n",
			IPL_MANIFEST_NAME, root, args->nr ? " for the given specs" : "");
		return IPL_EXIT_USAGE;
	}
	if (stale)
		printf("%d of %d plan%s stale: run infraplan gen and commit the result\n", stale,
		       checked, checked == 1 ? " is" : "s are");
	else if (status == IPL_EXIT_OK)
		printf("%d plan%s up to date\n", checked, checked == 1 ? "" : "s");
	return status;
}

const struct ipl_cmd ipl_cmd_check = {
	.name = "check",
	.summary = "exit 1 if a committed plan differs from what its spec generates now",
	.operands = "[SPEC...]",
	.description =
		"Finds every .infraplan-manifest below DIR, regenerates its plan from the spec\n"
		"it names, and lists each file that differs, is missing or is no longer\n"
		"generated. Exit 1 when a plan is stale: a CI gate.",
	.run = run_check,
};
