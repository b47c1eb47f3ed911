/*
 * test_capacity.c: the capacity model (planners/capacity.c), each case
 * computed by hand from docs/sizing.md:
 *
 *   concurrent of users: 100 of 100, 100 of 500, 150 of 1,000, 400 of
 *     5,000 joined by straight lines, 8% past 5,000 (rounded up)
 *   req/s = concurrent / 10 s of think time
 *   vCPU  = req/s / (req/s per vCPU x target)
 *   replicas = ceil(vCPU / one replica's vCPU); without a spec cpu one
 *     replica doubles from the default while more than 4 would be needed
 *   min = the baseline (the peak / 3), max = ceil(replicas x 1.2)
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "plan_fixture.h"
#include "planners/capacity.h"

static const struct ipl_capacity_params servers = {
	.target = 0.6,
	.headroom = 0.2,
	.mib_per_connection = 1,
	.default_cpu_m = 500,
	.default_memory_mib = 512,
	.replicas_free = true,
};

static void
test_concurrency_curve(void **state)
{
	(void)state;
	assert_near(ipl_capacity_concurrent_of_users(50), 50);
	assert_near(ipl_capacity_concurrent_of_users(100), 100);
	assert_near(ipl_capacity_concurrent_of_users(300), 100);
	/* halfway from 500 (100) to 1000 (150) */
	assert_near(ipl_capacity_concurrent_of_users(750), 125);
	assert_near(ipl_capacity_concurrent_of_users(1000), 150);
	/* 150 + 2000 / 4000 x 250 */
	assert_near(ipl_capacity_concurrent_of_users(3000), 275);
	assert_near(ipl_capacity_concurrent_of_users(5000), 400);
	assert_near(ipl_capacity_concurrent_of_users(20000), 1600);
	assert_near(ipl_capacity_concurrent_of_users(100000), 8000);
}

static void
test_peak_derived_or_given(void **state)
{
	struct ipl_peak pk;

	(void)state;
	ipl_capacity_peak(&pk, 3000, -1, -1);
	assert_near(pk.concurrent, 275);
	assert_string_equal(pk.concurrent_from, "users");
	assert_near(pk.rps, 27.5);
	assert_string_equal(pk.rps_from, "concurrent");
	ipl_capacity_peak(&pk, 5000, 400, -1);
	assert_near(pk.concurrent, 400);
	assert_near(pk.rps, 40);
	ipl_capacity_peak(&pk, 0, -1, 20);
	assert_near(pk.concurrent, 0);
	assert_near(pk.rps, 20);
	assert_string_equal(pk.rps_from, "load.requests_per_second");
}

/* the one service of yaml, sized for peak with params par */
static void
size_one(struct planned *f, struct ipl_capacity *c, const char *yaml, const struct ipl_peak *pk,
	 const struct ipl_capacity_params *par)
{
	planned_parse(f, yaml);
	ipl_capacity_size(c, &f->spec->services[0], pk, par, &f->arena);
}

/*
 * 20,000 users of a Rails app: 1600 concurrent, 160 req/s; 40 req/s per vCPU
 * at 60%: 160 / 24 = 6.67 vCPU. 0.5 vCPU would take 14 replicas, 1 vCPU 7,
 * 2 vCPU 4: 4 x 2 vCPU. Baseline 2.22 vCPU: 2 replicas; max ceil(4.8) = 5.
 * Memory 512 + 1600 / 4 x 1 MiB.
 */
static void
test_rails_app_at_20k_users(void **state)
{
	struct planned f;
	struct ipl_capacity c;
	struct ipl_peak pk;

	(void)state;
	ipl_capacity_peak(&pk, 20000, -1, -1);
	size_one(
		&f, &c,
		"name: t\nprovider: hetzner\nservices:\n"
		"  - {name: web, kind: app, command: bundle exec puma, port: 3000, public: true}\n",
		&pk, &servers);
	assert_true(c.sized);
	assert_false(c.pinned);
	assert_string_equal(c.basis, "runtime (inferred)");
	assert_near(c.rps_per_vcpu, 40);
	assert_near(c.peak_rps, 160);
	assert_near(c.need_vcpu, 160.0 / 24);
	assert_near(c.cpu_m, 2000);
	assert_int_equal(c.replicas, 4);
	assert_int_equal(c.min_replicas, 2);
	assert_int_equal(c.max_replicas, 5);
	assert_near(c.memory_mib, 912);
	assert_string_equal(c.binding, "cpu");
	assert_string_equal(c.method,
			    "peak 160 req/s ÷ 40 req/s per vCPU at 60% → 6.67 vCPU: 4 × 2 vCPU");
	planned_release(&f);
}

/* the example: 420 req/s / (180 x 0.6) = 3.89 vCPU; cpu 2 given: 2 x 2 vCPU */
static void
test_measured_basis_and_own_cpu(void **state)
{
	struct planned f;
	struct ipl_capacity c;
	struct ipl_peak pk;

	(void)state;
	ipl_capacity_peak(&pk, 0, -1, 420);
	size_one(&f, &c,
		 "name: t\nprovider: hetzner\nservices:\n"
		 "  - {name: web, kind: app, image: r.example.com/web:1, port: 80, public: true,\n"
		 "     cpu: 2, capacity: {requests_per_vcpu: 180}}\n",
		 &pk, &servers);
	assert_string_equal(c.basis, "capacity.requests_per_vcpu");
	assert_int_equal(c.replicas, 2);
	assert_near(c.cpu_m, 2000);
	assert_string_equal(c.method,
			    "peak 420 req/s ÷ 180 req/s per vCPU at 60% → 3.89 vCPU: 2 × 2 vCPU");
	/* 2 x 2 vCPU x 180 x 0.6 */
	assert_near(c.capacity_rps, 432);
	planned_release(&f);
}

/*
 * 400 connections on a process that takes 200: 2 replicas though the CPU
 * (40 req/s / (40 x 0.6) = 1.67 vCPU) fits one of 3 vCPU; replicas: 1
 * pins the seed's choice, and the model's 2 are kept for the plan to say.
 */
static void
test_connections_bind_and_a_pin_stands(void **state)
{
	struct planned f;
	struct ipl_capacity c;
	struct ipl_peak pk;
#define CHAT                                                                   \
	"name: t\nprovider: contabo\nservices:\n"                              \
	"  - {name: chat, kind: app, command: /opt/venv/bin/python -m chat,\n" \
	"     port: 8443, public: true, cpu: 3, limits: {connections: 200}"

	(void)state;
	ipl_capacity_peak(&pk, 5000, 400, -1);
	size_one(&f, &c, CHAT "}\n", &pk, &servers);
	assert_int_equal(c.replicas, 2);
	assert_string_equal(c.binding, "connections");
	planned_release(&f);
	size_one(&f, &c, CHAT ", replicas: 1}\n", &pk, &servers);
	assert_true(c.pinned);
	assert_int_equal(c.replicas, 1);
	assert_int_equal(c.model_replicas, 2);
	assert_string_equal(c.binding, "the spec's replicas");
	/* 1 x 3 vCPU x 40 x 0.6 */
	assert_near(c.capacity_rps, 72);
	planned_release(&f);
}
#undef CHAT

/* 4 jobs/s of 0.5 s: 2 / 0.6 = 3.33 vCPU; 0.5 vCPU 7 replicas, 1 vCPU 4 */
static void
test_worker_by_jobs(void **state)
{
	struct planned f;
	struct ipl_capacity c;
	struct ipl_peak pk;

	(void)state;
	ipl_capacity_peak(&pk, 0, -1, -1);
	size_one(&f, &c,
		 "name: t\nprovider: hetzner\nservices:\n"
		 "  - {name: jobs, kind: worker, command: /usr/bin/jobs,\n"
		 "     capacity: {jobs_per_second: 4, job_seconds: 0.5}}\n",
		 &pk, &servers);
	assert_true(c.sized);
	assert_near(c.need_vcpu, 2 / 0.6);
	assert_int_equal(c.replicas, 4);
	assert_near(c.cpu_m, 1000);
	planned_release(&f);
	/* without a job rate a worker keeps its request */
	size_one(&f, &c,
		 "name: t\nprovider: hetzner\nservices:\n"
		 "  - {name: jobs, kind: worker, command: /usr/bin/jobs}\n",
		 &pk, &servers);
	assert_false(c.sized);
	assert_int_equal(c.replicas, 1);
	planned_release(&f);
}

static void
assert_runtime(const char *service, bool known, enum ipl_runtime want)
{
	struct planned f;
	struct ipl_buf y = IPL_BUF_INIT;
	enum ipl_runtime r = IPL_RUNTIME__COUNT;

	ipl_buf_addf(&y, "name: t\nprovider: hetzner\nservices:\n  - %s\n", service);
	planned_parse(&f, ipl_buf_str(&y));
	assert_int_equal(ipl_service_runtime(&f.spec->services[0], &r), known);
	if (known)
		assert_string_equal(ipl_runtime_name(r), ipl_runtime_name(want));
	planned_release(&f);
	ipl_buf_release(&y);
}

static void
test_runtime_inferred(void **state)
{
	(void)state;
	assert_runtime("{name: a, kind: app, command: /usr/bin/node /srv/a.js}", true,
		       IPL_RUNTIME_NODE);
	assert_runtime("{name: a, kind: app, command: python3.12 -m a}", true, IPL_RUNTIME_PYTHON);
	assert_runtime("{name: a, kind: app, command: bundle exec puma}", true, IPL_RUNTIME_RUBY);
	assert_runtime("{name: a, kind: app, image: node:20-alpine}", true, IPL_RUNTIME_NODE);
	assert_runtime("{name: a, kind: app, image: docker.io/library/python:3.12}", true,
		       IPL_RUNTIME_PYTHON);
	assert_runtime("{name: a, kind: static_site}", true, IPL_RUNTIME_STATIC);
	/* a program of the user's own names no runtime, nor one that only starts like one */
	assert_runtime("{name: a, kind: app, command: /srv/api/bin/api}", false, 0);
	assert_runtime("{name: a, kind: app, command: nodeapp}", false, 0);
	/* given, it wins */
	assert_runtime("{name: a, kind: app, command: /usr/bin/node a.js, runtime: go}", true,
		       IPL_RUNTIME_GO);
}

/*
 * A postgres behind a Rails app at 100,000 users: 8000 concurrent, 800 req/s,
 * 800 / 24 = 33.3 vCPU: 4 vCPU replicas (the doubling stops there), 9 of
 * them, max ceil(10.8) = 11. Pool 5 each: 55 connections, under 100. Memory:
 * 256 + 10% of 50 GB (5e9 / 1048576 = 4768.37 MiB) + 55 x 10 = 5574.37, 5575.
 */
static void
test_database_from_data_and_connections(void **state)
{
	struct planned f;
	struct ipl_db_capacity dc;
	const struct ipl_capacity *app;

	(void)state;
	planned_init(&f, "name: t\nprovider: hetzner\nload: {users: 100000}\nservices:\n"
			 "  - {name: web, kind: app, command: bundle exec puma, port: 3000, "
			 "public: true, depends_on: [db]}\n"
			 "  - {name: db, kind: postgres, storage: 50GB}\n");
	app = &f.plan->capacity[0];
	assert_int_equal(app->replicas, 9);
	assert_near(app->cpu_m, 4000);
	assert_int_equal(app->max_replicas, 11);
	ipl_capacity_database(&dc, f.spec, &f.spec->services[1], f.plan->capacity, &f.arena);
	assert_near(dc.connections, 55);
	assert_near(dc.working_set_gb, 5);
	assert_near(dc.need_memory_mib, 5575);
	assert_near(ipl_capacity_engine_max_connections(IPL_KIND_POSTGRES), 100);
	planned_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrency_curve),
		cmocka_unit_test(test_peak_derived_or_given),
		cmocka_unit_test(test_rails_app_at_20k_users),
		cmocka_unit_test(test_measured_basis_and_own_cpu),
		cmocka_unit_test(test_connections_bind_and_a_pin_stands),
		cmocka_unit_test(test_worker_by_jobs),
		cmocka_unit_test(test_runtime_inferred),
		cmocka_unit_test(test_database_from_data_and_connections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
