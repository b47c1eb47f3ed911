/*
 * fetch.h: HTTP GET for `prices update`, the one place infraplan talks to the
 * network. Only fetch.c includes libcurl (linked PRIVATE to ipl_providers).
 *
 * What a careful downloader does, in one function: conditional requests
 * (If-None-Match / If-Modified-Since, so a 304 keeps the cache), a connect
 * timeout, an overall timeout and a stall limit, a size cap, retries with a
 * doubling backoff on 5xx and on connection errors, TLS verification that
 * cannot be turned off, plain http only to loopback addresses (the tests'
 * server), and the proxy variables (https_proxy, no_proxy, ...) that libcurl
 * reads itself. The body goes to a sink as it arrives, so an offer file of
 * hundreds of megabytes is never held in memory; a sink can stop the transfer
 * (malformed JSON) and is reset before every retry.
 *
 * Nothing here prints or writes files: a failure comes back as one line of
 * text in the result, which the caller turns into a diagnostic.
 */
#ifndef IPL_FETCH_H
#define IPL_FETCH_H

#include "core/common.h"
#include "core/buf.h"
#include "core/diag.h"

struct ipl_fetch_config {
	long connect_timeout_s; /* to establish the connection: 15 */
	long timeout_s;         /* the whole transfer: 600 */
	long stall_s;           /* abort when under 1 byte/s for this long: 30 */
	uint64_t max_bytes;     /* per body, when the request sets none: 2 GiB */
	bool max_bytes_forced;  /* INFRAPLAN_HTTP_MAX_BYTES caps every request */
	int retries;            /* after the first attempt: 3 */
	long backoff_ms;        /* before the first retry, doubled each time: 1000 */
	const char *user_agent;
	/* called while a body arrives (total 0 when unknown); may be NULL */
	void (*progress)(void *ctx, const char *label, uint64_t now, uint64_t total);
	void *progress_ctx;
};

struct ipl_fetch_request {
	const char *label; /* "aws AmazonECS us-east-1": for progress */
	const char *url;
	const char *etag;          /* sent as If-None-Match when set */
	const char *last_modified; /* sent as If-Modified-Since when set */
	const char *bearer;        /* Authorization: Bearer TOKEN; never shown */
	uint64_t max_bytes;        /* 0: the config's */
	/*
	 * With a sink, the body of a 200 goes to sink as it arrives and
	 * begin is called before every attempt to reset it; a sink returning
	 * -1 stops the transfer and ipl_fetch returns -2. Without one, the
	 * body is collected in result->body.
	 */
	int (*begin)(void *ctx);
	int (*sink)(void *ctx, const char *data, size_t len);
	void *ctx;
};

struct ipl_fetch_result {
	long status; /* 200 or 304 after success */
	char *etag;  /* of the response, or NULL */
	char *last_modified;
	uint64_t bytes; /* body bytes received */
	int attempts;
	struct ipl_buf body; /* without a sink */
	char error[512];     /* one line: what happened */
};

/* defaults, then INFRAPLAN_HTTP_* from the environment; -1 with a diagnostic on a bad value */
int ipl_fetch_config_init(struct ipl_fetch_config *cfg, struct ipl_diags *diags);

/* once per process, before the first and after the last ipl_fetch */
int ipl_fetch_global_init(void);
void ipl_fetch_global_cleanup(void);

/*
 * GETs req->url. Returns 0 with result->status 200 or 304; -1 on a failure
 * described in result->error; -2 when the sink stopped the transfer (the
 * sink knows why). Release the result with ipl_fetch_result_release.
 */
int ipl_fetch(const struct ipl_fetch_config *cfg, const struct ipl_fetch_request *req,
	      struct ipl_fetch_result *result);
void ipl_fetch_result_release(struct ipl_fetch_result *result);

/* true for http(s) URLs whose host is localhost, 127.0.0.0/8 or ::1 */
bool ipl_fetch_url_is_loopback(const char *url);

#endif
