/* path.c: see path.h. */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include "core/common.h"

#include <errno.h>
#include <sys/stat.h>
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

const char *
ipl_path_check_relative(const char *rel, size_t len)
{
	size_t i, start = 0;

	if (!len)
		return "an empty path";
	if (len > IPL_PATH_MAX)
		return "a path longer than 4096 bytes";
	if (rel[0] == '/')
		return "an absolute path";
	for (i = 0; i < len; i++) {
		if (rel[i] == '\0')
			return "a NUL byte";
		if ((unsigned char)rel[i] < 0x20 || rel[i] == 0x7f)
			return "a control character";
	}
	for (i = 0; i <= len; i++) {
		size_t n;
		if (i < len && rel[i] != '/')
			continue;
		n = i - start;
		if (n == 0)
			return "an empty component ('//' or a final '/')";
		if (n == 1 && rel[start] == '.')
			return "a '.' component";
		if (n == 2 && rel[start] == '.' && rel[start + 1] == '.')
			return "a '..' component, which leads out of the directory";
		start = i + 1;
	}
	return NULL;
}

char *
ipl_path_resolve_inside(const char *root, const char *path, const char **why)
{
	char *real_root = realpath(root, NULL), *real = realpath(path, NULL);
	const char *rest;
	size_t n;
	struct stat st;

	*why = NULL;
	if (!real_root || !real) {
		*why = !real_root ? "its directory cannot be resolved" : strerror(errno);
		goto refuse;
	}
	/* "/" contains everything: its length is taken as 0 so that the rest starts with '/' */
	n = strcmp(real_root, "/") ? strlen(real_root) : 0;
	if (strncmp(real, real_root, n) || real[n] != '/') {
		*why = "outside the tree it belongs to (through '..' or a symbolic link)";
		goto refuse;
	}
	rest = real + n;
	if (!strncmp(rest, "/.git/", 6) || !strcmp(rest, "/.git")) {
		*why = "inside the repository's .git directory";
		goto refuse;
	}
	if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		goto refuse;
	}
	free(real_root);
	return real;
refuse:
	free(real_root);
	free(real);
	return NULL;
}
