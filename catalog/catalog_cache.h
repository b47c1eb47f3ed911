/*
 * catalog_cache.h: the local price cache that `prices update` fills and every
 * planning command reads on top of the embedded catalog.
 *
 * The cache is a directory ($XDG_CACHE_HOME/infraplan, else
 * ~/.cache/infraplan) of catalog files in the format of catalog/data/
 * (catalog.h), one per source, plus what is needed to refresh them: the
 * source URL, its ETag and Last-Modified, and when it was fetched:
 *
 *   aws-<region>-<OfferCode>.json    one per AWS offer file (aws_offers.h)
 *   aws-<region>-fargate-spot.json   Fargate Spot, derived or from the feed
 *   hetzner.json                     GET /v1/pricing (needs HCLOUD_TOKEN)
 *   rates.json                       the ECB daily reference rates
 *
 * Each file is replaced whole and atomically (core/atomic.h), so a failed,
 * partial or malformed download never replaces a good file.
 *
 * Loading: the embedded catalog first, then each cache file; a cached price
 * becomes a newer entry in its offer's history (it is valid from the day it
 * was read), so a spec's prices_as_of still reproduces an older plan, and the
 * catalog's date becomes the newest cache date. Every price and rate records
 * its origin: "embedded" or the cache file's path. A cache file that cannot be
 * read is ignored with a warning: a broken cache never stops a plan.
 */
#ifndef IPL_CATALOG_CACHE_H
#define IPL_CATALOG_CACHE_H

#include "core/common.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/diag.h"
#include "catalog/catalog.h"

/* the region the embedded AWS prices are for, and the default of `prices update --region` */
#define IPL_AWS_DEFAULT_REGION "us-east-1"
/* prices older than this many days get a warning with every plan and cost */
#define IPL_CATALOG_STALE_DAYS 90
/* the version of the cache file layout; files of another version are ignored */
#define IPL_CACHE_FORMAT 1

/* the cache files ipl_catalog_load reads, in the order it reads them; caller frees each */
size_t ipl_cache_files(const char *dir, const char *aws_region, char **paths, size_t max);
char *ipl_cache_path_aws(const char *dir, const char *region, const char *what);

/*
 * The embedded catalog, then (unless offline) the cache in cache_dir (NULL:
 * none; cmd/env.h finds it) with the AWS files of aws_region (NULL: us-east-1). The
 * catalog's name is "embedded" or "embedded+cache".
 */
int ipl_catalog_load(struct ipl_catalog **out, bool offline, const char *cache_dir,
		     const char *aws_region, struct ipl_arena *arena, struct ipl_diags *diags);

/*
 * Reads one cache file on top of cat, as ipl_catalog_load does with each of
 * them: 1 when loaded, 0 when absent, -1 with a warning when ignored. For the
 * fuzzer (tests/fuzz/fuzz_price_cache.c), which loads the embedded catalog
 * once and each input on a copy of it.
 */
int ipl_catalog_load_cache_file(struct ipl_catalog *cat, const char *path, struct ipl_arena *arena,
				struct ipl_diags *diags);

/*
 * The date of provider's prices (NULL: of the whole catalog): the embedded
 * catalog's, or that of a newer cache file of the provider. *text is its
 * YYYY-MM-DD.
 */
int ipl_catalog_provider_date(const struct ipl_catalog *cat, const char *provider,
			      const char **text);
/* adds a warning when provider's prices are more than IPL_CATALOG_STALE_DAYS old on today */
bool ipl_catalog_check_age(const struct ipl_catalog *cat, const char *provider, int today,
			   struct ipl_diags *diags);

/* ---- Writing cache files (for prices update) ---- */

struct ipl_cache_file {
	const char *provider; /* "aws", "hetzner"; NULL for rates */
	const char *date;     /* YYYY-MM-DD the prices were read (or confirmed) */
	const char *fetched;  /* ISO 8601 time of the download */
	const char *source_url;
	const char *etag;          /* of the response, for If-None-Match */
	const char *last_modified; /* for If-Modified-Since */
	const char *region;        /* optional from here on */
	const char *offer_code;
	const char *version;
	const char *publication_date;
	const char *note;
	const struct ipl_offer *offers;
	size_t offers_nr;
	const struct ipl_rate_entry *rates;
	size_t rates_nr;
};

/* writes the file atomically; -1 with a one-line reason in err */
int ipl_cache_file_write(const char *path, const struct ipl_cache_file *cf, char *err,
			 size_t err_size);
/* after a 304: the same prices, confirmed on date (YYYY-MM-DD) at checked (ISO time) */
int ipl_cache_file_touch(const char *path, const char *date, const char *checked, char *err,
			 size_t err_size);

struct ipl_cache_meta {
	char *source_url;
	char *etag;
	char *last_modified;
};

/* what a cache file says about its source; 0 with everything NULL when there is no file */
int ipl_cache_meta_read(const char *path, struct ipl_cache_meta *m);
void ipl_cache_meta_release(struct ipl_cache_meta *m);

#endif
