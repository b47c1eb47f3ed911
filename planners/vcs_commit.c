/*
 * vcs_commit.c: gen --commit's commit, made with libgit2 (see vcs.h).
 *
 * The commit is built from HEAD's tree, not from the index: the user's other
 * staged changes must neither go into it nor be lost, so the index only gets
 * the committed paths' new entries, which is what `git commit -- PATHS` does.
 * The index is written before the branch moves: if writing it fails (it is
 * locked), nothing was committed and the work tree is as gen left it.
 */
/* timegm(3) is a BSD and GNU extension */
#define _DEFAULT_SOURCE
#include "core/common.h"

#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "planners/vcs.h"
#include "planners/vcs_private.h"

static const char identity_help[] =
	"no identity to commit with; set one with git config user.name \"Your Name\" and "
	"git config user.email you@example.com, or with GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, "
	"GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL";

/* the repository's git directory: "index.lock" there means a git process is at work */
static bool
index_locked(git_repository *repo)
{
	struct ipl_buf p = IPL_BUF_INIT;
	bool locked;

	ipl_buf_addf(&p, "%sindex.lock", git_repository_path(repo));
	locked = access(p.data, F_OK) == 0;
	ipl_buf_release(&p);
	return locked;
}

/* user.NAME from the repository's configuration (all levels), or NULL; the caller frees it */
static char *
config_string(git_repository *repo, const char *key)
{
	git_config *cfg = NULL;
	git_buf value = { 0 };
	char *out = NULL;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return NULL;
	if (git_config_get_string_buf(&value, cfg, key) == 0 && value.size)
		out = ipl_xstrdup(value.ptr);
	git_buf_dispose(&value);
	git_config_free(cfg);
	return out;
}

static const char *
env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int
parse_zone(const char *s, int *minutes)
{
	int sign, h, m;

	if (!strcmp(s, "Z") || !strcmp(s, "z")) {
		*minutes = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (sscanf(s, "%2d:%2d", &h, &m) == 2 && strlen(s) == 5)
		;
	else if (sscanf(s, "%2d%2d", &h, &m) == 2 && strlen(s) == 4)
		;
	else
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/*
 * A GIT_*_DATE value in git's own formats: "@1700000000 +0100" or
 * "1700000000 +0100" (seconds since the epoch and a zone), or ISO 8601,
 * "2026-11-22T10:00:00+01:00" or "2026-11-22 10:00:00 +0100" (a date
 * without a zone is taken as UTC, so that a commit does not depend on the
 * machine's zone). Returns 0, or -1 when the value is none of these.
 */
static int
parse_git_date(const char *s, git_time_t *when, int *offset)
{
	long long secs;
	int n = 0, year, mon, day, hour, min, sec = 0;
	char zone[8] = "";
	struct tm tm;

	if (*s == '@')
		s++;
	/* seconds: digits only, then a zone */
	if (strspn(s, "0123456789") == strcspn(s, " ")) {
		if (sscanf(s, "%lld %7s%n", &secs, zone, &n) != 2 || s[n] ||
		    parse_zone(zone, offset) < 0)
			return -1;
		*when = (git_time_t)secs;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%*[T ]%2d:%2d%n", &year, &mon, &day, &hour, &min, &n) != 5 || !n)
		return -1;
	s += n;
	if (*s == ':') {
		if (sscanf(s, ":%2d%n", &sec, &n) != 1)
			return -1;
		s += n;
	}
	while (*s == ' ')
		s++;
	*offset = 0;
	if (*s && parse_zone(s, offset) < 0)
		return -1;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	*when = (git_time_t)timegm(&tm) - (git_time_t)*offset * 60;
	return 0;
}

/*
 * The author or committer (who is "AUTHOR" or "COMMITTER") as git picks
 * them: GIT_<WHO>_NAME and _EMAIL, else user.name and user.email (EMAIL
 * stands in for the email, as in git); GIT_<WHO>_DATE, else now.
 */
static int
signature_for(git_signature **out, git_repository *repo, const char *who, struct ipl_diags *diags)
{
	char var[32];
	const char *name, *email, *date;
	char *cfg_name = NULL, *cfg_email = NULL;
	int rc;

	snprintf(var, sizeof(var), "GIT_%s_NAME", who);
	if (!(name = env_nonempty(var)))
		name = cfg_name = config_string(repo, "user.name");
	snprintf(var, sizeof(var), "GIT_%s_EMAIL", who);
	if (!(email = env_nonempty(var)) &&
	    !(email = cfg_email = config_string(repo, "user.email")))
		email = env_nonempty("EMAIL");
	snprintf(var, sizeof(var), "GIT_%s_DATE", who);
	date = env_nonempty(var);
	if (!name || !email) {
		rc = ipl_error(diags, "git", (struct ipl_loc){ 0, 0 }, "%s", identity_help);
	} else if (date) {
		git_time_t when;
		int offset;
		if (parse_git_date(date, &when, &offset) < 0)
			rc = ipl_error(diags, "git", (struct ipl_loc){ 0, 0 },
				       "%s \"%s\" is not a date; expected \"@SECONDS +HHMM\" or "
				       "\"YYYY-MM-DDTHH:MM:SS+HH:MM\"",
				       var, date);
		else if (git_signature_new(out, name, email, when, offset) < 0)
			rc = ipl_vcs_git_fail(diags, "cannot use the identity");
		else
			rc = 0;
	} else if (git_signature_now(out, name, email) < 0) {
		rc = ipl_vcs_git_fail(diags, "cannot use the identity");
	} else {
		rc = 0;
	}
	free(cfg_name);
	free(cfg_email);
	return rc;
}

/*
 * Is the repository a submodule of the one around it? A commit there would
 * land in the submodule, which the superproject's pull request does not
 * show, and leave the superproject pointing at the old commit. 1 yes, 0 no.
 */
static int
is_submodule(struct ipl_vcs *v, char **super_out)
{
	const char *wd = git_repository_workdir(v->repo);
	git_repository *super = NULL;
	git_submodule *sm = NULL;
	char *parent = ipl_xstrdup(wd), *slash;
	int found = 0;

	/* wd ends with '/': its parent is what comes before the '/' ahead of that */
	parent[strlen(parent) - 1] = '\0';
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (git_repository_open_ext(&super, parent, 0, NULL) == 0 &&
		    !git_repository_is_bare(super)) {
			const char *swd = git_repository_workdir(super);
			size_t n = strlen(swd);
			if (!strncmp(wd, swd, n) && wd[n]) {
				char *rel = ipl_xstrdup(wd + n);
				rel[strlen(rel) - 1] = '\0';
				if (git_submodule_lookup(&sm, super, rel) == 0) {
					found = 1;
					*super_out = ipl_xstrdup(swd);
				}
				git_submodule_free(sm);
				free(rel);
			}
		}
		git_repository_free(super);
	}
	free(parent);
	return found;
}

int
ipl_vcs_commit_ready(struct ipl_vcs *v, struct ipl_diags *diags)
{
	const struct ipl_loc none = { 0, 0 };
	git_signature *who = NULL;
	git_reference *head = NULL;
	char *super = NULL;
	int st;

	if (is_submodule(v, &super)) {
		ipl_error(diags, "git", none,
			  "the plan directory is inside a submodule (%s) of the repository at %s; "
			  "gen --commit commits only in the repository the plan belongs to: write "
			  "the plan outside the submodule, or commit inside it yourself",
			  git_repository_workdir(v->repo), super);
		free(super);
		return -1;
	}
	if ((st = git_repository_head_detached(v->repo)) == 1) {
		char id[12] = "?";
		if (git_repository_head(&head, v->repo) == 0 && git_reference_target(head))
			git_oid_tostr(id, sizeof(id), git_reference_target(head));
		git_reference_free(head);
		return ipl_error(
			diags, "git", none,
			"HEAD is detached at %s; switch to the branch the plan belongs on "
			"(git switch BRANCH), or make one here (git switch -c BRANCH), and "
			"run gen --commit again",
			id);
	}
	if (st < 0)
		return ipl_vcs_git_fail(diags, "cannot read HEAD");
	/* an unborn branch (a fresh repository) is fine: the plan makes its root commit */
	if (git_repository_head_unborn(v->repo) < 0)
		return ipl_vcs_git_fail(diags, "cannot read HEAD");
	if (git_repository_state(v->repo) != GIT_REPOSITORY_STATE_NONE)
		return ipl_error(diags, "git", none,
				 "a merge, rebase, cherry-pick or bisect is under way; finish or "
				 "abort it before gen --commit");
	if (index_locked(v->repo))
		return ipl_error(diags, "git", none,
				 "the index is locked (%sindex.lock exists): another git process "
				 "seems to be running; wait for it to end, or remove the file if "
				 "none is, and run gen --commit again",
				 git_repository_path(v->repo));
	if (signature_for(&who, v->repo, "AUTHOR", diags) < 0)
		return -1;
	git_signature_free(who);
	if (signature_for(&who, v->repo, "COMMITTER", diags) < 0)
		return -1;
	git_signature_free(who);
	return 0;
}

/*
 * HEAD's commit and tree; the caller frees both. On an unborn branch there is
 * no commit (NULL) and the tree is the empty one, so that the plan's commit
 * is the root commit and holds only the plan, as on any other branch.
 */
static int
head_commit(git_repository *repo, git_commit **commit, git_tree **tree, struct ipl_diags *diags)
{
	git_object *obj = NULL;

	*commit = NULL;
	*tree = NULL;
	if (git_repository_head_unborn(repo) == 1) {
		git_treebuilder *bld = NULL;
		git_oid empty;
		int rc = git_treebuilder_new(&bld, repo, NULL) < 0 ||
					 git_treebuilder_write(&empty, bld) < 0 ||
					 git_tree_lookup(tree, repo, &empty) < 0
				 ? ipl_vcs_git_fail(diags,
						    "cannot make the empty tree of a first commit")
				 : 0;
		git_treebuilder_free(bld);
		return rc;
	}
	if (git_revparse_single(&obj, repo, "HEAD") < 0 ||
	    git_object_peel((git_object **)commit, obj, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(tree, *commit) < 0) {
		git_object_free(obj);
		git_commit_free(*commit);
		*commit = NULL;
		return ipl_vcs_git_fail(diags, "cannot read HEAD's commit");
	}
	git_object_free(obj);
	return 0;
}

static bool
in_tree(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return false;
	git_tree_entry_free(e);
	return true;
}

/*
 * Stages the paths in index (as `git add`/`git rm --cached` would) and lists
 * the same changes as tree updates; removals of paths HEAD does not have are
 * left out, since the tree update refuses them. Returns the number of
 * updates, or -1.
 */
static int
stage_paths(git_index *index, git_tree *base, const struct ipl_vcs_commit_path *paths, size_t n,
	    git_tree_update *updates, struct ipl_diags *diags)
{
	size_t i;
	int nr = 0;

	for (i = 0; i < n; i++) {
		git_tree_update *u = &updates[nr];

		memset(u, 0, sizeof(*u));
		u->path = paths[i].path;
		if (paths[i].remove) {
			if (git_index_remove_bypath(index, paths[i].path) < 0)
				return ipl_vcs_git_fail(diags, paths[i].path);
			if (!in_tree(base, paths[i].path))
				continue;
			u->action = GIT_TREE_UPDATE_REMOVE;
		} else {
			const git_index_entry *e;
			if (git_index_add_bypath(index, paths[i].path) < 0 ||
			    !(e = git_index_get_bypath(index, paths[i].path, 0)))
				return ipl_vcs_git_fail(diags, paths[i].path);
			u->action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&u->id, &e->id);
			u->filemode = (git_filemode_t)e->mode;
		}
		nr++;
	}
	return nr;
}

int
ipl_vcs_commit_paths(struct ipl_vcs *v, const struct ipl_vcs_commit_path *paths, size_t n,
		     const char *message, char id[12], struct ipl_diags *diags)
{
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_index *index = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_tree_update *updates = NULL;
	git_buf msg = { 0 };
	git_oid tree_id, commit_id;
	int nr, rc = -1;

	if (head_commit(v->repo, &parent, &base, diags) < 0)
		return -1;
	if (git_repository_index(&index, v->repo) < 0 || git_index_read(index, 0) < 0) {
		ipl_vcs_git_fail(diags, "cannot read the index");
		goto out;
	}
	updates = ipl_xcalloc(n ? n : 1, sizeof(*updates));
	if ((nr = stage_paths(index, base, paths, n, updates, diags)) < 0)
		goto out;
	if (git_tree_create_updated(&tree_id, v->repo, base, (size_t)nr, updates) < 0) {
		ipl_vcs_git_fail(diags, "cannot build the commit's tree");
		goto out;
	}
	if (git_oid_equal(&tree_id, git_tree_id(base))) {
		/* nothing to commit; the index is left exactly as it was */
		rc = 0;
		goto out;
	}
	if (signature_for(&author, v->repo, "AUTHOR", diags) < 0 ||
	    signature_for(&committer, v->repo, "COMMITTER", diags) < 0)
		goto out;
	if (git_message_prettify(&msg, message, 0, 0) < 0) {
		ipl_vcs_git_fail(diags, "cannot use the commit message");
		goto out;
	}
	if (git_index_write(index) < 0) {
		ipl_vcs_git_fail(diags, "cannot write the index (is another git process running?); "
					"nothing was committed");
		goto out;
	}
	if (git_tree_lookup(&tree, v->repo, &tree_id) < 0 ||
	    git_commit_create(&commit_id, v->repo, "HEAD", author, committer, NULL, msg.ptr, tree,
			      parent ? 1 : 0, (const git_commit **)&parent) < 0) {
		ipl_vcs_git_fail(diags,
				 "cannot commit; the plan's files are staged, not committed");
		goto out;
	}
	git_oid_tostr(id, 12, &commit_id);
	rc = 1;
out:
	git_buf_dispose(&msg);
	git_signature_free(author);
	git_signature_free(committer);
	free(updates);
	git_index_free(index);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return rc;
}
