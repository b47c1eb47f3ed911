/*
 * vcs_private.h: what the files of the git module (vcs.c reads, vcs_commit.c
 * writes) share; nothing outside planners/vcs*.c includes it.
 */
#ifndef IPL_VCS_PRIVATE_H
#define IPL_VCS_PRIVATE_H

#include <git2.h>

#include "core/diag.h"

struct ipl_vcs {
	git_repository *repo;
};

/* reports "WHAT: libgit2's last message" and returns -1 */
int ipl_vcs_git_fail(struct ipl_diags *diags, const char *what);

#endif
