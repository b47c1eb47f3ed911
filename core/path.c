/* path.c: see path.h. */
#include "core/common.h"

#include <unistd.h>

#include "core/buf.h"
#include "core/path.h"

char *
ipl_path_absolute(const char *path)
{
	struct ipl_buf in = IPL_BUF_INIT, out = IPL_BUF_INIT;
	char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
	const char *p;

	if (cwd)
		ipl_buf_addf(&in, "%s/", cwd);
	free(cwd);
	ipl_buf_adds(&in, path);
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
	ipl_buf_release(&in);
	if (!out.len)
		ipl_buf_addc(&out, '/');
	return ipl_buf_detach(&out, NULL);
}
