/*
 * catalog.c: loads catalog JSON (the embedded JSON files in catalog/data/ or a
 * cache written by `prices update`) into struct ipl_catalog, and answers
 * "what did this cost on that date". See catalog.h for the model.
 */
#include "core/common.h"

#include <jansson.h>

#include "core/date.h"
#include "catalog/catalog.h"

#include <math.h>

struct loader {
	const char *file;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	int errors;
	bool drop_bad; /* a cache file: a bad price or rate is dropped, not an error */
};

/* the one strict parser (core/date.h); -1 for anything it refuses */
static int
parse_ymd(const char *s)
{
	int ymd;

	return ipl_date_parse(s, &ymd, NULL) < 0 ? -1 : ymd;
}

bool
ipl_currency_known(const char *code)
{
	return code && (!strcmp(code, "EUR") || !strcmp(code, "USD") || !strcmp(code, "INR"));
}

/* "1e+308", "inf", "nan": %g says them all, where %.2f would print 309 digits */
static const char *
amount_problem(double amount, struct ipl_arena *arena)
{
	if (!isfinite(amount))
		return ipl_arena_printf(arena, "an amount of %g", amount);
	if (amount < 0)
		return ipl_arena_printf(arena, "a negative amount (%g)", amount);
	if (amount > IPL_PRICE_MAX)
		return ipl_arena_printf(arena, "an amount of %g, above %g (no price is near it)",
					amount, IPL_PRICE_MAX);
	return NULL;
}

static const char *
currency_problem(const char *code, struct ipl_arena *arena)
{
	if (ipl_currency_known(code))
		return NULL;
	return ipl_arena_printf(arena, "unknown currency \"%s\"; expected EUR, USD or INR",
				code ? code : "");
}

const char *
ipl_price_problem(double amount, const char *currency, struct ipl_arena *arena)
{
	const char *why = amount_problem(amount, arena);

	return why ? why : currency_problem(currency, arena);
}

const char *
ipl_rate_problem(double value, const char *code, struct ipl_arena *arena)
{
	const char *why = amount_problem(value, arena);

	if (!why && value == 0)
		why = "a rate of 0";
	return why ? why : currency_problem(code, arena);
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
	{ "server", IPL_OFFER_SERVER },     { "storage", IPL_OFFER_STORAGE },
	{ "smtp", IPL_OFFER_SMTP },         { "domain", IPL_OFFER_DOMAIN },
	{ "ipv4", IPL_OFFER_IPV4 },         { "gpu", IPL_OFFER_GPU },
	{ "instance", IPL_OFFER_INSTANCE }, { "other", IPL_OFFER_OTHER },
};

static const struct {
	const char *name;
	enum ipl_price_unit unit;
} units[] = {
	{ "month", IPL_PER_MONTH },       { "year", IPL_PER_YEAR },       { "hour", IPL_PER_HOUR },
	{ "gb_month", IPL_PER_GB_MONTH }, { "million", IPL_PER_MILLION },
};

static int
cmp_price(const void *a, const void *b)
{
	const struct ipl_price *x = a, *y = b;
	return (x->valid_from > y->valid_from) - (x->valid_from < y->valid_from);
}

/* a bad entry: an error in the embedded catalog, dropped with a warning from a cache */
static void
bad_entry(struct loader *l, const char *what, const char *id, const char *why)
{
	if (l->drop_bad)
		ipl_warning(l->diags, l->file, (struct ipl_loc){ 0, 0 },
			    "%s of \"%s\" ignored: %s; the file's other prices are used", what,
			    id ? id : "?", why);
	else
		bad(l, ipl_arena_printf(l->arena, "%s: %s", what, why), id);
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
	json_array_foreach(arr, i, p)
	{
		struct ipl_price *pr = &o->prices[o->prices_nr];
		const char *unit = str_field(l, p, "unit", true, o->id), *why = NULL;
		json_t *amount = json_object_get(p, "amount");
		size_t k;

		memset(pr, 0, sizeof(*pr));
		pr->amount = json_is_number(amount) ? json_number_value(amount) : -1;
		pr->currency = str_field(l, p, "currency", true, o->id);
		pr->free_quantity = num_field(l, p, "free", 0, o->id);
		pr->valid_from_text = str_field(l, p, "valid_from", true, o->id);
		pr->source = str_field(l, p, "source", true, o->id);
		pr->confidence = str_field(l, p, "confidence", true, o->id);
		for (k = 0; unit && k < IPL_ARRAY_SIZE(units); k++)
			if (!strcmp(unit, units[k].name))
				break;
		if (!unit || k == IPL_ARRAY_SIZE(units))
			bad(l, "unknown price unit", o->id);
		else
			pr->unit = units[k].unit;
		if (!json_is_number(amount))
			why = "no amount";
		else if (!(why = ipl_price_problem(pr->amount, pr->currency, l->arena)) &&
			 (!pr->valid_from_text ||
			  ipl_date_parse(pr->valid_from_text, &pr->valid_from, &why) < 0))
			why = ipl_arena_printf(l->arena, "valid_from \"%s\": %s",
					       pr->valid_from_text ? pr->valid_from_text : "",
					       why ? why : "expected a date as YYYY-MM-DD");
		if (why || !(pr->free_quantity >= 0 && pr->free_quantity <= IPL_PRICE_MAX)) {
			bad_entry(l, "a price", o->id, why ? why : "an impossible free quantity");
			continue;
		}
		o->prices_nr++;
	}
	qsort(o->prices, o->prices_nr, sizeof(*o->prices), cmp_price);
}

static int
add_json(struct ipl_catalog *cat, const char *name, const char *text, size_t len, bool drop_bad,
	 struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct loader l = { name, arena, diags, 0, drop_bad };
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
		if (cat->date_ymd < 0)
			bad(&l, "a date is not a real calendar date as YYYY-MM-DD", name);
	}
	offers = json_object_get(root, "offers");
	if (json_is_array(offers)) {
		struct ipl_offer *grown;
		old = cat->offers_nr;
		grown = IPL_ARENA_ARRAY(arena, struct ipl_offer, old + json_array_size(offers));
		if (old)
			memcpy(grown, cat->offers, old * sizeof(*grown));
		cat->offers = grown;
		json_array_foreach(offers, i, o)
		{
			struct ipl_offer *of = &cat->offers[cat->offers_nr++];
			const char *kind, *own;
			size_t k;

			/* the slot of a dropped offer is reused */
			memset(of, 0, sizeof(*of));
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
					of->aliases = IPL_ARENA_ARRAY(arena, const char *,
								      json_array_size(al));
					json_array_foreach(al, k2, a) if (json_is_string(a))
						of->aliases[of->aliases_nr++] = ipl_arena_strdup(
						arena, json_string_value(a));
				}
			}
			if (of->kind == IPL_OFFER_SERVER &&
			    (of->vcpu <= 0 || of->memory_mib <= 0 || !of->product_id))
				bad(&l, "a server without vcpu, memory or product_id", of->id);
			load_prices(&l, of, json_object_get(o, "prices"));
			/* every price of it dropped: the offer is unknown, not free */
			if (drop_bad && !of->prices_nr)
				cat->offers_nr--;
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
		json_array_foreach(rates, i, o)
		{
			struct ipl_rate_entry *r = &cat->rates[cat->rates_nr];
			json_t *value = json_object_get(o, "value");
			const char *why = NULL;
			memset(r, 0, sizeof(*r));
			r->code = str_field(&l, o, "code", true, name);
			r->value = json_is_number(value) ? json_number_value(value) : 0;
			r->valid_from_text = str_field(&l, o, "valid_from", true, r->code);
			r->source = str_field(&l, o, "source", true, r->code);
			if (!json_is_number(value))
				why = "no value";
			else if (!(why = ipl_rate_problem(r->value, r->code, arena)) &&
				 (!r->valid_from_text ||
				  ipl_date_parse(r->valid_from_text, &r->valid_from, &why) < 0))
				why = ipl_arena_printf(arena, "valid_from \"%s\": %s",
						       r->valid_from_text ? r->valid_from_text : "",
						       why ? why : "expected a date as YYYY-MM-DD");
			if (why) {
				bad_entry(&l, "a rate", r->code, why);
				continue;
			}
			cat->rates_nr++;
		}
	}
	json_decref(root);
	return l.errors ? -1 : 0;
}

int
ipl_catalog_add_json(struct ipl_catalog *cat, const char *name, const char *text, size_t len,
		     struct ipl_arena *arena, struct ipl_diags *diags)
{
	return add_json(cat, name, text, len, false, arena, diags);
}

int
ipl_catalog_add_cache_json(struct ipl_catalog *cat, const char *name, const char *text, size_t len,
			   struct ipl_arena *arena, struct ipl_diags *diags)
{
	return add_json(cat, name, text, len, true, arena, diags);
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
ipl_price_unit_label(enum ipl_price_unit unit)
{
	switch (unit) {
	case IPL_PER_MONTH:
		return "month";
	case IPL_PER_YEAR:
		return "year";
	case IPL_PER_HOUR:
		return "hour";
	case IPL_PER_GB_MONTH:
		return "GB-month";
	case IPL_PER_MILLION:
		return "million";
	}
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
