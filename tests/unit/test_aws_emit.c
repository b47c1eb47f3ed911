/*
 * test_aws_emit.c: the AWS module (providers/aws.c) keeps the promises seed
 * 003 and the ground rules make: Spot 70/30 for stateless services and on
 * demand for stateful ones, a private and encrypted database, the billing
 * alarm and its topic in us-east-1 (tfref.md 1.5: billing data lives there),
 * databases and caches that leave a final snapshot when destroyed, no
 * secret value in any file, every user string escaped for HCL, one
 * listener shared by the public services, task roles limited to the queues
 * and buckets a service depends on, and AWS's name limits. The files are then
 * checked with `terraform fmt -check` when terraform is installed (skipped,
 * not passed, without it).
 *
 * Plans are built from spec text through the real planner, as a user's would.
 * KEEP_TERRAFORM=1 keeps the scratch directory of the fmt check.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/wait.h>

#include "catalog/catalog.h"
#include "core/atomic.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "providers/emit.h"

static const char spec_shop[] =
	"name: shop\nprovider: aws\ncurrency: USD\n"
	"settings: {spot_weight: 70, on_demand_base: 1}\n"
	"services:\n"
	"  - name: web\n    kind: app\n    image: 'x/web:1${y}'\n    port: 8080\n    public: true\n"
	"    health_path: /health\n    min_replicas: 1\n    max_replicas: 3\n"
	"    depends_on: [jobs, files]\n"
	"    env:\n      GREETING: 'x\"${file(\"/etc/passwd\")}%{ if true }'\n"
	"      API_TOKEN: {secret: api-token}\n"
	"  - {name: admin, kind: app, image: x/admin:1, port: 9090, public: true}\n"
	"  - {name: ledger, kind: worker, image: x/ledger:1, stateful: true, depends_on: [db]}\n"
	"  - name: internal\n    kind: app\n    image: x/internal:1\n    port: 7000\n"
	"    health_path: \"/h'${x}\"\n"
	"  - {name: db, kind: postgres, storage: 20GB}\n"
	"  - {name: cache, kind: redis}\n"
	"  - {name: jobs, kind: queue}\n"
	"  - {name: files, kind: object_storage, storage: 10GB}\n"
	"budget: {monthly: 100, currency: USD}\n";

#define TASK_DEFINITION "resource \"aws_ecs_task_definition\" "

struct fixture {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_fileset fs;
	int rc; /* what the emitter returned */
};

static struct fixture shop;

/* parses, plans and emits spec; asserts that parsing and planning succeed */
static void
build(struct fixture *f, const char *spec_text)
{
	struct ipl_spec *spec;
	struct ipl_catalog *cat;
	struct ipl_plan *plan;

	ipl_arena_init(&f->arena);
	ipl_diags_init(&f->diags);
	ipl_fileset_init(&f->fs);
	if (ipl_spec_parse(&spec, "t.yaml", spec_text, strlen(spec_text), &f->arena, &f->diags) <
		    0 ||
	    ipl_catalog_load_embedded(&cat, &f->arena, &f->diags) < 0 ||
	    ipl_plan_build(&plan, spec, cat, NULL, &f->arena, &f->diags) < 0) {
		ipl_diags_print(&f->diags, stderr, IPL_NOTE);
		fail_msg("the spec did not plan");
	}
	f->rc = ipl_aws_emit_terraform(plan, &f->fs, &f->diags);
}

static void
release(struct fixture *f)
{
	ipl_fileset_release(&f->fs);
	ipl_diags_release(&f->diags);
	ipl_arena_release(&f->arena);
}

static const char *
file_text(const struct fixture *f, const char *path)
{
	const struct ipl_file *file = ipl_fileset_find(&f->fs, path);

	if (!file)
		fail_msg("no %s", path);
	return ipl_buf_str(&file->content);
}

/* the text of one top-level block, from its header to its closing brace */
static char *
block(const struct fixture *f, const char *path, const char *header)
{
	const char *text = file_text(f, path), *start = strstr(text, header), *end;

	if (!start)
		fail_msg("no %s in %s", header, path);
	end = strstr(start, "\n}\n");
	assert_non_null(end);
	return strndup(start, (size_t)(end - start) + 3);
}

static size_t
count(const char *text, const char *needle)
{
	size_t n = 0;

	for (; (text = strstr(text, needle)); text += strlen(needle))
		n++;
	return n;
}

static int
setup(void **state)
{
	(void)state;
	build(&shop, spec_shop);
	return shop.rc;
}

static int
teardown(void **state)
{
	(void)state;
	release(&shop);
	return 0;
}

/* 003: "70% spot, 30% on-demand"; a stateful worker is never interrupted */
static void
test_spot_split(void **state)
{
	char *web = block(&shop, "terraform/main.tf", "resource \"aws_ecs_service\" \"web\"");
	char *ledger = block(&shop, "terraform/main.tf", "resource \"aws_ecs_service\" \"ledger\"");

	(void)state;
	assert_non_null(strstr(web, "capacity_provider = \"FARGATE\"\n    base              = 1\n"
				    "    weight            = 30"));
	assert_non_null(strstr(web, "capacity_provider = \"FARGATE_SPOT\"\n"
				    "    weight            = 70"));
	assert_non_null(strstr(ledger, "capacity_provider = \"FARGATE\"\n"
				       "    weight            = 1"));
	assert_null(strstr(ledger, "FARGATE_SPOT"));
	assert_null(strstr(ledger, "base"));
	/* the autoscaled service leaves its count to the autoscaler, a fixed one does not */
	assert_non_null(strstr(web, "ignore_changes = [desired_count]"));
	assert_null(strstr(ledger, "ignore_changes"));
	assert_non_null(strstr(web, "assign_public_ip = true"));
	free(web);
	free(ledger);
}

static void
test_database_private_and_encrypted(void **state)
{
	char *db = block(&shop, "terraform/main.tf", "resource \"aws_db_instance\" \"db\"");
	char *ingress = block(&shop, "terraform/main.tf",
			      "resource \"aws_vpc_security_group_ingress_rule\" "
			      "\"db_db_from_ledger\"");
	const char *main_tf = file_text(&shop, "terraform/main.tf");

	(void)state;
	assert_non_null(strstr(db, "publicly_accessible         = false"));
	assert_non_null(strstr(db, "storage_encrypted           = true"));
	assert_non_null(strstr(db, "manage_master_user_password = true"));
	assert_non_null(strstr(db, "subnet_group_name        = aws_db_subnet_group.db.name"));
	assert_null(strstr(db, "password    ="));
	/* reachable from the group of the one service that depends on it only */
	assert_non_null(strstr(ingress, "referenced_security_group_id = "
					"aws_security_group.client_ledger.id"));
	assert_null(strstr(ingress, "0.0.0.0/0"));
	assert_null(strstr(main_tf, "\"db_db_from_services\""));
	assert_null(strstr(main_tf, "\"db_db_from_web\""));
	/* nothing depends on the cache: its group admits nobody */
	assert_null(strstr(main_tf, "\"cache_cache_from_"));
	assert_non_null(strstr(main_tf, "resource \"aws_security_group\" \"client_ledger\""));
	assert_null(strstr(main_tf, "resource \"aws_security_group\" \"client_web\""));
	assert_non_null(strstr(main_tf, "security_groups  = [aws_security_group.services.id, "
					"aws_security_group.client_ledger.id]"));
	assert_non_null(strstr(main_tf, "block_public_policy     = true"));
	assert_non_null(strstr(main_tf, "sqs_managed_sse_enabled = true"));
	/* never a NAT gateway unless settings.nat_gateway asks */
	assert_null(strstr(main_tf, "aws_nat_gateway"));
	free(db);
	free(ingress);
}

/*
 * Data survives a destroy: RDS refuses deletion and leaves a final snapshot,
 * the Redis cluster leaves one too (final_snapshot_identifier: Redis only),
 * and S3 buckets keep force_destroy at its default (false: a bucket with
 * objects is not deleted). Nothing applies immediately: a change that
 * restarts the database waits for the maintenance window.
 */
static void
test_data_survives_destroy(void **state)
{
	char *db = block(&shop, "terraform/main.tf", "resource \"aws_db_instance\" \"db\"");
	char *cache = block(&shop, "terraform/main.tf",
			    "resource \"aws_elasticache_replication_group\" \"cache\"");
	char *bucket = block(&shop, "terraform/main.tf", "resource \"aws_s3_bucket\" \"files\"");
	size_t i;

	(void)state;
	assert_non_null(strstr(db, "deletion_protection         = true\n"));
	assert_non_null(strstr(db, "skip_final_snapshot         = false\n"));
	assert_non_null(strstr(db, "final_snapshot_identifier   = \"shop-db-final\"\n"));
	assert_non_null(strstr(cache, "engine                     = \"redis\"\n"));
	assert_non_null(strstr(cache, "final_snapshot_identifier = \"shop-cache-final\"\n"));
	/* 013: encrypted in transit, with an auth token the operator gives as a variable */
	assert_non_null(strstr(cache, "transit_encryption_enabled = true\n"));
	assert_non_null(strstr(cache, "auth_token                 = var.cache_auth_token\n"));
	assert_null(strstr(bucket, "force_destroy"));
	for (i = 0; i < shop.fs.nr; i++) {
		const char *t = ipl_buf_str(&shop.fs.files[i].content);
		assert_null(strstr(t, "apply_immediately"));
		assert_null(strstr(t, "force_destroy"));
	}
	free(db);
	free(cache);
	free(bucket);
}

static void
test_billing_alarm_in_us_east_1(void **state)
{
	char *alarm = block(&shop, "terraform/main.tf",
			    "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");
	char *topic = block(&shop, "terraform/main.tf", "resource \"aws_sns_topic\" \"billing\"");

	(void)state;
	assert_non_null(strstr(alarm, "region              = \"us-east-1\""));
	assert_non_null(strstr(alarm, "EstimatedCharges"));
	assert_non_null(strstr(alarm, "threshold           = 100.00"));
	assert_non_null(strstr(topic, "region = \"us-east-1\""));
	free(alarm);
	free(topic);
}

static void
test_secrets_and_escaping(void **state)
{
	const char *vars = file_text(&shop, "terraform/variables.tf");
	const char *main_tf = file_text(&shop, "terraform/main.tf");
	char *token = block(&shop, "terraform/variables.tf", "variable \"api_token\"");
	char *web = block(&shop, "terraform/main.tf", TASK_DEFINITION "\"web\"");
	char *internal = block(&shop, "terraform/main.tf", TASK_DEFINITION "\"internal\"");
	size_t i;

	(void)state;
	/* a sensitive variable without a default, read only into SSM */
	assert_non_null(strstr(token, "sensitive   = true"));
	assert_null(strstr(token, "default"));
	assert_int_equal(count(main_tf, "var.api_token"), 1);
	assert_non_null(strstr(main_tf, "value = var.api_token"));
	assert_non_null(strstr(web, "{ name = \"API_TOKEN\", "
				    "valueFrom = aws_ssm_parameter.api_token.arn }"));
	assert_null(strstr(web, "{ name = \"API_TOKEN\", value ="));
	/* only the secrets the services reference become secret variables, and the
	   cache's auth token (013) */
	assert_int_equal(count(vars, "sensitive"), 2);
	assert_non_null(strstr(vars, "variable \"cache_auth_token\""));
	/* the hostile value lands as a literal: ${ and %{ doubled, quotes escaped */
	assert_non_null(strstr(web, "x\\\"$${file(\\\"/etc/passwd\\\")}%%{ if true }"));
	/* the image through its variable, whose default is escaped */
	assert_non_null(strstr(web, "image        = var.web_image"));
	assert_non_null(strstr(vars, "default     = \"x/web:1$${y}\""));
	/* the health path: a shell word inside an HCL string */
	assert_non_null(strstr(internal, "wget -q -O /dev/null "
					 "'http://localhost:7000/h'\\\\''$${x}'"));
	for (i = 0; i < shop.fs.nr; i++) {
		const char *text = ipl_buf_str(&shop.fs.files[i].content);
		assert_null(strstr(text, "${file(\"/etc/passwd\")}"));
		assert_null(strstr(text, "x/web:1${y}"));
	}
	free(token);
	free(web);
	free(internal);
}

static void
test_load_balancer(void **state)
{
	const char *main_tf = file_text(&shop, "terraform/main.tf");
	char *rule = block(&shop, "terraform/main.tf",
			   "resource \"aws_lb_listener_rule\" \"admin\"");
	char *web = block(&shop, "terraform/main.tf", TASK_DEFINITION "\"web\"");
	char *internal = block(&shop, "terraform/main.tf",
			       "resource \"aws_ecs_service\" "
			       "\"internal\"");
	char *lb_in = block(&shop, "terraform/main.tf",
			    "resource \"aws_vpc_security_group_ingress_rule\" "
			    "\"services_web_from_load_balancer\"");

	(void)state;
	/* one listener on 80 for both public services: a second would be refused */
	assert_int_equal(count(main_tf, "resource \"aws_lb_listener\""), 1);
	assert_int_equal(count(main_tf, "resource \"aws_lb\""), 1);
	assert_non_null(strstr(main_tf, "target_group_arn = aws_lb_target_group.web.arn"));
	assert_non_null(strstr(rule, "values = [\"admin.*\"]"));
	assert_null(strstr(main_tf, "aws_lb_listener_rule\" \"web\""));
	/* the services admit the load balancer only */
	assert_non_null(strstr(lb_in, "referenced_security_group_id = "
				      "aws_security_group.load_balancer.id"));
	assert_null(strstr(lb_in, "0.0.0.0/0"));
	/* the load balancer checks health behind it; a container check only where it cannot */
	assert_null(strstr(web, "healthCheck"));
	assert_null(strstr(internal, "load_balancer {"));
	free(rule);
	free(web);
	free(internal);
	free(lb_in);
}

static void
test_task_roles(void **state)
{
	char *policy = block(&shop, "terraform/main.tf",
			     "resource \"aws_iam_role_policy\" \"web_task\"");
	char *web = block(&shop, "terraform/main.tf", TASK_DEFINITION "\"web\"");
	char *ledger = block(&shop, "terraform/main.tf", TASK_DEFINITION "\"ledger\"");

	(void)state;
	assert_non_null(strstr(policy, "Resource = [aws_sqs_queue.jobs.arn]"));
	assert_non_null(strstr(policy, "Resource = [aws_s3_bucket.files.arn]"));
	assert_non_null(strstr(policy, "\"${aws_s3_bucket.files.arn}/*\""));
	assert_non_null(strstr(web, "task_role_arn            = aws_iam_role.web_task.arn"));
	/* no depends_on, no role */
	assert_null(strstr(ledger, "task_role_arn"));
	free(policy);
	free(web);
	free(ledger);
}

static void
test_outputs(void **state)
{
	const char *out = file_text(&shop, "terraform/outputs.tf");

	(void)state;
	assert_non_null(strstr(out, "value       = aws_lb.main.dns_name"));
	assert_non_null(strstr(out, "value       = aws_db_instance.db.endpoint"));
	assert_non_null(strstr(out,
			       "value       = "
			       "aws_elasticache_replication_group.cache.primary_endpoint_address"));
	assert_non_null(strstr(out, "value       = aws_sqs_queue.jobs.url"));
	assert_non_null(strstr(out, "value       = aws_s3_bucket.files.bucket"));
}

/* the alarm compares USD charges: a budget in euros is converted at the spec's rate */
static void
test_budget_in_euros(void **state)
{
	static const char spec[] = "name: shop\nprovider: aws\ncurrency: EUR\nrates: {USD: 1.25}\n"
				   "services:\n  - {name: web, kind: app, image: x/web:1}\n"
				   "budget: {monthly: 80}\n";
	struct fixture f;
	char *alarm;

	(void)state;
	build(&f, spec);
	assert_int_equal(f.rc, 0);
	alarm = block(&f, "terraform/main.tf",
		      "resource \"aws_cloudwatch_metric_alarm\" \"billing\"");
	assert_non_null(strstr(alarm, "threshold           = 100.00"));
	assert_non_null(strstr(file_text(&f, "terraform/main.tf"),
			       "# Threshold: the budget, 80.00 EUR, in USD at 1 EUR = 1.2500 USD"));
	free(alarm);
	release(&f);
}

/* a secret named like a variable of the module would declare it twice */
static void
test_secret_name_clash(void **state)
{
	static const char spec[] = "name: shop\nprovider: aws\n"
				   "services:\n  - name: web\n    kind: app\n    image: x/web:1\n"
				   "    env: {X: {secret: vpc-id}}\n";
	struct fixture f;

	(void)state;
	build(&f, spec);
	assert_int_equal(f.rc, -1);
	assert_true(ipl_diags_has_errors(&f.diags));
	assert_non_null(strstr(f.diags.items[f.diags.nr - 1].message, "\"vpc_id\""));
	release(&f);
}

/* load balancers and target groups take 32 characters, ElastiCache ids 40 */
static void
test_long_names(void **state)
{
	static const char spec[] =
		"name: a-very-long-plan-name-that-goes-on-and-on-for-a-while-x\nprovider: aws\n"
		"services:\n  - {name: web, kind: app, image: x/web:1, port: 80, public: true}\n"
		"  - {name: sessions, kind: redis}\n";
	struct fixture f;
	char *lb, *tg, *cache;

	(void)state;
	build(&f, spec);
	assert_int_equal(f.rc, 0);
	lb = block(&f, "terraform/main.tf", "resource \"aws_lb\" \"main\"");
	tg = block(&f, "terraform/main.tf", "resource \"aws_lb_target_group\" \"web\"");
	cache = block(&f, "terraform/main.tf",
		      "resource \"aws_elasticache_replication_group\" \"sessions\"");
	/* shortened from the plan's end, never ending with '-', the service kept */
	assert_non_null(strstr(lb, "\"a-very-long-plan-name-that-goes\""));
	assert_non_null(strstr(tg, "\"a-very-long-plan-name-that-g-web\""));
	assert_non_null(strstr(cache, "\"a-very-long-plan-name-that-goes-sessions\""));
	free(lb);
	free(tg);
	free(cache);
	release(&f);
}

/* same plan, same bytes */
static void
test_deterministic(void **state)
{
	struct fixture again;
	size_t i;

	(void)state;
	build(&again, spec_shop);
	assert_int_equal(again.fs.nr, shop.fs.nr);
	for (i = 0; i < shop.fs.nr; i++)
		assert_string_equal(ipl_buf_str(&again.fs.files[i].content),
				    ipl_buf_str(&shop.fs.files[i].content));
	release(&again);
}

/* writes the module to a scratch directory and runs terraform fmt -check on it */
static void
test_terraform_fmt(void **state)
{
	char dir[256], path[4096], cmd[8192];
	size_t i;
	int rc;

	(void)state;
	if (system("command -v terraform >/dev/null 2>&1") != 0) {
		fprintf(stderr, "SKIPPED: terraform not installed\n");
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/infraplan-aws-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/terraform", dir);
	assert_int_equal(ipl_mkdir_p(path), 0);
	for (i = 0; i < shop.fs.nr; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, shop.fs.files[i].path);
		if (ipl_atomic_write(path, ipl_buf_str(&shop.fs.files[i].content),
				     shop.fs.files[i].content.len, 0644) < 0)
			fail_msg("cannot write %s: %s", path, strerror(errno));
	}
	snprintf(cmd, sizeof(cmd),
		 "TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -diff -recursive '%s' 1>&2",
		 dir);
	rc = system(cmd);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	if (getenv("KEEP_TERRAFORM")) {
		fprintf(stderr, "kept %s\n", dir);
	} else {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	assert_int_equal(rc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spot_split),
		cmocka_unit_test(test_database_private_and_encrypted),
		cmocka_unit_test(test_data_survives_destroy),
		cmocka_unit_test(test_billing_alarm_in_us_east_1),
		cmocka_unit_test(test_secrets_and_escaping),
		cmocka_unit_test(test_load_balancer),
		cmocka_unit_test(test_task_roles),
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_budget_in_euros),
		cmocka_unit_test(test_secret_name_clash),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_terraform_fmt),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
