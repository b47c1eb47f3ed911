/*
 * test_aws_offers.c: the streaming AWS offer-file filter (catalog/fetch/
 * aws_offers.c) on the fixtures of tests/fixtures/prices/, which carry the
 * traps prices.md 1.2-1.4 lists: Extended Support SKUs, the RDS backup SKU
 * with databaseEngine "Any", other engines, Multi-AZ, Reserved terms, $0 first
 * tiers. Every file is also fed one byte at a time, so no token may depend on
 * where a chunk ends.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/buf.h"
#include "catalog/fetch/aws_offers.h"

#define FIXTURES IPL_SOURCE_DIR "/tests/fixtures/prices/offers/v1.0/aws/"

static void
read_fixture(struct ipl_buf *b, const char *rel)
{
	struct ipl_buf path = IPL_BUF_INIT;

	ipl_buf_addf(&path, "%s%s", FIXTURES, rel);
	assert_int_equal(ipl_buf_read_file(b, path.data, 1 << 24), 0);
	ipl_buf_release(&path);
}

/* feeds text in chunks of `chunk` bytes; returns the finished filter (caller frees) */
static struct ipl_aws_filter *
run_filter(const char *code, const char *text, size_t len, size_t chunk, int *rc)
{
	struct ipl_aws_filter *f = ipl_aws_filter_new(code, "us-east-1");
	size_t off;

	*rc = 0;
	for (off = 0; off < len && *rc == 0; off += chunk)
		*rc = ipl_aws_filter_feed(f, text + off, len - off < chunk ? len - off : chunk);
	if (*rc == 0)
		*rc = ipl_aws_filter_finish(f);
	return f;
}

static const struct ipl_aws_price *
find(struct ipl_aws_filter *f, const char *id)
{
	size_t nr, i;
	const struct ipl_aws_price *p = ipl_aws_filter_prices(f, &nr);

	for (i = 0; i < nr; i++)
		if (!strcmp(p[i].id, id))
			return &p[i];
	return NULL;
}

/* the same results whole and byte by byte */
static struct ipl_aws_filter *
filter_both_ways(const char *code, const char *rel)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct ipl_aws_filter *whole, *bytes;
	const struct ipl_aws_price *a, *b;
	size_t na, nb, i;
	int rc;

	read_fixture(&text, rel);
	whole = run_filter(code, text.data, text.len, text.len, &rc);
	assert_int_equal(rc, 0);
	bytes = run_filter(code, text.data, text.len, 1, &rc);
	assert_int_equal(rc, 0);
	a = ipl_aws_filter_prices(whole, &na);
	b = ipl_aws_filter_prices(bytes, &nb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_string_equal(a[i].id, b[i].id);
		assert_string_equal(a[i].sku, b[i].sku);
		assert_true(a[i].amount == b[i].amount);
	}
	assert_int_equal(ipl_aws_filter_bytes(whole), text.len);
	ipl_aws_filter_free(bytes);
	ipl_buf_release(&text);
	return whole;
}

static void
test_ecs_fargate(void **state)
{
	struct ipl_aws_filter *f = filter_both_ways(
		"AmazonECS", "AmazonECS/20221121182130/us-east-1/index.json");
	const struct ipl_aws_price *p;
	size_t nr;

	(void)state;
	ipl_aws_filter_prices(f, &nr);
	/* four Linux SKUs; Windows, ephemeral storage, ECS Anywhere and the $0 SKU are not used */
	assert_int_equal(nr, 4);
	/* prices.md 1.1: SKU 8CESGAFWKAJ98PME, pricePerUnit 0.0404800000, unit "hours" */
	p = find(f, "fargate-x86-vcpu");
	assert_non_null(p);
	assert_string_equal(p->sku, "8CESGAFWKAJ98PME");
	assert_true(p->amount == 0.04048);
	assert_string_equal(p->unit, "hour");
	assert_string_equal(p->effective, "2022-11-01");
	assert_true(find(f, "fargate-x86-gb")->amount == 0.004445);
	assert_true(find(f, "fargate-arm-vcpu")->amount == 0.03238);
	assert_string_equal(find(f, "fargate-arm-gb")->sku, "UNH9KPQP7W7C66C9");
	assert_string_equal(ipl_aws_filter_version(f), "20221121182130");
	assert_string_equal(ipl_aws_filter_publication_date(f), "2022-11-21T18:21:30Z");
	assert_int_equal(ipl_aws_filter_products_seen(f), 9);
	ipl_aws_filter_free(f);
}

static void
test_rds_postgres_single_az(void **state)
{
	struct ipl_aws_filter *f = filter_both_ways(
		"AmazonRDS", "AmazonRDS/20260924211011/us-east-1/index.json");
	const char *missing[8];

	(void)state;
	/* PostgreSQL 0.018, not MySQL 0.017, Multi-AZ 0.036 or Extended Support 0.2 */
	assert_string_equal(find(f, "db.t3.micro")->sku, "9PTJY5GQCBWCJX7K");
	assert_true(find(f, "db.t3.micro")->amount == 0.018);
	/* on demand 0.016, not the Reserved 0.011 of the same SKU */
	assert_true(find(f, "db.t4g.micro")->amount == 0.016);
	assert_true(find(f, "db.t4g.small")->amount == 0.032);
	assert_true(find(f, "db.t4g.medium")->amount == 0.065);
	/* Single-AZ storage, not the Multi-AZ 0.23 */
	assert_true(find(f, "rds-gp2")->amount == 0.115);
	assert_true(find(f, "rds-gp3")->amount == 0.115);
	assert_string_equal(find(f, "rds-gp3")->unit, "gb_month");
	/* prices.md 1.2: the backup SKU has databaseEngine "Any" */
	assert_true(find(f, "rds-backup")->amount == 0.095);
	assert_int_equal(ipl_aws_filter_missing(f, missing, 8), 0);
	ipl_aws_filter_free(f);
}

static void
test_elasticache_redis(void **state)
{
	struct ipl_aws_filter *f = filter_both_ways(
		"AmazonElastiCache", "AmazonElastiCache/20260715231620/us-east-1/index.json");

	(void)state;
	/* Redis, not Valkey (0.0136) and not the Extended Support surcharge (0.136) */
	assert_string_equal(find(f, "cache.t3.micro")->sku, "YWHX9Q4RM3J5CCDA");
	assert_true(find(f, "cache.t3.micro")->amount == 0.017);
	assert_true(find(f, "cache.t4g.micro")->amount == 0.016);
	assert_true(find(f, "cache.t4g.small")->amount == 0.032);
	ipl_aws_filter_free(f);
}

static void
test_sqs_first_million_free(void **state)
{
	struct ipl_aws_filter *f = filter_both_ways(
		"AWSQueueService", "AWSQueueService/20250828190525/us-east-1/index.json");
	const struct ipl_aws_price *p = find(f, "sqs-standard");

	(void)state;
	/* 0.0000004 a request is 0.40 a million; the $0 first tier is the free million */
	assert_non_null(p);
	assert_true(p->amount == 0.4);
	assert_true(p->free == 1);
	assert_string_equal(p->unit, "million");
	assert_non_null(strstr(p->tiers, "0.3 from 100000"));
	ipl_aws_filter_free(f);
}

static void
test_s3_standard_first_tier(void **state)
{
	struct ipl_aws_filter *f = filter_both_ways("AmazonS3",
						    "AmazonS3/20230123170643/us-east-1/index.json");
	const struct ipl_aws_price *p = find(f, "s3-standard");

	(void)state;
	/* prices.md 2.5(a): 0.023 for the first 50 TB */
	assert_string_equal(p->sku, "WP9ANXZGBYYSGJEA");
	assert_true(p->amount == 0.023);
	assert_true(p->free == 0);
	assert_string_equal(p->tiers, "0.022 from 51200, 0.021 from 512000");
	ipl_aws_filter_free(f);
}

static void
test_malformed_json_says_where(void **state)
{
	const char *text = "{\"products\": {\"A\": {\"sku\": \"A\", attributes: {}}}}";
	struct ipl_aws_filter *f;
	int rc;

	(void)state;
	f = run_filter("AmazonECS", text, strlen(text), 7, &rc);
	/* the unquoted key starts at byte 33, counting from 1, whatever the chunks */
	assert_int_equal(rc, -1);
	assert_non_null(strstr(ipl_aws_filter_error(f), "malformed JSON at byte 33"));
	ipl_aws_filter_free(f);
}

static void
test_truncated_json(void **state)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct ipl_aws_filter *f;
	int rc;

	(void)state;
	read_fixture(&text, "AmazonECS/20221121182130/us-east-1/index.json");
	f = run_filter("AmazonECS", text.data, text.len / 2, 4096, &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(ipl_aws_filter_error(f), "ends before it is complete"));
	/* reset starts over: the whole file then parses */
	ipl_aws_filter_reset(f);
	assert_int_equal(ipl_aws_filter_feed(f, text.data, text.len), 0);
	assert_int_equal(ipl_aws_filter_finish(f), 0);
	ipl_aws_filter_free(f);
	ipl_buf_release(&text);
}

static void
test_terms_before_products_refused(void **state)
{
	const char *text = "{\"terms\": {\"OnDemand\": {}}, \"products\": {}}";
	struct ipl_aws_filter *f;
	int rc;

	(void)state;
	f = run_filter("AmazonECS", text, strlen(text), strlen(text), &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(ipl_aws_filter_error(f), "terms before its products"));
	ipl_aws_filter_free(f);
}

/* two SKUs for one rule with different prices: an error, not a guess (prices.md 5.3) */
static void
test_ambiguous_match_refused(void **state)
{
	const char *text =
		"{\"offerCode\": \"AmazonS3\", \"products\": {"
		"\"S1\": {\"sku\": \"S1\", \"attributes\": {\"usagetype\": \"TimedStorage-ByteHrs\","
		" \"volumeType\": \"Standard\", \"storageClass\": \"General Purpose\"}},"
		"\"S2\": {\"sku\": \"S2\", \"attributes\": {\"usagetype\": \"TimedStorage-ByteHrs\","
		" \"volumeType\": \"Standard\", \"storageClass\": \"General Purpose\"}}},"
		"\"terms\": {\"OnDemand\": {"
		"\"S1\": {\"S1.T\": {\"effectiveDate\": \"2026-01-01T00:00:00Z\", \"priceDimensions\":"
		" {\"S1.T.R\": {\"unit\": \"GB-Mo\", \"beginRange\": \"0\", \"endRange\": \"Inf\","
		" \"pricePerUnit\": {\"USD\": \"0.023\"}}}}},"
		"\"S2\": {\"S2.T\": {\"effectiveDate\": \"2026-01-01T00:00:00Z\", \"priceDimensions\":"
		" {\"S2.T.R\": {\"unit\": \"GB-Mo\", \"beginRange\": \"0\", \"endRange\": \"Inf\","
		" \"pricePerUnit\": {\"USD\": \"0.025\"}}}}}}}}";
	struct ipl_aws_filter *f;
	int rc;

	(void)state;
	f = run_filter("AmazonS3", text, strlen(text), 64, &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(ipl_aws_filter_error(f), "2 SKUs match \"s3-standard\""));
	ipl_aws_filter_free(f);
}

static void
test_wrong_offer_file_refused(void **state)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct ipl_aws_filter *f;
	int rc;

	(void)state;
	read_fixture(&text, "AmazonS3/20230123170643/us-east-1/index.json");
	f = run_filter("AmazonECS", text.data, text.len, text.len, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(ipl_aws_filter_error(f),
			    "the file is the AmazonS3 offer, not AmazonECS");
	ipl_aws_filter_free(f);
	ipl_buf_release(&text);
}

static void
test_other_region_prefix(void **state)
{
	/* eu-west-1 usage types carry "EUW1-" (Fargate) or "EU-" (RDS) */
	const char *text =
		"{\"offerCode\": \"AmazonRDS\", \"products\": {"
		"\"E1\": {\"sku\": \"E1\", \"attributes\": {\"usagetype\": \"EU-InstanceUsage:db.t4g.micro\","
		" \"databaseEngine\": \"PostgreSQL\", \"deploymentOption\": \"Single-AZ\","
		" \"locationType\": \"AWS Region\", \"regionCode\": \"eu-west-1\"}}},"
		"\"terms\": {\"OnDemand\": {\"E1\": {\"E1.T\": {\"effectiveDate\": \"2026-01-01T00:00:00Z\","
		" \"priceDimensions\": {\"E1.T.R\": {\"unit\": \"Hrs\", \"pricePerUnit\": {\"USD\":"
		" \"0.0170000000\"}}}}}}}}";
	struct ipl_aws_filter *f = ipl_aws_filter_new("AmazonRDS", "eu-west-1");

	(void)state;
	assert_int_equal(ipl_aws_filter_feed(f, text, strlen(text)), 0);
	assert_int_equal(ipl_aws_filter_finish(f), 0);
	assert_true(find(f, "db.t4g.micro")->amount == 0.017);
	ipl_aws_filter_free(f);
	/* the same product is not us-east-1's */
	f = ipl_aws_filter_new("AmazonRDS", "us-east-1");
	assert_int_equal(ipl_aws_filter_feed(f, text, strlen(text)), 0);
	assert_int_equal(ipl_aws_filter_finish(f), 0);
	assert_null(find(f, "db.t4g.micro"));
	ipl_aws_filter_free(f);
}

/* rules no SKU matched are listed, so prices update can say which prices stay embedded */
static void
test_missing_rules_listed(void **state)
{
	const char *text =
		"{\"offerCode\": \"AmazonECS\", \"products\": {"
		"\"V\": {\"sku\": \"V\", \"attributes\": {\"usagetype\": \"USE1-Fargate-vCPU-Hours:perCPU\"}}},"
		"\"terms\": {\"OnDemand\": {\"V\": {\"V.T\": {\"effectiveDate\": \"2026-01-01T00:00:00Z\","
		" \"priceDimensions\": {\"V.T.R\": {\"unit\": \"hours\", \"pricePerUnit\": {\"USD\":"
		" \"0.0404800000\"}}}}}}}}";
	struct ipl_aws_filter *f;
	const char *missing[8];
	size_t nr;
	int rc;

	(void)state;
	f = run_filter("AmazonECS", text, strlen(text), 5, &rc);
	assert_int_equal(rc, 0);
	ipl_aws_filter_prices(f, &nr);
	assert_int_equal(nr, 1);
	assert_int_equal(ipl_aws_filter_missing(f, missing, 8), 3);
	assert_string_equal(missing[0], "fargate-x86-gb");
	assert_string_equal(missing[1], "fargate-arm-vcpu");
	assert_string_equal(missing[2], "fargate-arm-gb");
	ipl_aws_filter_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecs_fargate),
		cmocka_unit_test(test_rds_postgres_single_az),
		cmocka_unit_test(test_elasticache_redis),
		cmocka_unit_test(test_sqs_first_million_free),
		cmocka_unit_test(test_s3_standard_first_tier),
		cmocka_unit_test(test_malformed_json_says_where),
		cmocka_unit_test(test_truncated_json),
		cmocka_unit_test(test_terms_before_products_refused),
		cmocka_unit_test(test_ambiguous_match_refused),
		cmocka_unit_test(test_wrong_offer_file_refused),
		cmocka_unit_test(test_other_region_prefix),
		cmocka_unit_test(test_missing_rules_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
