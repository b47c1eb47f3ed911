/*
 * vcs_module.c: the table the git module exports (vcs_module.h), the only
 * symbol it makes visible: the module is built with hidden visibility.
 */
#include "core/common.h"

#include "planners/vcs_module.h"

extern const struct ipl_vcs_module ipl_vcs_module __attribute__((visibility("default")));

const struct ipl_vcs_module ipl_vcs_module = {
	.open = ipl_vcs_open,
	.free = ipl_vcs_free,
	.discover_workdir = ipl_vcs_discover_workdir,
	.read_worktree = ipl_vcs_read_worktree,
	.workdir = ipl_vcs_workdir,
	.repo_path = ipl_vcs_repo_path,
	.read = ipl_vcs_read,
	.find_specs = ipl_vcs_find_specs,
	.find_renames = ipl_vcs_find_renames,
	.renames_free = ipl_vcs_renames_free,
	.file_history = ipl_vcs_file_history,
	.commit_ready = ipl_vcs_commit_ready,
	.commit_paths = ipl_vcs_commit_paths,
};
