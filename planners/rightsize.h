/*
 * rightsize.h: the rules that turn requests and observed use into sizes AWS
 * accepts, and the recommendations `infraplan rightsize` prints.
 *
 * - Fargate takes only certain CPU/memory pairs (AWS ECS docs, "task CPU and
 *   memory",
 *   docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html): requests round up to the cheapest valid pair;
 *   anything beyond 16 vCPU / 120 GB is refused with the nearest valid sizes.
 * - Graviton (t4g) classes cost less than their x86 twins of the same size.
 * - Observed p95 use sizes a task with headroom: CPU at the autoscaling target
 *   (60% by default), memory with 25% to spare.
 */
#ifndef IPL_RIGHTSIZE_H
#define IPL_RIGHTSIZE_H

#include "core/common.h"
#include "core/buf.h"

struct ipl_fargate_size {
	int cpu;    /* units: 1024 = 1 vCPU */
	int memory; /* MiB */
};

bool ipl_fargate_valid(int cpu, int memory);
/*
 * The cheapest valid size with at least cpu_m millicores and mem_mib MiB.
 * Returns 0, or -1 when no size is that large; then `why` lists the nearest
 * valid sizes.
 */
int ipl_fargate_round_up(double cpu_m, double mem_mib, struct ipl_fargate_size *out,
			 struct ipl_buf *why);
/* "db.t3.micro" -> "db.t4g.micro", "cache.t3.small" -> "cache.t4g.small"; NULL when none */
const char *ipl_graviton_equivalent(const char *instance_class, char *buf, size_t len);
/* the size observed use needs: p95 CPU over the target utilisation, memory + 25% */
void ipl_size_from_observed(double cpu_p95_m, double mem_p95_mib, double cpu_target_pct,
			    double *cpu_m, double *mem_mib);

#endif

/* ---- Recommendations (infraplan rightsize, gen --rightsize) ---------------- */

#include "core/arena.h"
#include "model/spec.h"
#include "catalog/catalog.h"

enum ipl_rec_kind {
	IPL_REC_SIZE,        /* cpu and memory requests */
	IPL_REC_INSTANCE,    /* a managed instance class */
	IPL_REC_STORAGE_CAP, /* storage autoscaling cap */
	IPL_REC_SPOT,        /* capacity provider strategy */
};

struct ipl_recommendation {
	enum ipl_rec_kind kind;
	size_t service; /* index into spec->services */
	const char *resource;
	const char *current; /* "512 CPU / 1024 MiB" */
	const char *recommended;
	const char *rule; /* the rule that fired, with its reason */
	double cpu_m, memory_mib, storage_gb, spot_weight;
	const char *instance_type;
	double saving; /* monthly, filled by the caller that prices both */
};

/* the recommendations for a spec, in service order; none is fine */
void ipl_rightsize_recommend(const struct ipl_spec *spec, const struct ipl_catalog *cat,
			     struct ipl_recommendation **out, size_t *nr, struct ipl_arena *arena);
/* a copy of spec with recs[0..n) applied, in arena (the original is not touched) */
struct ipl_spec *ipl_rightsize_apply(const struct ipl_spec *spec,
				     const struct ipl_recommendation *recs, size_t n,
				     struct ipl_arena *arena);
