/*
 * prices.c: `infraplan prices show [PROVIDER]` lists what the catalog knows
 * (every price with its source, valid-from date and whether it came from the
 * embedded catalog or the local cache); `infraplan prices update` refreshes
 * the cache over the network (providers/price_update.h). Two subcommands in
 * one file, each with its own option table, dispatched below.
 */
#include "core/common.h"

#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/env.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/suggest.h"
#include "providers/catalog_cache.h"
#include "providers/price_update.h"

#ifndef IPL_VERSION
#define IPL_VERSION "0.0.0"
#endif

static int run_show(const struct ipl_cmd *cmd, struct ipl_args *args);
static int run_update(const struct ipl_cmd *cmd, struct ipl_args *args);

static const struct ipl_cmd cmd_show = {
	.name = "prices show",
	.summary = "list the catalog's prices with their sources, dates and origin",
	.operands = "[PROVIDER]",
	.description =
		"Lists every price the catalog knows, oldest first for each offer: amount,\n"
		"valid-from date, where it came from (the embedded catalog or a file of the\n"
		"local cache), its confidence and its source. '*' marks the price in force on\n"
		"the catalog's date. PROVIDER is a catalog provider (aws, hetzner, ...) or\n"
		"'rates' for the exchange rates.",
	.run = run_show,
};

static const struct ipl_cmd cmd_update = {
	.name = "prices update",
	.summary = "refresh the local price cache from the providers' price lists",
	.operands = "",
	.description =
		"Downloads current prices into the cache ($XDG_CACHE_HOME/infraplan, else\n"
		"~/.cache/infraplan), which plan, cost and gen then read on top of the embedded\n"
		"catalog (INFRAPLAN_OFFLINE=1 or 'infraplan --offline' ignores the cache).\n"
		"  aws      the public AWS Price List bulk API, anonymous: Fargate, RDS,\n"
		"           ElastiCache, SQS and S3 of one region (default us-east-1); Fargate\n"
		"           Spot, in no offer file, keeps its dated discount unless --spot-url\n"
		"  hetzner  GET /v1/pricing of the Hetzner Cloud API; needs HCLOUD_TOKEN\n"
		"  rates    the ECB daily reference rates (USD and INR per EUR)\n"
		"A source that fails keeps its previous cache file. Requests are conditional\n"
		"(ETag, Last-Modified), TLS is always verified, plain http is allowed only to\n"
		"loopback addresses, and https_proxy/no_proxy apply. The environment can set\n"
		"INFRAPLAN_HTTP_TIMEOUT (s, default 600), INFRAPLAN_HTTP_CONNECT_TIMEOUT (15),\n"
		"INFRAPLAN_HTTP_STALL (30), INFRAPLAN_HTTP_MAX_BYTES (2 GiB),\n"
		"INFRAPLAN_HTTP_RETRIES (3) and INFRAPLAN_HTTP_BACKOFF_MS (1000).",
	.run = run_update,
};

/* ---- prices show ---- */

/* "embedded", or "cache:hetzner.json" */
static void
add_origin(struct ipl_buf *b, const char *origin)
{
	const char *slash;

	if (!origin || !strcmp(origin, "embedded")) {
		ipl_buf_adds(b, "embedded");
		return;
	}
	slash = strrchr(origin, '/');
	ipl_buf_addf(b, "cache:%s", slash ? slash + 1 : origin);
}

static int
cmp_offer(const void *a, const void *b)
{
	const struct ipl_offer *x = *(const struct ipl_offer *const *)a;
	const struct ipl_offer *y = *(const struct ipl_offer *const *)b;
	int c = strcmp(x->provider, y->provider);

	return c ? c : strcmp(x->id, y->id);
}

static void
show_sources(const struct ipl_catalog *cat, bool offline, const char *dir, const char *provider,
	     struct ipl_buf *out)
{
	size_t i;

	ipl_buf_addf(out, "catalog %s (%s)\n", cat->name, cat->date);
	if (offline)
		ipl_buf_adds(out, "cache: not read (offline)\n");
	else
		ipl_buf_addf(out, "cache: %s%s\n", dir ? dir : "none (neither XDG_CACHE_HOME nor HOME)",
			     cat->sources_nr > 1 ? "" : " (empty)");
	for (i = 0; i < cat->sources_nr; i++) {
		const struct ipl_catalog_source *s = &cat->sources[i];
		if (provider && s->provider && strcmp(provider, s->provider))
			continue;
		ipl_buf_adds(out, "  ");
		{
			struct ipl_buf o = IPL_BUF_INIT;
			add_origin(&o, s->origin);
			ipl_buf_addf(out, "%-42s", ipl_buf_str(&o));
			ipl_buf_release(&o);
		}
		ipl_buf_addf(out, " %s", s->date ? s->date : "?");
		if (s->url)
			ipl_buf_addf(out, "  %s", s->url);
		ipl_buf_adds(out, "\n");
	}
	ipl_buf_adds(out, "\n");
}

static void
show_price(struct ipl_buf *out, const struct ipl_offer *o, const struct ipl_price *p, bool current)
{
	struct ipl_buf amount = IPL_BUF_INIT, origin = IPL_BUF_INIT;

	ipl_buf_addf(&amount, "%.10g %s/%s", p->amount, p->currency ? p->currency : "?",
		     ipl_price_unit_label(p->unit));
	if (p->free_quantity > 0)
		ipl_buf_addf(&amount, " (%.10g free)", p->free_quantity);
	add_origin(&origin, p->origin);
	ipl_buf_addf(out, "%c %-9s %-26s %-28s %-10s %-42s %-11s %s\n", current ? '*' : ' ',
		     o->provider, o->id, ipl_buf_str(&amount),
		     p->valid_from_text ? p->valid_from_text : "?", ipl_buf_str(&origin),
		     p->confidence ? p->confidence : "?", p->source ? p->source : "");
	ipl_buf_release(&amount);
	ipl_buf_release(&origin);
}

static void
show_rates(const struct ipl_catalog *cat, struct ipl_buf *out)
{
	size_t i;

	for (i = 0; i < cat->rates_nr; i++) {
		const struct ipl_rate_entry *r = &cat->rates[i];
		const struct ipl_rate_entry *cur = ipl_catalog_rate_at(cat, r->code, cat->date_ymd);
		struct ipl_buf amount = IPL_BUF_INIT, origin = IPL_BUF_INIT;
		ipl_buf_addf(&amount, "1 EUR = %.10g %s", r->value, r->code);
		add_origin(&origin, r->origin);
		ipl_buf_addf(out, "%c %-9s %-26s %-28s %-10s %-42s %-11s %s\n", cur == r ? '*' : ' ',
			     "rates", r->code, ipl_buf_str(&amount),
			     r->valid_from_text ? r->valid_from_text : "?", ipl_buf_str(&origin), "-",
			     r->source ? r->source : "");
		ipl_buf_release(&amount);
		ipl_buf_release(&origin);
	}
}

static bool
known_provider(const struct ipl_catalog *cat, const char *name, const char **near)
{
	const char *names[64];
	size_t n = 0, i, k;

	names[n++] = "rates";
	for (i = 0; i < cat->offers_nr; i++) {
		for (k = 0; k < n && strcmp(names[k], cat->offers[i].provider); k++)
			;
		if (k == n && n < IPL_ARRAY_SIZE(names))
			names[n++] = cat->offers[i].provider;
	}
	for (k = 0; k < n; k++)
		if (!strcmp(names[k], name))
			return true;
	*near = ipl_suggest(name, names, n);
	return false;
}

static int
run_show(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	bool offline = false;
	const char *region = NULL;
	const struct ipl_option opts[] = {
		IPL_OPT_BOOL(0, "offline", &offline, "only the embedded catalog, not the cache"),
		IPL_OPT_STRING(0, "region", &region, "R",
			       "the AWS region whose cached prices to read (default us-east-1)"),
		IPL_OPT_END(),
	};
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_buf out = IPL_BUF_INIT;
	const struct ipl_offer **sorted;
	const char *provider = NULL, *near = NULL;
	int rc;
	size_t i, j;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr > 1)
		return ipl_usage_error(cmd, "expected at most one provider");
	provider = args->nr ? args->operands[0] : NULL;
	offline = offline || args->env->offline;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	if (ipl_catalog_load(&cat, offline, args->env->cache_dir, region, &arena, &diags) < 0) {
		rc = IPL_EXIT_ENV;
		goto done;
	}
	if (provider && !known_provider(cat, provider, &near)) {
		rc = near ? ipl_usage_error(cmd, "unknown provider '%s'; did you mean '%s'?", provider,
					    near)
			  : ipl_usage_error(cmd, "unknown provider '%s'", provider);
		goto done;
	}
	show_sources(cat, offline, args->env->cache_dir, provider, &out);
	ipl_buf_addf(&out, "  %-9s %-26s %-28s %-10s %-42s %-11s %s\n", "PROVIDER", "ID", "PRICE",
		     "VALID FROM", "FROM", "CONFIDENCE", "SOURCE");
	sorted = ipl_arena_alloc(&arena, sizeof(*sorted) * (cat->offers_nr + 1));
	for (i = 0; i < cat->offers_nr; i++)
		sorted[i] = &cat->offers[i];
	qsort(sorted, cat->offers_nr, sizeof(*sorted), cmp_offer);
	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = sorted[i];
		const struct ipl_price *cur = ipl_offer_price_at(o, cat->date_ymd);
		if (provider && strcmp(provider, o->provider))
			continue;
		for (j = 0; j < o->prices_nr; j++)
			show_price(&out, o, &o->prices[j], &o->prices[j] == cur);
	}
	if (!provider || !strcmp(provider, "rates"))
		show_rates(cat, &out);
	fputs(ipl_buf_str(&out), stdout);
	rc = IPL_EXIT_OK;
done:
	ipl_report(&diags);
	ipl_buf_release(&out);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return rc;
}

/* ---- prices update ---- */

struct progress {
	bool drawn;
	struct timespec last;
	const char *label;
	uint64_t now;
};

static void
draw_progress(void *ctx, const char *label, uint64_t now, uint64_t total)
{
	struct progress *p = ctx;
	struct timespec t;
	double mb = (double)now / 1e6;
	char bar[31];
	int filled, i;

	/* libcurl calls often, also when nothing arrived */
	if (p->drawn && label == p->label && now == p->now)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	/* ten times a second is enough for the eye and cheap for a 200 MB download */
	if (p->drawn && label == p->label &&
	    (t.tv_sec - p->last.tv_sec) * 1000 + (t.tv_nsec - p->last.tv_nsec) / 1000000 < 100 &&
	    (!total || now < total))
		return;
	p->last = t;
	p->label = label;
	p->now = now;
	p->drawn = true;
	if (total) {
		filled = (int)(30.0 * (double)now / (double)total);
		for (i = 0; i < 30; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[30] = '\0';
		fprintf(stderr, "\r%-32.32s [%s] %3d%% %8.1f MB ", label, bar,
			(int)(100.0 * (double)now / (double)total), mb);
	} else {
		fprintf(stderr, "\r%-32.32s %8.1f MB%34s", label, mb, "");
	}
	fflush(stderr);
}

static void
clear_progress(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r%80s\r", "");
	p->drawn = false;
}

/* the catalog's unit names ("gb_month") as people write them */
static const char *
unit_text(const char *unit)
{
	return !strcmp(unit, "gb_month") ? "GB-month" : unit;
}

static void
print_report(const struct ipl_update_report *r, struct ipl_buf *out)
{
	size_t i, j;

	for (i = 0; i < r->nr; i++) {
		const struct ipl_update_item *it = &r->items[i];
		switch (it->status) {
		case IPL_UPDATE_UPDATED:
			ipl_buf_addf(out, "%s: updated, %zu price%s", it->what, it->prices_nr,
				     it->prices_nr == 1 ? "" : "s");
			if (it->bytes)
				ipl_buf_addf(out, " from %.1f kB", (double)it->bytes / 1e3);
			ipl_buf_addf(out, " -> %s\n", it->path);
			break;
		case IPL_UPDATE_UNCHANGED:
			ipl_buf_addf(out, "%s: unchanged (304 Not Modified), %s kept\n", it->what,
				     it->path);
			break;
		case IPL_UPDATE_SKIPPED:
			ipl_buf_addf(out, "%s: skipped: %s\n", it->what, it->note ? it->note : "");
			continue;
		case IPL_UPDATE_FAILED:
			/* the error, on stderr, says what happened */
			continue;
		}
		if (it->note)
			ipl_buf_addf(out, "  note: %s\n", it->note);
		for (j = 0; j < it->changes_nr; j++) {
			const struct ipl_price_change *c = &it->changes[j];
			struct ipl_buf unit = IPL_BUF_INIT;
			if (c->currency)
				ipl_buf_addf(&unit, "%s/%s", c->currency, unit_text(c->unit));
			else
				ipl_buf_adds(&unit, c->unit);
			if (c->from < 0)
				ipl_buf_addf(out, "  %s: new, %.10g %s\n", c->id, c->to, unit.data);
			else
				ipl_buf_addf(out, "  %s: %.10g -> %.10g %s\n", c->id, c->from, c->to,
					     unit.data);
			ipl_buf_release(&unit);
		}
	}
}

/* --region: a name such as us-east-1, as it becomes part of cache file names */
static int
parse_region(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *s)
{
	size_t i, n = strlen(s);
	bool ok = n > 0 && n <= 32;

	for (i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-';
	if (!ok)
		return ipl_usage_error(cmd, "invalid region '%s'; expected a name such as us-east-1",
				       s),
		       -1;
	*(const char **)o->value = s;
	return 0;
}

static int
run_update(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	static const struct ipl_opt_choice providers[] = {
		{ "aws", IPL_PRICES_AWS },
		{ "hetzner", IPL_PRICES_HETZNER },
		{ "rates", IPL_PRICES_RATES },
		{ "all", IPL_PRICES_ALL },
		{ NULL, 0 },
	};
	int provider = IPL_PRICES_ALL;
	const char *region = IPL_AWS_DEFAULT_REGION, *base_url = NULL;
	const char *spot_url = NULL, *token = args->env->hcloud_token;
	bool quiet = false;
	const struct ipl_option opts[] = {
		IPL_OPT_CHOICE(0, "provider", &provider, providers, "the price lists to read"),
		IPL_OPT_CALLBACK(0, "region", &region, "R", "the AWS region (default us-east-1)",
				 parse_region),
		IPL_OPT_STRING(0, "base-url", &base_url, "URL",
			       "fetch from a mirror or a local server instead of the provider"),
		IPL_OPT_STRING(0, "spot-url", &spot_url, "URL",
			       "read Fargate Spot prices from this feed (they are in no offer file)"),
		IPL_OPT_BOOL('q', "quiet", &quiet, "no progress bar, even on a terminal"),
		IPL_OPT_END(),
	};
	struct ipl_prices_update_opts o = { 0 };
	struct ipl_fetch_config fetch;
	struct ipl_update_report report;
	struct progress progress = { 0 };
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_buf out = IPL_BUF_INIT;
	int rc;
	size_t i;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr)
		return ipl_usage_error(cmd, "unexpected argument; see 'infraplan prices update --help'");
	o.providers = (unsigned)provider;
	if (args->env->offline)
		return ipl_usage_error(cmd, "INFRAPLAN_OFFLINE is set: prices update needs the network");
	if (o.providers == IPL_PRICES_HETZNER && !token)
		return ipl_usage_error(cmd, "the Hetzner pricing API needs a token: set HCLOUD_TOKEN "
					    "(a read-only API token of your Hetzner Cloud project)");
	for (i = 0; i < 2; i++) {
		const char *u = i ? spot_url : base_url;
		if (u && strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
			return ipl_usage_error(cmd, "invalid URL '%s'; expected https://...", u);
		if (u && !strncmp(u, "http://", 7) && !ipl_fetch_url_is_loopback(u))
			return ipl_usage_error(cmd, "refusing plain http to '%s': use https (plain "
						    "http is allowed only to loopback addresses)",
					       u);
	}

	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	if (ipl_fetch_config_init(&fetch, &diags) < 0) {
		rc = IPL_EXIT_USAGE;
		goto done;
	}
	fetch.user_agent = "infraplan/" IPL_VERSION;
	if (!quiet && isatty(STDERR_FILENO)) {
		fetch.progress = draw_progress;
		fetch.progress_ctx = &progress;
	}
	if (ipl_catalog_load(&cat, false, args->env->cache_dir, region, &arena, &diags) < 0) {
		rc = IPL_EXIT_ENV;
		goto done;
	}
	o.aws_region = region;
	o.base_url = base_url;
	o.spot_url = spot_url;
	o.hetzner_token = token;
	o.fetch = &fetch;
	o.catalog = cat;
	o.cache_dir = args->env->cache_dir;
	o.today = args->env->today;
	o.now = args->env->now;
	rc = ipl_prices_update(&report, &o, &arena, &diags) < 0 ? IPL_EXIT_ENV : IPL_EXIT_OK;
	clear_progress(&progress);
	print_report(&report, &out);
	fputs(ipl_buf_str(&out), stdout);
done:
	ipl_report(&diags);
	ipl_buf_release(&out);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return rc;
}

/* ---- prices ---- */

static int
run_prices(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const struct ipl_option none[] = { IPL_OPT_END() };
	static const char *const subs[] = { "show", "update" };
	const char *near;
	char **argv = args->argv;

	/* the subcommand parses what follows its name */
	args->argc--;
	args->argv++;
	if (args->argc < 1)
		return ipl_usage_error(cmd, "expected a subcommand: show or update");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		ipl_print_command_help(cmd, none, stdout);
		return IPL_EXIT_OK;
	}
	if (!strcmp(argv[1], "show"))
		return run_show(&cmd_show, args);
	if (!strcmp(argv[1], "update"))
		return run_update(&cmd_update, args);
	near = ipl_suggest(argv[1], subs, IPL_ARRAY_SIZE(subs));
	if (near)
		return ipl_usage_error(cmd, "unknown subcommand '%s'; did you mean '%s'?", argv[1],
				       near);
	return ipl_usage_error(cmd, "unknown subcommand '%s'; expected show or update", argv[1]);
}

const struct ipl_cmd ipl_cmd_prices = {
	.name = "prices",
	.summary = "show the price catalog, or update the local price cache",
	.operands = "show [PROVIDER] | prices update [OPTIONS]",
	.description = "  prices show [--offline] [PROVIDER]   what the catalog knows, and where from\n"
		       "  prices update [--provider P] [--region R] [--base-url URL]\n"
		       "                                       refresh the cache over the network\n"
		       "See 'infraplan prices show --help' and 'infraplan prices update --help'.",
	.run = run_prices,
};
