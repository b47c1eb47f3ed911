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

#endif
