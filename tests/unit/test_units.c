/*
 * test_units.c: the quantities a spec writes as text (planners/units.c), as
 * docs/spec.md's table of value types defines them: CPU as cores or
 * millicores ("1000m = 1 core"); memory with Ki/Mi/Gi/Ti (powers of 1024) or
 * K/M/G/T/KB/MB/GB/TB (powers of 1000), a bare number refused; storage in GB
 * of 10^9 bytes "as providers bill it", a bare number being GB; fractions as
 * a number or a percentage; numbers plain decimal with 1e3 notation, "no
 * 0x, .inf or .nan".
 */
#include "core/common.h"

#include <math.h>

#include <setjmp.h>
#include <cmocka.h>

#include "planners/units.h"

typedef int (*unit_parser)(const char *, double *, const char **);

static void
check(unit_parser parse, const char *in, double want)
{
	const char *why = NULL;
	double got = -12345;

	if (parse(in, &got, &why) < 0)
		fail_msg("\"%s\" refused: %s", in, why);
	if (!(fabs(got - want) <= 1e-9 * (fabs(want) > 1 ? fabs(want) : 1)))
		fail_msg("\"%s\" is %.12g, expected %.12g", in, got, want);
}

static void
refused(unit_parser parse, const char *in, const char *why_want)
{
	const char *why = NULL;
	double got = -12345;

	if (parse(in, &got, &why) == 0)
		fail_msg("\"%s\" accepted as %.12g", in, got);
	assert_string_equal(why, why_want);
}

static void
test_cpu(void **state)
{
	static const char why[] = "expected CPU cores such as 0.25, 2 or 500m";

	(void)state;
	check(ipl_parse_cpu, "0.25", 250);
	check(ipl_parse_cpu, "2", 2000);
	check(ipl_parse_cpu, "500m", 500);
	check(ipl_parse_cpu, "1500m", 1500);
	check(ipl_parse_cpu, "1e3m", 1000);
	check(ipl_parse_cpu, "1.5", 1500);
	refused(ipl_parse_cpu, "", why);
	refused(ipl_parse_cpu, "m", why);
	refused(ipl_parse_cpu, "2k", why);
	refused(ipl_parse_cpu, "500M", why);
	refused(ipl_parse_cpu, "0x10", why);
	refused(ipl_parse_cpu, "1.5.2", why);
}

static void
test_memory(void **state)
{
	static const char why[] = "expected a memory size with a unit such as 512Mi, 2Gi or 1G";

	(void)state;
	check(ipl_parse_memory, "512Mi", 512);
	check(ipl_parse_memory, "2Gi", 2048);
	check(ipl_parse_memory, "1Ti", 1024 * 1024);
	check(ipl_parse_memory, "1024Ki", 1);
	check(ipl_parse_memory, "0.5Gi", 512);
	/* powers of 1000, in MiB: 1 G = 10^9 / 2^20 = 953.67431640625 */
	check(ipl_parse_memory, "1G", 953.67431640625);
	check(ipl_parse_memory, "1GB", 953.67431640625);
	check(ipl_parse_memory, "500M", 500e6 / 1048576);
	check(ipl_parse_memory, "2K", 2e3 / 1048576);
	check(ipl_parse_memory, "1TB", 1e12 / 1048576);
	/* a space before the unit is read as YAML users write it */
	check(ipl_parse_memory, "512 Mi", 512);
	/* a bare number would be a guess between bytes and MiB */
	refused(ipl_parse_memory, "512", why);
	refused(ipl_parse_memory, "512mi", why);
	refused(ipl_parse_memory, "512MiB", why);
	refused(ipl_parse_memory, "Gi", why);
	refused(ipl_parse_memory, "2Gi ", why);
}

static void
test_storage(void **state)
{
	static const char why[] =
		"expected a storage size such as 50, 100GB, 1TB or 20Gi (a bare number is GB)";

	(void)state;
	check(ipl_parse_storage, "100GB", 100);
	check(ipl_parse_storage, "1TB", 1000);
	check(ipl_parse_storage, "1T", 1000);
	check(ipl_parse_storage, "50", 50);
	check(ipl_parse_storage, "500M", 0.5);
	/* 20 GiB = 20 x 2^30 bytes = 21.47483648 GB */
	check(ipl_parse_storage, "20Gi", 21.47483648);
	check(ipl_parse_storage, "1Ti", 1099.511627776);
	check(ipl_parse_storage, "512Mi", 0.536870912);
	refused(ipl_parse_storage, "100gb", why);
	refused(ipl_parse_storage, "1PB", why);
	refused(ipl_parse_storage, "", why);
}

static void
test_fraction(void **state)
{
	static const char why[] = "expected a fraction such as 0.05 or a percentage such as 5%";

	(void)state;
	check(ipl_parse_fraction, "5%", 0.05);
	check(ipl_parse_fraction, "30%", 0.3);
	check(ipl_parse_fraction, "0.05", 0.05);
	check(ipl_parse_fraction, "-100%", -1);
	refused(ipl_parse_fraction, "5 percent", why);
	refused(ipl_parse_fraction, "%", why);
}

static void
test_number(void **state)
{
	static const char *const bad[] = {
		"",   "-",  "+",   ".",   "e3",  "1e",   "1e+",   "0x10",
		"1 ", " 1", "1,5", "inf", "nan", ".inf", "1e400", "1..2"
	};
	static const struct {
		const char *in;
		double want;
	} good[] = {
		{ "0", 0 },        { "42", 42 },    { "-2.5", -2.5 }, { "+1", 1 },
		{ "1.", 1 },       { ".5", 0.5 },   { "1e3", 1000 },  { "1E-2", 0.01 },
		{ "2.5e+2", 250 }, { "1e-400", 0 }, { "0.1", 0.1 },
	};
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < IPL_ARRAY_SIZE(good); i++) {
		v = -12345;
		if (ipl_parse_number(good[i].in, &v) < 0)
			fail_msg("\"%s\" refused", good[i].in);
		if (!(fabs(v - good[i].want) < 1e-12))
			fail_msg("\"%s\" is %.17g, expected %.17g", good[i].in, v, good[i].want);
	}
	for (i = 0; i < IPL_ARRAY_SIZE(bad); i++) {
		v = -12345;
		if (ipl_parse_number(bad[i], &v) == 0)
			fail_msg("\"%s\" accepted as %.17g", bad[i], v);
		/* nothing is written on a refusal */
		assert_true(v == -12345);
	}
}

/* the hints after a refusal name the slip: memory units are Kubernetes' (Gi, not GiB) */
static void
memory_hint(const char *in, const char *want)
{
	char hint[160];

	if (!want) {
		assert_int_equal(ipl_memory_hint(in, hint, sizeof(hint)), -1);
		return;
	}
	assert_int_equal(ipl_memory_hint(in, hint, sizeof(hint)), 0);
	assert_string_equal(hint, want);
}

static void
test_hints(void **state)
{
	char hint[160];

	(void)state;
	memory_hint("2GiB", "did you mean \"2Gi\"?");
	memory_hint("1.5 gib", "did you mean \"1.5Gi\"?");
	memory_hint("512mib", "did you mean \"512Mi\"?");
	memory_hint("4gb", "did you mean \"4GB\"?");
	memory_hint("512", "a bare number could be bytes or MiB: write \"512Mi\" for 512 MiB");
	memory_hint("8", "a bare number could be bytes or MiB: write \"8Gi\" for 8 GiB");
	memory_hint("12Zi", NULL);
	memory_hint("lots", NULL);
	memory_hint("2GiBs", NULL);
	/* cpu: a bare number of cores too many to be meant, in range as millicores */
	assert_int_equal(ipl_cpu_hint("1500", 256000, hint, sizeof(hint)), 0);
	assert_string_equal(hint, "did you mean \"1500m\" (1.5 cores)?");
	assert_int_equal(ipl_cpu_hint("1000000", 256000, hint, sizeof(hint)), -1);
	assert_int_equal(ipl_cpu_hint("200", 256000, hint, sizeof(hint)), -1);
	assert_int_equal(ipl_cpu_hint("1500m", 256000, hint, sizeof(hint)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu),     cmocka_unit_test(test_memory),
		cmocka_unit_test(test_storage), cmocka_unit_test(test_fraction),
		cmocka_unit_test(test_number),  cmocka_unit_test(test_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
