/*
 * textdiff.h: a unified diff of two texts, line by line (diff -u, 3 lines of
 * context), for `infraplan check` to show how a committed file differs from
 * what gen writes now. Shortest edit by longest common subsequence on the
 * lines between the common head and tail; past a size where that table would
 * be large the middle is shown as removed, then added (still a correct diff,
 * only not the shortest).
 */
#ifndef IPL_TEXTDIFF_H
#define IPL_TEXTDIFF_H

#include "core/common.h"
#include "core/buf.h"

struct ipl_textdiff_stat {
	size_t added, removed; /* lines */
};

/*
 * Appends "--- A_LABEL\n+++ B_LABEL\n" and the hunks turning a into b to out
 * (nothing when they are equal); out may be NULL to count only. Returns the
 * lines added and removed.
 */
struct ipl_textdiff_stat ipl_textdiff_unified(struct ipl_buf *out, const char *a_label,
					      const char *a, size_t a_len, const char *b_label,
					      const char *b, size_t b_len);

#endif
