/*
 * catalog_cache.c: the price cache directory, its files, and loading the
 * embedded catalog with the cache on top (catalog_cache.h).
 */
#include "core/common.h"

#include <errno.h>
#include <time.h>

#include <jansson.h>

#include "core/atomic.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "catalog/aws_offer_codes.h"
#include "catalog/catalog_cache.h"

/* a cache file is a few kilobytes; anything far larger is not ours */
#define MAX_CACHE_FILE (16 << 20)

/* ---- File names ---- */

char *
ipl_cache_path_aws(const char *dir, const char *region, const char *what)
{
	struct ipl_buf b = IPL_BUF_INIT;

	ipl_buf_addf(&b, "%s/aws-%s-%s.json", dir, region, what);
	return ipl_buf_detach(&b, NULL);
}

size_t
ipl_cache_files(const char *dir, const char *aws_region, char **paths, size_t max)
{
	struct ipl_buf b = IPL_BUF_INIT;
	size_t n = 0, i;

	if (n < max) {
		ipl_buf_addf(&b, "%s/rates.json", dir);
		paths[n++] = ipl_buf_detach(&b, NULL);
	}
	if (n < max) {
		ipl_buf_addf(&b, "%s/hetzner.json", dir);
		paths[n++] = ipl_buf_detach(&b, NULL);
	}
	for (i = 0; i < ipl_aws_offer_codes_nr && n < max; i++)
		paths[n++] = ipl_cache_path_aws(dir, aws_region, ipl_aws_offer_codes[i]);
	if (n < max)
		paths[n++] = ipl_cache_path_aws(dir, aws_region, "fargate-spot");
	return n;
}

/* ---- Loading ---- */

static void
mark_origin(struct ipl_catalog *cat, const char *origin)
{
	size_t i, j;

	for (i = 0; i < cat->offers_nr; i++)
		for (j = 0; j < cat->offers[i].prices_nr; j++)
			if (!cat->offers[i].prices[j].origin)
				cat->offers[i].prices[j].origin = origin;
	for (i = 0; i < cat->rates_nr; i++)
		if (!cat->rates[i].origin)
			cat->rates[i].origin = origin;
}

static struct ipl_offer *
find_offer(struct ipl_catalog *cat, const char *provider, const char *id)
{
	size_t i;

	for (i = 0; i < cat->offers_nr; i++)
		if (!strcmp(cat->offers[i].id, id) && !strcmp(cat->offers[i].provider, provider))
			return &cat->offers[i];
	return NULL;
}

/*
 * The cached prices join the offer's history after the ones it had. The sort
 * is stable, so on the same valid_from the cached price comes last, and
 * ipl_offer_price_at (the last one started) picks it.
 */
static void
merge_prices(struct ipl_offer *o, const struct ipl_offer *from, struct ipl_arena *arena)
{
	size_t n = o->prices_nr + from->prices_nr, i, j;
	struct ipl_price *p = IPL_ARENA_ARRAY(arena, struct ipl_price, n);

	memcpy(p, o->prices, o->prices_nr * sizeof(*p));
	memcpy(p + o->prices_nr, from->prices, from->prices_nr * sizeof(*p));
	for (i = 1; i < n; i++) {
		struct ipl_price x = p[i];
		for (j = i; j > 0 && p[j - 1].valid_from > x.valid_from; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
	o->prices = p;
	o->prices_nr = n;
}

static void
merge(struct ipl_catalog *cat, struct ipl_catalog *add, struct ipl_arena *arena)
{
	size_t i, extra = 0;

	for (i = 0; i < add->offers_nr; i++)
		if (!find_offer(cat, add->offers[i].provider, add->offers[i].id))
			extra++;
	if (extra) {
		struct ipl_offer *grown = IPL_ARENA_ARRAY(arena, struct ipl_offer,
							  cat->offers_nr + extra);
		memcpy(grown, cat->offers, cat->offers_nr * sizeof(*grown));
		cat->offers = grown;
	}
	for (i = 0; i < add->offers_nr; i++) {
		struct ipl_offer *o = find_offer(cat, add->offers[i].provider, add->offers[i].id);
		if (o)
			merge_prices(o, &add->offers[i], arena);
		else
			cat->offers[cat->offers_nr++] = add->offers[i];
	}
	if (add->rates_nr) {
		/* first, so that on the same valid_from ipl_catalog_rate_at picks the cached rate */
		struct ipl_rate_entry *r = IPL_ARENA_ARRAY(arena, struct ipl_rate_entry,
							   cat->rates_nr + add->rates_nr);
		memcpy(r, add->rates, add->rates_nr * sizeof(*r));
		memcpy(r + add->rates_nr, cat->rates, cat->rates_nr * sizeof(*r));
		cat->rates = r;
		cat->rates_nr += add->rates_nr;
	}
	if (add->date && add->date_ymd > cat->date_ymd) {
		cat->date = add->date;
		cat->date_ymd = add->date_ymd;
	}
}

/* the first message of a scratch diagnostics list, for a one-line warning */
static const char *
first_message(const struct ipl_diags *d)
{
	return d->nr ? d->items[0].message : "unreadable";
}

/* the file's own header: format, provider, source URL and date; -1 with a reason */
static int
read_header(const char *text, size_t len, struct ipl_catalog_source *src, struct ipl_arena *arena,
	    struct ipl_buf *why)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr), *v;
	const char *s;
	int rc = 0;

	if (!root) {
		ipl_buf_addf(why, "invalid JSON at line %d: %s", jerr.line, jerr.text);
		return -1;
	}
	v = json_object_get(root, "format");
	if (!json_is_integer(v) || json_integer_value(v) != IPL_CACHE_FORMAT) {
		ipl_buf_addf(why, "not a cache file of format %d", IPL_CACHE_FORMAT);
		rc = -1;
	}
	if ((s = json_string_value(json_object_get(root, "provider"))))
		src->provider = ipl_arena_strdup(arena, s);
	if ((s = json_string_value(json_object_get(root, "source_url"))))
		src->url = ipl_arena_strdup(arena, s);
	json_decref(root);
	return rc;
}

static void
add_source(struct ipl_catalog *cat, const struct ipl_catalog_source *src, struct ipl_arena *arena)
{
	struct ipl_catalog_source *grown = IPL_ARENA_ARRAY(arena, struct ipl_catalog_source,
							   cat->sources_nr + 1);

	if (cat->sources_nr)
		memcpy(grown, cat->sources, cat->sources_nr * sizeof(*grown));
	grown[cat->sources_nr++] = *src;
	cat->sources = grown;
}

/* 1 when loaded, 0 when absent, -1 (with a warning) when ignored */
static int
load_cache_file(struct ipl_catalog *cat, const char *path, struct ipl_arena *arena,
		struct ipl_diags *diags)
{
	struct ipl_buf text = IPL_BUF_INIT, why = IPL_BUF_INIT;
	struct ipl_catalog_source src = { 0 };
	struct ipl_catalog *add;
	struct ipl_diags scratch;
	int rc = 1;

	if (ipl_buf_read_file(&text, path, MAX_CACHE_FILE) < 0) {
		int e = errno;
		ipl_buf_release(&text);
		if (e == ENOENT)
			return 0;
		ipl_warning(diags, path, (struct ipl_loc){ 0, 0 },
			    "cannot read the price cache (%s); its prices are not used",
			    strerror(e));
		return -1;
	}
	src.origin = ipl_arena_strdup(arena, path);
	if (read_header(text.data, text.len, &src, arena, &why) < 0) {
		ipl_warning(diags, path, (struct ipl_loc){ 0, 0 },
			    "price cache ignored: %s; 'infraplan prices update' rewrites it",
			    ipl_buf_str(&why));
		ipl_buf_release(&why);
		ipl_buf_release(&text);
		return -1;
	}
	add = IPL_ARENA_NEW(arena, struct ipl_catalog);
	add->name = src.origin;
	ipl_diags_init(&scratch);
	if (ipl_catalog_add_cache_json(add, src.origin, text.data, text.len, arena, &scratch) < 0 ||
	    !add->date || add->date_ymd <= 0) {
		ipl_warning(diags, path, (struct ipl_loc){ 0, 0 },
			    "price cache ignored: %s; 'infraplan prices update' rewrites it",
			    scratch.nr ? first_message(&scratch) : "no valid date");
		rc = -1;
	} else {
		size_t i;
		/* the entries dropped from a file that is used */
		for (i = 0; i < scratch.nr; i++)
			ipl_warning(diags, path, scratch.items[i].loc, "%s",
				    scratch.items[i].message);
		mark_origin(add, src.origin);
		merge(cat, add, arena);
		src.date = add->date;
		src.date_ymd = add->date_ymd;
		add_source(cat, &src, arena);
	}
	ipl_diags_release(&scratch);
	ipl_buf_release(&text);
	return rc;
}

int
ipl_catalog_load_cache_file(struct ipl_catalog *cat, const char *path, struct ipl_arena *arena,
			    struct ipl_diags *diags)
{
	return load_cache_file(cat, path, arena, diags);
}

int
ipl_catalog_load(struct ipl_catalog **out, bool offline, const char *cache_dir,
		 const char *aws_region, struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ipl_catalog *cat;
	char *dir, *paths[16];
	size_t n, i;
	bool used = false;

	*out = NULL;
	if (ipl_catalog_load_embedded(&cat, arena, diags) < 0)
		return -1;
	mark_origin(cat, "embedded");
	{
		struct ipl_catalog_source embedded = { "embedded", NULL, cat->date, cat->date_ymd,
						       NULL };
		add_source(cat, &embedded, arena);
	}
	*out = cat;
	if (offline)
		return 0;
	if (!cache_dir)
		return 0;
	dir = ipl_xstrdup(cache_dir);
	n = ipl_cache_files(dir, aws_region ? aws_region : IPL_AWS_DEFAULT_REGION, paths,
			    IPL_ARRAY_SIZE(paths));
	for (i = 0; i < n; i++) {
		if (load_cache_file(cat, paths[i], arena, diags) > 0)
			used = true;
		free(paths[i]);
	}
	free(dir);
	if (used)
		cat->name = "embedded+cache";
	return 0;
}

/*
 * How fresh the prices of one provider are: the embedded catalog's date, or
 * a newer cache file of that provider. Exchange rates do not count: a fresh
 * rate does not make a server price current.
 */
int
ipl_catalog_provider_date(const struct ipl_catalog *cat, const char *provider, const char **text)
{
	int best = cat->date_ymd;
	size_t i;

	*text = cat->date;
	if (!provider || !cat->sources_nr)
		return best;
	best = 0;
	for (i = 0; i < cat->sources_nr; i++) {
		const struct ipl_catalog_source *s = &cat->sources[i];
		if (s->provider && strcmp(s->provider, provider))
			continue;
		if (s->date_ymd > best) {
			best = s->date_ymd;
			*text = s->date;
		}
	}
	return best;
}

bool
ipl_catalog_check_age(const struct ipl_catalog *cat, const char *provider, int today,
		      struct ipl_diags *diags)
{
	const char *text;
	int date = ipl_catalog_provider_date(cat, provider, &text), age;

	if (date <= 0 || today <= 0)
		return false;
	age = ipl_days_between(date, today);
	if (age <= IPL_CATALOG_STALE_DAYS)
		return false;
	ipl_warning(diags, "catalog", (struct ipl_loc){ 0, 0 },
		    "the %s%sprices are from %s, %d days ago (more than %d); 'infraplan prices "
		    "update' fetches current ones",
		    provider ? provider : "", provider ? " " : "", text, age,
		    IPL_CATALOG_STALE_DAYS);
	return true;
}

/* ---- Writing ---- */

static json_t *
jstr(const char *s)
{
	json_t *v = json_string(s);

	/* json_string refuses invalid UTF-8; a source text must not lose the whole file */
	return v ? v : json_string("(not UTF-8)");
}

static void
set_str(json_t *obj, const char *key, const char *s)
{
	if (s)
		json_object_set_new(obj, key, jstr(s));
}

static void
set_num(json_t *obj, const char *key, double v)
{
	if (v != 0)
		json_object_set_new(obj, key, json_real(v));
}

static void
set_date(json_t *obj, const char *key, int ymd)
{
	char t[11];

	if (ymd > 0) {
		ipl_date_format(ymd, t);
		json_object_set_new(obj, key, json_string(t));
	}
}

static json_t *
offer_json(const struct ipl_offer *o)
{
	json_t *j = json_object(), *prices = json_array();
	size_t i;

	set_str(j, "id", o->id);
	set_str(j, "name", o->name);
	set_str(j, "provider", o->provider);
	set_str(j, "kind", ipl_offer_kind_name(o->kind));
	set_str(j, "product_id", o->product_id);
	set_str(j, "line", o->line);
	set_str(j, "arch", o->arch);
	set_num(j, "vcpu", o->vcpu);
	set_num(j, "memory_gib", o->memory_mib / 1024);
	set_num(j, "disk_gb", o->disk_gb);
	set_str(j, "disk_type", o->disk_type);
	set_date(j, "available_from", o->available_from);
	set_date(j, "available_until", o->available_until);
	set_str(j, "note", o->note);
	if (o->aliases_nr) {
		json_t *a = json_array();
		for (i = 0; i < o->aliases_nr; i++)
			json_array_append_new(a, jstr(o->aliases[i]));
		json_object_set_new(j, "aliases", a);
	}
	for (i = 0; i < o->prices_nr; i++) {
		const struct ipl_price *p = &o->prices[i];
		json_t *pj = json_object();
		json_object_set_new(pj, "amount", json_real(p->amount));
		set_str(pj, "currency", p->currency);
		set_str(pj, "unit", ipl_price_unit_name(p->unit));
		set_num(pj, "free", p->free_quantity);
		set_str(pj, "valid_from", p->valid_from_text);
		set_str(pj, "confidence", p->confidence);
		set_str(pj, "source", p->source);
		json_array_append_new(prices, pj);
	}
	json_object_set_new(j, "prices", prices);
	return j;
}

static int
write_json(const char *path, json_t *root, char *err, size_t err_size)
{
	char *text = json_dumps(root,
				JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	char *dir, *slash;
	int rc = 0;

	if (!text) {
		snprintf(err, err_size, "cannot encode %s", path);
		return -1;
	}
	dir = ipl_xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (ipl_mkdir_p(dir) < 0) {
			snprintf(err, err_size, "cannot create %s: %s", dir, strerror(errno));
			rc = -1;
		}
	}
	free(dir);
	if (rc == 0) {
		/* JSON files end with a newline, like the embedded ones */
		struct ipl_buf b = IPL_BUF_INIT;
		ipl_buf_adds(&b, text);
		ipl_buf_addc(&b, '\n');
		if (ipl_atomic_write(path, b.data, b.len, 0644) < 0) {
			snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
			rc = -1;
		}
		ipl_buf_release(&b);
	}
	free(text);
	return rc;
}

int
ipl_cache_file_write(const char *path, const struct ipl_cache_file *cf, char *err, size_t err_size)
{
	json_t *root = json_object();
	size_t i;
	int rc;

	json_object_set_new(root, "format", json_integer(IPL_CACHE_FORMAT));
	json_object_set_new(root, "catalog", json_string("cache"));
	set_str(root, "provider", cf->provider);
	set_str(root, "date", cf->date);
	set_str(root, "fetched", cf->fetched);
	set_str(root, "checked", cf->fetched);
	set_str(root, "source_url", cf->source_url);
	set_str(root, "etag", cf->etag);
	set_str(root, "last_modified", cf->last_modified);
	set_str(root, "region", cf->region);
	set_str(root, "offer_code", cf->offer_code);
	set_str(root, "version", cf->version);
	set_str(root, "publication_date", cf->publication_date);
	set_str(root, "note", cf->note);
	if (cf->offers_nr) {
		json_t *offers = json_array();
		for (i = 0; i < cf->offers_nr; i++)
			json_array_append_new(offers, offer_json(&cf->offers[i]));
		json_object_set_new(root, "offers", offers);
	}
	if (cf->rates_nr) {
		json_t *rates = json_array();
		for (i = 0; i < cf->rates_nr; i++) {
			const struct ipl_rate_entry *r = &cf->rates[i];
			json_t *rj = json_object();
			set_str(rj, "code", r->code);
			json_object_set_new(rj, "value", json_real(r->value));
			set_str(rj, "valid_from", r->valid_from_text);
			set_str(rj, "source", r->source);
			json_array_append_new(rates, rj);
		}
		json_object_set_new(root, "rates", rates);
	}
	rc = write_json(path, root, err, err_size);
	json_decref(root);
	return rc;
}

static json_t *
read_json(const char *path)
{
	struct ipl_buf text = IPL_BUF_INIT;
	json_t *root = NULL;

	if (ipl_buf_read_file(&text, path, MAX_CACHE_FILE) == 0)
		root = json_loadb(text.data, text.len, 0, NULL);
	ipl_buf_release(&text);
	if (root && !json_is_object(root)) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

int
ipl_cache_file_touch(const char *path, const char *date, const char *checked, char *err,
		     size_t err_size)
{
	json_t *root = read_json(path);
	int rc;

	if (!root) {
		snprintf(err, err_size, "cannot read %s", path);
		return -1;
	}
	json_object_set_new(root, "date", json_string(date));
	json_object_set_new(root, "checked", json_string(checked));
	rc = write_json(path, root, err, err_size);
	json_decref(root);
	return rc;
}

static char *
dup_field(json_t *root, const char *key)
{
	const char *s = json_string_value(json_object_get(root, key));

	return s ? ipl_xstrdup(s) : NULL;
}

int
ipl_cache_meta_read(const char *path, struct ipl_cache_meta *m)
{
	json_t *root = read_json(path);

	memset(m, 0, sizeof(*m));
	if (!root)
		return 0;
	/* an unknown layout's validators must not be trusted: fetch it whole again */
	if (json_integer_value(json_object_get(root, "format")) == IPL_CACHE_FORMAT) {
		m->source_url = dup_field(root, "source_url");
		m->etag = dup_field(root, "etag");
		m->last_modified = dup_field(root, "last_modified");
	}
	json_decref(root);
	return 0;
}

void
ipl_cache_meta_release(struct ipl_cache_meta *m)
{
	free(m->source_url);
	free(m->etag);
	free(m->last_modified);
	memset(m, 0, sizeof(*m));
}
