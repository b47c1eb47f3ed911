/*
 * test_prices_update.c: `prices update` against an HTTP server on
 * 127.0.0.1 that this test starts (a forked process, one more fork per
 * connection, killed with its process group at the end of each test and
 * stopped by alarm() if a test hangs). It serves tests/fixtures/prices/ in
 * the real providers' URL layout and can misbehave on one target path:
 *
 *   404, a 500 once then success, a truncated body (Content-Length larger
 *   than what is sent), a stall (past the client's timeout), an oversized
 *   body (with and without Content-Length), malformed JSON, and a "changed"
 *   tree with new prices. It sends ETags and answers If-None-Match with 304.
 *
 * In each failure the previous cache file must be byte for byte intact and
 * the error must say what happened. The last tests run the real binary
 * (found beside this one: build/cmd/infraplan) for exit statuses and output.
 * Nothing here touches the internet; http_proxy points at a closed port to
 * prove that loopback requests bypass proxies.
 */
#include "core/common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <strings.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/diag.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "catalog/fetch/aws_offers.h"
#include "catalog/catalog_cache.h"
#include "catalog/fetch/fetch.h"
#include "catalog/fetch/price_update.h"

#define FIXTURES IPL_SOURCE_DIR "/tests/fixtures/prices"
#define SHOP_SPEC FIXTURES "/hetzner-shop.yaml"
#define TOKEN "test-token"
#define ECS_FILE "AmazonECS/20221121182130/us-east-1/index.json"
#define D_20261122 20261122
#define D_20261201 20261201

/* ---- The test server ---- */

enum mode {
	M_OK,
	M_404,
	M_FLAKY,
	M_TRUNCATE,
	M_STALL,
	M_BIG,
	M_BIG_CHUNKED,
	M_MALFORMED,
	M_CHANGED
};

struct server {
	pid_t pid;
	int port;
	char base[64];
	char log[PATH_MAX];
	char markers[PATH_MAX];
};

struct ctx {
	char dir[1024];
	char cache[PATH_MAX];
	struct server srv;
};

static void
send_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
log_request(const char *log, const char *path, int status)
{
	char line[PATH_MAX + 32];
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
	int n = snprintf(line, sizeof(line), "%s %d\n", path, status);

	if (fd >= 0) {
		if (write(fd, line, (size_t)n) < 0)
			_exit(1);
		close(fd);
	}
}

static void
reply(int fd, int status, const char *reason, const char *type, const char *etag, const char *body,
      size_t len)
{
	char head[512];
	int n = snprintf(
		head, sizeof(head),
		"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s%s"
		"Last-Modified: Fri, 20 Nov 2026 08:12:51 GMT\r\nConnection: close\r\n\r\n",
		status, reason, type, len, etag ? "ETag: " : "", etag ? etag : "",
		etag ? "\r\n" : "");

	send_all(fd, head, (size_t)n);
	send_all(fd, body, len);
}

static char *
header(const char *req, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = strstr(req, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		if (!strncasecmp(p + 2, name, n) && p[2 + n] == ':') {
			const char *v = p + 3 + n, *end;
			while (*v == ' ')
				v++;
			end = strstr(v, "\r\n");
			return strndup(v, end ? (size_t)(end - v) : strlen(v));
		}
	return NULL;
}

/* a body larger than any cap the tests set, shaped like an offer file */
static void
big_body(struct ipl_buf *b)
{
	int i;

	ipl_buf_adds(b,
		     "{\"formatVersion\": \"v1.0\", \"offerCode\": \"AmazonECS\", \"products\": {");
	for (i = 0; b->len < (2 << 20); i++)
		ipl_buf_addf(
			b,
			"%s\"SKU%07d\": {\"sku\": \"SKU%07d\", \"attributes\": {\"usagetype\": "
			"\"USE1-Other\"}}",
			i ? ", " : "", i, i);
	ipl_buf_adds(b, "}, \"terms\": {}}");
}

static void
handle(int fd, enum mode mode, const char *target, const char *log, const char *markers)
{
	char req[8192], path[1024], etag[64], file[PATH_MAX];
	struct timeval tv = { 5, 0 };
	struct ipl_buf body = IPL_BUF_INIT;
	size_t n = 0;
	uint32_t h = 2166136261u;
	bool on_target;
	char *inm, *auth;
	int status = 200;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (n < sizeof(req) - 1) {
		ssize_t r = recv(fd, req + n, sizeof(req) - 1 - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n] = '\0';
	if (sscanf(req, "GET %1023s HTTP/1.1", path) != 1 || strstr(path, "..")) {
		reply(fd, 400, "Bad Request", "text/plain", NULL, "bad request\n", 12);
		return;
	}
	on_target = !target || strstr(path, target);
	inm = header(req, "If-None-Match");
	auth = header(req, "Authorization");
	snprintf(file, sizeof(file), "%s/changed%s", FIXTURES, path);
	if (mode != M_CHANGED || ipl_buf_read_file(&body, file, 1 << 24) < 0) {
		ipl_buf_reset(&body);
		snprintf(file, sizeof(file), "%s%s", FIXTURES, path);
		if (ipl_buf_read_file(&body, file, 1 << 24) < 0)
			status = 404;
	}
	if (strstr(path, "/v1/pricing") && (!auth || strcmp(auth, "Bearer " TOKEN))) {
		const char *e = "{\"error\": {\"code\": \"unauthorized\", \"message\": \"unable to "
				"authenticate\"}}";
		log_request(log, path, 401);
		reply(fd, 401, "Unauthorized", "application/json", NULL, e, strlen(e));
		goto done;
	}
	if (status == 404 || (on_target && mode == M_404)) {
		log_request(log, path, 404);
		reply(fd, 404, "Not Found", "text/html", NULL, "<html>Not Found</html>\n", 23);
		goto done;
	}
	for (size_t i = 0; i < body.len; i++)
		h = (h ^ (unsigned char)body.data[i]) * 16777619u;
	snprintf(etag, sizeof(etag), "\"%zx-%08x\"", body.len, (unsigned)h);
	/* the failures below come first: a conditional request can fail like any other */
	if (on_target && mode == M_FLAKY) {
		char marker[PATH_MAX];
		snprintf(marker, sizeof(marker), "%s/%08x", markers, (unsigned)h);
		if (mkdir(marker, 0755) == 0) {
			log_request(log, path, 500);
			reply(fd, 500, "Internal Server Error", "text/plain", NULL, "oops\n", 5);
			goto done;
		}
	}
	if (on_target && mode == M_TRUNCATE) {
		char head[256];
		int k = snprintf(
			head, sizeof(head),
			"HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			body.len);
		log_request(log, path, 200);
		send_all(fd, head, (size_t)k);
		send_all(fd, body.data, body.len / 2);
		goto done;
	}
	if (on_target && mode == M_STALL) {
		char head[256];
		int k = snprintf(
			head, sizeof(head),
			"HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			body.len);
		log_request(log, path, 200);
		send_all(fd, head, (size_t)k);
		send_all(fd, body.data, 100);
		sleep(20);
		goto done;
	}
	if (on_target && (mode == M_BIG || mode == M_BIG_CHUNKED)) {
		ipl_buf_reset(&body);
		big_body(&body);
		log_request(log, path, 200);
		if (mode == M_BIG) {
			reply(fd, 200, "OK", "application/json", NULL, body.data, body.len);
		} else {
			/* no Content-Length: the body ends when the connection closes */
			const char *head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
			send_all(fd, head, strlen(head));
			send_all(fd, body.data, body.len);
		}
		goto done;
	}
	if (on_target && mode == M_MALFORMED) {
		/* an unquoted key in the second half: "USD" -> USD_ */
		char *p = strstr(body.data + body.len / 2, "\"USD\"");
		if (p)
			memcpy(p, "USD_ ", 5);
		snprintf(etag, sizeof(etag), "\"bad-%zx\"", body.len);
	}
	if (inm && !strcmp(inm, etag)) {
		char head[256];
		int k = snprintf(
			head, sizeof(head),
			"HTTP/1.1 304 Not Modified\r\nETag: %s\r\nConnection: close\r\n\r\n", etag);
		log_request(log, path, 304);
		send_all(fd, head, (size_t)k);
		goto done;
	}
	log_request(log, path, 200);
	reply(fd, 200, "OK", strstr(path, ".xml") ? "text/xml" : "application/json", etag,
	      body.data, body.len);
done:
	free(inm);
	free(auth);
	ipl_buf_release(&body);
}

static void
server_start(struct ctx *c, enum mode mode, const char *target)
{
	struct server *s = &c->srv;
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(lfd >= 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* a restarted server keeps its port: cached validators belong to a URL */
	a.sin_port = htons((uint16_t)s->port);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 64), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	snprintf(s->log, sizeof(s->log), "%s/server.log", c->dir);
	snprintf(s->markers, sizeof(s->markers), "%s/markers", c->dir);
	mkdir(s->markers, 0755);
	unlink(s->log);
	fflush(NULL);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		setpgid(0, 0);
		signal(SIGCHLD, SIG_IGN);
		alarm(120);
		for (;;) {
			int fd = accept(lfd, NULL, NULL);
			pid_t p;
			if (fd < 0) {
				if (errno == EINTR)
					continue;
				_exit(0);
			}
			p = fork();
			if (p == 0) {
				close(lfd);
				handle(fd, mode, target, s->log, s->markers);
				close(fd);
				_exit(0);
			}
			close(fd);
		}
	}
	setpgid(s->pid, s->pid);
	close(lfd);
}

static void
server_stop(struct ctx *c)
{
	if (c->srv.pid > 0) {
		kill(-c->srv.pid, SIGKILL);
		kill(c->srv.pid, SIGKILL);
		waitpid(c->srv.pid, NULL, 0);
		c->srv.pid = 0;
	}
}

/* how many requests for a path containing `part` ended with `status` */
static int
served(const struct ctx *c, const char *part, int status)
{
	struct ipl_buf log = IPL_BUF_INIT;
	char want[16];
	const char *line;
	int count = 0;

	snprintf(want, sizeof(want), " %d\n", status);
	if (ipl_buf_read_file(&log, c->srv.log, 1 << 20) < 0)
		return 0;
	for (line = log.data; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		char *l = strndup(line, n);
		if (strstr(l, part) && strstr(l, want))
			count++;
		free(l);
		line = nl ? nl + 1 : NULL;
	}
	ipl_buf_release(&log);
	return count;
}

/* ---- Fixture and helpers ---- */

static int
setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	const char *tmp = getenv("TMPDIR");

	snprintf(c->dir, sizeof(c->dir), "%s/ipl-prices-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(c->cache, sizeof(c->cache), "%s/cache/infraplan", c->dir);
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[PATH_MAX + 16];

	server_stop(c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	if (system(cmd) != 0)
		return -1;
	free(c);
	return 0;
}

struct run {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_update_report report;
	struct ipl_fetch_config cfg;
	int rc;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	ipl_arena_init(&r->arena);
	ipl_diags_init(&r->diags);
	assert_int_equal(ipl_fetch_config_init(&r->cfg, &r->diags), 0);
	r->cfg.connect_timeout_s = 2;
	r->cfg.timeout_s = 5;
	r->cfg.retries = 2;
	r->cfg.backoff_ms = 10;
}

static void
run_release(struct run *r)
{
	ipl_diags_release(&r->diags);
	ipl_arena_release(&r->arena);
}

/* prices update into c->cache, the catalog before it loaded from the same cache */
static void
update(struct ctx *c, struct run *r, unsigned providers, int today, const char *token)
{
	struct ipl_prices_update_opts o = { 0 };
	struct ipl_catalog *cat;

	assert_int_equal(ipl_catalog_load(&cat, false, c->cache, NULL, &r->arena, &r->diags), 0);
	o.providers = providers;
	o.base_url = c->srv.base;
	o.hetzner_token = token;
	o.cache_dir = c->cache;
	o.fetch = &r->cfg;
	o.catalog = cat;
	o.today = today;
	r->rc = ipl_prices_update(&r->report, &o, &r->arena, &r->diags);
}

static const struct ipl_update_item *
item(const struct run *r, const char *what)
{
	size_t i;

	for (i = 0; i < r->report.nr; i++)
		if (!strcmp(r->report.items[i].what, what))
			return &r->report.items[i];
	fail_msg("no report item \"%s\"", what);
	return NULL;
}

/* the one error diagnostic, as a line */
static const char *
error_text(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->diags.nr; i++)
		if (r->diags.items[i].severity == IPL_ERROR)
			return r->diags.items[i].message;
	return "";
}

static char *
cache_file(const struct ctx *c, const char *name)
{
	struct ipl_buf b = IPL_BUF_INIT;

	ipl_buf_addf(&b, "%s/%s", c->cache, name);
	return ipl_buf_detach(&b, NULL);
}

static void
read_file(const char *path, struct ipl_buf *b)
{
	ipl_buf_reset(b);
	assert_int_equal(ipl_buf_read_file(b, path, 1 << 24), 0);
}

/* a good cache of every provider, and a copy of the AmazonECS file to compare with */
static void
good_cache(struct ctx *c, struct ipl_buf *ecs)
{
	struct run r;
	char *path = cache_file(c, "aws-us-east-1-AmazonECS.json");

	server_start(c, M_OK, NULL);
	run_init(&r);
	update(c, &r, IPL_PRICES_ALL, D_20261122, TOKEN);
	assert_int_equal(r.rc, 0);
	run_release(&r);
	server_stop(c);
	read_file(path, ecs);
	free(path);
}

static double
catalog_price(const struct ctx *c, const char *provider, const char *id, int date,
	      const char **origin)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	const struct ipl_offer *o;
	const struct ipl_price *p;
	double v = -1;

	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_catalog_load(&cat, false, c->cache, NULL, &arena, &diags), 0);
	assert_int_equal(diags.nr, 0);
	o = ipl_catalog_find(cat, provider, id);
	p = o ? ipl_offer_price_at(o, date ? date : cat->date_ymd) : NULL;
	if (p) {
		v = p->amount;
		if (origin)
			*origin = strstr(p->origin, "/cache/infraplan/") ? "cache" : p->origin;
	}
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return v;
}

/* the monthly total of the Hetzner shop spec with the catalog of the cache */
static double
shop_cost(const struct ctx *c, bool offline, char *date_out)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_spec *spec;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	double total;

	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_spec_load(&spec, SHOP_SPEC, &arena, &diags), 0);
	assert_int_equal(ipl_catalog_load(&cat, offline, c->cache, NULL, &arena, &diags), 0);
	assert_int_equal(ipl_plan_build(&plan, spec, cat, NULL, &arena, &diags), 0);
	assert_int_equal(ipl_cost_estimate(&cost, plan, NULL, &arena, &diags), 0);
	total = cost->monthly_total;
	if (date_out)
		snprintf(date_out, 11, "%s", cat->date);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return total;
}

/* ---- Success, 304, changes ---- */

static void
test_update_all_providers(void **state)
{
	struct ctx *c = *state;
	struct run r;
	const char *origin = NULL;
	char *path;

	server_start(c, M_OK, NULL);
	run_init(&r);
	update(c, &r, IPL_PRICES_ALL, D_20261122, TOKEN);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.diags.errors, 0);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->status, IPL_UPDATE_UPDATED);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->prices_nr, 4);
	assert_int_equal(item(&r, "aws AmazonRDS us-east-1")->prices_nr, 7);
	assert_int_equal(item(&r, "aws AmazonElastiCache us-east-1")->prices_nr, 3);
	assert_int_equal(item(&r, "aws AWSQueueService us-east-1")->prices_nr, 1);
	assert_int_equal(item(&r, "aws AmazonS3 us-east-1")->prices_nr, 1);
	assert_int_equal(item(&r, "aws Fargate Spot us-east-1")->status, IPL_UPDATE_UPDATED);
	assert_int_equal(item(&r, "hetzner fsn1")->status, IPL_UPDATE_UPDATED);
	/* ccx13 is priced but the catalog does not know its size */
	assert_non_null(strstr(item(&r, "hetzner fsn1")->note, "ccx13"));
	assert_int_equal(item(&r, "rates ECB")->status, IPL_UPDATE_UPDATED);
	/* rds-gp2 is new to the catalog: reported as such */
	assert_int_equal(item(&r, "aws AmazonRDS us-east-1")->changes_nr, 1);
	assert_string_equal(item(&r, "aws AmazonRDS us-east-1")->changes[0].id, "rds-gp2");
	run_release(&r);

	/* the cache is read on top of the embedded catalog */
	assert_true(catalog_price(c, "aws", "fargate-x86-vcpu", 0, &origin) == 0.04048);
	assert_string_equal(origin, "cache");
	assert_true(catalog_price(c, "aws", "rds-backup", 0, &origin) == 0.095);
	assert_true(catalog_price(c, "aws", "sqs-standard", 0, NULL) == 0.4);
	assert_true(catalog_price(c, "hetzner", "cax21", 0, &origin) == 7.99);
	assert_string_equal(origin, "cache");
	/* the history stays: an older date still gets the embedded price */
	assert_true(catalog_price(c, "hetzner", "cx33", 20260501, &origin) == 6.49);
	assert_string_equal(origin, "embedded");
	/* the derived Spot price keeps the embedded discount: same on-demand, same Spot */
	assert_true(fabs(catalog_price(c, "aws", "fargate-spot-x86-vcpu", 0, NULL) - 0.01288871) <
		    1e-9);
	/* the cache files are catalog files with their source */
	path = cache_file(c, "rates.json");
	{
		struct ipl_buf b = IPL_BUF_INIT;
		read_file(path, &b);
		assert_non_null(strstr(b.data, "\"value\": 1.1602"));
		assert_non_null(strstr(b.data, "\"etag\": \""));
		assert_non_null(strstr(b.data, "\"valid_from\": \"2026-11-20\""));
		ipl_buf_release(&b);
	}
	free(path);
}

static void
test_not_modified_keeps_cache(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf before = IPL_BUF_INIT, after = IPL_BUF_INIT;
	struct run r;
	char *path = cache_file(c, "aws-us-east-1-AmazonECS.json");

	good_cache(c, &before);
	server_start(c, M_OK, NULL);
	run_init(&r);
	update(c, &r, IPL_PRICES_AWS | IPL_PRICES_RATES, D_20261201, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->status, IPL_UPDATE_UNCHANGED);
	assert_int_equal(item(&r, "rates ECB")->status, IPL_UPDATE_UNCHANGED);
	/* Spot follows on-demand, which did not change */
	assert_int_equal(item(&r, "aws Fargate Spot us-east-1")->status, IPL_UPDATE_SKIPPED);
	assert_int_equal(served(c, ECS_FILE, 304), 1);
	assert_int_equal(served(c, ECS_FILE, 200), 0);
	run_release(&r);
	/* the same prices, confirmed on the new date */
	read_file(path, &after);
	assert_non_null(strstr(after.data, "\"date\": \"2026-12-01\""));
	assert_non_null(strstr(before.data, "\"date\": \"2026-11-22\""));
	assert_true(catalog_price(c, "aws", "fargate-x86-vcpu", 0, NULL) == 0.04048);
	free(path);
	ipl_buf_release(&before);
	ipl_buf_release(&after);
}

static void
test_changed_price_changes_cost(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf ecs = IPL_BUF_INIT;
	struct run r;
	const struct ipl_update_item *it;
	char date[11];

	/* the embedded catalog: CAX21 7.99 + primary IPv4 0.50 + postgres's 10 GB volume 0.57 */
	assert_true(fabs(shop_cost(c, true, date) - 9.06) < 1e-9);
	good_cache(c, &ecs);
	assert_true(fabs(shop_cost(c, false, date) - 9.06) < 1e-9);
	assert_string_equal(date, "2026-11-22");

	server_start(c, M_CHANGED, NULL);
	run_init(&r);
	update(c, &r, IPL_PRICES_ALL, D_20261201, TOKEN);
	assert_int_equal(r.rc, 0);
	it = item(&r, "aws AmazonECS us-east-1");
	assert_int_equal(it->status, IPL_UPDATE_UPDATED);
	assert_int_equal(it->changes_nr, 1);
	assert_string_equal(it->changes[0].id, "fargate-x86-vcpu");
	assert_true(it->changes[0].from == 0.04048 && it->changes[0].to == 0.04456);
	/* the new version's file is fetched whole, not with the old file's ETag */
	assert_int_equal(served(c, "AmazonECS/20261201120000/us-east-1/index.json", 200), 1);
	it = item(&r, "hetzner fsn1");
	assert_int_equal(it->changes_nr, 2);
	assert_int_equal(item(&r, "rates ECB")->changes_nr, 1);
	run_release(&r);

	assert_true(catalog_price(c, "aws", "fargate-x86-vcpu", 0, NULL) == 0.04456);
	/* Spot moves with on-demand: the dated discount, applied to the new price */
	assert_true(fabs(catalog_price(c, "aws", "fargate-spot-x86-vcpu", 0, NULL) -
			 0.04456 * 0.01288871 / 0.04048) < 1e-9);
	/* CAX21 rose to 8.49 on 2026-12-01: the plan's cost rises with it */
	assert_true(fabs(shop_cost(c, false, date) - 9.56) < 1e-9);
	assert_string_equal(date, "2026-12-01");
	/* the price of the day before is still the one of the first update */
	assert_true(catalog_price(c, "hetzner", "cax21", 20261130, NULL) == 7.99);
	/* offline, only the embedded catalog */
	assert_true(fabs(shop_cost(c, true, date) - 9.06) < 1e-9);
	ipl_buf_release(&ecs);
}

/* ---- Failures: the previous cache stays, the error says what happened ---- */

static void
failure_case(struct ctx *c, enum mode mode, const char *target, void (*tune)(struct run *),
	     const char *expect)
{
	struct ipl_buf before = IPL_BUF_INIT, after = IPL_BUF_INIT;
	char *path = cache_file(c, "aws-us-east-1-AmazonECS.json");
	struct run r;
	const char *err;

	good_cache(c, &before);
	server_start(c, mode, target);
	run_init(&r);
	if (tune)
		tune(&r);
	update(c, &r, IPL_PRICES_AWS, D_20261201, NULL);
	assert_int_equal(r.rc, -1);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->status, IPL_UPDATE_FAILED);
	/* the other offer files are independent and still update */
	assert_int_equal(item(&r, "aws AmazonRDS us-east-1")->status, IPL_UPDATE_UNCHANGED);
	assert_int_equal(r.diags.errors, 1);
	err = error_text(&r);
	if (!strstr(err, expect) || !strstr(err, "the previous cache was kept"))
		fail_msg("error \"%s\" does not say \"%s\" and that the cache was kept", err,
			 expect);
	assert_null(strchr(err, '\n'));
	run_release(&r);
	read_file(path, &after);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.data, after.data, before.len);
	assert_true(catalog_price(c, "aws", "fargate-x86-vcpu", 0, NULL) == 0.04048);
	free(path);
	ipl_buf_release(&before);
	ipl_buf_release(&after);
}

static void
test_404(void **state)
{
	failure_case(*state, M_404, ECS_FILE, NULL, "HTTP 404 Not Found");
}

static void
test_500_then_success(void **state)
{
	struct ctx *c = *state;
	struct run r;

	server_start(c, M_FLAKY, ECS_FILE);
	run_init(&r);
	update(c, &r, IPL_PRICES_AWS, D_20261122, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->status, IPL_UPDATE_UPDATED);
	assert_int_equal(item(&r, "aws AmazonECS us-east-1")->attempts,
			 3); /* region index, 500, 200 */
	assert_int_equal(served(c, ECS_FILE, 500), 1);
	assert_int_equal(served(c, ECS_FILE, 200), 1);
	run_release(&r);
}

static void
no_retries(struct run *r)
{
	r->cfg.retries = 0;
}

static void
test_500_every_time(void **state)
{
	struct ctx *c = *state;

	/* the flaky server fails once per path: without retries that is a failure */
	failure_case(c, M_FLAKY, ECS_FILE, no_retries, "HTTP 500 Internal Server Error");
}

static void
test_truncated_body(void **state)
{
	failure_case(*state, M_TRUNCATE, ECS_FILE, NULL,
		     "truncated body: the connection closed after");
}

static void
short_timeout(struct run *r)
{
	r->cfg.timeout_s = 1;
}

static void
test_stall_times_out(void **state)
{
	failure_case(*state, M_STALL, ECS_FILE, short_timeout, "timed out after 1 s");
}

static void
small_cap(struct run *r)
{
	r->cfg.max_bytes = 1 << 20;
	r->cfg.max_bytes_forced = true;
}

static void
test_oversized_body(void **state)
{
	failure_case(*state, M_BIG, ECS_FILE, small_cap, "body larger than 1048576 bytes");
}

static void
test_oversized_body_without_length(void **state)
{
	failure_case(*state, M_BIG_CHUNKED, ECS_FILE, small_cap, "body larger than 1048576 bytes");
}

static void
test_malformed_json(void **state)
{
	failure_case(*state, M_MALFORMED, ECS_FILE, NULL, "malformed JSON at byte ");
}

/* the offers index fails: no offer file is even asked for, and every cache file stays */
static void
test_index_404(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf before = IPL_BUF_INIT;
	struct run r;

	good_cache(c, &before);
	server_start(c, M_404, "/offers/v1.0/aws/index.json");
	run_init(&r);
	update(c, &r, IPL_PRICES_AWS, D_20261201, NULL);
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.report.nr, 1);
	assert_string_equal(item(&r, "aws offers index")->what, "aws offers index");
	assert_non_null(strstr(error_text(&r), "/offers/v1.0/aws/index.json: HTTP 404 Not Found; "
					       "the previous cache was kept"));
	assert_int_equal(served(c, "us-east-1/index.json", 200), 0);
	run_release(&r);
	assert_true(catalog_price(c, "aws", "fargate-x86-vcpu", 0, NULL) == 0.04048);
	ipl_buf_release(&before);
}

static void
test_failure_without_cache(void **state)
{
	struct ctx *c = *state;
	struct run r;
	char *path = cache_file(c, "aws-us-east-1-AmazonECS.json");

	server_start(c, M_404, ECS_FILE);
	run_init(&r);
	update(c, &r, IPL_PRICES_AWS, D_20261122, NULL);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(error_text(&r), "HTTP 404 Not Found; nothing was cached"));
	assert_int_equal(access(path, F_OK), -1);
	run_release(&r);
	free(path);
}

/* ---- Hetzner, Spot feed, URL policy, cache loading ---- */

static void
test_hetzner_token(void **state)
{
	struct ctx *c = *state;
	struct run r;

	server_start(c, M_OK, NULL);
	run_init(&r);
	update(c, &r, IPL_PRICES_HETZNER, D_20261122, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(item(&r, "hetzner fsn1")->status, IPL_UPDATE_SKIPPED);
	assert_non_null(strstr(item(&r, "hetzner fsn1")->note, "HCLOUD_TOKEN"));
	assert_int_equal(served(c, "/v1/pricing", 200) + served(c, "/v1/pricing", 401), 0);
	run_release(&r);

	run_init(&r);
	update(c, &r, IPL_PRICES_HETZNER, D_20261122, "wrong-token");
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(error_text(&r), "HTTP 401 Unauthorized; nothing was cached"));
	run_release(&r);
}

static void
test_spot_feed(void **state)
{
	struct ctx *c = *state;
	struct ipl_prices_update_opts o = { 0 };
	struct ipl_catalog *cat;
	struct run r;
	char url[128];

	server_start(c, M_OK, NULL);
	run_init(&r);
	snprintf(url, sizeof(url), "%s/fargate-spot-prices.json", c->srv.base);
	assert_int_equal(ipl_catalog_load(&cat, false, c->cache, NULL, &r.arena, &r.diags), 0);
	o.providers = IPL_PRICES_AWS;
	o.base_url = c->srv.base;
	o.spot_url = url;
	o.cache_dir = c->cache;
	o.fetch = &r.cfg;
	o.catalog = cat;
	o.today = D_20261122;
	assert_int_equal(ipl_prices_update(&r.report, &o, &r.arena, &r.diags), 0);
	run_release(&r);
	/* x86 us-east-1, not the ARM entry or eu-west-1 */
	assert_true(catalog_price(c, "aws", "fargate-spot-x86-vcpu", 0, NULL) == 0.01288871);
	assert_true(catalog_price(c, "aws", "fargate-spot-x86-gb", 0, NULL) == 0.00141527);
}

static void
test_plain_http_refused(void **state)
{
	struct ipl_fetch_config cfg;
	struct ipl_fetch_request req = { 0 };
	struct ipl_fetch_result res;
	struct ipl_diags d;

	(void)state;
	ipl_diags_init(&d);
	ipl_fetch_config_init(&cfg, &d);
	req.url = "http://pricing.example.invalid/offers/v1.0/aws/index.json";
	assert_int_equal(ipl_fetch(&cfg, &req, &res), -1);
	assert_non_null(strstr(res.error, "refusing plain http to pricing.example.invalid"));
	ipl_fetch_result_release(&res);
	req.url = "ftp://127.0.0.1/x";
	assert_int_equal(ipl_fetch(&cfg, &req, &res), -1);
	assert_non_null(strstr(res.error, "unsupported URL scheme"));
	ipl_fetch_result_release(&res);
	assert_true(ipl_fetch_url_is_loopback("http://127.0.0.1:8080/x"));
	assert_true(ipl_fetch_url_is_loopback("http://[::1]:8080/x"));
	assert_true(ipl_fetch_url_is_loopback("http://localhost/x"));
	assert_false(ipl_fetch_url_is_loopback("http://127.0.0.1.example.com/x"));
	assert_false(ipl_fetch_url_is_loopback("http://10.0.0.1/x"));
	ipl_diags_release(&d);
}

/*
 * TLS verification cannot be turned off: a server with a self-signed
 * certificate (openssl s_server on 127.0.0.1; skipped without openssl) is
 * refused with a TLS error, and nothing is cached.
 */
static void
test_tls_verified(void **state)
{
	struct ctx *c = *state;
	struct ipl_fetch_config cfg;
	struct ipl_fetch_request req = { 0 };
	struct ipl_fetch_result res;
	struct ipl_diags d;
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	char cmd[3 * 1100], accept_arg[64], url[128], key[1100], crt[1100];
	int fd, port, i;
	pid_t pid;

	if (system("command -v openssl >/dev/null 2>&1") != 0)
		skip();
	snprintf(key, sizeof(key), "%s/key.pem", c->dir);
	snprintf(crt, sizeof(crt), "%s/cert.pem", c->dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 1 "
		 "-subj /CN=127.0.0.1 >/dev/null 2>&1",
		 key, crt);
	if (system(cmd) != 0)
		skip();
	/* a free port: bind to 0, read it, let it go for s_server */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%d", port);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		alarm(60);
		execlp("openssl", "openssl", "s_server", "-accept", accept_arg, "-cert", crt,
		       "-key", key, "-www", (char *)NULL);
		_exit(127);
	}
	/* wait until it listens */
	for (i = 0; i < 100; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
			close(fd);
			break;
		}
		close(fd);
		nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	}
	ipl_diags_init(&d);
	ipl_fetch_config_init(&cfg, &d);
	cfg.retries = 0;
	cfg.timeout_s = 10;
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/offers/v1.0/aws/index.json", port);
	req.url = url;
	assert_int_equal(ipl_fetch(&cfg, &req, &res), -1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!strstr(res.error, "TLS error: ") || !strstr(res.error, "certificate"))
		fail_msg("expected a TLS certificate error, got \"%s\"", res.error);
	ipl_fetch_result_release(&res);
	ipl_diags_release(&d);
}

static void
test_broken_cache_ignored(void **state)
{
	struct ctx *c = *state;
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	char *path = cache_file(c, "hetzner.json");

	assert_int_equal(ipl_mkdir_p(c->cache), 0);
	assert_int_equal(ipl_atomic_write(path, "{\"format\": 1, \"offers\": [", 26, 0644), 0);
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_catalog_load(&cat, false, c->cache, NULL, &arena, &diags), 0);
	assert_int_equal(diags.nr, 1);
	assert_int_equal(diags.items[0].severity, IPL_WARNING);
	assert_non_null(strstr(diags.items[0].message, "price cache ignored"));
	assert_string_equal(cat->name, "embedded");
	assert_true(
		ipl_offer_price_at(ipl_catalog_find(cat, "hetzner", "cax21"), 20261122)->amount ==
		7.99);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	free(path);
}

static void
test_stale_warning(void **state)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_catalog_load(&cat, true, NULL, NULL, &arena, &diags), 0);
	assert_int_equal(ipl_days_between(20261122, 20270220), 90);
	assert_false(ipl_catalog_check_age(cat, "hetzner", 20270220, &diags));
	assert_true(ipl_catalog_check_age(cat, "hetzner", 20270221, &diags));
	assert_int_equal(diags.nr, 1);
	assert_string_equal(diags.items[0].message,
			    "the hetzner prices are from 2026-11-22, 91 days ago (more than 90); "
			    "'infraplan prices update' fetches current ones");
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

/* ---- The binary ---- */

static bool
binary(char *out, size_t size)
{
	char self[2048];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return false;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = '\0';
	snprintf(out, size, "%s/../cmd/infraplan", self);
	return access(out, X_OK) == 0;
}

/*
 * Runs infraplan with args, XDG_CACHE_HOME in the test's directory and
 * SOURCE_DATE_EPOCH epoch; env holds "NAME=VALUE" to set and "NAME" to unset.
 * stdout and stderr go into bufs; returns the exit status.
 */
static int
cli(struct ctx *c, const char *const *args, const char *epoch, const char *const *env,
    struct ipl_buf *out, struct ipl_buf *err)
{
	char bin[PATH_MAX], xdg[PATH_MAX], o[PATH_MAX], e[PATH_MAX];
	const char *argv[16];
	int status, i;
	pid_t pid;

	if (!binary(bin, sizeof(bin)))
		skip();
	snprintf(xdg, sizeof(xdg), "%s/cache", c->dir);
	snprintf(o, sizeof(o), "%s/stdout", c->dir);
	snprintf(e, sizeof(e), "%s/stderr", c->dir);
	argv[0] = bin;
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fo = open(o, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(e, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
			_exit(126);
		setenv("XDG_CACHE_HOME", xdg, 1);
		setenv("HCLOUD_TOKEN", TOKEN, 1);
		setenv("INFRAPLAN_HTTP_TIMEOUT", "5", 1);
		setenv("INFRAPLAN_HTTP_BACKOFF_MS", "10", 1);
		setenv("SOURCE_DATE_EPOCH", epoch, 1);
		unsetenv("INFRAPLAN_OFFLINE");
		for (i = 0; env && env[i]; i++) {
			const char *eq = strchr(env[i], '=');
			if (eq) {
				char *name = strndup(env[i], (size_t)(eq - env[i]));
				setenv(name, eq + 1, 1);
				free(name);
			} else {
				unsetenv(env[i]);
			}
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	read_file(o, out);
	read_file(e, err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

#define EPOCH_20261122 "1795305600"
#define EPOCH_20261201 "1796083200"
#define EPOCH_20270221 "1803168000"

static size_t
lines(const struct ipl_buf *b)
{
	size_t n = 0, i;

	for (i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

static void
test_cli_update_show_cost(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf out = IPL_BUF_INIT, err = IPL_BUF_INIT;

	server_start(c, M_OK, NULL);
	{
		const char *a[] = { "prices", "update", "--base-url", c->srv.base, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "aws AmazonECS us-east-1: updated, 4 prices"));
		assert_non_null(strstr(out.data, "hetzner fsn1: updated, 10 prices"));
		assert_non_null(strstr(out.data, "  rds-gp2: new, 0.115 USD/GB-month"));
		assert_non_null(strstr(out.data, "  USD: 1.1539 -> 1.1602 USD per EUR"));
		/* not a terminal: no progress bar, nothing on stderr */
		assert_string_equal(err.data, "");
	}
	{
		/* --wide: each price's origin, the cache file it came from */
		const char *a[] = { "prices", "show", "--wide", "hetzner", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "catalog embedded+cache (2026-11-22)"));
		assert_non_null(strstr(out.data, "cache:hetzner.json"));
		assert_non_null(strstr(out.data, "* hetzner   cax21"));
		assert_null(strstr(out.data, "fargate"));
	}
	{
		const char *a[] = { "--offline", "prices", "show", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "catalog embedded (2026-11-22)"));
		assert_non_null(strstr(out.data, "cache: not read (offline)"));
		assert_null(strstr(out.data, "cache:hetzner.json"));
	}
	{
		const char *a[] = { "cost", SHOP_SPEC, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "catalog embedded+cache (2026-11-22)"));
		assert_non_null(strstr(out.data, "TOTAL a month                           9.06"));
		assert_string_equal(err.data, "");
	}
	server_stop(c);

	/* a week later the API has new prices: the plan's cost follows */
	server_start(c, M_CHANGED, NULL);
	{
		const char *a[] = { "prices", "update", "--base-url", c->srv.base, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261201, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "  cax21: 7.99 -> 8.49 EUR/month"));
		assert_non_null(
			strstr(out.data, "  fargate-x86-vcpu: 0.04048 -> 0.04456 USD/hour"));
		/* unchanged files are confirmed with a 304 */
		assert_non_null(
			strstr(out.data, "aws AmazonRDS us-east-1: unchanged (304 Not Modified)"));
	}
	{
		const char *a[] = { "cost", SHOP_SPEC, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261201, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "prices as of 2026-12-01 (catalog embedded+cache "
						 "(2026-12-01))"));
		assert_non_null(strstr(out.data, "TOTAL a month                           9.56"));
	}
	{
		const char *a[] = { "--offline", "cost", SHOP_SPEC, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261201, NULL, &out, &err), 0);
		assert_non_null(strstr(out.data, "TOTAL a month                           9.06"));
	}
	{
		/* 91 days after the embedded Hetzner prices: a warning, on stderr only */
		const char *a[] = { "cost", SHOP_SPEC, NULL };
		const char *e[] = { "INFRAPLAN_OFFLINE=1", NULL };
		assert_int_equal(cli(c, a, EPOCH_20270221, e, &out, &err), 0);
		assert_non_null(
			strstr(err.data,
			       "catalog: warning: the hetzner prices are from 2026-11-22, 91 days "
			       "ago (more than 90); 'infraplan prices update' fetches current "
			       "ones\n"));
		/* and the price that chose the server is older than 90 days against the catalog */
		assert_non_null(strstr(err.data, "CAX21 for \"main\" was chosen on a price from "
						 "2026-04-01"));
		assert_null(strstr(out.data, "warning"));
	}
	server_stop(c);
	ipl_buf_release(&out);
	ipl_buf_release(&err);
}

static void
test_cli_failure(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf out = IPL_BUF_INIT, err = IPL_BUF_INIT, before = IPL_BUF_INIT,
		       after = IPL_BUF_INIT;
	char *path = cache_file(c, "hetzner.json");

	server_start(c, M_OK, NULL);
	{
		const char *a[] = { "prices",     "update",    "--provider", "hetzner",
				    "--base-url", c->srv.base, NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 0);
	}
	server_stop(c);
	read_file(path, &before);
	server_start(c, M_STALL, "/v1/pricing");
	{
		const char *a[] = { "prices",     "update",    "--provider", "hetzner",
				    "--base-url", c->srv.base, NULL };
		const char *e[] = { "INFRAPLAN_HTTP_TIMEOUT=1", NULL };
		struct ipl_buf want = IPL_BUF_INIT;
		assert_int_equal(cli(c, a, EPOCH_20261201, e, &out, &err), 3);
		ipl_buf_addf(&want,
			     "hetzner fsn1: error: %s/v1/pricing: timed out after 1 s (100 bytes "
			     "received); the previous cache was kept\n",
			     c->srv.base);
		assert_string_equal(err.data, want.data);
		assert_int_equal(lines(&err), 1);
		assert_string_equal(out.data, "");
		ipl_buf_release(&want);
	}
	server_stop(c);
	read_file(path, &after);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.data, after.data, before.len);
	free(path);
	ipl_buf_release(&out);
	ipl_buf_release(&err);
	ipl_buf_release(&before);
	ipl_buf_release(&after);
}

static void
test_cli_usage(void **state)
{
	struct ctx *c = *state;
	struct ipl_buf out = IPL_BUF_INIT, err = IPL_BUF_INIT;

	{
		const char *a[] = { "prices", "update", "--provider", "hetzner", NULL };
		const char *e[] = { "HCLOUD_TOKEN", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, e, &out, &err), 2);
		assert_non_null(strstr(err.data, "needs a token: set HCLOUD_TOKEN"));
	}
	{
		const char *a[] = { "prices", "update", "--base-url", "http://example.com", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 2);
		assert_non_null(strstr(err.data, "refusing plain http to 'http://example.com'"));
	}
	{
		const char *a[] = { "prices", "update", NULL };
		const char *e[] = { "INFRAPLAN_OFFLINE=1", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, e, &out, &err), 2);
		assert_non_null(strstr(err.data, "INFRAPLAN_OFFLINE is set"));
	}
	{
		const char *a[] = { "prices", "update", "--provider", "azure", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 2);
	}
	{
		const char *a[] = { "prices", "update", NULL };
		const char *e[] = { "INFRAPLAN_HTTP_TIMEOUT=soon", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, e, &out, &err), 2);
		assert_non_null(strstr(err.data, "INFRAPLAN_HTTP_TIMEOUT: error: invalid value"));
	}
	{
		const char *a[] = { "prices", "show", "hetzne", NULL };
		assert_int_equal(cli(c, a, EPOCH_20261122, NULL, &out, &err), 2);
		assert_non_null(strstr(err.data, "did you mean 'hetzner'?"));
	}
	ipl_buf_release(&out);
	ipl_buf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_update_all_providers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_modified_keeps_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_price_changes_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_500_then_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_500_every_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stall_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_body_without_length, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_malformed_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_without_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hetzner_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spot_feed, setup, teardown),
		cmocka_unit_test(test_plain_http_refused),
		cmocka_unit_test_setup_teardown(test_tls_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_cache_ignored, setup, teardown),
		cmocka_unit_test(test_stale_warning),
		cmocka_unit_test_setup_teardown(test_cli_update_show_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_usage, setup, teardown),
	};

	/* a proxy that does not exist: loopback requests must not go through it */
	setenv("http_proxy", "http://127.0.0.1:9", 1);
	setenv("https_proxy", "http://127.0.0.1:9", 1);
	setenv("SOURCE_DATE_EPOCH", EPOCH_20261122, 1);
	unsetenv("INFRAPLAN_OFFLINE");
	unsetenv("INFRAPLAN_HTTP_MAX_BYTES");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
