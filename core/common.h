/*
 * common.h: the first include of every infraplan source file. It pulls in the
 * standard and POSIX headers any infraplan file uses and then banned.h, which
 * must come after every system header, as in git's git-compat-util.h: a
 * header read after it would have its declaration of a banned function
 * rewritten into one of the banned name, and a call would compile and fail
 * only at link time. Including one of these again later is a no-op.
 */
#ifndef IPL_COMMON_H
#define IPL_COMMON_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/banned.h"

#define IPL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define IPL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define IPL_NORETURN __attribute__((noreturn))
#else
#define IPL_PRINTF(f, a)
#define IPL_NORETURN
#endif

#endif
