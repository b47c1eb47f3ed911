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

_Static_assert(IPL_LAYOUT_SPLIT + 1 == IPL_LAYOUT__COUNT, "a name per layout");

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

const struct ipl_service *
ipl_spec_find_service(const struct ipl_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->services_nr; i++)
		if (spec->services[i].name.s && !strcmp(spec->services[i].name.s, name))
			return &spec->services[i];
	return NULL;
}
