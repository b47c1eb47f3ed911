/*
 * test_escape.c: one escaping function per output format (core/escape.c).
 * Sources: HCL native syntax spec, "Template Literals" ($${ and %%{ are the
 * literal forms); YAML 1.1 "Escaped Characters" (\N \L \P are its NEL, LS and
 * PS, which PyYAML otherwise folds); systemd.service(5) "Command lines" ($$
 * is a literal $) and systemd.unit(5) "Specifiers" (%% is a literal %);
 * POSIX sh "Single-Quotes"; RFC 8259 section 7 (control characters);
 * GitHub Flavored Markdown spec 0.29 (4.10 tables: "\|" inside code spans;
 * 6.1 code spans; 6.9 extended autolinks) and cmark-gfm's table scanner.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/escape.h"

#include "markdown_check.h"

typedef void (*escape_fn)(struct ipl_buf *, const char *);

static void
check(escape_fn fn, const char *in, const char *want)
{
	struct ipl_buf b = IPL_BUF_INIT;

	fn(&b, in);
	assert_string_equal(ipl_buf_str(&b), want);
	ipl_buf_release(&b);
}

static void
test_hcl(void **state)
{
	(void)state;
	check(ipl_escape_hcl_string, "plain", "\"plain\"");
	/* interpolation and directives become literal text */
	check(ipl_escape_hcl_string, "${var.x}", "\"$${var.x}\"");
	check(ipl_escape_hcl_string, "%{ if x }", "\"%%{ if x }\"");
	/* a lone $ or % is already literal */
	check(ipl_escape_hcl_string, "5$ and 5%", "\"5$ and 5%\"");
	check(ipl_escape_hcl_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
	check(ipl_escape_hcl_string, "l1\nl2\tx\r", "\"l1\\nl2\\tx\\r\"");
	check(ipl_escape_hcl_string, "\x01", "\"\\u0001\"");
}

static void
test_yaml(void **state)
{
	(void)state;
	check(ipl_escape_yaml_string, "", "\"\"");
	/* the words YAML 1.1 would read as booleans or numbers stay strings */
	check(ipl_escape_yaml_string, "yes", "\"yes\"");
	check(ipl_escape_yaml_string, "0644", "\"0644\"");
	check(ipl_escape_yaml_string, "say \"hi\"", "\"say \\\"hi\\\"\"");
	check(ipl_escape_yaml_string, "a: b # c", "\"a: b # c\"");
	check(ipl_escape_yaml_string, "C:\\dir", "\"C:\\\\dir\"");
	check(ipl_escape_yaml_string, "one\ntwo\r\tx", "\"one\\ntwo\\r\\tx\"");
	check(ipl_escape_yaml_string, "\x1b[0m\x7f", "\"\\x1b[0m\\x7f\"");
	/* NEL, LS and PS: escaped, or a YAML 1.1 reader takes them for line breaks */
	check(ipl_escape_yaml_string,
	      "a\xc2\x85"
	      "b",
	      "\"a\\Nb\"");
	check(ipl_escape_yaml_string,
	      "a\xe2\x80\xa8"
	      "b\xe2\x80\xa9",
	      "\"a\\Lb\\P\"");
	/* other UTF-8 passes through */
	check(ipl_escape_yaml_string, "Kč 5 €", "\"Kč 5 €\"");
}

static void
test_systemd(void **state)
{
	(void)state;
	check(ipl_escape_systemd_value, "plain", "plain");
	/* % starts a specifier everywhere in a unit file */
	check(ipl_escape_systemd_value, "100%", "100%%");
	/* $ is literal in Environment= and expanded on command lines */
	check(ipl_escape_systemd_value, "$HOME", "$HOME");
	check(ipl_escape_systemd_exec, "$HOME", "$$HOME");
	check(ipl_escape_systemd_exec, "${X}%n", "$${X}%%n");
	/* a value with spaces or quotes is one quoted word */
	check(ipl_escape_systemd_value, "KEY=a b", "\"KEY=a b\"");
	check(ipl_escape_systemd_value, "say \"hi\"", "\"say \\\"hi\\\"\"");
	check(ipl_escape_systemd_value, "it's", "\"it's\"");
	check(ipl_escape_systemd_value, "a\\b", "\"a\\\\b\"");
	check(ipl_escape_systemd_exec, ";", "\";\"");
	check(ipl_escape_systemd_value, "", "\"\"");
	/* no raw line breaks: a unit file line would end there */
	check(ipl_escape_systemd_value, "a\nb", "a\\nb");
	check(ipl_escape_systemd_value, "a\x01", "a\\x01");
}

static void
test_shell(void **state)
{
	(void)state;
	check(ipl_escape_shell_word, "plain", "'plain'");
	check(ipl_escape_shell_word, "", "''");
	check(ipl_escape_shell_word, "it's", "'it'\\''s'");
	/* nothing expands inside single quotes */
	check(ipl_escape_shell_word, "$(rm -rf /) `x` \"$y\" *", "'$(rm -rf /) `x` \"$y\" *'");
	check(ipl_escape_shell_word, "a\nb", "'a\nb'");
}

static void
test_json(void **state)
{
	(void)state;
	check(ipl_escape_json_string, "plain", "\"plain\"");
	check(ipl_escape_json_string, "q\"b\\", "\"q\\\"b\\\\\"");
	check(ipl_escape_json_string, "\n\r\t", "\"\\n\\r\\t\"");
	/* RFC 8259: every control character escaped */
	check(ipl_escape_json_string, "\x01\x1f", "\"\\u0001\\u001f\"");
	check(ipl_escape_json_string, "\x7f", "\"\\u007f\"");
	check(ipl_escape_json_string, "€", "\"€\"");
}

/* man(7): a request is never started by the text, options keep their hyphens */
static void
test_roff(void **state)
{
	(void)state;
	check(ipl_escape_roff, "plain text", "plain text");
	check(ipl_escape_roff, "--format", "\\-\\-format");
	check(ipl_escape_roff, "a\\b", "a\\eb");
	check(ipl_escape_roff, ".TH x\n'br y", "\\&.TH x\n\\&'br y");
	check(ipl_escape_roff, "it's 1.5", "it's 1.5");
}

/* zsh _arguments descriptions, inside single quotes */
static void
test_zsh(void **state)
{
	(void)state;
	check(ipl_escape_zsh_description, "plain", "plain");
	check(ipl_escape_zsh_description, "the spec's [x]: y", "the spec'\\''s \\[x\\]\\: y");
	check(ipl_escape_zsh_description, "a\\b\nc", "a\\\\b c");
}

/* GFM text and code spans: each case is the input and the Markdown written */
struct markdown_case {
	const char *in;
	const char *want;
};

static void
test_markdown(void **state)
{
	static const struct markdown_case cases[] = {
		{ "plain text, 12.50 EUR", "plain text, 12.50 EUR" },
		{ "a|b", "a\\|b" },
		{ "l1\nl2\r", "l1 l2 " },
		{ "<script>", "&lt;script>" },
		/* links and images are text */
		{ "[x](https://evil.example)", "\\[x\\](https&#58;//evil.example)" },
		{ "![x](y.png)", "!\\[x\\](y.png)" },
		/* a backslash before a pipe: both escaped, so the pipe does not split the cell */
		{ "a\\|b", "a\\\\\\|b" },
		{ "`code` *em* _em_ ~~del~~ #1",
		  "\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\#1" },
		/* entities stay what was written; autolinks are broken by an entity for one character */
		{ "&#91;&amp;", "&amp;\\#91;&amp;amp;" },
		{ "see WWW.evil.example", "see WWW&#46;evil.example" },
		/* a list marker or a quote at the start of the text, as in "- NAME: ..." */
		{ "- x", "\\- x" },
		{ "> x", "\\> x" },
		{ "1. x", "1\\. x" },
		{ "a-b > c 1.5", "a-b > c 1.5" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(cases); i++)
		check(ipl_escape_markdown_cell, cases[i].in, cases[i].want);
}

struct markdown_code_case {
	const char *in;
	bool in_table;
	const char *want;
};

static void
test_markdown_code(void **state)
{
	static const struct markdown_code_case cases[] = {
		{ "chat/infraplan.yaml", false, "`chat/infraplan.yaml`" },
		{ "", false, "" },
		/* a fence longer than the longest backtick run inside, spaced off a backtick */
		{ "a`b", false, "``a`b``" },
		{ "a``b`", true, "``` a``b` ```" },
		{ "`", false, "`` ` ``" },
		/* spaces at the ends survive CommonMark's stripping of one on each side */
		{ " x ", false, "`  x  `" },
		{ "   ", false, "`   `" },
		/* nothing is markup inside a code span: no escapes, no links */
		{ "[x](https://e.example) *a*", false, "`[x](https://e.example) *a*`" },
		{ "a\nb", false, "`a b`" },
		/* pipes: escaped in a table cell only */
		{ "a|b", true, "`a\\|b`" },
		{ "a|b", false, "`a|b`" },
		{ "a\\\\|b", true, "`a\\\\\\|b`" },
		/* an odd run of backslashes before a pipe cannot be a code span in a table: text instead */
		{ "a\\|b", true, "a\\\\\\|b" },
		{ "a\\|b", false, "`a\\|b`" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(cases); i++) {
		struct ipl_buf b = IPL_BUF_INIT;
		ipl_escape_markdown_code(&b, cases[i].in, cases[i].in_table);
		assert_string_equal(ipl_buf_str(&b), cases[i].want);
		ipl_buf_release(&b);
	}
}

/* hostile strings: each as a table cell and as a code span, in a three-column row */
static void
test_markdown_hostile(void **state)
{
	static const char *const hostile[] = {
		"[x](https://evil.example)",
		"![x](https://evil.example/i.png)",
		"a`b",
		"``",
		"a\\|b",
		"a\\\\|b|c\\",
		"\\",
		"|",
		"<img src=x onerror=alert(1)>",
		"www.evil.example",
		"http://evil.example",
		"[x]: https://evil.example",
		"x\n| y | z |\n",
		"&#91;x&#93;(https&#58;//e)",
		"*a* _b_ ~~c~~",
		"\\`",
		"` `",
	};
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(hostile); i++) {
		struct ipl_buf b = IPL_BUF_INIT;
		ipl_buf_adds(&b, "| ");
		ipl_escape_markdown_cell(&b, hostile[i]);
		ipl_buf_adds(&b, " | ");
		ipl_escape_markdown_code(&b, hostile[i], true);
		ipl_buf_adds(&b, " | end |\n");
		md_assert_columns(ipl_buf_str(&b), 3);
		md_assert_inert(ipl_buf_str(&b), NULL, 0);
		ipl_buf_reset(&b);
		ipl_escape_markdown_code(&b, hostile[i], false);
		md_assert_inert(ipl_buf_str(&b), NULL, 0);
		ipl_buf_release(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hcl),           cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_systemd),       cmocka_unit_test(test_shell),
		cmocka_unit_test(test_json),          cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_code), cmocka_unit_test(test_markdown_hostile),
		cmocka_unit_test(test_roff),          cmocka_unit_test(test_zsh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
