/*
 * spec_dump.c: the parsed model as canonical text, one "path = value" line per
 * field that is set, in model order. tests/specs/good/ compares it against
 * golden files, so a change in how the parser reads a spec shows up as a diff.
 */
#include "core/common.h"

#include "core/buf.h"
#include "planners/spec.h"

static void
put_str(struct ipl_buf *b, const char *path, const char *s)
{
	if (s)
		ipl_buf_addf(b, "%s = \"%s\"\n", path, s);
}

static void
put_num(struct ipl_buf *b, const char *path, const struct ipl_num *n)
{
	if (n->v != IPL_UNSET)
		ipl_buf_addf(b, "%s = %.6g\n", path, n->v);
}

static void
put_money(struct ipl_buf *b, const char *path, const struct ipl_money *m)
{
	if (m->amount != IPL_UNSET)
		ipl_buf_addf(b, "%s = %.6g %s\n", path, m->amount, m->currency ? m->currency : "(spec)");
}

static void
dump_service(struct ipl_buf *b, const struct ipl_service *s, size_t i)
{
	char p[64];
	size_t j;

#define P(field) (snprintf(p, sizeof(p), "services[%zu].%s", i, field), p)
	put_str(b, P("name"), s->name.s);
	put_str(b, P("kind"), ipl_service_kind_name(s->kind));
	put_str(b, P("command"), s->command.s);
	put_str(b, P("image"), s->image.s);
	put_num(b, P("port"), &s->port);
	if (s->public_port)
		put_str(b, P("public"), "true");
	put_str(b, P("health_path"), s->health_path.s);
	put_str(b, P("route"), s->route.s);
	for (j = 0; j < s->env_nr; j++) {
		char q[128];
		snprintf(q, sizeof(q), "services[%zu].env.%s", i, s->env[j].key);
		if (s->env[j].secret)
			ipl_buf_addf(b, "%s = secret(%s)\n", q, s->env[j].secret);
		else
			put_str(b, q, s->env[j].value);
	}
	put_num(b, P("replicas"), &s->replicas);
	put_num(b, P("min_replicas"), &s->min_replicas);
	put_num(b, P("max_replicas"), &s->max_replicas);
	put_num(b, P("cpu_millicores"), &s->cpu_m);
	put_num(b, P("memory_mib"), &s->memory_mib);
	put_num(b, P("disk_gb"), &s->disk_gb);
	put_num(b, P("storage_gb"), &s->storage_gb);
	put_num(b, P("storage_max_gb"), &s->storage_max_gb);
	put_str(b, P("instance_type"), s->instance_type.s);
	put_str(b, P("gpu"), s->gpu.s);
	put_num(b, P("hours_per_month"), &s->hours_per_month);
	put_str(b, P("stateful"), ipl_service_is_stateful(s) ? "true" : "false");
	if (s->singleton)
		put_str(b, P("singleton"), "true");
	if (s->arch != IPL_ARCH_ANY)
		put_str(b, P("arch"), s->arch == IPL_ARCH_ARM ? "arm" : "x86");
	put_num(b, P("limits.connections"), &s->max_connections);
	put_num(b, P("observed.cpu_p95_millicores"), &s->observed_cpu_m);
	put_num(b, P("observed.memory_p95_mib"), &s->observed_memory_mib);
	put_str(b, P("node"), s->node.s);
	for (j = 0; j < s->depends_on_nr; j++)
		put_str(b, P("depends_on[]"), s->depends_on[j].s);
#undef P
}

void
ipl_spec_dump(const struct ipl_spec *s, struct ipl_buf *b)
{
	size_t i;
	char p[64];

	put_str(b, "name", s->name.s);
	put_str(b, "provider", ipl_provider_name(s->provider));
	put_str(b, "region", s->region.s);
	put_str(b, "currency", s->currency.s);
	for (i = 0; i < s->rates_nr; i++)
		ipl_buf_addf(b, "rates.%s = %.6g\n", s->rates[i].code, s->rates[i].value);
	put_str(b, "prices_as_of", s->prices_as_of.s);
	put_str(b, "layout", ipl_layout_name(s->layout));
	put_num(b, "settings.split_above_concurrent", &s->settings.split_above_concurrent);
	put_num(b, "settings.split_at_users", &s->settings.split_at_users);
	put_num(b, "settings.cpu_headroom", &s->settings.cpu_headroom);
	put_num(b, "settings.memory_headroom", &s->settings.memory_headroom);
	put_num(b, "settings.memory_per_connection_mib", &s->settings.memory_per_connection_mib);
	put_num(b, "settings.spot_weight", &s->settings.spot_weight);
	put_num(b, "settings.on_demand_base", &s->settings.on_demand_base);
	put_num(b, "settings.autoscale_cpu_target", &s->settings.autoscale_cpu_target);
	put_str(b, "settings.ssh_allowed_cidr", s->settings.ssh_allowed_cidr.s);
	if (s->settings.nat_gateway)
		put_str(b, "settings.nat_gateway", "true");
	put_num(b, "load.users", &s->load.users);
	put_num(b, "load.concurrent", &s->load.concurrent);
	put_num(b, "load.requests_per_second", &s->load.requests_per_second);
	put_num(b, "load.uploads_gb", &s->load.uploads_gb);
	put_num(b, "load.monthly_growth", &s->load.monthly_growth);
	put_num(b, "load.gpu_hours", &s->load.gpu_hours);
	put_num(b, "load.audio_hours", &s->load.audio_hours);
	put_num(b, "load.processing_ratio", &s->load.processing_ratio);
	for (i = 0; i < s->services_nr; i++)
		dump_service(b, &s->services[i], i);
	for (i = 0; i < s->nodes_nr; i++) {
		snprintf(p, sizeof(p), "nodes[%zu].name", i);
		put_str(b, p, s->nodes[i].name.s);
		snprintf(p, sizeof(p), "nodes[%zu].type", i);
		put_str(b, p, s->nodes[i].type.s);
		snprintf(p, sizeof(p), "nodes[%zu].count", i);
		put_num(b, p, &s->nodes[i].count);
		snprintf(p, sizeof(p), "nodes[%zu].cpu_millicores", i);
		put_num(b, p, &s->nodes[i].cpu_m);
		snprintf(p, sizeof(p), "nodes[%zu].memory_mib", i);
		put_num(b, p, &s->nodes[i].memory_mib);
		snprintf(p, sizeof(p), "nodes[%zu].disk_gb", i);
		put_num(b, p, &s->nodes[i].disk_gb);
	}
	if (s->backup.present) {
		put_str(b, "backup.target", s->backup.target.s);
		put_num(b, "backup.size_gb", &s->backup.size_gb);
		put_num(b, "backup.retention_days", &s->backup.retention_days);
		for (i = 0; i < s->backup.schedules_nr; i++) {
			snprintf(p, sizeof(p), "backup.schedule[%zu].kind", i);
			put_str(b, p, s->backup.schedules[i].kind.s ? s->backup.schedules[i].kind.s : "full");
			snprintf(p, sizeof(p), "backup.schedule[%zu].every", i);
			put_str(b, p, s->backup.schedules[i].every.s);
		}
	}
	for (i = 0; i < s->extras_nr; i++) {
		const struct ipl_extra *e = &s->extras[i];
		snprintf(p, sizeof(p), "extras[%zu].kind", i);
		put_str(b, p, ipl_extra_kind_name(e->kind));
		snprintf(p, sizeof(p), "extras[%zu].name", i);
		put_str(b, p, e->name.s);
		snprintf(p, sizeof(p), "extras[%zu].plan", i);
		put_str(b, p, e->plan.s);
		snprintf(p, sizeof(p), "extras[%zu].monthly", i);
		put_money(b, p, &e->monthly);
		snprintf(p, sizeof(p), "extras[%zu].yearly", i);
		put_money(b, p, &e->yearly);
	}
	for (i = 0; i < s->overrides_nr; i++) {
		const struct ipl_override *o = &s->overrides[i];
		snprintf(p, sizeof(p), "price_overrides[%zu].target", i);
		put_str(b, p, o->target.s);
		snprintf(p, sizeof(p), "price_overrides[%zu].monthly", i);
		put_money(b, p, &o->monthly);
		snprintf(p, sizeof(p), "price_overrides[%zu].note", i);
		put_str(b, p, o->note.s);
	}
	for (i = 0; i < s->scenarios_nr; i++) {
		const struct ipl_scenario *sc = &s->scenarios[i];
		size_t j;
		snprintf(p, sizeof(p), "scenarios[%zu].name", i);
		put_str(b, p, sc->name.s);
		snprintf(p, sizeof(p), "scenarios[%zu].gpu_hours", i);
		put_num(b, p, &sc->gpu_hours);
		for (j = 0; j < sc->overrides_nr; j++) {
			char q[96];
			snprintf(q, sizeof(q), "scenarios[%zu].price_overrides[%zu].target", i, j);
			put_str(b, q, sc->overrides[j].target.s);
			snprintf(q, sizeof(q), "scenarios[%zu].price_overrides[%zu].monthly", i, j);
			put_money(b, q, &sc->overrides[j].monthly);
		}
	}
	put_money(b, "budget.monthly", &s->budget);
	put_str(b, "admin_user", s->admin_user.s);
	put_str(b, "ssh_public_key", s->ssh_public_key.s);
}
