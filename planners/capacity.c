/*
 * capacity.c: the capacity model (capacity.h; docs/sizing.md explains every
 * number here with its source, and says which are assumptions).
 *
 *   peak concurrent = load.concurrent, or the users on the curve below
 *   peak req/s      = load.requests_per_second, or concurrent / think time
 *   a service's req/s = peak req/s x capacity.share (1)
 *   vCPU needed     = req/s / (req/s per vCPU x CPU target)
 *   replicas        = the vCPU needed over one replica's CPU, at least the
 *                     connections over limits.connections, at least 1
 *
 * One replica keeps the spec's cpu; without one it starts at the default
 * size and doubles (to IPL_CAPACITY_MAX_REPLICA_CPU_M) while more than
 * IPL_CAPACITY_REPLICAS_PER_SIZE replicas would be needed, so that a large
 * load gets a few larger replicas rather than many small ones.
 */
#include "core/common.h"

#include <math.h>

#include "planners/capacity.h"

/* ---- The peak -------------------------------------------------------------- */

/*
 * Users to peak concurrent users: the midpoints of a chat service's own
 * planning assumptions (about 100 of 100 users, 75-125 of 500, 125-175 of
 * 1,000, 300-500 of 5,000), joined by straight lines, and 8% of the users
 * past 5,000 (400 of 5,000). docs/sizing.md, "Concurrency".
 */
static const struct {
	double users, concurrent;
} concurrency_curve[] = {
	{ 0, 0 }, { 100, 100 }, { 500, 100 }, { 1000, 150 }, { 5000, 400 },
};
#define SHARE_PAST_CURVE 0.08

double
ipl_capacity_concurrent_of_users(double users)
{
	size_t i, last = IPL_ARRAY_SIZE(concurrency_curve) - 1;

	if (users <= 0)
		return 0;
	if (users >= concurrency_curve[last].users)
		return ceil(users * SHARE_PAST_CURVE);
	for (i = 1; users > concurrency_curve[i].users; i++)
		;
	return ceil(
		concurrency_curve[i - 1].concurrent +
		(users - concurrency_curve[i - 1].users) /
			(concurrency_curve[i].users - concurrency_curve[i - 1].users) *
			(concurrency_curve[i].concurrent - concurrency_curve[i - 1].concurrent));
}

void
ipl_capacity_peak(struct ipl_peak *out, double users, double concurrent, double rps)
{
	out->users = users > 0 ? users : 0;
	if (concurrent >= 0) {
		out->concurrent = concurrent;
		out->concurrent_from = "load.concurrent";
	} else if (users > 0) {
		out->concurrent = ipl_capacity_concurrent_of_users(users);
		out->concurrent_from = "users";
	} else {
		out->concurrent = 0;
		out->concurrent_from = "none";
	}
	if (rps >= 0) {
		out->rps = rps;
		out->rps_from = "load.requests_per_second";
	} else if (out->concurrent > 0) {
		out->rps = out->concurrent / IPL_CAPACITY_THINK_SECONDS;
		out->rps_from = "concurrent";
	} else {
		out->rps = 0;
		out->rps_from = "none";
	}
}

/* ---- The basis ------------------------------------------------------------ */

/*
 * Requests a second one vCPU serves at 100%, from the CPU time of a typical
 * request of each runtime (1000 ms / CPU ms): assumptions stated in
 * docs/sizing.md, "Throughput", to be replaced by the service's own
 * measurement (capacity.requests_per_vcpu).
 */
static const double runtime_rps[IPL_RUNTIME__COUNT] = {
	[IPL_RUNTIME_NODE] = 200,   [IPL_RUNTIME_PYTHON] = 40,   [IPL_RUNTIME_RUBY] = 40,
	[IPL_RUNTIME_JVM] = 250,    [IPL_RUNTIME_GO] = 400,      [IPL_RUNTIME_DOTNET] = 250,
	[IPL_RUNTIME_NATIVE] = 400, [IPL_RUNTIME_STATIC] = 2000,
};
/* a runtime the spec does not name: 10 ms of CPU a request */
#define UNKNOWN_RUNTIME_RPS 100

double
ipl_capacity_default_rps(const struct ipl_service *s, const char **basis)
{
	enum ipl_runtime r;

	if (s->capacity.requests_per_vcpu.v != IPL_UNSET) {
		*basis = "capacity.requests_per_vcpu";
		return s->capacity.requests_per_vcpu.v;
	}
	if (ipl_service_runtime(s, &r)) {
		*basis = s->runtime_set ? "runtime" : "runtime (inferred)";
		return runtime_rps[r];
	}
	*basis = "unknown runtime";
	return UNKNOWN_RUNTIME_RPS;
}

/* ---- Sizing ------------------------------------------------------------------ */

static double
ipl_setting_or(const struct ipl_num *n, double dflt)
{
	return n->v == IPL_UNSET ? dflt : n->v;
}

static bool
spec_pins_replicas(const struct ipl_service *s)
{
	return s->replicas.v != IPL_UNSET || s->min_replicas.v != IPL_UNSET ||
	       s->max_replicas.v != IPL_UNSET;
}

static int
spec_replicas(const struct ipl_service *s)
{
	if (s->replicas.v != IPL_UNSET)
		return (int)s->replicas.v;
	if (s->max_replicas.v != IPL_UNSET)
		return (int)s->max_replicas.v;
	return s->min_replicas.v > 0 ? (int)s->min_replicas.v : 1;
}

static int
ceil_int(double v)
{
	double c = ceil(v - 1e-9);

	return c < 1 ? 1 : c > 1e6 ? 1000000 : (int)c;
}

/* replicas of cpu_m each for need_vcpu, and at least min */
static int
replicas_for(double need_vcpu, double cpu_m, int min)
{
	int n = ceil_int(need_vcpu * 1000 / cpu_m);

	return n < min ? min : n;
}

void
ipl_capacity_size(struct ipl_capacity *out, const struct ipl_service *s,
		  const struct ipl_peak *peak, const struct ipl_capacity_params *par,
		  struct ipl_arena *arena)
{
	const struct ipl_capacity_spec *cs = &s->capacity;
	double share = cs->share.v != IPL_UNSET ? cs->share.v : 1;
	bool own_cpu = s->cpu_m.v != IPL_UNSET;
	int conn_min = 1, n;
	const char *load;

	memset(out, 0, sizeof(*out));
	out->target = par->target;
	if (s->kind != IPL_KIND_APP && s->kind != IPL_KIND_WORKER &&
	    s->kind != IPL_KIND_STATIC_SITE)
		return;
	out->cpu_m = own_cpu ? s->cpu_m.v : par->default_cpu_m;
	out->mib_per_connection = cs->memory_per_connection_mib.v != IPL_UNSET
					  ? cs->memory_per_connection_mib.v
					  : par->mib_per_connection;
	if (s->kind == IPL_KIND_WORKER || !s->public_port) {
		/* a worker or an internal app: jobs a second, when the spec gives them */
		double job_s = cs->job_seconds.v != IPL_UNSET ? cs->job_seconds.v : 1;
		if (cs->jobs_per_second.v == IPL_UNSET)
			goto unsized;
		out->peak_jobs = cs->jobs_per_second.v;
		out->need_vcpu = out->peak_jobs * job_s / par->target;
		out->rps_per_vcpu = 1 / job_s;
		out->basis = cs->job_seconds.v != IPL_UNSET ? "capacity.job_seconds"
							    : "1 CPU second a job";
		load = ipl_arena_printf(arena, "peak %.6g jobs/s × %.6g s", out->peak_jobs, job_s);
	} else {
		if (peak->rps <= 0 && peak->concurrent <= 0)
			goto unsized;
		out->rps_per_vcpu = ipl_capacity_default_rps(s, &out->basis);
		out->peak_rps = peak->rps * share;
		out->concurrent = ceil(peak->concurrent * share);
		out->need_vcpu = out->peak_rps / (out->rps_per_vcpu * par->target);
		load = ipl_arena_printf(arena, "peak %.6g req/s ÷ %.6g req/s per vCPU",
					out->peak_rps, out->rps_per_vcpu);
		if (s->max_connections.v != IPL_UNSET)
			conn_min = ceil_int(out->concurrent / s->max_connections.v);
	}
	out->sized = true;
	n = replicas_for(out->need_vcpu, out->cpu_m, conn_min);
	while (!own_cpu && n > IPL_CAPACITY_REPLICAS_PER_SIZE &&
	       out->cpu_m * 2 <= IPL_CAPACITY_MAX_REPLICA_CPU_M) {
		out->cpu_m *= 2;
		n = replicas_for(out->need_vcpu, out->cpu_m, conn_min);
	}
	out->binding = n == conn_min && conn_min > 1                  ? "connections"
		       : n == 1 && out->need_vcpu * 1000 < out->cpu_m ? "minimum"
								      : "cpu";
	out->replicas = out->model_replicas = n;
	out->min_replicas = replicas_for(out->need_vcpu / IPL_CAPACITY_PEAK_TO_BASELINE, out->cpu_m,
					 1);
	if (out->min_replicas > n)
		out->min_replicas = n;
	out->max_replicas = ceil_int(n * (1 + par->headroom));
	out->method = ipl_arena_printf(
		arena, "%s at %.0f%% → %.2f vCPU: %d × %.6g vCPU%s", load, par->target * 100,
		out->need_vcpu, n, out->cpu_m / 1000,
		!strcmp(out->binding, "connections")
			? ipl_arena_printf(arena, " (%.0f connections, at most %.0f each)",
					   out->concurrent, s->max_connections.v)
			: "");
	if (spec_pins_replicas(s) || !par->replicas_free) {
		out->pinned = true;
		out->binding = spec_pins_replicas(s) ? "the spec's replicas" : "the spec's nodes";
		out->pinned_by = !spec_pins_replicas(s) ? "the node the spec declares"
				 : s->replicas.v != IPL_UNSET
					 ? ipl_arena_printf(arena, "replicas: %.0f", s->replicas.v)
					 : ipl_arena_printf(
						   arena, "min_replicas %.0f, max_replicas %.0f",
						   ipl_setting_or(&s->min_replicas, 1),
						   ipl_setting_or(
							   &s->max_replicas,
							   ipl_setting_or(&s->min_replicas, 1)));
		out->replicas = spec_replicas(s);
		out->min_replicas = s->replicas.v != IPL_UNSET       ? (int)s->replicas.v
				    : s->min_replicas.v != IPL_UNSET ? (int)s->min_replicas.v
								     : 1;
		out->max_replicas = out->replicas;
	}
	out->memory_mib = (s->memory_mib.v != IPL_UNSET ? s->memory_mib.v
							: par->default_memory_mib) +
			  ceil(out->concurrent / (out->replicas > 0 ? out->replicas : 1)) *
				  out->mib_per_connection;
	out->capacity_rps = out->replicas * out->cpu_m / 1000 * out->rps_per_vcpu * par->target;
	return;
unsized:
	out->replicas = out->model_replicas = out->min_replicas = out->max_replicas = spec_replicas(
		s);
	out->binding = "the spec's request";
	out->memory_mib = s->memory_mib.v != IPL_UNSET ? s->memory_mib.v : par->default_memory_mib;
	out->method = s->kind == IPL_KIND_WORKER || !s->public_port
			      ? "no load to size it from: give capacity.jobs_per_second"
			      : "no load to size it from: give load.users, load.concurrent or "
				"load.requests_per_second";
}

/* ---- Databases -------------------------------------------------------------- */

double
ipl_capacity_engine_max_connections(enum ipl_service_kind k)
{
	/* postgresql.org/docs/current/runtime-config-connection.html: max_connections 100;
	   dev.mysql.com/doc/refman/8.0/en/server-system-variables.html: 151 */
	return k == IPL_KIND_POSTGRES ? 100 : k == IPL_KIND_MYSQL ? 151 : 0;
}

double
ipl_capacity_engine_mib_per_connection(enum ipl_service_kind k)
{
	/* assumptions, docs/sizing.md "Databases": a PostgreSQL backend with its
	   work_mem (4 MB by default); MySQL's per-thread buffers and stack */
	return k == IPL_KIND_POSTGRES ? 10 : k == IPL_KIND_MYSQL ? 3 : 1;
}

double
ipl_capacity_pool(const struct ipl_service *s)
{
	enum ipl_runtime r;

	if (s->capacity.pool.v != IPL_UNSET)
		return s->capacity.pool.v;
	if (!ipl_service_runtime(s, &r))
		return 10;
	switch (r) {
	case IPL_RUNTIME_PYTHON: /* SQLAlchemy pool_size 5 */
	case IPL_RUNTIME_RUBY:   /* Rails pool 5 (RAILS_MAX_THREADS) */
		return 5;
	case IPL_RUNTIME_DOTNET: /* Npgsql Max Pool Size 100 */
		return 100;
	case IPL_RUNTIME_NODE: /* node-postgres max 10 */
	case IPL_RUNTIME_JVM:  /* HikariCP maximumPoolSize 10 */
	case IPL_RUNTIME_GO:
	case IPL_RUNTIME_NATIVE:
	case IPL_RUNTIME_STATIC:
	case IPL_RUNTIME__COUNT:
		break;
	}
	return 10;
}

/* the engine itself, before its cache and connections: an assumption of docs/sizing.md */
#define DB_BASE_MIB 256
/* the hot part of the data when the spec does not say: docs/sizing.md "Databases" */
#define DEFAULT_WORKING_SET_SHARE 0.1

void
ipl_capacity_database(struct ipl_db_capacity *out, const struct ipl_spec *spec,
		      const struct ipl_service *db, const struct ipl_capacity *caps,
		      struct ipl_arena *arena)
{
	double per_conn = ipl_capacity_engine_mib_per_connection(db->kind);
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		if (s != db && ipl_service_depends_on(s, db->name.s) &&
		    (s->kind == IPL_KIND_APP || s->kind == IPL_KIND_WORKER))
			out->connections += (caps ? caps[i].max_replicas : 1) *
					    ipl_capacity_pool(s);
	}
	out->working_set_gb = db->capacity.working_set_gb.v != IPL_UNSET
				      ? db->capacity.working_set_gb.v
			      : db->storage_gb.v != IPL_UNSET
				      ? db->storage_gb.v * DEFAULT_WORKING_SET_SHARE
				      : 0;
	out->need_memory_mib = DB_BASE_MIB + out->working_set_gb * 1000 * 1000 * 1000 / 1048576 +
			       out->connections * per_conn;
	out->need_memory_mib = ceil(out->need_memory_mib);
	out->method = ipl_arena_printf(
		arena,
		"%d MiB engine + %.6g GB working set + %.0f connections × %.0f MiB = %.0f MiB",
		DB_BASE_MIB, out->working_set_gb, out->connections, per_conn, out->need_memory_mib);
}
