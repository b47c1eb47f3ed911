/* vcs.c: see vcs.h. Errors carry libgit2's own message. */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include "core/common.h"

#include <errno.h>
#include <fnmatch.h>
#include <git2.h>
#include <unistd.h>

#include "core/path.h"
#include "core/xalloc.h"
#include "planners/vcs.h"
#include "planners/vcs_private.h"

int
ipl_vcs_git_fail(struct ipl_diags *diags, const char *what)
{
	const git_error *e = git_error_last();

	return ipl_error(diags, "git", (struct ipl_loc){ 0, 0 }, "%s: %s", what,
			 e && e->message ? e->message : "unknown error");
}

int
ipl_vcs_open(struct ipl_vcs **out, const char *path, const char *hint, struct ipl_diags *diags)
{
	struct ipl_vcs *v = ipl_xcalloc(1, sizeof(*v));

	git_libgit2_init();
	if (git_repository_open_ext(&v->repo, path, 0, NULL) < 0) {
		free(v);
		git_libgit2_shutdown();
		*out = NULL;
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "not in a git repository; %s", hint);
	}
	if (git_repository_is_bare(v->repo)) {
		ipl_vcs_free(v);
		*out = NULL;
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "a bare repository has no work tree; %s", hint);
	}
	*out = v;
	return 0;
}

void
ipl_vcs_free(struct ipl_vcs *v)
{
	if (!v)
		return;
	git_repository_free(v->repo);
	free(v);
	git_libgit2_shutdown();
}

char *
ipl_vcs_discover_workdir(const char *path)
{
	git_repository *repo = NULL;
	char *wd = NULL;

	git_libgit2_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) == 0 && !git_repository_is_bare(repo))
		wd = ipl_xstrdup(git_repository_workdir(repo));
	git_repository_free(repo);
	git_libgit2_shutdown();
	return wd;
}

int
ipl_vcs_read_worktree(struct ipl_vcs *v, const char *path, struct ipl_buf *out,
		      struct ipl_diags *diags)
{
	struct ipl_buf full = IPL_BUF_INIT;
	const char *why;
	char *real;
	int rc;

	ipl_buf_addf(&full, "%s%s", ipl_vcs_workdir(v), path);
	if (access(full.data, F_OK) < 0 && errno == ENOENT) {
		ipl_buf_release(&full);
		return 0;
	}
	real = ipl_path_resolve_inside(ipl_vcs_workdir(v), full.data, &why);
	ipl_buf_release(&full);
	if (!real)
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 }, "not read: %s", why);
	rc = ipl_buf_read_file(out, real, 1 << 20);
	free(real);
	if (rc < 0)
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 }, "cannot read: %s",
				 strerror(errno));
	return 1;
}

const char *
ipl_vcs_workdir(const struct ipl_vcs *v)
{
	return git_repository_workdir(v->repo);
}

/*
 * path made absolute (core/path.h), then its longest existing prefix resolved
 * with realpath(3), so that a path through a symbolic link compares equal to
 * the work tree (which libgit2 resolves); the rest need not exist yet (a plan
 * directory gen is about to write)
 */
static void
resolve_path(const char *given, struct ipl_buf *out)
{
	char *abs = ipl_path_absolute(given), *real, save;
	size_t cut;

	ipl_buf_adds(out, abs);
	free(abs);
	/* the longest prefix that exists, at a '/' or the end */
	for (cut = out->len; cut > 0; cut--) {
		if (cut < out->len && out->data[cut] != '/')
			continue;
		save = out->data[cut];
		out->data[cut] = '\0';
		real = realpath(out->data, NULL);
		out->data[cut] = save;
		if (real) {
			struct ipl_buf joined = IPL_BUF_INIT;
			ipl_buf_adds(&joined, real);
			ipl_buf_adds(&joined, out->data + cut);
			free(real);
			ipl_buf_release(out);
			*out = joined;
			return;
		}
	}
}

char *
ipl_vcs_repo_path(const struct ipl_vcs *v, const char *given)
{
	const char *wd = git_repository_workdir(v->repo);
	struct ipl_buf out = IPL_BUF_INIT;
	size_t wl = strlen(wd);

	resolve_path(given, &out);
	/* wd ends with '/': a path equal to wd without it is the root itself */
	if (out.len == wl - 1 && !strncmp(out.data, wd, wl - 1)) {
		ipl_buf_release(&out);
		return ipl_xstrdup("");
	}
	if (out.len >= wl && !strncmp(out.data, wd, wl)) {
		char *rel = ipl_xstrdup(out.data + wl);
		ipl_buf_release(&out);
		return rel;
	}
	return ipl_buf_detach(&out, NULL);
}

static int
tree_of(struct ipl_vcs *v, const char *rev, git_tree **tree, struct ipl_diags *diags)
{
	git_object *obj = NULL;
	int rc = 0;

	if (git_revparse_single(&obj, v->repo, rev) < 0 ||
	    git_object_peel((git_object **)tree, obj, GIT_OBJECT_TREE) < 0) {
		/* a buffer: the revision is the user's, of any length, and quoted whole */
		struct ipl_buf what = IPL_BUF_INIT;
		ipl_buf_addf(&what, "cannot resolve revision \"%s\"", rev);
		rc = ipl_vcs_git_fail(diags, ipl_buf_str(&what));
		ipl_buf_release(&what);
	}
	git_object_free(obj);
	return rc;
}

int
ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
	     struct ipl_diags *diags)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int rc;

	/* an unborn branch has no HEAD yet: nothing of it is committed (gen --commit's first) */
	if (!strcmp(rev, "HEAD") && git_repository_head_unborn(v->repo) == 1)
		return 0;
	if (tree_of(v, rev, &tree, diags) < 0)
		return -1;
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == GIT_ENOTFOUND) {
		git_tree_free(tree);
		return 0;
	}
	/* a link's blob is its target's name, not a spec: never read it as one */
	if (rc == 0 && git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
		git_tree_entry_free(entry);
		git_tree_free(tree);
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "a symbolic link at %s; only regular files are read", rev);
	}
	if (rc < 0 || git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, v->repo, git_tree_entry_id(entry)) < 0) {
		git_tree_entry_free(entry);
		git_tree_free(tree);
		return ipl_vcs_git_fail(diags, path);
	}
	ipl_buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return 1;
}

/*
 * Which files are specs: every file named infraplan.yaml, unless the tree
 * has a .infraplan-specs file, one pattern a line ('#' starts a comment). A
 * pattern with a '/' matches the whole path from the root ("plans/prod-*.yaml",
 * the asterisk not crossing '/'); one without matches a file's name anywhere
 * ("*.infraplan.yaml").
 */
struct patterns {
	char **items;
	size_t nr, alloc;
};

static void
patterns_parse(struct patterns *p, const char *text, size_t len)
{
	const char *end = text + len;

	while (text < end) {
		const char *eol = memchr(text, '\n', (size_t)(end - text)), *a = text, *b;
		if (!eol)
			eol = end;
		b = eol;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (a < b && *a == '/')
			a++;
		if (a < b && *a != '#') {
			p->items = ipl_xgrow(p->items, sizeof(*p->items), p->nr + 1, &p->alloc);
			p->items[p->nr++] = ipl_xstrndup(a, (size_t)(b - a));
		}
		text = eol + 1;
	}
}

static void
patterns_release(struct patterns *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		free(p->items[i]);
	free(p->items);
}

static bool
is_spec(const struct patterns *p, const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t i;

	if (!p->nr)
		return !strcmp(base, "infraplan.yaml");
	for (i = 0; i < p->nr; i++)
		if (strchr(p->items[i], '/') ? fnmatch(p->items[i], path, FNM_PATHNAME) == 0
					     : fnmatch(p->items[i], base, 0) == 0)
			return true;
	return false;
}

struct found {
	const struct patterns *patterns;
	char ***paths;
	size_t *nr, *alloc;
};

static void
found_add(struct found *f, const char *path)
{
	size_t i;

	if (!is_spec(f->patterns, path))
		return;
	for (i = 0; i < *f->nr; i++)
		if (!strcmp((*f->paths)[i], path))
			return;
	*f->paths = ipl_xgrow(*f->paths, sizeof(**f->paths), *f->nr + 1, f->alloc);
	(*f->paths)[(*f->nr)++] = ipl_xstrdup(path);
}

static int
visit(const char *root, const git_tree_entry *entry, void *payload)
{
	struct found *f = payload;
	struct ipl_buf path = IPL_BUF_INIT;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	ipl_buf_addf(&path, "%s%s", root, git_tree_entry_name(entry));
	found_add(f, path.data);
	ipl_buf_release(&path);
	return 0;
}

/* the tracked and untracked (but not ignored) files of the work tree */
static int
find_in_worktree(struct ipl_vcs *v, struct found *f, struct ipl_diags *diags)
{
	git_index *index = NULL;
	git_status_list *status = NULL;
	git_status_options opts;
	size_t i, n;

	/* the _INIT macros leave fields out, which -Wmissing-field-initializers refuses */
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	if (git_repository_index(&index, v->repo) < 0)
		return ipl_vcs_git_fail(diags, "cannot read the index");
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++)
		found_add(f, git_index_get_byindex(index, i)->path);
	git_index_free(index);
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&status, v->repo, &opts) < 0)
		return ipl_vcs_git_fail(diags, "cannot list the work tree");
	n = git_status_list_entrycount(status);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(status, i);
		if ((e->status & GIT_STATUS_WT_NEW) && e->index_to_workdir)
			found_add(f, e->index_to_workdir->new_file.path);
	}
	git_status_list_free(status);
	return 0;
}

int
ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr, size_t *alloc,
		   struct ipl_diags *diags)
{
	struct patterns patterns = { 0 };
	struct found f = { &patterns, paths, nr, alloc };
	struct ipl_buf list = IPL_BUF_INIT;
	git_tree *tree = NULL;
	int rc;

	if (rev) {
		rc = ipl_vcs_read(v, rev, IPL_SPECS_FILE, &list, diags);
	} else {
		rc = ipl_vcs_read_worktree(v, IPL_SPECS_FILE, &list, diags);
	}
	if (rc < 0)
		return -1;
	patterns_parse(&patterns, list.data ? list.data : "", list.len);
	ipl_buf_release(&list);
	if (!rev) {
		rc = find_in_worktree(v, &f, diags);
	} else if ((rc = tree_of(v, rev, &tree, diags)) == 0) {
		if (git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &f) < 0)
			rc = ipl_vcs_git_fail(diags, "cannot walk the tree");
		git_tree_free(tree);
	}
	patterns_release(&patterns);
	return rc;
}

int
ipl_vcs_find_renames(struct ipl_vcs *v, const char *base, const char *head, char *const *paths,
		     size_t n, struct ipl_vcs_rename **out, size_t *nr, struct ipl_diags *diags)
{
	git_diff_options opts;
	git_diff_find_options find;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_diff *diff = NULL;
	size_t i, alloc = 0;
	int rc = -1;

	*out = NULL;
	*nr = 0;
	if (!n)
		return 0;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	/* only the specs: a work tree's build directories are not looked at */
	opts.pathspec.strings = (char **)paths;
	opts.pathspec.count = n;
	opts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (tree_of(v, base, &old_tree, diags) < 0)
		return -1;
	if (head) {
		if (tree_of(v, head, &new_tree, diags) < 0)
			goto out;
		if (git_diff_tree_to_tree(&diff, v->repo, old_tree, new_tree, &opts) < 0)
			goto fail;
	} else {
		/* a spec moved in the work tree and not yet added is untracked */
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED;
		find.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
		if (git_diff_tree_to_workdir_with_index(&diff, v->repo, old_tree, &opts) < 0)
			goto fail;
	}
	if (git_diff_find_similar(diff, &find) < 0)
		goto fail;
	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_RENAMED)
			continue;
		*out = ipl_xgrow(*out, sizeof(**out), *nr + 1, &alloc);
		(*out)[*nr].from = ipl_xstrdup(d->old_file.path);
		(*out)[(*nr)++].to = ipl_xstrdup(d->new_file.path);
	}
	rc = 0;
	goto out;
fail:
	rc = ipl_vcs_git_fail(diags, "cannot compare the trees");
out:
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return rc;
}

void
ipl_vcs_renames_free(struct ipl_vcs_rename *r, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(r[i].from);
		free(r[i].to);
	}
	free(r);
}

/* the blob id of path in commit, or a zero id when absent */
static int
blob_id(git_commit *commit, const char *path, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (git_commit_tree(&tree, commit) < 0)
		return -1;
	if (git_tree_entry_bypath(&entry, tree, path) == 0) {
		git_oid_cpy(out, git_tree_entry_id(entry));
		found = 1;
		git_tree_entry_free(entry);
	}
	git_tree_free(tree);
	return found;
}

/*
 * The path the file at `path` in commit had in parent when the commit renamed
 * it (git's rename detection over the whole tree, as `git log --follow`),
 * else NULL; the caller frees it
 */
static char *
renamed_from(git_repository *repo, git_commit *parent, git_commit *commit, const char *path)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_diff *diff = NULL;
	git_diff_find_options find;
	char *from = NULL;
	size_t i;

	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_commit_tree(&old_tree, parent) == 0 && git_commit_tree(&new_tree, commit) == 0 &&
	    git_diff_tree_to_tree(&diff, repo, old_tree, new_tree, NULL) == 0 &&
	    git_diff_find_similar(diff, &find) == 0) {
		for (i = 0; i < git_diff_num_deltas(diff) && !from; i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			if (d->status == GIT_DELTA_RENAMED && !strcmp(d->new_file.path, path))
				from = ipl_xstrdup(d->old_file.path);
		}
	}
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return from;
}

int
ipl_vcs_file_history(struct ipl_vcs *v, const char *rev, const char *path,
		     int (*fn)(const struct ipl_vcs_change *change, void *payload), void *payload,
		     struct ipl_diags *diags)
{
	git_revwalk *walk = NULL;
	git_object *start = NULL;
	git_oid oid;
	char *cur = ipl_xstrdup(path); /* the file's path at the commit being looked at */
	int rc = 0;

	if (git_revparse_single(&start, v->repo, rev) < 0 || git_revwalk_new(&walk, v->repo) < 0 ||
	    git_revwalk_push(walk, git_object_id(start)) < 0) {
		git_object_free(start);
		git_revwalk_free(walk);
		free(cur);
		return ipl_vcs_git_fail(diags, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	git_revwalk_simplify_first_parent(walk);
	while (rc == 0 && git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL, *parent = NULL;
		git_oid mine, theirs;
		int here, there = 0;

		if (git_commit_lookup(&c, v->repo, &oid) < 0) {
			rc = ipl_vcs_git_fail(diags, "cannot read a commit");
			break;
		}
		here = blob_id(c, cur, &mine);
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0)
			there = blob_id(parent, cur, &theirs);
		if (here < 0 || there < 0) {
			rc = ipl_vcs_git_fail(diags, "cannot read a tree");
		} else if (here != there || (here && !git_oid_equal(&mine, &theirs))) {
			struct ipl_vcs_change ch;
			const git_signature *a = git_commit_author(c);
			memset(&ch, 0, sizeof(ch));
			git_oid_tostr(ch.id, sizeof(ch.id), &oid);
			ch.time = (long long)git_commit_time(c);
			ch.offset = git_commit_time_offset(c);
			ch.author = ipl_xstrdup(a && a->name ? a->name : "?");
			ch.path = cur;
			ch.deleted = !here;
			if (here && !there && parent)
				ch.renamed_from = renamed_from(v->repo, parent, c, cur);
			if (here) {
				git_blob *blob = NULL;
				if (git_blob_lookup(&blob, v->repo, &mine) == 0) {
					ipl_buf_add(&ch.text, git_blob_rawcontent(blob),
						    (size_t)git_blob_rawsize(blob));
					git_blob_free(blob);
				}
			}
			rc = fn(&ch, payload);
			free(ch.author);
			ipl_buf_release(&ch.text);
			/* older commits had the file under its old name */
			if (ch.renamed_from) {
				free(cur);
				cur = ch.renamed_from;
			}
		}
		git_commit_free(parent);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	git_object_free(start);
	free(cur);
	return rc;
}
