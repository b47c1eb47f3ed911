/*
 * atomic.h: writing files so that a reader sees the old content or the new,
 * never a half-written file. Each file is written to a temporary file in the
 * same directory, flushed with fsync and renamed over the target.
 *
 * A whole plan is written as one transaction by core/dirtx.h instead.
 */
#ifndef IPL_ATOMIC_H
#define IPL_ATOMIC_H

#include "core/common.h"

/* returns 0, or -1 with errno set */
int ipl_atomic_write(const char *path, const void *data, size_t len, int mode);

/*
 * Creates path, which must not exist (O_EXCL: an existing file or link is
 * never replaced, errno EEXIST), writes data and fsyncs it. On a failure
 * after the file was created it is removed again. Returns 0, or -1 with errno
 * set.
 */
int ipl_create_new(const char *path, const void *data, size_t len, int mode);

/* close(2) on a failure path: errno stays the failure's, not close's */
void ipl_close_keeping_errno(int fd);
/* write(2) until all of data is written (EINTR retried); 0, or -1 with errno set */
int ipl_write_fully(int fd, const void *data, size_t len);
/* creates a directory and its parents (mode 0755); returns 0 or -1 with errno set */
int ipl_mkdir_p(const char *path);

#endif
