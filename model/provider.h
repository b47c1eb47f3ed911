/*
 * provider.h: what differs between providers, in one struct per provider and
 * one table of them (planners/provider.c), looked up once by the spec's
 * provider id. Nothing outside a provider's own files branches on the id: a
 * planner, the coster or an emitter asks the table (a hook, a flag, a limit)
 * instead, so adding a provider is adding its files and one table entry.
 *
 * Emitters reach their provider through plan->provider, never the lookup, so
 * that they depend on the model only.
 */
#ifndef IPL_MODEL_PROVIDER_H
#define IPL_MODEL_PROVIDER_H

#include "core/common.h"
#include "core/diag.h"
#include "model/spec.h"

struct ipl_plan;
struct ipl_planner;
struct ipl_coster;
struct ipl_fileset;

struct ipl_provider {
	enum ipl_provider_id id;
	const char *name; /* as written after provider: in the spec */
	/* places the services on nodes or managed resources and sizes them */
	int (*plan)(struct ipl_planner *p, struct ipl_plan *plan);
	/* the monthly lines of the nodes or resources the plan holds */
	void (*cost)(struct ipl_coster *c);
	/* Terraform for the nodes, or NULL when nothing is created (provider none) */
	int (*emit_terraform)(const struct ipl_plan *plan, struct ipl_fileset *out,
			      struct ipl_diags *diags);
	/* the nodes are servers that get nodes/NODE/cloud-init.yaml and systemd units */
	bool node_files;
	/* the most bytes of cloud-init user data a server accepts; 0 for no known limit */
	size_t user_data_max;
	/*
	 * the provider gives each server its private address when it joins the
	 * private network, and Terraform cannot choose it (Contabo): the plan
	 * leaves the nodes' private_ip NULL and each server finds its own at boot
	 */
	bool assigns_private_ips;
	/* one server the user already has: not sized, not bought, not created */
	bool own_server;
	/* infraplan chooses between layout single and split (the budget tries the other) */
	bool chooses_layout;
	/* a public service is reached on a route (service: route:) rather than its port */
	bool routes;
	/* prices differ by the spec's region: the catalog loads that region's cached prices */
	bool regional_prices;
	/*
	 * services run as tasks of fixed sizes (Fargate) with Spot capacity and
	 * databases with storage autoscaling: the rightsizing rules of 003
	 */
	bool managed_tasks;
	/* a task's CPU when the spec gives none, in millicores */
	double default_task_cpu_m;
	/* backups are part of the managed databases (RDS), not a priced storage line */
	bool backups_included;
	/* catalog id of the public IPv4 address billed with each server, or NULL */
	const char *server_ipv4_offer;
	/*
	 * where `compare` plans a spec of another provider: the region its
	 * embedded prices are for, and the currency it bills in (its catalog's)
	 */
	const char *default_region;
	const char *currency;
	/* what the private network is called in a picture of the plan (planners/mermaid.c) */
	const char *network_label;
	/*
	 * outbound traffic: what is included and what more costs, with its
	 * source (../shared/reference/prices.md); compare shows it, no line
	 * prices it (a spec says no traffic)
	 */
	const char *egress;
	/*
	 * catalog id of the load balancer in front of app nodes when the plan runs
	 * more than one, or NULL when the provider has none the plan can create
	 */
	const char *load_balancer_offer;
	/*
	 * catalog id of the block volume (per GB-month) that holds each stateful
	 * service's data, or NULL when the provider has none (Contabo: the data
	 * stays on the server's own disk); volume_min_gb is its smallest size
	 */
	const char *volume_offer;
	double volume_min_gb;
};

#endif
