/*
 * provider.c: the provider table (provider.h), looked up once by id. A
 * provider is its catalog (catalog/data/NAME.json), its plan and cost
 * hooks, what it emits and the few facts the planners and emitters ask of it;
 * the names the spec accepts after provider: are the names here.
 */
#include "core/common.h"

#include "planners/coster.h"
#include "planners/plan.h"
#include "planners/provider.h"
#include "providers/emit.h"

static const struct ipl_provider providers[IPL_PROVIDER__COUNT] = {
	[IPL_PROVIDER_AWS] = {
		.id = IPL_PROVIDER_AWS,
		.name = "aws",
		.plan = ipl_plan_aws,
		.cost = ipl_cost_aws,
		.emit_terraform = ipl_aws_emit_terraform,
		/* EC2 user data is limited to 16 KB before base64 (AWS EC2 user guide, "User data") */
		.user_data_max = 16384,
		.regional_prices = true,
		.managed_tasks = true,
		/* the smallest Fargate task: 256 CPU units, 0.25 vCPU, 250 millicores
		   (256 millicores would round up to the next size, 0.5 vCPU) */
		.default_task_cpu_m = 250,
		.backups_included = true,
		/* catalog/data/aws.json is us-east-1, in USD */
		.default_region = "us-east-1",
		.currency = "USD",
		.network_label = "VPC",
		.egress = "100 GB a month free per account, then 0.09 USD a GB (AWSDataTransfer "
			  "offer file)",
	},
	[IPL_PROVIDER_CONTABO] = {
		.id = IPL_PROVIDER_CONTABO,
		.name = "contabo",
		.plan = ipl_plan_servers,
		.cost = ipl_cost_servers,
		.emit_terraform = ipl_contabo_emit_terraform,
		.node_files = true,
		/* contabo_private_network assigns the addresses (its instances[].private_ip_config
		   is read-only) from a range it picks (its cidr is read-only too) */
		.assigns_private_ips = true,
		.chooses_layout = true,
		.default_task_cpu_m = 500,
		.default_region = "EU",
		.currency = "EUR",
		.network_label = "private network (Contabo assigns the addresses)",
		.egress = "unlimited, fair use, no overage fee (help.contabo.com, Traffic Rules at "
			  "Contabo)",
	},
	[IPL_PROVIDER_HETZNER] = {
		.id = IPL_PROVIDER_HETZNER,
		.name = "hetzner",
		.plan = ipl_plan_servers,
		.cost = ipl_cost_servers,
		.emit_terraform = ipl_hetzner_emit_terraform,
		.node_files = true,
		/* hcloud_server user_data is limited to 32 KiB (docs.hetzner.cloud, "Create a Server") */
		.user_data_max = 32768,
		.chooses_layout = true,
		.default_task_cpu_m = 500,
		/* a primary IPv4 is billed per server (docs.hetzner.com/cloud/servers/primary-ips) */
		.server_ipv4_offer = "primary-ipv4",
		.default_region = "nbg1",
		.currency = "EUR",
		.network_label = "private network",
		.egress = "20 TB a month per server in EU, then 1.00 EUR a TB (Hetzner pricing API, "
			  "2026-05-27)",
		/* hcloud_load_balancer (hetzner.com/cloud/load-balancer) */
		.load_balancer_offer = "lb11",
		/* volumes are 10 GB to 10 TB (docs.hetzner.com/cloud/volumes/overview) */
		.volume_offer = "volume",
		.volume_min_gb = 10,
	},
	[IPL_PROVIDER_KOYEB] = {
		.id = IPL_PROVIDER_KOYEB,
		.name = "koyeb",
		.plan = ipl_plan_instance_groups,
		.cost = ipl_cost_servers,
		.emit_terraform = ipl_koyeb_emit_terraform,
		.routes = true,
		.default_task_cpu_m = 500,
		.default_region = "fra",
		.currency = "USD",
		/* services reach each other by name on Koyeb's mesh (http://worker:8080) */
		.network_label = "Koyeb service mesh",
		.egress = "100 GB a month free, then 0.04 USD a GB, not charged yet "
			  "(koyeb.com/docs/faq/pricing)",
	},
	/* a server the user already has: cloud-init and systemd only */
	[IPL_PROVIDER_NONE] = {
		.id = IPL_PROVIDER_NONE,
		.name = "none",
		.plan = ipl_plan_servers,
		.cost = ipl_cost_servers,
		.node_files = true,
		.own_server = true,
		.default_task_cpu_m = 500,
		.network_label = "private network",
		.egress = "your server's own terms",
	},
};

const struct ipl_provider *
ipl_provider_get(enum ipl_provider_id id)
{
	return (size_t)id < IPL_ARRAY_SIZE(providers) ? &providers[id] : NULL;
}

const char *
ipl_provider_name(enum ipl_provider_id id)
{
	const struct ipl_provider *p = ipl_provider_get(id);

	return p ? p->name : "?";
}

void
ipl_provider_names(const char *names[IPL_PROVIDER__COUNT])
{
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(providers); i++)
		names[i] = providers[i].name;
}
