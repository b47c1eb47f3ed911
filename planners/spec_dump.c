/*
 * spec_dump.c: the parsed model as canonical text, one "path = value" line per
 * field that is set, in model order. tests/specs/good/ compares it against
 * golden files, so a change in how the parser reads a spec shows up as a diff.
 */
#include "core/common.h"

#include "core/buf.h"
#include "planners/provider.h"
#include "model/spec.h"
#include "planners/spec_load.h"

/* a field's path, formatted into p: a buffer, so that a long env key is never cut short */
static const char *at(struct ipl_buf *p, const char *fmt, ...) IPL_PRINTF(2, 3);

static const char *
at(struct ipl_buf *p, const char *fmt, ...)
{
	va_list ap;

	ipl_buf_reset(p);
	va_start(ap, fmt);
	ipl_buf_vaddf(p, fmt, ap);
	va_end(ap);
	return ipl_buf_str(p);
}

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
		ipl_buf_addf(b, "%s = %.6g %s\n", path, m->amount,
			     m->currency ? m->currency : "(spec)");
}

static void
dump_service(struct ipl_buf *b, struct ipl_buf *p, const struct ipl_service *s, size_t i)
{
	size_t j;

#define P(field) at(p, "services[%zu].%s", i, field)
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
		const char *q = at(p, "services[%zu].env.%s", i, s->env[j].key);
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
	if (s->runtime_set)
		put_str(b, P("runtime"), ipl_runtime_name(s->runtime));
	put_num(b, P("limits.connections"), &s->max_connections);
	put_num(b, P("observed.cpu_p95_millicores"), &s->observed_cpu_m);
	put_num(b, P("observed.memory_p95_mib"), &s->observed_memory_mib);
	put_str(b, P("node"), s->node.s);
	for (j = 0; j < s->depends_on_nr; j++)
		put_str(b, P("depends_on[]"), s->depends_on[j].s);
	put_str(b, P("workdir"), s->workdir.s);
	for (j = 0; j < s->writable_nr; j++)
		put_str(b, P("writable[]"), s->writable[j].s);
	put_str(b, P("domain"), s->domain.s);
#undef P
}

void
ipl_spec_dump(const struct ipl_spec *s, struct ipl_buf *b)
{
	struct ipl_buf p = IPL_BUF_INIT;
	size_t i;

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
		dump_service(b, &p, &s->services[i], i);
	for (i = 0; i < s->nodes_nr; i++) {
		put_str(b, at(&p, "nodes[%zu].name", i), s->nodes[i].name.s);
		put_str(b, at(&p, "nodes[%zu].type", i), s->nodes[i].type.s);
		put_num(b, at(&p, "nodes[%zu].count", i), &s->nodes[i].count);
		put_num(b, at(&p, "nodes[%zu].cpu_millicores", i), &s->nodes[i].cpu_m);
		put_num(b, at(&p, "nodes[%zu].memory_mib", i), &s->nodes[i].memory_mib);
		put_num(b, at(&p, "nodes[%zu].disk_gb", i), &s->nodes[i].disk_gb);
	}
	if (s->backup.present) {
		put_str(b, "backup.target", s->backup.target.s);
		put_num(b, "backup.size_gb", &s->backup.size_gb);
		put_num(b, "backup.retention_days", &s->backup.retention_days);
		for (i = 0; i < s->backup.schedules_nr; i++) {
			const struct ipl_backup_schedule *bs = &s->backup.schedules[i];
			put_str(b, at(&p, "backup.schedule[%zu].kind", i),
				bs->kind.s ? bs->kind.s : "full");
			put_str(b, at(&p, "backup.schedule[%zu].every", i), bs->every.s);
		}
	}
	for (i = 0; i < s->extras_nr; i++) {
		const struct ipl_extra *e = &s->extras[i];
		put_str(b, at(&p, "extras[%zu].kind", i), ipl_extra_kind_name(e->kind));
		put_str(b, at(&p, "extras[%zu].name", i), e->name.s);
		put_str(b, at(&p, "extras[%zu].plan", i), e->plan.s);
		put_money(b, at(&p, "extras[%zu].monthly", i), &e->monthly);
		put_money(b, at(&p, "extras[%zu].yearly", i), &e->yearly);
	}
	for (i = 0; i < s->overrides_nr; i++) {
		const struct ipl_override *o = &s->overrides[i];
		put_str(b, at(&p, "price_overrides[%zu].target", i), o->target.s);
		put_money(b, at(&p, "price_overrides[%zu].monthly", i), &o->monthly);
		put_str(b, at(&p, "price_overrides[%zu].note", i), o->note.s);
	}
	for (i = 0; i < s->scenarios_nr; i++) {
		const struct ipl_scenario *sc = &s->scenarios[i];
		size_t j;
		put_str(b, at(&p, "scenarios[%zu].name", i), sc->name.s);
		put_num(b, at(&p, "scenarios[%zu].gpu_hours", i), &sc->gpu_hours);
		for (j = 0; j < sc->overrides_nr; j++) {
			put_str(b, at(&p, "scenarios[%zu].price_overrides[%zu].target", i, j),
				sc->overrides[j].target.s);
			put_money(b, at(&p, "scenarios[%zu].price_overrides[%zu].monthly", i, j),
				  &sc->overrides[j].monthly);
		}
	}
	put_money(b, "budget.monthly", &s->budget);
	put_str(b, "admin_user", s->admin_user.s);
	put_str(b, "ssh_public_key", s->ssh_public_key.s);
	put_str(b, "domain", s->domain.s);
	if (s->tls == IPL_TLS_INTERNAL)
		put_str(b, "tls", "internal");
	ipl_buf_release(&p);
}
