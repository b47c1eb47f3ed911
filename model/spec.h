/*
 * spec.h: the typed model of an infraplan spec (infraplan.yaml).
 *
 * The YAML tree ends in the spec loader (spec_load.c; the keys of each
 * mapping are the tables of spec_fields.h): everything past ipl_spec_load
 * sees only these structs. Every value keeps the position it was read from,
 * so a planner that objects to a value can still point into the YAML.
 * Everything here lives in the arena passed to ipl_spec_load and is released
 * with it.
 *
 * Units: CPU in millicores, memory and disk in MiB, storage sizes in GB
 * (decimal, as providers bill them), money as double in the named currency.
 * A quantity the spec did not give is -1 (IPL_UNSET).
 */
#ifndef IPL_SPEC_H
#define IPL_SPEC_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"

#define IPL_UNSET (-1)

enum ipl_provider_id {
	IPL_PROVIDER_AWS,
	IPL_PROVIDER_CONTABO,
	IPL_PROVIDER_HETZNER,
	IPL_PROVIDER_KOYEB,
	IPL_PROVIDER_NONE,
	IPL_PROVIDER__COUNT
};

enum ipl_layout {
	IPL_LAYOUT_AUTO,
	IPL_LAYOUT_SINGLE,
	IPL_LAYOUT_SPLIT
};

enum ipl_service_kind {
	IPL_KIND_APP,
	IPL_KIND_WORKER,
	IPL_KIND_STATIC_SITE,
	IPL_KIND_POSTGRES,
	IPL_KIND_MYSQL,
	IPL_KIND_MONGODB,
	IPL_KIND_REDIS,
	IPL_KIND_RABBITMQ,
	IPL_KIND_QUEUE,
	IPL_KIND_OBJECT_STORAGE,
	IPL_KIND__COUNT
};

enum ipl_arch {
	IPL_ARCH_ANY,
	IPL_ARCH_X86,
	IPL_ARCH_ARM
};

/* what runs an app or worker: the sandbox profile and the throughput defaults follow it */
enum ipl_runtime {
	IPL_RUNTIME_NODE,
	IPL_RUNTIME_PYTHON,
	IPL_RUNTIME_RUBY,
	IPL_RUNTIME_JVM,
	IPL_RUNTIME_GO,
	IPL_RUNTIME_DOTNET,
	IPL_RUNTIME_NATIVE,
	IPL_RUNTIME_STATIC,
	IPL_RUNTIME__COUNT
};

/* tls: acme (Let's Encrypt, the default) or internal (Caddy's own CA, for tests) */
enum ipl_tls {
	IPL_TLS_ACME,
	IPL_TLS_INTERNAL,
	IPL_TLS__COUNT
};

enum ipl_extra_kind {
	IPL_EXTRA_DOMAIN,
	IPL_EXTRA_SMTP,
	IPL_EXTRA_WEB_HOSTING,
	IPL_EXTRA_MONITORING,
	IPL_EXTRA_OTHER,
	IPL_EXTRA__COUNT
};

/* a string as written in the spec, with its position */
struct ipl_str {
	const char *s; /* NULL when absent */
	struct ipl_loc loc;
};

struct ipl_num {
	double v; /* IPL_UNSET when absent */
	struct ipl_loc loc;
};

struct ipl_money {
	double amount;        /* IPL_UNSET when absent */
	const char *currency; /* ISO code; NULL means the spec's currency */
	struct ipl_loc loc;
};

struct ipl_rate {
	const char *code; /* 1 EUR = value CODE */
	double value;
	struct ipl_loc loc;
};

struct ipl_env_var {
	const char *key;
	const char *value;  /* a plain value, or NULL */
	const char *secret; /* the name of a secret to read at deploy time, or NULL */
	struct ipl_loc loc;
};

/*
 * capacity: the throughput basis of an app or worker and the data of a
 * database, each overriding a default of the capacity model
 * (planners/capacity.h, docs/sizing.md). IPL_UNSET when not given.
 */
struct ipl_capacity_spec {
	struct ipl_num requests_per_vcpu; /* req/s one vCPU serves at 100% */
	struct ipl_num memory_per_connection_mib;
	struct ipl_num share;           /* fraction of the peak requests this service serves */
	struct ipl_num jobs_per_second; /* worker: peak jobs a second to keep up with */
	struct ipl_num job_seconds;     /* worker: CPU seconds of one job */
	struct ipl_num pool;            /* database connections each replica opens */
	struct ipl_num working_set_gb;  /* database: the hot part of the data, kept in memory */
	struct ipl_loc loc;
};

struct ipl_service {
	struct ipl_str name;
	enum ipl_service_kind kind;
	struct ipl_loc kind_loc;
	struct ipl_loc loc; /* the service's mapping */
	struct ipl_str command;
	struct ipl_str image;
	struct ipl_num port;
	bool public_port; /* reachable from the internet */
	struct ipl_str health_path;
	struct ipl_str route; /* Koyeb: the public path routed to its port */
	struct ipl_env_var *env;
	size_t env_nr;
	struct ipl_num replicas;
	struct ipl_num min_replicas;
	struct ipl_num max_replicas;
	struct ipl_num cpu_m;          /* request, millicores */
	struct ipl_num memory_mib;     /* request */
	struct ipl_num disk_gb;        /* local disk the service needs */
	struct ipl_num storage_gb;     /* data the service keeps (databases, object storage) */
	struct ipl_num storage_max_gb; /* a cap for storage autoscaling (RDS max_allocated_storage) */
	struct ipl_str instance_type; /* a managed instance class the service runs on today */
	struct ipl_str gpu;
	struct ipl_num hours_per_month; /* for workers that scale to zero */
	bool stateful;
	bool stateful_set;
	bool singleton;
	enum ipl_arch arch;
	/*
	 * runtime holds a value when runtime_set (the spec gave it, at
	 * runtime_loc) or runtime_inferred (read from the command, the image
	 * or the kind); neither: unknown. ipl_service_runtime asks it.
	 */
	enum ipl_runtime runtime;
	struct ipl_loc runtime_loc;
	bool runtime_set;
	bool runtime_inferred;
	struct ipl_num max_connections;     /* the service's own connection cap */
	struct ipl_num observed_cpu_m;      /* p95 */
	struct ipl_num observed_memory_mib; /* p95 */
	struct ipl_capacity_spec capacity;
	struct ipl_str node; /* placement on a named node */
	struct ipl_str *depends_on;
	size_t depends_on_nr;
	/* servers: where the code runs (absolute, or relative to /srv/NAME) and what it may write */
	struct ipl_str workdir;
	struct ipl_str *writable; /* relative to the app directory */
	size_t writable_nr;
	struct ipl_str domain; /* served over HTTPS by Caddy (servers) or ACM (AWS) */
};

struct ipl_node_spec {
	struct ipl_str name;
	struct ipl_str type; /* a catalog type id, pinned */
	struct ipl_num count;
	/* the size of a server the user already has (provider none) */
	struct ipl_num cpu_m;
	struct ipl_num memory_mib;
	struct ipl_num disk_gb;
	struct ipl_loc loc;
};

struct ipl_backup_schedule {
	struct ipl_str kind;  /* full | incremental */
	struct ipl_str every; /* hourly | daily | weekly | monthly | an OnCalendar= value */
	struct ipl_loc loc;
};

struct ipl_backup {
	bool present;
	struct ipl_str target;  /* a catalog storage id (b2, s3, local...) */
	struct ipl_num size_gb; /* retained backup size; default: uploads + service data */
	struct ipl_num retention_days;
	struct ipl_backup_schedule *schedules;
	size_t schedules_nr;
	struct ipl_loc loc;
};

struct ipl_extra {
	enum ipl_extra_kind kind;
	struct ipl_str name;
	struct ipl_str plan; /* a catalog id, or NULL when priced here */
	struct ipl_money monthly;
	struct ipl_money yearly; /* amortised over 12 months */
	struct ipl_loc loc;
};

struct ipl_override {
	struct ipl_str target; /* a node name, a catalog id or an extra's name */
	struct ipl_money monthly;
	struct ipl_str note;
	struct ipl_loc loc;
};

/* a what-if column for `cost --hours`: other usage hours and, optionally, other prices */
struct ipl_scenario {
	struct ipl_str name;
	struct ipl_num gpu_hours;
	struct ipl_override *overrides;
	size_t overrides_nr;
	struct ipl_loc loc;
};

struct ipl_load {
	struct ipl_num users;
	struct ipl_num concurrent;
	struct ipl_num requests_per_second;
	struct ipl_num uploads_gb;
	struct ipl_num monthly_growth;   /* fraction per month: 0.05 = 5% */
	struct ipl_num gpu_hours;        /* processing hours a month (GPU workers) */
	struct ipl_num audio_hours;      /* media hours a month to process ... */
	struct ipl_num processing_ratio; /* ... times this: gpu_hours when not given */
};

/* thresholds and ratios the planner uses; each has a documented default */
struct ipl_settings {
	struct ipl_num split_above_concurrent; /* 001: split above 200 concurrent devices */
	struct ipl_num split_at_users;         /* 001: split by 5,000 total users */
	struct ipl_num cpu_headroom;           /* fraction kept free on a node */
	struct ipl_num memory_headroom;
	struct ipl_num memory_per_connection_mib;
	struct ipl_num spot_weight;          /* FARGATE_SPOT weight, 003: 70 */
	struct ipl_num on_demand_base;       /* FARGATE base, 1 */
	struct ipl_num autoscale_cpu_target; /* percent, 60 */
	struct ipl_str ssh_allowed_cidr;
	bool nat_gateway; /* AWS: give the private subnets a NAT gateway */
	struct ipl_loc nat_gateway_loc;
};

struct ipl_spec {
	const char *path;
	struct ipl_str name;
	enum ipl_provider_id provider;
	struct ipl_loc provider_loc;
	struct ipl_str region;
	struct ipl_str currency;
	struct ipl_rate *rates;
	size_t rates_nr;
	struct ipl_str prices_as_of; /* YYYY-MM-DD */
	int prices_as_of_ymd;        /* 20260327, or 0 when absent */
	enum ipl_layout layout;
	struct ipl_loc layout_loc;
	struct ipl_load load;
	struct ipl_settings settings;
	struct ipl_service *services;
	size_t services_nr;
	struct ipl_node_spec *nodes;
	size_t nodes_nr;
	struct ipl_backup backup;
	struct ipl_extra *extras;
	size_t extras_nr;
	struct ipl_override *overrides;
	size_t overrides_nr;
	struct ipl_scenario *scenarios;
	size_t scenarios_nr;
	struct ipl_money budget;
	struct ipl_str admin_user;
	struct ipl_str ssh_public_key; /* or a variable to fill at apply time */
	struct ipl_str domain;         /* of the one public HTTP service that gives none */
	enum ipl_tls tls;              /* where Caddy's certificates come from */
};

/*
 * The names and questions of the model (model/spec_model.c). The spec loader's
 * entry points are in planners/spec_load.h.
 */
#define IPL_LAYOUT__COUNT 3
extern const char *const ipl_layout_names[IPL_LAYOUT__COUNT];
extern const char *const ipl_service_kind_names[IPL_KIND__COUNT];
extern const char *const ipl_extra_kind_names[IPL_EXTRA__COUNT];
extern const char *const ipl_runtime_names[IPL_RUNTIME__COUNT];
const char *ipl_layout_name(enum ipl_layout l);
const char *ipl_service_kind_name(enum ipl_service_kind k);
const char *ipl_extra_kind_name(enum ipl_extra_kind k);
const char *ipl_runtime_name(enum ipl_runtime r);
/* the service's runtime, given or inferred; false when unknown */
bool ipl_service_runtime(const struct ipl_service *s, enum ipl_runtime *out);
/* the runtime a command line, an image or a kind names; false when none does */
bool ipl_runtime_infer(const struct ipl_service *s, enum ipl_runtime *out);
bool ipl_service_kind_is_database(enum ipl_service_kind k);
/*
 * The domain a public app is served on over HTTPS: its own, or the spec's
 * top-level one when it is the one public app without its own; else NULL
 */
const char *ipl_service_domain(const struct ipl_spec *spec, const struct ipl_service *s);
/* how many public apps give no domain of their own (the top-level one needs exactly one) */
size_t ipl_spec_domain_candidates(const struct ipl_spec *spec);
/* true when s lists the service NAME in depends_on */
bool ipl_service_depends_on(const struct ipl_service *s, const char *name);
/* a service with state of its own: databases, brokers, object storage, or marked stateful */
bool ipl_service_is_stateful(const struct ipl_service *s);
/* the directory a packaged stateful service keeps its data in, or NULL (apps, static sites) */
const char *ipl_service_data_dir(const struct ipl_service *s);
/*
 * a variable name that looks like it holds a secret (PASSWORD, TOKEN, API_KEY...,
 * in any case): the spec must give it as {secret: NAME}, check hides its value
 */
bool ipl_name_looks_secret(const char *name, size_t len);
const struct ipl_service *ipl_spec_find_service(const struct ipl_spec *spec, const char *name);

#endif
