/* buf.c: see buf.h. */
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/buf.h"
#include "core/xalloc.h"

void
ipl_buf_init(struct ipl_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

void
ipl_buf_release(struct ipl_buf *b)
{
	free(b->data);
	ipl_buf_init(b);
}

void
ipl_buf_reset(struct ipl_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
ipl_buf_detach(struct ipl_buf *b, size_t *len)
{
	char *p;

	if (!b->data)
		ipl_buf_addch(b, 0, 0);
	p = b->data;
	if (len)
		*len = b->len;
	ipl_buf_init(b);
	return p;
}

static void
grow(struct ipl_buf *b, size_t extra)
{
	if (b->len + extra + 1 < b->len)
		abort();
	b->data = ipl_xgrow(b->data, 1, b->len + extra + 1, &b->alloc);
}

void
ipl_buf_add(struct ipl_buf *b, const void *data, size_t len)
{
	grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
ipl_buf_adds(struct ipl_buf *b, const char *s)
{
	ipl_buf_add(b, s, strlen(s));
}

void
ipl_buf_addc(struct ipl_buf *b, char c)
{
	ipl_buf_add(b, &c, 1);
}

void
ipl_buf_addch(struct ipl_buf *b, char c, size_t n)
{
	grow(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
ipl_buf_vaddf(struct ipl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ipl_buf_addf(struct ipl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *
ipl_buf_str(const struct ipl_buf *b)
{
	return b->data ? b->data : "";
}

int
ipl_buf_read_file(struct ipl_buf *b, const char *path, size_t max_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	return ipl_buf_read_fd(b, fd, max_size);
}

int
ipl_buf_read_fd(struct ipl_buf *b, int fd, size_t max_size)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;

	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		if (b->len + (size_t)n > max_size) {
			errno = EFBIG;
			goto fail;
		}
		ipl_buf_add(b, chunk, (size_t)n);
	}
	if (!b->data)
		ipl_buf_addch(b, 0, 0);
	close(fd);
	return 0;
fail:
	ipl_close_keeping_errno(fd);
	return -1;
}
