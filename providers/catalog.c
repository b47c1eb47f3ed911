/*
 * catalog.c: loads catalog JSON (the embedded JSON files in providers/catalog/ or a
 * cache written by `prices update`) into struct ipl_catalog, and answers
 * "what did this cost on that date". See catalog.h for the model.
 */
#include "core/common.h"

#include <jansson.h>

#include "providers/catalog.h"

struct ipl_embedded_file {
	const char *name;
	const char *data;
	size_t size;
};
extern const struct ipl_embedded_file ipl_catalog_files[];

struct loader {
	const char *file;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	int errors;
};

static int
parse_ymd(const char *s)
{
	int y, m, d;
	char tail;

	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return y * 10000 + m * 100 + d;
}

static void
bad(struct loader *l, const char *what, const char *id)
{
	ipl_error(l->diags, l->file, (struct ipl_loc){ 0, 0 }, "catalog: %s in \"%s\"", what,
		  id ? id : "?");
	l->errors++;
}

static const char *
str_field(struct loader *l, json_t *obj, const char *key, bool required, const char *id)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			bad(l, key, id);
		return NULL;
	}
	if (!json_is_string(v)) {
		bad(l, "a string field is not a string", id);
		return NULL;
	}
	return ipl_arena_strdup(l->arena, json_string_value(v));
}

static double
num_field(struct loader *l, json_t *obj, const char *key, double dflt, const char *id)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return dflt;
	if (!json_is_number(v)) {
		bad(l, "a number field is not a number", id);
		return dflt;
	}
	return json_number_value(v);
}

static int
date_field(struct loader *l, json_t *obj, const char *key, const char *id)
{
	const char *s = str_field(l, obj, key, false, id);
	int ymd;

	if (!s)
		return 0;
	ymd = parse_ymd(s);
	if (ymd < 0) {
		bad(l, "a date is not YYYY-MM-DD", id);
		return 0;
	}
	return ymd;
}

static const struct {
	const char *name;
	enum ipl_offer_kind kind;
} kinds[] = {
	{ "server", IPL_OFFER_SERVER }, { "storage", IPL_OFFER_STORAGE }, { "smtp", IPL_OFFER_SMTP },
	{ "domain", IPL_OFFER_DOMAIN }, { "ipv4", IPL_OFFER_IPV4 },       { "gpu", IPL_OFFER_GPU },
	{ "instance", IPL_OFFER_INSTANCE }, { "other", IPL_OFFER_OTHER },
};

static const struct {
	const char *name;
	enum ipl_price_unit unit;
} units[] = {
	{ "month", IPL_PER_MONTH }, { "year", IPL_PER_YEAR }, { "hour", IPL_PER_HOUR },
	{ "gb_month", IPL_PER_GB_MONTH }, { "million", IPL_PER_MILLION },
};

static int
cmp_price(const void *a, const void *b)
{
	const struct ipl_price *x = a, *y = b;
	return (x->valid_from > y->valid_from) - (x->valid_from < y->valid_from);
}

static void
load_prices(struct loader *l, struct ipl_offer *o, json_t *arr)
{
	size_t i;
	json_t *p;

	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		bad(l, "no prices", o->id);
		return;
	}
	o->prices = IPL_ARENA_ARRAY(l->arena, struct ipl_price, json_array_size(arr));
	json_array_foreach(arr, i, p) {
		struct ipl_price *pr = &o->prices[o->prices_nr];
		const char *unit = str_field(l, p, "unit", true, o->id);
		size_t k;

		pr->amount = num_field(l, p, "amount", -1, o->id);
		if (pr->amount < 0)
			bad(l, "a price without an amount", o->id);
		pr->currency = str_field(l, p, "currency", true, o->id);
		pr->free_quantity = num_field(l, p, "free", 0, o->id);
		pr->valid_from_text = str_field(l, p, "valid_from", true, o->id);
		pr->valid_from = pr->valid_from_text ? parse_ymd(pr->valid_from_text) : -1;
		if (pr->valid_from < 0)
			bad(l, "a price without a valid_from date", o->id);
		pr->source = str_field(l, p, "source", true, o->id);
		pr->confidence = str_field(l, p, "confidence", true, o->id);
		for (k = 0; unit && k < IPL_ARRAY_SIZE(units); k++)
			if (!strcmp(unit, units[k].name))
				break;
		if (!unit || k == IPL_ARRAY_SIZE(units))
			bad(l, "unknown price unit", o->id);
		else
			pr->unit = units[k].unit;
		o->prices_nr++;
	}
	qsort(o->prices, o->prices_nr, sizeof(*o->prices), cmp_price);
}

int
ipl_catalog_add_json(struct ipl_catalog *cat, const char *name, const char *text, size_t len,
		     struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct loader l = { name, arena, diags, 0 };
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *offers, *rates, *o;
	const char *provider;
	size_t i, old;

	if (!root)
		return ipl_error(diags, name, (struct ipl_loc){ jerr.line, jerr.column },
				 "catalog: invalid JSON: %s", jerr.text);
	provider = str_field(&l, root, "provider", false, name);
	if (json_object_get(root, "date")) {
		cat->date = str_field(&l, root, "date", false, name);
		cat->date_ymd = parse_ymd(cat->date);
	}
	offers = json_object_get(root, "offers");
	if (json_is_array(offers)) {
		struct ipl_offer *grown;
		old = cat->offers_nr;
		grown = IPL_ARENA_ARRAY(arena, struct ipl_offer, old + json_array_size(offers));
		if (old)
			memcpy(grown, cat->offers, old * sizeof(*grown));
		cat->offers = grown;
		json_array_foreach(offers, i, o) {
			struct ipl_offer *of = &cat->offers[cat->offers_nr++];
			const char *kind, *own;
			size_t k;

			of->id = str_field(&l, o, "id", true, name);
			of->name = str_field(&l, o, "name", true, of->id);
			own = str_field(&l, o, "provider", false, of->id);
			of->provider = own ? own : provider;
			if (!of->provider)
				bad(&l, "an offer without a provider", of->id);
			kind = str_field(&l, o, "kind", true, of->id);
			for (k = 0; kind && k < IPL_ARRAY_SIZE(kinds); k++)
				if (!strcmp(kind, kinds[k].name))
					break;
			if (!kind || k == IPL_ARRAY_SIZE(kinds))
				bad(&l, "unknown offer kind", of->id);
			else
				of->kind = kinds[k].kind;
			of->product_id = str_field(&l, o, "product_id", false, of->id);
			of->line = str_field(&l, o, "line", false, of->id);
			of->arch = str_field(&l, o, "arch", false, of->id);
			of->vcpu = num_field(&l, o, "vcpu", 0, of->id);
			of->memory_mib = num_field(&l, o, "memory_gib", 0, of->id) * 1024;
			of->disk_gb = num_field(&l, o, "disk_gb", 0, of->id);
			of->disk_type = str_field(&l, o, "disk_type", false, of->id);
			of->available_from = date_field(&l, o, "available_from", of->id);
			of->available_until = date_field(&l, o, "available_until", of->id);
			of->note = str_field(&l, o, "note", false, of->id);
			{
				json_t *al = json_object_get(o, "aliases"), *a;
				size_t k2;
				if (json_is_array(al)) {
					of->aliases = IPL_ARENA_ARRAY(arena, const char *, json_array_size(al));
					json_array_foreach(al, k2, a)
						if (json_is_string(a))
							of->aliases[of->aliases_nr++] =
								ipl_arena_strdup(arena, json_string_value(a));
				}
			}
			if (of->kind == IPL_OFFER_SERVER && (of->vcpu <= 0 || of->memory_mib <= 0 ||
							     !of->product_id))
				bad(&l, "a server without vcpu, memory or product_id", of->id);
			load_prices(&l, of, json_object_get(o, "prices"));
		}
	}
	rates = json_object_get(root, "rates");
	if (json_is_array(rates)) {
		struct ipl_rate_entry *grown;
		old = cat->rates_nr;
		grown = IPL_ARENA_ARRAY(arena, struct ipl_rate_entry, old + json_array_size(rates));
		if (old)
			memcpy(grown, cat->rates, old * sizeof(*grown));
		cat->rates = grown;
		json_array_foreach(rates, i, o) {
			struct ipl_rate_entry *r = &cat->rates[cat->rates_nr++];
			r->code = str_field(&l, o, "code", true, name);
			r->value = num_field(&l, o, "value", 0, r->code);
			r->valid_from_text = str_field(&l, o, "valid_from", true, r->code);
			r->valid_from = r->valid_from_text ? parse_ymd(r->valid_from_text) : 0;
			r->source = str_field(&l, o, "source", true, r->code);
			if (r->value <= 0)
				bad(&l, "a rate that is not positive", r->code);
		}
	}
	json_decref(root);
	return l.errors ? -1 : 0;
}

int
ipl_catalog_load_embedded(struct ipl_catalog **out, struct ipl_arena *arena,
			  struct ipl_diags *diags)
{
	struct ipl_catalog *cat = IPL_ARENA_NEW(arena, struct ipl_catalog);
	const struct ipl_embedded_file *f;
	int rc = 0;

	cat->name = "embedded";
	for (f = ipl_catalog_files; f->name; f++)
		if (ipl_catalog_add_json(cat, f->name, f->data, f->size, arena, diags) < 0)
			rc = -1;
	if (!cat->date) {
		ipl_error(diags, "catalog", (struct ipl_loc){ 0, 0 }, "catalog: no date");
		rc = -1;
	}
	*out = rc == 0 ? cat : NULL;
	return rc;
}

const struct ipl_offer *
ipl_catalog_find(const struct ipl_catalog *cat, const char *provider, const char *id)
{
	size_t i;

	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = &cat->offers[i];
		if (!strcmp(o->id, id) && (!provider || !strcmp(o->provider, provider)))
			return o;
	}
	return NULL;
}

const struct ipl_price *
ipl_offer_price_at(const struct ipl_offer *o, int date)
{
	const struct ipl_price *best = NULL;
	size_t i;

	for (i = 0; i < o->prices_nr; i++)
		if (o->prices[i].valid_from <= date)
			best = &o->prices[i];
	return best;
}

bool
ipl_offer_available_at(const struct ipl_offer *o, int date)
{
	if (o->available_from && date < o->available_from)
		return false;
	if (o->available_until && date > o->available_until)
		return false;
	return ipl_offer_price_at(o, date) != NULL;
}

const struct ipl_rate_entry *
ipl_catalog_rate_at(const struct ipl_catalog *cat, const char *code, int date)
{
	const struct ipl_rate_entry *best = NULL, *earliest = NULL;
	size_t i;

	for (i = 0; i < cat->rates_nr; i++) {
		const struct ipl_rate_entry *r = &cat->rates[i];
		if (strcmp(r->code, code))
			continue;
		if (!earliest || r->valid_from < earliest->valid_from)
			earliest = r;
		if (r->valid_from <= date && (!best || r->valid_from > best->valid_from))
			best = r;
	}
	/* before the first known rate, the earliest one is the best estimate; cost.c says so */
	return best ? best : earliest;
}

const char *
ipl_price_unit_name(enum ipl_price_unit unit)
{
	size_t k;

	for (k = 0; k < IPL_ARRAY_SIZE(units); k++)
		if (units[k].unit == unit)
			return units[k].name;
	return "?";
}

const char *
ipl_offer_kind_name(enum ipl_offer_kind kind)
{
	size_t k;

	for (k = 0; k < IPL_ARRAY_SIZE(kinds); k++)
		if (kinds[k].kind == kind)
			return kinds[k].name;
	return "?";
}
