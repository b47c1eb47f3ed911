/*
 * dirtx.h: changing a directory's files all at once, so that a reader (or a
 * run killed at any moment) sees the old set of files or the new one, never a
 * mix. `infraplan gen` writes a plan through it; `check` opens plans through it
 * so that an interrupted gen is finished before anything is compared.
 *
 * How: every new file is first written under DIR/.infraplan-staging/,
 * without an fsync; the commit syncs the staged files in one pass (one
 * syncfs of their file system on Linux, elsewhere an fsync each), then
 * writes a journal naming every file to put and to remove and renames it to
 * DIR/.infraplan-journal. That rename, made durable by an fsync of DIR, is
 * the commit point. The files are then renamed into place, each directory
 * they went to is fsync'ed once, and the journal is removed. A write set thus
 * waits for the disk a few times, not once per file.
 * Whoever opens the directory next finishes a journal it finds (roll forward)
 * or, without one, removes the staging directory (roll back). An exclusive
 * lock (flock on the directory) keeps two writers apart.
 *
 * Paths are relative to the directory and are never followed through a
 * symbolic link: every directory on the way is opened with O_NOFOLLOW, so a
 * link such as `plan/terraform -> ../outside` is refused rather than written
 * through. A link in the last place is a file of its own: it is replaced, not
 * written through.
 */
#ifndef IPL_DIRTX_H
#define IPL_DIRTX_H

#include "core/common.h"
#include "core/buf.h"

#define IPL_DIRTX_JOURNAL ".infraplan-journal"
#define IPL_DIRTX_STAGING ".infraplan-staging"

struct ipl_dirtx_op {
	char *rel;
	int mode;    /* the new file's mode; -1 for a removal */
	unsigned id; /* its name under the staging directory */
};

struct ipl_dirtx {
	char *dir;      /* as given, for messages */
	int fd;         /* the directory, locked while open; -1 when closed */
	int staging_fd; /* the staging directory, made by the first put; else -1 */
	struct ipl_dirtx_op *ops;
	size_t nr, alloc;
	bool recovered; /* opening finished or undid an interrupted transaction */
	/*
	 * The directory of the last path walked (a plan's files come sorted, so
	 * the next one is most often in the same directory): valid when
	 * dir_cache is set, dropped before any directory is removed.
	 */
	char *dir_cache;
	int dir_cache_fd;
	char error[256]; /* what failed, when a call returns -1 */
};

/*
 * Opens dir (made with its parents when create is set; when it is absent and
 * create is not, *tx is opened on nothing and reads find no file), locks it,
 * and finishes or undoes what an interrupted transaction left there. Returns
 * 0, or -1 with tx->error set; errno is EWOULDBLOCK when another process holds
 * the lock. Always pair with ipl_dirtx_close.
 */
int ipl_dirtx_open(struct ipl_dirtx *tx, const char *dir, bool create);

/*
 * Reads rel without following a symbolic link anywhere on the way: 1 read, 0
 * absent, -1 with errno (ELOOP: rel or a directory on the way is a symbolic
 * link; EINVAL: not a regular file) and tx->error set.
 */
int ipl_dirtx_read(struct ipl_dirtx *tx, const char *rel, struct ipl_buf *out, size_t max);
/* the same, with the file's permission bits in *mode when it was read */
int ipl_dirtx_read_mode(struct ipl_dirtx *tx, const char *rel, struct ipl_buf *out, size_t max,
			int *mode);

/*
 * Is every directory on the way to rel a directory (or absent), none a
 * symbolic link? 0, or -1 with tx->error naming the one that is not.
 */
int ipl_dirtx_check_path(struct ipl_dirtx *tx, const char *rel);

/*
 * Removes the temporary files ("REL.tmp-XXXXXX") that the writer before
 * journals left beside the files rels names when it was killed. rels are
 * sorted, so that each directory is read once.
 */
void ipl_dirtx_remove_temporaries(struct ipl_dirtx *tx, char *const *rels, size_t n);

/* writes data to the staging directory as rel's next content; 0 or -1 (tx->error) */
int ipl_dirtx_put(struct ipl_dirtx *tx, const char *rel, const void *data, size_t len, int mode);
/* rel is to be removed when the transaction commits */
void ipl_dirtx_remove(struct ipl_dirtx *tx, const char *rel);

/*
 * Makes the transaction durable (the journal), then puts every staged file in
 * place and removes the files to remove, with the directories that leaves
 * empty. Returns 0, or -1 with tx->error; once the journal is written a later
 * open finishes what a failure here left undone.
 */
int ipl_dirtx_commit(struct ipl_dirtx *tx);

/* undoes what was staged and not committed, unlocks and frees */
void ipl_dirtx_close(struct ipl_dirtx *tx);

/*
 * Reads a journal's text into tx->ops, as opening a directory does with the
 * journal it finds there, and touches no file: 0, or -1 with tx->error (errno
 * EINVAL) and ops possibly half read. Exported for the fuzzer
 * (tests/fuzz/fuzz_journal.c); tx needs only dir set and fd -1, and
 * ipl_dirtx_close frees what this adds.
 */
int ipl_dirtx_journal_parse(struct ipl_dirtx *tx, const char *text, size_t len);

#endif
