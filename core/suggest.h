/*
 * suggest.h: "did you mean" for unknown keys, values and commands, by edit
 * distance (Levenshtein with transpositions).
 */
#ifndef IPL_SUGGEST_H
#define IPL_SUGGEST_H

#include "core/common.h"

/* the candidate closest to word, or NULL when none is close enough */
const char *ipl_suggest(const char *word, const char *const *candidates, size_t n);
size_t ipl_edit_distance(const char *a, const char *b);

#endif
