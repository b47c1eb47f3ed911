/*
 * prices_update.c: `infraplan prices update`, the main of the helper program
 * infraplan-prices-fetch. infraplan runs it in its own place with the same
 * arguments (prices.c), so the libraries of the fetch (libcurl, libxml2,
 * yajl: twenty-odd shared objects with their own) are loaded only by the one
 * command that talks to the network. Options, messages, output and exit
 * statuses are those of the command: this file is the command. It reads its
 * environment once, as infraplan's main does (cmd/env.h); infraplan passes
 * --offline on as INFRAPLAN_OFFLINE=1.
 */
#include "core/common.h"

#include <locale.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/env.h"
#include "cmd/prices_update.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/suggest.h"
#include "catalog/catalog_cache.h"
#include "catalog/fetch/price_update.h"

#ifndef IPL_VERSION
#define IPL_VERSION "0.0.0"
#endif

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
				ipl_buf_addf(out, "  %s: %.10g -> %.10g %s\n", c->id, c->from,
					     c->to, unit.data);
			ipl_buf_release(&unit);
		}
	}
}

static int
run_update(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	struct ipl_prices_update_values v;
	struct ipl_option opts[IPL_PRICES_UPDATE_OPTS];
	const char *token = args->env->hcloud_token;
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

	ipl_prices_update_options(opts, &v);
	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr)
		return ipl_usage_error(cmd,
				       "unexpected argument; see 'infraplan prices update --help'");
	o.providers = (unsigned)v.provider;
	if (args->env->offline)
		return ipl_usage_error(cmd,
				       "INFRAPLAN_OFFLINE is set: prices update needs the network");
	if (o.providers == IPL_PRICES_HETZNER && !token)
		return ipl_usage_error(cmd,
				       "the Hetzner pricing API needs a token: set HCLOUD_TOKEN "
				       "(a read-only API token of your Hetzner Cloud project)");
	for (i = 0; i < 2; i++) {
		const char *u = i ? v.spot_url : v.base_url;
		if (u && strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
			return ipl_usage_error(cmd, "invalid URL '%s'; expected https://...", u);
		if (u && !strncmp(u, "http://", 7) && !ipl_fetch_url_is_loopback(u))
			return ipl_usage_error(cmd,
					       "refusing plain http to '%s': use https (plain "
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
	if (!v.quiet && isatty(STDERR_FILENO)) {
		fetch.progress = draw_progress;
		fetch.progress_ctx = &progress;
	}
	if (ipl_catalog_load(&cat, false, args->env->cache_dir, v.region, &arena, &diags) < 0) {
		rc = IPL_EXIT_ENV;
		goto done;
	}
	o.aws_region = v.region;
	o.base_url = v.base_url;
	o.spot_url = v.spot_url;
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

int
main(int argc, char **argv)
{
	struct ipl_env env;
	struct ipl_args args = { 0 };
	int status;

	/* numbers are formatted the same whatever the user's locale, as in main.c */
	setlocale(LC_ALL, "C");
	ipl_env_read(&env, false);
	args.argc = argc;
	args.argv = argv;
	args.env = &env;
	status = run_update(&ipl_cmd_prices_update, &args);
	ipl_args_release(&args);
	ipl_env_release(&env);
	return ipl_finish(status);
}
