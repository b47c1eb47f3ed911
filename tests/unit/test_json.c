/*
 * test_json.c: the pieces every JSON document shares (core/json.h,
 * docs/json.md): schema_version first, money as a number and a decimal
 * string (Infracost's convention), warnings with null positions for a whole
 * file, every string escaped.
 */
#include "core/common.h"

#include <math.h>

#include <setjmp.h>
#include <cmocka.h>

#include "core/json.h"

static void
test_json_schema_version(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;

	(void)state;
	ipl_json_schema_version(&b);
	assert_string_equal(ipl_buf_str(&b), "\"schema_version\": 1");
	ipl_buf_release(&b);
}

static void
test_json_money(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;

	(void)state;
	ipl_json_money(&b, "monthly", 12.345);
	assert_string_equal(ipl_buf_str(&b), "\"monthly\": 12.35, \"monthly_decimal\": \"12.35\"");
	ipl_buf_reset(&b);
	ipl_json_money(&b, "delta", -0.001);
	assert_string_equal(ipl_buf_str(&b), "\"delta\": 0.00, \"delta_decimal\": \"0.00\"");
	ipl_buf_reset(&b);
	/* no figure: null both times, never the string "null" */
	ipl_json_money(&b, "m", INFINITY);
	assert_string_equal(ipl_buf_str(&b), "\"m\": null, \"m_decimal\": null");
	ipl_buf_release(&b);
}

static void
test_json_warnings(void **state)
{
	struct ipl_buf b = IPL_BUF_INIT;
	struct ipl_diags d;

	(void)state;
	ipl_diags_init(&d);
	ipl_json_warnings(&b, &d);
	assert_string_equal(ipl_buf_str(&b), "\"warnings\": []");
	ipl_buf_reset(&b);
	ipl_warning(&d, "a \"b\".yaml", (struct ipl_loc){ 3, 7 }, "price is %s", "old");
	ipl_error(&d, "x.yaml", (struct ipl_loc){ 1, 1 }, "not a warning");
	ipl_warning(&d, "x.yaml", (struct ipl_loc){ 0, 0 }, "whole file");
	/* diag.c names a diagnostic without a file after the program */
	ipl_warning(&d, NULL, (struct ipl_loc){ 0, 0 }, "no file");
	ipl_json_warnings(&b, &d);
	assert_string_equal(
		ipl_buf_str(&b),
		"\"warnings\": [\n"
		"    {\"file\": \"a \\\"b\\\".yaml\", \"line\": 3, \"column\": 7, \"message\": \"price is old\"},\n"
		"    {\"file\": \"x.yaml\", \"line\": null, \"column\": null, \"message\": \"whole file\"},\n"
		"    {\"file\": \"infraplan\", \"line\": null, \"column\": null, \"message\": \"no file\"}\n"
		"  ]");
	ipl_buf_reset(&b);
	ipl_json_diags(&b, "errors", &d, IPL_ERROR);
	assert_string_equal(
		ipl_buf_str(&b),
		"\"errors\": [\n"
		"    {\"file\": \"x.yaml\", \"line\": 1, \"column\": 1, \"message\": \"not a "
		"warning\"}\n"
		"  ]");
	ipl_buf_release(&b);
	ipl_diags_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_schema_version),
		cmocka_unit_test(test_json_money),
		cmocka_unit_test(test_json_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
