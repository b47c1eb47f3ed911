/*
 * test_aws_emit.c: the AWS module keeps the promises issue 4 and the ground
 * rules make: Spot 70/30 for stateless services and on demand for stateful
 * ones, a private and encrypted database, the billing alarm in us-east-1, no
 * secret value in any file, and every user string escaped for HCL.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "planners/cost.h"
#include "planners/generate.h"
#include "planners/plan.h"

static const char spec_text[] =
	"name: shop\nprovider: aws\ncurrency: USD\n"
	"settings: {spot_weight: 70, on_demand_base: 1}\n"
	"services:\n"
	"  - name: web\n    kind: app\n    image: x/web:1\n    port: 8080\n    public: true\n"
	"    min_replicas: 1\n    max_replicas: 3\n"
	"    env:\n      GREETING: 'x\"${file(\"/etc/passwd\")}%{ if true }'\n"
	"      API_TOKEN: {secret: api-token}\n"
	"  - {name: ledger, kind: worker, image: x/ledger:1, stateful: true}\n"
	"  - {name: db, kind: postgres, storage: 20GB}\n"
	"  - {name: cache, kind: redis}\n"
	"  - {name: jobs, kind: queue}\n"
	"  - {name: files, kind: object_storage, storage: 10GB}\n"
	"budget: {monthly: 100, currency: USD}\n";

static struct ipl_arena arena;
static struct ipl_diags diags;
static struct ipl_fileset fs;
static const char *main_tf;

static int
setup(void **state)
{
	struct ipl_spec *spec;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;
	struct ipl_cost *cost;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	ipl_fileset_init(&fs);
	if (ipl_spec_parse(&spec, "t.yaml", spec_text, strlen(spec_text), &arena, &diags) < 0 ||
	    ipl_catalog_load_embedded(&cat, &arena, &diags) < 0 ||
	    ipl_plan_build(&plan, spec, cat, NULL, &arena, &diags) < 0 ||
	    ipl_cost_estimate(&cost, plan, NULL, &arena, &diags) < 0 ||
	    ipl_generate(plan, cost, "t.yaml", false, &fs, &diags) < 0) {
		ipl_diags_print(&diags, stderr, IPL_NOTE);
		return -1;
	}
	main_tf = ipl_buf_str(&ipl_fileset_find(&fs, "terraform/main.tf")->content);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ipl_fileset_release(&fs);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return 0;
}

static void
test_spot_split(void **state)
{
	const char *web = strstr(main_tf, "resource \"aws_ecs_service\" \"web\"");
	const char *ledger = strstr(main_tf, "resource \"aws_ecs_service\" \"ledger\"");

	(void)state;
	assert_non_null(web);
	assert_non_null(ledger);
	assert_non_null(strstr(web, "capacity_provider = \"FARGATE\"\n    base              = 1\n"
				    "    weight            = 30"));
	assert_non_null(strstr(web, "capacity_provider = \"FARGATE_SPOT\"\n    weight            = 70"));
	/* the stateful worker's block ends before any Spot strategy */
	assert_true(strstr(ledger, "FARGATE_SPOT") == NULL ||
		    strstr(ledger, "FARGATE_SPOT") > strstr(ledger, "lifecycle"));
}

static void
test_database_private_and_encrypted(void **state)
{
	(void)state;
	assert_non_null(strstr(main_tf, "publicly_accessible         = false"));
	assert_non_null(strstr(main_tf, "storage_encrypted           = true"));
	assert_non_null(strstr(main_tf, "manage_master_user_password = true"));
	assert_null(strstr(main_tf, "password    ="));
	assert_non_null(strstr(main_tf, "block_public_policy     = true"));
	assert_non_null(strstr(main_tf, "sqs_managed_sse_enabled = true"));
}

static void
test_billing_alarm_in_us_east_1(void **state)
{
	const char *alarm = strstr(main_tf, "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");

	(void)state;
	assert_non_null(alarm);
	assert_non_null(strstr(alarm, "region              = \"us-east-1\""));
	assert_non_null(strstr(alarm, "EstimatedCharges"));
	assert_non_null(strstr(alarm, "threshold           = 100.00"));
}

static void
test_secrets_and_escaping(void **state)
{
	const char *vars = ipl_buf_str(&ipl_fileset_find(&fs, "terraform/variables.tf")->content);
	size_t i;

	(void)state;
	assert_non_null(strstr(vars, "variable \"api_token\""));
	assert_non_null(strstr(vars, "sensitive   = true"));
	assert_non_null(strstr(main_tf, "valueFrom = aws_ssm_parameter.api_token.arn"));
	/* the hostile value lands as a literal: ${ and %{ doubled, quotes escaped */
	assert_non_null(strstr(main_tf, "x\\\"$${file(\\\"/etc/passwd\\\")}%%{ if true }"));
	for (i = 0; i < fs.nr; i++)
		assert_null(strstr(ipl_buf_str(&fs.files[i].content), "${file(\"/etc/passwd\")}"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spot_split),
		cmocka_unit_test(test_database_private_and_encrypted),
		cmocka_unit_test(test_billing_alarm_in_us_east_1),
		cmocka_unit_test(test_secrets_and_escaping),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
