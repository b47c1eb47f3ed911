/*
 * price_update.c: `prices update` as a library call (price_update.h). Each
 * source ends as one report item; a source that fails adds one error
 * diagnostic and leaves its cache file as it was.
 */
#include "core/common.h"

#include <math.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "catalog/fetch/aws_offers.h"
#include "catalog/catalog_cache.h"
#include "catalog/fetch/ecb_rates.h"
#include "catalog/fetch/hetzner_pricing.h"
#include "catalog/fetch/price_update.h"

/* index files, the Hetzner answer and the ECB rates are small; offer files use the config's cap */
#define SMALL_MAX_BYTES ((uint64_t)16 << 20)
#define MAX_ITEMS 16

struct updater {
	const struct ipl_prices_update_opts *o;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	struct ipl_update_report *report;
	const char *dir;
	char today[11];
	char now[21];
	int failures;
	bool aws_cached; /* an AWS cache file of the region exists */
};

/* ---- Report items ---- */

static struct ipl_update_item *
new_item(struct updater *u, const char *what, const char *path)
{
	struct ipl_update_item *it;

	if (u->report->nr == MAX_ITEMS)
		abort(); /* a fixed number of sources: more is a bug */
	it = &u->report->items[u->report->nr++];
	memset(it, 0, sizeof(*it));
	it->what = ipl_arena_strdup(u->arena, what);
	it->path = path ? ipl_arena_strdup(u->arena, path) : NULL;
	it->status = IPL_UPDATE_SKIPPED;
	return it;
}

static void fail_item(struct updater *u, struct ipl_update_item *it, const char *url,
		      const char *fmt, ...) IPL_PRINTF(4, 5);

static void
fail_item(struct updater *u, struct ipl_update_item *it, const char *url, const char *fmt, ...)
{
	struct ipl_buf msg = IPL_BUF_INIT;
	va_list ap;
	/* the offers index has no file of its own: what was kept is the AWS files */
	bool kept = it->path ? access(it->path, F_OK) == 0 : u->aws_cached;

	va_start(ap, fmt);
	ipl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	it->status = IPL_UPDATE_FAILED;
	it->url = url ? ipl_arena_strdup(u->arena, url) : NULL;
	ipl_error(u->diags, it->what, (struct ipl_loc){ 0, 0 }, "%s%s%s; %s", url ? url : "",
		  url ? ": " : "", ipl_buf_str(&msg),
		  kept ? "the previous cache was kept" : "nothing was cached");
	ipl_buf_release(&msg);
	u->failures++;
}

static void
note_change(struct updater *u, struct ipl_update_item *it, const char *id, double from, double to,
	    const char *currency, const char *unit)
{
	struct ipl_price_change *grown;

	if (from >= 0 && fabs(from - to) <= 1e-9 * fmax(1, fabs(to)))
		return;
	grown = IPL_ARENA_ARRAY(u->arena, struct ipl_price_change, it->changes_nr + 1);
	if (it->changes_nr)
		memcpy(grown, it->changes, it->changes_nr * sizeof(*grown));
	grown[it->changes_nr++] = (struct ipl_price_change){
		ipl_arena_strdup(u->arena, id), from, to,
		currency ? ipl_arena_strdup(u->arena, currency) : NULL,
		ipl_arena_strdup(u->arena, unit)
	};
	it->changes = grown;
}

/* ---- Helpers ---- */

static const char *
join_url(struct updater *u, const char *base, const char *rel)
{
	size_t n = strlen(base);

	if (!strncmp(rel, "https://", 8) || !strncmp(rel, "http://", 7))
		return ipl_arena_strdup(u->arena, rel);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return ipl_arena_printf(u->arena, "%.*s%s%s", (int)n, base, rel[0] == '/' ? "" : "/", rel);
}

static enum ipl_offer_kind
kind_named(const char *name)
{
	int k;

	for (k = 0; k <= IPL_OFFER_OTHER; k++)
		if (!strcmp(ipl_offer_kind_name((enum ipl_offer_kind)k), name))
			return (enum ipl_offer_kind)k;
	return IPL_OFFER_OTHER;
}

static enum ipl_price_unit
unit_named(const char *name)
{
	int k;

	for (k = 0; k <= IPL_PER_MILLION; k++)
		if (!strcmp(ipl_price_unit_name((enum ipl_price_unit)k), name))
			return (enum ipl_price_unit)k;
	return IPL_PER_MONTH;
}

/*
 * An offer for the cache: the catalog's own description (name, kind, size)
 * when it has the offer, with one new price valid from today.
 */
static struct ipl_offer *
new_offer(struct updater *u, const struct ipl_offer *cur, const char *provider, const char *id,
	  const char *name, const char *kind, const char *line)
{
	struct ipl_offer *o = IPL_ARENA_NEW(u->arena, struct ipl_offer);

	if (cur) {
		*o = *cur;
	} else {
		o->provider = ipl_arena_strdup(u->arena, provider);
		o->id = ipl_arena_strdup(u->arena, id);
		o->name = ipl_arena_strdup(u->arena, name);
		o->kind = kind_named(kind);
		o->line = line ? ipl_arena_strdup(u->arena, line) : NULL;
	}
	o->prices = IPL_ARENA_NEW(u->arena, struct ipl_price);
	o->prices_nr = 1;
	o->prices->valid_from_text = ipl_arena_strdup(u->arena, u->today);
	o->prices->valid_from = u->o->today;
	return o;
}

static const struct ipl_offer *
current_offer(struct updater *u, const char *provider, const char *id)
{
	return u->o->catalog ? ipl_catalog_find(u->o->catalog, provider, id) : NULL;
}

static double
current_amount(struct updater *u, const struct ipl_offer *cur)
{
	const struct ipl_price *p = cur ? ipl_offer_price_at(cur, u->o->today) : NULL;

	return p ? p->amount : -1;
}

/* GETs a small document into res->body; -1 after failing the item */
static int
fetch_small(struct updater *u, struct ipl_update_item *it, const char *url, const char *bearer,
	    const struct ipl_cache_meta *meta, struct ipl_fetch_result *res)
{
	struct ipl_fetch_request req = { 0 };
	bool same = meta && meta->source_url && !strcmp(meta->source_url, url);
	int rc;

	req.label = it->what;
	req.url = url;
	req.bearer = bearer;
	req.max_bytes = SMALL_MAX_BYTES;
	/* validators belong to a URL: a new version's file is fetched whole */
	req.etag = same ? meta->etag : NULL;
	req.last_modified = same ? meta->last_modified : NULL;
	rc = ipl_fetch(u->o->fetch, &req, res);
	it->bytes += res->bytes;
	it->attempts += res->attempts;
	if (rc < 0) {
		fail_item(u, it, url, "%s", res->error);
		ipl_fetch_result_release(res);
		return -1;
	}
	return 0;
}

/* a 304: the cache file still holds the current prices, confirmed today */
static void
confirm(struct updater *u, struct ipl_update_item *it, const char *url)
{
	char err[512];

	it->url = ipl_arena_strdup(u->arena, url);
	if (access(it->path, F_OK) != 0) {
		fail_item(u, it, url, "HTTP 304 Not Modified, but there is no cached copy");
		return;
	}
	if (ipl_cache_file_touch(it->path, u->today, u->now, err, sizeof(err)) < 0) {
		fail_item(u, it, NULL, "%s", err);
		return;
	}
	it->status = IPL_UPDATE_UNCHANGED;
}

/*
 * Every price and rate of a feed is checked before it is cached: one broken
 * entry (1e308, a negative amount, a currency we cannot convert) is dropped
 * with a warning, and the others are cached; loading checks them again
 * (ipl_catalog_add_cache_json), for a cache written by an older version.
 */
static size_t
drop_bad_entries(struct updater *u, struct ipl_update_item *it, struct ipl_cache_file *cf)
{
	struct ipl_offer *offers = IPL_ARENA_ARRAY(u->arena, struct ipl_offer, cf->offers_nr + 1);
	struct ipl_rate_entry *rates = IPL_ARENA_ARRAY(u->arena, struct ipl_rate_entry,
						       cf->rates_nr + 1);
	size_t i, j, offers_nr = 0, rates_nr = 0, dropped = 0;

	for (i = 0; i < cf->offers_nr; i++) {
		const struct ipl_offer *o = &cf->offers[i];
		const char *why = NULL;
		for (j = 0; j < o->prices_nr && !why; j++)
			why = ipl_price_problem(o->prices[j].amount, o->prices[j].currency,
						u->arena);
		if (why) {
			ipl_warning(u->diags, it->what, (struct ipl_loc){ 0, 0 },
				    "price of \"%s\" ignored: %s; it is not cached", o->id, why);
			dropped++;
			continue;
		}
		offers[offers_nr++] = *o;
	}
	for (i = 0; i < cf->rates_nr; i++) {
		const char *why = ipl_rate_problem(cf->rates[i].value, cf->rates[i].code, u->arena);
		if (why) {
			ipl_warning(u->diags, it->what, (struct ipl_loc){ 0, 0 },
				    "rate for %s ignored: %s; it is not cached", cf->rates[i].code,
				    why);
			dropped++;
			continue;
		}
		rates[rates_nr++] = cf->rates[i];
	}
	cf->offers = offers;
	cf->offers_nr = offers_nr;
	cf->rates = rates;
	cf->rates_nr = rates_nr;
	it->prices_nr = offers_nr + rates_nr;
	return dropped;
}

static int
write_cache(struct updater *u, struct ipl_update_item *it, struct ipl_cache_file *cf)
{
	char err[512];

	if (drop_bad_entries(u, it, cf) && !cf->offers_nr && !cf->rates_nr) {
		fail_item(u, it, NULL, "every price in the answer is impossible");
		return -1;
	}
	cf->date = u->today;
	cf->fetched = u->now;
	if (ipl_cache_file_write(it->path, cf, err, sizeof(err)) < 0) {
		fail_item(u, it, NULL, "%s", err);
		return -1;
	}
	it->status = IPL_UPDATE_UPDATED;
	return 0;
}

/* ---- AWS ---- */

static int
aws_begin(void *ctx)
{
	ipl_aws_filter_reset(ctx);
	return 0;
}

static int
aws_sink(void *ctx, const char *data, size_t len)
{
	return ipl_aws_filter_feed(ctx, data, len);
}

/* a string at a JSON path in a small document; NULL when absent */
static const char *
json_path_string(json_t *root, const char *a, const char *b, const char *c)
{
	json_t *v = json_object_get(json_object_get(json_object_get(root, a), b), c);

	return json_string_value(v);
}

/* finds the regional offer file's URL through the region index; NULL after failing the item */
static const char *
aws_offer_url(struct updater *u, struct ipl_update_item *it, const char *base, json_t *index,
	      const char *code, const char *region)
{
	struct ipl_fetch_result res;
	const char *rel, *url, *out = NULL;
	json_t *ri;

	rel = json_path_string(index, "offers", code, "currentRegionIndexUrl");
	if (!rel) {
		fail_item(u, it, NULL, "the offers index has no currentRegionIndexUrl for %s",
			  code);
		return NULL;
	}
	url = join_url(u, base, rel);
	if (fetch_small(u, it, url, NULL, NULL, &res) < 0)
		return NULL;
	if (res.status != 200) {
		fail_item(u, it, url, "HTTP %ld for an unconditional request", res.status);
		ipl_fetch_result_release(&res);
		return NULL;
	}
	ri = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
	rel = ri ? json_path_string(ri, "regions", region, "currentVersionUrl") : NULL;
	if (!ri)
		fail_item(u, it, url, "malformed JSON in the region index");
	else if (!rel)
		fail_item(u, it, url, "no region \"%s\" in the %s region index", region, code);
	else
		out = join_url(u, base, rel);
	json_decref(ri);
	ipl_fetch_result_release(&res);
	return out;
}

static void
aws_note_missing(struct updater *u, struct ipl_update_item *it, struct ipl_aws_filter *f)
{
	const char *missing[32];
	size_t n = ipl_aws_filter_missing(f, missing, IPL_ARRAY_SIZE(missing)), i;
	struct ipl_buf b = IPL_BUF_INIT;

	if (!n)
		return;
	for (i = 0; i < n && i < IPL_ARRAY_SIZE(missing); i++)
		ipl_buf_addf(&b, "%s%s", i ? ", " : "", missing[i]);
	ipl_warning(u->diags, it->what, (struct ipl_loc){ 0, 0 },
		    "no SKU matched %s; the embedded catalog's price%s used instead",
		    ipl_buf_str(&b), n == 1 ? " is" : "s are");
	it->note = ipl_arena_printf(u->arena, "not found: %s", ipl_buf_str(&b));
	ipl_buf_release(&b);
}

/* the new Fargate on-demand prices, for Spot */
struct fargate {
	bool updated;
	double vcpu, gb;
};

static void
aws_offer_file(struct updater *u, const char *base, json_t *index, const char *code,
	       const char *region, struct fargate *fargate)
{
	char *path = ipl_cache_path_aws(u->dir, region, code);
	struct ipl_update_item *it = new_item(
		u, ipl_arena_printf(u->arena, "aws %s %s", code, region), path);
	struct ipl_cache_meta meta;
	struct ipl_fetch_request req = { 0 };
	struct ipl_fetch_result res;
	struct ipl_aws_filter *f;
	const struct ipl_aws_price *found;
	struct ipl_offer *offers;
	size_t nr, i;
	const char *url;
	int rc;

	free(path);
	url = aws_offer_url(u, it, base, index, code, region);
	if (!url)
		return;
	it->url = url;
	ipl_cache_meta_read(it->path, &meta);
	f = ipl_aws_filter_new(code, region);
	req.label = it->what;
	req.url = url;
	if (meta.source_url && !strcmp(meta.source_url, url)) {
		req.etag = meta.etag;
		req.last_modified = meta.last_modified;
	}
	req.begin = aws_begin;
	req.sink = aws_sink;
	req.ctx = f;
	rc = ipl_fetch(u->o->fetch, &req, &res);
	it->bytes += res.bytes;
	it->attempts += res.attempts;
	if (rc == -2)
		fail_item(u, it, url, "%s", ipl_aws_filter_error(f));
	else if (rc < 0)
		fail_item(u, it, url, "%s", res.error);
	else if (res.status == 304)
		confirm(u, it, url);
	else if (ipl_aws_filter_finish(f) < 0)
		fail_item(u, it, url, "%s", ipl_aws_filter_error(f));
	else if ((found = ipl_aws_filter_prices(f, &nr)), nr == 0)
		fail_item(u, it, url, "no SKU matched infraplan's rules: not the %s offer of %s?",
			  code, region);
	else {
		struct ipl_cache_file cf = { 0 };
		offers = IPL_ARENA_ARRAY(u->arena, struct ipl_offer, nr);
		for (i = 0; i < nr; i++) {
			const struct ipl_aws_price *p = &found[i];
			const struct ipl_offer *cur = current_offer(u, "aws", p->id);
			struct ipl_offer *o = new_offer(u, cur, "aws", p->id, p->name, p->kind,
							p->line);
			struct ipl_price *pr = o->prices;
			/* a price announced for later starts later; otherwise it is read today */
			if (strcmp(p->effective, u->today) > 0) {
				pr->valid_from_text = ipl_arena_strdup(u->arena, p->effective);
				pr->valid_from = (int)strtol(p->effective, NULL, 10) * 10000 +
						 (int)strtol(p->effective + 5, NULL, 10) * 100 +
						 (int)strtol(p->effective + 8, NULL, 10);
			}
			pr->amount = p->amount;
			pr->currency = "USD";
			pr->unit = unit_named(p->unit);
			pr->free_quantity = p->free;
			pr->confidence = "vendor";
			pr->source = ipl_arena_printf(
				u->arena,
				"%s %s offer %s (published %s): SKU %s, \"%s\", effective %s%s%s; read %s "
				"from %s",
				code, region, ipl_aws_filter_version(f),
				ipl_aws_filter_publication_date(f), p->sku, p->description,
				p->effective, p->tiers[0] ? "; next tiers " : "", p->tiers,
				u->today, url);
			offers[i] = *o;
			note_change(u, it, p->id, current_amount(u, cur), p->amount, "USD",
				    p->unit);
			if (!strcmp(code, "AmazonECS") && !strcmp(p->id, "fargate-x86-vcpu"))
				fargate->vcpu = p->amount;
			if (!strcmp(code, "AmazonECS") && !strcmp(p->id, "fargate-x86-gb"))
				fargate->gb = p->amount;
		}
		aws_note_missing(u, it, f);
		cf.provider = "aws";
		cf.source_url = url;
		cf.etag = res.etag;
		cf.last_modified = res.last_modified;
		cf.region = region;
		cf.offer_code = code;
		cf.version = ipl_aws_filter_version(f);
		cf.publication_date = ipl_aws_filter_publication_date(f);
		cf.offers = offers;
		cf.offers_nr = nr;
		it->prices_nr = nr;
		if (write_cache(u, it, &cf) == 0 && !strcmp(code, "AmazonECS"))
			fargate->updated = fargate->vcpu > 0 && fargate->gb > 0;
	}
	ipl_fetch_result_release(&res);
	ipl_aws_filter_free(f);
	ipl_cache_meta_release(&meta);
}

/* the newest embedded price of an offer that started by date (0: the newest) */
static const struct ipl_price *
embedded_price(const struct ipl_offer *o, int date)
{
	const struct ipl_price *best = NULL;
	size_t i;

	for (i = 0; o && i < o->prices_nr; i++)
		if (o->prices[i].origin && !strcmp(o->prices[i].origin, "embedded") &&
		    (!date || o->prices[i].valid_from <= date))
			best = &o->prices[i];
	return best;
}

/*
 * Fargate Spot is in no offer file. Without a feed URL it
 * stays what the catalog knows: a dated discount off on-demand, now applied
 * to the new on-demand price.
 */
static int
spot_derive(struct updater *u, struct ipl_update_item *it, const struct fargate *fg,
	    struct ipl_offer *out)
{
	static const struct {
		const char *spot, *on_demand;
	} pairs[] = { { "fargate-spot-x86-vcpu", "fargate-x86-vcpu" },
		      { "fargate-spot-x86-gb", "fargate-x86-gb" } };
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(pairs); i++) {
		const struct ipl_offer *so = current_offer(u, "aws", pairs[i].spot);
		const struct ipl_offer *oo = current_offer(u, "aws", pairs[i].on_demand);
		const struct ipl_price *sp = embedded_price(so, 0);
		const struct ipl_price *op = sp ? embedded_price(oo, sp->valid_from) : NULL;
		double now = i == 0 ? fg->vcpu : fg->gb, ratio;
		struct ipl_offer *o;
		if (!sp || !op || op->amount <= 0) {
			it->note = "the catalog has no dated Spot discount to apply";
			return -1;
		}
		ratio = sp->amount / op->amount;
		o = new_offer(u, so, "aws", pairs[i].spot, NULL, NULL, NULL);
		o->prices->amount = round(now * ratio * 1e10) / 1e10;
		o->prices->currency = "USD";
		o->prices->unit = IPL_PER_HOUR;
		o->prices->confidence = "derived";
		o->prices->source = ipl_arena_printf(
			u->arena,
			"Fargate Spot is not in the offer files: the Spot discount of %.1f%% read %s "
			"(%.10g against %.10g on demand) applied to the on-demand %.10g USD read %s; "
			"Spot floats: 'prices update --spot-url URL' reads the Spot feed",
			(1 - ratio) * 100, sp->valid_from_text, sp->amount, op->amount, now,
			u->today);
		note_change(u, it, pairs[i].spot, current_amount(u, so), o->prices->amount, "USD",
			    "hour");
		out[i] = *o;
	}
	return 0;
}

/* the undocumented Spot feed aws.amazon.com/fargate/pricing loads: {"prices": [{unit, price: {USD}, attributes}]} */
static int
spot_feed(struct updater *u, struct ipl_update_item *it, const char *region, struct ipl_offer *out)
{
	static const struct {
		const char *id, *unit;
	} want[] = { { "fargate-spot-x86-vcpu", "vCPU-Hours" },
		     { "fargate-spot-x86-gb", "GB-Hours" } };
	struct ipl_fetch_result res;
	json_t *root, *prices, *p;
	double found[2] = { -1, -1 };
	size_t i, k;
	int rc = 0;

	if (fetch_small(u, it, u->o->spot_url, NULL, NULL, &res) < 0)
		return -1;
	root = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
	prices = json_object_get(root, "prices");
	if (!json_is_array(prices)) {
		fail_item(u, it, u->o->spot_url, "not the Fargate Spot feed: no \"prices\" array");
		rc = -1;
	}
	json_array_foreach(prices, i, p)
	{
		json_t *attrs = json_object_get(p, "attributes"), *v;
		const char *unit = json_string_value(json_object_get(p, "unit"));
		const char *usd = json_string_value(
			json_object_get(json_object_get(p, "price"), "USD"));
		const char *r = json_string_value(json_object_get(attrs, "aws:region")), *key;
		bool arm = false;
		char *end;
		double amount;
		if (!unit || !usd || !r || strcmp(r, region))
			continue;
		/* the catalog's Spot prices are x86; an entry marked ARM is another price */
		json_object_foreach(attrs, key, v) if (json_is_string(v) &&
						       (strstr(json_string_value(v), "ARM") ||
							strstr(json_string_value(v), "arm64")))
			arm = true;
		amount = strtod(usd, &end);
		if (arm || end == usd || *end || !isfinite(amount) || amount <= 0)
			continue;
		for (k = 0; k < 2; k++) {
			if (strcmp(unit, want[k].unit))
				continue;
			if (found[k] >= 0 && fabs(found[k] - amount) > 1e-12) {
				fail_item(u, it, u->o->spot_url, "several %s prices for %s", unit,
					  region);
				rc = -1;
			}
			found[k] = amount;
		}
	}
	for (k = 0; rc == 0 && k < 2; k++) {
		const struct ipl_offer *cur = current_offer(u, "aws", want[k].id);
		struct ipl_offer *o;
		if (found[k] < 0) {
			fail_item(u, it, u->o->spot_url, "no %s price for %s in the feed",
				  want[k].unit, region);
			rc = -1;
			break;
		}
		o = new_offer(u, cur, "aws", want[k].id,
			      k ? "Fargate Spot memory (Linux/x86)"
				: "Fargate Spot vCPU (Linux/x86)",
			      "other", "fargate-spot");
		o->prices->amount = found[k];
		o->prices->currency = "USD";
		o->prices->unit = IPL_PER_HOUR;
		o->prices->confidence = "vendor";
		o->prices->source = ipl_arena_printf(
			u->arena, "Fargate Spot feed, %s %s, read %s from %s", region, want[k].unit,
			u->today, u->o->spot_url);
		note_change(u, it, want[k].id, current_amount(u, cur), found[k], "USD", "hour");
		out[k] = *o;
	}
	json_decref(root);
	ipl_fetch_result_release(&res);
	return rc;
}

static void
aws_spot(struct updater *u, const char *region, const struct fargate *fg)
{
	char *path = ipl_cache_path_aws(u->dir, region, "fargate-spot");
	struct ipl_update_item *it = new_item(
		u, ipl_arena_printf(u->arena, "aws Fargate Spot %s", region), path);
	struct ipl_offer offers[2];
	struct ipl_cache_file cf = { 0 };

	free(path);
	if (!fg->updated && !u->o->spot_url) {
		it->note = "follows the on-demand prices, which did not change";
		return;
	}
	if (u->o->spot_url) {
		if (spot_feed(u, it, region, offers) < 0)
			return;
		cf.source_url = u->o->spot_url;
	} else if (spot_derive(u, it, fg, offers) < 0) {
		return;
	}
	cf.provider = "aws";
	cf.region = region;
	cf.note = u->o->spot_url
			  ? "read from the Fargate Spot feed"
			  : "derived: the dated Spot discount applied to the new on-demand price";
	cf.offers = offers;
	cf.offers_nr = 2;
	it->prices_nr = 2;
	it->url = cf.source_url;
	write_cache(u, it, &cf);
}

static void
update_aws(struct updater *u)
{
	const char *base = u->o->base_url ? u->o->base_url : IPL_AWS_PRICING_BASE;
	const char *region = u->o->aws_region ? u->o->aws_region : IPL_AWS_DEFAULT_REGION;
	const char *url = join_url(u, base, "/offers/v1.0/aws/index.json");
	struct ipl_fetch_result res;
	struct fargate fargate = { 0 };
	json_t *index;
	size_t i;
	struct ipl_update_item *it = new_item(u, "aws offers index", NULL);

	for (i = 0; i < ipl_aws_offer_codes_nr && !u->aws_cached; i++) {
		char *path = ipl_cache_path_aws(u->dir, region, ipl_aws_offer_codes[i]);
		u->aws_cached = access(path, F_OK) == 0;
		free(path);
	}
	it->url = url;
	if (fetch_small(u, it, url, NULL, NULL, &res) < 0)
		return;
	index = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
	if (!index || !json_is_object(json_object_get(index, "offers"))) {
		fail_item(u, it, url, "not the AWS offers index: no \"offers\" object");
		json_decref(index);
		ipl_fetch_result_release(&res);
		return;
	}
	/* the index itself is not cached (it only leads to the offer files): no item of its own */
	u->report->nr--;
	for (i = 0; i < ipl_aws_offer_codes_nr; i++)
		aws_offer_file(u, base, index, ipl_aws_offer_codes[i], region, &fargate);
	aws_spot(u, region, &fargate);
	json_decref(index);
	ipl_fetch_result_release(&res);
}

/* ---- Hetzner ---- */

static void
update_hetzner(struct updater *u)
{
	const char *loc = u->o->hetzner_location ? u->o->hetzner_location
						 : IPL_HETZNER_DEFAULT_LOCATION;
	const char *base = u->o->base_url ? u->o->base_url : IPL_HETZNER_API_BASE;
	const char *url = join_url(u, base, "/v1/pricing");
	struct ipl_buf path = IPL_BUF_INIT, skipped = IPL_BUF_INIT;
	struct ipl_update_item *it;
	struct ipl_cache_meta meta;
	struct ipl_fetch_result res;
	struct ipl_hetzner_pricing hp;
	struct ipl_offer *offers;
	size_t i, n = 0, nskipped = 0;
	char err[512];

	ipl_buf_addf(&path, "%s/hetzner.json", u->dir);
	it = new_item(u, ipl_arena_printf(u->arena, "hetzner %s", loc), path.data);
	ipl_buf_release(&path);
	it->url = url;
	if (!u->o->hetzner_token) {
		it->note = "the pricing API needs a token: set HCLOUD_TOKEN (read-only is enough)";
		return;
	}
	ipl_cache_meta_read(it->path, &meta);
	if (fetch_small(u, it, url, u->o->hetzner_token, &meta, &res) < 0) {
		ipl_cache_meta_release(&meta);
		return;
	}
	ipl_cache_meta_release(&meta);
	if (res.status == 304) {
		confirm(u, it, url);
		ipl_fetch_result_release(&res);
		return;
	}
	if (ipl_hetzner_pricing_parse(&hp, res.body.data ? res.body.data : "", res.body.len, loc,
				      err, sizeof(err)) < 0) {
		fail_item(u, it, url, "%s", err);
		ipl_fetch_result_release(&res);
		return;
	}
	offers = IPL_ARENA_ARRAY(u->arena, struct ipl_offer, hp.nr);
	for (i = 0; i < hp.nr; i++) {
		const struct ipl_hetzner_price *p = &hp.prices[i];
		const struct ipl_offer *cur = NULL;
		struct ipl_offer *o;
		size_t k;
		if (p->is_server) {
			/* a server type joins the catalog only with its size: the API's pricing has none */
			for (k = 0; u->o->catalog && k < u->o->catalog->offers_nr; k++) {
				const struct ipl_offer *c = &u->o->catalog->offers[k];
				if (!strcmp(c->provider, "hetzner") &&
				    c->kind == IPL_OFFER_SERVER && c->product_id &&
				    !strcmp(c->product_id, p->name))
					cur = c;
			}
		} else {
			cur = current_offer(u, "hetzner", p->name);
		}
		if (!cur) {
			ipl_buf_addf(&skipped, "%s%s", nskipped++ ? ", " : "", p->name);
			continue;
		}
		o = new_offer(u, cur, "hetzner", cur->id, NULL, NULL, NULL);
		o->prices->amount = p->monthly_net;
		o->prices->currency = ipl_arena_strdup(u->arena, hp.currency);
		o->prices->unit = IPL_PER_MONTH;
		o->prices->confidence = "vendor";
		o->prices->source = ipl_arena_printf(
			u->arena,
			"GET /v1/pricing, %s, %s net (VAT %s%% not included), read %s from %s", loc,
			p->name, hp.vat_rate[0] ? hp.vat_rate : "?", u->today, url);
		note_change(u, it, cur->id, current_amount(u, cur), p->monthly_net, hp.currency,
			    "month");
		offers[n++] = *o;
	}
	if (nskipped)
		it->note = ipl_arena_printf(u->arena, "not in the catalog (no size known): %s",
					    ipl_buf_str(&skipped));
	if (!n) {
		fail_item(u, it, url,
			  "none of the %zu prices is for a server type the catalog knows", hp.nr);
	} else {
		struct ipl_cache_file cf = { 0 };
		cf.provider = "hetzner";
		cf.source_url = url;
		cf.etag = res.etag;
		cf.last_modified = res.last_modified;
		cf.region = loc;
		cf.note = "net prices (excluding VAT) for new orders, from the Hetzner Cloud API";
		cf.offers = offers;
		cf.offers_nr = n;
		it->prices_nr = n;
		write_cache(u, it, &cf);
	}
	ipl_buf_release(&skipped);
	ipl_hetzner_pricing_release(&hp);
	ipl_fetch_result_release(&res);
}

/* ---- ECB rates ---- */

static void
update_rates(struct updater *u)
{
	static const char *const codes[] = { "USD", "INR" };
	const char *base = u->o->base_url ? u->o->base_url : IPL_ECB_BASE;
	const char *url = join_url(u, base, "/stats/eurofxref/eurofxref-daily.xml");
	struct ipl_buf path = IPL_BUF_INIT;
	struct ipl_update_item *it;
	struct ipl_cache_meta meta;
	struct ipl_fetch_result res;
	struct ipl_ecb_rates ecb;
	struct ipl_rate_entry rates[IPL_ARRAY_SIZE(codes)];
	size_t i, n = 0;
	char err[512];

	ipl_buf_addf(&path, "%s/rates.json", u->dir);
	it = new_item(u, "rates ECB", path.data);
	ipl_buf_release(&path);
	it->url = url;
	ipl_cache_meta_read(it->path, &meta);
	if (fetch_small(u, it, url, NULL, &meta, &res) < 0) {
		ipl_cache_meta_release(&meta);
		return;
	}
	ipl_cache_meta_release(&meta);
	if (res.status == 304) {
		confirm(u, it, url);
		ipl_fetch_result_release(&res);
		return;
	}
	if (ipl_ecb_rates_parse(&ecb, res.body.data ? res.body.data : "", res.body.len, err,
				sizeof(err)) < 0) {
		fail_item(u, it, url, "%s", err);
		ipl_fetch_result_release(&res);
		return;
	}
	for (i = 0; i < IPL_ARRAY_SIZE(codes); i++) {
		double v = ipl_ecb_rate(&ecb, codes[i]);
		const struct ipl_rate_entry *cur = u->o->catalog
							   ? ipl_catalog_rate_at(u->o->catalog,
										 codes[i],
										 u->o->today)
							   : NULL;
		if (v <= 0)
			continue;
		memset(&rates[n], 0, sizeof(rates[n]));
		rates[n].code = codes[i];
		rates[n].value = v;
		rates[n].valid_from_text = ipl_arena_strdup(u->arena, ecb.date);
		rates[n].source = ipl_arena_printf(
			u->arena,
			"ECB euro foreign exchange reference rate of %s, "
			"read %s from %s",
			ecb.date, u->today, url);
		note_change(u, it, codes[i], cur ? cur->value : -1, v, NULL,
			    ipl_arena_printf(u->arena, "%s per EUR", codes[i]));
		n++;
	}
	if (!n) {
		fail_item(u, it, url, "no USD or INR rate in the file");
	} else {
		struct ipl_cache_file cf = { 0 };
		cf.provider = "rates";
		cf.source_url = url;
		cf.etag = res.etag;
		cf.last_modified = res.last_modified;
		cf.note = "1 EUR = value CODE";
		cf.rates = rates;
		cf.rates_nr = n;
		it->prices_nr = n;
		write_cache(u, it, &cf);
	}
	ipl_fetch_result_release(&res);
}

/* ---- Entry point ---- */

int
ipl_prices_update(struct ipl_update_report *report, const struct ipl_prices_update_opts *o,
		  struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct updater u = { 0 };
	char *dir;

	memset(report, 0, sizeof(*report));
	report->items = IPL_ARENA_ARRAY(arena, struct ipl_update_item, MAX_ITEMS);
	dir = o->cache_dir ? ipl_xstrdup(o->cache_dir) : NULL;
	if (!dir)
		return ipl_error(diags, "prices update", (struct ipl_loc){ 0, 0 },
				 "no cache directory: set XDG_CACHE_HOME or HOME");
	u.o = o;
	u.arena = arena;
	u.diags = diags;
	u.report = report;
	u.dir = ipl_arena_strdup(arena, dir);
	free(dir);
	ipl_date_format(o->today, u.today);
	/* the time is the caller's (cmd/env.h): library code reads no clock */
	if (o->now)
		snprintf(u.now, sizeof(u.now), "%s", o->now);
	else
		snprintf(u.now, sizeof(u.now), "%sT00:00:00Z", u.today);
	if (ipl_fetch_global_init() < 0)
		return ipl_error(diags, "prices update", (struct ipl_loc){ 0, 0 },
				 "cannot initialise libcurl");
	if (o->providers & IPL_PRICES_AWS)
		update_aws(&u);
	if (o->providers & IPL_PRICES_HETZNER)
		update_hetzner(&u);
	if (o->providers & IPL_PRICES_RATES)
		update_rates(&u);
	ipl_fetch_global_cleanup();
	return u.failures ? -1 : 0;
}
