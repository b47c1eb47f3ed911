/*
 * vcs.h: the git module, the one place that links libgit2. It reads specs as
 * they were at a revision straight from the object database (no checkout)
 * and finds the specs a tree holds.
 */
#ifndef IPL_VCS_H
#define IPL_VCS_H

#include "core/buf.h"
#include "core/diag.h"

struct ipl_vcs;

/* opens the repository containing path; -1 with an error when there is none */
int ipl_vcs_open(struct ipl_vcs **out, const char *path, struct ipl_diags *diags);
void ipl_vcs_free(struct ipl_vcs *v);
/* the work tree's root, with a trailing '/' */
const char *ipl_vcs_workdir(const struct ipl_vcs *v);
/* the path of `given` (relative to the current directory) from the work tree's root,
   with "." and ".." resolved; the caller frees it */
char *ipl_vcs_repo_path(const struct ipl_vcs *v, const char *given);
/* the blob at REV:path (path relative to the root): 1 read, 0 absent there, -1 error */
int ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
		 struct ipl_diags *diags);
/* appends the paths of every file named infraplan.yaml in REV's tree; -1 on error */
int ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr,
		       size_t *alloc, struct ipl_diags *diags);

/* one commit that changed a file, for history */
struct ipl_vcs_change {
	char id[12];          /* abbreviated commit id */
	long long time;       /* commit time, seconds since the epoch */
	int offset;           /* its time zone, minutes east of UTC */
	char *author;
	struct ipl_buf text;  /* the file as that commit left it (empty when deleted) */
	bool deleted;
};

/*
 * Calls fn for every commit reachable from rev (newest first, first parents)
 * whose version of path differs from its parent's. Returns 0, or -1.
 */
int ipl_vcs_file_history(struct ipl_vcs *v, const char *rev, const char *path,
			 int (*fn)(const struct ipl_vcs_change *change, void *payload),
			 void *payload, struct ipl_diags *diags);

#endif
