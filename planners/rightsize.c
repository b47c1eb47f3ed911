/* rightsize.c: see rightsize.h. */
#include "core/common.h"
#include "planners/provider.h"

#include <math.h>

#include "planners/rightsize.h"

static double
setting_or(double v, double dflt)
{
	return v == IPL_UNSET ? dflt : v;
}

/* docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html */
static const struct {
	int cpu, min, max, step;
} fargate_table[] = {
	{ 256, 512, 2048, 0 }, /* 512, 1024, 2048 */
	{ 512, 1024, 4096, 1024 },   { 1024, 2048, 8192, 1024 },   { 2048, 4096, 16384, 1024 },
	{ 4096, 8192, 30720, 1024 }, { 8192, 16384, 61440, 4096 }, { 16384, 32768, 122880, 8192 },
};

/* the memory sizes of row r, in order */
static int
row_memories(size_t r, int *out, int max)
{
	int n = 0, m;

	if (fargate_table[r].step == 0) {
		out[n++] = 512;
		out[n++] = 1024;
		out[n++] = 2048;
		return n;
	}
	for (m = fargate_table[r].min; m <= fargate_table[r].max && n < max;
	     m += fargate_table[r].step)
		out[n++] = m;
	return n;
}

bool
ipl_fargate_valid(int cpu, int memory)
{
	int mems[64], n, i;
	size_t r;

	for (r = 0; r < IPL_ARRAY_SIZE(fargate_table); r++) {
		if (fargate_table[r].cpu != cpu)
			continue;
		n = row_memories(r, mems, 64);
		for (i = 0; i < n; i++)
			if (mems[i] == memory)
				return true;
	}
	return false;
}

int
ipl_fargate_round_up(double cpu_m, double mem_mib, struct ipl_fargate_size *out,
		     struct ipl_buf *why)
{
	double best_price = 0;
	bool found = false;
	size_t r;

	for (r = 0; r < IPL_ARRAY_SIZE(fargate_table); r++) {
		int mems[64], n = row_memories(r, mems, 64), i;
		double vcpu = fargate_table[r].cpu / 1024.0;
		if (vcpu * 1000 < cpu_m - 1e-9)
			continue;
		for (i = 0; i < n; i++) {
			/* on-demand x86 rates order the sizes; any Fargate rate card does the same */
			double price = vcpu * 0.04048 + mems[i] / 1024.0 * 0.004445;
			if (mems[i] < mem_mib - 1e-9)
				continue;
			if (!found || price < best_price - 1e-12) {
				out->cpu = fargate_table[r].cpu;
				out->memory = mems[i];
				best_price = price;
				found = true;
			}
			break;
		}
	}
	if (found)
		return 0;
	if (why) {
		ipl_buf_adds(why, "the largest Fargate sizes are 8 vCPU with 16 to 60 GB and "
				  "16 vCPU with 32 to 120 GB");
		if (cpu_m <= 16000)
			ipl_buf_addf(why, "; with %.2f vCPU the most memory is %d MiB",
				     cpu_m / 1000,
				     cpu_m <= 8000 ? (cpu_m <= 4000 ? 30720 : 61440) : 122880);
	}
	return -1;
}

const char *
ipl_graviton_equivalent(const char *cls, char *buf, size_t len)
{
	/* t3 -> t4g, m5/m6i -> m6g, r5/r6i -> r6g: same vCPU and memory, Graviton2 */
	static const struct {
		const char *from, *to;
	} families[] = {
		{ ".t3.", ".t4g." },  { ".t2.", ".t4g." }, { ".m5.", ".m6g." },
		{ ".m6i.", ".m6g." }, { ".r5.", ".r6g." }, { ".r6i.", ".r6g." },
	};
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(families); i++) {
		const char *at = strstr(cls, families[i].from);
		if (at) {
			snprintf(buf, len, "%.*s%s%s", (int)(at - cls), cls, families[i].to,
				 at + strlen(families[i].from));
			return buf;
		}
	}
	return NULL;
}

void
ipl_size_from_observed(double cpu_p95_m, double mem_p95_mib, double cpu_target_pct, double *cpu_m,
		       double *mem_mib)
{
	*cpu_m = cpu_p95_m / (cpu_target_pct / 100);
	*mem_mib = mem_p95_mib * 1.25;
}

/* ---- Recommendations ------------------------------------------------------ */

static struct ipl_recommendation *
new_rec(struct ipl_recommendation **recs, size_t *nr, size_t *alloc, struct ipl_arena *arena)
{
	*recs = ipl_arena_grow(arena, *recs, sizeof(**recs), *nr, alloc);
	memset(&(*recs)[*nr], 0, sizeof(**recs));
	return &(*recs)[(*nr)++];
}

static bool
is_task(const struct ipl_service *s)
{
	return s->kind == IPL_KIND_APP || s->kind == IPL_KIND_WORKER ||
	       s->kind == IPL_KIND_STATIC_SITE;
}

void
ipl_rightsize_recommend(const struct ipl_spec *spec, const struct ipl_catalog *cat,
			struct ipl_recommendation **out, size_t *nr, struct ipl_arena *arena)
{
	double target = setting_or(spec->settings.autoscale_cpu_target.v, 60);
	size_t i, alloc = 0;
	const struct ipl_provider *prov = ipl_provider_get(spec->provider);
	bool tasks = prov->managed_tasks, stateless = false;

	*out = NULL;
	*nr = 0;
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		struct ipl_recommendation *r;

		if (is_task(s) && !s->singleton && !(s->stateful_set && s->stateful))
			stateless = true;
		/* observed p95 use: the smallest size that keeps headroom */
		if (is_task(s) && s->observed_cpu_m.v != IPL_UNSET &&
		    s->observed_memory_mib.v != IPL_UNSET) {
			double cur_cpu = s->cpu_m.v != IPL_UNSET ? s->cpu_m.v
								 : prov->default_task_cpu_m;
			double cur_mem = s->memory_mib.v != IPL_UNSET ? s->memory_mib.v : 512;
			double cpu, mem;
			struct ipl_fargate_size cur_sz = { 0, 0 }, rec_sz = { 0, 0 };

			ipl_size_from_observed(s->observed_cpu_m.v, s->observed_memory_mib.v,
					       target, &cpu, &mem);
			if (tasks) {
				if (ipl_fargate_round_up(cur_cpu, cur_mem, &cur_sz, NULL) < 0 ||
				    ipl_fargate_round_up(cpu, mem, &rec_sz, NULL) < 0)
					continue;
				if (rec_sz.cpu == cur_sz.cpu && rec_sz.memory == cur_sz.memory)
					goto instance;
				cpu = rec_sz.cpu * 1000.0 / 1024;
				mem = rec_sz.memory;
			} else {
				/* budgets on a node: round to 50m and 64 MiB */
				/* 600m at 60% is 1000m, not 1000.0000000000001m: no extra step */
				cpu = ceil(cpu / 50 - 1e-9) * 50.0;
				mem = ceil(mem / 64 - 1e-9) * 64.0;
				/* smaller or larger: a VPS or instance type that fits at the target
				   (the caller names the one the budget lands on) */
				if (cpu == cur_cpu && mem == cur_mem)
					goto instance;
			}
			r = new_rec(out, nr, &alloc, arena);
			r->kind = IPL_REC_SIZE;
			r->service = i;
			r->resource = s->name.s;
			r->cpu_m = cpu;
			r->memory_mib = mem;
			if (tasks) {
				r->current = ipl_arena_printf(arena, "%d CPU / %d MiB", cur_sz.cpu,
							      cur_sz.memory);
				r->recommended = ipl_arena_printf(arena, "%d CPU / %d MiB",
								  rec_sz.cpu, rec_sz.memory);
			} else {
				r->current = ipl_arena_printf(arena, "%.2f vCPU / %.0f MiB",
							      cur_cpu / 1000, cur_mem);
				r->recommended = ipl_arena_printf(arena, "%.2f vCPU / %.0f MiB",
								  cpu / 1000, mem);
			}
			r->rule = ipl_arena_printf(
				arena,
				"observed-p95: %.2f vCPU at a %.0f%% target and %.0f MiB + 25%% "
				"need %.0fm / %.0f MiB",
				s->observed_cpu_m.v / 1000, target, s->observed_memory_mib.v,
				s->observed_cpu_m.v / (target / 100),
				s->observed_memory_mib.v * 1.25);
		}
instance:
		/* Graviton: same size, lower price */
		if (s->instance_type.s) {
			char buf[64];
			const char *g = ipl_graviton_equivalent(s->instance_type.s, buf,
								sizeof(buf));
			if (g && ipl_catalog_find(cat, NULL, g)) {
				r = new_rec(out, nr, &alloc, arena);
				r->kind = IPL_REC_INSTANCE;
				r->service = i;
				r->resource = s->name.s;
				r->current = s->instance_type.s;
				r->recommended = ipl_arena_strdup(arena, g);
				r->instance_type = r->recommended;
				r->rule = "graviton: the t4g class of the same size costs less "
					  "(infraplan prices show aws)";
			}
		}
		/* RDS storage autoscaling cap: 2.5 times the allocation (003: 20 GB, cap 50) */
		if (tasks && s->storage_max_gb.v != IPL_UNSET && s->storage_gb.v != IPL_UNSET &&
		    ipl_service_kind_is_database(s->kind)) {
			double cap = ceil(s->storage_gb.v * 2.5 / 10) * 10;
			if (s->storage_max_gb.v > cap) {
				r = new_rec(out, nr, &alloc, arena);
				r->kind = IPL_REC_STORAGE_CAP;
				r->service = i;
				r->resource = s->name.s;
				r->storage_gb = cap;
				r->current = ipl_arena_printf(arena, "storage cap %.0f GB",
							      s->storage_max_gb.v);
				r->recommended = ipl_arena_printf(arena, "storage cap %.0f GB",
								  cap);
				r->rule =
					"storage-cap: at most 2.5 times the allocation bounds a runaway "
					"table's bill (RDS storage autoscaling, docs.aws.amazon.com/"
					"AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html)";
			}
		}
	}
	/* Fargate Spot for stateless services (003: 70% Spot, 30% on demand, base 1) */
	if (tasks && stateless && spec->settings.spot_weight.v == 0) {
		struct ipl_recommendation *r = new_rec(out, nr, &alloc, arena);
		r->kind = IPL_REC_SPOT;
		r->resource = "capacity providers";
		r->current = "on demand only";
		r->recommended = "FARGATE base 1 weight 30, FARGATE_SPOT weight 70";
		r->spot_weight = 70;
		r->rule =
			"fargate-spot: stateless tasks tolerate the 2-minute interruption; the base "
			"task stays on demand, so Spot saves from the second task on (68% less "
			"per task)";
	}
}

struct ipl_spec *
ipl_rightsize_apply(const struct ipl_spec *spec, const struct ipl_recommendation *recs, size_t n,
		    struct ipl_arena *arena)
{
	struct ipl_spec *copy = IPL_ARENA_NEW(arena, struct ipl_spec);
	size_t i;

	*copy = *spec;
	copy->services = IPL_ARENA_ARRAY(arena, struct ipl_service, spec->services_nr + 1);
	memcpy(copy->services, spec->services, spec->services_nr * sizeof(*copy->services));
	for (i = 0; i < n; i++) {
		const struct ipl_recommendation *r = &recs[i];
		struct ipl_service *s = r->kind == IPL_REC_SPOT ? NULL
								: &copy->services[r->service];
		switch (r->kind) {
		case IPL_REC_SIZE:
			s->cpu_m.v = r->cpu_m;
			s->memory_mib.v = r->memory_mib;
			break;
		case IPL_REC_INSTANCE:
			s->instance_type.s = r->instance_type;
			break;
		case IPL_REC_STORAGE_CAP:
			s->storage_max_gb.v = r->storage_gb;
			break;
		case IPL_REC_SPOT:
			copy->settings.spot_weight.v = r->spot_weight;
			break;
		}
	}
	return copy;
}
