/*
 * aws_offers.h: the streaming filter that turns an AWS Price List regional
 * offer file (offers/v1.0/aws/<code>/<version>/<region>/index.json, tens to
 * hundreds of megabytes) into the handful of prices infraplan's planners use.
 *
 * The file is fed in chunks as it downloads and parsed with yajl as a stream
 * of events; what is kept is bounded by the rule table in aws_offers.c (the
 * SKUs that match, with their on-demand price dimensions), never by the size
 * of the file, so peak memory stays flat (bench/bench_offer_parse.c).
 *
 * Which SKUs: those the AWS pricing pages price for each item. A SKU matches
 * on its usage type (with the region prefix, "USE1-" or "EU-", removed) and
 * required attributes (databaseEngine, deploymentOption, cacheEngine, ...),
 * in an "AWS Region" location. Extended Support SKUs
 * ("ExtendedSupport-InstanceUsage:...") never match, the RDS backup SKU is
 * found with databaseEngine "Any", and a rule matched by several SKUs with
 * different prices is an error rather than a guess.
 */
#ifndef IPL_AWS_OFFERS_H
#define IPL_AWS_OFFERS_H

#include "core/common.h"
#include "catalog/aws_offer_codes.h"

struct ipl_aws_price {
	const char *id;   /* catalog offer id: "fargate-x86-vcpu", "db.t4g.micro" */
	const char *name; /* for an offer the embedded catalog lacks */
	const char *kind; /* catalog kind: "other", "instance", "storage" */
	const char *line; /* catalog line: "fargate", "rds", ... */
	const char *unit; /* catalog unit: "hour", "gb_month", "million" */
	double amount;    /* USD per catalog unit */
	double free;      /* free quantity in catalog units (SQS: first million) */
	char sku[40];
	char usagetype[96];
	char effective[11];    /* YYYY-MM-DD of the term's effectiveDate */
	char description[192]; /* of the price dimension used */
	char tiers[192];       /* further tiers, "0.022 from 51200, 0.021 from 512000" */
};

struct ipl_aws_filter;

/* a filter for one offer file of offer_code in region ("us-east-1") */
struct ipl_aws_filter *ipl_aws_filter_new(const char *offer_code, const char *region);
void ipl_aws_filter_free(struct ipl_aws_filter *f);
/* starts over (before a retried download) */
void ipl_aws_filter_reset(struct ipl_aws_filter *f);
/* parses the next chunk; -1 on malformed JSON or an unreadable layout (ipl_aws_filter_error) */
int ipl_aws_filter_feed(struct ipl_aws_filter *f, const char *data, size_t len);
/* ends the input: -1 when it was cut short or a rule matched ambiguously */
int ipl_aws_filter_finish(struct ipl_aws_filter *f);
/* "malformed JSON at byte 1234: ..." */
const char *ipl_aws_filter_error(const struct ipl_aws_filter *f);

/* after finish: the prices found, in rule order, and the ids no SKU matched */
const struct ipl_aws_price *ipl_aws_filter_prices(const struct ipl_aws_filter *f, size_t *nr);
size_t ipl_aws_filter_missing(const struct ipl_aws_filter *f, const char **ids, size_t max);
/* the file's own "version" and "publicationDate" */
const char *ipl_aws_filter_version(const struct ipl_aws_filter *f);
const char *ipl_aws_filter_publication_date(const struct ipl_aws_filter *f);
/* bytes parsed, and products and on-demand SKUs seen, for the benchmark */
uint64_t ipl_aws_filter_bytes(const struct ipl_aws_filter *f);
size_t ipl_aws_filter_products_seen(const struct ipl_aws_filter *f);

#endif
