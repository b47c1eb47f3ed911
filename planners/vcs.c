/* vcs.c: see vcs.h. Errors carry libgit2's own message. */
#include "core/common.h"

#include <git2.h>
#include <unistd.h>

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

char *
ipl_vcs_repo_path(const struct ipl_vcs *v, const char *given)
{
	const char *wd = git_repository_workdir(v->repo);
	struct ipl_buf in = IPL_BUF_INIT, out = IPL_BUF_INIT;
	char *cwd = getcwd(NULL, 0);
	const char *p;
	size_t wl = strlen(wd);

	if (given[0] != '/' && cwd)
		ipl_buf_addf(&in, "%s/", cwd);
	free(cwd);
	ipl_buf_adds(&in, given);
	/* resolve . and .. on the absolute path, then drop the work tree's prefix */
	for (p = in.data; *p;) {
		size_t n;
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = out.len ? strrchr(out.data, '/') : NULL;
			if (slash) {
				out.len = (size_t)(slash - out.data);
				out.data[out.len] = '\0';
			}
		} else if (!(n == 1 && p[0] == '.')) {
			ipl_buf_addc(&out, '/');
			ipl_buf_add(&out, p, n);
		}
		p += n;
	}
	ipl_buf_addc(&out, '\0');
	out.len--;
	ipl_buf_release(&in);
	if (out.len >= wl - 1 && !strncmp(out.data, wd, wl - 1) && out.data[wl - 1] == '/') {
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

int
ipl_vcs_file_history(struct ipl_vcs *v, const char *rev, const char *path,
		     int (*fn)(const struct ipl_vcs_change *change, void *payload), void *payload,
		     struct ipl_diags *diags)
{
	git_revwalk *walk = NULL;
	git_object *start = NULL;
	git_oid oid;
	int rc = 0;

	if (git_revparse_single(&start, v->repo, rev) < 0 || git_revwalk_new(&walk, v->repo) < 0 ||
	    git_revwalk_push(walk, git_object_id(start)) < 0) {
		git_object_free(start);
		git_revwalk_free(walk);
		return git_fail(diags, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	git_revwalk_simplify_first_parent(walk);
	while (rc == 0 && git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL, *parent = NULL;
		git_oid mine, theirs;
		int here, there = 0;

		if (git_commit_lookup(&c, v->repo, &oid) < 0) {
			rc = git_fail(diags, "cannot read a commit");
			break;
		}
		here = blob_id(c, path, &mine);
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0)
			there = blob_id(parent, path, &theirs);
		if (here < 0 || there < 0) {
			rc = git_fail(diags, "cannot read a tree");
		} else if (here != there || (here && !git_oid_equal(&mine, &theirs))) {
			struct ipl_vcs_change ch;
			const git_signature *a = git_commit_author(c);
			memset(&ch, 0, sizeof(ch));
			git_oid_tostr(ch.id, sizeof(ch.id), &oid);
			ch.time = (long long)git_commit_time(c);
			ch.offset = git_commit_time_offset(c);
			ch.author = ipl_xstrdup(a && a->name ? a->name : "?");
			ch.deleted = !here;
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
		}
		git_commit_free(parent);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	git_object_free(start);
	return rc;
}
