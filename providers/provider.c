/*
 * provider.c: the provider table, looked up once by id. A provider is its
 * catalog (providers/catalog/NAME.json) and what it emits; everything that
 * differs between providers is reached through this table, not a switch.
 */
#include "core/common.h"

#include "providers/emit.h"

static const struct ipl_provider providers[IPL_PROVIDER__COUNT] = {
	[IPL_PROVIDER_AWS] = { IPL_PROVIDER_AWS, "aws", false, ipl_aws_emit_terraform },
	/* contabo_private_network assigns the addresses (its instances[].private_ip_config
	   is read-only) from a range it picks (its cidr is read-only too) */
	[IPL_PROVIDER_CONTABO] = { IPL_PROVIDER_CONTABO, "contabo", true, ipl_contabo_emit_terraform },
	[IPL_PROVIDER_HETZNER] = { IPL_PROVIDER_HETZNER, "hetzner", false, ipl_hetzner_emit_terraform },
	[IPL_PROVIDER_KOYEB] = { IPL_PROVIDER_KOYEB, "koyeb", false, ipl_koyeb_emit_terraform },
	/* a server the user already has: cloud-init and systemd only */
	[IPL_PROVIDER_NONE] = { IPL_PROVIDER_NONE, "none", false, NULL },
};

const struct ipl_provider *
ipl_provider_get(enum ipl_provider_id id)
{
	return (size_t)id < IPL_ARRAY_SIZE(providers) ? &providers[id] : NULL;
}
