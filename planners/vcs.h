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
/* the blob at REV:path (path relative to the root): 1 read, 0 absent there, -1 error */
int ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
		 struct ipl_diags *diags);
/* appends the paths of every file named infraplan.yaml in REV's tree; -1 on error */
int ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr,
		       size_t *alloc, struct ipl_diags *diags);

#endif
