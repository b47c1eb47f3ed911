/*
 * gen.c: `infraplan gen SPEC -o DIR`: writes the plan's deploy files.
 *
 * Everything is generated in memory first; then the directory is checked
 * against the manifest of the previous run: a file that was edited by hand
 * since (its hash differs from the manifest's) or that infraplan did not
 * write is not replaced without --force. Only then are the files staged and
 * renamed into place together (core/dirtx.h), so on any error the directory
 * is as it was. Files the previous run generated and this one does not are
 * removed. A file whose content and mode are already the new ones (and which
 * the manifest says gen wrote so) is not written again; when no file differs
 * nothing is written at all and gen says the plan is up to date.
 *
 * --commit then commits exactly those files (and the spec) on the current
 * branch through libgit2 (planners/vcs.h). Whether a commit can be made is
 * checked before anything is written, so a detached HEAD or a missing
 * identity leaves the directory untouched too.
 */
#include "core/common.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/dirtx.h"
#include "core/buf.h"
#include "core/path.h"
#include "core/xalloc.h"
#include "planners/commit_message.h"
#include "planners/manifest.h"
#include "planners/rightsize.h"
#include "planners/vcs.h"
#include "providers/emit.h"

static char *
join_path(const char *dir, const char *rel)
{
	struct ipl_buf b = IPL_BUF_INIT;

	ipl_buf_addf(&b, "%s/%s", dir, rel);
	return ipl_buf_detach(&b, NULL);
}

/*
 * Reads what is in the plan directory at rel: 0 absent, 1 a regular file
 * (its content in b, its permission bits in *mode), 2 a symbolic link, -1 an
 * error.
 */
static int
read_target(struct ipl_dirtx *tx, const char *rel, struct ipl_buf *b, int *mode)
{
	int st = ipl_dirtx_read_mode(tx, rel, b, 64 * 1024 * 1024, mode);

	if (st < 0 && errno == ELOOP && !ipl_dirtx_check_path(tx, rel))
		return 2; /* the file itself is a link: a file of its own, never read through */
	return st;
}

/* read_target, with the hash of a regular file's content in out */
static int
disk_hash(struct ipl_dirtx *tx, const char *rel, char out[65])
{
	struct ipl_buf b = IPL_BUF_INIT;
	int st = read_target(tx, rel, &b, NULL);

	if (st == 1)
		ipl_sha256_hex(b.data, b.len, out);
	ipl_buf_release(&b);
	return st;
}

/* what the plan directory holds where gen writes a file: read once, for conflicts and skips */
struct on_disk {
	int st; /* 0 absent, 1 a regular file, 2 a symbolic link, -1 unreadable */
	int mode;
	bool same;     /* a regular file with exactly the new content */
	char hash[65]; /* of a regular file whose content is not the new one */
};

/*
 * Reads what is on disk at every path of fs; -1 on an I/O error. A file is
 * compared with the new content byte for byte and hashed only when it
 * differs (to tell a hand edit from an older gen's file). With --force a
 * path that cannot be read (a FIFO in a file's place) is simply replaced, as
 * it was before gen compared anything.
 */
static int
survey(struct ipl_dirtx *tx, const struct ipl_fileset *fs, bool force, struct on_disk *disk,
       struct ipl_diags *diags)
{
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < fs->nr && tx->fd >= 0; i++) {
		const struct ipl_file *f = &fs->files[i];
		struct on_disk *d = &disk[i];

		ipl_buf_reset(&b);
		d->st = read_target(tx, f->path, &b, &d->mode);
		if (d->st == 1) {
			d->same = b.len == f->content.len &&
				  (!b.len || !memcmp(b.data, f->content.data, b.len));
			if (!d->same)
				ipl_sha256_hex(b.data, b.len, d->hash);
		} else if (d->st < 0 && !force) {
			char *path = join_path(tx->dir, f->path);
			ipl_error(diags, path, (struct ipl_loc){ 0, 0 }, "cannot read: %s",
				  tx->error);
			free(path);
			rc = -1;
			break;
		}
	}
	ipl_buf_release(&b);
	return rc;
}

/*
 * Is the file on disk already what gen would write? Its content and mode
 * are the new ones, and the manifest says gen wrote it so (the manifest
 * itself: its content is the new one). Such a file is not written again.
 */
static bool
unchanged(const struct ipl_file *f, const struct on_disk *d, const struct ipl_manifest *old)
{
	const struct ipl_manifest_entry *e;
	char buf[65];
	const char *want = ipl_file_hash(f, buf);

	if (d->st != 1 || !d->same || d->mode != f->mode)
		return false;
	if (!strcmp(f->path, IPL_MANIFEST_NAME))
		return true;
	e = ipl_manifest_find(old, f->path);
	return e && !strcmp(e->hash, want);
}

/*
 * Refuses a plan directory where a directory on the way to a file gen writes
 * or removes is a symbolic link (plan/terraform -> ../outside): gen writes
 * only inside the plan directory. Returns the number of such paths.
 */
static int
find_links(struct ipl_dirtx *tx, const struct ipl_fileset *fs, const struct ipl_manifest *old,
	   struct ipl_diags *diags)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < fs->nr + old->nr; i++) {
		const char *rel = i < fs->nr ? fs->files[i].path : old->entries[i - fs->nr].path;
		if (ipl_dirtx_check_path(tx, rel) < 0) {
			ipl_error(diags, tx->dir, (struct ipl_loc){ 0, 0 }, "%s", tx->error);
			bad++;
			break; /* one link is said once, not for every file below it */
		}
	}
	return bad;
}

/*
 * Lists the files that must not be replaced or removed without --force.
 * Returns the number of such files, or -1 on an I/O error.
 */
static int
find_conflicts(struct ipl_dirtx *tx, const struct ipl_fileset *fs, const struct on_disk *disk,
	       const struct ipl_manifest *old, struct ipl_diags *diags)
{
	size_t i;
	int conflicts = 0;

	for (i = 0; i < fs->nr; i++) {
		const struct ipl_file *f = &fs->files[i];
		const struct on_disk *d = &disk[i];
		const struct ipl_manifest_entry *e;
		char *path;

		if (!strcmp(f->path, IPL_MANIFEST_NAME) || d->st == 0)
			continue;
		e = ipl_manifest_find(old, f->path);
		path = join_path(tx->dir, f->path);
		if (d->st == 2) {
			ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				  "a symbolic link; not replaced (use --force to replace the link "
				  "itself, never what it points to)");
			conflicts++;
		} else if (!d->same && (!e || strcmp(d->hash, e->hash))) {
			ipl_error(
				diags, path, (struct ipl_loc){ 0, 0 },
				e ? "edited by hand since infraplan generated it; not replaced "
				    "(keep your change in the spec, or use --force)"
				  : "exists and was not generated by infraplan; not replaced (use --force)");
			conflicts++;
		}
		free(path);
	}
	for (i = 0; i < old->nr; i++) {
		const struct ipl_manifest_entry *e = &old->entries[i];
		char *path, have[65];
		int st;
		if (ipl_fileset_find(fs, e->path))
			continue;
		path = join_path(tx->dir, e->path);
		st = disk_hash(tx, e->path, have);
		if (st < 0) {
			ipl_error(diags, path, (struct ipl_loc){ 0, 0 }, "cannot read: %s",
				  tx->error);
			free(path);
			return -1;
		}
		if (st == 2 || (st == 1 && strcmp(have, e->hash))) {
			ipl_error(
				diags, path, (struct ipl_loc){ 0, 0 },
				"no longer generated but edited by hand; not removed (use --force)");
			conflicts++;
		}
		free(path);
	}
	return conflicts;
}

/*
 * Stages every file that differs from the disk and the removals, then
 * commits them as one (core/dirtx.h). Returns 1 when nothing differs: then
 * nothing is written at all.
 */
static int
write_all(struct ipl_dirtx *tx, const struct ipl_fileset *fs, const struct on_disk *disk,
	  const struct ipl_manifest *old, struct ipl_diags *diags)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		if (!unchanged(&fs->files[i], &disk[i], old) &&
		    ipl_dirtx_put(tx, fs->files[i].path, ipl_buf_str(&fs->files[i].content),
				  fs->files[i].content.len, fs->files[i].mode) < 0)
			return ipl_error(diags, tx->dir, (struct ipl_loc){ 0, 0 },
					 "cannot write: %s", tx->error);
	for (i = 0; i < old->nr; i++)
		if (!ipl_fileset_find(fs, old->entries[i].path))
			ipl_dirtx_remove(tx, old->entries[i].path);
	if (tx->nr == 0)
		return 1;
	if (ipl_dirtx_commit(tx) < 0)
		return ipl_error(diags, tx->dir, (struct ipl_loc){ 0, 0 }, "cannot write: %s",
				 tx->error);
	return 0;
}

/* the path of file relative to directory dir, both as given on the command line */
static char *
relative_to(const char *dir, const char *file)
{
	char *d = ipl_path_absolute(dir), *f = ipl_path_absolute(file);
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i = 0, common = 0;
	const char *rest;

	/* the longest common prefix that ends at a '/' */
	while (d[i] && f[i] && d[i] == f[i]) {
		if (d[i] == '/')
			common = i;
		i++;
	}
	if (!d[i] && f[i] == '/')
		common = i;
	rest = d + common;
	for (; *rest; rest++)
		if (*rest == '/')
			ipl_buf_adds(&b, "../");
	ipl_buf_adds(&b, f + common + 1);
	free(d);
	free(f);
	return ipl_buf_detach(&b, NULL);
}

/* what --commit needs between the check before writing and the commit after */
struct commit_job {
	struct ipl_vcs *vcs;
	char *plan_dir;          /* the plan directory from the work tree's root, "" at the root */
	char *spec;              /* the spec from the work tree's root, NULL when outside it */
	struct ipl_buf previous; /* HEAD's cost.json of this plan */
	bool had_previous;
	struct ipl_buf previous_spec; /* HEAD's spec, to tell what the change replaces */
	bool had_previous_spec;
};

/* a plan file's path from the work tree's root */
static char *
in_plan_dir(const struct commit_job *job, const char *rel)
{
	return job->plan_dir[0] ? join_path(job->plan_dir, rel) : ipl_xstrdup(rel);
}

/* the deepest existing directory on the way to path, where git is looked for */
static char *
existing_ancestor(const char *path)
{
	char *p = ipl_path_absolute(path), *slash;
	struct stat st;

	while (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
		slash = strrchr(p, '/');
		if (!slash || slash == p) {
			p[1] = '\0'; /* the root: lexical_abs always starts with '/' */
			break;
		}
		*slash = '\0';
	}
	return p;
}

/*
 * Opens the repository holding the plan directory and checks that a commit
 * can be made, before anything is written. Returns an exit status.
 */
static int
commit_prepare(struct commit_job *job, const char *out_dir, const char *spec_path,
	       struct ipl_diags *diags)
{
	char *from = existing_ancestor(out_dir), *cost_json;
	int st;

	st = ipl_vcs_open(&job->vcs, from,
			  "run gen --commit inside a repository (git init), or leave out --commit",
			  diags);
	free(from);
	if (st < 0)
		return IPL_EXIT_ENV;
	job->plan_dir = ipl_vcs_repo_path(job->vcs, out_dir);
	if (job->plan_dir[0] == '/')
		return ipl_error(diags, out_dir, (struct ipl_loc){ 0, 0 },
				 "outside the repository at %s; nothing can be committed",
				 ipl_vcs_workdir(job->vcs)),
		       IPL_EXIT_USAGE;
	job->spec = ipl_vcs_repo_path(job->vcs, spec_path);
	if (job->spec[0] == '/') {
		ipl_warning(diags, spec_path, (struct ipl_loc){ 0, 0 },
			    "outside the repository at %s; only the plan is committed",
			    ipl_vcs_workdir(job->vcs));
		free(job->spec);
		job->spec = NULL;
	}
	if (ipl_vcs_commit_ready(job->vcs, diags) < 0)
		return IPL_EXIT_ENV;
	cost_json = in_plan_dir(job, "cost.json");
	st = ipl_vcs_read(job->vcs, "HEAD", cost_json, &job->previous, diags);
	free(cost_json);
	if (st < 0)
		return IPL_EXIT_ENV;
	job->had_previous = st == 1;
	if (job->spec) {
		if ((st = ipl_vcs_read(job->vcs, "HEAD", job->spec, &job->previous_spec, diags)) <
		    0)
			return IPL_EXIT_ENV;
		job->had_previous_spec = st == 1;
	}
	return IPL_EXIT_OK;
}

/*
 * The diff from the plan of HEAD's spec to plan, for the warning of a change
 * that replaces a resource holding data; false when HEAD has no spec or it
 * no longer plans (its errors are not this run's).
 */
static bool
diff_from_head(struct commit_job *job, struct ipl_run *run, const struct ipl_plan *plan,
	       const struct ipl_cost *cost, struct ipl_plan_diff *out)
{
	struct ipl_diags quiet;
	struct ipl_plan *old_plan = NULL;
	struct ipl_cost *old_cost = NULL;
	bool ok;

	if (!job->had_previous_spec)
		return false;
	ipl_diags_init(&quiet);
	ok = ipl_run_cost_text(run, ipl_arena_printf(&run->arena, "HEAD:%s", job->spec),
			       &job->previous_spec, cost->currency, &old_plan, &old_cost,
			       &quiet) == IPL_EXIT_OK;
	ipl_diags_release(&quiet);
	if (ok)
		ipl_costdiff(out, job->spec, old_cost, old_plan, cost, plan, &run->arena);
	return ok;
}

/* commits the plan's files, the ones gen removed and the spec; returns an exit status */
static int
commit_plan(struct commit_job *job, const struct ipl_fileset *fs, const struct ipl_manifest *old,
	    struct ipl_run *run, const struct ipl_plan *plan, const struct ipl_cost *cost,
	    const char *body, bool quiet, struct ipl_diags *diags)
{
	struct ipl_plan_diff change;
	bool has_change = diff_from_head(job, run, plan, cost, &change);
	struct ipl_vcs_commit_path *paths = ipl_xcalloc(fs->nr + old->nr + 1, sizeof(*paths));
	struct ipl_buf msg = IPL_BUF_INIT;
	size_t i, n = 0;
	char id[12];
	int st;

	for (i = 0; i < fs->nr; i++)
		paths[n++].path = in_plan_dir(job, fs->files[i].path);
	for (i = 0; i < old->nr; i++)
		if (!ipl_fileset_find(fs, old->entries[i].path)) {
			paths[n].remove = true;
			paths[n++].path = in_plan_dir(job, old->entries[i].path);
		}
	if (job->spec)
		paths[n++].path = ipl_xstrdup(job->spec);
	ipl_commit_message(cost, job->had_previous ? &job->previous : NULL, body,
			   has_change ? &change : NULL, &msg);
	st = ipl_vcs_commit_paths(job->vcs, paths, n, msg.data, id, diags);
	if (st == 1 && !quiet)
		printf("committed %s: %.*s\n", id, (int)strcspn(msg.data, "\n"), msg.data);
	else if (st == 0 && !quiet)
		printf("nothing to commit: the plan and its spec are as HEAD has them\n");
	for (i = 0; i < n; i++)
		free((char *)paths[i].path);
	free(paths);
	ipl_buf_release(&msg);
	return st < 0 ? IPL_EXIT_ENV : IPL_EXIT_OK;
}

static void
commit_job_release(struct commit_job *job)
{
	ipl_vcs_free(job->vcs);
	free(job->plan_dir);
	free(job->spec);
	ipl_buf_release(&job->previous);
	ipl_buf_release(&job->previous_spec);
}

/*
 * a node that was the other layout's server (single's main is split's app)
 * runs on the old server: its new files reach it by apply.sh too, and that is
 * the "switch DB_HOST" step of the migration
 */
static void
moved_nodes(const struct ipl_plan *plan, const struct ipl_manifest *old, struct ipl_buf *out)
{
	struct ipl_buf dir = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		if (!n->moved_from)
			continue;
		ipl_buf_reset(&dir);
		ipl_buf_addf(&dir, "nodes/%s/", n->moved_from);
		if (!ipl_manifest_has_dir(old, ipl_buf_str(&dir)))
			continue;
		ipl_buf_addf(out, "%s%s (the old %s server)", out->len ? ", " : "", n->name,
			     n->moved_from);
		printf("%s: layout single -> split: node %s keeps the old %s server (moved blocks) "
		       "and its databases move to the new node by migration: dump, restore, switch "
		       "DB_HOST, retire (nodes/README.md)\n",
		       plan->spec->path, n->name, n->moved_from);
	}
	ipl_buf_release(&dir);
}

static int
run_gen(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *out_dir = NULL, *message = NULL;
	bool force = false, quiet = false, rightsize = false, commit = false;
	const struct ipl_option opts[] = {
		IPL_OPT_FLAGGED(IPL_OPT_REQUIRED, IPL_OPT_STRING, 'o', "output", &out_dir, "DIR",
				"write the plan into DIR (required)"),
		IPL_OPT_BOOL(0, "force", &force, "replace files edited by hand since the last gen"),
		IPL_OPT_BOOL('q', "quiet", &quiet, "print nothing on success"),
		IPL_OPT_BOOL(
			0, "rightsize", &rightsize,
			"write the plan with every 'infraplan rightsize' recommendation applied"),
		IPL_OPT_BOOL(0, "commit", &commit,
			     "commit the plan's files and the spec on the current branch"),
		IPL_OPT_FLAGGED(IPL_OPT_WITH_PREV, IPL_OPT_STRING, 'm', "message", &message,
				"MESSAGE",
				"with --commit: the commit message's body, after the cost line"),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	int rc;
	struct ipl_run run;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	struct ipl_fileset fs;
	struct ipl_manifest old;
	struct ipl_dirtx tx;
	struct commit_job job = { 0 };
	struct on_disk *disk = NULL;
	char *spec_rel = NULL, *spec_path = NULL;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr > 1)
		return ipl_usage_error(cmd, "expected one spec file");
	ipl_run_init(&run, args->env);
	ipl_fileset_init(&fs);
	ipl_manifest_init(&old);
	/*
	 * The directory is locked, and what an interrupted gen left finished or
	 * undone, before its manifest is read: from here to the commit no other
	 * infraplan changes it.
	 */
	if (ipl_dirtx_open(&tx, out_dir, false) < 0) {
		ipl_error(&run.diags, out_dir, (struct ipl_loc){ 0, 0 }, "%s", tx.error);
		rc = errno == EINVAL || errno == ELOOP ? IPL_EXIT_USAGE : IPL_EXIT_ENV;
	} else {
		/* a manifest that is not one gen wrote is refused before anything is done on its word */
		int st = ipl_manifest_read(&old, &tx, &run.diags);
		rc = st == -1 ? IPL_EXIT_USAGE : st == -2 ? IPL_EXIT_ENV : IPL_EXIT_OK;
	}
	if (rc == IPL_EXIT_OK && args->nr == 0) {
		/* gen -o DIR: again from the spec and the options the manifest names */
		if (!old.spec) {
			ipl_error(&run.diags, out_dir, (struct ipl_loc){ 0, 0 },
				  "no manifest naming a spec; give the spec: gen -o DIR SPEC");
			rc = IPL_EXIT_USAGE;
		} else if (!(spec_path = ipl_plan_spec_path(out_dir, old.spec, ".", &run.diags))) {
			rc = IPL_EXIT_USAGE;
		}
		rightsize = rightsize || old.rightsized;
	} else if (args->nr == 1) {
		spec_path = ipl_xstrdup(args->operands[0]);
	}
	if (rc == IPL_EXIT_OK) {
		rc = ipl_run_load(&run, spec_path);
		spec_rel = relative_to(out_dir, spec_path);
	}
	if (rc == IPL_EXIT_OK && rightsize) {
		struct ipl_recommendation *recs;
		size_t nrecs;
		ipl_rightsize_recommend(run.spec, run.catalog, &recs, &nrecs, &run.arena);
		run.spec = ipl_rightsize_apply(run.spec, recs, nrecs, &run.arena);
	}
	if (rc == IPL_EXIT_OK)
		rc = ipl_run_plan(&run, spec_rel, rightsize, &plan, &cost, &fs);
	if (rc == IPL_EXIT_OK && find_links(&tx, &fs, &old, &run.diags) > 0)
		rc = IPL_EXIT_USAGE;
	if (rc == IPL_EXIT_OK) {
		disk = ipl_xcalloc(fs.nr + 1, sizeof(*disk));
		if (survey(&tx, &fs, force, disk, &run.diags) < 0)
			rc = IPL_EXIT_ENV;
	}
	if (rc == IPL_EXIT_OK && !force) {
		int c = find_conflicts(&tx, &fs, disk, &old, &run.diags);
		if (c < 0)
			rc = IPL_EXIT_ENV;
		else if (c > 0)
			rc = IPL_EXIT_CHECK;
	}
	if (rc == IPL_EXIT_OK && commit)
		rc = commit_prepare(&job, out_dir, run.spec->path, &run.diags);
	if (rc == IPL_EXIT_OK && tx.fd < 0) {
		/* a new plan directory: made now that nothing can refuse the plan */
		ipl_dirtx_close(&tx);
		if (ipl_dirtx_open(&tx, out_dir, true) < 0) {
			ipl_error(&run.diags, out_dir, (struct ipl_loc){ 0, 0 }, "%s", tx.error);
			rc = IPL_EXIT_ENV;
		}
	}
	if (rc == IPL_EXIT_OK) {
		char **rels = ipl_xcalloc(old.nr + 1, sizeof(*rels));
		size_t i;
		for (i = 0; i < old.nr; i++)
			rels[i] = old.entries[i].path;
		ipl_dirtx_remove_temporaries(&tx, rels, old.nr);
		free(rels);
		int st = write_all(&tx, &fs, disk, &old, &run.diags);
		if (st < 0)
			rc = IPL_EXIT_ENV;
		else if (!quiet && st == 1)
			printf("%s: %s is up to date (%zu files); %.2f %s a month\n",
			       run.spec->path, out_dir, fs.nr, cost->monthly_total, cost->currency);
		else if (!quiet) {
			struct ipl_buf nodes = IPL_BUF_INIT;
			printf("%s: wrote %zu files to %s; %.2f %s a month\n", run.spec->path,
			       fs.nr, out_dir, cost->monthly_total, cost->currency);
			/* servers ignore a new user_data: what changed reaches them by apply.sh */
			ipl_manifest_changed_nodes(&old, &fs, &nodes);
			moved_nodes(plan, &old, &nodes);
			if (nodes.len)
				printf("node files changed for %s: run nodes/NODE/apply.sh on each "
				       "running server (docs/deploy.md)\n",
				       nodes.data);
			ipl_buf_release(&nodes);
		}
	}
	ipl_dirtx_close(&tx);
	if (rc == IPL_EXIT_OK && commit)
		rc = commit_plan(&job, &fs, &old, &run, plan, cost, message, quiet, &run.diags);
	commit_job_release(&job);
	free(disk);
	free(spec_rel);
	free(spec_path);
	ipl_manifest_release(&old);
	ipl_fileset_release(&fs);
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_gen = {
	.name = "gen",
	.summary = "write the plan's Terraform, cloud-init, systemd units and cost report",
	.operands = "[SPEC]",
	.description = "Plans SPEC and writes DIR/terraform/*.tf, DIR/nodes/NODE/cloud-init.yaml,\n"
		       "DIR/nodes/NODE/systemd/*, COST.md and cost.json, all or nothing. Files\n"
		       "edited by hand since the last gen are kept, and gen exits 1, unless\n"
		       "--force is given. The same spec and catalog give byte-identical files.\n"
		       "--commit then commits exactly these files and the spec on the current\n"
		       "branch (\"NAME: 14.20 EUR/month (+8.43)\"); other staged and unstaged\n"
		       "changes are left as they were. Without SPEC, gen regenerates DIR from the\n"
		       "spec (and --rightsize) its manifest names, inside the same work tree.\n"
		       "The plan directory is locked while gen writes it; a second gen exits 3.",
	.run = run_gen,
};
