/*
 * vcs_module.h: the boundary between infraplan and its git module. libgit2
 * and what it pulls in (mbedTLS, libssh2, http-parser, pcre2: a dozen shared
 * objects) are linked only into the module infraplan-git.so (vcs.c,
 * vcs_commit.c, vcs_module.c), which vcs_load.c loads with dlopen the first
 * time a command calls into vcs.h. The module exports one table of the vcs.h
 * functions; nothing else crosses.
 *
 * A module rather than a helper program: git is used in the middle of a
 * command (gen --commit commits inside its plan transaction, with the plan
 * directory locked; check resolves a manifest's spec inside its work tree),
 * so a process boundary would mean a protocol for repositories, blobs and
 * diagnostics, while a table of functions keeps vcs.h the one interface.
 */
#ifndef IPL_VCS_MODULE_H
#define IPL_VCS_MODULE_H

#include "planners/vcs.h"

#define IPL_VCS_MODULE_FILE "infraplan-git.so"
#define IPL_VCS_MODULE_SYMBOL "ipl_vcs_module"

/* one member per function of vcs.h, with the same contract */
struct ipl_vcs_module {
	int (*open)(struct ipl_vcs **out, const char *path, const char *hint,
		    struct ipl_diags *diags);
	void (*free)(struct ipl_vcs *v);
	char *(*discover_workdir)(const char *path);
	int (*read_worktree)(struct ipl_vcs *v, const char *path, struct ipl_buf *out,
			     struct ipl_diags *diags);
	const char *(*workdir)(const struct ipl_vcs *v);
	char *(*repo_path)(const struct ipl_vcs *v, const char *given);
	int (*read)(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
		    struct ipl_diags *diags);
	int (*find_specs)(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr,
			  size_t *alloc, struct ipl_diags *diags);
	int (*find_renames)(struct ipl_vcs *v, const char *base, const char *head,
			    char *const *paths, size_t n, struct ipl_vcs_rename **out, size_t *nr,
			    struct ipl_diags *diags);
	void (*renames_free)(struct ipl_vcs_rename *r, size_t nr);
	int (*file_history)(struct ipl_vcs *v, const char *rev, const char *path,
			    int (*fn)(const struct ipl_vcs_change *change, void *payload),
			    void *payload, struct ipl_diags *diags);
	int (*commit_ready)(struct ipl_vcs *v, struct ipl_diags *diags);
	int (*commit_paths)(struct ipl_vcs *v, const struct ipl_vcs_commit_path *paths, size_t n,
			    const char *message, char id[12], struct ipl_diags *diags);
};

#endif
