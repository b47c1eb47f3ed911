/*
 * spec_model.c: the questions planners ask of a service in the model
 * (spec.h) that its fields do not answer at once.
 */
#include "core/common.h"

#include "model/spec.h"

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
