/*
 * price_update.h: `prices update` without the terminal: fetch each source
 * (fetch.h), filter or parse it (aws_offers.h, hetzner_pricing.h,
 * ecb_rates.h), and replace its cache file (catalog_cache.h) only when the
 * new one is complete. Sources are independent: one that fails keeps its
 * previous cache file and the others still update.
 *
 *   aws      offers index -> region index -> the regional offer file of each
 *            code in ipl_aws_offer_codes; Fargate Spot, which no offer file
 *            has, is the embedded Spot discount applied to the new on-demand
 *            price, or read from the Spot feed when a URL is given
 *   hetzner  GET /v1/pricing with a token (HCLOUD_TOKEN); skipped without one
 *   rates    the ECB daily reference rates: USD and INR per EUR
 */
#ifndef IPL_PRICE_UPDATE_H
#define IPL_PRICE_UPDATE_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"
#include "catalog/catalog.h"
#include "catalog/fetch/fetch.h"

enum {
	IPL_PRICES_AWS = 1,
	IPL_PRICES_HETZNER = 2,
	IPL_PRICES_RATES = 4,
	IPL_PRICES_ALL = 7,
};

#define IPL_AWS_PRICING_BASE "https://pricing.us-east-1.amazonaws.com"
#define IPL_HETZNER_API_BASE "https://api.hetzner.cloud"
#define IPL_ECB_BASE "https://www.ecb.europa.eu"

struct ipl_prices_update_opts {
	unsigned providers;           /* IPL_PRICES_* */
	const char *aws_region;       /* NULL: us-east-1 */
	const char *hetzner_location; /* NULL: fsn1 */
	const char *base_url;         /* NULL: each provider's own (a mirror, a test server) */
	const char *spot_url;         /* the Fargate Spot feed; NULL: keep the dated discount */
	const char *hetzner_token;    /* NULL: hetzner is skipped with a note */
	const char *cache_dir;        /* NULL: none, and nothing can be updated */
	const struct ipl_fetch_config *fetch;
	const struct ipl_catalog
		*catalog; /* before the update: offer details, changes, Spot discount */
	int today;        /* YYYYMMDD: the cached prices are valid from it */
	const char *now;  /* ISO time of the download; NULL: today at 00:00Z */
};

enum ipl_update_status {
	IPL_UPDATE_UPDATED,   /* downloaded, cache file replaced */
	IPL_UPDATE_UNCHANGED, /* 304: the cache file is still current */
	IPL_UPDATE_SKIPPED,   /* not attempted (see note) */
	IPL_UPDATE_FAILED,    /* the previous cache file was kept */
};

struct ipl_price_change {
	const char *id;
	double from, to;      /* from is -1 for a price the catalog did not have */
	const char *currency; /* NULL for an exchange rate */
	const char *unit;     /* catalog unit ("hour"), or "USD per EUR" */
};

struct ipl_update_item {
	const char *what; /* "aws AmazonECS us-east-1", "hetzner fsn1", "rates" */
	enum ipl_update_status status;
	const char *path; /* its cache file */
	const char *url;
	uint64_t bytes;
	int attempts;
	size_t prices_nr;
	const char *note;
	struct ipl_price_change *changes;
	size_t changes_nr;
};

struct ipl_update_report {
	struct ipl_update_item *items;
	size_t nr;
};

/*
 * Updates the selected providers. Returns 0 when none failed, or -1 with
 * one error diagnostic per failed source, each saying what happened and that
 * the previous cache was kept. The report lives in arena.
 */
int ipl_prices_update(struct ipl_update_report *report, const struct ipl_prices_update_opts *o,
		      struct ipl_arena *arena, struct ipl_diags *diags);

#endif
