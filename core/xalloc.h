/*
 * xalloc.h: allocation wrappers that end the program on out-of-memory, as
 * tmux's xmalloc does, so no caller has to check. infraplan's inputs are
 * bounded (specs are capped in size), so running out of memory is a bug or a
 * broken machine, never a user error to recover from.
 */
#ifndef IPL_XALLOC_H
#define IPL_XALLOC_H

#include "core/common.h"

void *ipl_xmalloc(size_t size);
void *ipl_xcalloc(size_t nmemb, size_t size);
void *ipl_xrealloc(void *ptr, size_t size);
/* grows an array of `*alloc` elements of `elem` bytes to hold at least `need` */
void *ipl_xgrow(void *ptr, size_t elem, size_t need, size_t *alloc);
char *ipl_xstrdup(const char *s);
char *ipl_xstrndup(const char *s, size_t n);

#endif
