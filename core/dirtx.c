/* dirtx.c: see dirtx.h. */
/*
 * flock(2) is BSD, not POSIX; fdopendir and the *at calls are POSIX 2008;
 * syncfs(2) is Linux's (_GNU_SOURCE), used only there
 */
#define _GNU_SOURCE
#include "core/common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic.h"
#include "core/dirtx.h"
#include "core/path.h"
#include "core/xalloc.h"

#define JOURNAL_TMP IPL_DIRTX_JOURNAL ".tmp"
#define JOURNAL_MAGIC "infraplan-journal 1"
/* a staging tree deeper than this was not made by us: it is left for a person */
#define REMOVE_DEPTH_MAX 16

static int fail(struct ipl_dirtx *tx, const char *fmt, ...) IPL_PRINTF(2, 3);

static int
fail(struct ipl_dirtx *tx, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tx->error, sizeof(tx->error), fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

/* ---- Walking paths without following links ---- */

/*
 * Opens the directory that holds rel's last component, each directory on the
 * way with O_NOFOLLOW, made when create is set. Returns its descriptor (the
 * caller closes it) with *leaf pointing into rel; -2 when a directory on the
 * way is absent and create is not set; -1 with tx->error on a link, a file in
 * a directory's place or an I/O error.
 */
/* the length of rel's directory part, 0 at the top */
static size_t
dir_len(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? (size_t)(slash - rel) : 0;
}

static void
dir_cache_drop(struct ipl_dirtx *tx)
{
	if (tx->dir_cache) {
		close(tx->dir_cache_fd);
		free(tx->dir_cache);
		tx->dir_cache = NULL;
	}
	tx->dir_cache_fd = -1;
}

/* remembers fd as the directory rel's first n bytes name (fd stays the caller's) */
static void
dir_cache_set(struct ipl_dirtx *tx, const char *rel, size_t n, int fd)
{
	int keep = dup(fd);

	dir_cache_drop(tx);
	if (keep < 0)
		return;
	tx->dir_cache = ipl_xstrndup(rel, n);
	tx->dir_cache_fd = keep;
}

static int
open_parent(struct ipl_dirtx *tx, const char *rel, bool create, const char **leaf)
{
	size_t dn = dir_len(rel);
	int cur;
	const char *p = rel, *slash;
	char comp[IPL_PATH_MAX + 1];

	/* a directory walked before in this transaction: one dup, not a walk */
	if (dn && tx->dir_cache && !strncmp(tx->dir_cache, rel, dn) && !tx->dir_cache[dn] &&
	    (cur = dup(tx->dir_cache_fd)) >= 0) {
		*leaf = rel + dn + 1;
		return cur;
	}
	if ((cur = dup(tx->fd)) < 0)
		return fail(tx, "%s: %s", tx->dir, strerror(errno));
	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);
		int next;

		memcpy(comp, p, n);
		comp[n] = '\0';
		next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(cur, comp, 0755) < 0 && errno != EEXIST)
				goto io_error;
			next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			if (errno == ENOENT) {
				close(cur);
				return -2;
			}
			if (errno == ELOOP || errno == ENOTDIR) {
				/* O_DIRECTORY says ENOTDIR for a link too: look at what is there */
				struct stat st;
				int e = fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
							S_ISLNK(st.st_mode)
						? ELOOP
						: ENOTDIR;
				close(cur);
				errno = ELOOP;
				return fail(tx,
					    "%s/%.*s is %s; infraplan writes only inside the plan "
					    "directory and never through a link (remove it)",
					    tx->dir, (int)(slash - rel), rel,
					    e == ELOOP ? "a symbolic link" : "not a directory");
			}
			goto io_error;
		}
		close(cur);
		cur = next;
		p = slash + 1;
	}
	*leaf = p;
	if (dn)
		dir_cache_set(tx, rel, dn, cur);
	return cur;
io_error:
	ipl_close_keeping_errno(cur);
	return fail(tx, "%s/%s: %s", tx->dir, rel, strerror(errno));
}

int
ipl_dirtx_check_path(struct ipl_dirtx *tx, const char *rel)
{
	const char *leaf;
	int fd;

	if (tx->fd < 0)
		return 0;
	fd = open_parent(tx, rel, false, &leaf);
	if (fd == -1)
		return -1;
	if (fd >= 0)
		close(fd);
	return 0;
}

int
ipl_dirtx_read(struct ipl_dirtx *tx, const char *rel, struct ipl_buf *out, size_t max)
{
	return ipl_dirtx_read_mode(tx, rel, out, max, NULL);
}

int
ipl_dirtx_read_mode(struct ipl_dirtx *tx, const char *rel, struct ipl_buf *out, size_t max,
		    int *mode)
{
	const char *leaf;
	struct stat st;
	int dfd, fd;

	if (tx->fd < 0)
		return 0;
	dfd = open_parent(tx, rel, false, &leaf);
	if (dfd == -2)
		return 0;
	if (dfd < 0)
		return -1;
	fd = openat(dfd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(dfd);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return fail(tx, "%s/%s: %s", tx->dir, rel,
			    errno == ELOOP ? "a symbolic link" : strerror(errno));
	}
	/* a FIFO or a device in a plan's place must not block or be read */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return fail(tx, "%s/%s: not a regular file", tx->dir, rel);
	}
	if (mode)
		*mode = (int)(st.st_mode & 07777);
	if (ipl_buf_read_fd(out, fd, max) < 0)
		return fail(tx, "%s/%s: %s", tx->dir, rel, strerror(errno));
	return 1;
}

/* removes name below dfd, a directory with what it holds, never following a link */
static int
remove_tree(int dfd, const char *name, int depth)
{
	DIR *d;
	struct dirent *e;
	int fd, rc = 0;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	if (depth > REMOVE_DEPTH_MAX)
		return -1;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    remove_tree(dirfd(d), e->d_name, depth + 1) < 0)
			rc = -1;
	closedir(d);
	if (unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

/* removes the directories on the way to rel that are left empty, deepest first */
static void
remove_empty_parents(struct ipl_dirtx *tx, const char *rel)
{
	char *path = ipl_xstrdup(rel), *slash;

	dir_cache_drop(tx); /* it may name one of the directories removed here */
	while ((slash = strrchr(path, '/'))) {
		const char *leaf;
		int dfd;

		*slash = '\0';
		dfd = open_parent(tx, path, false, &leaf);
		if (dfd < 0)
			break;
		dir_cache_drop(tx);
		if (unlinkat(dfd, leaf, AT_REMOVEDIR) < 0) {
			close(dfd);
			break;
		}
		(void)fsync(dfd);
		close(dfd);
	}
	free(path);
}

/* ---- What the writer before journals left ---- */

/* "NAME.tmp-XXXXXX", mkstemp's suffix: how the earlier writer named its temporaries */
static size_t
temporary_stem(const char *name)
{
	size_t n = strlen(name), i;

	if (n < 12 || memcmp(name + n - 11, ".tmp-", 5))
		return 0;
	for (i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return n - 11;
}

void
ipl_dirtx_remove_temporaries(struct ipl_dirtx *tx, char *const *rels, size_t n)
{
	size_t i = 0, j;

	if (tx->fd < 0)
		return;
	/* one directory read per run of paths in the same directory (rels are sorted) */
	while (i < n) {
		size_t dl = dir_len(rels[i]);
		const char *leaf;
		struct dirent *e;
		DIR *d;
		int dfd;

		for (j = i + 1; j < n && dir_len(rels[j]) == dl && !memcmp(rels[j], rels[i], dl);
		     j++)
			;
		dfd = open_parent(tx, rels[i], false, &leaf);
		if (dfd >= 0 && !(d = fdopendir(dfd))) {
			close(dfd);
			dfd = -1;
		}
		if (dfd >= 0) {
			while ((e = readdir(d))) {
				size_t stem = temporary_stem(e->d_name), lo = i, hi = j;
				/* the run's names are sorted too: a binary search for the stem */
				while (stem && lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					const char *l = rels[mid] + (dl ? dl + 1 : 0);
					int c = strncmp(l, e->d_name, stem);
					if (c == 0 && l[stem] == '\0') {
						(void)unlinkat(dirfd(d), e->d_name, 0);
						break;
					}
					if (c < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
			}
			closedir(d);
		}
		i = j;
	}
}

/* ---- The journal ---- */

static void
op_add(struct ipl_dirtx *tx, const char *rel, size_t len, int mode, unsigned id)
{
	tx->ops = ipl_xgrow(tx->ops, sizeof(*tx->ops), tx->nr + 1, &tx->alloc);
	tx->ops[tx->nr].rel = ipl_xstrndup(rel, len);
	tx->ops[tx->nr].mode = mode;
	tx->ops[tx->nr].id = id;
	tx->nr++;
}

static void
ops_clear(struct ipl_dirtx *tx)
{
	size_t i;

	for (i = 0; i < tx->nr; i++)
		free(tx->ops[i].rel);
	free(tx->ops);
	tx->ops = NULL;
	tx->nr = tx->alloc = 0;
}

static void
journal_write(const struct ipl_dirtx *tx, struct ipl_buf *out)
{
	size_t i;

	ipl_buf_adds(out, JOURNAL_MAGIC "\n");
	for (i = 0; i < tx->nr; i++) {
		const struct ipl_dirtx_op *op = &tx->ops[i];
		if (op->mode < 0)
			ipl_buf_addf(out, "del %s\n", op->rel);
		else
			ipl_buf_addf(out, "put %u %04o %s\n", op->id, (unsigned)op->mode, op->rel);
	}
	ipl_buf_addf(out, "end %zu\n", tx->nr);
}

/* a number in base (8 or 10) at *p, at most max; *p is left after its digits */
static bool
parse_number(const char **p, const char *end, int base, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *s = *p;

	for (; s < end && *s >= '0' && *s < '0' + base; s++) {
		v = v * (unsigned long)base + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	if (s == *p)
		return false;
	*p = s;
	*out = v;
	return true;
}

/*
 * A journal that is not one this code wrote (a repository can hold any file)
 * is refused whole, before anything is touched.
 */
int
ipl_dirtx_journal_parse(struct ipl_dirtx *tx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	const char *why;
	int line = 0;
	bool ended = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		unsigned long id, mode;
		const char *q;

		line++;
		if (!nl || ended)
			goto bad;
		if (line == 1) {
			if ((size_t)(eol - p) != strlen(JOURNAL_MAGIC) ||
			    memcmp(p, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)))
				goto bad;
		} else if (eol - p > 4 && !memcmp(p, "put ", 4)) {
			q = p + 4;
			if (!parse_number(&q, eol, 10, 1000000000UL, &id) || q == eol ||
			    *q++ != ' ' || !parse_number(&q, eol, 8, 0777, &mode) || q == eol ||
			    *q++ != ' ')
				goto bad;
			if ((why = ipl_path_check_relative(q, (size_t)(eol - q))))
				goto refused;
			op_add(tx, q, (size_t)(eol - q), (int)mode, (unsigned)id);
		} else if (eol - p > 4 && !memcmp(p, "del ", 4)) {
			q = p + 4;
			if ((why = ipl_path_check_relative(q, (size_t)(eol - q))))
				goto refused;
			op_add(tx, q, (size_t)(eol - q), -1, 0);
		} else if (eol - p > 4 && !memcmp(p, "end ", 4)) {
			q = p + 4;
			if (!parse_number(&q, eol, 10, (unsigned long)tx->nr, &id) || q != eol ||
			    id != tx->nr)
				goto bad;
			ended = true;
		} else {
			goto bad;
		}
		p = eol + 1;
	}
	if (ended)
		return 0;
bad:
	why = "not as infraplan writes a journal";
refused:
	errno = EINVAL;
	return fail(tx,
		    "%s/%s, line %d: %s; nothing was done (if no infraplan is running, "
		    "remove the file and run gen again)",
		    tx->dir, IPL_DIRTX_JOURNAL, line ? line : 1, why);
}

static int
cmp_dir_part(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = dir_len(x), ny = dir_len(y);
	int c = memcmp(x, y, nx < ny ? nx : ny);

	return c ? c : (nx > ny) - (nx < ny);
}

/*
 * fsyncs once each directory a file was renamed into or removed from, after
 * all of them: what makes them durable before the journal is removed (a
 * directory removed since is skipped; its parent was synced then).
 */
static void
sync_directories(struct ipl_dirtx *tx)
{
	const char **rels = ipl_xcalloc(tx->nr + 1, sizeof(*rels));
	size_t i, n = 0;

	for (i = 0; i < tx->nr; i++)
		rels[n++] = tx->ops[i].rel;
	qsort(rels, n, sizeof(*rels), cmp_dir_part);
	for (i = 0; i < n; i++) {
		const char *leaf;
		int dfd;

		if (i && !cmp_dir_part(&rels[i - 1], &rels[i]))
			continue;
		if ((dfd = open_parent(tx, rels[i], false, &leaf)) >= 0) {
			(void)fsync(dfd); /* some file systems refuse fsync on a directory */
			close(dfd);
		}
	}
	free(rels);
}

/* carries out tx->ops; staged files already moved (an earlier, interrupted try) are skipped */
static int
journal_apply(struct ipl_dirtx *tx)
{
	char name[16];
	size_t i;
	int rc = 0;

	for (i = 0; i < tx->nr; i++) {
		const struct ipl_dirtx_op *op = &tx->ops[i];
		const char *leaf;
		int dfd = open_parent(tx, op->rel, op->mode >= 0, &leaf);

		if (dfd == -2)
			continue; /* a removal in a directory that is gone */
		if (dfd < 0) {
			rc = -1;
			break;
		}
		if (op->mode >= 0) {
			snprintf(name, sizeof(name), "%u", op->id);
			if (tx->staging_fd < 0 || renameat(tx->staging_fd, name, dfd, leaf) < 0) {
				if (tx->staging_fd >= 0 && errno != ENOENT) {
					rc = fail(tx, "%s/%s: %s", tx->dir, op->rel,
						  strerror(errno));
					close(dfd);
					break;
				}
			}
		} else if (unlinkat(dfd, leaf, 0) < 0 && errno != ENOENT) {
			rc = fail(tx, "cannot remove %s/%s: %s", tx->dir, op->rel, strerror(errno));
			close(dfd);
			break;
		}
		close(dfd);
		if (op->mode < 0)
			remove_empty_parents(tx, op->rel);
	}
	if (rc == 0)
		sync_directories(tx);
	return rc;
}

/* the end of a transaction, committed or not: no journal, no staging left */
static int
clean_up(struct ipl_dirtx *tx)
{
	dir_cache_drop(tx);
	if (tx->staging_fd >= 0) {
		close(tx->staging_fd);
		tx->staging_fd = -1;
	}
	if ((unlinkat(tx->fd, IPL_DIRTX_JOURNAL, 0) < 0 && errno != ENOENT) ||
	    (unlinkat(tx->fd, JOURNAL_TMP, 0) < 0 && errno != ENOENT) ||
	    remove_tree(tx->fd, IPL_DIRTX_STAGING, 0) < 0)
		return fail(tx, "%s: cannot remove what an earlier gen left: %s", tx->dir,
			    strerror(errno));
	(void)fsync(tx->fd);
	return 0;
}

static int
recover(struct ipl_dirtx *tx)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct stat st;
	int fd = openat(tx->fd, IPL_DIRTX_JOURNAL, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 && errno != ENOENT)
		return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_JOURNAL,
			    errno == ELOOP ? "a symbolic link" : strerror(errno));
	if (fd >= 0) {
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return fail(tx, "%s/%s: not a regular file", tx->dir, IPL_DIRTX_JOURNAL);
		}
		if (ipl_buf_read_fd(&text, fd, 64u << 20) < 0) {
			ipl_buf_release(&text);
			return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_JOURNAL, strerror(errno));
		}
		rc = ipl_dirtx_journal_parse(tx, text.data, text.len);
		ipl_buf_release(&text);
		if (rc == 0) {
			tx->staging_fd = openat(tx->fd, IPL_DIRTX_STAGING,
						O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = journal_apply(tx);
		}
		ops_clear(tx);
		if (rc < 0)
			return -1;
		tx->recovered = true;
	} else if (faccessat(tx->fd, IPL_DIRTX_STAGING, F_OK, AT_SYMLINK_NOFOLLOW) == 0 ||
		   faccessat(tx->fd, JOURNAL_TMP, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		tx->recovered = true;
	} else {
		return 0;
	}
	return clean_up(tx);
}

/* ---- The transaction ---- */

int
ipl_dirtx_open(struct ipl_dirtx *tx, const char *dir, bool create)
{
	memset(tx, 0, sizeof(*tx));
	tx->dir = ipl_xstrdup(dir);
	tx->staging_fd = tx->dir_cache_fd = -1;
	tx->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tx->fd < 0 && errno == ENOENT && create) {
		/* made one component at a time, as mkdir -p does */
		char *p = ipl_xstrdup(dir), *s;
		for (s = p + 1;; s++) {
			if (*s == '/' || !*s) {
				char c = *s;
				*s = '\0';
				if (mkdir(p, 0755) < 0 && errno != EEXIST) {
					int e = errno;
					free(p);
					errno = e;
					return fail(tx, "cannot make %s: %s", dir, strerror(errno));
				}
				*s = c;
				if (!c)
					break;
			}
		}
		free(p);
		tx->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (tx->fd < 0) {
		if (errno == ENOENT && !create)
			return 0;
		return fail(tx, "%s: %s", dir, strerror(errno));
	}
	if (flock(tx->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return fail(tx,
				    "%s: another infraplan is writing this plan; try again when it "
				    "has finished",
				    dir);
		return fail(tx, "%s: cannot lock: %s", dir, strerror(errno));
	}
	return recover(tx);
}

/*
 * Syncs every staged file's data and metadata, and the staging directory:
 * what the journal will point to. On Linux that is one syncfs of the file
 * system holding the plan: an fsync per file waits for a journal commit of
 * its own on ext4 (10,000 fsyncs were 6 s of a 10,000-service gen; one
 * syncfs was 0.07 to 0.3 s). The price is that syncfs also writes what
 * other programs left dirty on that file system. Elsewhere, an fsync each.
 */
static int
sync_staged(struct ipl_dirtx *tx)
{
#ifdef __linux__
	if (tx->staging_fd >= 0 && syncfs(tx->staging_fd) < 0)
		return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_STAGING, strerror(errno));
	return 0;
#else
	char name[16];
	size_t i;

	if (tx->staging_fd < 0)
		return 0;
	for (i = 0; i < tx->nr; i++) {
		int fd;

		if (tx->ops[i].mode < 0)
			continue;
		snprintf(name, sizeof(name), "%u", tx->ops[i].id);
		fd = openat(tx->staging_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fsync(fd) < 0) {
			if (fd >= 0)
				ipl_close_keeping_errno(fd);
			return fail(tx, "%s/%s: %s", tx->dir, tx->ops[i].rel, strerror(errno));
		}
		close(fd);
	}
	if (fsync(tx->staging_fd) < 0 && errno != EINVAL)
		return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_STAGING, strerror(errno));
	return 0;
#endif
}

int
ipl_dirtx_put(struct ipl_dirtx *tx, const char *rel, const void *data, size_t len, int mode)
{
	char name[16];
	unsigned id = (unsigned)tx->nr + 1;
	int fd;

	if (tx->staging_fd < 0) {
		if (mkdirat(tx->fd, IPL_DIRTX_STAGING, 0700) < 0 ||
		    (tx->staging_fd = openat(tx->fd, IPL_DIRTX_STAGING,
					     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_STAGING, strerror(errno));
	}
	snprintf(name, sizeof(name), "%u", id);
	fd = openat(tx->staging_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return fail(tx, "%s/%s: %s", tx->dir, rel, strerror(errno));
	/* no fsync here: the commit syncs every staged file in one pass */
	if (fchmod(fd, (mode_t)mode) < 0 || ipl_write_fully(fd, data, len) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return fail(tx, "%s/%s: %s", tx->dir, rel, strerror(errno));
	}
	if (close(fd) < 0)
		return fail(tx, "%s/%s: %s", tx->dir, rel, strerror(errno));
	op_add(tx, rel, strlen(rel), mode, id);
	return 0;
}

void
ipl_dirtx_remove(struct ipl_dirtx *tx, const char *rel)
{
	op_add(tx, rel, strlen(rel), -1, 0);
}

int
ipl_dirtx_commit(struct ipl_dirtx *tx)
{
	struct ipl_buf j = IPL_BUF_INIT;
	int fd, rc;

	if (sync_staged(tx) < 0)
		return -1;
	journal_write(tx, &j);
	fd = openat(tx->fd, JOURNAL_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0)
		goto fail_journal;
	if (ipl_write_fully(fd, j.data, j.len) < 0 || fsync(fd) < 0) {
		close(fd);
		goto fail_journal;
	}
	if (close(fd) < 0)
		goto fail_journal;
	/* the commit point: from here on a later open finishes the transaction */
	if (renameat(tx->fd, JOURNAL_TMP, tx->fd, IPL_DIRTX_JOURNAL) < 0)
		goto fail_journal;
	(void)fsync(tx->fd);
	ipl_buf_release(&j);
	rc = journal_apply(tx);
	ops_clear(tx);
	if (rc < 0)
		return -1;
	return clean_up(tx);
fail_journal:
	ipl_buf_release(&j);
	return fail(tx, "%s/%s: %s", tx->dir, IPL_DIRTX_JOURNAL, strerror(errno));
}

void
ipl_dirtx_close(struct ipl_dirtx *tx)
{
	if (tx->fd >= 0) {
		/* staged and not committed: the old files stay as they were */
		if (tx->staging_fd >= 0 &&
		    faccessat(tx->fd, IPL_DIRTX_JOURNAL, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
			(void)clean_up(tx);
		if (tx->staging_fd >= 0)
			close(tx->staging_fd);
		close(tx->fd); /* and with it the lock */
	}
	dir_cache_drop(tx);
	ops_clear(tx);
	free(tx->dir);
	memset(tx, 0, sizeof(*tx));
	tx->fd = tx->staging_fd = tx->dir_cache_fd = -1;
}
