/*
 * koyeb.c: Terraform for provider koyeb (koyeb/koyeb; names as in
 * github.com/koyeb/terraform-provider-koyeb's docs): one koyeb_app, one koyeb_service per service, and a koyeb_secret per
 * secret the services reference, filled from a sensitive variable.
 *
 * A service with a port is a WEB service, one without a WORKER (Koyeb
 * exposes a worker neither to the internet nor to the mesh). Routes are what
 * make a port public on Koyeb; a port without one is reachable only on the
 * service mesh, at http://NAME:PORT. So only the routes the planner gave
 * (ps->route: public services, and the wake route of a service that scales
 * to zero, since Koyeb wakes one only on a request from the internet) are
 * written. The app's public URL is an output, for the frontend.
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/buf.h"
#include "core/escape.h"
#include "providers/emit.h"

struct attr {
	const char *key;
	struct ipl_buf value;
};

/* a run of attributes with their '=' aligned, as terraform fmt writes them */
static void
put_attrs(struct ipl_buf *b, int indent, struct attr *a, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (strlen(a[i].key) > w)
			w = strlen(a[i].key);
	for (i = 0; i < n; i++) {
		ipl_buf_addch(b, ' ', (size_t)indent);
		ipl_buf_addf(b, "%-*s = %s\n", (int)w, a[i].key, ipl_buf_str(&a[i].value));
		ipl_buf_release(&a[i].value);
	}
}

static void
attr_str(struct attr *a, const char *key, const char *value)
{
	a->key = key;
	ipl_buf_init(&a->value);
	ipl_escape_hcl_string(&a->value, value);
}

static void attr_raw(struct attr *a, const char *key, const char *fmt, ...) IPL_PRINTF(3, 4);

static void
attr_raw(struct attr *a, const char *key, const char *fmt, ...)
{
	va_list ap;

	a->key = key;
	ipl_buf_init(&a->value);
	va_start(ap, fmt);
	ipl_buf_vaddf(&a->value, fmt, ap);
	va_end(ap);
}

/* "redis-url" -> "redis_url": a valid HCL identifier (names are [a-z0-9-]) */
static void
label(struct ipl_buf *b, const char *name)
{
	for (; *name; name++)
		ipl_buf_addc(b, *name == '-' ? '_' : *name);
}

static bool
seen_secret(const struct ipl_spec *spec, size_t upto_service, size_t upto_env, const char *name)
{
	size_t i, j;

	for (i = 0; i <= upto_service && i < spec->services_nr; i++)
		for (j = 0; j < spec->services[i].env_nr && (i < upto_service || j < upto_env); j++)
			if (spec->services[i].env[j].secret &&
			    !strcmp(spec->services[i].env[j].secret, name))
				return true;
	return false;
}

static void
emit_variables(const struct ipl_plan *plan, struct ipl_buf *b)
{
	const struct ipl_spec *spec = plan->spec;
	size_t i, j;

	ipl_buf_adds(
		b,
		"variable \"region\" {\n  description = \"Koyeb region the services run in, such as fra (Frankfurt) or was "
		"(Washington, D.C.)\"\n"
		"  type        = string\n  default     = ");
	ipl_escape_hcl_string(b, spec->region.s ? spec->region.s : "fra");
	ipl_buf_adds(b, "\n}\n");
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		for (j = 0; j < s->env_nr; j++) {
			const char *sec = s->env[j].secret;
			if (!sec || seen_secret(spec, i, j, sec))
				continue;
			ipl_buf_adds(b, "\nvariable \"");
			label(b, sec);
			ipl_buf_adds(b, "\" {\n  description = ");
			{
				struct ipl_buf d = IPL_BUF_INIT;
				ipl_terraform_secret_description(&d, spec, sec, "a Koyeb secret");
				ipl_escape_hcl_string(b, d.data);
				ipl_buf_release(&d);
			}
			ipl_buf_adds(b, "\n  type        = string\n  sensitive   = true\n}\n");
		}
	}
}

static void
emit_service(const struct ipl_plan *plan, const struct ipl_plan_node *n, struct ipl_buf *b)
{
	const struct ipl_placed_service *ps = &n->services[0];
	const struct ipl_service *s = ps->svc;
	struct attr a[4];
	struct ipl_buf lbl = IPL_BUF_INIT;
	size_t j;

	label(&lbl, s->name.s);
	ipl_buf_addf(b,
		     "\nresource \"koyeb_service\" \"%s\" {\n  app_name = koyeb_app.main.name\n\n"
		     "  definition {\n",
		     lbl.data);
	attr_str(&a[0], "name", s->name.s);
	attr_str(&a[1], "type", ps->port ? "WEB" : "WORKER");
	attr_raw(&a[2], "regions", "[var.region]");
	put_attrs(b, 4, a, 3);
	ipl_buf_adds(b, "\n    instance_types {\n");
	attr_str(&a[0], "type", n->type->product_id);
	put_attrs(b, 6, a, 1);
	ipl_buf_adds(b, "    }\n\n    scalings {\n");
	attr_raw(&a[0], "min", "%d", n->instances.min_count);
	attr_raw(&a[1], "max", "%d", n->instances.max_count);
	put_attrs(b, 6, a, 2);
	if (n->instances.max_count > n->instances.min_count && !n->instances.scale_to_zero) {
		ipl_buf_adds(b, "\n      targets {\n        average_cpu {\n");
		attr_raw(&a[0], "value", "%.0f",
			 plan->spec->settings.autoscale_cpu_target.v == IPL_UNSET
				 ? 60
				 : plan->spec->settings.autoscale_cpu_target.v);
		put_attrs(b, 10, a, 1);
		ipl_buf_adds(b, "        }\n      }\n");
	}
	ipl_buf_adds(b, "    }\n");
	if (s->image.s) {
		ipl_buf_adds(b, "\n    docker {\n");
		attr_str(&a[0], "image", s->image.s);
		put_attrs(b, 6, a, 1);
		ipl_buf_adds(b, "    }\n");
	}
	if (ps->port) {
		ipl_buf_adds(b, "\n    ports {\n");
		attr_raw(&a[0], "port", "%d", ps->port);
		attr_str(&a[1], "protocol", "http");
		put_attrs(b, 6, a, 2);
		ipl_buf_adds(b, "    }\n");
	}
	if (ps->route) {
		if (!ps->public_port)
			ipl_buf_adds(
				b,
				"\n    # public only so that a request can wake the service from "
				"zero;\n    # the service refuses callers without their shared "
				"token\n");
		ipl_buf_adds(b, ps->public_port ? "\n    routes {\n" : "    routes {\n");
		attr_str(&a[0], "path", ps->route);
		attr_raw(&a[1], "port", "%d", ps->port);
		put_attrs(b, 6, a, 2);
		ipl_buf_adds(b, "    }\n");
	}
	if (ps->port && s->health_path.s) {
		ipl_buf_adds(b, "\n    health_checks {\n      http {\n");
		attr_raw(&a[0], "port", "%d", ps->port);
		attr_str(&a[1], "path", s->health_path.s);
		put_attrs(b, 8, a, 2);
		ipl_buf_adds(b, "      }\n    }\n");
	}
	for (j = 0; j < s->env_nr; j++) {
		const struct ipl_env_var *e = &s->env[j];
		ipl_buf_adds(b, "\n    env {\n");
		attr_str(&a[0], "key", e->key);
		if (e->secret) {
			struct ipl_buf sl = IPL_BUF_INIT;
			label(&sl, e->secret);
			attr_raw(&a[1], "secret", "koyeb_secret.%s.name", sl.data);
			ipl_buf_release(&sl);
		} else {
			attr_str(&a[1], "value", e->value);
		}
		put_attrs(b, 6, a, 2);
		ipl_buf_adds(b, "    }\n");
	}
	ipl_buf_adds(b, "  }\n}\n");
	ipl_buf_release(&lbl);
}

int
ipl_koyeb_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			 struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t i, j;

	(void)diags;
	ipl_buf_adds(&b,
		     "terraform {\n  required_version = \">= 1.5\"\n\n  required_providers {\n"
		     "    koyeb = {\n      source  = \"koyeb/koyeb\"\n      version = \"~> 0.1\"\n"
		     "    }\n  }\n}\n");
	ipl_fileset_add(out, "terraform/versions.tf", &b, 0644);

	emit_variables(plan, &b);
	ipl_fileset_add(out, "terraform/variables.tf", &b, 0644);

	ipl_buf_adds(&b, "# Generated by infraplan. The API token comes from KOYEB_TOKEN.\n"
			 "provider \"koyeb\" {}\n\nresource \"koyeb_app\" \"main\" {\n  name = ");
	ipl_escape_hcl_string(&b, spec->name.s);
	ipl_buf_adds(&b, "\n}\n");
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		for (j = 0; j < s->env_nr; j++) {
			const char *sec = s->env[j].secret;
			struct attr a[2];
			struct ipl_buf lbl = IPL_BUF_INIT, nm = IPL_BUF_INIT;
			if (!sec || seen_secret(spec, i, j, sec))
				continue;
			label(&lbl, sec);
			ipl_buf_addf(&nm, "%s-%s", spec->name.s, sec);
			ipl_buf_addf(&b, "\nresource \"koyeb_secret\" \"%s\" {\n", lbl.data);
			attr_str(&a[0], "name", nm.data);
			attr_raw(&a[1], "value", "var.%s", lbl.data);
			put_attrs(&b, 2, a, 2);
			ipl_buf_adds(&b, "}\n");
			ipl_buf_release(&lbl);
			ipl_buf_release(&nm);
		}
	}
	for (i = 0; i < plan->nodes_nr; i++)
		emit_service(plan, &plan->nodes[i], &b);
	ipl_fileset_add(out, "terraform/main.tf", &b, 0644);

	ipl_buf_adds(&b, "output \"app_url\" {\n  description = \"The public URL of the app: the "
			 "frontend's API base URL\"\n  value       = \"https://${koyeb_app.main."
			 "domains[0].name}\"\n}\n");
	ipl_fileset_add(out, "terraform/outputs.tf", &b, 0644);
	ipl_buf_release(&b);
	return 0;
}
