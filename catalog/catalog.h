/*
 * catalog.h: what can be bought and at what price, with every price's source,
 * valid-from date and confidence.
 *
 * The embedded default catalog is the JSON in catalog/data/, compiled
 * into the binary (catalog/CMakeLists.txt); `prices update` writes
 * files of the same format to a cache. Prices keep their history: a price
 * applies from its valid_from until the next one starts, so a spec's
 * prices_as_of reproduces an old plan's cost. Offerings also carry the dates
 * they could be ordered (Contabo renamed its line-up in 2026, Hetzner retired
 * CX22..CPX41 at the end of 2025).
 */
#ifndef IPL_CATALOG_H
#define IPL_CATALOG_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"

enum ipl_price_unit {
	IPL_PER_MONTH,    /* a flat monthly price */
	IPL_PER_YEAR,     /* amortised over 12 months */
	IPL_PER_HOUR,     /* times 730 hours a month unless billed otherwise */
	IPL_PER_GB_MONTH, /* storage; free_quantity GB are free */
	IPL_PER_MILLION,  /* requests; free_quantity million are free */
};

struct ipl_price {
	double amount;
	const char *currency; /* EUR, USD, INR */
	enum ipl_price_unit unit;
	double free_quantity; /* GB free for IPL_PER_GB_MONTH */
	int valid_from;       /* YYYYMMDD */
	const char *valid_from_text;
	const char *source;     /* a URL or a document, with the date it was read */
	const char *confidence; /* "vendor", "third-party", "document", "unverified" */
	const char *origin;     /* "embedded" or the cache file it came from (catalog_cache.h) */
};

enum ipl_offer_kind {
	IPL_OFFER_SERVER,  /* a VPS or cloud server type */
	IPL_OFFER_STORAGE, /* object or backup storage */
	IPL_OFFER_SMTP,
	IPL_OFFER_DOMAIN,
	IPL_OFFER_IPV4,
	IPL_OFFER_GPU,      /* a GPU instance, priced by the hour */
	IPL_OFFER_INSTANCE, /* a managed instance type (serverless CPU, RDS, cache) */
	IPL_OFFER_OTHER,
};

struct ipl_offer {
	const char *provider; /* contabo, hetzner, backblaze, mailersend, ... */
	const char *id;       /* "cloud-vps-10": what specs name */
	const char *name;     /* "Cloud VPS 10": what reports show */
	enum ipl_offer_kind kind;
	const char *product_id; /* what the provider's API takes: "V91", "cx33" */
	const char *line;       /* "cloud-vps", "storage-vps", "cx", "cax": a family */
	const char *arch;       /* "x86" or "arm" */
	double vcpu;
	double memory_mib;
	double disk_gb;
	const char *disk_type; /* "NVMe", "SSD" */
	int available_from;    /* YYYYMMDD, 0 = always */
	int available_until;   /* YYYYMMDD, 0 = still sold */
	const char *note;
	const char **aliases; /* other names a spec may use ("rtx-4000") */
	size_t aliases_nr;
	struct ipl_price *prices; /* sorted by valid_from */
	size_t prices_nr;
};

struct ipl_rate_entry {
	const char *code; /* 1 EUR = value CODE */
	double value;
	int valid_from;
	const char *valid_from_text;
	const char *source;
	const char *origin; /* "embedded" or the cache file it came from */
};

/* one file the catalog was read from: the embedded catalog, then each cache file */
struct ipl_catalog_source {
	const char *origin;   /* "embedded" or the cache file's path */
	const char *provider; /* "aws", "hetzner", "rates"; NULL for the embedded catalog */
	const char *date;     /* YYYY-MM-DD its prices were read or last confirmed */
	int date_ymd;
	const char *url; /* where a cache file was downloaded from */
};

struct ipl_catalog {
	const char *name; /* "embedded", or "embedded+cache" (catalog_cache.h) */
	const char *date; /* the newest research date: the default prices_as_of */
	int date_ymd;
	struct ipl_offer *offers;
	size_t offers_nr;
	struct ipl_rate_entry *rates;
	size_t rates_nr;
	struct ipl_catalog_source *sources; /* filled by ipl_catalog_load */
	size_t sources_nr;
};

/*
 * No price or rate in the catalog comes near this in its currency per unit
 * (the dearest GPU server is a few hundred an hour); a larger one is a broken
 * feed, and 1e308 once priced a month at inf.
 */
#define IPL_PRICE_MAX 1e6

/* the currencies prices, rates and reports may be in: EUR, USD, INR */
bool ipl_currency_known(const char *code);
/* NULL when amount can be a price in currency; else what is wrong with it (in arena) */
const char *ipl_price_problem(double amount, const char *currency, struct ipl_arena *arena);
/* the same for a rate (1 EUR = value code), which must also be above zero */
const char *ipl_rate_problem(double value, const char *code, struct ipl_arena *arena);

/* loads the embedded catalog into arena; -1 with diagnostics on a broken file */
int ipl_catalog_load_embedded(struct ipl_catalog **out, struct ipl_arena *arena,
			      struct ipl_diags *diags);
/* adds the offers of one JSON catalog text (a provider file); any bad entry is an error */
int ipl_catalog_add_json(struct ipl_catalog *cat, const char *name, const char *text, size_t len,
			 struct ipl_arena *arena, struct ipl_diags *diags);
/*
 * The same for a price cache file: a price or rate with an impossible amount,
 * currency or date is dropped with a warning (never used), the rest kept.
 */
int ipl_catalog_add_cache_json(struct ipl_catalog *cat, const char *name, const char *text,
			       size_t len, struct ipl_arena *arena, struct ipl_diags *diags);

const struct ipl_offer *ipl_catalog_find(const struct ipl_catalog *cat, const char *provider,
					 const char *id);
/* the price in force on date (YYYYMMDD), or NULL when none had started */
const struct ipl_price *ipl_offer_price_at(const struct ipl_offer *o, int date);
bool ipl_offer_available_at(const struct ipl_offer *o, int date);
/* the rate (1 EUR = *value code) in force on date; returns NULL when unknown */
const struct ipl_rate_entry *ipl_catalog_rate_at(const struct ipl_catalog *cat, const char *code,
						 int date);
/* a unit as reports say it: "month", "hour", "GB-month", "million" */
const char *ipl_price_unit_label(enum ipl_price_unit unit);
/* the JSON names of a unit ("gb_month") and a kind ("server"), as catalog files spell them */
const char *ipl_price_unit_name(enum ipl_price_unit unit);
const char *ipl_offer_kind_name(enum ipl_offer_kind kind);

#endif
