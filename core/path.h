/*
 * path.h: file names as the user gave them, made absolute without touching
 * the file system (a plan directory may not exist yet).
 */
#ifndef IPL_PATH_H
#define IPL_PATH_H

/*
 * path made absolute against the current directory, with "." and ".."
 * resolved and repeated '/' removed, lexically: symbolic links are not
 * followed. Never empty ("/" at the least); the caller frees it.
 */
char *ipl_path_absolute(const char *path);

/* the longest relative path infraplan accepts from a file it reads */
#define IPL_PATH_MAX 4096

/*
 * Is rel (len bytes, not NUL-terminated) a plain relative path that stays
 * inside the directory it is relative to: not empty, not absolute, no NUL or
 * control byte, no empty, "." or ".." component? NULL when it is, else what
 * is wrong, for a message. Paths read from a repository (a manifest, a
 * journal) are checked with this before anything touches them.
 */
const char *ipl_path_check_relative(const char *rel, size_t len);

/*
 * path resolved on the file system (symbolic links followed) when it is a
 * regular file inside root (also resolved) and not in root's .git directory;
 * the caller frees it. Else NULL with *why saying what is wrong. Specs named
 * by a repository's files are opened only through this.
 */
char *ipl_path_resolve_inside(const char *root, const char *path, const char **why);

#endif
