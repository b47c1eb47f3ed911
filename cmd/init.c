/*
 * init.c: `infraplan init [--template NAME] [--provider P] [DIR]` writes a
 * commented DIR/infraplan.yaml for a common stack, and a DIR/.gitignore that
 * keeps Terraform's state and plugins out of git, so that a new user starts
 * from a spec that validates rather than from a user story.
 *
 * The specs are text files, templates/init/NAME.yaml, embedded like the other
 * templates; {{provider}}, {{name}} and {{schema}} are filled in here. Before
 * anything is written the spec is planned and generated in memory, as
 * `validate` does, so init never writes a spec that validate refuses: a
 * provider whose hosting cannot run the template's services (postgres on
 * Koyeb) is refused with validate's own message, and a template that needs a
 * GPU is refused on a provider whose catalog has no GPU offer. Files are
 * created with O_EXCL: init never replaces a file, not even one that appears
 * while it runs.
 */
#include "core/common.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "planners/provider.h"
#include "templates/template.h"
#include "catalog/catalog.h"
#include "catalog/catalog_cache.h"

#ifndef IPL_SCHEMA_PATH
#define IPL_SCHEMA_PATH "/usr/local/share/infraplan/infraplan.schema.json"
#endif

struct init_template {
	const char *name;     /* --template NAME, and templates/init/NAME.yaml */
	const char *provider; /* when --provider is not given */
	bool gpu;             /* runs a GPU service: needs a provider with GPU offers */
};

/* the default first, then by name; the description below says what each holds */
static const struct init_template templates[] = {
	{ "node-api", "hetzner", false },   { "django", "hetzner", false },
	{ "gpu-worker", "koyeb", true },    { "rails", "hetzner", false },
	{ "static-api", "hetzner", false },
};

/* the same order as templates[] */
static const struct ipl_opt_choice template_choices[] = {
	{ "node-api", 0 }, { "django", 1 },     { "gpu-worker", 2 },
	{ "rails", 3 },    { "static-api", 4 }, { NULL, 0 },
};

/* what init writes beside the spec: Terraform's own files that are not source */
static const char gitignore[] =
	"# written by infraplan init: Terraform's state, plugins and plans stay out of\n"
	"# git. The state holds every resource's attributes, secrets included: keep it\n"
	"# in a remote backend. Commit .terraform.lock.hcl, which pins the providers.\n"
	".terraform/\n"
	"*.tfstate\n"
	"*.tfstate.*\n"
	".terraform.tfstate.lock.info\n"
	"*.tfplan\n"
	"crash.log\n"
	"crash.*.log\n"
	"# variable values can be secrets; an example file can be committed\n"
	"*.tfvars\n"
	"*.tfvars.json\n"
	"!*.tfvars.example\n"
	"override.tf\n"
	"override.tf.json\n"
	"*_override.tf\n"
	"*_override.tf.json\n";

/*
 * The spec's name from the directory's: lower case, runs of other characters
 * as one '-', at most 63, starting with a letter; the template's name when
 * nothing is left.
 */
static void
add_spec_name(struct ipl_buf *b, const char *dir, const char *fallback)
{
	struct ipl_buf path = IPL_BUF_INIT;
	char cwd[4096];
	const char *base, *p;
	size_t start = b->len;

	ipl_buf_adds(&path, strcmp(dir, ".") || !getcwd(cwd, sizeof(cwd)) ? dir : cwd);
	while (path.len > 1 && path.data[path.len - 1] == '/') /* "app/" */
		path.data[--path.len] = '\0';
	base = strrchr(path.data, '/');
	base = base ? base + 1 : path.data;
	for (p = base; *p && b->len - start < 63; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		if (c >= 'a' && c <= 'z')
			ipl_buf_addc(b, c);
		else if (b->len > start && c >= '0' && c <= '9')
			ipl_buf_addc(b, c);
		else if (b->len > start && b->data[b->len - 1] != '-')
			ipl_buf_addc(b, '-');
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
	if (b->len == start)
		ipl_buf_adds(b, fallback);
	ipl_buf_release(&path);
}

static bool
has_gpu_offer(const struct ipl_catalog *cat, const char *provider)
{
	size_t i;

	for (i = 0; i < cat->offers_nr; i++)
		if (cat->offers[i].kind == IPL_OFFER_GPU &&
		    !strcmp(cat->offers[i].provider, provider))
			return true;
	return false;
}

/* appends the template's text for provider; 0, or -1 when it has no template file */
static int
render(struct ipl_buf *text, const struct init_template *t, const char *name, const char *provider)
{
	const struct ipl_template_var vars[] = {
		{ "name", name },
		{ "provider", provider },
		{ "schema", IPL_SCHEMA_PATH },
	};
	char file[64];

	snprintf(file, sizeof(file), "%s.yaml", t->name);
	return ipl_template_render(text, file, vars, IPL_ARRAY_SIZE(vars));
}

enum verdict {
	SPEC_OK,
	SPEC_NO_GPU,  /* the template needs a GPU the provider does not offer */
	SPEC_INVALID, /* validate would refuse it */
	SPEC_ENV,     /* the catalog could not be read */
};

/*
 * Plans and generates the spec in memory, as validate does. With report, its
 * errors are printed (warnings are validate's to say of the written file).
 */
static enum verdict
check_spec(const struct ipl_env *env, const struct init_template *t, const char *provider,
	   const char *label, const struct ipl_buf *text, bool report)
{
	struct ipl_run run;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	struct ipl_catalog *cat;
	enum verdict v = SPEC_OK;
	int rc;

	ipl_run_init(&run, env);
	if (ipl_catalog_load(&cat, env->offline, env->cache_dir, NULL, &run.arena, &run.diags) <
	    0) {
		ipl_run_finish(&run);
		return SPEC_ENV;
	}
	if (t->gpu && !has_gpu_offer(cat, provider)) {
		v = SPEC_NO_GPU;
	} else {
		rc = ipl_run_load_text(&run, label, text->data, text->len);
		if (rc == IPL_EXIT_OK)
			rc = ipl_run_plan(&run, label, false, &plan, &cost, NULL);
		v = rc == IPL_EXIT_OK ? SPEC_OK : rc == IPL_EXIT_USAGE ? SPEC_INVALID : SPEC_ENV;
	}
	if (report) {
		ipl_diags_sort(&run.diags);
		ipl_diags_print(&run.diags, stderr, IPL_ERROR);
	}
	/* said above, or not at all */
	ipl_diags_release(&run.diags);
	ipl_diags_init(&run.diags);
	ipl_run_finish(&run);
	return v;
}

/* "aws, contabo, hetzner or none": the providers the template runs on */
static void
add_working_providers(struct ipl_buf *b, const struct ipl_env *env, const struct init_template *t,
		      const char *name, const char *const names[IPL_PROVIDER__COUNT])
{
	const char *ok[IPL_PROVIDER__COUNT];
	struct ipl_buf text = IPL_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < IPL_PROVIDER__COUNT; i++) {
		ipl_buf_reset(&text);
		if (render(&text, t, name, names[i]) == 0 &&
		    check_spec(env, t, names[i], "infraplan.yaml", &text, false) == SPEC_OK)
			ok[n++] = names[i];
	}
	for (i = 0; i < n; i++)
		ipl_buf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", ok[i]);
	ipl_buf_release(&text);
}

/* "DIR/NAME", or NAME in the current directory */
static void
join(struct ipl_buf *b, const char *dir, const char *name)
{
	ipl_buf_reset(b);
	if (strcmp(dir, "."))
		ipl_buf_addf(b, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
	ipl_buf_adds(b, name);
}

static int
run_init(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *names[IPL_PROVIDER__COUNT];
	struct ipl_opt_choice providers[IPL_PROVIDER__COUNT + 1];
	int template = 0, provider = -1;
	const struct ipl_option opts[] = {
		IPL_OPT_CHOICE('t', "template", &template, template_choices,
			       "the stack to start from"),
		IPL_OPT_CHOICE('p', "provider", &provider, providers,
			       "where it runs (default: the template's, hetzner or koyeb)"),
		IPL_OPT_END(),
	};
	struct ipl_buf name = IPL_BUF_INIT, text = IPL_BUF_INIT, spec = IPL_BUF_INIT,
		       ignore = IPL_BUF_INIT;
	const struct init_template *t;
	const char *dir, *pname;
	struct stat st;
	size_t i;
	int rc;

	ipl_provider_names(names);
	for (i = 0; i < IPL_PROVIDER__COUNT; i++)
		providers[i] = (struct ipl_opt_choice){ names[i], (int)i };
	providers[IPL_PROVIDER__COUNT] = (struct ipl_opt_choice){ NULL, 0 };
	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr > 1)
		return ipl_usage_error(cmd, "expected at most one directory");
	dir = args->nr ? args->operands[0] : ".";
	t = &templates[template];
	pname = provider < 0 ? t->provider : names[provider];
	join(&spec, dir, "infraplan.yaml");
	join(&ignore, dir, ".gitignore");
	if (lstat(spec.data, &st) == 0) {
		rc = ipl_usage_error(cmd,
				     "%s exists; init never replaces a file (remove it, or "
				     "name another directory)",
				     spec.data);
		goto done;
	}
	add_spec_name(&name, dir, t->name);
	if (render(&text, t, name.data, pname) < 0) {
		rc = ipl_usage_error(cmd, "internal error: no template %s.yaml", t->name);
		goto done;
	}
	switch (check_spec(args->env, t, pname, spec.data, &text, true)) {
	case SPEC_OK:
		break;
	case SPEC_ENV:
		rc = IPL_EXIT_ENV;
		goto done;
	case SPEC_NO_GPU:
	case SPEC_INVALID: {
		struct ipl_buf ok = IPL_BUF_INIT;
		add_working_providers(&ok, args->env, t, name.data, names);
		rc = ipl_usage_error(
			cmd,
			t->gpu ? "template '%s' runs a GPU worker, and provider %s "
				 "has no GPU offer; it runs on %s; wrote nothing"
			       : "template '%s' cannot run on provider %s (above: "
				 "what validate would say); it runs on %s; wrote nothing",
			t->name, pname, ok.data ? ok.data : "none of them");
		ipl_buf_release(&ok);
		goto done;
	}
	}
	if (strcmp(dir, ".") && ipl_mkdir_p(dir) < 0) {
		fprintf(stderr, "infraplan init: error: cannot create directory %s: %s\n", dir,
			strerror(errno));
		rc = IPL_EXIT_ENV;
		goto done;
	}
	if (ipl_create_new(spec.data, text.data, text.len, 0644) < 0) {
		if (errno == EEXIST) {
			rc = ipl_usage_error(cmd, "%s exists; init never replaces a file",
					     spec.data);
			goto done;
		}
		fprintf(stderr, "infraplan init: error: cannot create %s: %s\n", spec.data,
			strerror(errno));
		rc = IPL_EXIT_ENV;
		goto done;
	}
	printf("wrote %s: template %s on %s\n", spec.data, t->name, pname);
	if (ipl_create_new(ignore.data, gitignore, sizeof(gitignore) - 1, 0644) == 0) {
		printf("wrote %s: Terraform's state and plugins stay out of git\n", ignore.data);
	} else if (errno == EEXIST) {
		printf("kept %s as it is (init never replaces a file); it should ignore\n"
		       "  .terraform/, *.tfstate, *.tfstate.* and *.tfvars\n",
		       ignore.data);
	} else {
		fprintf(stderr, "infraplan init: error: cannot create %s: %s\n", ignore.data,
			strerror(errno));
		rc = IPL_EXIT_ENV;
		goto done;
	}
	ipl_buf_reset(&name);
	join(&name, dir, "plan");
	printf("next:\n"
	       "  infraplan validate %s\n"
	       "  infraplan plan %s\n"
	       "  infraplan gen -o %s %s\n"
	       "  terraform -chdir=%s/terraform init && terraform -chdir=%s/terraform plan\n",
	       spec.data, spec.data, name.data, spec.data, name.data, name.data);
	rc = IPL_EXIT_OK;
done:
	ipl_buf_release(&name);
	ipl_buf_release(&text);
	ipl_buf_release(&spec);
	ipl_buf_release(&ignore);
	return rc;
}

const struct ipl_cmd ipl_cmd_init = {
	.name = "init",
	.summary = "write a commented infraplan.yaml for a common stack to start from",
	.operands = "[DIR]",
	.description =
		"Writes DIR/infraplan.yaml from a template, with its first line pointing\n"
		"editors at the JSON Schema, and DIR/.gitignore for Terraform's state (DIR:\n"
		"the current directory unless named; created when missing). The spec's name\n"
		"is the directory's. The spec is checked as 'validate' checks it before\n"
		"anything is written, so a provider that cannot run the template's services\n"
		"is refused. init never replaces a file: an existing infraplan.yaml is\n"
		"refused (exit 2), an existing .gitignore is kept.\n"
		"  node-api    a Node.js API and PostgreSQL (the default)\n"
		"  django      a Django site (gunicorn) and PostgreSQL\n"
		"  gpu-worker  an API and a GPU worker that scales to zero (koyeb)\n"
		"  rails       a Rails-style web, a job worker, PostgreSQL and Redis\n"
		"  static-api  a static site and a small API",
	.run = run_init,
};
