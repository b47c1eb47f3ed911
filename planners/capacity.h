/*
 * capacity.h: the capacity model (docs/sizing.md). From the spec's load it
 * derives the peak the public services serve, and from each app's or
 * worker's throughput basis the replicas and the size of each that serve it
 * at the CPU target (settings.autoscale_cpu_target). Databases get the
 * memory their working set and connections need, and a warning when the
 * apps' pools exceed the engine's connection limit.
 *
 * Pure arithmetic over the spec: no catalog, no provider. The planners
 * (plan.c, plan_aws.c) place what it decides; docs/sizing.md gives every
 * default with its source, and tests/unit/test_capacity.c checks the
 * model by hand-computed cases.
 */
#ifndef IPL_CAPACITY_H
#define IPL_CAPACITY_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"
#include "model/plan.h"

/* one replica grows by doubling up to this CPU before the model adds replicas instead */
#define IPL_CAPACITY_MAX_REPLICA_CPU_M 4000
/* replicas of one size before the model doubles the size (when the spec gives no cpu) */
#define IPL_CAPACITY_REPLICAS_PER_SIZE 4
/* an active user's think time between requests, seconds */
#define IPL_CAPACITY_THINK_SECONDS 10
/* the peak over the day's average: the baseline autoscaling keeps is the peak over this */
#define IPL_CAPACITY_PEAK_TO_BASELINE 3

/* the peak concurrent users of a number of users (docs/sizing.md "Concurrency") */
double ipl_capacity_concurrent_of_users(double users);

/* the peak of a load: concurrent and requests a second, derived when not given */
void ipl_capacity_peak(struct ipl_peak *out, double users, double concurrent, double rps);

/* the default req/s per vCPU of a runtime; basis names where it came from */
double ipl_capacity_default_rps(const struct ipl_service *s, const char **basis);

/*
 * What sizing asks beyond the service: the CPU target (a fraction), the
 * headroom above the peak for the autoscaling maximum, the memory per
 * connection (settings.memory_per_connection), the size of one replica
 * when the spec gives no cpu, and whether the plan may change the
 * replicas (false when the spec declares nodes).
 */
struct ipl_capacity_params {
	double target;
	double headroom;
	double mib_per_connection;
	double default_cpu_m;
	double default_memory_mib;
	bool replicas_free;
};

/*
 * Sizes service s for peak into *out (an app or worker; other kinds get
 * sized = false). Uses the arena for the method's sentence.
 */
void ipl_capacity_size(struct ipl_capacity *out, const struct ipl_service *s,
		       const struct ipl_peak *peak, const struct ipl_capacity_params *par,
		       struct ipl_arena *arena);

/* ---- Databases ----------------------------------------------------------- */

/* the engine's connection limit by default (postgres 100, mysql 151), 0 for none known */
double ipl_capacity_engine_max_connections(enum ipl_service_kind k);
/* the memory one connection of the engine holds, MiB */
double ipl_capacity_engine_mib_per_connection(enum ipl_service_kind k);
/* the connections one replica of s opens to its databases: capacity.pool or its runtime's */
double ipl_capacity_pool(const struct ipl_service *s);

/*
 * The database db as the capacity model sees it: the connections of every
 * app or worker that depends on it (replicas x pool), and the memory its
 * working set and those connections need. caps[i] is the sizing of
 * spec->services[i].
 */
struct ipl_db_capacity {
	double connections;
	double working_set_gb;
	double need_memory_mib;
	const char *method;
};
void ipl_capacity_database(struct ipl_db_capacity *out, const struct ipl_spec *spec,
			   const struct ipl_service *db, const struct ipl_capacity *caps,
			   struct ipl_arena *arena);

#endif
