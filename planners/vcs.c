/* vcs.c: see vcs.h. Errors carry libgit2's own message. */
#include "core/common.h"

#include <git2.h>

#include "core/xalloc.h"
#include "planners/vcs.h"

struct ipl_vcs {
	git_repository *repo;
};

static int
git_fail(struct ipl_diags *diags, const char *what)
{
	const git_error *e = git_error_last();

	return ipl_error(diags, "git", (struct ipl_loc){ 0, 0 }, "%s: %s", what,
			 e && e->message ? e->message : "unknown error");
}

int
ipl_vcs_open(struct ipl_vcs **out, const char *path, struct ipl_diags *diags)
{
	struct ipl_vcs *v = ipl_xcalloc(1, sizeof(*v));

	git_libgit2_init();
	if (git_repository_open_ext(&v->repo, path, 0, NULL) < 0) {
		free(v);
		git_libgit2_shutdown();
		*out = NULL;
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "not in a git repository; run infraplan diff inside one");
	}
	if (git_repository_is_bare(v->repo)) {
		ipl_vcs_free(v);
		*out = NULL;
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "a bare repository has no work tree to diff");
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

const char *
ipl_vcs_workdir(const struct ipl_vcs *v)
{
	return git_repository_workdir(v->repo);
}

static int
tree_of(struct ipl_vcs *v, const char *rev, git_tree **tree, struct ipl_diags *diags)
{
	git_object *obj = NULL;
	char what[256];

	snprintf(what, sizeof(what), "cannot resolve revision \"%s\"", rev);
	if (git_revparse_single(&obj, v->repo, rev) < 0)
		return git_fail(diags, what);
	if (git_object_peel((git_object **)tree, obj, GIT_OBJECT_TREE) < 0) {
		git_object_free(obj);
		return git_fail(diags, what);
	}
	git_object_free(obj);
	return 0;
}

int
ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
	     struct ipl_diags *diags)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int rc;

	if (tree_of(v, rev, &tree, diags) < 0)
		return -1;
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == GIT_ENOTFOUND) {
		git_tree_free(tree);
		return 0;
	}
	if (rc < 0 || git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, v->repo, git_tree_entry_id(entry)) < 0) {
		git_tree_entry_free(entry);
		git_tree_free(tree);
		return git_fail(diags, path);
	}
	ipl_buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return 1;
}

struct walk {
	char ***paths;
	size_t *nr, *alloc;
};

static int
visit(const char *root, const git_tree_entry *entry, void *payload)
{
	struct walk *w = payload;
	size_t n;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    strcmp(git_tree_entry_name(entry), "infraplan.yaml"))
		return 0;
	*w->paths = ipl_xgrow(*w->paths, sizeof(**w->paths), *w->nr + 1, w->alloc);
	n = strlen(root) + strlen("infraplan.yaml") + 1;
	(*w->paths)[*w->nr] = ipl_xmalloc(n);
	snprintf((*w->paths)[*w->nr], n, "%sinfraplan.yaml", root);
	(*w->nr)++;
	return 0;
}

int
ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr, size_t *alloc,
		   struct ipl_diags *diags)
{
	git_tree *tree = NULL;
	struct walk w = { paths, nr, alloc };
	int rc;

	if (tree_of(v, rev, &tree, diags) < 0)
		return -1;
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &w);
	git_tree_free(tree);
	return rc < 0 ? git_fail(diags, "cannot walk the tree") : 0;
}
