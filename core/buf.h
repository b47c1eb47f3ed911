/*
 * buf.h: a growing byte buffer, always NUL-terminated, for everything we build
 * as text (git's strbuf). Emitters write into buffers; ipl_atomic_write puts
 * them on disk. A buf owns its memory: _release frees it, _detach hands it over.
 */
#ifndef IPL_BUF_H
#define IPL_BUF_H

#include "core/common.h"

struct ipl_buf {
	char *data;
	size_t len;
	size_t alloc;
};

#define IPL_BUF_INIT       \
	{                  \
		NULL, 0, 0 \
	}

void ipl_buf_init(struct ipl_buf *b);
void ipl_buf_release(struct ipl_buf *b);
void ipl_buf_reset(struct ipl_buf *b);
char *ipl_buf_detach(struct ipl_buf *b, size_t *len);
void ipl_buf_add(struct ipl_buf *b, const void *data, size_t len);
void ipl_buf_adds(struct ipl_buf *b, const char *s);
void ipl_buf_addc(struct ipl_buf *b, char c);
void ipl_buf_addf(struct ipl_buf *b, const char *fmt, ...) IPL_PRINTF(2, 3);
void ipl_buf_vaddf(struct ipl_buf *b, const char *fmt, va_list ap) IPL_PRINTF(2, 0);
/* adds `n` copies of c */
void ipl_buf_addch(struct ipl_buf *b, char c, size_t n);
/* the contents, "" for an empty buffer */
const char *ipl_buf_str(const struct ipl_buf *b);
/* reads a whole file; returns 0, or -1 with errno set (ENOENT, EISDIR, EFBIG...) */
int ipl_buf_read_file(struct ipl_buf *b, const char *path, size_t max_size);
/* the same from an open descriptor, which it closes */
int ipl_buf_read_fd(struct ipl_buf *b, int fd, size_t max_size);

#endif
