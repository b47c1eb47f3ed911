/*
 * vcs.h: the git module, the one place that links libgit2. It reads specs as
 * they were at a revision straight from the object database (no checkout),
 * finds the specs a tree holds (vcs.c), and commits generated plans
 * (vcs_commit.c). infraplan never runs the git program.
 */
#ifndef IPL_VCS_H
#define IPL_VCS_H

#include "core/buf.h"
#include "core/diag.h"

struct ipl_vcs;

/* opens the repository containing path; -1 with an error ending in hint (what
   to do instead) when there is none or it has no work tree */
int ipl_vcs_open(struct ipl_vcs **out, const char *path, const char *hint, struct ipl_diags *diags);
void ipl_vcs_free(struct ipl_vcs *v);
/* the work tree's root (trailing '/') of the repository holding path, or NULL; the caller frees it */
char *ipl_vcs_discover_workdir(const char *path);
/*
 * The work tree's file at path (from the root) when it is a regular file
 * inside the work tree, a symbolic link leading out of it refused: 1 read, 0
 * absent, -1 with an error.
 */
int ipl_vcs_read_worktree(struct ipl_vcs *v, const char *path, struct ipl_buf *out,
			  struct ipl_diags *diags);
/* the work tree's root, with a trailing '/' */
const char *ipl_vcs_workdir(const struct ipl_vcs *v);
/* the path of `given` (relative to the current directory) from the work tree's root,
   with "." and ".." resolved; the caller frees it */
char *ipl_vcs_repo_path(const struct ipl_vcs *v, const char *given);
/* the blob at REV:path (path relative to the root): 1 read, 0 absent there, -1 error */
int ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
		 struct ipl_diags *diags);
/*
 * The file that lists a repository's specs, at its root: one pattern a line,
 * '#' for comments; "plans/prod-*.yaml" matches paths from the root, a pattern
 * without '/' a file's name anywhere. Without it, every infraplan.yaml.
 */
#define IPL_SPECS_FILE ".infraplan-specs"

/*
 * Appends the specs REV's tree holds (rev NULL: the work tree, tracked and
 * untracked files, as its own .infraplan-specs says), skipping paths already
 * in the list. Returns 0, or -1 on error.
 */
int ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr, size_t *alloc,
		       struct ipl_diags *diags);

struct ipl_vcs_rename {
	char *from, *to;
};

/*
 * The renames among paths between base and head (NULL: the work tree and
 * index, untracked files included), as git detects them: a file removed and
 * a similar one added. Returns 0 with a list for ipl_vcs_renames_free, or -1.
 */
int ipl_vcs_find_renames(struct ipl_vcs *v, const char *base, const char *head, char *const *paths,
			 size_t n, struct ipl_vcs_rename **out, size_t *nr,
			 struct ipl_diags *diags);
void ipl_vcs_renames_free(struct ipl_vcs_rename *r, size_t nr);

/* one commit that changed a file, for history */
struct ipl_vcs_change {
	char id[12];    /* abbreviated commit id */
	long long time; /* commit time, seconds since the epoch */
	int offset;     /* its time zone, minutes east of UTC */
	char *author;
	struct ipl_buf text; /* the file as that commit left it (empty when deleted) */
	const char *path;    /* the file's path in that commit */
	char *renamed_from;  /* its path before, when that commit renamed it; else NULL */
	bool deleted;
};

/*
 * Calls fn for every commit reachable from rev (newest first, first parents)
 * whose version of path differs from its parent's, following the file
 * through renames as `git log --follow` does. Returns 0, or -1.
 */
int ipl_vcs_file_history(struct ipl_vcs *v, const char *rev, const char *path,
			 int (*fn)(const struct ipl_vcs_change *change, void *payload),
			 void *payload, struct ipl_diags *diags);

/*
 * Can gen --commit commit here? Checks, before anything is written, that HEAD
 * names a branch that has a commit, that no merge or rebase is under way,
 * that there is an identity to commit with and that the index is not locked.
 * Returns 0, or -1 with an error that says what to do.
 */
int ipl_vcs_commit_ready(struct ipl_vcs *v, struct ipl_diags *diags);

/* a path (from the work tree's root) to commit as the work tree has it, or to remove */
struct ipl_vcs_commit_path {
	const char *path;
	bool remove;
};

/*
 * Commits exactly these paths, as they are in the work tree, on top of HEAD on
 * the current branch, like `git commit -- PATHS`: the commit's tree is HEAD's
 * with these paths replaced, and the index gets the same entries for them and
 * for nothing else, so other staged and unstaged changes stay as they were.
 * The author and committer come from GIT_AUTHOR_NAME/EMAIL/DATE and
 * GIT_COMMITTER_NAME/EMAIL/DATE, else user.name and user.email.
 * Returns 1 with the abbreviated id in id, 0 when the paths are as HEAD has
 * them (no commit is made), or -1 with an error.
 */
int ipl_vcs_commit_paths(struct ipl_vcs *v, const struct ipl_vcs_commit_path *paths, size_t n,
			 const char *message, char id[12], struct ipl_diags *diags);

#endif
