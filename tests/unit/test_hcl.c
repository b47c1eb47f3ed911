/*
 * test_hcl.c: the HCL writer (providers/hcl.c) writes what `terraform fmt`
 * would leave unchanged: two-space indents per block, the '=' of
 * consecutive one-line attributes aligned to the run's widest key, a run
 * ended by a nested block or a blank line (terraform fmt, "Alignment of
 * equals signs"; HCL native syntax spec, "Attribute Definitions"). String
 * values go through the one HCL escape (core/escape.c, tested by
 * test_escape.c): here, that the writer uses it, in attributes and in
 * template text ("$${" and "%%{" are the literal forms, HCL spec "Template
 * Literals").
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "providers/hcl.h"

static void
test_block_and_alignment(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;

	(void)state;
	ipl_hcl_init(&h, &out);
	ipl_hcl_open(&h, "resource \"hcloud_server\" \"%s\"", "app");
	ipl_hcl_str(&h, "name", "app");
	ipl_hcl_str(&h, "server_type", "cx23");
	ipl_hcl_expr(&h, "count", "%d", 2);
	ipl_hcl_blank(&h);
	/* a new run after the blank line: aligned on its own */
	ipl_hcl_expr(&h, "ssh_keys", "[hcloud_ssh_key.admin.id]");
	ipl_hcl_open(&h, "public_net");
	ipl_hcl_expr(&h, "ipv4_enabled", "true");
	ipl_hcl_expr(&h, "ipv6", "false");
	ipl_hcl_close(&h);
	ipl_hcl_close(&h);
	assert_string_equal(ipl_buf_str(&out), "resource \"hcloud_server\" \"app\" {\n"
					       "  name        = \"app\"\n"
					       "  server_type = \"cx23\"\n"
					       "  count       = 2\n"
					       "\n"
					       "  ssh_keys = [hcloud_ssh_key.admin.id]\n"
					       "  public_net {\n"
					       "    ipv4_enabled = true\n"
					       "    ipv6         = false\n"
					       "  }\n"
					       "}\n");
	assert_int_equal(h.depth, 0);
	ipl_buf_release(&out);
}

/* a nested block ends the run before it: the attributes after it align apart */
static void
test_nested_block_ends_the_run(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;

	(void)state;
	ipl_hcl_init(&h, &out);
	ipl_hcl_open(&h, "a");
	ipl_hcl_expr(&h, "x", "1");
	ipl_hcl_open(&h, "b");
	ipl_hcl_close(&h);
	ipl_hcl_expr(&h, "longer", "2");
	ipl_hcl_expr(&h, "y", "3");
	ipl_hcl_close(&h);
	assert_string_equal(ipl_buf_str(&out), "a {\n"
					       "  x = 1\n"
					       "  b {\n"
					       "  }\n"
					       "  longer = 2\n"
					       "  y      = 3\n"
					       "}\n");
	ipl_buf_release(&out);
}

/* user text in a string value is escaped: no interpolation, directive, quote or line break */
static void
test_values_escaped(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;

	(void)state;
	ipl_hcl_init(&h, &out);
	ipl_hcl_open(&h, "locals");
	ipl_hcl_str(&h, "v", "${var.x} %{ if y } \"q\" a\\b\nline2");
	ipl_hcl_close(&h);
	assert_string_equal(ipl_buf_str(&out),
			    "locals {\n"
			    "  v = \"$${var.x} %%{ if y } \\\"q\\\" a\\\\b\\nline2\"\n"
			    "}\n");
	ipl_buf_release(&out);
}

/* template text: the escaped string without its quotes, for the emitter's own "${...}" */
static void
test_template_text(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;

	(void)state;
	ipl_buf_adds(&b, "\"${path.module}/");
	ipl_hcl_template_text(&b, "a${b}\"c");
	ipl_buf_adds(&b, "\"");
	assert_string_equal(ipl_buf_str(&b), "\"${path.module}/a$${b}\\\"c\"");
	ipl_buf_reset(&b);
	ipl_hcl_template_text(&b, "");
	assert_string_equal(ipl_buf_str(&b), "");
	ipl_buf_release(&b);
}

/* raw lines open and close nested values at the right depth; comments keep their lines */
static void
test_raw_lines_and_comments(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;

	(void)state;
	ipl_hcl_init(&h, &out);
	ipl_hcl_comment(&h, "two lines\nof comment");
	ipl_hcl_open(&h, "resource \"x\" \"y\"");
	ipl_hcl_open_raw(&h, "options = [");
	ipl_hcl_line(&h, "\"a\",");
	ipl_hcl_line(&h, "\"b\"");
	ipl_hcl_close_raw(&h, "]");
	ipl_hcl_open_raw(&h, "tags = {");
	ipl_hcl_str(&h, "env", "prod");
	ipl_hcl_str(&h, "team_name", "ops");
	ipl_hcl_close_raw(&h, "}");
	ipl_hcl_close(&h);
	assert_string_equal(ipl_buf_str(&out), "# two lines\n"
					       "# of comment\n"
					       "resource \"x\" \"y\" {\n"
					       "  options = [\n"
					       "    \"a\",\n"
					       "    \"b\"\n"
					       "  ]\n"
					       "  tags = {\n"
					       "    env       = \"prod\"\n"
					       "    team_name = \"ops\"\n"
					       "  }\n"
					       "}\n");
	ipl_buf_release(&out);
}

/*
 * a long run (40 attributes) writes every attribute, in order, aligned as
 * one run the way terraform fmt aligns it: k0 is padded to the width of the
 * 36th key, "long_attribute_name" (a writer that held 32 at a time did not)
 */
static void
test_long_run_keeps_every_attribute(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;
	char key[32], want[32];
	const char *p;
	int i;

	(void)state;
	ipl_hcl_init(&h, &out);
	ipl_hcl_open(&h, "locals");
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), i == 35 ? "long_attribute_name" : "k%d", i);
		ipl_hcl_expr(&h, key, "%d", i);
	}
	ipl_hcl_close(&h);
	p = ipl_buf_str(&out);
	for (i = 0; i < 40; i++) {
		snprintf(want, sizeof(want), i == 35 ? "  long_attribute_name " : "  k%d ", i);
		p = strstr(p, want);
		if (!p)
			fail_msg("attribute k%d missing or out of order", i);
	}
	assert_non_null(strstr(ipl_buf_str(&out), "locals {\n  k0                  = 0\n"));
	assert_non_null(strstr(ipl_buf_str(&out), "  k39                 = 39\n}\n"));
	ipl_buf_release(&out);
}

static void
test_versions_and_sensitive_variable(void **state)
{
	struct ipl_buf out = IPL_BUF_INIT;
	struct ipl_hcl h;

	(void)state;
	ipl_hcl_versions_tf(&out, "hcloud", "hetznercloud/hcloud", "~> 1.49");
	assert_string_equal(ipl_buf_str(&out), "terraform {\n"
					       "  required_version = \">= 1.5\"\n"
					       "\n"
					       "  required_providers {\n"
					       "    hcloud = {\n"
					       "      source  = \"hetznercloud/hcloud\"\n"
					       "      version = \"~> 1.49\"\n"
					       "    }\n"
					       "  }\n"
					       "}\n");
	ipl_buf_reset(&out);
	ipl_hcl_init(&h, &out);
	ipl_hcl_sensitive_variable(&h, "hcloud_token", "API token");
	assert_string_equal(ipl_buf_str(&out), "variable \"hcloud_token\" {\n"
					       "  description = \"API token\"\n"
					       "  type        = string\n"
					       "  sensitive   = true\n"
					       "}\n");
	ipl_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_and_alignment),
		cmocka_unit_test(test_nested_block_ends_the_run),
		cmocka_unit_test(test_values_escaped),
		cmocka_unit_test(test_template_text),
		cmocka_unit_test(test_raw_lines_and_comments),
		cmocka_unit_test(test_long_run_keeps_every_attribute),
		cmocka_unit_test(test_versions_and_sensitive_variable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
