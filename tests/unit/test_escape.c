/*
 * test_escape.c: one escaping function per output format (core/escape.c).
 * Sources: HCL native syntax spec, "Template Literals" ($${ and %%{ are the
 * literal forms); YAML 1.1 "Escaped Characters" (\N \L \P are its NEL, LS and
 * PS, which PyYAML otherwise folds); systemd.service(5) "Command lines" ($$
 * is a literal $) and systemd.unit(5) "Specifiers" (%% is a literal %);
 * POSIX sh "Single-Quotes"; RFC 8259 section 7 (control characters).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/escape.h"

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
	check(ipl_escape_yaml_string, "a\xc2\x85" "b", "\"a\\Nb\"");
	check(ipl_escape_yaml_string, "a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\Lb\\P\"");
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

static void
test_markdown(void **state)
{
	(void)state;
	check(ipl_escape_markdown_cell, "a|b", "a\\|b");
	check(ipl_escape_markdown_cell, "l1\nl2\r", "l1 l2 ");
	check(ipl_escape_markdown_cell, "<script>", "&lt;script>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hcl),
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_systemd),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_markdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
