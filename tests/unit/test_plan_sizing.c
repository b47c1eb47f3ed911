/*
 * test_plan_sizing.c: the sizing decisions of planners/plan.c, each checked
 * against figures worked out by hand from the JSON files in catalog/data/ at the
 * catalog's date (2026-11-22) and from the rules of plan.c's header:
 *
 *   need = (sum of the requests + OS reserve (512 MiB, 10 GB)
 *           + load.concurrent x memory_per_connection on the traffic node)
 *          / (1 - headroom), headroom 0.2 by default (docs/spec.md "settings")
 *
 * and the cheapest server on sale that covers cpu, memory and disk wins.
 * Layout auto follows seed 001 line 214: "Move to a split app/DB layout by
 * the time you are targeting 5,000 total users or any scenario above 200
 * concurrently connected devices". Fargate rounding follows the AWS ECS
 * table of task sizes (test_rightsize.c tests the table itself).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "plan_fixture.h"

/* the prefix of every Hetzner spec below: one service per test follows */
#define HETZNER "name: t\nprovider: hetzner\n"

static void
assert_node(const struct ipl_plan_node *n, const char *type, const char *decided_by)
{
	assert_non_null(n->type);
	assert_string_equal(n->type->id, type);
	assert_string_equal(n->decided_by, decided_by);
}

/* ---- The cheapest type that fits ---------------------------------------- */

/*
 * 1 core and 1 GiB: 1000 / 0.8 = 1250 m, (512 + 1024) / 0.8 = 1920 MiB, 10 GB.
 * The cheapest Hetzner server is CAX11 (ARM, 4.49 EUR from 2026-04-01), but
 * a container image of unknown architecture keeps the node on x86 (docs/spec.md,
 * "arch"): CX23, 2 vCPU / 4 GiB / 40 GB at 5.49 EUR from 2026-06-15. CPU
 * decides: 1250/2000 = 0.63 against 1920/4096 = 0.47 and 10/40 = 0.25.
 */
static void
test_cpu_decides_image_keeps_x86(void **state)
{
	struct planned f;

	(void)state;
	planned_init(
		&f, HETZNER
		"services:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 1, memory: 1Gi}\n");
	assert_int_equal(f.plan->layout, IPL_LAYOUT_SINGLE);
	assert_int_equal(f.plan->nodes_nr, 1);
	assert_string_equal(f.plan->nodes[0].name, "main");
	assert_node(&f.plan->nodes[0], "cx23", "cpu");
	assert_near(f.plan->nodes[0].need_cpu_m, 1250);
	assert_near(f.plan->nodes[0].need_memory_mib, 1920);
	assert_near(f.plan->nodes[0].need_disk_gb, 10);
	assert_near(f.plan->nodes[0].price->amount, 5.49);
	assert_int_equal(f.plan->nodes[0].count, 1);
	planned_release(&f);
}

/* the same needs run by a command (the distribution's packages): CAX11 at 4.49 */
static void
test_command_may_run_on_arm(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f, HETZNER
		     "services:\n"
		     "  - {name: web, kind: app, command: /usr/bin/web, cpu: 1, memory: 1Gi}\n");
	assert_node(&f.plan->nodes[0], "cax11", "cpu");
	assert_near(f.plan->nodes[0].price->amount, 4.49);
	planned_release(&f);
}

/*
 * 3 GiB: (512 + 3072) / 0.8 = 4480 MiB, more than CX23's 4096; CX33
 * (4 vCPU / 8 GiB, 8.49 EUR) fits, decided by memory (4480/8192 = 0.55).
 */
static void
test_memory_decides(void **state)
{
	struct planned f;

	(void)state;
	planned_init(
		&f, HETZNER
		"services:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 0.5, memory: 3Gi}\n");
	assert_node(&f.plan->nodes[0], "cx33", "memory");
	assert_near(f.plan->nodes[0].need_memory_mib, 4480);
	assert_near(f.plan->nodes[0].need_cpu_m, 625);
	planned_release(&f);
}

/*
 * 100 GB of disk and 10 GB for the OS: 110 GB is beyond CX23 (40) and CX33
 * (80); CX43 (160 GB, 15.99 EUR) is cheaper than CPX32 (160 GB, 35.49 EUR).
 * Disk decides: 110/160 = 0.69.
 */
static void
test_disk_decides(void **state)
{
	struct planned f;

	(void)state;
	planned_init(
		&f, HETZNER
		"services:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 0.5, memory: 512Mi,\n"
		"     disk: 100GB}\n");
	assert_node(&f.plan->nodes[0], "cx43", "disk");
	assert_near(f.plan->nodes[0].need_disk_gb, 110);
	assert_near(f.plan->nodes[0].price->amount, 15.99);
	planned_release(&f);
}

/*
 * Contabo on its 2026-03-27 line-up (prices_as_of): Cloud VPS 10 (3 vCPU,
 * 8 GiB, 75 GB) and Storage VPS 10 (2 vCPU, 4 GiB, 300 GB) are both 4.50
 * EUR; the tie goes to the larger memory.
 */
static void
test_tie_goes_to_the_larger_type(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f, "name: t\nprovider: contabo\nprices_as_of: 2026-03-27\nservices:\n"
			 "  - {name: web, kind: app, command: /usr/bin/web}\n");
	assert_node(&f.plan->nodes[0], "cloud-vps-10", "cpu");
	assert_near(f.plan->nodes[0].price->amount, 4.50);
	planned_release(&f);
}

/* ---- Memory per connection ---------------------------------------------- */

/*
 * 2.5 GiB and 200 connections at 1 MiB: (512 + 2560 + 200) / 0.8 = 4090 MiB,
 * within CX23's 4096. At 2 MiB a connection, (512 + 2560 + 400) / 0.8 = 4340
 * needs CX33.
 */
static void
test_connection_memory(void **state)
{
	struct planned f;

	(void)state;
	planned_init(
		&f, HETZNER
		"load: {concurrent: 200}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 0.5, memory: 2560Mi}\n");
	assert_node(&f.plan->nodes[0], "cx23", "memory");
	assert_near(f.plan->nodes[0].need_memory_mib, 4090);
	planned_release(&f);

	planned_init(
		&f, HETZNER
		"load: {concurrent: 200}\n"
		"settings: {memory_per_connection: 2Mi}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 0.5, memory: 2560Mi}\n");
	assert_node(&f.plan->nodes[0], "cx33", "memory");
	assert_near(f.plan->nodes[0].need_memory_mib, 4340);
	planned_release(&f);
}

/* ---- Layout auto: seed 001's thresholds --------------------------------- */

static enum ipl_layout
layout_for(const char *load_and_settings, const char **reason)
{
	struct planned f;
	struct ipl_buf yaml = IPL_BUF_INIT;
	enum ipl_layout layout;
	static char kept[256];

	ipl_buf_addf(
		&yaml,
		HETZNER
		"%sservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true}\n"
		"  - {name: db, kind: postgres}\n",
		load_and_settings);
	planned_init(&f, ipl_buf_str(&yaml));
	layout = f.plan->layout;
	snprintf(kept, sizeof(kept), "%s", f.plan->layout_reason);
	*reason = kept;
	planned_release(&f);
	ipl_buf_release(&yaml);
	return layout;
}

static void
test_split_thresholds(void **state)
{
	const char *why;

	(void)state;
	/* "above 200 concurrently connected devices": 200 is not above */
	assert_int_equal(layout_for("load: {concurrent: 200}\n", &why), IPL_LAYOUT_SINGLE);
	assert_string_equal(why, "auto: 200 concurrent connections and 0 users are within one "
				 "node's thresholds (200, 5000)");
	assert_int_equal(layout_for("load: {concurrent: 201}\n", &why), IPL_LAYOUT_SPLIT);
	assert_string_equal(why, "auto: 201 peak concurrent connections exceed 200 "
				 "(settings.split_above_concurrent)");
	/* "by the time you are targeting 5,000 total users": 5000 splits (a concurrency
	   given: users alone derive 400 concurrent, docs/sizing.md, which splits sooner) */
	assert_int_equal(layout_for("load: {users: 4999, concurrent: 10}\n", &why),
			 IPL_LAYOUT_SINGLE);
	assert_int_equal(layout_for("load: {users: 5000, concurrent: 10}\n", &why),
			 IPL_LAYOUT_SPLIT);
	assert_string_equal(why, "auto: 5000 users reach 5000 (settings.split_at_users)");
	/* both thresholds are settings */
	assert_int_equal(
		layout_for("load: {concurrent: 250}\nsettings: {split_above_concurrent: 300}\n",
			   &why),
		IPL_LAYOUT_SINGLE);
	assert_int_equal(
		layout_for(
			"load: {users: 3000, concurrent: 10}\nsettings: {split_at_users: 3000}\n",
			&why),
		IPL_LAYOUT_SPLIT);
	/* a layout the spec gives is kept whatever the load */
	assert_int_equal(layout_for("layout: single\nload: {users: 9000, concurrent: 900}\n", &why),
			 IPL_LAYOUT_SINGLE);
	assert_string_equal(why, "the spec's layout");
}

/*
 * Split: the app takes the connections, the database does not.
 * app: 500 / 0.8 = 625 m, (512 + 512 + 201) / 0.8 = 1531.25 MiB -> CX23 (image),
 *      memory deciding (1531.25/4096 = 0.37 against 625/2000 = 0.31);
 * db:  postgres defaults 500 m, 1 GiB: 625 m, (512 + 1024) / 0.8 = 1920 MiB,
 *      from the distribution's packages, so ARM: CAX11, memory deciding (0.47).
 */
static void
test_split_places_and_sizes(void **state)
{
	struct planned f;
	const struct ipl_plan_node *app, *db;

	(void)state;
	planned_init(
		&f, HETZNER
		"load: {concurrent: 201}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 0.5, memory: 512Mi, depends_on: [db]}\n"
		"  - {name: db, kind: postgres}\n");
	assert_int_equal(f.plan->nodes_nr, 2);
	app = &f.plan->nodes[0];
	db = &f.plan->nodes[1];
	assert_string_equal(app->name, "app");
	assert_int_equal(app->role, IPL_ROLE_APP);
	assert_int_equal(app->services_nr, 1);
	assert_string_equal(app->services[0].svc->name.s, "web");
	assert_false(app->services[0].private_only);
	assert_node(app, "cx23", "memory");
	assert_near(app->need_memory_mib, 1531.25);
	assert_string_equal(db->name, "db");
	assert_int_equal(db->role, IPL_ROLE_DB);
	assert_int_equal(db->services_nr, 1);
	assert_string_equal(db->services[0].svc->name.s, "db");
	assert_true(db->services[0].private_only);
	assert_int_equal(db->services[0].port, 5432);
	assert_node(db, "cax11", "memory");
	assert_near(db->need_cpu_m, 625);
	assert_near(db->need_memory_mib, 1920);
	planned_release(&f);
}

/* a data service no other node uses stays on its node's localhost: no other server reaches it */
static void
test_split_private_only_for_used_data(void **state)
{
	struct planned f;
	const struct ipl_plan_node *db;

	(void)state;
	planned_init(
		&f, HETZNER
		"layout: split\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     depends_on: [db]}\n"
		"  - {name: db, kind: postgres}\n"
		"  - {name: cache, kind: redis}\n");
	assert_int_equal(f.plan->nodes_nr, 2);
	db = &f.plan->nodes[1];
	assert_int_equal(db->services_nr, 2);
	assert_string_equal(db->services[0].svc->name.s, "db");
	assert_true(db->services[0].private_only);
	assert_string_equal(db->services[1].svc->name.s, "cache");
	assert_false(db->services[1].private_only);
	planned_release(&f);
}

/* split with nothing stateful: the second node would be empty, so there is one */
static void
test_split_without_state_is_one_node(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f, HETZNER "layout: split\nservices:\n"
				 "  - {name: web, kind: app, image: r.example.com/web:1}\n"
				 "  - {name: jobs, kind: worker, image: r.example.com/jobs:1}\n");
	assert_int_equal(f.plan->nodes_nr, 1);
	assert_string_equal(f.plan->nodes[0].name, "main");
	assert_int_equal(f.plan->nodes[0].role, IPL_ROLE_SINGLE);
	assert_int_equal(f.plan->nodes[0].services_nr, 2);
	planned_release(&f);
}

/*
 * Auto splits when no single node fits: 10 + 10 cores need 25 vCPU, more
 * than the largest Hetzner server (CX53, 16). Split, each node needs 12.5
 * vCPU: CX53 each (CAX31 has 8). Each node holds its one service, no more:
 * the single node tried first must leave nothing behind.
 */
static void
test_auto_splits_when_no_single_node_fits(void **state)
{
	struct planned f;

	(void)state;
	planned_init(
		&f, HETZNER
		"services:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 10, memory: 1Gi}\n"
		"  - {name: db, kind: postgres, cpu: 10, memory: 1Gi}\n");
	assert_int_equal(f.plan->layout, IPL_LAYOUT_SPLIT);
	assert_string_equal(f.plan->layout_reason, "auto: no single node fits every service");
	assert_int_equal(f.plan->nodes_nr, 2);
	assert_int_equal(f.plan->nodes[0].services_nr, 1);
	assert_string_equal(f.plan->nodes[0].services[0].svc->name.s, "web");
	assert_int_equal(f.plan->nodes[1].services_nr, 1);
	assert_string_equal(f.plan->nodes[1].services[0].svc->name.s, "db");
	assert_node(&f.plan->nodes[0], "cx53", "cpu");
	assert_node(&f.plan->nodes[1], "cx53", "cpu");
	assert_near(f.plan->nodes[0].need_cpu_m, 12500);
	planned_release(&f);
}

/* layout single and no type fits: an error with the needs, not a split */
static void
test_single_that_does_not_fit(void **state)
{
	struct planned f;

	(void)state;
	planned_parse(&f,
		      HETZNER "layout: single\nservices:\n"
			      "  - {name: web, kind: app, image: r.example.com/web:1, cpu: 20}\n");
	assert_int_equal(ipl_plan_build(&f.plan, f.spec, f.cat, NULL, &f.arena, &f.diags), -1);
	assert_null(f.plan);
	/* 20000 / 0.8 = 25 vCPU, (512 + 512) / 0.8 = 1280 MiB */
	assert_non_null(
		planned_diag(&f, IPL_ERROR,
			     "no hetzner server type on sale on 2026-11-22 fits node \"main\": "
			     "it needs 25.00 vCPU, 1280 MiB of memory and 10 GB of disk"));
	planned_release(&f);
}

/*
 * A stateless app node too large for one server is spread over several:
 * 24 cores need 30 vCPU on one node, 24 / 2 / 0.8 = 15 on each of two CX53.
 */
static void
test_app_spread_over_nodes(void **state)
{
	struct planned f;
	const struct ipl_plan_node *app;

	(void)state;
	planned_init(
		&f, HETZNER
		"load: {users: 5000}\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, port: 8000, public: true,\n"
		"     cpu: 24}\n"
		"  - {name: db, kind: postgres}\n");
	app = &f.plan->nodes[0];
	assert_string_equal(app->name, "app");
	assert_int_equal(app->count, 2);
	assert_node(app, "cx53", "cpu");
	assert_near(app->need_cpu_m, 15000);
	/* 5000 users: 400 concurrent of 1 MiB (docs/sizing.md); (512 + 512 / 2 + 400 / 2) / 0.8 */
	assert_near(app->need_memory_mib, 1210);
	/* two copies take the traffic behind Hetzner's load balancer, priced as a line */
	assert_non_null(app->load_balancer);
	assert_string_equal(app->load_balancer->id, "lb11");
	assert_non_null(app->copies_reason);
	assert_string_equal(app->copies_reason, "no one server fits all of it");
	assert_int_equal(f.plan->nodes[1].count, 1);
	assert_null(f.plan->nodes[1].load_balancer);
	planned_release(&f);
}

/* ---- Fargate: the next valid size, and what it costs -------------------- */

/*
 * 0.3 vCPU and 600 MiB are billed as 0.5 vCPU and 1 GB, the smallest valid
 * pair above them. The warning's figure, from aws.json's on-demand x86
 * prices: (0.2 vCPU x 0.04048 + 424/1024 GB x 0.004445) x 730 = 7.2537 USD.
 */
static void
test_fargate_rounded_up(void **state)
{
	struct planned f;
	const struct ipl_plan_node *n;

	(void)state;
	planned_init(
		&f,
		"name: t\nprovider: aws\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 0.3, memory: 600Mi}\n");
	n = &f.plan->nodes[0];
	assert_int_equal(n->aws.kind, IPL_AWS_FARGATE);
	assert_int_equal(n->aws.task_cpu, 512);
	assert_int_equal(n->aws.task_memory, 1024);
	assert_string_equal(n->decided_by, "rounded up to a valid Fargate size");
	assert_non_null(
		planned_diag(&f, IPL_WARNING,
			     "service \"web\" asks for 0.3 vCPU and 600 MiB; Fargate bills the "
			     "next valid size, 0.5 vCPU and 1024 MiB: 7.25 USD a month more "
			     "for 1 task at on-demand prices"));
	planned_release(&f);

	/* a valid pair is billed as asked: no warning */
	planned_init(
		&f,
		"name: t\nprovider: aws\nservices:\n"
		"  - {name: web, kind: app, image: r.example.com/web:1, cpu: 0.25, memory: 512Mi}\n");
	n = &f.plan->nodes[0];
	assert_int_equal(n->aws.task_cpu, 256);
	assert_int_equal(n->aws.task_memory, 512);
	assert_null(planned_diag(&f, IPL_WARNING, "Fargate bills the next valid size"));
	planned_release(&f);
}

/* ---- Volumes (docs/deploy.md) ------------------------------------------ */

/*
 * Hetzner keeps each stateful service's data on a volume of its own:
 * storage x (1 + monthly_growth)^12, rounded up to 10 GB, at least 10 GB
 * (docs.hetzner.com/cloud/volumes/overview: 10 GB to 10 TB). 40 GB at 5% a
 * month: 40 x 1.7959 = 71.8 -> 80 GB. Redis and a queue share redis-server
 * and /var/lib/redis: one volume of 10 GB (no storage given). The volume's
 * data is not counted on the server's own disk: 10 GB, the OS reserve.
 * single -> split keeps the single server as node app (moved_from "main").
 */
static void
test_volumes_sized_from_storage_and_growth(void **state)
{
	struct planned f;
	const struct ipl_plan_node *db;

	(void)state;
	planned_init(&f, HETZNER "layout: split\nload: {monthly_growth: 5%}\nservices:\n"
				 "  - {name: web, kind: app, command: /usr/bin/web}\n"
				 "  - {name: pg, kind: postgres, storage: 40GB}\n"
				 "  - {name: cache, kind: redis}\n"
				 "  - {name: jobs, kind: queue, storage: 3GB}\n");
	assert_int_equal(f.plan->nodes_nr, 2);
	assert_string_equal(f.plan->nodes[0].name, "app");
	assert_string_equal(f.plan->nodes[0].moved_from, "main");
	assert_int_equal(f.plan->nodes[0].volumes_nr, 0);
	db = &f.plan->nodes[1];
	assert_null(db->moved_from);
	assert_int_equal(db->volumes_nr, 2);
	assert_string_equal(db->volumes[0].mount, "/var/lib/postgresql");
	assert_near(db->volumes[0].size_gb, 80);
	assert_near(db->volumes[0].price->amount, 0.0572);
	assert_string_equal(db->volumes[1].svc->name.s, "cache");
	assert_string_equal(db->volumes[1].mount, "/var/lib/redis");
	/* 3 GB x 1.7959 = 5.4 -> 10 GB, the minimum */
	assert_near(db->volumes[1].storage_gb, 3);
	assert_near(db->volumes[1].size_gb, 10);
	assert_near(db->need_disk_gb, 10);
	planned_release(&f);
}

/*
 * uploads when asked: an app marked stateful keeps its files in its own unit's
 * StateDirectory= (DynamicUser=yes: /var/lib/private/infraplan/NAME), and on
 * Hetzner that directory is on a volume sized from its storage
 */
static void
test_stateful_app_gets_volume(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f,
		     HETZNER "services:\n"
			     "  - {name: web, kind: app, command: /usr/bin/web, stateful: true, "
			     "storage: 95GB}\n"
			     "  - {name: site, kind: app, command: /usr/bin/site}\n");
	assert_int_equal(f.plan->nodes[0].volumes_nr, 1);
	assert_string_equal(f.plan->nodes[0].volumes[0].svc->name.s, "web");
	assert_string_equal(f.plan->nodes[0].volumes[0].mount, "/var/lib/private/infraplan/web");
	assert_near(f.plan->nodes[0].volumes[0].size_gb, 100);
	planned_release(&f);
}

/* Contabo's provider has no block volumes: the data is on the server's disk */
static void
test_no_volumes_on_contabo(void **state)
{
	struct planned f;

	(void)state;
	planned_init(&f, "name: t\nprovider: contabo\nservices:\n"
			 "  - {name: pg, kind: postgres, storage: 40GB}\n");
	assert_int_equal(f.plan->nodes[0].volumes_nr, 0);
	assert_near(f.plan->nodes[0].need_disk_gb, 50);
	assert_null(f.plan->nodes[0].moved_from);
	planned_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_decides_image_keeps_x86),
		cmocka_unit_test(test_command_may_run_on_arm),
		cmocka_unit_test(test_memory_decides),
		cmocka_unit_test(test_disk_decides),
		cmocka_unit_test(test_tie_goes_to_the_larger_type),
		cmocka_unit_test(test_connection_memory),
		cmocka_unit_test(test_split_thresholds),
		cmocka_unit_test(test_split_places_and_sizes),
		cmocka_unit_test(test_split_private_only_for_used_data),
		cmocka_unit_test(test_split_without_state_is_one_node),
		cmocka_unit_test(test_auto_splits_when_no_single_node_fits),
		cmocka_unit_test(test_single_that_does_not_fit),
		cmocka_unit_test(test_app_spread_over_nodes),
		cmocka_unit_test(test_fargate_rounded_up),
		cmocka_unit_test(test_volumes_sized_from_storage_and_growth),
		cmocka_unit_test(test_stateful_app_gets_volume),
		cmocka_unit_test(test_no_volumes_on_contabo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
