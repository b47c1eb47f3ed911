/*
 * plan.c: from a spec and a catalog to nodes, types and budgets (plan.h).
 *
 * Sizing: a node needs the sum of its services' requests (or a default for
 * the service's kind), plus an OS reserve, plus memory per concurrent
 * connection on the node that takes the traffic, divided by (1 - headroom).
 * The cheapest catalog type on sale at the plan's date that covers all three
 * (CPU, memory, disk) wins; the constraint with the highest use of the chosen
 * type is the one that decided.
 *
 * Layout auto follows 001: "Move to a split app/DB layout by the time you are
 * targeting 5,000 total users or any scenario above 200 concurrently
 * connected devices", and splits too when no single node fits.
 */
#include "core/common.h"

#include <math.h>

#include "core/buf.h"
#include "core/suggest.h"
#include "planners/capacity.h"
#include "planners/plan.h"
#include "catalog/catalog_cache.h"
#include "planners/provider.h"

/* what the OS and agents keep for themselves on every node */
#define OS_RESERVE_CPU_M 0
#define OS_RESERVE_MEMORY_MIB 512
#define OS_RESERVE_DISK_GB 10
#define MAX_NODES_PER_ROLE 20

struct kind_default {
	double cpu_m, memory_mib;
	int port;
};

/* a budget for services whose spec gives none: small, and said in the plan */
static const struct kind_default kind_defaults[IPL_KIND__COUNT] = {
	[IPL_KIND_APP] = { 500, 512, 0 },         [IPL_KIND_WORKER] = { 500, 512, 0 },
	[IPL_KIND_STATIC_SITE] = { 100, 64, 80 }, [IPL_KIND_POSTGRES] = { 500, 1024, 5432 },
	[IPL_KIND_MYSQL] = { 500, 1024, 3306 },   [IPL_KIND_MONGODB] = { 500, 1024, 27017 },
	[IPL_KIND_REDIS] = { 250, 256, 6379 },    [IPL_KIND_RABBITMQ] = { 250, 512, 5672 },
	[IPL_KIND_QUEUE] = { 250, 256, 6379 },    [IPL_KIND_OBJECT_STORAGE] = { 250, 512, 9000 },
};

int
ipl_planner_service_port(const struct ipl_service *s)
{
	return s->port.v != IPL_UNSET ? (int)s->port.v : kind_defaults[s->kind].port;
}

double
ipl_setting(const struct ipl_num *n, double dflt)
{
	return n->v == IPL_UNSET ? dflt : n->v;
}

static bool
is_data_service(const struct ipl_service *s)
{
	return ipl_service_is_stateful(s);
}

static double
replicas_of(const struct ipl_service *s)
{
	if (s->replicas.v != IPL_UNSET)
		return s->replicas.v;
	if (s->min_replicas.v != IPL_UNSET)
		return s->min_replicas.v > 0 ? s->min_replicas.v : 1;
	return 1;
}

const struct ipl_capacity *
ipl_planner_capacity(const struct ipl_planner *p, const struct ipl_service *s)
{
	return &p->caps[s - p->spec->services];
}

double
ipl_planner_replicas(const struct ipl_planner *p, const struct ipl_service *s)
{
	const struct ipl_capacity *c = ipl_planner_capacity(p, s);

	return c->sized && !c->pinned ? c->replicas : replicas_of(s);
}

double
ipl_planner_replica_cpu(const struct ipl_planner *p, const struct ipl_service *s, double dflt)
{
	const struct ipl_capacity *c = ipl_planner_capacity(p, s);

	if (s->cpu_m.v != IPL_UNSET)
		return s->cpu_m.v;
	return c->sized && !c->pinned ? c->cpu_m : dflt;
}

/* a database's memory when the spec gives none: its working set and connections */
static double
db_memory(const struct ipl_planner *p, const struct ipl_service *s, double dflt)
{
	const struct ipl_capacity *c = ipl_planner_capacity(p, s);

	if (s->memory_mib.v != IPL_UNSET)
		return s->memory_mib.v;
	if (!c->database)
		return dflt;
	return c->memory_mib > dflt ? c->memory_mib : dflt;
}

/*
 * where a stateful service keeps its data: the packaged service's directory,
 * or, for an app or worker the spec marks stateful (its uploads, say), the
 * StateDirectory= its own unit writes to (DynamicUser=yes keeps it under
 * /var/lib/private: templates/systemd-service.tmpl); NULL when unknown
 */
static const char *
data_dir(const struct ipl_planner *p, const struct ipl_service *s)
{
	const char *dir = ipl_service_data_dir(s);

	if (dir || !ipl_service_is_stateful(s) || s->kind == IPL_KIND_STATIC_SITE ||
	    !(s->command.s || s->image.s))
		return dir;
	return ipl_arena_printf(p->arena, "/var/lib/private/infraplan/%s", s->name.s);
}

/* true when the service's data directory goes on a block volume of the provider's */
static bool
gets_volume(const struct ipl_planner *p, const struct ipl_service *s)
{
	return ipl_provider_get(p->spec->provider)->volume_offer && ipl_service_is_stateful(s) &&
	       data_dir(p, s);
}

/* private_only is set once every service has its node (mark_private_services) */
static void
place(struct ipl_planner *p, struct ipl_placed_service *ps, const struct ipl_service *s)
{
	const struct kind_default *d = &kind_defaults[s->kind];
	double n = ipl_planner_replicas(p, s);

	ps->svc = s;
	ps->capacity = ipl_planner_capacity(p, s)->sized || ipl_planner_capacity(p, s)->database
			       ? ipl_planner_capacity(p, s)
			       : NULL;
	ps->cpu_m = ipl_planner_replica_cpu(p, s, d->cpu_m) * n;
	ps->memory_mib = db_memory(p, s, d->memory_mib) * n;
	ps->disk_gb = s->disk_gb.v != IPL_UNSET ? s->disk_gb.v : 0;
	/* data kept on a volume of its own (plan_volumes) needs no room on the server's disk */
	if (!gets_volume(p, s))
		ps->disk_gb += s->storage_gb.v != IPL_UNSET ? s->storage_gb.v * p->data_factor : 0;
	ps->port = ipl_planner_service_port(s);
	ps->public_port = s->public_port;
	ps->unit_name = ipl_arena_printf(p->arena, "infraplan-%s.service", s->name.s);
	ps->domain = ipl_service_domain(p->spec, s);
}

/* true when the node takes the users' connections (a public service runs there) */
static bool
takes_traffic(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (n->services[i].public_port)
			return true;
	return n->role == IPL_ROLE_SINGLE || n->role == IPL_ROLE_APP;
}

static void
compute_needs(struct ipl_planner *p, struct ipl_plan_node *n, int count)
{
	double cpu = OS_RESERVE_CPU_M, mem = OS_RESERVE_MEMORY_MIB, disk = OS_RESERVE_DISK_GB;
	size_t i;

	for (i = 0; i < n->services_nr; i++) {
		cpu += n->services[i].cpu_m / count;
		mem += n->services[i].memory_mib / count;
		disk += n->services[i].disk_gb;
	}
	if (takes_traffic(n))
		mem += p->concurrent * p->mib_per_conn / count;
	n->need_cpu_m = cpu / (1 - p->cpu_headroom);
	n->need_memory_mib = mem / (1 - p->memory_headroom);
	n->need_disk_gb = disk;
}

static double
monthly_eur_guess(const struct ipl_price *pr)
{
	/* compare offers of one provider: they share a currency, so the amount orders them */
	return pr->unit == IPL_PER_HOUR ? pr->amount * 730 : pr->amount;
}

static bool
fits(const struct ipl_plan_node *n, const struct ipl_offer *o)
{
	return o->vcpu * 1000 >= n->need_cpu_m - 1e-9 &&
	       o->memory_mib >= n->need_memory_mib - 1e-9 && o->disk_gb >= n->need_disk_gb - 1e-9;
}

static const char *
binding_constraint(const struct ipl_plan_node *n, const struct ipl_offer *o)
{
	double c = n->need_cpu_m / (o->vcpu * 1000), m = n->need_memory_mib / o->memory_mib,
	       d = o->disk_gb > 0 ? n->need_disk_gb / o->disk_gb : 0;

	if (c >= m && c >= d)
		return "cpu";
	if (m >= d)
		return "memory";
	return "disk";
}

/*
 * ARM servers (Hetzner CAX) run what the services run only if each is known
 * to: a service marked arch arm, or a command of the distribution's own
 * packages; a container image of unknown architecture keeps the node on x86.
 */
static bool
node_runs_on_arm(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++) {
		const struct ipl_service *s = n->services[i].svc;
		if (s->arch == IPL_ARCH_X86 || (s->image.s && s->arch != IPL_ARCH_ARM))
			return false;
	}
	return true;
}

/* the cheapest server on sale at the plan's date that fits; NULL when none does */
static const struct ipl_offer *
cheapest_fit(struct ipl_planner *p, const struct ipl_plan_node *n)
{
	const char *provider = ipl_provider_name(p->spec->provider);
	const struct ipl_offer *best = NULL;
	double best_price = 0;
	size_t i;

	for (i = 0; i < p->cat->offers_nr; i++) {
		const struct ipl_offer *o = &p->cat->offers[i];
		const struct ipl_price *pr;
		double price;

		if (o->kind != IPL_OFFER_SERVER || strcmp(o->provider, provider) ||
		    !ipl_offer_available_at(o, p->date) || !fits(n, o))
			continue;
		if (o->arch && !strcmp(o->arch, "arm") && !node_runs_on_arm(n))
			continue;
		pr = ipl_offer_price_at(o, p->date);
		price = monthly_eur_guess(pr);
		/* ties: the larger type, then the id, so the choice is stable */
		if (!best || price < best_price - 1e-9 ||
		    (fabs(price - best_price) < 1e-9 &&
		     (o->memory_mib > best->memory_mib ||
		      (o->memory_mib == best->memory_mib && strcmp(o->id, best->id) < 0)))) {
			best = o;
			best_price = price;
		}
	}
	return best;
}

static struct ipl_plan_node *
add_node(struct ipl_plan *plan, const char *name, enum ipl_node_role role, size_t max_services,
	 struct ipl_arena *arena)
{
	struct ipl_plan_node *n = &plan->nodes[plan->nodes_nr++];

	/* a slot may be reused (auto drops the single node that did not fit): nothing of it stays */
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->role = role;
	n->count = 1;
	n->services = IPL_ARENA_ARRAY(arena, struct ipl_placed_service,
				      max_services ? max_services : 1);
	/* a provider that assigns the addresses itself leaves them unknown here:
	   the servers find theirs at boot (node_files.c, private-address.sh) */
	if (!plan->provider->assigns_private_ips)
		n->private_ip = ipl_arena_printf(arena, "10.0.1.%zu", plan->nodes_nr + 1);
	return n;
}

/* the provider's load balancer on sale at the plan's date, or NULL */
static const struct ipl_offer *
load_balancer(const struct ipl_planner *p)
{
	const struct ipl_provider *prov = ipl_provider_get(p->spec->provider);
	const struct ipl_offer *o;

	if (!prov->load_balancer_offer)
		return NULL;
	o = ipl_catalog_find(p->cat, prov->name, prov->load_balancer_offer);
	return o && ipl_offer_price_at(o, p->date) ? o : NULL;
}

/* the most replicas the capacity model gave one service of the node: as many copies at most */
static int
spread_limit(const struct ipl_plan_node *n)
{
	int most = 1;
	size_t i;

	for (i = 0; i < n->services_nr; i++) {
		const struct ipl_capacity *c = n->services[i].capacity;
		if (c && c->sized && !c->pinned && c->replicas > most)
			most = c->replicas;
	}
	return most > MAX_NODES_PER_ROLE ? MAX_NODES_PER_ROLE : most;
}

static void
take_type(struct ipl_planner *p, struct ipl_plan_node *n, const struct ipl_offer *o, int count)
{
	compute_needs(p, n, count);
	n->type = o;
	n->count = count;
	n->price = ipl_offer_price_at(o, p->date);
	n->decided_by = binding_constraint(n, o);
}

/*
 * Sizes a node by picking a type; spreads stateless nodes over several when
 * one is too small. Where the provider has a load balancer, an app node may
 * also run as copies behind it, up to the replicas the capacity model gave
 * its services, when the copies and the balancer cost less than one larger
 * server: the cheapest way to the same capacity.
 */
static int
size_node(struct ipl_planner *p, struct ipl_plan_node *n, bool may_spread)
{
	const struct ipl_offer *lb = may_spread ? load_balancer(p) : NULL;
	double lb_price = lb ? monthly_eur_guess(ipl_offer_price_at(lb, p->date)) : 0;
	const struct ipl_offer *best = NULL;
	double best_total = 0;
	int count, best_count = 0, first_count, limit;

	for (count = 1; count <= (may_spread ? MAX_NODES_PER_ROLE : 1) && !best; count++) {
		compute_needs(p, n, count);
		if ((best = cheapest_fit(p, n)) != NULL) {
			best_count = count;
			best_total = monthly_eur_guess(ipl_offer_price_at(best, p->date)) * count +
				     (count > 1 ? lb_price : 0);
		}
	}
	if (!best) {
		compute_needs(p, n, 1);
		return -1;
	}
	first_count = best_count;
	limit = lb ? spread_limit(n) : 0;
	for (count = best_count + 1; count <= limit; count++) {
		const struct ipl_offer *o;
		double total;
		compute_needs(p, n, count);
		if (!(o = cheapest_fit(p, n)))
			continue;
		total = monthly_eur_guess(ipl_offer_price_at(o, p->date)) * count + lb_price;
		if (total < best_total - 1e-9) {
			best = o;
			best_count = count;
			best_total = total;
		}
	}
	n->copies_reason = best_count == 1 ? NULL
			   : first_count > 1
				   ? "no one server fits all of it"
				   : "the copies and the load balancer cost less than one "
				     "server that fits all of it";
	take_type(p, n, best, best_count);
	if (best_count > 1 && lb) {
		n->load_balancer = lb;
		n->load_balancer_price = ipl_offer_price_at(lb, p->date);
	}
	return 0;
}

/* at loc: the pinned node's mapping, or the provider for a node the layout made */
static int
no_fit_error(struct ipl_planner *p, const struct ipl_plan_node *n, struct ipl_loc loc)
{
	return ipl_error(
		p->diags, p->spec->path, loc,
		"no %s server type on sale on %d-%02d-%02d fits node \"%s\": it needs %.2f vCPU, "
		"%.0f MiB of memory and %.0f GB of disk; lower the services' requests, or "
		"use layout split",
		ipl_provider_name(p->spec->provider), p->date / 10000, p->date / 100 % 100,
		p->date % 100, n->name, n->need_cpu_m / 1000, n->need_memory_mib, n->need_disk_gb);
}

/* ---- Layouts ----------------------------------------------------------- */

static void
build_single(struct ipl_planner *p, struct ipl_plan *plan)
{
	struct ipl_plan_node *n = add_node(plan, "main", IPL_ROLE_SINGLE, p->spec->services_nr,
					   p->arena);
	size_t i;

	for (i = 0; i < p->spec->services_nr; i++)
		place(p, &n->services[n->services_nr++], &p->spec->services[i]);
}

static void
build_split(struct ipl_planner *p, struct ipl_plan *plan)
{
	struct ipl_plan_node *app = add_node(plan, "app", IPL_ROLE_APP, p->spec->services_nr,
					     p->arena);
	struct ipl_plan_node *db = add_node(plan, "db", IPL_ROLE_DB, p->spec->services_nr,
					    p->arena);
	size_t i;

	for (i = 0; i < p->spec->services_nr; i++) {
		const struct ipl_service *s = &p->spec->services[i];
		if (is_data_service(s))
			place(p, &db->services[db->services_nr++], s);
		else
			place(p, &app->services[app->services_nr++], s);
	}
	if (db->services_nr == 0) {
		/* nothing stateful: a split has nothing to put on the second node */
		plan->nodes_nr = 1;
		app->role = IPL_ROLE_SINGLE;
		app->name = "main";
		return;
	}
	/*
	 * the server that stays when single becomes split is the app's: it keeps
	 * the public address, the DNS records and the uploads; the database
	 * comes to a new server beside it by dump and restore (nodes/README.md)
	 */
	app->moved_from = "main";
}

/* true when a service of node n depends on s */
static bool
used_on_node(const struct ipl_plan_node *n, const struct ipl_service *s)
{
	size_t j;

	for (j = 0; j < n->services_nr; j++)
		if (ipl_service_depends_on(n->services[j].svc, s->name.s))
			return true;
	return false;
}

/* true when a service of a node other than at depends on s */
static bool
used_from_other_node(const struct ipl_plan *plan, const struct ipl_plan_node *at,
		     const struct ipl_service *s)
{
	size_t i;

	for (i = 0; i < plan->nodes_nr; i++)
		if (&plan->nodes[i] != at && used_on_node(&plan->nodes[i], s))
			return true;
	return false;
}

/*
 * A data service listens on the private network only when a service of
 * another node depends on it; else it stays on localhost, reachable by no
 * other server (its node's firewall opens nothing for it either).
 */
static void
mark_private_services(struct ipl_planner *p, struct ipl_plan *plan)
{
	size_t i, j;

	for (i = 0; i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++) {
			struct ipl_placed_service *ps = &plan->nodes[i].services[j];
			const struct ipl_service *s = ps->svc;
			if (!is_data_service(s))
				continue;
			ps->private_only = used_from_other_node(plan, &plan->nodes[i], s);
			/* a split whose app forgot depends_on would never reach its database */
			if (plan->nodes_nr > 1 && !ps->private_only &&
			    !used_on_node(&plan->nodes[i], s) && ps->port > 0)
				ipl_warning(
					p->diags, p->spec->path, s->loc,
					"no service depends on \"%s\" (%s), so it listens on node "
					"\"%s\"'s localhost only and no other node reaches it: "
					"list it in \"depends_on\" of the services that use it",
					s->name.s, ipl_service_kind_name(s->kind),
					plan->nodes[i].name);
		}
}

/*
 * Volume sizes: the storage the spec gives the service (the provider's
 * minimum when it gives none), grown for VOLUME_HORIZON_MONTHS at
 * load.monthly_growth, rounded up to whole VOLUME_STEP_GB. A volume grows in
 * place later (only grows: none of the providers shrinks one).
 */
#define VOLUME_HORIZON_MONTHS 12
#define VOLUME_STEP_GB 10

static void
plan_volumes(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_offer *o = ipl_catalog_find(p->cat, plan->provider->name,
						     plan->provider->volume_offer);
	const struct ipl_price *pr = o ? ipl_offer_price_at(o, p->date) : NULL;
	double growth = pow(1 + ipl_setting(&p->spec->load.monthly_growth, 0),
			    VOLUME_HORIZON_MONTHS);
	size_t i, j, k;

	for (i = 0; i < plan->nodes_nr; i++) {
		struct ipl_plan_node *n = &plan->nodes[i];

		if (n->kind != IPL_NODE_SERVER)
			continue;
		n->volumes = IPL_ARENA_ARRAY(p->arena, struct ipl_plan_volume,
					     n->services_nr ? n->services_nr : 1);
		for (j = 0; j < n->services_nr; j++) {
			const struct ipl_service *s = n->services[j].svc;
			const char *dir = data_dir(p, s);
			double gb = s->storage_gb.v != IPL_UNSET ? s->storage_gb.v : 0;
			struct ipl_plan_volume *v = NULL;

			if (!gets_volume(p, s))
				continue;
			/* redis and a queue share redis-server and its directory: one volume */
			for (k = 0; k < n->volumes_nr; k++)
				if (!strcmp(n->volumes[k].mount, dir))
					v = &n->volumes[k];
			if (!v) {
				v = &n->volumes[n->volumes_nr++];
				v->svc = s;
				v->mount = dir;
				v->price = pr;
			}
			v->storage_gb += gb;
		}
		for (k = 0; k < n->volumes_nr; k++) {
			struct ipl_plan_volume *v = &n->volumes[k];
			double gb = ceil(v->storage_gb * growth / VOLUME_STEP_GB - 1e-9) *
				    VOLUME_STEP_GB;
			v->size_gb = gb > plan->provider->volume_min_gb
					     ? gb
					     : plan->provider->volume_min_gb;
		}
	}
}

static int
build_pinned(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < spec->nodes_nr; i++) {
		const struct ipl_node_spec *ns = &spec->nodes[i];
		struct ipl_plan_node *n = add_node(plan, ns->name.s, IPL_ROLE_PINNED,
						   spec->services_nr, p->arena);
		n->count = ns->count.v != IPL_UNSET ? (int)ns->count.v : 1;
		for (j = 0; j < spec->services_nr; j++) {
			const struct ipl_service *s = &spec->services[j];
			if (s->node.s && !strcmp(s->node.s, ns->name.s))
				place(p, &n->services[n->services_nr++], s);
		}
	}
	for (j = 0; j < spec->services_nr; j++) {
		const struct ipl_service *s = &spec->services[j];
		if (!s->node.s)
			rc = ipl_error(
				p->diags, spec->path, s->loc,
				"service \"%s\" has no \"node\"; when the spec declares nodes, "
				"every service names the node it runs on",
				s->name.s);
	}
	return rc;
}

/* a pinned node: the catalog type the spec named, or the size of the user's own server */
static int
size_pinned(struct ipl_planner *p, struct ipl_plan_node *n, const struct ipl_node_spec *ns)
{
	const char *provider = ipl_provider_name(p->spec->provider);

	compute_needs(p, n, n->count);
	if (ns->type.s) {
		const struct ipl_offer *o = ipl_catalog_find(p->cat, provider, ns->type.s);
		if (!o || o->kind != IPL_OFFER_SERVER) {
			const char *names[256];
			size_t i, m = 0;
			const char *near;
			for (i = 0; i < p->cat->offers_nr && m < IPL_ARRAY_SIZE(names); i++)
				if (p->cat->offers[i].kind == IPL_OFFER_SERVER &&
				    !strcmp(p->cat->offers[i].provider, provider))
					names[m++] = p->cat->offers[i].id;
			near = ipl_suggest(ns->type.s, names, m);
			if (near)
				return ipl_error(
					p->diags, p->spec->path, ns->type.loc,
					"unknown %s server type \"%s\"; did you mean \"%s\"?",
					provider, ns->type.s, near);
			return ipl_error(
				p->diags, p->spec->path, ns->type.loc,
				"unknown %s server type \"%s\"; see 'infraplan prices show %s'",
				provider, ns->type.s, provider);
		}
		n->type = o;
		n->price = ipl_offer_price_at(o, p->date);
		if (!n->price)
			n->price = &o->prices[0];
		if (!ipl_offer_available_at(o, p->date))
			ipl_warning(
				p->diags, p->spec->path, ns->type.loc,
				"%s \"%s\" is not on sale on %d-%02d-%02d; its price from %s is used",
				provider, o->name, p->date / 10000, p->date / 100 % 100,
				p->date % 100, n->price->valid_from_text);
		n->decided_by = "pinned";
		if (!fits(n, o))
			ipl_warning(
				p->diags, p->spec->path, ns->loc,
				"node \"%s\" (%s: %.0f vCPU, %.0f MiB, %.0f GB) is smaller than its "
				"services need with headroom (%.2f vCPU, %.0f MiB, %.0f GB)",
				n->name, o->name, o->vcpu, o->memory_mib, o->disk_gb,
				n->need_cpu_m / 1000, n->need_memory_mib, n->need_disk_gb);
		return 0;
	}
	if (ns->cpu_m.v != IPL_UNSET || ns->memory_mib.v != IPL_UNSET) {
		/*
		 * The user's own server: budgets are hard limits (CPUQuota=, MemoryMax=), so
		 * they must add up within the machine; headroom is the user's business here.
		 */
		double cpu = 0, mem = OS_RESERVE_MEMORY_MIB, disk = OS_RESERVE_DISK_GB;
		size_t i;
		int rc = 0;
		for (i = 0; i < n->services_nr; i++) {
			cpu += n->services[i].cpu_m;
			mem += n->services[i].memory_mib;
			disk += n->services[i].disk_gb;
		}
		n->need_cpu_m = cpu;
		n->need_memory_mib = mem;
		n->need_disk_gb = disk;
		n->decided_by = "pinned";
		if (ns->cpu_m.v != IPL_UNSET && cpu > ns->cpu_m.v + 1e-9)
			rc = ipl_error(
				p->diags, p->spec->path, ns->cpu_m.loc,
				"the CPU budgets on node \"%s\" add up to %.2f cores but the "
				"server has %.2f; lower the services' cpu",
				n->name, cpu / 1000, ns->cpu_m.v / 1000);
		if (ns->memory_mib.v != IPL_UNSET && mem > ns->memory_mib.v + 1e-9)
			rc = ipl_error(
				p->diags, p->spec->path, ns->memory_mib.loc,
				"the memory budgets on node \"%s\" add up to %.0f MiB (with %d MiB "
				"for the OS) but the server has %.0f MiB; lower the services' "
				"memory or use a larger server",
				n->name, mem, OS_RESERVE_MEMORY_MIB, ns->memory_mib.v);
		if (ns->disk_gb.v != IPL_UNSET && disk > ns->disk_gb.v + 1e-9)
			rc = ipl_error(
				p->diags, p->spec->path, ns->disk_gb.loc,
				"the disk needs on node \"%s\" add up to %.0f GB (with %d GB for "
				"the OS) but the server has %.0f GB",
				n->name, disk, OS_RESERVE_DISK_GB, ns->disk_gb.v);
		return rc;
	}
	if (ipl_provider_get(p->spec->provider)->own_server) {
		n->decided_by = "pinned";
		return 0;
	}
	if (size_node(p, n, false) < 0)
		return no_fit_error(p, n, ns->loc);
	return 0;
}

/* ---- Managed instances, one group per service (Koyeb) ------------------ */

static bool
offer_matches_gpu(const struct ipl_offer *o, const char *gpu)
{
	size_t i;

	if (!strcmp(o->id, gpu) || (o->line && !strcmp(o->line, gpu)))
		return true;
	for (i = 0; i < o->aliases_nr; i++)
		if (!strcmp(o->aliases[i], gpu))
			return true;
	return false;
}

static const struct ipl_offer *
find_instance(struct ipl_planner *p, const struct ipl_service *s, double cpu_m, double mem)
{
	const char *provider = ipl_provider_name(p->spec->provider);
	const struct ipl_offer *best = NULL;
	size_t i;

	for (i = 0; i < p->cat->offers_nr; i++) {
		const struct ipl_offer *o = &p->cat->offers[i];
		const struct ipl_price *pr;
		if (strcmp(o->provider, provider) || !ipl_offer_available_at(o, p->date))
			continue;
		if (s->gpu.s) {
			if (o->kind != IPL_OFFER_GPU || !offer_matches_gpu(o, s->gpu.s))
				continue;
		} else if (o->kind != IPL_OFFER_INSTANCE || o->vcpu * 1000 < cpu_m - 1e-9 ||
			   o->memory_mib < mem - 1e-9) {
			continue;
		}
		pr = ipl_offer_price_at(o, p->date);
		if (!best || pr->amount < ipl_offer_price_at(best, p->date)->amount)
			best = o;
	}
	return best;
}

/*
 * Koyeb runs images only: a command has nothing to run it in, and a static
 * site is served only by an image that holds it (a web server with the files
 * built in); the other kinds are not Koyeb services at all.
 */
static int
check_runs_on_koyeb(struct ipl_planner *p, const struct ipl_service *s)
{
	const char *provider = ipl_provider_name(p->spec->provider);

	if (s->kind != IPL_KIND_APP && s->kind != IPL_KIND_WORKER &&
	    s->kind != IPL_KIND_STATIC_SITE)
		return ipl_error(p->diags, p->spec->path, s->kind_loc,
				 "provider %s runs app, worker and static_site services; service "
				 "\"%s\" (%s) must live elsewhere: pass its address as an env "
				 "{secret: NAME}",
				 provider, s->name.s, ipl_service_kind_name(s->kind));
	if (s->command.s)
		return ipl_error(p->diags, p->spec->path, s->command.loc,
				 "service \"%s\" gives a \"command\", but %s runs container images "
				 "only; give an \"image\" that runs it, or use provider contabo, "
				 "hetzner or none, which run commands",
				 s->name.s, provider);
	if (!s->image.s)
		return ipl_error(
			p->diags, p->spec->path, s->kind_loc,
			"static_site \"%s\" has no \"image\": %s cannot serve a directory "
			"of files; give an image that serves the site (a web server with the "
			"files built in), or use provider contabo, hetzner or none",
			s->name.s, provider);
	return 0;
}

/*
 * The public routes (Koyeb). Nothing is public that the spec did not ask
 * to be: a public service gets its "route", by default "/" when it is the
 * only public service and "/NAME" when there are several; a service that
 * is not public gets none, its port reachable on the service mesh only.
 * Koyeb wakes a service scaled to zero only on a request from the internet
 * (koyeb.com/docs/run-and-scale/scale-to-zero: "no traffic is received from
 * the Internet"), so such a service needs a public route even when it is
 * not public: it must be asked for with "route", and the plan says the
 * service has to guard it. Two services on one route are refused.
 */
static int
assign_routes(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	size_t i, j, public_nr = 0;
	int rc = 0;

	for (i = 0; i < plan->nodes_nr; i++)
		if (plan->nodes[i].services[0].public_port)
			public_nr++;
	for (i = 0; i < plan->nodes_nr; i++) {
		struct ipl_plan_node *n = &plan->nodes[i];
		struct ipl_placed_service *ps = &n->services[0];
		const struct ipl_service *s = ps->svc;

		if (s->route.s && !ps->port) {
			rc = ipl_error(
				p->diags, spec->path, s->route.loc,
				"service \"%s\" has a route but no port; give it the \"port\" "
				"the route leads to",
				s->name.s);
		} else if (ps->public_port) {
			if (s->route.s)
				ps->route = s->route.s;
			else if (public_nr == 1)
				ps->route = "/";
			else
				ps->route = ipl_arena_printf(p->arena, "/%s", s->name.s);
		} else if (s->route.s && n->instances.scale_to_zero) {
			ps->route = s->route.s;
			ipl_warning(
				p->diags, spec->path, s->route.loc,
				"service \"%s\" is not public, but its route %s is, so that a "
				"request can wake it from zero; %s checks no credentials there, so "
				"the service must refuse requests that lack a token its callers "
				"share (an env {secret: NAME})",
				s->name.s, s->route.s, ipl_provider_name(spec->provider));
		} else if (s->route.s) {
			rc = ipl_error(
				p->diags, spec->path, s->route.loc,
				"service \"%s\" is not public but has a route, which would "
				"expose its port to the internet; set public: true, or remove the "
				"route (other services reach it on the service mesh at "
				"http://%s:%d)",
				s->name.s, s->name.s, ps->port);
		} else if (n->instances.scale_to_zero && ps->port) {
			rc = ipl_error(
				p->diags, spec->path, s->min_replicas.loc,
				"service \"%s\" scales to zero but is not public: %s wakes a "
				"sleeping service only on a request from the internet, which "
				"needs a public route; give it one (route: /%s) and make the "
				"service refuse callers without a token, or keep min_replicas "
				"at 1",
				s->name.s, ipl_provider_name(spec->provider), s->name.s);
		}
		for (j = 0; ps->route && j < i; j++) {
			const struct ipl_placed_service *other = &plan->nodes[j].services[0];
			if (other->route && !strcmp(other->route, ps->route))
				rc = ipl_error(
					p->diags, spec->path, s->route.s ? s->route.loc : s->loc,
					"service \"%s\" has route \"%s\", which service "
					"\"%s\" (line %d) has too; give each its own \"route\"",
					s->name.s, ps->route, other->svc->name.s,
					other->svc->route.s ? other->svc->route.loc.line
							    : other->svc->loc.line);
		}
	}
	return rc;
}

int
ipl_plan_instance_groups(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	size_t i;
	int rc = 0;

	plan->nodes = IPL_ARENA_ARRAY(p->arena, struct ipl_plan_node, spec->services_nr);
	plan->layout = IPL_LAYOUT_SPLIT;
	plan->layout_reason = "one managed instance group per service";
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		struct ipl_plan_node *n;
		struct ipl_placed_service *ps;

		if (check_runs_on_koyeb(p, s) < 0) {
			rc = -1;
			continue;
		}
		n = add_node(plan, s->name.s, IPL_ROLE_SERVICE, 1, p->arena);
		n->kind = IPL_NODE_INSTANCE_GROUP;
		ps = &n->services[n->services_nr++];
		place(p, ps, s);
		/* one instance's size: the request is per replica */
		ps->cpu_m /= ipl_planner_replicas(p, s);
		ps->memory_mib /= ipl_planner_replicas(p, s);
		if (ps->capacity)
			ps->memory_mib = ps->capacity->memory_mib;
		n->need_cpu_m = ps->cpu_m;
		n->need_memory_mib = ps->memory_mib;
		if (ps->capacity && !ps->capacity->pinned) {
			/* the baseline always on, the peak with headroom at most */
			n->instances.min_count = ps->capacity->min_replicas;
			n->instances.max_count = ps->capacity->max_replicas;
		} else if (s->replicas.v != IPL_UNSET) {
			n->instances.min_count = n->instances.max_count = (int)s->replicas.v;
		} else {
			n->instances.min_count = s->min_replicas.v != IPL_UNSET
							 ? (int)s->min_replicas.v
							 : 1;
			n->instances.max_count = s->max_replicas.v != IPL_UNSET
							 ? (int)s->max_replicas.v
							 : (n->instances.min_count > 0
								    ? n->instances.min_count
								    : 1);
		}
		n->count = n->instances.min_count;
		n->type = find_instance(p, s, ps->cpu_m, ps->memory_mib);
		if (!n->type) {
			rc = ipl_error(
				p->diags, spec->path, s->gpu.s ? s->gpu.loc : s->loc,
				s->gpu.s
					? "no %s GPU instance matches \"%s\"; see 'infraplan prices "
					  "show %s'"
					: "no %s instance is large enough for service \"%s\"%s",
				ipl_provider_name(spec->provider), s->gpu.s ? s->gpu.s : s->name.s,
				s->gpu.s ? ipl_provider_name(spec->provider) : "");
			continue;
		}
		n->price = ipl_offer_price_at(n->type, p->date);
		n->decided_by = s->gpu.s ? "gpu" : binding_constraint(n, n->type);
		n->instances.active_hours = 730;
		if (n->instances.min_count == 0) {
			n->instances.scale_to_zero = true;
			n->count = 1;
			if (ps->port == 0) {
				/* koyeb.com/docs/run-and-scale/scale-to-zero: a sleeping service wakes
				   only on an incoming request; a worker with no port never would */
				rc = ipl_error(
					p->diags, spec->path, s->min_replicas.loc,
					"service \"%s\" scales to zero but has no port: %s wakes a "
					"sleeping service only on an incoming request, so it would "
					"never wake; give it a port and a route the caller hits when "
					"it enqueues work, or keep min_replicas at 1",
					s->name.s, ipl_provider_name(spec->provider));
				continue;
			}
			/* a service's own hours are its own; a scenario's hours (cost --hours)
			   stand in for load.gpu_hours only, so they move only the GPU services
			   that load.gpu_hours would cost */
			if (s->hours_per_month.v != IPL_UNSET)
				n->instances.active_hours = s->hours_per_month.v;
			else if (p->gpu_hours != IPL_UNSET && s->gpu.s)
				n->instances.active_hours = p->gpu_hours;
			else if (spec->load.gpu_hours.v != IPL_UNSET && s->gpu.s)
				n->instances.active_hours = spec->load.gpu_hours.v;
			else {
				rc = ipl_error(
					p->diags, spec->path, s->min_replicas.loc,
					"service \"%s\" scales to zero: give hours_per_month (or "
					"load.gpu_hours) so its cost can be estimated",
					s->name.s);
				continue;
			}
			ipl_warning(
				p->diags, spec->path, s->min_replicas.loc,
				"service \"%s\" scales to zero: the first request after idle waits "
				"for a cold start of 30 to 60 seconds; keeping one instance warm "
				"would cost %.2f %s a month",
				s->name.s, n->price->amount * 730, n->price->currency);
		}
	}
	if (assign_routes(p, plan) < 0)
		rc = -1;
	return rc;
}

/* ---- Warnings with the number that triggered them ---------------------- */

static void
warn_limits(struct ipl_planner *p, const struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	size_t i, j;

	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		if (s->max_connections.v != IPL_UNSET && p->concurrent > s->max_connections.v &&
		    s->public_port)
			ipl_warning(
				p->diags, spec->path, s->max_connections.loc,
				"%.0f peak concurrent connections (load.concurrent) exceed service "
				"\"%s\"'s own cap of %.0f (limits.connections); raise the cap and "
				"load-test, or add replicas",
				p->concurrent, s->name.s, s->max_connections.v);
	}
	if (p->uploads_gb <= 0)
		return;
	for (i = 0; i < plan->nodes_nr; i++) {
		const struct ipl_plan_node *n = &plan->nodes[i];
		bool has_store = false;
		double free_gb;
		if (!n->type || !takes_traffic(n))
			continue;
		for (j = 0; j < n->services_nr; j++)
			has_store |= n->services[j].svc->kind == IPL_KIND_OBJECT_STORAGE;
		free_gb = n->type->disk_gb - n->need_disk_gb;
		if (!has_store && p->uploads_gb > free_gb)
			ipl_warning(
				p->diags, spec->path, spec->load.uploads_gb.loc,
				"retained uploads of %.0f GB outgrow the %.0f GB left on node "
				"\"%s\" (%s, %.0f GB disk): keep uploads in object storage or on a "
				"storage VPS, and only hot files locally",
				p->uploads_gb, free_gb > 0 ? free_gb : 0, n->name, n->type->name,
				n->type->disk_gb);
	}
}

/*
 * A choice is only as good as the price that made it: when the price of a
 * server or instance type the planner picked (not one the spec pinned) is
 * unverified, or older than IPL_CATALOG_STALE_DAYS against the catalog's
 * date, say so with the choice.
 */
/* a node whose type was chosen on a price worth a warning, for grouping by price */
struct doubtful_choice {
	const struct ipl_price *price;
	size_t node;  /* index in plan->nodes */
	size_t first; /* the first node of its price's group */
};

static int
cmp_by_price(const void *a, const void *b)
{
	const struct doubtful_choice *x = a, *y = b;

	if (x->price != y->price)
		return (uintptr_t)x->price < (uintptr_t)y->price ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int
cmp_by_first(const void *a, const void *b)
{
	const struct doubtful_choice *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* the names of the nodes chosen on one price, the first few of them */
static void
add_node_names(struct ipl_buf *b, const struct ipl_plan *plan, const struct doubtful_choice *c,
	       size_t n)
{
	enum {
		SHOWN = 4
	};
	size_t i;

	for (i = 0; i < n && i < SHOWN; i++)
		ipl_buf_addf(b, "%s\"%s\"",
			     i == 0       ? ""
			     : i + 1 == n ? " and "
					  : ", ",
			     plan->nodes[c[i].node].name);
	if (n > SHOWN)
		ipl_buf_addf(b, " and %zu more", n - SHOWN);
}

static bool
doubtful(const struct ipl_plan *plan, const struct ipl_plan_node *n)
{
	const struct ipl_price *pr = n->price;

	if (!n->type || !pr || !n->decided_by || !strcmp(n->decided_by, "pinned") ||
	    !strcmp(n->decided_by, "the spec's instance_type"))
		return false;
	return (pr->confidence && !strcmp(pr->confidence, "unverified")) ||
	       ipl_days_between(pr->valid_from, plan->catalog->date_ymd) > IPL_CATALOG_STALE_DAYS;
}

/*
 * A choice is only as good as the price that made it: when the price of a
 * server or instance type the planner picked (not one the spec pinned) is
 * unverified, or older than IPL_CATALOG_STALE_DAYS against the catalog's
 * date, say so with the choice, once per price with the nodes it decided.
 */
static void
warn_deciding_prices(const struct ipl_plan *plan, struct ipl_arena *arena, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	const struct ipl_catalog *cat = plan->catalog;
	struct doubtful_choice *c = IPL_ARENA_ARRAY(arena, struct doubtful_choice,
						    plan->nodes_nr + 1);
	size_t i, j, nr = 0;

	for (i = 0; i < plan->nodes_nr; i++)
		if (doubtful(plan, &plan->nodes[i]))
			c[nr++] = (struct doubtful_choice){ plan->nodes[i].price, i, i };
	if (!nr)
		return;
	/* group by price, then order the groups by their first node: stable output */
	qsort(c, nr, sizeof(*c), cmp_by_price);
	for (i = 1; i < nr; i++)
		if (c[i].price == c[i - 1].price)
			c[i].first = c[i - 1].first;
	qsort(c, nr, sizeof(*c), cmp_by_first);
	for (i = 0; i < nr; i = j) {
		const struct ipl_price *pr = c[i].price;
		const struct ipl_plan_node *n = &plan->nodes[c[i].node];
		struct ipl_buf names = IPL_BUF_INIT;
		for (j = i + 1; j < nr && c[j].first == c[i].first; j++)
			;
		add_node_names(&names, plan, c + i, j - i);
		if (pr->confidence && !strcmp(pr->confidence, "unverified"))
			ipl_warning(diags, spec->path, (struct ipl_loc){ 0, 0 },
				    "%s for %s was chosen on an unverified price (%.10g %s a %s, "
				    "valid from %s); check it before relying on the choice",
				    n->type->name, names.data, pr->amount, pr->currency,
				    ipl_price_unit_name(pr->unit), pr->valid_from_text);
		else
			ipl_warning(
				diags, spec->path, (struct ipl_loc){ 0, 0 },
				"%s for %s was chosen on a price from %s, %d days before the "
				"catalog's date (%s; more than %d); check it before relying on the "
				"choice",
				n->type->name, names.data, pr->valid_from_text,
				ipl_days_between(pr->valid_from, cat->date_ymd), cat->date,
				IPL_CATALOG_STALE_DAYS);
		ipl_buf_release(&names);
	}
}

/* the capacity model's sizing of every service, before a layout is chosen */
static void
plan_capacity(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	struct ipl_capacity_params par;
	size_t i;

	p->caps = IPL_ARENA_ARRAY(p->arena, struct ipl_capacity,
				  spec->services_nr ? spec->services_nr : 1);
	par.target = ipl_setting(&spec->settings.autoscale_cpu_target, 60) / 100;
	par.headroom = p->cpu_headroom;
	par.mib_per_connection = p->mib_per_conn;
	/* a declared node holds what the spec put there: the plan does not add replicas */
	par.replicas_free = spec->nodes_nr == 0 && !plan->provider->own_server;
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		const struct kind_default *d = &kind_defaults[s->kind];

		/* tasks start at the smallest Fargate size, 0.25 vCPU, and double from there */
		par.default_cpu_m = plan->provider->managed_tasks ? 250 : d->cpu_m;
		par.default_memory_mib = d->memory_mib;
		ipl_capacity_size(&p->caps[i], s, &p->peak, &par, p->arena);
	}
	/* the databases once the services that open connections to them are sized */
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		struct ipl_capacity *c = &p->caps[i];
		struct ipl_db_capacity dc;

		if (!ipl_service_kind_is_database(s->kind))
			continue;
		ipl_capacity_database(&dc, spec, s, p->caps, p->arena);
		c->database = true;
		c->connections = dc.connections;
		c->memory_mib = dc.need_memory_mib;
		c->binding = s->memory_mib.v != IPL_UNSET ? "the spec's memory" : "memory";
		c->method = dc.method;
	}
	plan->peak = p->peak;
	plan->data_factor = p->data_factor;
	plan->capacity = p->caps;
}

/*
 * A service whose replicas the spec fixed (or whose node it declared) and
 * that is asked to serve more than they do at the target: the numbers, and
 * what the model would run.
 */
static void
warn_capacity(struct ipl_planner *p)
{
	const struct ipl_spec *spec = p->spec;
	size_t i;

	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		const struct ipl_capacity *c = &p->caps[i];
		if (!c->sized || !c->pinned || c->peak_rps <= c->capacity_rps + 1e-9)
			continue;
		ipl_warning(
			p->diags, spec->path,
			s->replicas.v != IPL_UNSET ? s->replicas.loc
			: s->node.s                ? s->node.loc
						   : s->loc,
			"service \"%s\" is asked to serve %.6g req/s at the peak, but %d × %.6g "
			"vCPU serve %.6g at %.0f%% CPU (%.6g req/s per vCPU, %s): the model would "
			"run %d × %.6g vCPU; raise its replicas or cpu, or give "
			"capacity.requests_per_vcpu from a load test",
			s->name.s, c->peak_rps, c->replicas, c->cpu_m / 1000, c->capacity_rps,
			c->target * 100, c->rps_per_vcpu, c->basis, c->model_replicas,
			c->cpu_m / 1000);
	}
}

/* the connections a database engine takes on the node or class the plan gave it */
static double
engine_limit(const struct ipl_plan_node *n, const struct ipl_service *db)
{
	/* docs.aws.amazon.com, RDS "Maximum number of database connections":
	   LEAST({DBInstanceClassMemory/9531392}, 5000) for PostgreSQL and
	   {DBInstanceClassMemory/12582880} for MySQL; the class's memory stands in
	   for DBInstanceClassMemory (a little more than RDS leaves it) */
	if (n->kind == IPL_NODE_AWS && n->aws.kind == IPL_AWS_RDS && n->type) {
		double bytes = n->type->memory_mib * 1048576;
		double lim = floor(bytes / (db->kind == IPL_KIND_MYSQL ? 12582880 : 9531392));
		return db->kind == IPL_KIND_POSTGRES && lim > 5000 ? 5000 : lim;
	}
	return ipl_capacity_engine_max_connections(db->kind);
}

/* the apps' pools against each database's connection limit */
static void
warn_pools(struct ipl_planner *p, const struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	size_t i, j;

	for (i = 0; i < plan->nodes_nr; i++)
		for (j = 0; j < plan->nodes[i].services_nr; j++) {
			const struct ipl_service *db = plan->nodes[i].services[j].svc;
			struct ipl_db_capacity dc;
			double limit;
			if (db->kind != IPL_KIND_POSTGRES && db->kind != IPL_KIND_MYSQL)
				continue;
			ipl_capacity_database(&dc, spec, db, p->caps, p->arena);
			limit = engine_limit(&plan->nodes[i], db);
			if (limit <= 0 || dc.connections <= limit)
				continue;
			ipl_warning(
				p->diags, spec->path, db->loc,
				"the services that depend on \"%s\" open up to %.0f connections at "
				"their peak replicas (replicas × capacity.pool), more than the %.0f "
				"%s accepts (max_connections); put a pooler in front (%s) or lower "
				"capacity.pool",
				db->name.s, dc.connections, limit, ipl_service_kind_name(db->kind),
				plan->nodes[i].kind == IPL_NODE_AWS ? "RDS Proxy"
				: db->kind == IPL_KIND_POSTGRES     ? "PgBouncer"
								    : "ProxySQL");
		}
}

/*
 * 013: a public app without a domain is served as it is, plain HTTP unless it
 * speaks TLS itself; with one, Caddy (servers) or the load balancer (AWS)
 * serves it over HTTPS. Koyeb serves every route over HTTPS itself.
 */
static void
warn_plain_http(const struct ipl_plan *plan, struct ipl_diags *diags)
{
	const struct ipl_spec *spec = plan->spec;
	size_t i;

	if (plan->provider->routes)
		return;
	for (i = 0; i < spec->services_nr; i++) {
		const struct ipl_service *s = &spec->services[i];
		if (!s->public_port || ipl_service_domain(spec, s))
			continue;
		if (s->kind == IPL_KIND_STATIC_SITE && plan->provider->node_files && !s->image.s) {
			/* nginx serves it on its port, 443 turned into 80 (node_tls.c) */
			long port = s->port.v != IPL_UNSET ? (long)s->port.v : 80;
			ipl_warning(
				diags, spec->path, s->loc,
				"public static site \"%s\" has no \"domain\": it is served over "
				"plain HTTP on port %ld%s; give it a domain to serve it over HTTPS "
				"(Caddy, on ports 80 and 443)",
				s->name.s, port == 443 ? 80 : port,
				port == 443 ? " (port 443 needs a certificate, so it stays closed)"
					    : "");
			continue;
		}
		/* an app, or a static site whose image serves it (80 unless its port says) */
		if ((s->kind != IPL_KIND_APP && s->kind != IPL_KIND_STATIC_SITE) ||
		    !ipl_planner_service_port(s))
			continue;
		ipl_warning(diags, spec->path, s->loc,
			    "public service \"%s\" has no \"domain\": port %d is served as it is, "
			    "over plain HTTP unless the app speaks TLS itself; give it a domain to "
			    "serve it over HTTPS (%s)",
			    s->name.s, ipl_planner_service_port(s),
			    plan->provider->node_files ? "Caddy, on ports 80 and 443"
						       : "an ACM certificate on the load balancer");
	}
}

int
ipl_plan_build(struct ipl_plan **out, const struct ipl_spec *spec,
	       const struct ipl_catalog *catalog, const struct ipl_plan_options *opts,
	       struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ipl_planner p = { .spec = spec, .cat = catalog, .arena = arena, .diags = diags };
	double rps = ipl_setting(&spec->load.requests_per_second, -1);
	double concurrent = ipl_setting(&spec->load.concurrent, -1);
	struct ipl_plan *plan = IPL_ARENA_NEW(arena, struct ipl_plan);
	size_t i;

	*out = NULL;
	p.date = spec->prices_as_of_ymd ? spec->prices_as_of_ymd : catalog->date_ymd;
	p.gpu_hours = opts ? opts->gpu_hours_override : IPL_UNSET;
	p.users = ipl_setting(&spec->load.users, 0);
	p.concurrent = ipl_setting(&spec->load.concurrent, 0);
	p.uploads_gb = ipl_setting(&spec->load.uploads_gb, 0);
	p.data_factor = 1;
	if (opts && (opts->users_override != IPL_UNSET || opts->load_factor > 0)) {
		/* a tier or a month of growth: the load grows in the spec's proportions */
		bool tier = opts->users_override != IPL_UNSET;
		double k = !tier         ? opts->load_factor
			   : p.users > 0 ? opts->users_override / p.users
					 : 1;
		if (concurrent >= 0 && (p.users > 0 || !tier))
			concurrent = ceil(concurrent * k);
		if (rps >= 0)
			rps *= k;
		p.uploads_gb *= k;
		p.users = tier ? opts->users_override : ceil(p.users * k);
		if (!tier)
			p.data_factor = k;
	}
	/* the peak: what the spec gives, the rest derived from the users (capacity.c) */
	ipl_capacity_peak(&p.peak, p.users, concurrent, rps);
	p.concurrent = p.peak.concurrent;
	p.cpu_headroom = ipl_setting(&spec->settings.cpu_headroom, 0.2);
	p.memory_headroom = ipl_setting(&spec->settings.memory_headroom, 0.2);
	p.mib_per_conn = ipl_setting(&spec->settings.memory_per_connection_mib, 1);

	plan->spec = spec;
	plan->provider = ipl_provider_get(spec->provider);
	plan_capacity(&p, plan);
	plan->catalog = catalog;
	plan->gpu_hours = p.gpu_hours;
	for (i = 0; p.gpu_hours != IPL_UNSET && i < spec->scenarios_nr; i++)
		if (spec->scenarios[i].gpu_hours.v == p.gpu_hours)
			plan->scenario = &spec->scenarios[i];
	plan->prices_date = p.date;
	plan->network_cidr = "10.0.0.0/16";
	plan->subnet_cidr = "10.0.1.0/24";
	plan->nodes = IPL_ARENA_ARRAY(arena, struct ipl_plan_node,
				      spec->nodes_nr > 2 ? spec->nodes_nr : 2);

	if (plan->provider->plan(&p, plan) < 0)
		return -1;
	warn_capacity(&p);
	warn_pools(&p, plan);
	warn_deciding_prices(plan, arena, diags);
	warn_plain_http(plan, diags);
	*out = plan;
	return 0;
}

int
ipl_plan_servers(struct ipl_planner *p, struct ipl_plan *plan)
{
	const struct ipl_spec *spec = p->spec;
	double split_conc = ipl_setting(&spec->settings.split_above_concurrent, 200);
	double split_users = ipl_setting(&spec->settings.split_at_users, 5000);
	size_t i;
	int rc = 0;

	/* the catalog has no GPU servers of Contabo or Hetzner: a GPU is not silently dropped */
	for (i = 0; !plan->provider->own_server && i < spec->services_nr; i++)
		if (spec->services[i].gpu.s)
			rc = ipl_error(p->diags, spec->path, spec->services[i].gpu.loc,
				       "provider %s offers no GPU servers in the catalog; service "
				       "\"%s\" asks for gpu %s: run it on koyeb",
				       plan->provider->name, spec->services[i].name.s,
				       spec->services[i].gpu.s);
	if (rc < 0)
		return -1;
	if (spec->nodes_nr) {
		plan->layout = spec->nodes_nr > 1 ? IPL_LAYOUT_SPLIT : IPL_LAYOUT_SINGLE;
		plan->layout_reason = "the nodes the spec declares";
		rc = build_pinned(p, plan);
		for (i = 0; i < plan->nodes_nr; i++)
			if (size_pinned(p, &plan->nodes[i], &spec->nodes[i]) < 0)
				rc = -1;
	} else {
		enum ipl_layout layout = spec->layout;
		if (plan->provider->own_server) {
			layout = IPL_LAYOUT_SINGLE;
			plan->layout_reason = ipl_arena_printf(
				p->arena, "provider %s: the server you already have",
				plan->provider->name);
		} else if (layout == IPL_LAYOUT_AUTO) {
			if (p->concurrent > split_conc) {
				layout = IPL_LAYOUT_SPLIT;
				plan->layout_reason = ipl_arena_printf(
					p->arena,
					"auto: %.0f peak concurrent connections exceed %.0f "
					"(settings.split_above_concurrent)",
					p->concurrent, split_conc);
			} else if (p->users >= split_users) {
				layout = IPL_LAYOUT_SPLIT;
				plan->layout_reason = ipl_arena_printf(
					p->arena,
					"auto: %.0f users reach %.0f (settings.split_at_users)",
					p->users, split_users);
			} else {
				layout = IPL_LAYOUT_SINGLE;
				plan->layout_reason = ipl_arena_printf(
					p->arena,
					"auto: %.0f concurrent connections and %.0f users are "
					"within one node's thresholds (%.0f, %.0f)",
					p->concurrent, p->users, split_conc, split_users);
			}
		} else {
			plan->layout_reason = "the spec's layout";
		}
		if (layout == IPL_LAYOUT_SINGLE) {
			build_single(p, plan);
			if (!plan->provider->own_server &&
			    size_node(p, &plan->nodes[0], false) < 0) {
				if (spec->layout == IPL_LAYOUT_AUTO) {
					plan->nodes_nr = 0;
					layout = IPL_LAYOUT_SPLIT;
					plan->layout_reason =
						"auto: no single node fits every service";
				} else {
					rc = no_fit_error(p, &plan->nodes[0], spec->provider_loc);
				}
			}
		}
		if (layout == IPL_LAYOUT_SPLIT) {
			build_split(p, plan);
			for (i = 0; i < plan->nodes_nr; i++) {
				struct ipl_plan_node *n = &plan->nodes[i];
				bool spread = n->role == IPL_ROLE_APP;
				if (size_node(p, n, spread) < 0)
					rc = no_fit_error(p, n, spec->provider_loc);
			}
		}
		plan->layout = layout;
	}
	if (rc < 0)
		return -1;
	mark_private_services(p, plan);
	if (plan->provider->volume_offer)
		plan_volumes(p, plan);
	warn_limits(p, plan);
	return 0;
}
