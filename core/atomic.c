/* atomic.c: see atomic.h. */
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/buf.h"
#include "core/xalloc.h"

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ipl_xstrdup(".");
	if (slash == path)
		return ipl_xstrdup("/");
	return ipl_xstrndup(path, (size_t)(slash - path));
}

static int
fsync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	free(dir);
	if (fd < 0)
		return -1;
	/* some file systems refuse fsync on a directory; the rename is still done */
	(void)fsync(fd);
	close(fd);
	return 0;
}

void
ipl_close_keeping_errno(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
}

int
ipl_write_fully(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* writes data to a fresh temporary file beside path; *tmp_out is the caller's to free */
static int
write_temp(const char *path, const void *data, size_t len, int mode, char **tmp_out)
{
	struct ipl_buf tmp = IPL_BUF_INIT;
	int fd, e;

	ipl_buf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.data);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, (mode_t)mode) < 0 || ipl_write_fully(fd, data, len) < 0)
		goto fail_fd;
	if (fsync(fd) < 0)
		goto fail_fd;
	if (close(fd) < 0) {
		fd = -1;
		goto fail_unlink;
	}
	*tmp_out = ipl_buf_detach(&tmp, NULL);
	return 0;
fail_fd:
	e = errno;
	close(fd);
	errno = e;
fail_unlink:
	e = errno;
	unlink(tmp.data);
	errno = e;
fail:
	e = errno;
	ipl_buf_release(&tmp);
	errno = e;
	return -1;
}

int
ipl_atomic_write(const char *path, const void *data, size_t len, int mode)
{
	char *tmp;
	int e;

	if (write_temp(path, data, len, mode, &tmp) < 0)
		return -1;
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	free(tmp);
	return fsync_dir(path);
}

int
ipl_mkdir_p(const char *path)
{
	char *p = ipl_xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (rc == 0) {
		struct stat st;
		if (stat(p, &st) < 0)
			rc = -1;
		else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			rc = -1;
		}
	}
	{
		int e = errno;
		free(p);
		errno = e;
	}
	return rc;
}

int
ipl_create_new(const char *path, const void *data, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, (mode_t)mode);

	if (fd < 0)
		return -1;
	if (ipl_write_fully(fd, data, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return -1;
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(path);
		errno = e;
		return -1;
	}
	/* the file is whole; a directory that refuses fsync does not undo it */
	(void)fsync_dir(path);
	return 0;
}
