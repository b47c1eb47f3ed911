/*
 * plan.h: the planner, which decides a plan (model/plan.h) from a spec and
 * the catalog: the options --tiers and --hours give it, the state a
 * provider's plan hook works in, the hooks themselves and the one entry
 * point, ipl_plan_build. What it decides is in model/plan.h's comment.
 */
#ifndef IPL_PLAN_H
#define IPL_PLAN_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"
#include "model/plan.h"

struct ipl_plan_options {
	double users_override;     /* --tiers: plan for this many users, or IPL_UNSET */
	double gpu_hours_override; /* --hours: usage hours of scale-to-zero services, or IPL_UNSET */
	/*
	 * --forecast: the load times this factor (0: none), and the data too:
	 * storage, uploads and backups grow with it. Both this and
	 * users_override scale the load in the spec's proportions, one code path.
	 */
	double load_factor;
};

/* what a plan is built from and for: the load after --tiers, the settings' values */
struct ipl_planner {
	const struct ipl_spec *spec;
	const struct ipl_catalog *cat;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	int date;
	double users, concurrent, uploads_gb, gpu_hours;
	double data_factor; /* storage grows by it (forecast): 1 otherwise */
	double cpu_headroom, memory_headroom, mib_per_conn;
	struct ipl_peak peak;
	/* the capacity model's sizing of each spec service, in the spec's order (capacity.h) */
	struct ipl_capacity *caps;
};

/* the model's sizing of service s of p's spec */
const struct ipl_capacity *ipl_planner_capacity(const struct ipl_planner *p,
						const struct ipl_service *s);
/* the port s listens on: its own, else its kind's (80 for a static site; 0: none) */
int ipl_planner_service_port(const struct ipl_service *s);
/*
 * the replicas the plan runs of s: the model's at the peak unless the spec
 * fixed them; and the CPU of one replica in millicores (dflt: the kind's)
 */
double ipl_planner_replicas(const struct ipl_planner *p, const struct ipl_service *s);
double ipl_planner_replica_cpu(const struct ipl_planner *p, const struct ipl_service *s,
			       double dflt);

/*
 * The plan hooks of the provider table (struct ipl_provider.plan), called by
 * ipl_plan_build: servers in a single, split or pinned layout (plan.c), one
 * managed instance group per service (Koyeb, plan.c), one managed AWS
 * resource per service (plan_aws.c)
 */
int ipl_plan_servers(struct ipl_planner *p, struct ipl_plan *plan);
int ipl_plan_instance_groups(struct ipl_planner *p, struct ipl_plan *plan);
int ipl_plan_aws(struct ipl_planner *p, struct ipl_plan *plan);
/* "fargate", "rds", "elasticache", "sqs", "s3": the kind as the plan shows it; NULL for unplanned */
const char *ipl_aws_kind_name(enum ipl_aws_kind kind);

/* builds the plan; -1 with errors in diags when the spec cannot be planned */
int ipl_plan_build(struct ipl_plan **out, const struct ipl_spec *spec,
		   const struct ipl_catalog *catalog, const struct ipl_plan_options *opts,
		   struct ipl_arena *arena, struct ipl_diags *diags);

/* the defaults of spec settings, one place */
double ipl_setting(const struct ipl_num *n, double dflt);

#endif
