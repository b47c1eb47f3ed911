/*
 * test_textdiff.c: the unified diff `infraplan check` shows (core/textdiff.h):
 * the hunks GNU diff -u prints for the same texts (3 lines of context, a count
 * of 1 unsaid, an empty side naming the line before it, a missing final
 * newline said), and the line counts of --stat.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/textdiff.h"

static struct ipl_textdiff_stat
diff(struct ipl_buf *out, const char *a, const char *b)
{
	ipl_buf_reset(out);
	return ipl_textdiff_unified(out, "a", a, strlen(a), "b", b, strlen(b));
}

static void
test_textdiff_equal(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_textdiff_stat st;

	(void)state;
	st = diff(&out, "x\ny\n", "x\ny\n");
	assert_int_equal(st.added + st.removed, 0);
	assert_string_equal(ipl_buf_str(&out), "");
	ipl_buf_release(&out);
}

static void
test_textdiff_hunks(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_textdiff_stat st;

	(void)state;
	/* one changed line in the middle: 3 lines of context each side */
	st = diff(&out, "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");
	assert_int_equal(st.added, 1);
	assert_int_equal(st.removed, 1);
	assert_string_equal(ipl_buf_str(&out),
			    "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	/* into an empty text, and two changes far apart make two hunks */
	diff(&out, "", "new\n");
	assert_string_equal(ipl_buf_str(&out), "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
	diff(&out, "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n");
	assert_string_equal(ipl_buf_str(&out), "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n "
					       "3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n");
	/* a last line without its newline */
	diff(&out, "x\ny", "x\ny\n");
	assert_string_equal(ipl_buf_str(&out),
			    "--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline "
			    "at end of file\n+y\n");
	ipl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textdiff_equal),
		cmocka_unit_test(test_textdiff_hunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
