/*
 * bench_offer_parse.c: how fast the streaming offer-file filter
 * (catalog/fetch/aws_offers.c) reads an AWS offer file, and that its memory does
 * not grow with the file.
 *
 * Writes synthetic AmazonRDS offer files in the real layout (prices.md 2.2:
 * products with their attributes, then OnDemand and Reserved terms with price
 * dimensions) of the given sizes to a temporary directory. Most products are
 * other engines, instance types and deployments; the seven SKUs the rules
 * want (and an Extended Support decoy) are spread through the file. Each file
 * is then parsed in a child process, fed in 64 KiB chunks as a download
 * would be, and the parent reports the wall time, MB/s and the child's peak
 * resident memory (wait4's ru_maxrss), beside a child that only reads the
 * file, for the baseline of the process itself.
 *
 *   build/bench/bench_offer_parse [SIZE_MB...]     (default: 25 100)
 *
 * TMPDIR chooses where the files go (they are removed afterwards). A
 * benchmark, not a test: it measures, it never fails on a number.
 */
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "catalog/fetch/aws_offers.h"

#define CHUNK (64 << 10)

static const char *const engines[] = { "MySQL", "MariaDB", "Oracle", "SQL Server", "PostgreSQL" };
static const char *const types[] = { "m5.large",     "m6g.xlarge",  "r6g.2xlarge", "t3.medium",
				     "c6gd.4xlarge", "x2g.8xlarge", "m7g.large",   "r7g.xlarge" };

/* the SKUs the rules want, with the attributes that make them match */
static const struct {
	const char *usagetype, *engine, *deployment, *family, *unit, *usd;
} wanted[] = {
	{ "InstanceUsage:db.t3.micro", "PostgreSQL", "Single-AZ", "Database Instance", "Hrs",
	  "0.0180000000" },
	{ "InstanceUsage:db.t4g.micro", "PostgreSQL", "Single-AZ", "Database Instance", "Hrs",
	  "0.0160000000" },
	{ "InstanceUsage:db.t4g.small", "PostgreSQL", "Single-AZ", "Database Instance", "Hrs",
	  "0.0320000000" },
	{ "InstanceUsage:db.t4g.medium", "PostgreSQL", "Single-AZ", "Database Instance", "Hrs",
	  "0.0650000000" },
	{ "RDS:GP2-Storage", "Any", "Single-AZ", "Database Storage", "GB-Mo", "0.1150000000" },
	{ "RDS:GP3-Storage", "Any", "Single-AZ", "Database Storage", "GB-Mo", "0.1150000000" },
	{ "RDS:ChargedBackupUsage", "Any", "", "Storage Snapshot", "GB-Mo", "0.0950000000" },
	{ "ExtendedSupport-InstanceUsage:db.t3.micro", "PostgreSQL", "Single-AZ",
	  "Database Instance", "Hrs", "0.2000000000" },
};

/* product i: one of the wanted ones at evenly spread positions, else filler */
static int
wanted_at(long i, long n)
{
	long k, nw = (long)IPL_ARRAY_SIZE(wanted);

	for (k = 0; k < nw; k++)
		if (i == n * (k + 1) / (nw + 1))
			return (int)k;
	return -1;
}

static void
product(struct ipl_buf *b, long i, long n)
{
	int w = wanted_at(i, n);
	char usage[64];
	const char *engine = engines[i % 5], *dep = i % 3 ? "Single-AZ" : "Multi-AZ";
	const char *family = "Database Instance";

	snprintf(usage, sizeof(usage), "%sUsage:db.%s", i % 3 ? "Instance" : "Multi-AZ",
		 types[(size_t)i % IPL_ARRAY_SIZE(types)]);
	if (w >= 0) {
		snprintf(usage, sizeof(usage), "%s", wanted[w].usagetype);
		engine = wanted[w].engine;
		dep = wanted[w].deployment;
		family = wanted[w].family;
	}
	ipl_buf_addf(b,
		     "%s    \"SKU%012ld\" : {\n"
		     "      \"sku\" : \"SKU%012ld\",\n"
		     "      \"productFamily\" : \"%s\",\n"
		     "      \"attributes\" : {\n"
		     "        \"servicecode\" : \"AmazonRDS\",\n"
		     "        \"location\" : \"US East (N. Virginia)\",\n"
		     "        \"locationType\" : \"AWS Region\",\n"
		     "        \"instanceType\" : \"db.%s\",\n"
		     "        \"currentGeneration\" : \"Yes\",\n"
		     "        \"instanceFamily\" : \"General purpose\",\n"
		     "        \"vcpu\" : \"%ld\",\n"
		     "        \"memory\" : \"%ld GiB\",\n"
		     "        \"storage\" : \"EBS Only\",\n"
		     "        \"networkPerformance\" : \"Up to 10 Gigabit\",\n"
		     "        \"usagetype\" : \"%s\",\n"
		     "        \"operation\" : \"CreateDBInstance:00%02ld\",\n"
		     "        \"databaseEngine\" : \"%s\",\n"
		     "        \"licenseModel\" : \"No license required\",\n"
		     "        \"deploymentOption\" : \"%s\",\n"
		     "        \"regionCode\" : \"us-east-1\",\n"
		     "        \"servicename\" : \"Amazon Relational Database Service\"\n"
		     "      }\n"
		     "    }",
		     i ? ",\n" : "", i, i, family, types[(size_t)i % IPL_ARRAY_SIZE(types)],
		     2 + i % 16, 4 + i % 64, usage, i % 20, engine, dep);
}

static void
dimension(struct ipl_buf *b, long i, const char *term, const char *rate, const char *unit,
	  const char *usd, const char *desc)
{
	ipl_buf_addf(b,
		     "          \"SKU%012ld.%s.%s\" : {\n"
		     "            \"rateCode\" : \"SKU%012ld.%s.%s\",\n"
		     "            \"description\" : \"%s\",\n"
		     "            \"beginRange\" : \"0\",\n"
		     "            \"endRange\" : \"Inf\",\n"
		     "            \"unit\" : \"%s\",\n"
		     "            \"pricePerUnit\" : {\n"
		     "              \"USD\" : \"%s\"\n"
		     "            },\n"
		     "            \"appliesTo\" : [ ]\n"
		     "          }\n",
		     i, term, rate, i, term, rate, desc, unit, usd);
}

static void
term(struct ipl_buf *b, long i, const char *code, const char *unit, const char *usd,
     const char *attrs, bool first)
{
	ipl_buf_addf(b,
		     "%s      \"SKU%012ld.%s\" : {\n"
		     "        \"offerTermCode\" : \"%s\",\n"
		     "        \"sku\" : \"SKU%012ld\",\n"
		     "        \"effectiveDate\" : \"2026-09-01T00:00:00Z\",\n"
		     "        \"priceDimensions\" : {\n",
		     first ? "" : ",\n", i, code, code, i);
	dimension(b, i, code, "6YS6EN2CT7", unit, usd,
		  "USD per RDS instance hour (or partial hour) running the engine");
	ipl_buf_addf(b, "        },\n        \"termAttributes\" : { %s }\n      }", attrs);
}

static void
terms_of(struct ipl_buf *od, struct ipl_buf *ri, long i, long n)
{
	int w = wanted_at(i, n);
	char usd[32];

	snprintf(usd, sizeof(usd), "%.10f", 0.01 + (double)(i % 997) / 1000.0);
	ipl_buf_addf(od, "%s    \"SKU%012ld\" : {\n", i ? ",\n" : "", i);
	term(od, i, "JRTCKXETXF", w >= 0 ? wanted[w].unit : "Hrs", w >= 0 ? wanted[w].usd : usd, "",
	     true);
	ipl_buf_adds(od, "\n    }");
	ipl_buf_addf(ri, "%s    \"SKU%012ld\" : {\n", i ? ",\n" : "", i);
	term(ri, i, "4NA7Y494T4", "Hrs", usd,
	     "\"LeaseContractLength\" : \"1yr\", \"OfferingClass\" : \"standard\", "
	     "\"PurchaseOption\" : \"No Upfront\"",
	     true);
	term(ri, i, "HU7G6KETJZ", "Quantity", "120",
	     "\"LeaseContractLength\" : \"1yr\", "
	     "\"OfferingClass\" : \"standard\", \"PurchaseOption\" : \"Partial Upfront\"",
	     false);
	ipl_buf_adds(ri, "\n    }");
}

static void
put(int fd, struct ipl_buf *b)
{
	const char *p = b->data;
	size_t len = b->len;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("write");
			exit(1);
		}
		p += n;
		len -= (size_t)n;
	}
	ipl_buf_reset(b);
}

/* writes an offer file of about mb megabytes; returns its size */
static off_t
write_offer(const char *path, long mb)
{
	struct ipl_buf b = IPL_BUF_INIT, od = IPL_BUF_INIT, ri = IPL_BUF_INIT;
	long n, i;
	size_t per;
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	/* the size of one product with its terms decides how many make mb */
	product(&b, 1, 3);
	terms_of(&od, &ri, 1, 3);
	per = b.len + od.len + ri.len;
	ipl_buf_reset(&b);
	ipl_buf_reset(&od);
	ipl_buf_reset(&ri);
	/* a little over, so that "100 MB" is at least 100 MB */
	n = (long)((double)mb * 1e6 / (double)per) + 10;
	ipl_buf_adds(
		&b, "{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"This pricing list is "
		    "for informational purposes only.\",\n  \"offerCode\" : \"AmazonRDS\",\n"
		    "  \"version\" : \"20260924211011\",\n  \"publicationDate\" : "
		    "\"2026-09-24T21:10:11Z\",\n  \"products\" : {\n");
	for (i = 0; i < n; i++) {
		product(&b, i, n);
		if (b.len > (1 << 20))
			put(fd, &b);
	}
	ipl_buf_adds(&b, "\n  },\n  \"terms\" : {\n    \"OnDemand\" : {\n");
	put(fd, &b);
	/* terms come in two sections: the Reserved ones are written to a second pass */
	for (i = 0; i < n; i++) {
		terms_of(&od, &ri, i, n);
		ipl_buf_reset(&ri);
		if (od.len > (1 << 20))
			put(fd, &od);
	}
	put(fd, &od);
	ipl_buf_adds(&b, "\n    },\n    \"Reserved\" : {\n");
	put(fd, &b);
	for (i = 0; i < n; i++) {
		terms_of(&od, &ri, i, n);
		ipl_buf_reset(&od);
		if (ri.len > (1 << 20))
			put(fd, &ri);
	}
	put(fd, &ri);
	ipl_buf_adds(&b, "\n    }\n  }\n}\n");
	put(fd, &b);
	if (fstat(fd, &st) < 0 || close(fd) < 0) {
		perror(path);
		exit(1);
	}
	ipl_buf_release(&b);
	ipl_buf_release(&od);
	ipl_buf_release(&ri);
	return st.st_size;
}

/* the child: reads path in chunks, through the filter when parse is set */
static int
child(const char *path, bool parse)
{
	static char buf[CHUNK];
	struct ipl_aws_filter *f = parse ? ipl_aws_filter_new("AmazonRDS", "us-east-1") : NULL;
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t nr = 0;

	if (fd < 0)
		return 2;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (f && ipl_aws_filter_feed(f, buf, (size_t)n) < 0)
			break;
	close(fd);
	if (f) {
		if (ipl_aws_filter_finish(f) < 0) {
			fprintf(stderr, "bench_offer_parse: %s\n", ipl_aws_filter_error(f));
			return 1;
		}
		ipl_aws_filter_prices(f, &nr);
		ipl_aws_filter_free(f);
		/* the seven wanted SKUs, not the Extended Support decoy */
		return nr == 7 ? 0 : 3;
	}
	return 0;
}

static double
measure(const char *path, bool parse, long *peak_kib, int *status)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;

	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0)
		_exit(child(path, parse));
	if (pid < 0 || wait4(pid, status, 0, &ru) < 0) {
		perror("fork");
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*peak_kib = ru.ru_maxrss;
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

int
main(int argc, char **argv)
{
	long sizes[8] = { 25, 100 };
	int nsizes = 2, i;
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300];

	if (argc > 1) {
		nsizes = 0;
		for (i = 1; i < argc && nsizes < 8; i++) {
			sizes[nsizes] = strtol(argv[i], NULL, 10);
			if (sizes[nsizes] <= 0) {
				fprintf(stderr, "usage: bench_offer_parse [SIZE_MB...]\n");
				return 2;
			}
			nsizes++;
		}
	}
	snprintf(dir, sizeof(dir), "%s/ipl-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/index.json", dir);
	printf("synthetic AmazonRDS offer files, parsed in %d KiB chunks (child processes)\n\n",
	       CHUNK >> 10);
	printf("%10s %10s %10s %12s %16s %16s\n", "file MB", "parse s", "MB/s", "read-only s",
	       "peak RSS parse", "peak RSS read");
	for (i = 0; i < nsizes; i++) {
		off_t size = write_offer(path, sizes[i]);
		long peak_parse, peak_read;
		int st_parse, st_read;
		double t_read = measure(path, false, &peak_read, &st_read);
		double t_parse = measure(path, true, &peak_parse, &st_parse);
		double mb = (double)size / 1e6;

		printf("%10.1f %10.2f %10.1f %12.2f %13.1f MB %13.1f MB%s\n", mb, t_parse,
		       mb / t_parse, t_read, (double)peak_parse / 1024, (double)peak_read / 1024,
		       WIFEXITED(st_parse) && WEXITSTATUS(st_parse) == 0 ? "" : "  (parse FAILED)");
		unlink(path);
	}
	rmdir(dir);
	printf("\npeak RSS is the whole process (wait4 ru_maxrss); the parse column stays flat\n"
	       "as the file grows: the filter keeps only the SKUs its rules match.\n");
	return 0;
}
