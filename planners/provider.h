/*
 * provider.h: the provider table (planners/provider.c), looked up once by the
 * spec's provider id; what an entry holds is struct ipl_provider
 * (model/provider.h). Planners and cmd/ look a provider up here; emitters
 * never do: they read plan->provider.
 */
#ifndef IPL_PROVIDER_H
#define IPL_PROVIDER_H

#include "core/common.h"
#include "model/provider.h"

/* NULL for an id out of range */
const struct ipl_provider *ipl_provider_get(enum ipl_provider_id id);
/* the spec name of provider id, "?" for an id out of range */
const char *ipl_provider_name(enum ipl_provider_id id);
/* every provider's name, in id order: what the spec accepts after provider: */
void ipl_provider_names(const char *names[IPL_PROVIDER__COUNT]);

#endif
