/*
 * vcs_load.c: vcs.h for infraplan itself, each function forwarded to the git
 * module (vcs_module.h), loaded on the first call and kept for the rest of the
 * run. Only ipl_vcs_open and ipl_vcs_discover_workdir can be the first call
 * (every other one takes what open returned), so only they meet a module that
 * cannot be loaded: open says so in a diagnostic, discover finds no work tree.
 */
#include "core/common.h"

#include <dlfcn.h>

#include "core/libexec.h"
#include "planners/vcs_module.h"

static const struct ipl_vcs_module *module;

/* NULL with why set (for a message) when the module cannot be found or loaded */
static const struct ipl_vcs_module *
load(const char **why)
{
	char *path;
	void *handle;

	if (module)
		return module;
	path = ipl_libexec_path(IPL_VCS_MODULE_FILE);
	if (!path) {
		*why = "not found beside the binary or in its libexec directory";
		return NULL;
	}
	/* never closed: what the module allocated may be freed until the end of the run */
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	free(path);
	if (handle)
		module = dlsym(handle, IPL_VCS_MODULE_SYMBOL);
	if (!module)
		*why = dlerror();
	return module;
}

int
ipl_vcs_open(struct ipl_vcs **out, const char *path, const char *hint, struct ipl_diags *diags)
{
	const char *why = NULL;

	*out = NULL;
	if (!load(&why))
		return ipl_error(diags, path, (struct ipl_loc){ 0, 0 },
				 "cannot load the git module %s: %s", IPL_VCS_MODULE_FILE,
				 why ? why : "unknown error");
	return module->open(out, path, hint, diags);
}

void
ipl_vcs_free(struct ipl_vcs *v)
{
	if (v)
		module->free(v);
}

char *
ipl_vcs_discover_workdir(const char *path)
{
	const char *why;

	return load(&why) ? module->discover_workdir(path) : NULL;
}

int
ipl_vcs_read_worktree(struct ipl_vcs *v, const char *path, struct ipl_buf *out,
		      struct ipl_diags *diags)
{
	return module->read_worktree(v, path, out, diags);
}

const char *
ipl_vcs_workdir(const struct ipl_vcs *v)
{
	return module->workdir(v);
}

char *
ipl_vcs_repo_path(const struct ipl_vcs *v, const char *given)
{
	return module->repo_path(v, given);
}

int
ipl_vcs_read(struct ipl_vcs *v, const char *rev, const char *path, struct ipl_buf *out,
	     struct ipl_diags *diags)
{
	return module->read(v, rev, path, out, diags);
}

int
ipl_vcs_find_specs(struct ipl_vcs *v, const char *rev, char ***paths, size_t *nr, size_t *alloc,
		   struct ipl_diags *diags)
{
	return module->find_specs(v, rev, paths, nr, alloc, diags);
}

int
ipl_vcs_find_renames(struct ipl_vcs *v, const char *base, const char *head, char *const *paths,
		     size_t n, struct ipl_vcs_rename **out, size_t *nr, struct ipl_diags *diags)
{
	return module->find_renames(v, base, head, paths, n, out, nr, diags);
}

void
ipl_vcs_renames_free(struct ipl_vcs_rename *r, size_t nr)
{
	if (module)
		module->renames_free(r, nr);
}

int
ipl_vcs_file_history(struct ipl_vcs *v, const char *rev, const char *path,
		     int (*fn)(const struct ipl_vcs_change *change, void *payload), void *payload,
		     struct ipl_diags *diags)
{
	return module->file_history(v, rev, path, fn, payload, diags);
}

int
ipl_vcs_commit_ready(struct ipl_vcs *v, struct ipl_diags *diags)
{
	return module->commit_ready(v, diags);
}

int
ipl_vcs_commit_paths(struct ipl_vcs *v, const struct ipl_vcs_commit_path *paths, size_t n,
		     const char *message, char id[12], struct ipl_diags *diags)
{
	return module->commit_paths(v, paths, n, message, id, diags);
}
