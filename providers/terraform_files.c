/*
 * terraform_files.c: the files Terraform's conventions expect beside the
 * *.tf an emitter wrote, the same for every provider: a .gitignore (the
 * .terraform/ folder, the state, the *.tfvars that hold secrets), a
 * commented backend example (templates/terraform-backend.tf.example.tmpl)
 * and terraform.tfvars.example, which names every variable of variables.tf
 * with its description. The variables are read back from variables.tf as
 * the emitter wrote it (one attribute a line, as ipl_hcl and terraform fmt
 * lay it out), so no emitter lists them twice.
 */
#include "core/common.h"

#include "core/xalloc.h"
#include "providers/emit.h"
#include "templates/template.h"

static const char gitignore[] =
	"# what Terraform writes here that does not belong in git: providers and\n"
	"# modules (terraform init fetches them), the state with its backups (it holds\n"
	"# the secrets the plan passes), and the variable files that hold the secrets\n"
	".terraform/\n"
	"*.tfstate\n"
	"*.tfstate.*\n"
	"*.tfvars\n"
	"*.tfvars.json\n"
	"crash.log\n"
	"crash.*.log\n";

static const char tfvars_head[] =
	"# terraform.tfvars.example: every variable of this plan, what it is and where\n"
	"# to get it. Copy it to terraform.tfvars (.gitignore keeps that file out of\n"
	"# git: it holds secrets), fill in the values and run terraform plan. A\n"
	"# variable with a default is commented out: uncomment it to change it. Any of\n"
	"# them can come from the environment instead, as TF_VAR_name.\n";

struct variable {
	struct ipl_buf name, description, type, def;
	bool sensitive, multiline_default;
};

/* the text of an HCL quoted string as a comment shows it: the quotes gone, \" and $${ undone */
static void
unquote(struct ipl_buf *out, const char *s, size_t len)
{
	size_t i;

	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			ipl_buf_addc(out, s[i] == 'n' || s[i] == 't' ? ' ' : s[i]);
		} else if ((s[i] == '$' || s[i] == '%') && i + 2 < len && s[i + 1] == s[i] &&
			   s[i + 2] == '{') {
			ipl_buf_addc(out, s[i++]);
		} else {
			ipl_buf_addc(out, s[i]);
		}
	}
}

/* "  key = value": value (the rest of the line) when line sets key, else NULL */
static const char *
attribute(const char *line, size_t len, const char *key, size_t *vlen)
{
	size_t k = strlen(key), i = 2 + k;

	if (len < i || strncmp(line, "  ", 2) || strncmp(line + 2, key, k) || line[i] != ' ')
		return NULL;
	while (i < len && line[i] == ' ')
		i++;
	if (i + 1 >= len || line[i] != '=' || line[i + 1] != ' ')
		return NULL;
	*vlen = len - i - 2;
	return line + i + 2;
}

/* the value a required variable is written with: an empty one of its type */
static const char *
empty_value(const struct variable *v)
{
	const char *t = ipl_buf_str(&v->type);

	if (!strncmp(t, "list(", 5) || !strncmp(t, "set(", 4))
		return "[]";
	if (!strncmp(t, "map(", 4) || !strncmp(t, "object(", 7))
		return "{}";
	if (!strcmp(t, "number"))
		return "0";
	if (!strcmp(t, "bool"))
		return "false";
	return "\"\"";
}

static void
write_variable(struct ipl_buf *out, const struct variable *v)
{
	ipl_buf_adds(out, "\n# ");
	ipl_buf_adds(out, v->description.len ? v->description.data : v->name.data);
	if (v->sensitive)
		ipl_buf_adds(out, " (sensitive: never commit its value)");
	ipl_buf_addc(out, '\n');
	if (v->multiline_default)
		ipl_buf_addf(out, "# %s has a default of several lines: see variables.tf\n",
			     v->name.data);
	else if (v->def.len)
		ipl_buf_addf(out, "# %s = %s\n", v->name.data, v->def.data);
	else
		ipl_buf_addf(out, "%s = %s\n", v->name.data, empty_value(v));
}

static void
variable_reset(struct variable *v)
{
	ipl_buf_reset(&v->name);
	ipl_buf_reset(&v->description);
	ipl_buf_reset(&v->type);
	ipl_buf_reset(&v->def);
	v->sensitive = v->multiline_default = false;
}

static void
write_tfvars(const struct ipl_buf *variables_tf, struct ipl_buf *out)
{
	const char *s = ipl_buf_str(variables_tf), *end = s + variables_tf->len;
	struct variable v;
	bool in = false;

	memset(&v, 0, sizeof(v));
	ipl_buf_adds(out, tfvars_head);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *val;
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s), vlen;

		if (!strncmp(s, "variable \"", 10)) {
			const char *q = memchr(s + 10, '"', len - 10);
			variable_reset(&v);
			if (q)
				ipl_buf_add(&v.name, s + 10, (size_t)(q - s - 10));
			in = q != NULL;
		} else if (in && len == 1 && s[0] == '}') {
			write_variable(out, &v);
			in = false;
		} else if (in && (val = attribute(s, len, "description", &vlen))) {
			unquote(&v.description, val, vlen);
		} else if (in && (val = attribute(s, len, "type", &vlen))) {
			ipl_buf_add(&v.type, val, vlen);
		} else if (in && (val = attribute(s, len, "sensitive", &vlen))) {
			v.sensitive = vlen == 4 && !strncmp(val, "true", 4);
		} else if (in && (val = attribute(s, len, "default", &vlen))) {
			ipl_buf_add(&v.def, val, vlen);
			v.multiline_default = vlen &&
					      (val[vlen - 1] == '[' || val[vlen - 1] == '{' ||
					       val[vlen - 1] == '(');
		}
		s += len + (nl ? 1 : 0);
	}
	ipl_buf_release(&v.name);
	ipl_buf_release(&v.description);
	ipl_buf_release(&v.type);
	ipl_buf_release(&v.def);
}

void
ipl_terraform_secret_description(struct ipl_buf *out, const struct ipl_spec *spec,
				 const char *secret, const char *store)
{
	size_t i, j, n = 0;

	ipl_buf_addf(out, "value of the secret \"%s\", which ", secret);
	for (i = 0; i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr; j++) {
			const struct ipl_env_var *e = &spec->services[i].env[j];
			if (!e->secret || strcmp(e->secret, secret))
				continue;
			ipl_buf_addf(out, "%sservice %s reads as %s", n++ ? " and " : "",
				     spec->services[i].name.s, e->key);
		}
	ipl_buf_addf(out, ": yours to supply (a password or URL of your own), kept in %s", store);
}

int
ipl_terraform_conventions(const struct ipl_plan *plan, struct ipl_fileset *fs,
			  struct ipl_diags *diags)
{
	const struct ipl_file *vars = ipl_fileset_find(fs, "terraform/variables.tf");
	const struct ipl_template_var tv[] = { { "name", plan->spec->name.s } };
	struct ipl_buf b = IPL_BUF_INIT;

	if (!vars)
		return 0; /* no Terraform (provider none) */
	write_tfvars(&vars->content, &b);
	ipl_fileset_add(fs, "terraform/terraform.tfvars.example", &b, 0644);
	ipl_buf_adds(&b, gitignore);
	ipl_fileset_add(fs, "terraform/.gitignore", &b, 0644);
	/* the plan's name is [a-z0-9-] (spec_fields.c), so it needs no escape in HCL or a comment */
	if (ipl_template_render(&b, "terraform-backend.tf.example.tmpl", tv, IPL_ARRAY_SIZE(tv)) <
	    0) {
		ipl_buf_release(&b);
		return ipl_error(diags, "templates", (struct ipl_loc){ 0, 0 },
				 "template terraform-backend.tf.example.tmpl cannot be rendered");
	}
	ipl_fileset_add(fs, "terraform/backend.tf.example", &b, 0644);
	return 0;
}
