/* libexec.c: see libexec.h. */
#include "core/common.h"

#include <limits.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/libexec.h"

#ifndef IPL_LIBEXEC_RELDIR
#define IPL_LIBEXEC_RELDIR "../libexec/infraplan"
#endif

char *
ipl_libexec_path(const char *name)
{
	static const char *const dirs[] = { IPL_LIBEXEC_RELDIR, "." };
	struct ipl_buf path = IPL_BUF_INIT;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	size_t i;

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (i = 0; i < IPL_ARRAY_SIZE(dirs); i++) {
		ipl_buf_reset(&path);
		ipl_buf_addf(&path, "%s/%s/%s", self, dirs[i], name);
		if (access(path.data, R_OK) == 0)
			return ipl_buf_detach(&path, NULL);
	}
	ipl_buf_release(&path);
	return NULL;
}
