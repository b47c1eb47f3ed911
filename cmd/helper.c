/*
 * helper.c: what infraplan and its helper programs share at the edges of a
 * run: running a helper in the command's place (git's dashed helpers, and
 * curl kept out of git, are the model), and the check that everything
 * written to stdout reached it.
 */
#include "core/common.h"

#include <errno.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/libexec.h"
#include "core/xalloc.h"

int
ipl_run_helper(const char *name, int argc, char **argv)
{
	char *path = ipl_libexec_path(name);
	char **args;
	int i;

	if (!path) {
		fprintf(stderr,
			"infraplan: error: cannot find the helper '%s' beside the binary or "
			"in its libexec directory; reinstall infraplan\n",
			name);
		return IPL_EXIT_ENV;
	}
	/* the helper replaces this process: nothing written may be left in a buffer */
	fflush(NULL);
	args = ipl_xcalloc((size_t)argc + 1, sizeof(*args));
	args[0] = path;
	for (i = 1; i < argc; i++)
		args[i] = argv[i];
	execv(path, args);
	fprintf(stderr, "infraplan: error: cannot run '%s': %s\n", path, strerror(errno));
	free(args);
	free(path);
	return IPL_EXIT_ENV;
}

/* stdout may be a full disk or a closed pipe: a lost write is a failure */
int
ipl_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno != EPIPE)
			fprintf(stderr, "infraplan: error: cannot write output: %s\n",
				strerror(errno));
		return status ? status : IPL_EXIT_ENV;
	}
	return status;
}
