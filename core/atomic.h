/*
 * atomic.h: writing files so that a reader sees the old content or the new,
 * never a half-written file. Each file is written to a temporary file in the
 * same directory, flushed with fsync and renamed over the target.
 *
 * A write set stages several files first and renames them only once all of
 * them were written, so that `infraplan gen` either replaces a whole plan or
 * leaves the directory untouched.
 */
#ifndef IPL_ATOMIC_H
#define IPL_ATOMIC_H

#include "core/common.h"

/* returns 0, or -1 with errno set */
int ipl_atomic_write(const char *path, const void *data, size_t len, int mode);

struct ipl_write_set {
	struct ipl_staged {
		char *path;
		char *tmp;
	} *files;
	size_t nr, alloc;
};

void ipl_write_set_init(struct ipl_write_set *ws);
/* writes data to a temporary file beside path; returns 0 or -1 with errno set */
int ipl_write_set_stage(struct ipl_write_set *ws, const char *path, const void *data, size_t len,
			int mode);
/* renames every staged file into place; returns 0 or -1 with errno set */
int ipl_write_set_commit(struct ipl_write_set *ws);
/* removes the staged temporary files that were not committed and frees the set */
void ipl_write_set_release(struct ipl_write_set *ws);
/* creates a directory and its parents (mode 0755); returns 0 or -1 with errno set */
int ipl_mkdir_p(const char *path);

#endif
