/*
 * prices_update_opts.c: the descriptor and the option table of `infraplan
 * prices update`, linked into the helper infraplan-prices-fetch, which parses
 * its command line with them (prices_update.c), and into infraplan, which
 * describes them in its man page and completion (prices.c, describe.c)
 * without running the helper: one table for both, as for every command.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/prices_update.h"
#include "catalog/catalog_cache.h"
#include "catalog/fetch/price_update.h"

const struct ipl_cmd ipl_cmd_prices_update = {
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
	/* run by the helper's main (prices_update.c), never through the table */
	.run = NULL,
};

/* --region: a name such as us-east-1, as it becomes part of cache file names */
static int
parse_region(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *s)
{
	size_t i, n = strlen(s);
	bool ok = n > 0 && n <= 32;

	for (i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-';
	if (!ok)
		return ipl_usage_error(cmd,
				       "invalid region '%s'; expected a name such as us-east-1", s),
		       -1;
	*(const char **)o->value = s;
	return 0;
}

void
ipl_prices_update_options(struct ipl_option opts[IPL_PRICES_UPDATE_OPTS],
			  struct ipl_prices_update_values *v)
{
	static const struct ipl_opt_choice providers[] = {
		{ "aws", IPL_PRICES_AWS },
		{ "hetzner", IPL_PRICES_HETZNER },
		{ "rates", IPL_PRICES_RATES },
		{ "all", IPL_PRICES_ALL },
		{ NULL, 0 },
	};
	const struct ipl_option table[IPL_PRICES_UPDATE_OPTS] = {
		IPL_OPT_CHOICE(0, "provider", &v->provider, providers, "the price lists to read"),
		IPL_OPT_CALLBACK(0, "region", &v->region, "R", "the AWS region (default us-east-1)",
				 parse_region),
		IPL_OPT_STRING(0, "base-url", &v->base_url, "URL",
			       "fetch from a mirror or a local server instead of the provider"),
		IPL_OPT_STRING(
			0, "spot-url", &v->spot_url, "URL",
			"read Fargate Spot prices from this feed (they are in no offer file)"),
		IPL_OPT_BOOL('q', "quiet", &v->quiet, "no progress bar, even on a terminal"),
		IPL_OPT_END(),
	};

	*v = (struct ipl_prices_update_values){ .provider = IPL_PRICES_ALL,
						.region = IPL_AWS_DEFAULT_REGION };
	memcpy(opts, table, sizeof(table));
}
