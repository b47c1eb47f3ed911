/*
 * markdown_check.h: assertions on GitHub-flavoured Markdown that the
 * Markdown tests (test_escape.c, test_markdown.c) share. They read the text
 * as cmark-gfm does where it matters for hostile strings: the table scanner
 * pairs a backslash with any ASCII punctuation (ext_scanners.re,
 * escaped_char), so only a pipe that is not so paired separates cells; a code
 * span ends at the next backtick run of its own length (CommonMark 6.1).
 * Included by one test file each; hence static functions.
 */
#ifndef IPL_TEST_MARKDOWN_CHECK_H
#define IPL_TEST_MARKDOWN_CHECK_H

#include "core/common.h"

#include <strings.h>

static inline bool
md_is_punct(char c)
{
	return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

/* the cells of one table row as GFM's table scanner counts them */
static inline size_t
md_columns(const char *line, size_t len)
{
	size_t i = 0, cells = 1;

	if (len && line[len - 1] == '|')
		len--;
	if (len && line[0] == '|')
		i = 1;
	for (; i < len; i++) {
		if (line[i] == '\\' && i + 1 < len && md_is_punct(line[i + 1]))
			i++;
		else if (line[i] == '|')
			cells++;
	}
	return cells;
}

/* the length of the run of c at p */
static inline size_t
md_run(const char *p, char c)
{
	size_t n = 0;

	while (p[n] == c)
		n++;
	return n;
}

/*
 * Fails unless every line of text is inert outside the markup we write
 * ourselves (the tags in allowed[]): code spans close on their line, and
 * outside them no unescaped [, ], < or raw "://" or "www." is left, so
 * nothing can become a link, an image, HTML or an autolink.
 */
static inline void
md_assert_inert(const char *text, const char *const *allowed, size_t allowed_nr)
{
	const char *p = text;

	while (*p) {
		size_t k, matched = 0;
		for (k = 0; k < allowed_nr; k++)
			if (!strncmp(p, allowed[k], strlen(allowed[k])))
				matched = strlen(allowed[k]);
		if (matched) {
			p += matched;
		} else if (*p == '\\' && md_is_punct(p[1])) {
			p += 2;
		} else if (*p == '`') {
			size_t n = md_run(p, '`');
			const char *q = p + n;
			for (;;) {
				if (!*q || *q == '\n')
					fail_msg("unbalanced code span at: %.60s", p);
				if (*q == '`') {
					size_t m = md_run(q, '`');
					if (m == n)
						break;
					q += m;
				} else {
					q++;
				}
			}
			p = q + n;
		} else if (*p == '[' || *p == ']' || *p == '<') {
			fail_msg("live '%c' at: %.60s", *p, p);
		} else if (!strncmp(p, "://", 3) || !strncasecmp(p, "www.", 4)) {
			fail_msg("live autolink at: %.60s", p);
		} else {
			p++;
		}
	}
}

/* fails unless every line of text that starts with '|' has `want` cells */
static inline void
md_assert_columns(const char *text, size_t want)
{
	const char *line = text;

	while (*line) {
		size_t len = strcspn(line, "\n");
		if (line[0] == '|' && md_columns(line, len) != want)
			fail_msg("%zu cells, expected %zu, in: %.*s", md_columns(line, len), want,
				 (int)len, line);
		line += len + (line[len] == '\n');
	}
}

#endif
