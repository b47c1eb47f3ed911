/*
 * aws_offers.c: the streaming offer-file filter (aws_offers.h).
 *
 * yajl calls us back for every map key, value and bracket; we keep the key
 * path of the containers we are in (keys[depth]) and act on a few paths:
 *
 *   products.<SKU>.{sku,productFamily}           the product being read
 *   products.<SKU>.attributes.<name>             its attributes (a fixed few)
 *   terms.OnDemand.<SKU>.<term>.effectiveDate    for a SKU a rule kept
 *   terms.OnDemand.<SKU>.<term>.priceDimensions.<rate>.{unit,beginRange,
 *         endRange,description,pricePerUnit.USD}
 *
 * Everything else (Reserved terms, the thousands of other products) passes by
 * without being stored. Real offer files list products before terms; a file
 * that does not is refused, since reading it in one pass would mean keeping
 * every on-demand term until the products arrive.
 */
#include "core/common.h"

#include <math.h>

#include <yajl/yajl_parse.h>

#include "core/xalloc.h"
#include "catalog/fetch/aws_offers.h"

#define MAX_DEPTH 64 /* deeper nesting is refused: no offer file comes close */
#define KEY_DEPTH 9  /* the paths above are at most 8 deep */
#define KEY_LEN 64
#define VALUE_LEN 128
#define MAX_KEPT 64 /* SKUs that matched a rule */
#define MAX_DIMS 16 /* price dimensions (tiers) of one term */
#define MAX_CAND 4  /* SKUs kept per rule to detect ambiguity */

/* ---- Rules: which SKUs infraplan uses (the AWS Price List offer files) ---- */

enum attr {
	A_USAGETYPE,
	A_LOCATION_TYPE,
	A_REGION_CODE,
	A_DB_ENGINE,
	A_DEPLOYMENT,
	A_CACHE_ENGINE,
	A_VOLUME_TYPE,
	A_STORAGE_CLASS,
	A_QUEUE_TYPE,
	A_NR
};

static const char *const attr_names[A_NR] = {
	"usagetype",   "locationType", "regionCode",   "databaseEngine", "deploymentOption",
	"cacheEngine", "volumeType",   "storageClass", "queueType",
};

/* values are alternatives separated by '|'; an empty alternative matches a missing attribute */
struct need {
	enum attr attr;
	const char *values;
};

struct rule {
	const char *offer_code;
	const char *id, *name, *kind, *line;
	const char *usagetype; /* without the region prefix */
	struct need needs[3];  /* ended by values == NULL */
	const char *aws_units; /* the units the price dimension may have */
	const char *unit;      /* catalog unit */
	double scale;          /* catalog price = AWS price * scale */
};

#define NEED_END           \
	{                  \
		A_NR, NULL \
	}

static const struct rule rules[] = {
	/* 1.1: Linux Fargate on demand; Windows, ephemeral storage and ECS Anywhere differ in usagetype */
	{ "AmazonECS",
	  "fargate-x86-vcpu",
	  "Fargate vCPU (Linux/x86)",
	  "other",
	  "fargate",
	  "Fargate-vCPU-Hours:perCPU",
	  { NEED_END },
	  "hours|Hrs",
	  "hour",
	  1 },
	{ "AmazonECS",
	  "fargate-x86-gb",
	  "Fargate memory (Linux/x86)",
	  "other",
	  "fargate",
	  "Fargate-GB-Hours",
	  { NEED_END },
	  "hours|Hrs|GB-Hours",
	  "hour",
	  1 },
	{ "AmazonECS",
	  "fargate-arm-vcpu",
	  "Fargate vCPU (Linux/ARM)",
	  "other",
	  "fargate",
	  "Fargate-ARM-vCPU-Hours:perCPU",
	  { NEED_END },
	  "hours|Hrs",
	  "hour",
	  1 },
	{ "AmazonECS",
	  "fargate-arm-gb",
	  "Fargate memory (Linux/ARM)",
	  "other",
	  "fargate",
	  "Fargate-ARM-GB-Hours",
	  { NEED_END },
	  "hours|Hrs|GB-Hours",
	  "hour",
	  1 },
	/* 1.2: PostgreSQL, Single-AZ; ExtendedSupport-InstanceUsage:... has another usagetype */
	{ "AmazonRDS",
	  "db.t3.micro",
	  "RDS db.t3.micro",
	  "instance",
	  "rds",
	  "InstanceUsage:db.t3.micro",
	  { { A_DB_ENGINE, "PostgreSQL" }, { A_DEPLOYMENT, "Single-AZ" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	{ "AmazonRDS",
	  "db.t4g.micro",
	  "RDS db.t4g.micro",
	  "instance",
	  "rds",
	  "InstanceUsage:db.t4g.micro",
	  { { A_DB_ENGINE, "PostgreSQL" }, { A_DEPLOYMENT, "Single-AZ" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	{ "AmazonRDS",
	  "db.t4g.small",
	  "RDS db.t4g.small",
	  "instance",
	  "rds",
	  "InstanceUsage:db.t4g.small",
	  { { A_DB_ENGINE, "PostgreSQL" }, { A_DEPLOYMENT, "Single-AZ" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	{ "AmazonRDS",
	  "db.t4g.medium",
	  "RDS db.t4g.medium",
	  "instance",
	  "rds",
	  "InstanceUsage:db.t4g.medium",
	  { { A_DB_ENGINE, "PostgreSQL" }, { A_DEPLOYMENT, "Single-AZ" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	/* storage SKUs carry databaseEngine "Any" (or none); Multi-AZ has its own usagetype */
	{ "AmazonRDS",
	  "rds-gp2",
	  "RDS gp2 storage",
	  "storage",
	  "rds",
	  "RDS:GP2-Storage",
	  { { A_DB_ENGINE, "Any|PostgreSQL|" }, { A_DEPLOYMENT, "Single-AZ|" }, NEED_END },
	  "GB-Mo",
	  "gb_month",
	  1 },
	{ "AmazonRDS",
	  "rds-gp3",
	  "RDS gp3 storage",
	  "storage",
	  "rds",
	  "RDS:GP3-Storage",
	  { { A_DB_ENGINE, "Any|PostgreSQL|" }, { A_DEPLOYMENT, "Single-AZ|" }, NEED_END },
	  "GB-Mo",
	  "gb_month",
	  1 },
	/* a filter on databaseEngine=PostgreSQL misses the backup SKU (its engine is "Any") */
	{ "AmazonRDS",
	  "rds-backup",
	  "RDS backup storage",
	  "storage",
	  "rds",
	  "RDS:ChargedBackupUsage",
	  { { A_DB_ENGINE, "Any|" }, NEED_END },
	  "GB-Mo",
	  "gb_month",
	  1 },
	/* 1.3: by cacheEngine; the catalog's nodes are Redis OSS */
	{ "AmazonElastiCache",
	  "cache.t3.micro",
	  "ElastiCache cache.t3.micro (Redis OSS)",
	  "instance",
	  "elasticache",
	  "NodeUsage:cache.t3.micro",
	  { { A_CACHE_ENGINE, "Redis" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	{ "AmazonElastiCache",
	  "cache.t4g.micro",
	  "ElastiCache cache.t4g.micro (Redis OSS)",
	  "instance",
	  "elasticache",
	  "NodeUsage:cache.t4g.micro",
	  { { A_CACHE_ENGINE, "Redis" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	{ "AmazonElastiCache",
	  "cache.t4g.small",
	  "ElastiCache cache.t4g.small (Redis OSS)",
	  "instance",
	  "elasticache",
	  "NodeUsage:cache.t4g.small",
	  { { A_CACHE_ENGINE, "Redis" }, NEED_END },
	  "Hrs",
	  "hour",
	  1 },
	/* 1.4: standard queue requests, priced per request: the catalog counts millions */
	{ "AWSQueueService",
	  "sqs-standard",
	  "SQS standard requests",
	  "other",
	  "sqs",
	  "Requests-RBP",
	  { { A_QUEUE_TYPE, "Standard|" }, NEED_END },
	  "Requests",
	  "million",
	  1e6 },
	/* 1.4 and 2.5(a): S3 Standard storage, tiered by volume; the catalog keeps the first tier */
	{ "AmazonS3",
	  "s3-standard",
	  "S3 Standard storage",
	  "storage",
	  "s3",
	  "TimedStorage-ByteHrs",
	  { { A_VOLUME_TYPE, "Standard" }, { A_STORAGE_CLASS, "General Purpose" }, NEED_END },
	  "GB-Mo",
	  "gb_month",
	  1 },
};

#define RULES_NR IPL_ARRAY_SIZE(rules)

/* ---- Filter state ---- */

struct dim {
	char unit[32];
	char description[192];
	double begin, end; /* end is INFINITY for "Inf" */
	double usd;
	bool has_usd;
};

struct kept {
	char sku[40];
	int rule;
};

struct cand {
	struct ipl_aws_price p;
	size_t nr; /* SKUs seen for the rule, even beyond MAX_CAND */
	struct ipl_aws_price more[MAX_CAND - 1];
};

struct ipl_aws_filter {
	yajl_handle h;
	char offer_code[64];
	char region[64];
	uint64_t offset; /* bytes fed before the current chunk */
	bool failed;
	char error[512];

	int depth;
	char keys[KEY_DEPTH + 1][KEY_LEN];
	bool key_cut[KEY_DEPTH + 1];
	bool is_array[KEY_DEPTH + 1];

	char file_offer_code[64];
	char version[64];
	char publication_date[40];
	bool products_seen, terms_seen;
	size_t products;

	/* the product being read */
	char sku[40];
	char attrs[A_NR][VALUE_LEN];
	bool attr_cut[A_NR];

	struct kept kept[MAX_KEPT];
	size_t kept_nr;

	/* the on-demand term being read, for kept SKU cur */
	int cur;
	char effective[40];
	struct dim dims[MAX_DIMS];
	size_t dims_nr;
	struct dim dim;

	struct cand cands[RULES_NR];
	struct ipl_aws_price found[RULES_NR];
	size_t found_nr;
	const char *missing[RULES_NR];
	size_t missing_nr;
};

static int fail(struct ipl_aws_filter *f, const char *fmt, ...) IPL_PRINTF(2, 3);

static int
fail(struct ipl_aws_filter *f, const char *fmt, ...)
{
	va_list ap;

	if (f->failed)
		return 0;
	f->failed = true;
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof(f->error), fmt, ap);
	va_end(ap);
	return 0; /* yajl: stop */
}

static uint64_t
here(const struct ipl_aws_filter *f)
{
	return f->offset + (f->h ? yajl_get_bytes_consumed(f->h) : 0);
}

static void
copy_value(char *dst, size_t size, const unsigned char *s, size_t len, bool *cut)
{
	if (cut)
		*cut = len >= size;
	if (len >= size) {
		len = size - 1;
		/* never end in the middle of a UTF-8 sequence: the cache is JSON */
		while (len > 0 && (s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static bool
key_is(const struct ipl_aws_filter *f, int d, const char *s)
{
	return d >= 1 && d <= KEY_DEPTH && !f->is_array[d] && !f->key_cut[d] &&
	       !strcmp(f->keys[d], s);
}

/* in_alternatives("Any|PostgreSQL|", v): "" matches a missing attribute */
static bool
in_alternatives(const char *values, const char *v)
{
	const char *p = values;
	size_t vl = strlen(v);

	for (;;) {
		size_t n = strcspn(p, "|");
		if (n == vl && !strncmp(p, v, n))
			return true;
		if (!p[n])
			return false;
		p += n + 1;
	}
}

/* "USE1-Fargate-GB-Hours" -> "Fargate-GB-Hours": a prefix of capitals and digits */
static const char *
strip_region_prefix(const char *u)
{
	const char *p = u;

	while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
		p++;
	return p > u && *p == '-' ? p + 1 : u;
}

/* ---- Products ---- */

static void
product_begin(struct ipl_aws_filter *f)
{
	f->sku[0] = '\0';
	memset(f->attrs, 0, sizeof(f->attrs));
	memset(f->attr_cut, 0, sizeof(f->attr_cut));
	f->products++;
}

static int
product_end(struct ipl_aws_filter *f)
{
	const char *u = f->attrs[A_USAGETYPE];
	const char *sku = f->sku[0] ? f->sku : f->keys[2];
	size_t r, k;

	if (!u[0] || f->attr_cut[A_USAGETYPE])
		return 1;
	/* the region's own products, not a Local Zone's or another region's */
	if (!in_alternatives("AWS Region|", f->attrs[A_LOCATION_TYPE]))
		return 1;
	if (f->attrs[A_REGION_CODE][0] && strcmp(f->attrs[A_REGION_CODE], f->region))
		return 1;
	for (r = 0; r < RULES_NR; r++) {
		const struct rule *ru = &rules[r];
		bool ok;
		if (strcmp(ru->offer_code, f->offer_code))
			continue;
		if (strcmp(u, ru->usagetype) && strcmp(strip_region_prefix(u), ru->usagetype))
			continue;
		ok = true;
		for (k = 0; ok && ru->needs[k].values; k++) {
			enum attr a = ru->needs[k].attr;
			ok = !f->attr_cut[a] && in_alternatives(ru->needs[k].values, f->attrs[a]);
		}
		if (!ok)
			continue;
		if (f->kept_nr == MAX_KEPT)
			return fail(f, "more than %d products match infraplan's rules at byte %llu",
				    MAX_KEPT, (unsigned long long)here(f));
		if (strlen(sku) >= sizeof(f->kept[0].sku))
			return fail(f, "a SKU longer than %zu characters at byte %llu",
				    sizeof(f->kept[0].sku) - 1, (unsigned long long)here(f));
		memcpy(f->kept[f->kept_nr].sku, sku, strlen(sku) + 1);
		f->kept[f->kept_nr].rule = (int)r;
		f->kept_nr++;
		break;
	}
	return 1;
}

/* ---- On-demand terms ---- */

static int
find_kept(const struct ipl_aws_filter *f, const char *sku)
{
	size_t i;

	for (i = 0; i < f->kept_nr; i++)
		if (!strcmp(f->kept[i].sku, sku))
			return (int)i;
	return -1;
}

static double
parse_amount(const char *s, bool *ok)
{
	char *end;
	double v;

	if (!strcmp(s, "Inf")) {
		*ok = true;
		return INFINITY;
	}
	v = strtod(s, &end);
	*ok = end != s && !*end && isfinite(v) && v >= 0;
	return v;
}

/* rounds to 10 significant digits, as the offer files print them */
static double
round10(double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.10g", v);
	return strtod(buf, NULL);
}

static int
cmp_dim(const void *a, const void *b)
{
	const struct dim *x = a, *y = b;
	return (x->begin > y->begin) - (x->begin < y->begin);
}

static int
term_end(struct ipl_aws_filter *f)
{
	const struct kept *k = &f->kept[f->cur];
	const struct rule *ru = &rules[k->rule];
	struct cand *c = &f->cands[k->rule];
	struct ipl_aws_price *p;
	const struct dim *chosen = NULL;
	double free_aws = 0;
	size_t i, n = 0;

	if (!f->dims_nr)
		return fail(f, "no price for SKU %s (%s) at byte %llu", k->sku, ru->id,
			    (unsigned long long)here(f));
	qsort(f->dims, f->dims_nr, sizeof(f->dims[0]), cmp_dim);
	/* a free first tier (SQS's first million) becomes the free quantity */
	for (i = 0; i < f->dims_nr; i++) {
		if (!f->dims[i].has_usd)
			return fail(f, "no USD price for SKU %s (%s) at byte %llu", k->sku, ru->id,
				    (unsigned long long)here(f));
		if (f->dims[i].usd > 0) {
			chosen = &f->dims[i];
			break;
		}
		if (isfinite(f->dims[i].end))
			free_aws = f->dims[i].end;
	}
	if (!chosen) {
		chosen = &f->dims[0];
		free_aws = 0;
	}
	if (!in_alternatives(ru->aws_units, chosen->unit))
		return fail(f, "SKU %s (%s) is priced in \"%s\", expected %s", k->sku, ru->id,
			    chosen->unit, ru->aws_units);
	p = c->nr == 0 ? &c->p : c->nr < MAX_CAND ? &c->more[c->nr - 1] : NULL;
	c->nr++;
	if (!p)
		return 1;
	memset(p, 0, sizeof(*p));
	p->id = ru->id;
	p->name = ru->name;
	p->kind = ru->kind;
	p->line = ru->line;
	p->unit = ru->unit;
	p->amount = round10(chosen->usd * ru->scale);
	p->free = round10(free_aws / ru->scale);
	snprintf(p->sku, sizeof(p->sku), "%s", k->sku);
	snprintf(p->effective, sizeof(p->effective), "%.10s", f->effective);
	snprintf(p->description, sizeof(p->description), "%s", chosen->description);
	for (i = (size_t)(chosen - f->dims) + 1; i < f->dims_nr; i++) {
		size_t len = strlen(p->tiers);
		if (len + 48 >= sizeof(p->tiers))
			break;
		snprintf(p->tiers + len, sizeof(p->tiers) - len, "%s%.10g from %.10g",
			 n++ ? ", " : "", round10(f->dims[i].usd * ru->scale),
			 f->dims[i].begin / ru->scale);
	}
	return 1;
}

/* ---- yajl callbacks ---- */

static int
on_scalar(struct ipl_aws_filter *f, const unsigned char *s, size_t len)
{
	int d = f->depth;

	if (d < 1 || d > KEY_DEPTH || f->is_array[d])
		return 1;
	if (d == 1) {
		if (key_is(f, 1, "offerCode"))
			copy_value(f->file_offer_code, sizeof(f->file_offer_code), s, len, NULL);
		else if (key_is(f, 1, "version"))
			copy_value(f->version, sizeof(f->version), s, len, NULL);
		else if (key_is(f, 1, "publicationDate"))
			copy_value(f->publication_date, sizeof(f->publication_date), s, len, NULL);
		return 1;
	}
	if (key_is(f, 1, "products")) {
		if (d == 3 && key_is(f, 3, "sku"))
			copy_value(f->sku, sizeof(f->sku), s, len, NULL);
		else if (d == 4 && key_is(f, 3, "attributes")) {
			size_t a;
			for (a = 0; a < A_NR; a++)
				if (key_is(f, 4, attr_names[a])) {
					copy_value(f->attrs[a], VALUE_LEN, s, len, &f->attr_cut[a]);
					break;
				}
		}
		return 1;
	}
	if (f->cur < 0 || !key_is(f, 1, "terms"))
		return 1;
	if (d == 5 && key_is(f, 5, "effectiveDate"))
		copy_value(f->effective, sizeof(f->effective), s, len, NULL);
	else if (d == 7 && key_is(f, 5, "priceDimensions")) {
		char buf[64];
		bool ok;
		if (key_is(f, 7, "unit")) {
			copy_value(f->dim.unit, sizeof(f->dim.unit), s, len, NULL);
		} else if (key_is(f, 7, "description")) {
			copy_value(f->dim.description, sizeof(f->dim.description), s, len, NULL);
		} else if (key_is(f, 7, "beginRange") || key_is(f, 7, "endRange")) {
			bool begin = key_is(f, 7, "beginRange");
			copy_value(buf, sizeof(buf), s, len, NULL);
			*(begin ? &f->dim.begin : &f->dim.end) = parse_amount(buf, &ok);
			if (!ok)
				return fail(f, "bad %s \"%s\" for SKU %s at byte %llu",
					    begin ? "beginRange" : "endRange", buf,
					    f->kept[f->cur].sku, (unsigned long long)here(f));
		}
	} else if (d == 8 && key_is(f, 5, "priceDimensions") && key_is(f, 7, "pricePerUnit") &&
		   key_is(f, 8, "USD")) {
		char buf[64];
		bool ok;
		copy_value(buf, sizeof(buf), s, len, NULL);
		f->dim.usd = parse_amount(buf, &ok);
		if (!ok || !isfinite(f->dim.usd))
			return fail(f, "bad price \"%s\" for SKU %s at byte %llu", buf,
				    f->kept[f->cur].sku, (unsigned long long)here(f));
		f->dim.has_usd = true;
	}
	return 1;
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
	return on_scalar(ctx, s, len);
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
	/* the offer files quote every number; a bare one is kept as text, like a string */
	return on_scalar(ctx, (const unsigned char *)s, len);
}

static int
cb_null(void *ctx)
{
	(void)ctx;
	return 1;
}

static int
cb_boolean(void *ctx, int v)
{
	(void)ctx;
	(void)v;
	return 1;
}

static int
cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
	struct ipl_aws_filter *f = ctx;

	if (f->depth >= 1 && f->depth <= KEY_DEPTH)
		copy_value(f->keys[f->depth], KEY_LEN, key, len, &f->key_cut[f->depth]);
	return 1;
}

static int
push(struct ipl_aws_filter *f, bool array)
{
	int d;

	if (f->depth >= MAX_DEPTH)
		return fail(f, "JSON nested deeper than %d levels at byte %llu", MAX_DEPTH,
			    (unsigned long long)here(f));
	d = ++f->depth;
	if (d <= KEY_DEPTH) {
		f->keys[d][0] = '\0';
		f->key_cut[d] = false;
		f->is_array[d] = array;
	}
	return 1;
}

static int
cb_start_map(void *ctx)
{
	struct ipl_aws_filter *f = ctx;
	int d;

	if (!push(f, false))
		return 0;
	d = f->depth;
	if (d == 1 || d > KEY_DEPTH)
		return 1;
	if (d == 2 && key_is(f, 1, "products")) {
		if (f->terms_seen)
			return fail(f,
				    "the offer file lists its terms before its products, at byte "
				    "%llu; infraplan reads offer files in one pass",
				    (unsigned long long)here(f));
		f->products_seen = true;
	} else if (d == 2 && key_is(f, 1, "terms")) {
		f->terms_seen = true;
	} else if (d == 3 && key_is(f, 1, "products") && !f->is_array[2]) {
		product_begin(f);
	} else if (d == 4 && key_is(f, 1, "terms") && key_is(f, 2, "OnDemand") && !f->key_cut[3]) {
		f->cur = find_kept(f, f->keys[3]);
	} else if (d == 5 && f->cur >= 0 && key_is(f, 1, "terms")) {
		f->effective[0] = '\0';
		f->dims_nr = 0;
	} else if (d == 7 && f->cur >= 0 && key_is(f, 1, "terms") &&
		   key_is(f, 5, "priceDimensions")) {
		memset(&f->dim, 0, sizeof(f->dim));
		f->dim.end = INFINITY;
	}
	return 1;
}

static int
cb_end_map(void *ctx)
{
	struct ipl_aws_filter *f = ctx;
	int d = f->depth;
	int rc = 1;

	if (d == 3 && key_is(f, 1, "products") && !f->is_array[2]) {
		rc = product_end(f);
	} else if (d == 4 && key_is(f, 1, "terms") && key_is(f, 2, "OnDemand")) {
		f->cur = -1;
	} else if (d == 5 && f->cur >= 0 && key_is(f, 1, "terms")) {
		rc = term_end(f);
	} else if (d == 7 && f->cur >= 0 && key_is(f, 1, "terms") &&
		   key_is(f, 5, "priceDimensions")) {
		if (f->dims_nr == MAX_DIMS)
			return fail(f, "more than %d price dimensions for SKU %s at byte %llu",
				    MAX_DIMS, f->kept[f->cur].sku, (unsigned long long)here(f));
		f->dims[f->dims_nr++] = f->dim;
	}
	f->depth--;
	return rc;
}

static int
cb_start_array(void *ctx)
{
	return push(ctx, true);
}

static int
cb_end_array(void *ctx)
{
	struct ipl_aws_filter *f = ctx;

	f->depth--;
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null,      cb_boolean, NULL,       NULL,           cb_number,    cb_string,
	cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array,
};

/* yajl allocates through xalloc, which ends the program on out-of-memory */
static void *
yajl_xmalloc(void *ctx, size_t size)
{
	(void)ctx;
	return ipl_xmalloc(size);
}

static void *
yajl_xrealloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return ipl_xrealloc(ptr, size);
}

static void
yajl_xfree(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static yajl_alloc_funcs allocs = { yajl_xmalloc, yajl_xrealloc, yajl_xfree, NULL };

/* ---- Public ---- */

struct ipl_aws_filter *
ipl_aws_filter_new(const char *offer_code, const char *region)
{
	struct ipl_aws_filter *f = ipl_xcalloc(1, sizeof(*f));

	snprintf(f->offer_code, sizeof(f->offer_code), "%s", offer_code);
	snprintf(f->region, sizeof(f->region), "%s", region);
	ipl_aws_filter_reset(f);
	return f;
}

void
ipl_aws_filter_reset(struct ipl_aws_filter *f)
{
	char code[sizeof(f->offer_code)], region[sizeof(f->region)];

	if (f->h)
		yajl_free(f->h);
	memcpy(code, f->offer_code, sizeof(code));
	memcpy(region, f->region, sizeof(region));
	memset(f, 0, sizeof(*f));
	memcpy(f->offer_code, code, sizeof(code));
	memcpy(f->region, region, sizeof(region));
	f->cur = -1;
	f->h = yajl_alloc(&callbacks, &allocs, f);
	/* with xalloc's functions yajl_alloc cannot run out of memory; NULL is a bug */
	if (!f->h)
		abort();
}

void
ipl_aws_filter_free(struct ipl_aws_filter *f)
{
	if (!f)
		return;
	if (f->h)
		yajl_free(f->h);
	free(f);
}

static int
parse_error(struct ipl_aws_filter *f, yajl_status st, const unsigned char *data, size_t len)
{
	unsigned char *msg;
	char *nl;

	if (st == yajl_status_client_canceled || f->failed)
		return -1;
	msg = yajl_get_error(f->h, 0, data, len);
	f->failed = true;
	snprintf(f->error, sizeof(f->error), "malformed JSON at byte %llu: %s",
		 (unsigned long long)here(f), msg ? (const char *)msg : "parse error");
	if ((nl = strchr(f->error, '\n')))
		*nl = '\0';
	if (msg)
		yajl_free_error(f->h, msg);
	return -1;
}

int
ipl_aws_filter_feed(struct ipl_aws_filter *f, const char *data, size_t len)
{
	yajl_status st;

	if (f->failed)
		return -1;
	st = yajl_parse(f->h, (const unsigned char *)data, len);
	if (st != yajl_status_ok)
		return parse_error(f, st, (const unsigned char *)data, len);
	f->offset += len;
	return 0;
}

int
ipl_aws_filter_finish(struct ipl_aws_filter *f)
{
	yajl_status st;
	size_t r;

	if (f->failed)
		return -1;
	st = yajl_complete_parse(f->h);
	if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(f->h, 0, NULL, 0);
		char *nl;
		f->failed = true;
		snprintf(
			f->error, sizeof(f->error),
			"malformed JSON at byte %llu: the document ends before it is complete (%s)",
			(unsigned long long)f->offset, msg ? (const char *)msg : "premature end");
		if ((nl = strchr(f->error, '\n')))
			*nl = '\0';
		if (msg)
			yajl_free_error(f->h, msg);
		return -1;
	}
	if (!f->products_seen) {
		fail(f, "not an AWS offer file: no \"products\" in %llu bytes",
		     (unsigned long long)f->offset);
		return -1;
	}
	if (f->file_offer_code[0] && strcmp(f->file_offer_code, f->offer_code)) {
		fail(f, "the file is the %s offer, not %s", f->file_offer_code, f->offer_code);
		return -1;
	}
	f->found_nr = f->missing_nr = 0;
	for (r = 0; r < RULES_NR; r++) {
		struct cand *c = &f->cands[r];
		size_t i, shown = c->nr < MAX_CAND ? c->nr : MAX_CAND;
		if (strcmp(rules[r].offer_code, f->offer_code))
			continue;
		if (c->nr == 0) {
			f->missing[f->missing_nr++] = rules[r].id;
			continue;
		}
		/* several SKUs are fine only when they agree */
		for (i = 1; i < shown; i++) {
			const struct ipl_aws_price *o = &c->more[i - 1];
			if (fabs(o->amount - c->p.amount) > 1e-12 * fabs(c->p.amount) + 1e-15) {
				fail(f,
				     "%zu SKUs match \"%s\" with different prices (%s: %.10g, %s: %.10g)",
				     c->nr, rules[r].id, c->p.sku, c->p.amount, o->sku, o->amount);
				return -1;
			}
		}
		f->found[f->found_nr++] = c->p;
	}
	return 0;
}

const char *
ipl_aws_filter_error(const struct ipl_aws_filter *f)
{
	return f->failed ? f->error : NULL;
}

const struct ipl_aws_price *
ipl_aws_filter_prices(const struct ipl_aws_filter *f, size_t *nr)
{
	*nr = f->found_nr;
	return f->found;
}

size_t
ipl_aws_filter_missing(const struct ipl_aws_filter *f, const char **ids, size_t max)
{
	size_t i;

	for (i = 0; i < f->missing_nr && i < max; i++)
		ids[i] = f->missing[i];
	return f->missing_nr;
}

const char *
ipl_aws_filter_version(const struct ipl_aws_filter *f)
{
	return f->version;
}

const char *
ipl_aws_filter_publication_date(const struct ipl_aws_filter *f)
{
	return f->publication_date;
}

uint64_t
ipl_aws_filter_bytes(const struct ipl_aws_filter *f)
{
	return f->offset;
}

size_t
ipl_aws_filter_products_seen(const struct ipl_aws_filter *f)
{
	return f->products;
}
