/* suggest.c: see suggest.h. */
#include "core/common.h"

#include <ctype.h>

#include "core/suggest.h"
#include "core/xalloc.h"

size_t
ipl_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, r;
	size_t *prev2, *prev, *cur, *t;

	if (la > 256 || lb > 256)
		return SIZE_MAX;
	prev2 = ipl_xcalloc(lb + 1, sizeof(size_t));
	prev = ipl_xcalloc(lb + 1, sizeof(size_t));
	cur = ipl_xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int same = tolower((unsigned char)a[i - 1]) ==
				   tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (same ? 0 : 1);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	r = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return r;
}

const char *
ipl_suggest(const char *word, const char *const *candidates, size_t n)
{
	size_t i, best_d = SIZE_MAX, len = strlen(word), limit;
	const char *best = NULL;

	/* short words tolerate one edit, longer ones a third of their length */
	limit = len < 4 ? 1 : len / 3 + 1;
	for (i = 0; i < n; i++) {
		size_t lc = strlen(candidates[i]), d;
		/* the distance is at least the difference in length: skip the far ones cheaply */
		if ((lc > len ? lc - len : len - lc) > limit)
			continue;
		d = ipl_edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}
