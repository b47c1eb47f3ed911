/*
 * fetch.c: HTTP GET over libcurl with the behaviour fetch.h promises. One
 * easy handle per request: `prices update` makes a handful of requests, so
 * connection reuse would save little and cost clarity.
 */
#include "core/common.h"

#include <errno.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "core/xalloc.h"
#include "catalog/fetch/fetch.h"

#define DEFAULT_CONNECT_TIMEOUT_S 15
#define DEFAULT_TIMEOUT_S 600
#define DEFAULT_STALL_S 30
#define DEFAULT_MAX_BYTES ((uint64_t)2 << 30)
#define DEFAULT_RETRIES 3
#define DEFAULT_BACKOFF_MS 1000
#define MAX_DELAY_MS 60000
/* an error page is read (to keep the connection sane) but never kept */
#define MAX_ERROR_BODY (1 << 20)

/* ---- Configuration ---- */

static int
env_number(const char *name, long long min, long long max, long long *out, struct ipl_diags *diags)
{
	const char *s = getenv(name);
	char *end;
	long long v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		return ipl_error(diags, name, (struct ipl_loc){ 0, 0 },
				 "invalid value \"%s\"; expected a whole number from %lld to %lld",
				 s, min, max);
	*out = v;
	return 1;
}

int
ipl_fetch_config_init(struct ipl_fetch_config *cfg, struct ipl_diags *diags)
{
	long long v;
	int rc = 0, r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->connect_timeout_s = DEFAULT_CONNECT_TIMEOUT_S;
	cfg->timeout_s = DEFAULT_TIMEOUT_S;
	cfg->stall_s = DEFAULT_STALL_S;
	cfg->max_bytes = DEFAULT_MAX_BYTES;
	cfg->retries = DEFAULT_RETRIES;
	cfg->backoff_ms = DEFAULT_BACKOFF_MS;
	cfg->user_agent = "infraplan";
	/* the tests shorten the timeouts and the backoff, and lower the cap */
	if ((r = env_number("INFRAPLAN_HTTP_TIMEOUT", 1, 86400, &v, diags)) > 0)
		cfg->timeout_s = (long)v;
	rc |= r < 0;
	if ((r = env_number("INFRAPLAN_HTTP_CONNECT_TIMEOUT", 1, 3600, &v, diags)) > 0)
		cfg->connect_timeout_s = (long)v;
	rc |= r < 0;
	if ((r = env_number("INFRAPLAN_HTTP_STALL", 1, 3600, &v, diags)) > 0)
		cfg->stall_s = (long)v;
	rc |= r < 0;
	if ((r = env_number("INFRAPLAN_HTTP_MAX_BYTES", 1, (long long)1 << 40, &v, diags)) > 0) {
		cfg->max_bytes = (uint64_t)v;
		cfg->max_bytes_forced = true;
	}
	rc |= r < 0;
	if ((r = env_number("INFRAPLAN_HTTP_RETRIES", 0, 10, &v, diags)) > 0)
		cfg->retries = (int)v;
	rc |= r < 0;
	if ((r = env_number("INFRAPLAN_HTTP_BACKOFF_MS", 0, MAX_DELAY_MS, &v, diags)) > 0)
		cfg->backoff_ms = (long)v;
	rc |= r < 0;
	return rc ? -1 : 0;
}

int
ipl_fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
ipl_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

/* ---- URL policy ---- */

static bool
host_is_loopback(const char *host)
{
	const char *p;

	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return true;
	if (!strcmp(host, "[::1]") || !strcmp(host, "::1"))
		return true;
	if (strncmp(host, "127.", 4))
		return false;
	for (p = host + 4; *p; p++)
		if (!(*p >= '0' && *p <= '9') && *p != '.')
			return false;
	return true;
}

/* scheme and host of url into caller buffers; -1 when curl cannot parse it */
static int
url_parts(const char *url, char *scheme, size_t scheme_size, char *host, size_t host_size)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL;
	int rc = -1;

	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
		snprintf(scheme, scheme_size, "%s", s);
		snprintf(host, host_size, "%s", h);
		rc = 0;
	}
	curl_free(s);
	curl_free(h);
	curl_url_cleanup(u);
	return rc;
}

bool
ipl_fetch_url_is_loopback(const char *url)
{
	char scheme[16], host[256];

	return url_parts(url, scheme, sizeof(scheme), host, sizeof(host)) == 0 &&
	       host_is_loopback(host);
}

/* https anywhere, http only to this machine: a price list read in clear could be altered */
static int
check_url(const char *url, struct ipl_fetch_result *res, bool *loopback)
{
	char scheme[16], host[256];

	if (url_parts(url, scheme, sizeof(scheme), host, sizeof(host)) < 0) {
		snprintf(res->error, sizeof(res->error), "not a valid URL: %s", url);
		return -1;
	}
	*loopback = host_is_loopback(host);
	if (!strcasecmp(scheme, "https"))
		return 0;
	if (!strcasecmp(scheme, "http") && *loopback)
		return 0;
	if (!strcasecmp(scheme, "http"))
		snprintf(res->error, sizeof(res->error),
			 "refusing plain http to %s: use https (plain http is allowed only to "
			 "loopback addresses)",
			 host);
	else
		snprintf(res->error, sizeof(res->error), "unsupported URL scheme \"%s\" in %s",
			 scheme, url);
	return -1;
}

/* ---- One transfer ---- */

struct transfer {
	CURL *curl;
	const struct ipl_fetch_config *cfg;
	const struct ipl_fetch_request *req;
	struct ipl_fetch_result *res;
	uint64_t max_bytes;
	uint64_t discarded;
	bool error_page_cut;
	bool too_big;
	bool sink_failed;
	long retry_after_s;
	char reason[64];
};

static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *v, *end = line + len;

	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	for (v = line + n + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return ipl_xstrndup(v, (size_t)(end - v));
}

static size_t
header_cb(char *line, size_t size, size_t nitems, void *userdata)
{
	struct transfer *t = userdata;
	size_t len = size * nitems;
	char *v;

	/* a new status line (after a redirect or a 100) starts a new set of headers */
	if (len > 5 && !strncmp(line, "HTTP/", 5)) {
		const char *sp = memchr(line, ' ', len), *end = line + len;
		free(t->res->etag);
		free(t->res->last_modified);
		t->res->etag = t->res->last_modified = NULL;
		t->retry_after_s = 0;
		t->reason[0] = '\0';
		/* "HTTP/1.1 404 Not Found": keep "Not Found" */
		if (sp && (sp = memchr(sp + 1, ' ', (size_t)(end - sp - 1)))) {
			while (end > sp && (end[-1] == '\r' || end[-1] == '\n'))
				end--;
			snprintf(t->reason, sizeof(t->reason), "%.*s", (int)(end - sp - 1), sp + 1);
		}
		return len;
	}
	if ((v = header_value(line, len, "ETag"))) {
		free(t->res->etag);
		t->res->etag = v;
	} else if ((v = header_value(line, len, "Last-Modified"))) {
		free(t->res->last_modified);
		t->res->last_modified = v;
	} else if ((v = header_value(line, len, "Retry-After"))) {
		char *end;
		long s = strtol(v, &end, 10);
		if (end != v && !*end && s > 0)
			t->retry_after_s = s;
		free(v);
	}
	return len;
}

static size_t
write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct transfer *t = userdata;
	size_t len = size * nmemb;
	long code = 0;

	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		/* the body of an error page: counted, never parsed */
		t->discarded += len;
		if (t->discarded > MAX_ERROR_BODY) {
			t->error_page_cut = true;
			return 0;
		}
		return len;
	}
	if (t->res->bytes + len > t->max_bytes) {
		t->too_big = true;
		return 0;
	}
	t->res->bytes += len;
	if (t->req->sink) {
		if (t->req->sink(t->req->ctx, data, len) < 0) {
			t->sink_failed = true;
			return 0;
		}
	} else {
		ipl_buf_add(&t->res->body, data, len);
	}
	return len;
}

static int
progress_cb(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
	    curl_off_t ulnow)
{
	struct transfer *t = userdata;

	(void)ultotal;
	(void)ulnow;
	if (t->cfg->progress)
		t->cfg->progress(t->cfg->progress_ctx, t->req->label, (uint64_t)dlnow,
				 dltotal > 0 ? (uint64_t)dltotal : 0);
	return 0;
}

static bool
is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return true;
	default:
		return false;
	}
}

/* a connection that failed, broke or was cut short: worth another try */
static bool
is_connection_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

enum outcome {
	DONE,
	RETRY,
	FAIL,
	SINK
};

static enum outcome
perform(struct transfer *t, bool loopback, char *errbuf)
{
	const struct ipl_fetch_request *req = t->req;
	const struct ipl_fetch_config *cfg = t->cfg;
	struct ipl_fetch_result *res = t->res;
	struct curl_slist *headers = NULL;
	struct ipl_buf h = IPL_BUF_INIT;
	curl_off_t length = -1, connect_us = 0;
	CURLcode rc;
	long code = 0;
	CURL *c;

	c = t->curl = curl_easy_init();
	if (!c) {
		snprintf(res->error, sizeof(res->error), "cannot start libcurl");
		return FAIL;
	}
	if (req->etag) {
		ipl_buf_addf(&h, "If-None-Match: %s", req->etag);
		headers = curl_slist_append(headers, ipl_buf_str(&h));
		ipl_buf_reset(&h);
	}
	if (req->last_modified) {
		ipl_buf_addf(&h, "If-Modified-Since: %s", req->last_modified);
		headers = curl_slist_append(headers, ipl_buf_str(&h));
		ipl_buf_reset(&h);
	}
	if (req->bearer) {
		ipl_buf_addf(&h, "Authorization: Bearer %s", req->bearer);
		headers = curl_slist_append(headers, ipl_buf_str(&h));
		/* the token must not linger in freed memory longer than needed */
		memset(h.data, 0, h.len);
	}
	ipl_buf_release(&h);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* a redirect may not downgrade to plain http, even from a loopback server */
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	/* always verified: there is deliberately no option to turn this off */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	/* the proxy variables apply, except to this machine, which no proxy can reach for us */
	if (loopback)
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, cfg->stall_s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_bytes);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, cfg->user_agent ? cfg->user_agent : "infraplan");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	errbuf[0] = '\0';

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
	curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	t->curl = NULL;
	res->status = code;

	if (t->sink_failed)
		return SINK;
	/* a long error page was cut short on purpose: the status is what matters */
	if (t->error_page_cut && rc == CURLE_WRITE_ERROR)
		rc = CURLE_OK;
	if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(res->error, sizeof(res->error), "body larger than %llu bytes",
			 (unsigned long long)t->max_bytes);
		return FAIL;
	}
	if (rc == CURLE_OK) {
		if (code == 200 || code == 304)
			return DONE;
		snprintf(res->error, sizeof(res->error), "HTTP %ld%s%s", code,
			 t->reason[0] ? " " : "", t->reason);
		/* the server's trouble, or a request to come back later */
		if (code >= 500 || code == 429 || code == 408)
			return RETRY;
		return FAIL;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		if (connect_us == 0) {
			snprintf(res->error, sizeof(res->error), "no connection after %ld s",
				 cfg->connect_timeout_s);
			return RETRY;
		}
		/* curl says which limit: "Operation too slow" is the stall limit */
		if (strstr(errbuf, "too slow"))
			snprintf(res->error, sizeof(res->error),
				 "stalled: under 1 byte/s for %ld s (%llu bytes received)",
				 cfg->stall_s, (unsigned long long)res->bytes);
		else
			snprintf(res->error, sizeof(res->error),
				 "timed out after %ld s (%llu bytes received)", cfg->timeout_s,
				 (unsigned long long)res->bytes);
		return FAIL;
	}
	if (rc == CURLE_PARTIAL_FILE) {
		if (length >= 0)
			snprintf(res->error, sizeof(res->error),
				 "truncated body: the connection closed after %llu of %lld bytes",
				 (unsigned long long)res->bytes, (long long)length);
		else
			snprintf(res->error, sizeof(res->error),
				 "truncated body: the connection closed after %llu bytes",
				 (unsigned long long)res->bytes);
		return RETRY;
	}
	if (is_tls_error(rc)) {
		snprintf(res->error, sizeof(res->error), "TLS error: %s",
			 errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return FAIL;
	}
	snprintf(res->error, sizeof(res->error), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return is_connection_error(rc) ? RETRY : FAIL;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int
ipl_fetch(const struct ipl_fetch_config *cfg, const struct ipl_fetch_request *req,
	  struct ipl_fetch_result *res)
{
	struct transfer t;
	char errbuf[CURL_ERROR_SIZE];
	long delay = cfg->backoff_ms;
	bool loopback;
	enum outcome o;

	memset(res, 0, sizeof(*res));
	if (check_url(req->url, res, &loopback) < 0)
		return -1;
	memset(&t, 0, sizeof(t));
	t.cfg = cfg;
	t.req = req;
	t.res = res;
	t.max_bytes = req->max_bytes && !cfg->max_bytes_forced ? req->max_bytes : cfg->max_bytes;
	for (;;) {
		res->attempts++;
		res->bytes = 0;
		res->error[0] = '\0';
		ipl_buf_reset(&res->body);
		t.discarded = 0;
		t.too_big = t.sink_failed = t.error_page_cut = false;
		if (req->begin && req->begin(req->ctx) < 0)
			return -2;
		o = perform(&t, loopback, errbuf);
		if (o != RETRY || res->attempts > cfg->retries)
			break;
		{
			long wait = delay;
			if (t.retry_after_s > 0 && t.retry_after_s * 1000 > wait)
				wait = t.retry_after_s * 1000;
			if (wait > MAX_DELAY_MS)
				wait = MAX_DELAY_MS;
			sleep_ms(wait);
		}
		delay = delay * 2 > MAX_DELAY_MS ? MAX_DELAY_MS : delay * 2;
	}
	if (o == SINK)
		return -2;
	if (o == DONE)
		return 0;
	if (res->attempts > 1) {
		size_t n = strlen(res->error);
		snprintf(res->error + n, sizeof(res->error) - n, " (after %d attempts)",
			 res->attempts);
	}
	return -1;
}

void
ipl_fetch_result_release(struct ipl_fetch_result *res)
{
	free(res->etag);
	free(res->last_modified);
	ipl_buf_release(&res->body);
	res->etag = res->last_modified = NULL;
}
