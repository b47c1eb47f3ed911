/*
 * fileset.c: the in-memory set of files a plan generates (emit.h). Emitters
 * add to it; gen writes it atomically; check compares it with the disk.
 */
#include "core/common.h"

#include "core/xalloc.h"
#include "providers/emit.h"

void
ipl_fileset_init(struct ipl_fileset *fs)
{
	memset(fs, 0, sizeof(*fs));
}

void
ipl_fileset_release(struct ipl_fileset *fs)
{
	size_t i;

	for (i = 0; i < fs->nr; i++) {
		free(fs->files[i].path);
		ipl_buf_release(&fs->files[i].content);
	}
	free(fs->files);
	ipl_fileset_init(fs);
}

struct ipl_file *
ipl_fileset_add(struct ipl_fileset *fs, const char *path, struct ipl_buf *content, int mode)
{
	struct ipl_file *f;

	fs->files = ipl_xgrow(fs->files, sizeof(*fs->files), fs->nr + 1, &fs->alloc);
	f = &fs->files[fs->nr++];
	f->path = ipl_xstrdup(path);
	f->content = *content;
	f->mode = mode;
	f->hash[0] = '\0';
	ipl_buf_init(content);
	return f;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct ipl_file *)a)->path, ((const struct ipl_file *)b)->path);
}

const struct ipl_file *
ipl_fileset_find(const struct ipl_fileset *fs, const char *path)
{
	struct ipl_file key;
	const struct ipl_file *f;
	size_t i;

	key.path = (char *)path;
	/* bsearch wants a base even for no files: an empty set has none */
	if (fs->sorted_nr &&
	    (f = bsearch(&key, fs->files, fs->sorted_nr, sizeof(*fs->files), cmp_file)))
		return f;
	for (i = fs->sorted_nr; i < fs->nr; i++)
		if (!strcmp(fs->files[i].path, path))
			return &fs->files[i];
	return NULL;
}

void
ipl_fileset_sort(struct ipl_fileset *fs)
{
	if (fs->nr > 1)
		qsort(fs->files, fs->nr, sizeof(*fs->files), cmp_file);
	fs->sorted_nr = fs->nr;
}
