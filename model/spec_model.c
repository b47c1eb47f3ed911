/*
 * spec_model.c: the names of the model's enums, as the spec writes them and
 * every report shows them, and the questions planners and emitters ask of a
 * service that its fields do not answer at once.
 */
#include "core/common.h"

#include <ctype.h>

#include "model/spec.h"

const char *const ipl_layout_names[IPL_LAYOUT__COUNT] = { "auto", "single", "split" };
const char *const ipl_service_kind_names[IPL_KIND__COUNT] = {
	"app",     "worker", "static_site", "postgres", "mysql",
	"mongodb", "redis",  "rabbitmq",    "queue",    "object_storage"
};
const char *const ipl_extra_kind_names[IPL_EXTRA__COUNT] = { "domain", "smtp", "web_hosting",
							     "monitoring", "other" };

const char *const ipl_runtime_names[IPL_RUNTIME__COUNT] = { "node", "python", "ruby",   "jvm",
							    "go",   "dotnet", "native", "static" };

_Static_assert(IPL_LAYOUT_SPLIT + 1 == IPL_LAYOUT__COUNT, "a name per layout");
_Static_assert(IPL_RUNTIME_STATIC + 1 == IPL_RUNTIME__COUNT, "a name per runtime");

const char *
ipl_layout_name(enum ipl_layout l)
{
	return (size_t)l < IPL_LAYOUT__COUNT ? ipl_layout_names[l] : "?";
}

const char *
ipl_service_kind_name(enum ipl_service_kind k)
{
	return (size_t)k < IPL_KIND__COUNT ? ipl_service_kind_names[k] : "?";
}

const char *
ipl_extra_kind_name(enum ipl_extra_kind k)
{
	return (size_t)k < IPL_EXTRA__COUNT ? ipl_extra_kind_names[k] : "?";
}

const char *
ipl_runtime_name(enum ipl_runtime r)
{
	return (size_t)r < IPL_RUNTIME__COUNT ? ipl_runtime_names[r] : "?";
}

bool
ipl_service_runtime(const struct ipl_service *s, enum ipl_runtime *out)
{
	if (!s->runtime_set && !s->runtime_inferred)
		return false;
	*out = s->runtime;
	return true;
}

/*
 * The programs that name their runtime: an interpreter, its package runner
 * or a server that only runs on it. A version may follow the name ("python3.12"). A
 * program of the user's own (/srv/api/bin/api) names none: it could be Go,
 * Rust or C, and a wrong guess would set a wrong sandbox and throughput.
 */
static const struct {
	const char *prefix;
	enum ipl_runtime runtime;
} runtime_programs[] = {
	{ "node", IPL_RUNTIME_NODE },       { "npm", IPL_RUNTIME_NODE },
	{ "npx", IPL_RUNTIME_NODE },        { "yarn", IPL_RUNTIME_NODE },
	{ "pnpm", IPL_RUNTIME_NODE },       { "python", IPL_RUNTIME_PYTHON },
	{ "gunicorn", IPL_RUNTIME_PYTHON }, { "uvicorn", IPL_RUNTIME_PYTHON },
	{ "celery", IPL_RUNTIME_PYTHON },   { "hypercorn", IPL_RUNTIME_PYTHON },
	{ "ruby", IPL_RUNTIME_RUBY },       { "bundle", IPL_RUNTIME_RUBY },
	{ "rails", IPL_RUNTIME_RUBY },      { "puma", IPL_RUNTIME_RUBY },
	{ "sidekiq", IPL_RUNTIME_RUBY },    { "java", IPL_RUNTIME_JVM },
	{ "dotnet", IPL_RUNTIME_DOTNET },
};

/* the official images of a runtime, by their last path component */
static const struct {
	const char *name;
	enum ipl_runtime runtime;
} runtime_images[] = {
	{ "node", IPL_RUNTIME_NODE },     { "python", IPL_RUNTIME_PYTHON },
	{ "ruby", IPL_RUNTIME_RUBY },     { "eclipse-temurin", IPL_RUNTIME_JVM },
	{ "openjdk", IPL_RUNTIME_JVM },   { "amazoncorretto", IPL_RUNTIME_JVM },
	{ "aspnet", IPL_RUNTIME_DOTNET }, { "nginx", IPL_RUNTIME_STATIC },
};

/* the last path component of the first word of s, as [*name, *name + *len) */
static void
program_name(const char *s, const char **name, size_t *len)
{
	const char *end = s + strcspn(s, " \t"), *p;

	for (p = s; p < end; p++)
		if (*p == '/')
			s = p + 1;
	*name = s;
	*len = (size_t)(end - s);
}

bool
ipl_runtime_infer(const struct ipl_service *s, enum ipl_runtime *out)
{
	const char *name;
	size_t i, len;

	if (s->kind == IPL_KIND_STATIC_SITE) {
		*out = IPL_RUNTIME_STATIC;
		return true;
	}
	if (s->kind != IPL_KIND_APP && s->kind != IPL_KIND_WORKER)
		return false;
	if (s->command.s) {
		program_name(s->command.s, &name, &len);
		for (i = 0; i < IPL_ARRAY_SIZE(runtime_programs); i++) {
			size_t n = strlen(runtime_programs[i].prefix);

			if (len >= n && !strncmp(name, runtime_programs[i].prefix, n) &&
			    strspn(name + n, "0123456789.") == len - n) {
				*out = runtime_programs[i].runtime;
				return true;
			}
		}
	}
	if (s->image.s) {
		program_name(s->image.s, &name, &len);
		len = strcspn(name, ":@");
		for (i = 0; i < IPL_ARRAY_SIZE(runtime_images); i++)
			if (strlen(runtime_images[i].name) == len &&
			    !strncmp(name, runtime_images[i].name, len)) {
				*out = runtime_images[i].runtime;
				return true;
			}
	}
	return false;
}

bool
ipl_name_looks_secret(const char *name, size_t len)
{
	static const char *const words[] = { "PASSWORD",    "PASSWD",  "SECRET",     "TOKEN",
					     "PRIVATE_KEY", "API_KEY", "ACCESS_KEY", "CREDENTIAL" };
	size_t i, j, k;

	for (i = 0; i < IPL_ARRAY_SIZE(words); i++) {
		size_t n = strlen(words[i]);
		for (j = 0; j + n <= len; j++) {
			for (k = 0; k < n && toupper((unsigned char)name[j + k]) == words[i][k];
			     k++)
				;
			if (k == n)
				return true;
		}
	}
	return false;
}

bool
ipl_service_kind_is_database(enum ipl_service_kind k)
{
	return k == IPL_KIND_POSTGRES || k == IPL_KIND_MYSQL || k == IPL_KIND_MONGODB;
}

bool
ipl_service_depends_on(const struct ipl_service *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->depends_on_nr; i++)
		if (s->depends_on[i].s && !strcmp(s->depends_on[i].s, name))
			return true;
	return false;
}

bool
ipl_service_is_stateful(const struct ipl_service *s)
{
	if (s->stateful_set)
		return s->stateful;
	switch (s->kind) {
	case IPL_KIND_POSTGRES:
	case IPL_KIND_MYSQL:
	case IPL_KIND_MONGODB:
	case IPL_KIND_REDIS:
	case IPL_KIND_RABBITMQ:
	case IPL_KIND_QUEUE:
	case IPL_KIND_OBJECT_STORAGE:
		return true;
	default:
		return false;
	}
}

const char *
ipl_service_data_dir(const struct ipl_service *s)
{
	/* where the Debian packages (and MinIO's usual setup) keep their data */
	switch (s->kind) {
	case IPL_KIND_POSTGRES:
		return "/var/lib/postgresql";
	case IPL_KIND_MYSQL:
		return "/var/lib/mysql";
	case IPL_KIND_MONGODB:
		return "/var/lib/mongodb";
	case IPL_KIND_REDIS:
	case IPL_KIND_QUEUE: /* a Redis list: the same redis-server, the same directory */
		return "/var/lib/redis";
	case IPL_KIND_RABBITMQ:
		return "/var/lib/rabbitmq";
	case IPL_KIND_OBJECT_STORAGE:
		return "/var/lib/minio";
	default:
		return NULL;
	}
}

const struct ipl_service *
ipl_spec_find_service(const struct ipl_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->services_nr; i++)
		if (spec->services[i].name.s && !strcmp(spec->services[i].name.s, name))
			return &spec->services[i];
	return NULL;
}

/*
 * A service Caddy (servers) or the load balancer (AWS) can serve over HTTPS:
 * a public app on a port, or a public static site (on port 80 by default).
 */
static bool
takes_domain(const struct ipl_service *s)
{
	if (!s->public_port)
		return false;
	return s->kind == IPL_KIND_STATIC_SITE ||
	       (s->kind == IPL_KIND_APP && s->port.v != IPL_UNSET);
}

size_t
ipl_spec_domain_candidates(const struct ipl_spec *spec)
{
	size_t i, nr = 0;

	for (i = 0; i < spec->services_nr; i++)
		if (takes_domain(&spec->services[i]) && !spec->services[i].domain.s &&
		    spec->services[i].kind == IPL_KIND_APP)
			nr++;
	return nr;
}

const char *
ipl_service_domain(const struct ipl_spec *spec, const struct ipl_service *s)
{
	if (!takes_domain(s))
		return NULL;
	if (s->domain.s)
		return s->domain.s;
	/* the top-level domain is an app's: a static site names its own */
	if (s->kind != IPL_KIND_APP)
		return NULL;
	return spec->domain.s && ipl_spec_domain_candidates(spec) == 1 ? spec->domain.s : NULL;
}
