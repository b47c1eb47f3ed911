/*
 * spec_load.c: from the YAML tree (yaml_tree.c) to the typed model (spec.h).
 *
 * Every mapping is checked against one key list (the same lists drive "did
 * you mean", the JSON Schema test and docs/spec.md), every value against its
 * type, unit and range. Errors are collected, not stopped at: a user fixing a
 * spec wants to see all of them at once. The semantic checks that need the
 * whole spec (references between services, unique names) follow in
 * check_spec() at the bottom.
 */
#include "core/common.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/suggest.h"
#include "planners/provider.h"
#include "model/spec.h"
#include "planners/units.h"
#include "planners/yaml_tree.h"

/* ---- Names ------------------------------------------------------------ */

static const char *const layout_names[] = { "auto", "single", "split" };
static const char *const kind_names[] = { "app",   "worker",   "static_site", "postgres",
					  "mysql", "mongodb",  "redis",       "rabbitmq",
					  "queue", "object_storage" };
static const char *const extra_kind_names[] = { "domain", "smtp", "web_hosting", "monitoring",
						"other" };
static const char *const arch_names[] = { "any", "x86", "arm" };
static const char *const currency_names[] = { "EUR", "USD", "INR" };
static const char *const backup_kind_names[] = { "full", "incremental" };

const char *
ipl_layout_name(enum ipl_layout l)
{
	return (size_t)l < IPL_ARRAY_SIZE(layout_names) ? layout_names[l] : "?";
}

const char *
ipl_service_kind_name(enum ipl_service_kind k)
{
	return (size_t)k < IPL_ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

const char *
ipl_extra_kind_name(enum ipl_extra_kind k)
{
	return (size_t)k < IPL_ARRAY_SIZE(extra_kind_names) ? extra_kind_names[k] : "?";
}

bool
ipl_service_kind_is_database(enum ipl_service_kind k)
{
	return k == IPL_KIND_POSTGRES || k == IPL_KIND_MYSQL || k == IPL_KIND_MONGODB;
}

bool
ipl_service_is_stateful(const struct ipl_service *s)
{
	if (s->stateful_set)
		return s->stateful;
	switch (s->kind) {
	case IPL_KIND_POSTGRES:
	case IPL_KIND_MYSQL:
	case IPL_KIND_MONGODB:
	case IPL_KIND_REDIS:
	case IPL_KIND_RABBITMQ:
	case IPL_KIND_QUEUE:
	case IPL_KIND_OBJECT_STORAGE:
		return true;
	default:
		return false;
	}
}

const struct ipl_service *
ipl_spec_find_service(const struct ipl_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->services_nr; i++)
		if (spec->services[i].name.s && !strcmp(spec->services[i].name.s, name))
			return &spec->services[i];
	return NULL;
}

/* ---- Key lists: the one source for parsing, the schema test and docs --- */

static const char *const top_keys[] = {
	"name",   "provider", "region", "currency",        "rates",  "prices_as_of",
	"layout", "settings", "load",   "services",        "nodes",  "backup",
	"extras", "price_overrides",    "scenarios",       "budget",  "admin_user",
	"ssh_public_key",
};
static const char *const settings_keys[] = {
	"split_above_concurrent", "split_at_users", "cpu_headroom",     "memory_headroom",
	"memory_per_connection",  "spot_weight",    "on_demand_base",   "autoscale_cpu_target",
	"ssh_allowed_cidr",       "nat_gateway",
};
static const char *const load_keys[] = { "users",          "concurrent",  "requests_per_second",
					 "uploads",        "monthly_growth", "gpu_hours",
					 "audio_hours",    "processing_ratio" };
static const char *const service_keys[] = {
	"name",         "kind",     "command",  "image",       "port",        "public",
	"health_path",  "route",    "env",      "replicas", "min_replicas","max_replicas","cpu",
	"memory",       "disk",     "storage",  "storage_max", "instance_type", "gpu",
	"hours_per_month", "stateful",
	"singleton",    "arch",     "limits",   "observed",    "node",        "depends_on",
};
static const char *const limits_keys[] = { "connections" };
static const char *const observed_keys[] = { "cpu_p95", "memory_p95" };
static const char *const env_value_keys[] = { "secret" };
static const char *const node_keys[] = { "name", "type", "count", "cpu", "memory", "disk" };
static const char *const backup_keys[] = { "target", "size", "retention_days", "schedule" };
static const char *const schedule_keys[] = { "kind", "every" };
static const char *const extra_keys[] = { "kind", "name", "plan", "monthly", "yearly", "currency" };
static const char *const override_keys[] = { "target", "monthly", "currency", "note" };
static const char *const budget_keys[] = { "monthly", "currency" };
static const char *const scenario_keys[] = { "name", "gpu_hours", "price_overrides" };

#define SECTION(path, keys) { path, keys, IPL_ARRAY_SIZE(keys) }
static const struct ipl_spec_section sections[] = {
	SECTION("", top_keys),
	SECTION("settings", settings_keys),
	SECTION("load", load_keys),
	SECTION("services[]", service_keys),
	SECTION("services[].limits", limits_keys),
	SECTION("services[].observed", observed_keys),
	SECTION("services[].env.*", env_value_keys),
	SECTION("nodes[]", node_keys),
	SECTION("backup", backup_keys),
	SECTION("backup.schedule[]", schedule_keys),
	SECTION("extras[]", extra_keys),
	SECTION("price_overrides[]", override_keys),
	SECTION("budget", budget_keys),
	SECTION("scenarios[]", scenario_keys),
	SECTION("scenarios[].price_overrides[]", override_keys),
};

const struct ipl_spec_section *
ipl_spec_sections(size_t *nr)
{
	*nr = IPL_ARRAY_SIZE(sections);
	return sections;
}

/* ---- Decoding helpers -------------------------------------------------- */

struct ctx {
	const char *file;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	struct ipl_spec *spec;
};

/*
 * A diagnostic past the report's cap is counted, not stored: a spec with
 * 100,000 unknown keys should not pay for 100,000 "did you mean" searches.
 */
static bool
diag_room(const struct ctx *c)
{
	return c->diags->nr < c->diags->max_items;
}

static bool
scalar_is_null(const struct ipl_ynode *n)
{
	return n->type == IPL_YSCALAR && n->plain &&
	       (!n->len || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
		!strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

static bool
scalar_is_bool(const struct ipl_ynode *n)
{
	static const char *const words[] = { "true", "false", "True", "False", "TRUE", "FALSE",
					     "yes",  "no",    "Yes",  "No",    "YES",  "NO",
					     "on",   "off",   "On",   "Off",   "ON",   "OFF" };
	size_t i;

	if (n->type != IPL_YSCALAR || !n->plain)
		return false;
	for (i = 0; i < IPL_ARRAY_SIZE(words); i++)
		if (!strcmp(n->value, words[i]))
			return true;
	return false;
}

static bool
scalar_is_number(const struct ipl_ynode *n)
{
	double v;

	return n->type == IPL_YSCALAR && n->plain && ipl_parse_number(n->value, &v) == 0;
}

/* what a node is, for "expected X, found Y" */
static const char *
describe(const struct ipl_ynode *n)
{
	if (n->type == IPL_YMAP)
		return "a mapping";
	if (n->type == IPL_YSEQ)
		return "a sequence";
	if (scalar_is_null(n))
		return "nothing (null)";
	if (scalar_is_bool(n))
		return "a boolean";
	if (scalar_is_number(n))
		return "a number";
	return "a string";
}

static struct ipl_str
str_of(const struct ipl_ynode *n, const char *s)
{
	struct ipl_str r = { s, n->loc };
	return r;
}

static int
want_type(struct ctx *c, const struct ipl_ynode *n, enum ipl_ynode_type t, const char *what)
{
	static const char *const names[] = { "a value", "a mapping", "a sequence" };

	if (n->type == t && !(t == IPL_YSCALAR && scalar_is_null(n)))
		return 0;
	return ipl_error(c->diags, c->file, n->loc, "expected %s for %s, found %s", names[t], what,
			 describe(n));
}

static int
get_str(struct ctx *c, const struct ipl_ynode *n, const char *what, struct ipl_str *out)
{
	if (want_type(c, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (scalar_is_number(n) || scalar_is_bool(n))
		return ipl_error(c->diags, c->file, n->loc,
				 "expected a string for %s, found %s; quote it if you mean the text \"%s\"",
				 what, describe(n), n->value);
	*out = str_of(n, n->value);
	return 0;
}

static int
get_num(struct ctx *c, const struct ipl_ynode *n, const char *what, double min, double max,
	bool integer, struct ipl_num *out)
{
	double v;

	if (want_type(c, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (!n->plain && ipl_parse_number(n->value, &v) == 0)
		return ipl_error(c->diags, c->file, n->loc,
				 "expected a number for %s, found the quoted string \"%s\"; write it "
				 "without quotes",
				 what, n->value);
	if (!n->plain || ipl_parse_number(n->value, &v) < 0)
		return ipl_error(c->diags, c->file, n->loc, "expected a number for %s, found %s \"%s\"",
				 what, describe(n), n->value);
	if (integer && v != floor(v))
		return ipl_error(c->diags, c->file, n->loc, "expected a whole number for %s, found %s",
				 what, n->value);
	if (v < min || v > max)
		return ipl_error(c->diags, c->file, n->loc,
				 "%s %s is out of range; expected %.10g to %.10g", what, n->value, min, max);
	out->v = v;
	out->loc = n->loc;
	return 0;
}

static int
get_bool(struct ctx *c, const struct ipl_ynode *n, const char *what, bool *out)
{
	if (want_type(c, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (n->plain && !strcmp(n->value, "true")) {
		*out = true;
		return 0;
	}
	if (n->plain && !strcmp(n->value, "false")) {
		*out = false;
		return 0;
	}
	return ipl_error(c->diags, c->file, n->loc, "expected true or false for %s, found \"%s\"",
			 what, n->value);
}

static void
join_names(struct ipl_buf *b, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ipl_buf_addf(b, "%s%s", i ? ", " : "", names[i]);
}

static int
get_enum(struct ctx *c, const struct ipl_ynode *n, const char *what, const char *const *names,
	 size_t count, int *out)
{
	struct ipl_buf list = IPL_BUF_INIT;
	const char *near;
	size_t i;

	if (want_type(c, n, IPL_YSCALAR, what) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (!strcmp(n->value, names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	join_names(&list, names, count);
	near = diag_room(c) ? ipl_suggest(n->value, names, count) : NULL;
	if (near)
		ipl_error(c->diags, c->file, n->loc, "unknown %s \"%s\"; did you mean \"%s\"?", what,
			  n->value, near);
	else
		ipl_error(c->diags, c->file, n->loc, "unknown %s \"%s\"; expected one of %s", what,
			  n->value, list.data);
	ipl_buf_release(&list);
	return -1;
}

typedef int (*quantity_parser)(const char *s, double *v, const char **why);

/* a quantity written as a number or a string with a unit; `unit` names the result for ranges */
static int
get_quantity(struct ctx *c, const struct ipl_ynode *n, const char *what, quantity_parser parse,
	     double min, double max, const char *unit, struct ipl_num *out)
{
	const char *why;
	double v;

	if (want_type(c, n, IPL_YSCALAR, what) < 0)
		return -1;
	/* parse first: it sets `why`, which a boolean would otherwise leave unset */
	if (parse(n->value, &v, &why) < 0 || scalar_is_bool(n))
		return ipl_error(c->diags, c->file, n->loc, "invalid %s \"%s\"; %s", what, n->value,
				 why);
	if ((v < min || v > max) && parse == ipl_parse_fraction)
		return ipl_error(c->diags, c->file, n->loc,
				 "%s \"%s\" is out of range; expected a fraction from %.10g to %.10g "
				 "(%.10g%% to %.10g%%)",
				 what, n->value, min, max, min * 100, max * 100);
	if (v < min || v > max) {
		/* ranges are said in the unit the user writes: CPU in cores, not millicores */
		double scale = parse == ipl_parse_cpu ? 1000 : 1;
		return ipl_error(c->diags, c->file, n->loc,
				 "%s \"%s\" is out of range; expected %.10g to %.10g %s", what, n->value,
				 min / scale, max / scale, parse == ipl_parse_cpu ? "cores" : unit);
	}
	out->v = v;
	out->loc = n->loc;
	return 0;
}

/*
 * Checks a mapping's keys against its list and reports unknown ones; returns
 * the number of unknown keys. `where` names the mapping for messages.
 */
static int
check_keys(struct ctx *c, const struct ipl_ynode *map, const char *const *keys, size_t nkeys,
	   const char *where)
{
	int bad = 0;
	size_t i, k;

	for (i = 0; i < map->nr; i++) {
		const char *key = map->keys[i]->value;
		bool found = false;

		for (k = 0; k < nkeys && !found; k++)
			found = !strcmp(key, keys[k]);
		if (found)
			continue;
		bad++;
		{
			const char *near = diag_room(c) ? ipl_suggest(key, keys, nkeys) : NULL;
			if (near) {
				ipl_error(c->diags, c->file, map->keys[i]->loc,
					  "unknown key \"%s\" in %s; did you mean \"%s\"?", key, where,
					  near);
			} else {
				struct ipl_buf list = IPL_BUF_INIT;
				join_names(&list, keys, nkeys);
				ipl_error(c->diags, c->file, map->keys[i]->loc,
					  "unknown key \"%s\" in %s; expected one of %s", key, where,
					  list.data);
				ipl_buf_release(&list);
			}
		}
	}
	return bad;
}

static const struct ipl_ynode *
lookup(const struct ipl_ynode *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->nr; i++)
		if (!strcmp(map->keys[i]->value, key))
			return map->items[i];
	return NULL;
}

static void
require(struct ctx *c, const struct ipl_ynode *map, const char *key, const char *where,
	const char *expect)
{
	if (!lookup(map, key))
		ipl_error(c->diags, c->file, map->loc, "missing required key \"%s\" in %s; expected %s",
			  key, where, expect);
}

static void
num_unset(struct ipl_num *n)
{
	n->v = IPL_UNSET;
	n->loc.line = n->loc.col = 0;
}

/* ---- Names and strings with a format ----------------------------------- */

/* service, node and plan names: they become unit names, host names and HCL labels */
static int
check_name(struct ctx *c, struct ipl_str s, const char *what)
{
	size_t i, len = strlen(s.s);

	if (len == 0 || len > 63 || !islower((unsigned char)s.s[0]))
		goto bad;
	for (i = 0; i < len; i++) {
		char ch = s.s[i];
		if (!(islower((unsigned char)ch) || isdigit((unsigned char)ch) || ch == '-'))
			goto bad;
	}
	if (s.s[len - 1] == '-')
		goto bad;
	return 0;
bad:
	return ipl_error(c->diags, c->file, s.loc,
			 "invalid %s \"%s\"; expected 1 to 63 lower-case letters, digits and '-', "
			 "starting with a letter and not ending with '-'",
			 what, s.s);
}

/* a one-line string without control characters, at most max bytes */
static int
check_line(struct ctx *c, struct ipl_str s, const char *what, size_t max)
{
	const unsigned char *p = (const unsigned char *)s.s;

	if (strlen(s.s) > max)
		return ipl_error(c->diags, c->file, s.loc, "%s is longer than %zu characters", what,
				 max);
	/* C0, DEL and, written as escapes ("\x85", "\u009b"), the C1 controls */
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0))
			return ipl_error(c->diags, c->file, s.loc,
					 "%s contains a control character; expected one line of text",
					 what);
	return 0;
}

static int
check_no_space(struct ctx *c, struct ipl_str s, const char *what)
{
	const char *p;

	for (p = s.s; *p; p++)
		if (isspace((unsigned char)*p))
			return ipl_error(c->diags, c->file, s.loc, "%s \"%s\" contains white space",
					 what, s.s);
	return 0;
}

/*
 * A route is a path prefix Koyeb's edge matches and strips: '/' or segments
 * of URL-safe characters, no empty segment and no trailing '/', so that two
 * spellings of one route cannot pass the collision check.
 */
static int
check_route(struct ctx *c, struct ipl_str r)
{
	const char *p = r.s;
	bool segment_start = true;

	if (check_line(c, r, "route", 255) < 0)
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
	return ipl_error(c->diags, c->file, r.loc,
			 "invalid route \"%s\"; expected '/' or a path such as /api: segments of "
			 "letters, digits, '-', '.', '_' and '~', without a trailing '/'",
			 r.s);
}

static bool
looks_secret(const char *key)
{
	static const char *const words[] = { "PASSWORD", "PASSWD", "SECRET", "TOKEN",
					     "PRIVATE_KEY", "API_KEY", "ACCESS_KEY", "CREDENTIAL" };
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(words); i++)
		if (strstr(key, words[i]))
			return true;
	return false;
}

/* ---- Sections ---------------------------------------------------------- */

static void
decode_settings(struct ctx *c, const struct ipl_ynode *n)
{
	struct ipl_settings *s = &c->spec->settings;
	const struct ipl_ynode *v;

	if (want_type(c, n, IPL_YMAP, "\"settings\"") < 0)
		return;
	check_keys(c, n, settings_keys, IPL_ARRAY_SIZE(settings_keys), "settings");
	if ((v = lookup(n, "split_above_concurrent")))
		get_num(c, v, "settings.split_above_concurrent", 0, 1e9, true, &s->split_above_concurrent);
	if ((v = lookup(n, "split_at_users")))
		get_num(c, v, "settings.split_at_users", 0, 1e12, true, &s->split_at_users);
	if ((v = lookup(n, "cpu_headroom")))
		get_quantity(c, v, "settings.cpu_headroom", ipl_parse_fraction, 0, 0.9, "", &s->cpu_headroom);
	if ((v = lookup(n, "memory_headroom")))
		get_quantity(c, v, "settings.memory_headroom", ipl_parse_fraction, 0, 0.9, "",
			     &s->memory_headroom);
	if ((v = lookup(n, "memory_per_connection")))
		get_quantity(c, v, "settings.memory_per_connection", ipl_parse_memory, 0, 1024, "MiB",
			     &s->memory_per_connection_mib);
	if ((v = lookup(n, "spot_weight")))
		get_num(c, v, "settings.spot_weight", 0, 100, true, &s->spot_weight);
	if ((v = lookup(n, "on_demand_base")))
		get_num(c, v, "settings.on_demand_base", 0, 100000, true, &s->on_demand_base);
	if ((v = lookup(n, "autoscale_cpu_target")))
		get_num(c, v, "settings.autoscale_cpu_target", 10, 95, false, &s->autoscale_cpu_target);
	if ((v = lookup(n, "nat_gateway")) && get_bool(c, v, "settings.nat_gateway", &s->nat_gateway) == 0)
		s->nat_gateway_loc = v->loc;
	if ((v = lookup(n, "ssh_allowed_cidr")) && get_str(c, v, "settings.ssh_allowed_cidr",
							   &s->ssh_allowed_cidr) == 0) {
		const char *p;
		for (p = s->ssh_allowed_cidr.s; *p; p++)
			if (!(isxdigit((unsigned char)*p) || *p == '.' || *p == ':' || *p == '/'))
				break;
		if (*p || !strchr(s->ssh_allowed_cidr.s, '/'))
			ipl_error(c->diags, c->file, v->loc,
				  "invalid settings.ssh_allowed_cidr \"%s\"; expected a CIDR such as 203.0.113.0/24",
				  s->ssh_allowed_cidr.s);
	}
}

static void
decode_load(struct ctx *c, const struct ipl_ynode *n)
{
	struct ipl_load *l = &c->spec->load;
	const struct ipl_ynode *v;

	if (want_type(c, n, IPL_YMAP, "\"load\"") < 0)
		return;
	check_keys(c, n, load_keys, IPL_ARRAY_SIZE(load_keys), "load");
	if ((v = lookup(n, "users")))
		get_num(c, v, "load.users", 0, 1e10, true, &l->users);
	if ((v = lookup(n, "concurrent")))
		get_num(c, v, "load.concurrent", 0, 1e9, true, &l->concurrent);
	if ((v = lookup(n, "requests_per_second")))
		get_num(c, v, "load.requests_per_second", 0, 1e8, false, &l->requests_per_second);
	if ((v = lookup(n, "uploads")))
		get_quantity(c, v, "load.uploads", ipl_parse_storage, 0, 1e7, "GB", &l->uploads_gb);
	if ((v = lookup(n, "monthly_growth")))
		get_quantity(c, v, "load.monthly_growth", ipl_parse_fraction, -1, 10, "",
			     &l->monthly_growth);
	if ((v = lookup(n, "gpu_hours")))
		get_num(c, v, "load.gpu_hours", 0, 744 * 1000, false, &l->gpu_hours);
	if ((v = lookup(n, "audio_hours")))
		get_num(c, v, "load.audio_hours", 0, 1e7, false, &l->audio_hours);
	if ((v = lookup(n, "processing_ratio")))
		get_num(c, v, "load.processing_ratio", 0, 100, false, &l->processing_ratio);
	if ((l->audio_hours.v == IPL_UNSET) != (l->processing_ratio.v == IPL_UNSET))
		ipl_error(c->diags, c->file, n->loc,
			  "load.audio_hours and load.processing_ratio go together: GPU hours are the "
			  "audio hours times the ratio");
	else if (l->audio_hours.v != IPL_UNSET && l->gpu_hours.v != IPL_UNSET)
		ipl_error(c->diags, c->file, l->audio_hours.loc,
			  "give load.gpu_hours or load.audio_hours with a processing_ratio, not both");
	else if (l->audio_hours.v != IPL_UNSET) {
		/* 002: "audio hours times a processing ratio" */
		l->gpu_hours.v = l->audio_hours.v * l->processing_ratio.v;
		l->gpu_hours.loc = l->audio_hours.loc;
	}
}

static void
decode_env(struct ctx *c, struct ipl_service *svc, const struct ipl_ynode *n, const char *where)
{
	size_t i;

	if (want_type(c, n, IPL_YMAP, "\"env\"") < 0)
		return;
	svc->env = IPL_ARENA_ARRAY(c->arena, struct ipl_env_var, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *k = n->keys[i], *v = n->items[i];
		struct ipl_env_var *e = &svc->env[svc->env_nr];
		const char *p;
		bool ok = isupper((unsigned char)k->value[0]) || k->value[0] == '_';

		for (p = k->value; *p && ok; p++)
			ok = isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
		if (!ok || k->len > 128) {
			ipl_error(c->diags, c->file, k->loc,
				  "invalid environment variable name \"%s\" in %s; expected 1 to 128 "
				  "upper-case letters, digits and '_'",
				  k->value, where);
			continue;
		}
		e->key = k->value;
		e->loc = k->loc;
		if (v->type == IPL_YMAP) {
			const struct ipl_ynode *sn;
			struct ipl_str sec = { 0 };
			check_keys(c, v, env_value_keys, IPL_ARRAY_SIZE(env_value_keys), "an env value");
			sn = lookup(v, "secret");
			if (!sn) {
				ipl_error(c->diags, c->file, v->loc,
					  "missing required key \"secret\" in env \"%s\"; expected the name "
					  "of a secret",
					  k->value);
				continue;
			}
			if (get_str(c, sn, "env secret", &sec) < 0)
				continue;
			if (check_name(c, sec, "secret name") < 0)
				continue;
			e->secret = sec.s;
		} else if (v->type == IPL_YSCALAR && !scalar_is_null(v)) {
			struct ipl_str val = str_of(v, v->value);
			if (looks_secret(k->value)) {
				ipl_error(c->diags, c->file, v->loc,
					  "environment variable \"%s\" holds a plain value but looks like a "
					  "secret; write {secret: NAME} and supply the value at deploy time",
					  k->value);
				continue;
			}
			if (check_line(c, val, "environment value", 4096) < 0)
				continue;
			e->value = v->value;
		} else {
			ipl_error(c->diags, c->file, v->loc,
				  "expected a value or {secret: NAME} for env \"%s\", found %s", k->value,
				  describe(v));
			continue;
		}
		svc->env_nr++;
	}
}

static void
decode_str_list(struct ctx *c, const struct ipl_ynode *n, const char *what, struct ipl_str **out,
		size_t *nr)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, what) < 0)
		return;
	*out = IPL_ARENA_ARRAY(c->arena, struct ipl_str, n->nr);
	for (i = 0; i < n->nr; i++)
		if (get_str(c, n->items[i], what, &(*out)[*nr]) == 0)
			(*nr)++;
}

static void
decode_service(struct ctx *c, struct ipl_service *s, const struct ipl_ynode *n, size_t index)
{
	const struct ipl_ynode *v;
	const char *where;
	int k;

	s->loc = n->loc;
	num_unset(&s->port);
	num_unset(&s->replicas);
	num_unset(&s->min_replicas);
	num_unset(&s->max_replicas);
	num_unset(&s->cpu_m);
	num_unset(&s->memory_mib);
	num_unset(&s->disk_gb);
	num_unset(&s->storage_gb);
	num_unset(&s->storage_max_gb);
	num_unset(&s->hours_per_month);
	num_unset(&s->max_connections);
	num_unset(&s->observed_cpu_m);
	num_unset(&s->observed_memory_mib);
	s->kind = IPL_KIND_APP;
	if (want_type(c, n, IPL_YMAP, "a service") < 0)
		return;
	if ((v = lookup(n, "name")) && get_str(c, v, "service name", &s->name) == 0)
		check_name(c, s->name, "service name");
	/* in the arena: an over-long name is still quoted whole in every message */
	if (s->name.s)
		where = ipl_arena_printf(c->arena, "service \"%s\"", s->name.s);
	else
		where = ipl_arena_printf(c->arena, "services[%zu]", index);
	check_keys(c, n, service_keys, IPL_ARRAY_SIZE(service_keys), where);
	require(c, n, "name", where, "a name such as \"api\"");
	require(c, n, "kind", where,
		"one of app, worker, static_site, postgres, mysql, mongodb, redis, rabbitmq, queue, "
		"object_storage");
	if ((v = lookup(n, "kind")) &&
	    get_enum(c, v, "service kind", kind_names, IPL_ARRAY_SIZE(kind_names), &k) == 0) {
		s->kind = (enum ipl_service_kind)k;
		s->kind_loc = v->loc;
	}
	if ((v = lookup(n, "command")) && get_str(c, v, "\"command\"", &s->command) == 0)
		check_line(c, s->command, "command", 4096);
	if ((v = lookup(n, "image")) && get_str(c, v, "\"image\"", &s->image) == 0) {
		if (check_line(c, s->image, "image", 255) == 0)
			check_no_space(c, s->image, "image");
	}
	if ((v = lookup(n, "port")))
		get_num(c, v, "port", 1, 65535, true, &s->port);
	if ((v = lookup(n, "public")))
		get_bool(c, v, "\"public\"", &s->public_port);
	if ((v = lookup(n, "health_path")) && get_str(c, v, "\"health_path\"", &s->health_path) == 0) {
		if (s->health_path.s[0] != '/')
			ipl_error(c->diags, c->file, v->loc,
				  "invalid health_path \"%s\"; expected a path starting with '/'",
				  s->health_path.s);
		else if (check_line(c, s->health_path, "health_path", 1024) == 0)
			check_no_space(c, s->health_path, "health_path");
	}
	if ((v = lookup(n, "route")) && get_str(c, v, "\"route\"", &s->route) == 0)
		check_route(c, s->route);
	if ((v = lookup(n, "env")))
		decode_env(c, s, v, where);
	if ((v = lookup(n, "replicas")))
		get_num(c, v, "replicas", 0, 1000, true, &s->replicas);
	if ((v = lookup(n, "min_replicas")))
		get_num(c, v, "min_replicas", 0, 1000, true, &s->min_replicas);
	if ((v = lookup(n, "max_replicas")))
		get_num(c, v, "max_replicas", 1, 1000, true, &s->max_replicas);
	if ((v = lookup(n, "cpu")))
		get_quantity(c, v, "cpu", ipl_parse_cpu, 1, 256000, "millicores (256 cores)", &s->cpu_m);
	if ((v = lookup(n, "memory")))
		get_quantity(c, v, "memory", ipl_parse_memory, 1, 4 * 1024 * 1024, "MiB (4Ti)",
			     &s->memory_mib);
	if ((v = lookup(n, "disk")))
		get_quantity(c, v, "disk", ipl_parse_storage, 0, 1e6, "GB", &s->disk_gb);
	if ((v = lookup(n, "storage")))
		get_quantity(c, v, "storage", ipl_parse_storage, 0, 1e7, "GB", &s->storage_gb);
	if ((v = lookup(n, "storage_max")))
		get_quantity(c, v, "storage_max", ipl_parse_storage, 0, 1e7, "GB", &s->storage_max_gb);
	if (s->storage_max_gb.v != IPL_UNSET && s->storage_gb.v != IPL_UNSET &&
	    s->storage_max_gb.v < s->storage_gb.v)
		ipl_error(c->diags, c->file, s->storage_max_gb.loc,
			  "storage_max %g GB is less than storage %g GB", s->storage_max_gb.v,
			  s->storage_gb.v);
	if ((v = lookup(n, "instance_type")) &&
	    get_str(c, v, "\"instance_type\"", &s->instance_type) == 0) {
		if (check_line(c, s->instance_type, "instance_type", 64) == 0)
			check_no_space(c, s->instance_type, "instance_type");
	}
	if ((v = lookup(n, "gpu")) && get_str(c, v, "\"gpu\"", &s->gpu) == 0) {
		if (check_line(c, s->gpu, "gpu", 64) == 0)
			check_no_space(c, s->gpu, "gpu");
	}
	if ((v = lookup(n, "hours_per_month")))
		get_num(c, v, "hours_per_month", 0, 744, false, &s->hours_per_month);
	if ((v = lookup(n, "stateful")) && get_bool(c, v, "\"stateful\"", &s->stateful) == 0)
		s->stateful_set = true;
	if ((v = lookup(n, "singleton")))
		get_bool(c, v, "\"singleton\"", &s->singleton);
	if ((v = lookup(n, "arch")) &&
	    get_enum(c, v, "arch", arch_names, IPL_ARRAY_SIZE(arch_names), &k) == 0)
		s->arch = (enum ipl_arch)k;
	if ((v = lookup(n, "limits")) && want_type(c, v, IPL_YMAP, "\"limits\"") == 0) {
		const struct ipl_ynode *w;
		check_keys(c, v, limits_keys, IPL_ARRAY_SIZE(limits_keys), "limits");
		if ((w = lookup(v, "connections")))
			get_num(c, w, "limits.connections", 1, 1e8, true, &s->max_connections);
	}
	if ((v = lookup(n, "observed")) && want_type(c, v, IPL_YMAP, "\"observed\"") == 0) {
		const struct ipl_ynode *w;
		check_keys(c, v, observed_keys, IPL_ARRAY_SIZE(observed_keys), "observed");
		if ((w = lookup(v, "cpu_p95")))
			get_quantity(c, w, "observed.cpu_p95", ipl_parse_cpu, 0, 256000, "millicores",
				     &s->observed_cpu_m);
		if ((w = lookup(v, "memory_p95")))
			get_quantity(c, w, "observed.memory_p95", ipl_parse_memory, 0, 4 * 1024 * 1024,
				     "MiB", &s->observed_memory_mib);
	}
	if ((v = lookup(n, "node")) && get_str(c, v, "\"node\"", &s->node) == 0)
		check_name(c, s->node, "node name");
	if ((v = lookup(n, "depends_on")))
		decode_str_list(c, v, "depends_on", &s->depends_on, &s->depends_on_nr);
}

static void
decode_services(struct ctx *c, const struct ipl_ynode *n)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, "\"services\"") < 0)
		return;
	if (n->nr == 0) {
		ipl_error(c->diags, c->file, n->loc,
			  "\"services\" is empty; expected at least one service");
		return;
	}
	c->spec->services = IPL_ARENA_ARRAY(c->arena, struct ipl_service, n->nr);
	c->spec->services_nr = n->nr;
	for (i = 0; i < n->nr; i++)
		decode_service(c, &c->spec->services[i], n->items[i], i);
}

static void
decode_nodes(struct ctx *c, const struct ipl_ynode *n)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, "\"nodes\"") < 0)
		return;
	c->spec->nodes = IPL_ARENA_ARRAY(c->arena, struct ipl_node_spec, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *m = n->items[i], *v;
		struct ipl_node_spec *nd = &c->spec->nodes[c->spec->nodes_nr];

		num_unset(&nd->count);
		num_unset(&nd->cpu_m);
		num_unset(&nd->memory_mib);
		num_unset(&nd->disk_gb);
		if (want_type(c, m, IPL_YMAP, "a node") < 0)
			continue;
		nd->loc = m->loc;
		check_keys(c, m, node_keys, IPL_ARRAY_SIZE(node_keys), "a node");
		require(c, m, "name", "a node", "a name such as \"db\"");
		if ((v = lookup(m, "name")) && get_str(c, v, "node name", &nd->name) == 0)
			check_name(c, nd->name, "node name");
		if ((v = lookup(m, "type")) && get_str(c, v, "node type", &nd->type) == 0)
			check_line(c, nd->type, "node type", 64);
		if ((v = lookup(m, "count")))
			get_num(c, v, "node count", 1, 100, true, &nd->count);
		if ((v = lookup(m, "cpu")))
			get_quantity(c, v, "node cpu", ipl_parse_cpu, 100, 1024000, "millicores",
				     &nd->cpu_m);
		if ((v = lookup(m, "memory")))
			get_quantity(c, v, "node memory", ipl_parse_memory, 256, 64 * 1024 * 1024,
				     "MiB", &nd->memory_mib);
		if ((v = lookup(m, "disk")))
			get_quantity(c, v, "node disk", ipl_parse_storage, 1, 1e6, "GB", &nd->disk_gb);
		if (nd->type.s && nd->cpu_m.v != IPL_UNSET)
			ipl_error(c->diags, c->file, nd->cpu_m.loc,
				  "a node has a catalog \"type\" or its own size (cpu, memory, disk), "
				  "not both");
		c->spec->nodes_nr++;
	}
}

/* hourly, daily, weekly, monthly, or an OnCalendar= expression of safe characters */
static int
check_calendar(struct ctx *c, struct ipl_str s)
{
	const char *p;

	for (p = s.s; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("*:/,.-~ ", *p)))
			return ipl_error(c->diags, c->file, s.loc,
					 "invalid backup schedule \"%s\"; expected hourly, daily, weekly, "
					 "monthly or a systemd calendar expression such as \"*-*-* 03:00:00\"",
					 s.s);
	return check_line(c, s, "backup schedule", 128);
}

static void
decode_backup(struct ctx *c, const struct ipl_ynode *n)
{
	struct ipl_backup *b = &c->spec->backup;
	const struct ipl_ynode *v;
	size_t i;

	if (want_type(c, n, IPL_YMAP, "\"backup\"") < 0)
		return;
	b->present = true;
	b->loc = n->loc;
	check_keys(c, n, backup_keys, IPL_ARRAY_SIZE(backup_keys), "backup");
	require(c, n, "target", "backup", "a backup target such as b2, s3 or local");
	if ((v = lookup(n, "target")) && get_str(c, v, "backup target", &b->target) == 0)
		check_line(c, b->target, "backup target", 64);
	if ((v = lookup(n, "size")))
		get_quantity(c, v, "backup size", ipl_parse_storage, 0, 1e7, "GB", &b->size_gb);
	if ((v = lookup(n, "retention_days")))
		get_num(c, v, "backup retention_days", 1, 3650, true, &b->retention_days);
	if ((v = lookup(n, "schedule")) && want_type(c, v, IPL_YSEQ, "\"backup.schedule\"") == 0) {
		b->schedules = IPL_ARENA_ARRAY(c->arena, struct ipl_backup_schedule, v->nr);
		for (i = 0; i < v->nr; i++) {
			const struct ipl_ynode *m = v->items[i], *w;
			struct ipl_backup_schedule *s = &b->schedules[b->schedules_nr];
			int k;

			if (want_type(c, m, IPL_YMAP, "a backup schedule") < 0)
				continue;
			s->loc = m->loc;
			check_keys(c, m, schedule_keys, IPL_ARRAY_SIZE(schedule_keys), "a backup schedule");
			require(c, m, "every", "a backup schedule", "hourly, daily, weekly or monthly");
			if ((w = lookup(m, "kind")) &&
			    get_enum(c, w, "backup kind", backup_kind_names,
				     IPL_ARRAY_SIZE(backup_kind_names), &k) == 0)
				s->kind = str_of(w, backup_kind_names[k]);
			if ((w = lookup(m, "every")) && get_str(c, w, "backup schedule", &s->every) == 0)
				check_calendar(c, s->every);
			b->schedules_nr++;
		}
	}
}

static void
decode_money(struct ctx *c, const struct ipl_ynode *n, const char *what, struct ipl_money *m)
{
	struct ipl_num v;

	if (get_num(c, n, what, 0, 1e7, false, &v) == 0) {
		m->amount = v.v;
		m->loc = n->loc;
	}
}

static void
decode_currency(struct ctx *c, const struct ipl_ynode *n, const char **out)
{
	int k;

	if (get_enum(c, n, "currency", currency_names, IPL_ARRAY_SIZE(currency_names), &k) == 0)
		*out = currency_names[k];
}

static void
decode_extras(struct ctx *c, const struct ipl_ynode *n)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, "\"extras\"") < 0)
		return;
	c->spec->extras = IPL_ARENA_ARRAY(c->arena, struct ipl_extra, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *m = n->items[i], *v;
		struct ipl_extra *e = &c->spec->extras[c->spec->extras_nr];
		const char *cur = NULL;
		int k;

		e->monthly.amount = e->yearly.amount = IPL_UNSET;
		if (want_type(c, m, IPL_YMAP, "an extra") < 0)
			continue;
		e->loc = m->loc;
		check_keys(c, m, extra_keys, IPL_ARRAY_SIZE(extra_keys), "an extra");
		require(c, m, "kind", "an extra", "one of domain, smtp, web_hosting, monitoring, other");
		if ((v = lookup(m, "kind")) &&
		    get_enum(c, v, "extra kind", extra_kind_names, IPL_ARRAY_SIZE(extra_kind_names),
			     &k) == 0)
			e->kind = (enum ipl_extra_kind)k;
		if ((v = lookup(m, "name")) && get_str(c, v, "extra name", &e->name) == 0)
			check_line(c, e->name, "extra name", 128);
		if ((v = lookup(m, "plan")) && get_str(c, v, "extra plan", &e->plan) == 0)
			check_line(c, e->plan, "extra plan", 64);
		if ((v = lookup(m, "monthly")))
			decode_money(c, v, "extra monthly price", &e->monthly);
		if ((v = lookup(m, "yearly")))
			decode_money(c, v, "extra yearly price", &e->yearly);
		if ((v = lookup(m, "currency")))
			decode_currency(c, v, &cur);
		e->monthly.currency = e->yearly.currency = cur;
		if (!lookup(m, "plan") && !lookup(m, "monthly") && !lookup(m, "yearly"))
			ipl_error(c->diags, c->file, m->loc,
				  "an extra needs a catalog \"plan\" or a \"monthly\" or \"yearly\" price");
		if (lookup(m, "monthly") && lookup(m, "yearly"))
			ipl_error(c->diags, c->file, lookup(m, "yearly")->loc,
				  "an extra has either a \"monthly\" or a \"yearly\" price, not both");
		if (!e->name.s)
			e->name = e->plan.s ? e->plan : str_of(m, extra_kind_names[e->kind]);
		c->spec->extras_nr++;
	}
}

static void
decode_overrides(struct ctx *c, const struct ipl_ynode *n, struct ipl_override **out, size_t *nr)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, "\"price_overrides\"") < 0)
		return;
	*out = IPL_ARENA_ARRAY(c->arena, struct ipl_override, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *m = n->items[i], *v;
		struct ipl_override *o = &(*out)[*nr];

		o->monthly.amount = IPL_UNSET;
		if (want_type(c, m, IPL_YMAP, "a price override") < 0)
			continue;
		o->loc = m->loc;
		check_keys(c, m, override_keys, IPL_ARRAY_SIZE(override_keys), "a price override");
		require(c, m, "target", "a price override", "a node name, catalog id or extra name");
		require(c, m, "monthly", "a price override", "a monthly price");
		if ((v = lookup(m, "target")) && get_str(c, v, "override target", &o->target) == 0)
			check_line(c, o->target, "override target", 128);
		if ((v = lookup(m, "monthly")))
			decode_money(c, v, "override monthly price", &o->monthly);
		if ((v = lookup(m, "currency")))
			decode_currency(c, v, &o->monthly.currency);
		if ((v = lookup(m, "note")) && get_str(c, v, "override note", &o->note) == 0)
			check_line(c, o->note, "override note", 256);
		(*nr)++;
	}
}

static int
cmp_scenario_hours(const void *a, const void *b)
{
	const struct ipl_num *x = *(const struct ipl_num *const *)a;
	const struct ipl_num *y = *(const struct ipl_num *const *)b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

/* one column per GPU-hours figure; sorted, so that many scenarios cost n log n */
static void
check_scenario_hours(struct ctx *c)
{
	const struct ipl_num **hours;
	size_t i, n = 0, first = 0;

	hours = IPL_ARENA_ARRAY(c->arena, const struct ipl_num *, c->spec->scenarios_nr + 1);
	for (i = 0; i < c->spec->scenarios_nr; i++)
		if (c->spec->scenarios[i].gpu_hours.v != IPL_UNSET)
			hours[n++] = &c->spec->scenarios[i].gpu_hours;
	qsort(hours, n, sizeof(*hours), cmp_scenario_hours);
	for (i = 1; i < n; i++) {
		if (hours[i]->v != hours[first]->v) {
			first = i;
			continue;
		}
		ipl_error(c->diags, c->file, hours[i]->loc,
			  "two scenarios for %g GPU hours (the first at line %d)", hours[i]->v,
			  hours[first]->loc.line);
	}
}

static void
decode_scenarios(struct ctx *c, const struct ipl_ynode *n)
{
	size_t i;

	if (want_type(c, n, IPL_YSEQ, "\"scenarios\"") < 0)
		return;
	c->spec->scenarios = IPL_ARENA_ARRAY(c->arena, struct ipl_scenario, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *m = n->items[i], *v;
		struct ipl_scenario *sc = &c->spec->scenarios[c->spec->scenarios_nr];

		num_unset(&sc->gpu_hours);
		if (want_type(c, m, IPL_YMAP, "a scenario") < 0)
			continue;
		sc->loc = m->loc;
		check_keys(c, m, scenario_keys, IPL_ARRAY_SIZE(scenario_keys), "a scenario");
		require(c, m, "gpu_hours", "a scenario", "the processing hours a month it stands for");
		if ((v = lookup(m, "name")) && get_str(c, v, "scenario name", &sc->name) == 0)
			check_name(c, sc->name, "scenario name");
		if ((v = lookup(m, "gpu_hours")))
			get_num(c, v, "scenario gpu_hours", 0, 744, false, &sc->gpu_hours);
		if ((v = lookup(m, "price_overrides")))
			decode_overrides(c, v, &sc->overrides, &sc->overrides_nr);
		c->spec->scenarios_nr++;
	}
	check_scenario_hours(c);
}

static void
decode_rates(struct ctx *c, const struct ipl_ynode *n)
{
	size_t i;

	if (want_type(c, n, IPL_YMAP, "\"rates\"") < 0)
		return;
	c->spec->rates = IPL_ARENA_ARRAY(c->arena, struct ipl_rate, n->nr);
	for (i = 0; i < n->nr; i++) {
		const struct ipl_ynode *k = n->keys[i];
		struct ipl_rate *r = &c->spec->rates[c->spec->rates_nr];
		struct ipl_num v;
		int idx;

		if (get_enum(c, k, "rate currency", currency_names, IPL_ARRAY_SIZE(currency_names),
			     &idx) < 0)
			continue;
		if (get_num(c, n->items[i], "exchange rate", 1e-6, 1e6, false, &v) < 0)
			continue;
		if (idx == 0 && v.v != 1) {
			ipl_error(c->diags, c->file, v.loc,
				  "rates are per 1 EUR, so the EUR rate must be 1, found %g", v.v);
			continue;
		}
		r->code = currency_names[idx];
		r->value = v.v;
		r->loc = k->loc;
		c->spec->rates_nr++;
	}
}

static void
decode_budget(struct ctx *c, const struct ipl_ynode *n)
{
	const struct ipl_ynode *v;

	if (want_type(c, n, IPL_YMAP, "\"budget\"") < 0)
		return;
	check_keys(c, n, budget_keys, IPL_ARRAY_SIZE(budget_keys), "budget");
	require(c, n, "monthly", "budget", "a monthly maximum such as 25");
	if ((v = lookup(n, "monthly")))
		decode_money(c, v, "budget monthly", &c->spec->budget);
	if ((v = lookup(n, "currency")))
		decode_currency(c, v, &c->spec->budget.currency);
	if (c->spec->budget.amount == 0)
		ipl_error(c->diags, c->file, c->spec->budget.loc, "budget monthly must be more than 0");
}

/* ---- Whole-spec checks ------------------------------------------------- */

static bool
needs_program(enum ipl_service_kind k)
{
	return k == IPL_KIND_APP || k == IPL_KIND_WORKER;
}

/*
 * The names of services and nodes, sorted, so that a spec of 10,000 services
 * is checked in n log n, not n^2: uniqueness, and whether a reference
 * (depends_on, node) names something that exists.
 */
struct name_index {
	struct ipl_str *sorted;     /* by name, then position */
	const char **in_order;      /* as written, for "did you mean" */
	size_t nr;
};

static int
cmp_name_pos(const void *a, const void *b)
{
	const struct ipl_str *x = a, *y = b;
	int r = strcmp(x->s, y->s);

	if (r)
		return r;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct ipl_str *)a)->s, ((const struct ipl_str *)b)->s);
}

/* the `struct ipl_str` at `offset` in each of nr structs of `size` bytes at base */
static void
index_names(struct ctx *c, struct name_index *ix, const void *base, size_t nr, size_t size,
	    size_t offset)
{
	size_t i;

	ix->sorted = IPL_ARENA_ARRAY(c->arena, struct ipl_str, nr + 1);
	ix->in_order = IPL_ARENA_ARRAY(c->arena, const char *, nr + 1);
	ix->nr = 0;
	for (i = 0; i < nr; i++) {
		const struct ipl_str *n =
			(const void *)((const char *)base + i * size + offset);
		if (!n->s)
			continue;
		ix->sorted[ix->nr] = *n;
		ix->in_order[ix->nr++] = n->s;
	}
	qsort(ix->sorted, ix->nr, sizeof(*ix->sorted), cmp_name_pos);
}

static bool
index_has(const struct name_index *ix, const char *name)
{
	struct ipl_str key = { name, { 0, 0 } };

	return ix->nr && bsearch(&key, ix->sorted, ix->nr, sizeof(*ix->sorted), cmp_name);
}

static void
report_duplicate_names(struct ctx *c, const struct name_index *ix, const char *what)
{
	size_t i, first = 0;

	for (i = 1; i < ix->nr; i++) {
		if (strcmp(ix->sorted[first].s, ix->sorted[i].s)) {
			first = i;
			continue;
		}
		ipl_error(c->diags, c->file, ix->sorted[i].loc,
			  "duplicate %s name \"%s\" (first used at line %d)", what, ix->sorted[i].s,
			  ix->sorted[first].loc.line);
	}
}

/* "did you mean" for a reference, while the report has room for it */
static const char *
suggest_name(struct ctx *c, const struct name_index *ix, const char *name)
{
	if (!diag_room(c))
		return NULL;
	return ipl_suggest(name, ix->in_order, ix->nr);
}

static void
check_spec(struct ctx *c)
{
	struct ipl_spec *s = c->spec;
	struct name_index services, nodes;
	size_t i, j;

	index_names(c, &services, s->services, s->services_nr, sizeof(*s->services),
		    offsetof(struct ipl_service, name));
	index_names(c, &nodes, s->nodes, s->nodes_nr, sizeof(*s->nodes),
		    offsetof(struct ipl_node_spec, name));
	report_duplicate_names(c, &services, "service");
	report_duplicate_names(c, &nodes, "node");

	for (i = 0; i < s->services_nr; i++) {
		struct ipl_service *a = &s->services[i];

		if (!a->name.s)
			continue;
		/* kind_loc is set only for a valid kind: an unknown one was reported already */
		if (a->kind_loc.line && needs_program(a->kind) && !a->command.s && !a->image.s)
			ipl_error(c->diags, c->file, a->loc,
				  "service \"%s\" of kind %s needs a \"command\" or an \"image\"", a->name.s,
				  kind_names[a->kind]);
		if (a->command.s && a->image.s)
			ipl_error(c->diags, c->file, a->image.loc,
				  "service \"%s\" has both \"command\" and \"image\"; give one", a->name.s);
		if (a->gpu.s && !needs_program(a->kind))
			ipl_error(c->diags, c->file, a->gpu.loc,
				  "service \"%s\" of kind %s cannot use a GPU; only app and worker can",
				  a->name.s, kind_names[a->kind]);
		if (a->public_port && a->port.v == IPL_UNSET && a->kind != IPL_KIND_STATIC_SITE &&
		    !ipl_service_kind_is_database(a->kind))
			ipl_error(c->diags, c->file, a->loc,
				  "service \"%s\" is public but has no \"port\"", a->name.s);
		if (a->public_port && ipl_service_kind_is_database(a->kind))
			ipl_error(c->diags, c->file, a->loc,
				  "service \"%s\" is a database and cannot be public; databases listen "
				  "on the private network only",
				  a->name.s);
		if (a->route.s && !ipl_provider_get(s->provider)->routes)
			ipl_error(c->diags, c->file, a->route.loc,
				  "service \"%s\" has a \"route\", which only provider koyeb uses; "
				  "on %s a public service is reached on its port: remove the route",
				  a->name.s, ipl_provider_name(s->provider));
		if (a->min_replicas.v != IPL_UNSET && a->max_replicas.v != IPL_UNSET &&
		    a->min_replicas.v > a->max_replicas.v)
			ipl_error(c->diags, c->file, a->min_replicas.loc,
				  "min_replicas %g is more than max_replicas %g", a->min_replicas.v,
				  a->max_replicas.v);
		if (a->replicas.v != IPL_UNSET &&
		    (a->min_replicas.v != IPL_UNSET || a->max_replicas.v != IPL_UNSET))
			ipl_error(c->diags, c->file, a->replicas.loc,
				  "service \"%s\" has \"replicas\" and min/max_replicas; give a fixed "
				  "count or a range",
				  a->name.s);
		for (j = 0; j < a->depends_on_nr; j++) {
			const char *dep = a->depends_on[j].s, *near;

			if (!strcmp(dep, a->name.s)) {
				ipl_error(c->diags, c->file, a->depends_on[j].loc,
					  "service \"%s\" depends on itself", a->name.s);
				continue;
			}
			if (index_has(&services, dep))
				continue;
			if ((near = suggest_name(c, &services, dep)))
				ipl_error(c->diags, c->file, a->depends_on[j].loc,
					  "service \"%s\" depends on unknown service \"%s\"; did "
					  "you mean \"%s\"?",
					  a->name.s, dep, near);
			else
				ipl_error(c->diags, c->file, a->depends_on[j].loc,
					  "service \"%s\" depends on unknown service \"%s\"; expected "
					  "the name of another service in this spec",
					  a->name.s, dep);
		}
		if (a->node.s && !index_has(&nodes, a->node.s)) {
			const char *near = suggest_name(c, &nodes, a->node.s);
			if (near)
				ipl_error(c->diags, c->file, a->node.loc,
					  "service \"%s\" is placed on unknown node \"%s\"; did you "
					  "mean \"%s\"?",
					  a->name.s, a->node.s, near);
			else
				ipl_error(c->diags, c->file, a->node.loc,
					  "service \"%s\" is placed on unknown node \"%s\"; declare it "
					  "under \"nodes\"",
					  a->name.s, a->node.s);
		}
	}
	if (s->nodes_nr && s->layout_loc.line && s->layout != IPL_LAYOUT_AUTO)
		ipl_error(c->diags, c->file, s->layout_loc,
			  "\"layout\" and \"nodes\" both place services; with \"nodes\", leave "
			  "layout out or set it to auto");
}

static void
check_ssh_key(struct ctx *c, struct ipl_str k)
{
	static const char *const prefixes[] = { "ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-nistp256 ",
						"ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 ",
						"sk-ssh-ed25519@openssh.com " };
	size_t i;

	if (check_line(c, k, "ssh_public_key", 16384) < 0)
		return;
	for (i = 0; i < IPL_ARRAY_SIZE(prefixes); i++)
		if (!strncmp(k.s, prefixes[i], strlen(prefixes[i])))
			return;
	ipl_error(c->diags, c->file, k.loc,
		  "ssh_public_key is not an OpenSSH public key; expected it to start with "
		  "ssh-ed25519, ssh-rsa or ecdsa-sha2-*");
}

static void
decode_top(struct ctx *c, const struct ipl_ynode *root)
{
	struct ipl_spec *s = c->spec;
	const struct ipl_ynode *v;
	const char *provider_names[IPL_PROVIDER__COUNT];
	struct ipl_buf one_of = IPL_BUF_INIT;
	int k;

	if (root->type != IPL_YMAP) {
		ipl_error(c->diags, c->file, root->loc,
			  "expected a mapping at the top of the spec, found %s", describe(root));
		return;
	}
	/* the names of the provider table, so a new provider needs no change here */
	ipl_provider_names(provider_names);
	ipl_buf_adds(&one_of, "one of ");
	for (k = 0; k < IPL_PROVIDER__COUNT; k++)
		ipl_buf_addf(&one_of, "%s%s", k ? ", " : "", provider_names[k]);
	check_keys(c, root, top_keys, IPL_ARRAY_SIZE(top_keys), "the spec");
	require(c, root, "name", "the spec", "the plan's name such as \"shop\"");
	require(c, root, "provider", "the spec", ipl_buf_str(&one_of));
	ipl_buf_release(&one_of);
	require(c, root, "services", "the spec", "a list of services");
	if ((v = lookup(root, "name")) && get_str(c, v, "\"name\"", &s->name) == 0)
		check_name(c, s->name, "name");
	if ((v = lookup(root, "provider")) &&
	    get_enum(c, v, "provider", provider_names, IPL_ARRAY_SIZE(provider_names), &k) == 0) {
		s->provider = (enum ipl_provider_id)k;
		s->provider_loc = v->loc;
	}
	if ((v = lookup(root, "region")) && get_str(c, v, "\"region\"", &s->region) == 0) {
		if (check_line(c, s->region, "region", 32) == 0)
			check_no_space(c, s->region, "region");
	}
	if ((v = lookup(root, "currency")) &&
	    get_enum(c, v, "currency", currency_names, IPL_ARRAY_SIZE(currency_names), &k) == 0)
		s->currency = str_of(v, currency_names[k]);
	if ((v = lookup(root, "rates")))
		decode_rates(c, v);
	if ((v = lookup(root, "prices_as_of"))) {
		const char *why;
		if (get_str(c, v, "\"prices_as_of\"", &s->prices_as_of) == 0 &&
		    ipl_date_parse(s->prices_as_of.s, &s->prices_as_of_ymd, &why) < 0)
			ipl_error(c->diags, c->file, v->loc, "invalid prices_as_of \"%s\"; %s",
				  s->prices_as_of.s, why);
	}
	if ((v = lookup(root, "layout")) &&
	    get_enum(c, v, "layout", layout_names, IPL_ARRAY_SIZE(layout_names), &k) == 0) {
		s->layout = (enum ipl_layout)k;
		s->layout_loc = v->loc;
	}
	if ((v = lookup(root, "settings")))
		decode_settings(c, v);
	if ((v = lookup(root, "load")))
		decode_load(c, v);
	if ((v = lookup(root, "services")))
		decode_services(c, v);
	if ((v = lookup(root, "nodes")))
		decode_nodes(c, v);
	if ((v = lookup(root, "backup")))
		decode_backup(c, v);
	if ((v = lookup(root, "extras")))
		decode_extras(c, v);
	if ((v = lookup(root, "price_overrides")))
		decode_overrides(c, v, &s->overrides, &s->overrides_nr);
	if ((v = lookup(root, "scenarios")))
		decode_scenarios(c, v);
	if ((v = lookup(root, "budget")))
		decode_budget(c, v);
	if ((v = lookup(root, "admin_user")) && get_str(c, v, "\"admin_user\"", &s->admin_user) == 0)
		check_name(c, s->admin_user, "admin_user");
	if ((v = lookup(root, "ssh_public_key")) &&
	    get_str(c, v, "\"ssh_public_key\"", &s->ssh_public_key) == 0)
		check_ssh_key(c, s->ssh_public_key);
}

static void
init_spec(struct ipl_spec *s)
{
	struct ipl_num *nums[] = {
		&s->load.users, &s->load.concurrent, &s->load.requests_per_second,
		&s->load.uploads_gb, &s->load.monthly_growth, &s->load.gpu_hours,
		&s->load.audio_hours, &s->load.processing_ratio,
		&s->settings.split_above_concurrent, &s->settings.split_at_users,
		&s->settings.cpu_headroom, &s->settings.memory_headroom,
		&s->settings.memory_per_connection_mib, &s->settings.spot_weight,
		&s->settings.on_demand_base, &s->settings.autoscale_cpu_target,
		&s->backup.size_gb, &s->backup.retention_days,
	};
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(nums); i++)
		num_unset(nums[i]);
	s->budget.amount = IPL_UNSET;
	s->layout = IPL_LAYOUT_AUTO;
}

int
ipl_spec_parse(struct ipl_spec **out, const char *name, const char *text, size_t len,
	       struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ctx c;
	struct ipl_ynode *root;
	size_t errors_before = diags->errors;

	*out = NULL;
	/*
	 * A UTF-8 byte order mark (some Windows editors write one) is no part
	 * of the text; libyaml, told the encoding, would read it as content
	 */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	ipl_diags_add_source(diags, name, text, len);
	c.file = ipl_arena_strdup(arena, name);
	c.arena = arena;
	c.diags = diags;
	c.spec = IPL_ARENA_NEW(arena, struct ipl_spec);
	c.spec->path = c.file;
	init_spec(c.spec);
	root = ipl_yaml_parse(c.file, text, len, arena, diags);
	if (!root)
		return -1;
	decode_top(&c, root);
	check_spec(&c);
	if (diags->errors > errors_before)
		return -1;
	*out = c.spec;
	return 0;
}

int
ipl_spec_load(struct ipl_spec **out, const char *path, struct ipl_arena *arena,
	      struct ipl_diags *diags)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct ipl_loc none = { 0, 0 };
	int rc;

	*out = NULL;
	if (ipl_buf_read_file(&text, path, IPL_SPEC_MAX_BYTES) < 0) {
		int e = errno;
		ipl_buf_release(&text);
		if (e == EISDIR)
			return ipl_error(diags, path, none, "is a directory; expected a spec file");
		if (e == EFBIG)
			return ipl_error(diags, path, none,
					 "file is larger than %d bytes; a spec is expected to be far smaller",
					 IPL_SPEC_MAX_BYTES);
		if (e == ENOENT)
			return ipl_error(diags, path, none, "no such file; expected a spec file");
		return ipl_error(diags, path, none, "cannot read: %s", strerror(e));
	}
	rc = ipl_spec_parse(out, path, text.data, text.len, arena, diags);
	ipl_buf_release(&text);
	return rc;
}
