/*
 * spec_fields.c: every key of a spec, one table per mapping (spec_fields.h
 * says what an entry holds), and the few rules no kind of value says: the
 * formats of names, routes and keys, the values that go together.
 *
 * A table lists its keys in the order the reference (docs/spec.md) gives
 * them; that order is the order of "expected one of" and of decoding, so the
 * messages of one mapping come out as they always have. The names of enums
 * are here too, once, with the functions that name a model value.
 */
#include "core/common.h"

#include <ctype.h>

#include "core/buf.h"
#include "core/date.h"
#include "planners/provider.h"
#include "planners/spec_decode.h"
#include "planners/units.h"

/* ---- Names ------------------------------------------------------------- */

/*
 * Filled from the provider table (planners/provider.c), the one list of
 * provider names, when the tables are first asked for: a new provider needs
 * no change here.
 */
static const char *provider_names[IPL_PROVIDER__COUNT];
/* the model's own names (model/spec_model.c) under their short names here */
#define layout_names ipl_layout_names
#define kind_names ipl_service_kind_names
#define extra_kind_names ipl_extra_kind_names
#define runtime_names ipl_runtime_names
static const char *const arch_names[] = { "any", "x86", "arm" };
static const char *const currency_names[] = { "EUR", "USD", "INR" };
static const char *const backup_kind_names[] = { "full", "incremental" };
static const char *const tls_names[] = { "acme", "internal" };

/* the decoder writes an IPL_SPEC_ENUM field through an int */
_Static_assert(sizeof(enum ipl_provider_id) == sizeof(int) &&
		       sizeof(enum ipl_layout) == sizeof(int) &&
		       sizeof(enum ipl_service_kind) == sizeof(int) &&
		       sizeof(enum ipl_arch) == sizeof(int) &&
		       sizeof(enum ipl_extra_kind) == sizeof(int) &&
		       sizeof(enum ipl_runtime) == sizeof(int) &&
		       sizeof(enum ipl_tls) == sizeof(int) &&
		       IPL_ARRAY_SIZE(tls_names) == IPL_TLS__COUNT,
	       "enums are ints");

/* ---- Formats ------------------------------------------------------------ */

#define FIELD_STR(obj, f) ((struct ipl_str *)((char *)(obj) + (f)->offset))

static int
check_name(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	   void *obj)
{
	(void)v;
	return ipl_spec_check_name(d, *FIELD_STR(obj, f), ipl_spec_label(f));
}

static int
check_prices_as_of(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
		   const struct ipl_ynode *v, void *obj)
{
	struct ipl_spec *s = obj;
	const char *why;

	(void)f;
	if (ipl_date_parse(s->prices_as_of.s, &s->prices_as_of_ymd, &why) < 0)
		return ipl_error(d->diags, d->file, v->loc, "invalid prices_as_of \"%s\"; %s",
				 s->prices_as_of.s, why);
	return 0;
}

static int
check_cidr(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	   void *obj)
{
	const char *cidr = FIELD_STR(obj, f)->s, *p;

	for (p = cidr; *p; p++)
		if (!(isxdigit((unsigned char)*p) || *p == '.' || *p == ':' || *p == '/'))
			break;
	if (*p || !strchr(cidr, '/'))
		return ipl_error(
			d->diags, d->file, v->loc,
			"invalid settings.ssh_allowed_cidr \"%s\"; expected a CIDR such as 203.0.113.0/24",
			cidr);
	return 0;
}

static int
check_health_path(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
		  const struct ipl_ynode *v, void *obj)
{
	struct ipl_str path = *FIELD_STR(obj, f);

	if (path.s[0] != '/')
		return ipl_error(d->diags, d->file, v->loc,
				 "invalid health_path \"%s\"; expected a path starting with '/'",
				 path.s);
	if (ipl_spec_check_line(d, path, "health_path", 1024) < 0)
		return -1;
	return ipl_spec_check_no_space(d, path, "health_path");
}

/*
 * A route is a path prefix Koyeb's edge matches and strips: '/' or segments
 * of URL-safe characters, no empty segment and no trailing '/', so that two
 * spellings of one route cannot pass the collision check.
 */
static int
check_route(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	    void *obj)
{
	struct ipl_str r = *FIELD_STR(obj, f);
	const char *p = r.s;
	bool segment_start = true;

	(void)v;
	if (ipl_spec_check_line(d, r, "route", 255) < 0)
		return -1;
	if (p[0] != '/')
		goto bad;
	for (p = r.s + 1; *p; p++) {
		if (*p == '/') {
			if (segment_start)
				goto bad;
			segment_start = true;
		} else if (isalnum((unsigned char)*p) || strchr("-._~", *p)) {
			segment_start = false;
		} else {
			goto bad;
		}
	}
	if (p > r.s + 1 && segment_start)
		goto bad;
	return 0;
bad:
	return ipl_error(d->diags, d->file, r.loc,
			 "invalid route \"%s\"; expected '/' or a path such as /api: segments of "
			 "letters, digits, '-', '.', '_' and '~', without a trailing '/'",
			 r.s);
}

/* hourly, daily, weekly, monthly, or an OnCalendar= expression of safe characters */
static int
check_calendar(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
	       const struct ipl_ynode *v, void *obj)
{
	struct ipl_str s = *FIELD_STR(obj, f);
	const char *p;

	(void)v;
	for (p = s.s; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("*:/,.-~ ", *p)))
			return ipl_error(
				d->diags, d->file, s.loc,
				"invalid backup schedule \"%s\"; expected hourly, daily, weekly, "
				"monthly or a systemd calendar expression such as \"*-*-* 03:00:00\"",
				s.s);
	return ipl_spec_check_line(d, s, "backup schedule", 128);
}

static int
check_ssh_key(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	      void *obj)
{
	static const char *const prefixes[] = {
		"ssh-ed25519 ",         "ssh-rsa ",
		"ecdsa-sha2-nistp256 ", "ecdsa-sha2-nistp384 ",
		"ecdsa-sha2-nistp521 ", "sk-ssh-ed25519@openssh.com "
	};
	struct ipl_str k = *FIELD_STR(obj, f);
	size_t i;

	(void)v;
	if (ipl_spec_check_line(d, k, "ssh_public_key", 16384) < 0)
		return -1;
	for (i = 0; i < IPL_ARRAY_SIZE(prefixes); i++)
		if (!strncmp(k.s, prefixes[i], strlen(prefixes[i])))
			return 0;
	return ipl_error(d->diags, d->file, k.loc,
			 "ssh_public_key is not an OpenSSH public key; expected it to start with "
			 "ssh-ed25519, ssh-rsa or ecdsa-sha2-*");
}

/* ---- Values of the user's own keys -------------------------------------- */

static const struct ipl_spec_field env_value_fields[] = {
	{ .key = "secret", .kind = IPL_SPEC_STR, .what = "env secret" },
};
static const struct ipl_spec_table env_value_table = {
	.where = "an env value",
	.fields = env_value_fields,
	.fields_nr = IPL_ARRAY_SIZE(env_value_fields),
};

/* one variable: a plain value, or {secret: NAME} for a value supplied at deploy time */
static int
decode_env_var(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
	       const struct ipl_ynode *k, const struct ipl_ynode *v, void *item)
{
	struct ipl_env_var *e = item;
	const char *p;
	bool ok = isupper((unsigned char)k->value[0]) || k->value[0] == '_';

	for (p = k->value; *p && ok; p++)
		ok = isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	if (!ok || k->len > 128)
		return ipl_error(
			d->diags, d->file, k->loc,
			"invalid environment variable name \"%s\" in %s; expected 1 to 128 "
			"upper-case letters, digits and '_'",
			k->value, d->where);
	e->key = k->value;
	e->loc = k->loc;
	if (v->type == IPL_YMAP) {
		const struct ipl_ynode *sn;
		struct ipl_str sec = { 0 };

		ipl_spec_check_keys(d, v, f->table, f->table->where);
		sn = ipl_spec_lookup(v, "secret");
		if (!sn)
			return ipl_error(
				d->diags, d->file, v->loc,
				"missing required key \"secret\" in env \"%s\"; expected the name "
				"of a secret",
				k->value);
		if (ipl_spec_get_str(d, sn, env_value_fields[0].what, &sec) < 0 ||
		    ipl_spec_check_name(d, sec, "secret name") < 0)
			return -1;
		e->secret = sec.s;
	} else if (v->type == IPL_YSCALAR && !ipl_spec_is_null(v)) {
		if (ipl_name_looks_secret(k->value, strlen(k->value)))
			return ipl_error(
				d->diags, d->file, v->loc,
				"environment variable \"%s\" holds a plain value but looks like a "
				"secret; write {secret: NAME} and supply the value at deploy time",
				k->value);
		if (ipl_spec_check_line(d, ipl_spec_str_of(v, v->value), "environment value",
					4096) < 0)
			return -1;
		e->value = v->value;
	} else {
		return ipl_error(d->diags, d->file, v->loc,
				 "expected a value or {secret: NAME} for env \"%s\", found %s",
				 k->value, ipl_spec_describe(v));
	}
	return 0;
}

/* 1 EUR = value CODE, for each currency named */
static int
decode_rate(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *k,
	    const struct ipl_ynode *v, void *item)
{
	struct ipl_rate *r = item;
	struct ipl_num rate;
	int idx;

	if (ipl_spec_get_enum(d, k, "rate currency", f->names, f->names_nr, &idx) < 0)
		return -1;
	if (ipl_spec_get_num(d, v, "exchange rate", 1e-6, 1e6, false, &rate) < 0)
		return -1;
	if (idx == 0 && rate.v != 1)
		return ipl_error(d->diags, d->file, rate.loc,
				 "rates are per 1 EUR, so the EUR rate must be 1, found %g",
				 rate.v);
	r->code = f->names[idx];
	r->value = rate.v;
	r->loc = k->loc;
	return 0;
}

/* ---- Values that go together -------------------------------------------- */

static void
finish_load(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj)
{
	struct ipl_load *l = obj;

	if ((l->audio_hours.v == IPL_UNSET) != (l->processing_ratio.v == IPL_UNSET))
		ipl_error(
			d->diags, d->file, map->loc,
			"load.audio_hours and load.processing_ratio go together: GPU hours are the "
			"audio hours times the ratio");
	else if (l->audio_hours.v != IPL_UNSET && l->gpu_hours.v != IPL_UNSET)
		ipl_error(
			d->diags, d->file, l->audio_hours.loc,
			"give load.gpu_hours or load.audio_hours with a processing_ratio, not both");
	else if (l->audio_hours.v != IPL_UNSET) {
		/* 002: "audio hours times a processing ratio" */
		l->gpu_hours.v = l->audio_hours.v * l->processing_ratio.v;
		l->gpu_hours.loc = l->audio_hours.loc;
	}
}

/* in the arena: an over-long name is still quoted whole in every message */
static const char *
service_name(struct ipl_spec_decoder *d, const void *obj, size_t index)
{
	const struct ipl_service *s = obj;

	if (s->name.s)
		return ipl_arena_printf(d->arena, "service \"%s\"", s->name.s);
	return ipl_arena_printf(d->arena, "services[%zu]", index);
}

static int
check_storage_max(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
		  const struct ipl_ynode *v, void *obj)
{
	const struct ipl_service *s = obj;

	(void)f;
	(void)v;
	if (s->storage_gb.v != IPL_UNSET && s->storage_max_gb.v < s->storage_gb.v)
		return ipl_error(d->diags, d->file, s->storage_max_gb.loc,
				 "storage_max %g GB is less than storage %g GB",
				 s->storage_max_gb.v, s->storage_gb.v);
	return 0;
}

/*
 * A path in the app's directory: [A-Za-z0-9._/-] (it lands in unit settings
 * such as BindPaths=, whose ':' separates), no empty, "." or ".." part (it
 * must stay inside), 255 bytes at most; absolute only where allowed.
 */
static int
check_app_path(struct ipl_spec_decoder *d, struct ipl_str p, const char *what, bool absolute_ok)
{
	const char *c = p.s, *part;
	size_t n = strspn(p.s,
			  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-");

	if (p.s[n] || n == 0 || n > 255)
		return ipl_error(d->diags, d->file, p.loc,
				 "invalid %s \"%s\"; expected a path of letters, digits, '.', '_', "
				 "'-' and '/' (255 at most)",
				 what, p.s);
	if (*c == '/' && !absolute_ok)
		return ipl_error(
			d->diags, d->file, p.loc,
			"invalid %s \"%s\"; expected a path relative to the app's directory "
			"(tmp, log/puma)",
			what, p.s);
	if (*c == '/')
		c++;
	for (part = c; *part;) {
		size_t len = strcspn(part, "/");
		if (len == 0 || (len == 1 && part[0] == '.') ||
		    (len == 2 && part[0] == '.' && part[1] == '.'))
			return ipl_error(d->diags, d->file, p.loc,
					 "invalid %s \"%s\"; expected a path without empty, '.' or "
					 "'..' parts",
					 what, p.s);
		part += len;
		if (*part == '/' && part[1] == '\0')
			break;
		if (*part)
			part++;
	}
	return 0;
}

static int
check_workdir(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	      void *obj)
{
	(void)v;
	return check_app_path(d, *FIELD_STR(obj, f), "workdir", true);
}

/* a host name: labels of [a-z0-9-], dots between, 253 at most; no scheme, port or path */
static int
check_domain(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	     void *obj)
{
	struct ipl_str h = *FIELD_STR(obj, f);
	size_t n = strspn(h.s, "abcdefghijklmnopqrstuvwxyz0123456789.-");

	(void)v;
	if (h.s[n] || n == 0 || n > 253 || h.s[0] == '.' || h.s[0] == '-' || h.s[n - 1] == '.' ||
	    h.s[n - 1] == '-' || strstr(h.s, "..") || !strchr(h.s, '.'))
		return ipl_error(
			d->diags, d->file, h.loc,
			"invalid domain \"%s\"; expected a host name in lower case such as "
			"\"app.example.com\" (no scheme, port or path)",
			h.s);
	return 0;
}

/* a runtime the spec does not give is read from the command, the image or the kind */
static void
finish_service(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj)
{
	struct ipl_service *s = obj;
	size_t i;

	(void)map;
	if (!s->runtime_set)
		s->runtime_inferred = ipl_runtime_infer(s, &s->runtime);
	for (i = 0; i < s->writable_nr; i++)
		check_app_path(d, s->writable[i], "writable path", false);
}

static void
finish_node(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj)
{
	const struct ipl_node_spec *nd = obj;

	(void)map;
	if (nd->type.s && nd->cpu_m.v != IPL_UNSET)
		ipl_error(d->diags, d->file, nd->cpu_m.loc,
			  "a node has a catalog \"type\" or its own size (cpu, memory, disk), "
			  "not both");
}

static void
finish_backup(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj)
{
	(void)d;
	(void)map;
	((struct ipl_backup *)obj)->present = true;
}

static void
finish_extra(struct ipl_spec_decoder *d, const struct ipl_ynode *m, void *obj)
{
	struct ipl_extra *e = obj;
	const struct ipl_ynode *yearly = ipl_spec_lookup(m, "yearly");

	/* one currency for the extra's price, monthly or yearly */
	e->yearly.currency = e->monthly.currency;
	if (!ipl_spec_lookup(m, "plan") && !ipl_spec_lookup(m, "monthly") && !yearly)
		ipl_error(d->diags, d->file, m->loc,
			  "an extra needs a catalog \"plan\" or a \"monthly\" or \"yearly\" price");
	if (ipl_spec_lookup(m, "monthly") && yearly)
		ipl_error(d->diags, d->file, yearly->loc,
			  "an extra has either a \"monthly\" or a \"yearly\" price, not both");
	if (!e->name.s)
		e->name = e->plan.s ? e->plan : ipl_spec_str_of(m, extra_kind_names[e->kind]);
}

static void
finish_budget(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj)
{
	const struct ipl_money *b = obj;

	(void)map;
	if (b->amount == 0)
		ipl_error(d->diags, d->file, b->loc, "budget monthly must be more than 0");
}

/* ---- The tables ---------------------------------------------------------- */

#define TABLE(f) .fields = (f), .fields_nr = IPL_ARRAY_SIZE(f)
#define NAMES(n) .names = (n), .names_nr = IPL_ARRAY_SIZE(n)
#define LIST_OF(type, member) \
	.offset = offsetof(type, member), .nr_offset = offsetof(type, member##_nr)
#define RANGE(lo, hi) .min = (lo), .max = (hi)
/* money: an amount from 0 to ten million in its currency */
#define MONEY RANGE(0, 1e7)

#define AT(m) .offset = offsetof(struct ipl_settings, m)
static const struct ipl_spec_field settings_fields[] = {
	{ "split_above_concurrent", IPL_SPEC_NUM, AT(split_above_concurrent),
	  .what = "settings.split_above_concurrent", RANGE(0, 1e9), .integer = true },
	{ "split_at_users", IPL_SPEC_NUM, AT(split_at_users), .what = "settings.split_at_users",
	  RANGE(0, 1e12), .integer = true },
	{ "cpu_headroom", IPL_SPEC_QUANTITY, AT(cpu_headroom), .what = "settings.cpu_headroom",
	  RANGE(0, 0.9), .unit_parse = ipl_parse_fraction, .unit = "" },
	{ "memory_headroom", IPL_SPEC_QUANTITY, AT(memory_headroom),
	  .what = "settings.memory_headroom", RANGE(0, 0.9), .unit_parse = ipl_parse_fraction,
	  .unit = "" },
	{ "memory_per_connection", IPL_SPEC_QUANTITY, AT(memory_per_connection_mib),
	  .what = "settings.memory_per_connection", RANGE(0, 1024), .unit_parse = ipl_parse_memory,
	  .unit = "MiB" },
	{ "spot_weight", IPL_SPEC_NUM, AT(spot_weight), .what = "settings.spot_weight",
	  RANGE(0, 100), .integer = true },
	{ "on_demand_base", IPL_SPEC_NUM, AT(on_demand_base), .what = "settings.on_demand_base",
	  RANGE(0, 100000), .integer = true },
	{ "autoscale_cpu_target", IPL_SPEC_NUM, AT(autoscale_cpu_target),
	  .what = "settings.autoscale_cpu_target", RANGE(10, 95) },
	{ "ssh_allowed_cidr", IPL_SPEC_STR, AT(ssh_allowed_cidr),
	  .what = "settings.ssh_allowed_cidr", .check = check_cidr },
	{ "nat_gateway", IPL_SPEC_BOOL, AT(nat_gateway), .what = "settings.nat_gateway",
	  .loc_offset = offsetof(struct ipl_settings, nat_gateway_loc) },
};
#undef AT
static const struct ipl_spec_table settings_table = { .where = "settings", TABLE(settings_fields) };

#define AT(m) .offset = offsetof(struct ipl_load, m)
static const struct ipl_spec_field load_fields[] = {
	{ "users", IPL_SPEC_NUM, AT(users), .what = "load.users", RANGE(0, 1e10), .integer = true },
	{ "concurrent", IPL_SPEC_NUM, AT(concurrent), .what = "load.concurrent", RANGE(0, 1e9),
	  .integer = true },
	{ "requests_per_second", IPL_SPEC_NUM, AT(requests_per_second),
	  .what = "load.requests_per_second", RANGE(0, 1e8) },
	{ "uploads", IPL_SPEC_QUANTITY, AT(uploads_gb), .what = "load.uploads", RANGE(0, 1e7),
	  .unit_parse = ipl_parse_storage, .unit = "GB" },
	{ "monthly_growth", IPL_SPEC_QUANTITY, AT(monthly_growth), .what = "load.monthly_growth",
	  RANGE(-1, 10), .unit_parse = ipl_parse_fraction, .unit = "" },
	/* a month of 744 hours on up to 1000 GPUs */
	{ "gpu_hours", IPL_SPEC_NUM, AT(gpu_hours), .what = "load.gpu_hours",
	  RANGE(0, 744 * 1000) },
	{ "audio_hours", IPL_SPEC_NUM, AT(audio_hours), .what = "load.audio_hours", RANGE(0, 1e7) },
	{ "processing_ratio", IPL_SPEC_NUM, AT(processing_ratio), .what = "load.processing_ratio",
	  RANGE(0, 100) },
};
#undef AT
static const struct ipl_spec_table load_table = { .where = "load",
						  TABLE(load_fields),
						  .finish = finish_load };

#define AT(m) .offset = offsetof(struct ipl_service, m)
static const struct ipl_spec_field limits_fields[] = {
	{ "connections", IPL_SPEC_NUM, AT(max_connections), .what = "limits.connections",
	  RANGE(1, 1e8), .integer = true },
};
static const struct ipl_spec_table limits_table = { .where = "limits", TABLE(limits_fields) };

static const struct ipl_spec_field observed_fields[] = {
	{ "cpu_p95", IPL_SPEC_QUANTITY, AT(observed_cpu_m), .what = "observed.cpu_p95",
	  RANGE(0, 256000), .unit_parse = ipl_parse_cpu, .unit = "millicores" },
	{ "memory_p95", IPL_SPEC_QUANTITY, AT(observed_memory_mib), .what = "observed.memory_p95",
	  RANGE(0, 4 * 1024 * 1024), .unit_parse = ipl_parse_memory, .unit = "MiB" },
};
static const struct ipl_spec_table observed_table = { .where = "observed", TABLE(observed_fields) };

#undef AT
#define AT(m) .offset = offsetof(struct ipl_capacity_spec, m)
static const struct ipl_spec_field capacity_fields[] = {
	{ "requests_per_vcpu", IPL_SPEC_NUM, AT(requests_per_vcpu),
	  .what = "capacity.requests_per_vcpu", RANGE(0.001, 1e7) },
	{ "memory_per_connection", IPL_SPEC_QUANTITY, AT(memory_per_connection_mib),
	  .what = "capacity.memory_per_connection", RANGE(0, 1024), .unit_parse = ipl_parse_memory,
	  .unit = "MiB" },
	{ "share", IPL_SPEC_QUANTITY, AT(share), .what = "capacity.share", RANGE(0, 1),
	  .unit_parse = ipl_parse_fraction, .unit = "" },
	{ "jobs_per_second", IPL_SPEC_NUM, AT(jobs_per_second), .what = "capacity.jobs_per_second",
	  RANGE(0, 1e7) },
	{ "job_seconds", IPL_SPEC_NUM, AT(job_seconds), .what = "capacity.job_seconds",
	  RANGE(0.0001, 86400) },
	{ "pool", IPL_SPEC_NUM, AT(pool), .what = "capacity.pool", RANGE(0, 10000),
	  .integer = true },
	{ "working_set", IPL_SPEC_QUANTITY, AT(working_set_gb), .what = "capacity.working_set",
	  RANGE(0, 1e7), .unit_parse = ipl_parse_storage, .unit = "GB" },
};
#undef AT
static const struct ipl_spec_table capacity_table = {
	.where = "capacity",
	.loc_offset = offsetof(struct ipl_capacity_spec, loc),
	TABLE(capacity_fields),
};

#define AT(m) .offset = offsetof(struct ipl_service, m)
static const struct ipl_spec_field service_fields[] = {
	{ "name", IPL_SPEC_STR, AT(name), .what = "service name", .early = true, .required = true,
	  .expect = "a name such as \"api\"", .check = check_name },
	{ "kind", IPL_SPEC_ENUM, AT(kind), .what = "service kind", NAMES(kind_names),
	  .required = true, .loc_offset = offsetof(struct ipl_service, kind_loc) },
	{ "command", IPL_SPEC_STR, AT(command), .what = "\"command\"", .max_len = 4096 },
	{ "image", IPL_SPEC_STR, AT(image), .what = "\"image\"", .max_len = 255, .no_space = true },
	{ "port", IPL_SPEC_NUM, AT(port), .what = "port", RANGE(1, 65535), .integer = true },
	{ "public", IPL_SPEC_BOOL, AT(public_port), .what = "\"public\"" },
	{ "health_path", IPL_SPEC_STR, AT(health_path), .what = "\"health_path\"",
	  .check = check_health_path },
	{ "route", IPL_SPEC_STR, AT(route), .what = "\"route\"", .check = check_route },
	{ "env", IPL_SPEC_MAP, LIST_OF(struct ipl_service, env), .what = "\"env\"",
	  .item_size = sizeof(struct ipl_env_var), .table = &env_value_table,
	  .entry = decode_env_var },
	{ "replicas", IPL_SPEC_NUM, AT(replicas), .what = "replicas", RANGE(0, 1000),
	  .integer = true },
	{ "min_replicas", IPL_SPEC_NUM, AT(min_replicas), .what = "min_replicas", RANGE(0, 1000),
	  .integer = true },
	{ "max_replicas", IPL_SPEC_NUM, AT(max_replicas), .what = "max_replicas", RANGE(1, 1000),
	  .integer = true },
	{ "cpu", IPL_SPEC_QUANTITY, AT(cpu_m), .what = "cpu", RANGE(1, 256000),
	  .unit_parse = ipl_parse_cpu, .unit = "millicores (256 cores)" },
	{ "memory", IPL_SPEC_QUANTITY, AT(memory_mib), .what = "memory", RANGE(1, 4 * 1024 * 1024),
	  .unit_parse = ipl_parse_memory, .unit = "MiB (4Ti)" },
	{ "disk", IPL_SPEC_QUANTITY, AT(disk_gb), .what = "disk", RANGE(0, 1e6),
	  .unit_parse = ipl_parse_storage, .unit = "GB" },
	{ "storage", IPL_SPEC_QUANTITY, AT(storage_gb), .what = "storage", RANGE(0, 1e7),
	  .unit_parse = ipl_parse_storage, .unit = "GB" },
	{ "storage_max", IPL_SPEC_QUANTITY, AT(storage_max_gb), .what = "storage_max",
	  RANGE(0, 1e7), .unit_parse = ipl_parse_storage, .unit = "GB",
	  .check = check_storage_max },
	{ "instance_type", IPL_SPEC_STR, AT(instance_type), .what = "\"instance_type\"",
	  .max_len = 64, .no_space = true },
	{ "gpu", IPL_SPEC_STR, AT(gpu), .what = "\"gpu\"", .max_len = 64, .no_space = true },
	{ "hours_per_month", IPL_SPEC_NUM, AT(hours_per_month), .what = "hours_per_month",
	  RANGE(0, 744) },
	{ "stateful", IPL_SPEC_BOOL, AT(stateful), .what = "\"stateful\"",
	  .set_offset = offsetof(struct ipl_service, stateful_set) },
	{ "singleton", IPL_SPEC_BOOL, AT(singleton), .what = "\"singleton\"" },
	{ "arch", IPL_SPEC_ENUM, AT(arch), .what = "arch", NAMES(arch_names) },
	{ "runtime", IPL_SPEC_ENUM, AT(runtime), .what = "runtime", NAMES(runtime_names),
	  .loc_offset = offsetof(struct ipl_service, runtime_loc),
	  .set_offset = offsetof(struct ipl_service, runtime_set) },
	/* limits and observed are their own mappings, but their values are the service's */
	{ "limits", IPL_SPEC_SECTION, .offset = 0, .what = "\"limits\"", .table = &limits_table },
	{ "observed", IPL_SPEC_SECTION, .offset = 0, .what = "\"observed\"",
	  .table = &observed_table },
	{ "capacity", IPL_SPEC_SECTION, AT(capacity), .what = "\"capacity\"",
	  .table = &capacity_table },
	{ "node", IPL_SPEC_STR, AT(node), .what = "\"node\"", .label = "node name",
	  .check = check_name },
	{ "depends_on", IPL_SPEC_STR_LIST, LIST_OF(struct ipl_service, depends_on),
	  .what = "depends_on" },
	{ "workdir", IPL_SPEC_STR, AT(workdir), .what = "\"workdir\"", .check = check_workdir },
	{ "writable", IPL_SPEC_STR_LIST, LIST_OF(struct ipl_service, writable),
	  .what = "writable" },
	{ "domain", IPL_SPEC_STR, AT(domain), .what = "\"domain\"", .check = check_domain },
};
#undef AT
static const struct ipl_spec_table service_table = {
	.what = "a service",
	.size = sizeof(struct ipl_service),
	.loc_offset = offsetof(struct ipl_service, loc),
	/* every item keeps its index: "services[3]" names the one without a name */
	.keep_invalid = true,
	.empty = "\"services\" is empty; expected at least one service",
	TABLE(service_fields),
	.name = service_name,
	.finish = finish_service,
};

#define AT(m) .offset = offsetof(struct ipl_node_spec, m)
static const struct ipl_spec_field node_fields[] = {
	{ "name", IPL_SPEC_STR, AT(name), .what = "node name", .required = true,
	  .expect = "a name such as \"db\"", .check = check_name },
	{ "type", IPL_SPEC_STR, AT(type), .what = "node type", .max_len = 64 },
	{ "count", IPL_SPEC_NUM, AT(count), .what = "node count", RANGE(1, 100), .integer = true },
	{ "cpu", IPL_SPEC_QUANTITY, AT(cpu_m), .what = "node cpu", RANGE(100, 1024000),
	  .unit_parse = ipl_parse_cpu, .unit = "millicores" },
	{ "memory", IPL_SPEC_QUANTITY, AT(memory_mib), .what = "node memory",
	  RANGE(256, 64 * 1024 * 1024), .unit_parse = ipl_parse_memory, .unit = "MiB" },
	{ "disk", IPL_SPEC_QUANTITY, AT(disk_gb), .what = "node disk", RANGE(1, 1e6),
	  .unit_parse = ipl_parse_storage, .unit = "GB" },
};
#undef AT
static const struct ipl_spec_table node_table = {
	.what = "a node",
	.where = "a node",
	.size = sizeof(struct ipl_node_spec),
	.loc_offset = offsetof(struct ipl_node_spec, loc),
	TABLE(node_fields),
	.finish = finish_node,
};

#define AT(m) .offset = offsetof(struct ipl_backup_schedule, m)
static const struct ipl_spec_field schedule_fields[] = {
	{ "kind", IPL_SPEC_NAME, AT(kind), .what = "backup kind", NAMES(backup_kind_names) },
	{ "every", IPL_SPEC_STR, AT(every), .what = "backup schedule", .required = true,
	  .expect = "hourly, daily, weekly or monthly", .check = check_calendar },
};
#undef AT
static const struct ipl_spec_table schedule_table = {
	.what = "a backup schedule",
	.where = "a backup schedule",
	.size = sizeof(struct ipl_backup_schedule),
	.loc_offset = offsetof(struct ipl_backup_schedule, loc),
	TABLE(schedule_fields),
};

#define AT(m) .offset = offsetof(struct ipl_backup, m)
static const struct ipl_spec_field backup_fields[] = {
	{ "target", IPL_SPEC_STR, AT(target), .what = "backup target", .max_len = 64,
	  .required = true, .expect = "a backup target such as b2, s3 or local" },
	{ "size", IPL_SPEC_QUANTITY, AT(size_gb), .what = "backup size", RANGE(0, 1e7),
	  .unit_parse = ipl_parse_storage, .unit = "GB" },
	{ "retention_days", IPL_SPEC_NUM, AT(retention_days), .what = "backup retention_days",
	  RANGE(1, 3650), .integer = true },
	{ "schedule", IPL_SPEC_LIST, LIST_OF(struct ipl_backup, schedules),
	  .what = "\"backup.schedule\"", .table = &schedule_table },
};
#undef AT
static const struct ipl_spec_table backup_table = {
	.where = "backup",
	.loc_offset = offsetof(struct ipl_backup, loc),
	TABLE(backup_fields),
	.finish = finish_backup,
};

#define AT(m) .offset = offsetof(struct ipl_extra, m)
static const struct ipl_spec_field extra_fields[] = {
	{ "kind", IPL_SPEC_ENUM, AT(kind), .what = "extra kind", NAMES(extra_kind_names),
	  .required = true },
	{ "name", IPL_SPEC_STR, AT(name), .what = "extra name", .max_len = 128 },
	{ "plan", IPL_SPEC_STR, AT(plan), .what = "extra plan", .max_len = 64 },
	{ "monthly", IPL_SPEC_MONEY, AT(monthly), .what = "extra monthly price", MONEY },
	{ "yearly", IPL_SPEC_MONEY, AT(yearly), .what = "extra yearly price", MONEY },
	{ "currency", IPL_SPEC_CODE, AT(monthly.currency), .what = "currency",
	  NAMES(currency_names) },
};
#undef AT
static const struct ipl_spec_table extra_table = {
	.what = "an extra",
	.where = "an extra",
	.size = sizeof(struct ipl_extra),
	.loc_offset = offsetof(struct ipl_extra, loc),
	TABLE(extra_fields),
	.finish = finish_extra,
};

#define AT(m) .offset = offsetof(struct ipl_override, m)
static const struct ipl_spec_field override_fields[] = {
	{ "target", IPL_SPEC_STR, AT(target), .what = "override target", .max_len = 128,
	  .required = true, .expect = "a node name, catalog id or extra name" },
	{ "monthly", IPL_SPEC_MONEY, AT(monthly), .what = "override monthly price", MONEY,
	  .required = true, .expect = "a monthly price" },
	{ "currency", IPL_SPEC_CODE, AT(monthly.currency), .what = "currency",
	  NAMES(currency_names) },
	{ "note", IPL_SPEC_STR, AT(note), .what = "override note", .max_len = 256 },
};
#undef AT
static const struct ipl_spec_table override_table = {
	.what = "a price override",
	.where = "a price override",
	.size = sizeof(struct ipl_override),
	.loc_offset = offsetof(struct ipl_override, loc),
	TABLE(override_fields),
};

#define AT(m) .offset = offsetof(struct ipl_scenario, m)
static const struct ipl_spec_field scenario_fields[] = {
	{ "name", IPL_SPEC_STR, AT(name), .what = "scenario name", .check = check_name },
	{ "gpu_hours", IPL_SPEC_NUM, AT(gpu_hours), .what = "scenario gpu_hours", RANGE(0, 744),
	  .required = true, .expect = "the processing hours a month it stands for" },
	{ "price_overrides", IPL_SPEC_LIST, LIST_OF(struct ipl_scenario, overrides),
	  .what = "\"price_overrides\"", .table = &override_table },
};
#undef AT
static const struct ipl_spec_table scenario_table = {
	.what = "a scenario",
	.where = "a scenario",
	.size = sizeof(struct ipl_scenario),
	.loc_offset = offsetof(struct ipl_scenario, loc),
	TABLE(scenario_fields),
	.finish_list = ipl_spec_check_scenario_hours,
};

/* the budget's mapping is the money itself */
static const struct ipl_spec_field budget_fields[] = {
	{ "monthly", IPL_SPEC_MONEY, .offset = 0, .what = "budget monthly", MONEY, .required = true,
	  .expect = "a monthly maximum such as 25" },
	{ "currency", IPL_SPEC_CODE, .offset = offsetof(struct ipl_money, currency),
	  .what = "currency", NAMES(currency_names) },
};
static const struct ipl_spec_table budget_table = { .where = "budget",
						    TABLE(budget_fields),
						    .finish = finish_budget };

#define AT(m) .offset = offsetof(struct ipl_spec, m)
static const struct ipl_spec_field top_fields[] = {
	{ "name", IPL_SPEC_STR, AT(name), .what = "\"name\"", .required = true,
	  .expect = "the plan's name such as \"shop\"", .check = check_name },
	{ "provider", IPL_SPEC_ENUM, AT(provider), .what = "provider", NAMES(provider_names),
	  .required = true, .loc_offset = offsetof(struct ipl_spec, provider_loc) },
	{ "region", IPL_SPEC_STR, AT(region), .what = "\"region\"", .max_len = 32,
	  .no_space = true },
	{ "currency", IPL_SPEC_NAME, AT(currency), .what = "currency", NAMES(currency_names) },
	{ "rates", IPL_SPEC_MAP, LIST_OF(struct ipl_spec, rates), .what = "\"rates\"",
	  .item_size = sizeof(struct ipl_rate), NAMES(currency_names), .entry = decode_rate },
	{ "prices_as_of", IPL_SPEC_STR, AT(prices_as_of), .what = "\"prices_as_of\"",
	  .check = check_prices_as_of },
	{ "layout", IPL_SPEC_ENUM, AT(layout), .what = "layout", NAMES(layout_names),
	  .loc_offset = offsetof(struct ipl_spec, layout_loc) },
	{ "settings", IPL_SPEC_SECTION, AT(settings), .what = "\"settings\"",
	  .table = &settings_table },
	{ "load", IPL_SPEC_SECTION, AT(load), .what = "\"load\"", .table = &load_table },
	{ "services", IPL_SPEC_LIST, LIST_OF(struct ipl_spec, services), .what = "\"services\"",
	  .table = &service_table, .required = true, .expect = "a list of services" },
	{ "nodes", IPL_SPEC_LIST, LIST_OF(struct ipl_spec, nodes), .what = "\"nodes\"",
	  .table = &node_table },
	{ "backup", IPL_SPEC_SECTION, AT(backup), .what = "\"backup\"", .table = &backup_table },
	{ "extras", IPL_SPEC_LIST, LIST_OF(struct ipl_spec, extras), .what = "\"extras\"",
	  .table = &extra_table },
	{ "price_overrides", IPL_SPEC_LIST, LIST_OF(struct ipl_spec, overrides),
	  .what = "\"price_overrides\"", .table = &override_table },
	{ "scenarios", IPL_SPEC_LIST, LIST_OF(struct ipl_spec, scenarios), .what = "\"scenarios\"",
	  .table = &scenario_table },
	{ "budget", IPL_SPEC_SECTION, AT(budget), .what = "\"budget\"", .table = &budget_table },
	{ "admin_user", IPL_SPEC_STR, AT(admin_user), .what = "\"admin_user\"",
	  .check = check_name },
	{ "ssh_public_key", IPL_SPEC_STR, AT(ssh_public_key), .what = "\"ssh_public_key\"",
	  .check = check_ssh_key },
	{ "domain", IPL_SPEC_STR, AT(domain), .what = "\"domain\"", .check = check_domain },
	{ "tls", IPL_SPEC_ENUM, AT(tls), .what = "tls", NAMES(tls_names) },
};
#undef AT
static const struct ipl_spec_table top_table = { .where = "the spec", TABLE(top_fields) };

const struct ipl_spec_table *
ipl_spec_root(void)
{
	if (!provider_names[0])
		ipl_provider_names(provider_names);
	return &top_table;
}

/* ---- The sections, for the tests and docs ------------------------------- */

typedef void (*section_fn)(const char *path, const struct ipl_spec_table *t, void *arg);

static void
walk(struct ipl_buf *path, const struct ipl_spec_table *t, section_fn fn, void *arg)
{
	size_t i, len = path->len;

	fn(ipl_buf_str(path), t, arg);
	for (i = 0; i < t->fields_nr; i++) {
		const struct ipl_spec_field *f = &t->fields[i];
		static const char *const steps[] = {
			[IPL_SPEC_SECTION] = "", [IPL_SPEC_LIST] = "[]", [IPL_SPEC_MAP] = ".*"
		};

		if (!f->table)
			continue;
		ipl_buf_addf(path, "%s%s%s", len ? "." : "", f->key, steps[f->kind]);
		walk(path, f->table, fn, arg);
		path->len = len;
		path->data[len] = '\0';
	}
}

void
ipl_spec_sections_walk(section_fn fn, void *arg)
{
	struct ipl_buf path = IPL_BUF_INIT;

	walk(&path, ipl_spec_root(), fn, arg);
	ipl_buf_release(&path);
}
