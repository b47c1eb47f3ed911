/*
 * test_terraform_files.c: the files Terraform's conventions expect beside
 * the emitters' *.tf (providers/terraform_files.c, issue 17 point 5): a
 * .gitignore that keeps .terraform/, the state and *.tfvars out of git, a
 * backend example that is all comments, and terraform.tfvars.example naming
 * every variable of variables.tf with its description, required ones to fill
 * in, those with a default commented out, and no value of a secret.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/diag.h"
#include "model/plan.h"
#include "model/spec.h"
#include "providers/emit.h"

static const char variables_tf[] =
	"variable \"api_token\" {\n"
	"  description = \"API token: Console, \\\"Security\\\", $${not} an interpolation\"\n"
	"  type        = string\n"
	"  sensitive   = true\n"
	"}\n"
	"\n"
	"variable \"cidrs\" {\n"
	"  description = \"Networks\"\n"
	"  type        = list(string)\n"
	"}\n"
	"\n"
	"variable \"region\" {\n"
	"  description = \"Region\"\n"
	"  type        = string\n"
	"  default     = \"EU\"\n"
	"\n"
	"  validation {\n"
	"    condition     = contains([\"EU\"], var.region)\n"
	"    error_message = \"The region must be EU.\"\n"
	"  }\n"
	"}\n"
	"\n"
	"variable \"sizes\" {\n"
	"  type = map(number)\n"
	"  default = {\n"
	"    a = 1\n"
	"  }\n"
	"}\n";

static const char *
file(const struct ipl_fileset *fs, const char *path)
{
	const struct ipl_file *f = ipl_fileset_find(fs, path);

	assert_non_null(f);
	return ipl_buf_str(&f->content);
}

static void
test_terraform_files(void **state)
{
	struct ipl_spec spec;
	struct ipl_plan plan;
	struct ipl_fileset fs;
	struct ipl_diags diags;
	struct ipl_buf b = IPL_BUF_INIT;
	const char *s;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	memset(&plan, 0, sizeof(plan));
	spec.name.s = "shop";
	plan.spec = &spec;
	ipl_fileset_init(&fs);
	ipl_diags_init(&diags);
	/* no variables.tf (provider none): nothing to add */
	assert_int_equal(ipl_terraform_conventions(&plan, &fs, &diags), 0);
	assert_int_equal(fs.nr, 0);
	ipl_buf_adds(&b, variables_tf);
	ipl_fileset_add(&fs, "terraform/variables.tf", &b, 0644);
	assert_int_equal(ipl_terraform_conventions(&plan, &fs, &diags), 0);
	assert_int_equal(diags.nr, 0);

	s = file(&fs, "terraform/.gitignore");
	assert_non_null(strstr(s, "\n.terraform/\n"));
	assert_non_null(strstr(s, "\n*.tfstate\n*.tfstate.*\n"));
	assert_non_null(strstr(s, "\n*.tfvars\n"));

	/* every line a comment (or empty): the example changes nothing until copied */
	s = file(&fs, "terraform/backend.tf.example");
	assert_non_null(strstr(s, "#     key          = \"shop/terraform.tfstate\"\n"));
	for (; *s; s = strchr(s, '\n') + 1)
		assert_true(*s == '#' || *s == '\n');

	s = file(&fs, "terraform/terraform.tfvars.example");
	/* the description unescaped, sensitive said, the value empty */
	assert_non_null(strstr(s, "\n# API token: Console, \"Security\", ${not} an interpolation "
				  "(sensitive: never commit its value)\napi_token = \"\"\n"));
	/* a required list starts empty; a default is shown, commented out */
	assert_non_null(strstr(s, "\n# Networks\ncidrs = []\n"));
	assert_non_null(strstr(s, "\n# Region\n# region = \"EU\"\n"));
	/* the validation block's lines are not variables */
	assert_null(strstr(s, "condition"));
	/* a default over several lines is pointed at, not copied half */
	assert_non_null(strstr(s, "\n# sizes\n# sizes has a default of several lines: see "
				  "variables.tf\n"));
	ipl_fileset_release(&fs);
	ipl_diags_release(&diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terraform_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
