/*
 * plan.h: the plan model, types only: which nodes, of which catalog type,
 * running which services with which resource budgets, and why. The planner
 * that builds it is planners/plan.h.
 *
 * ipl_plan_build sizes each node from its services' requests plus headroom
 * (OS reserve, per-connection memory, headroom fractions) and picks the
 * cheapest catalog type that fits, recording which constraint decided. The
 * layout follows the spec (single, split) or, with auto, 001's rules: split
 * above 200 concurrent connections, at 5,000 users, or when no single node
 * fits. Problems a user should hear about (a service's own connection cap
 * under the load, uploads outgrowing the disk, a budget exceeded) are
 * warnings in the diagnostics list, each with the number that triggered it.
 *
 * Emitters (providers/) read this model and nothing of the YAML.
 */
#ifndef IPL_MODEL_PLAN_H
#define IPL_MODEL_PLAN_H

#include "core/common.h"
#include "core/diag.h"
#include "model/spec.h"
/* the catalog's entries are only pointed to: catalog/catalog.h defines them */
struct ipl_catalog;
struct ipl_offer;
struct ipl_price;

struct ipl_provider;

enum ipl_node_role {
	IPL_ROLE_SINGLE,  /* everything on one node */
	IPL_ROLE_APP,     /* app services of a split layout */
	IPL_ROLE_DB,      /* databases of a split layout, private address only */
	IPL_ROLE_PINNED,  /* a node the spec declared under "nodes" */
	IPL_ROLE_SERVICE, /* one managed instance group per service (Koyeb) */
};

/*
 * The peak load the public services serve (planners/capacity.c): given by
 * the spec, or derived from the users with the ratios of docs/sizing.md.
 */
struct ipl_peak {
	double users;
	double concurrent;
	double rps;
	const char *concurrent_from; /* "load.concurrent", "users" (the ratio), "none" */
	const char *rps_from;        /* "load.requests_per_second", "concurrent", "none" */
};

/*
 * How the capacity model sized one app or worker: what it serves at the
 * peak, on what basis, and the replicas and size that follow. The plan
 * shows it, the JSON carries it; the planners place what it decided.
 */
struct ipl_capacity {
	bool sized;    /* the model had a load to size it from */
	bool database; /* a database: memory_mib from its data and connections, method says how */
	double connections;  /* database: what the services that depend on it open at their peak */
	bool pinned;         /* the spec fixed the replicas (or the nodes): they stand */
	double peak_rps;     /* requests a second this service serves at the peak */
	double peak_jobs;    /* worker: jobs a second */
	double concurrent;   /* connections it holds at the peak */
	double rps_per_vcpu; /* the basis: req/s per vCPU at 100% */
	double mib_per_connection;
	const char *
		basis; /* where rps_per_vcpu came from: "runtime ruby", "capacity.requests_per_vcpu" */
	double target;         /* the CPU target as a fraction: 0.6 */
	double need_vcpu;      /* at the peak, at the target */
	double cpu_m;          /* one replica */
	double memory_mib;     /* one replica, its connections' memory included */
	int replicas;          /* at the peak: what is placed when not pinned */
	int min_replicas;      /* autoscaling: the baseline */
	int max_replicas;      /* autoscaling: the peak with headroom */
	int model_replicas;    /* pinned: what the model would have chosen */
	const char *pinned_by; /* pinned: "replicas: 1", "min_replicas 1, max_replicas 4" */
	double capacity_rps;   /* what the planned replicas serve at the target */
	const char *binding;   /* "cpu", "connections", "minimum", "the spec's replicas" */
	const char *method;    /* one sentence: "peak 420 req/s ÷ 180 req/s per vCPU at 60% ..." */
};

/* one service as placed on a node, with the budget systemd enforces */
struct ipl_placed_service {
	const struct ipl_service *svc;
	double cpu_m; /* budget: the request, or a default for the kind */
	double memory_mib;
	double disk_gb;
	int port;          /* 0 when the service listens on nothing */
	bool public_port;  /* opened in the firewall */
	bool private_only; /* bound to the private address (databases in split) */
	/*
	 * Koyeb: the public path routed to the port, or NULL when the port is
	 * reachable on the service mesh only. Set for a public service, and for
	 * a service that is not public only when it scales to zero and the spec
	 * gave the route it wakes on (public_port false: a wake route)
	 */
	const char *route;
	const char *unit_name;               /* "infraplan-api.service" */
	const struct ipl_capacity *capacity; /* how load sized it; NULL for other kinds */
	/*
	 * served over HTTPS at this name (ipl_service_domain): behind Caddy on a
	 * server (its port stays private, 80 and 443 open), with an ACM
	 * certificate on AWS; NULL: served as it is
	 */
	const char *domain;
};

/* what a plan node is; each kind reads the fields its comment names */
enum ipl_node_kind {
	IPL_NODE_SERVER,         /* a server running services under systemd */
	IPL_NODE_INSTANCE_GROUP, /* a managed instance group of one service (Koyeb) */
	IPL_NODE_AWS,            /* a managed AWS resource of one service: node.aws */
};

enum ipl_aws_kind {
	IPL_AWS_UNPLANNED,   /* a service the plan refused (an error says why): nothing made */
	IPL_AWS_FARGATE,     /* an ECS service of Fargate tasks */
	IPL_AWS_RDS,         /* a database instance */
	IPL_AWS_ELASTICACHE, /* a Redis cache cluster */
	IPL_AWS_SQS,         /* a queue and its dead-letter queue */
	IPL_AWS_S3,          /* a bucket */
};

struct ipl_aws_resource {
	enum ipl_aws_kind kind;
	int task_cpu;                                      /* Fargate CPU units: 1024 = 1 vCPU */
	int task_memory;                                   /* Fargate MiB */
	const char *cpu_arch;                              /* "X86_64" or "ARM64" */
	int on_demand_base, on_demand_weight, spot_weight; /* capacity provider strategy */
	double storage_gb, storage_max_gb;
	int retention_days; /* RDS backups, ElastiCache snapshots */
};

/* how many instances of a managed service run, and for how long (Koyeb, Fargate) */
struct ipl_instances {
	int min_count, max_count;
	double active_hours; /* billed hours a month per instance: 730 when always on */
	bool scale_to_zero;
};

/*
 * a block volume that holds one service's data directory, so that the
 * server can be replaced and the data stays (providers with block volumes:
 * Hetzner). Sized from the service's storage grown over the horizon.
 */
struct ipl_plan_volume {
	const struct ipl_service *svc; /* whose data it holds */
	const char *mount;             /* its data directory: "/var/lib/postgresql" */
	double size_gb;                /* whole GB, at least the provider's minimum */
	double storage_gb;             /* what the spec said the service keeps, 0 when unset */
	const struct ipl_price *price; /* per GB-month, or NULL when the catalog has none */
};

struct ipl_plan_node {
	enum ipl_node_kind kind;
	const char *name; /* "app", "db", "main" or the pinned name */
	enum ipl_node_role role;
	const struct ipl_offer *type;
	const struct ipl_price *price;
	int count;
	struct ipl_placed_service *services;
	size_t services_nr;
	double need_cpu_m; /* what the services need including headroom */
	double need_memory_mib;
	double need_disk_gb;
	const char *decided_by; /* "cpu", "memory", "disk", "pinned" or "smallest" */
	/* on the private network, "10.0.1.N"; NULL when the provider assigns it */
	const char *private_ip;
	/* servers: the load balancer in front of the count copies, or NULL for one server */
	const struct ipl_offer *load_balancer;
	const struct ipl_price *load_balancer_price;
	const char *copies_reason; /* why count copies: none larger fits, or they cost less */
	/* IPL_NODE_INSTANCE_GROUP, and IPL_NODE_AWS of kind Fargate */
	struct ipl_instances instances;
	/* IPL_NODE_AWS only */
	struct ipl_aws_resource aws;
	/* servers: the volumes holding its services' data (provider volume_offer) */
	struct ipl_plan_volume *volumes;
	size_t volumes_nr;
	/*
	 * the name the same server had in the other layout, or NULL: the app node
	 * of a split layout is the single layout's main server (it keeps the
	 * public address and the uploads), so its resources are moved, not
	 * replaced, and the database comes to the new db node by migration
	 */
	const char *moved_from;
};

struct ipl_plan {
	const struct ipl_spec *spec;
	const struct ipl_provider *provider; /* the spec's, from the provider table */
	const struct ipl_catalog *catalog;
	int prices_date;        /* spec's prices_as_of, or the catalog's date */
	enum ipl_layout layout; /* single or split after auto was decided */
	const char *layout_reason;
	struct ipl_plan_node *nodes;
	size_t nodes_nr;
	const struct ipl_scenario *scenario; /* the spec's scenario for --hours, or NULL */
	double gpu_hours; /* the usage hours planned for, IPL_UNSET when not given */
	struct ipl_peak peak;
	double data_factor; /* the spec's data (storage, uploads, backups) times this: forecast */
	struct ipl_capacity *capacity; /* one per spec service, in the spec's order */
	const char *network_cidr;      /* private network, "10.0.0.0/16" */
	const char *subnet_cidr;       /* "10.0.1.0/24" */
};

#endif
