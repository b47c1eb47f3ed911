/*
 * prices.c: `infraplan prices show [PROVIDER]` lists what the catalog knows
 * (every price with its valid-from date and confidence; with --wide also its
 * source and whether it came from the embedded catalog or the local cache); `infraplan prices update` refreshes
 * the cache over the network, in the helper program infraplan-prices-fetch
 * (prices_update.c), which the dispatch below runs with the same arguments.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/env.h"
#include "cmd/prices_update.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/suggest.h"
#include "core/xalloc.h"
#include "catalog/catalog_cache.h"

static int run_show(const struct ipl_cmd *cmd, struct ipl_args *args);

static const struct ipl_cmd cmd_show = {
	.name = "prices show",
	.summary = "list the catalog's prices with their dates and confidence",
	.operands = "[PROVIDER]",
	.description =
		"Lists every price the catalog knows, oldest first for each offer, under its\n"
		"provider: the type, its vCPU, RAM, disk and arch when it is a server, the\n"
		"price, its valid-from date and confidence, in under 100 columns. '*' marks\n"
		"the price in force on the catalog's date. --wide adds each price's free\n"
		"allowance, where it came from (the embedded catalog or a file of the local\n"
		"cache) and its source. PROVIDER is a catalog provider (aws, hetzner, ...) or\n"
		"'rates' for the exchange rates. --format json prints every column of every\n"
		"price, with its monthly figure (docs/json.md).",
	.run = run_show,
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
	     bool wide, struct ipl_buf *out)
{
	size_t i;

	ipl_buf_addf(out, "catalog %s (%s)\n", cat->name, cat->date);
	if (offline)
		ipl_buf_adds(out, "cache: not read (offline)\n");
	else
		ipl_buf_addf(out, "cache: %s%s\n",
			     dir ? dir : "none (neither XDG_CACHE_HOME nor HOME)",
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
		if (wide && s->url)
			ipl_buf_addf(out, "  %s", s->url);
		ipl_buf_adds(out, "\n");
	}
	ipl_buf_adds(out, "\n");
}

/*
 * The narrow table (under 100 columns) and the wide one: every column of a
 * price, its origin and its source. The narrow one says what a server type
 * is (vCPU, RAM, disk, arch) instead, under a heading line per provider.
 */
#define NARROW_ROW "%c %-*s %4s %6s %6s %-4s %-*s %-10s %s\n"

/* the narrow table's widths of its TYPE and PRICE columns: the longest shown */
struct widths {
	int type, price;
};
#define WIDE_ROW "%c %-9s %-26s %-28s %-10s %-42s %-11s %s\n"

static void
show_header(bool wide, const struct widths *w, struct ipl_buf *out)
{
	if (wide)
		ipl_buf_addf(out, "  %-9s %-26s %-28s %-10s %-42s %-11s %s\n", "PROVIDER", "ID",
			     "PRICE", "VALID FROM", "FROM", "CONFIDENCE", "SOURCE");
	else
		ipl_buf_addf(out, NARROW_ROW, ' ', w->type, "TYPE", "VCPU", "RAM", "DISK", "ARCH",
			     w->price, "PRICE", "VALID FROM", "CONFIDENCE");
}

/* "2", "4Gi", "40GB": what a server offer is; empty for the other kinds */
static void
add_size(struct ipl_buf *vcpu, struct ipl_buf *ram, struct ipl_buf *disk, const struct ipl_offer *o)
{
	if (o->vcpu > 0)
		ipl_buf_addf(vcpu, "%.4g", o->vcpu);
	if (o->memory_mib > 0) {
		if (o->memory_mib < 1024)
			ipl_buf_addf(ram, "%.4gMi", o->memory_mib);
		else
			ipl_buf_addf(ram, "%.4gGi", o->memory_mib / 1024);
	}
	if (o->disk_gb > 0)
		ipl_buf_addf(disk, "%.5gGB", o->disk_gb);
}

/* "0.0225 USD/hour" */
static void
add_amount(struct ipl_buf *b, const struct ipl_price *p)
{
	ipl_buf_addf(b, "%.10g %s/%s", p->amount, p->currency ? p->currency : "?",
		     ipl_price_unit_label(p->unit));
}

/* "1 EUR = 1.1539 USD" */
static void
add_rate(struct ipl_buf *b, const struct ipl_rate_entry *r)
{
	ipl_buf_addf(b, "1 EUR = %.10g %s", r->value, r->code);
}

/* widens w to hold a row of type priced amount */
static void
widen(struct widths *w, const char *type, const struct ipl_buf *amount)
{
	if ((int)strlen(type) > w->type)
		w->type = (int)strlen(type);
	if ((int)amount->len > w->price)
		w->price = (int)amount->len;
}

static void
show_price(struct ipl_buf *out, const struct ipl_offer *o, const struct ipl_price *p, bool current,
	   bool wide, const struct widths *w)
{
	struct ipl_buf amount = IPL_BUF_INIT, origin = IPL_BUF_INIT;
	struct ipl_buf vcpu = IPL_BUF_INIT, ram = IPL_BUF_INIT, disk = IPL_BUF_INIT;

	add_amount(&amount, p);
	if (wide) {
		if (p->free_quantity > 0)
			ipl_buf_addf(&amount, " (%.10g free)", p->free_quantity);
		add_origin(&origin, p->origin);
		ipl_buf_addf(out, WIDE_ROW, current ? '*' : ' ', o->provider, o->id,
			     ipl_buf_str(&amount), p->valid_from_text ? p->valid_from_text : "?",
			     ipl_buf_str(&origin), p->confidence ? p->confidence : "?",
			     p->source ? p->source : "");
	} else {
		add_size(&vcpu, &ram, &disk, o);
		ipl_buf_addf(out, NARROW_ROW, current ? '*' : ' ', w->type, o->id,
			     ipl_buf_str(&vcpu), ipl_buf_str(&ram), ipl_buf_str(&disk),
			     o->arch ? o->arch : "", w->price, ipl_buf_str(&amount),
			     p->valid_from_text ? p->valid_from_text : "?",
			     p->confidence ? p->confidence : "?");
	}
	ipl_buf_release(&amount);
	ipl_buf_release(&origin);
	ipl_buf_release(&vcpu);
	ipl_buf_release(&ram);
	ipl_buf_release(&disk);
}

static void
show_rates(const struct ipl_catalog *cat, bool wide, const struct widths *w, struct ipl_buf *out)
{
	size_t i;

	if (!wide)
		ipl_buf_adds(out, "rates\n");
	for (i = 0; i < cat->rates_nr; i++) {
		const struct ipl_rate_entry *r = &cat->rates[i];
		const struct ipl_rate_entry *cur = ipl_catalog_rate_at(cat, r->code, cat->date_ymd);
		struct ipl_buf amount = IPL_BUF_INIT, origin = IPL_BUF_INIT;
		const char *from = r->valid_from_text ? r->valid_from_text : "?";
		add_rate(&amount, r);
		add_origin(&origin, r->origin);
		if (wide)
			ipl_buf_addf(out, WIDE_ROW, cur == r ? '*' : ' ', "rates", r->code,
				     ipl_buf_str(&amount), from, ipl_buf_str(&origin), "-",
				     r->source ? r->source : "");
		else
			ipl_buf_addf(out, NARROW_ROW, cur == r ? '*' : ' ', w->type, r->code, "",
				     "", "", "", w->price, ipl_buf_str(&amount), from, "-");
		ipl_buf_release(&amount);
		ipl_buf_release(&origin);
	}
}

/* o is the type a spec names as name: its id or one of its aliases */
static bool
offer_named(const struct ipl_offer *o, const char *name)
{
	size_t i = 0;

	if (!strcmp(o->id, name))
		return true;
	while (i < o->aliases_nr && strcmp(o->aliases[i], name))
		i++;
	return i < o->aliases_nr;
}

/* 0 when some offer of provider (NULL: any) is named type; else a usage error */
static int
check_type(const struct ipl_cmd *cmd, const struct ipl_offer **sorted, size_t nr,
	   const char *provider, const char *type)
{
	const char **ids = ipl_xcalloc(nr + 1, sizeof(*ids));
	const char *near;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < nr; i++) {
		if (provider && strcmp(provider, sorted[i]->provider))
			continue;
		if (offer_named(sorted[i], type)) {
			free(ids);
			return 0;
		}
		ids[n++] = sorted[i]->id;
	}
	near = ipl_suggest(type, ids, n);
	rc = near ? ipl_usage_error(cmd, "unknown type '%s'; did you mean '%s'?", type, near)
		  : ipl_usage_error(cmd, "unknown type '%s'%s%s", type, provider ? " of " : "",
				    provider ? provider : "");
	free(ids);
	return rc;
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

/* ---- prices show --format json (docs/json.md) ---- */

/* a number of the catalog, or null when unknown (0: not a server) */
static void
json_number(struct ipl_buf *b, const char *key, double v)
{
	if (v > 0)
		ipl_buf_addf(b, "\"%s\": %.10g", key, v);
	else
		ipl_buf_addf(b, "\"%s\": null", key);
}

/*
 * a unit price next to its decimal string, at the precision the catalog
 * holds it (not money: 0.0225 USD/hour keeps its 4 decimals), and what it
 * makes a month when its unit is a month or an hour (730 of them)
 */
static void
json_price(struct ipl_buf *b, const struct ipl_price *p, bool current)
{
	ipl_buf_addf(b, "{\"amount\": %.10g, \"amount_decimal\": \"%.10g\", ", p->amount,
		     p->amount);
	ipl_json_string(b, "currency", p->currency);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "unit", ipl_price_unit_name(p->unit));
	ipl_buf_adds(b, ", ");
	if (p->unit == IPL_PER_MONTH || p->unit == IPL_PER_HOUR)
		ipl_json_money(b, "monthly", p->unit == IPL_PER_HOUR ? p->amount * 730 : p->amount);
	else
		ipl_buf_adds(b, "\"monthly\": null, \"monthly_decimal\": null");
	ipl_buf_adds(b, ", ");
	json_number(b, "free_quantity", p->free_quantity);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "valid_from", p->valid_from_text);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "confidence", p->confidence);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "source", p->source);
	ipl_buf_adds(b, ", \"origin\": ");
	{
		struct ipl_buf o = IPL_BUF_INIT;
		add_origin(&o, p->origin);
		ipl_escape_json_string(b, ipl_buf_str(&o));
		ipl_buf_release(&o);
	}
	ipl_buf_addf(b, ", \"current\": %s}", current ? "true" : "false");
}

static void
json_offer(struct ipl_buf *b, const struct ipl_catalog *cat, const struct ipl_offer *o)
{
	const struct ipl_price *cur = ipl_offer_price_at(o, cat->date_ymd);
	size_t j;

	ipl_buf_adds(b, "{");
	ipl_json_string(b, "provider", o->provider);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "type", o->id);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "name", o->name);
	ipl_buf_adds(b, ", ");
	json_number(b, "vcpu", o->vcpu);
	ipl_buf_adds(b, ", ");
	json_number(b, "memory_mib", o->memory_mib);
	ipl_buf_adds(b, ", ");
	json_number(b, "disk_gb", o->disk_gb);
	ipl_buf_adds(b, ", ");
	ipl_json_string(b, "arch", o->arch);
	ipl_buf_adds(b, ",\n      \"prices\": [");
	for (j = 0; j < o->prices_nr; j++) {
		ipl_buf_adds(b, "\n        ");
		json_price(b, &o->prices[j], &o->prices[j] == cur);
		if (j + 1 < o->prices_nr)
			ipl_buf_adds(b, ",");
	}
	ipl_buf_adds(b, o->prices_nr ? "\n      ]}" : "]}");
}

static void
json_rates(struct ipl_buf *b, const struct ipl_catalog *cat)
{
	size_t i;

	ipl_buf_adds(b, "\"rates\": [");
	for (i = 0; i < cat->rates_nr; i++) {
		const struct ipl_rate_entry *r = &cat->rates[i];
		struct ipl_buf o = IPL_BUF_INIT;
		ipl_buf_adds(b, i ? ",\n    {" : "\n    {");
		ipl_buf_adds(b, "\"base\": \"EUR\", ");
		ipl_json_string(b, "code", r->code);
		ipl_buf_addf(b, ", \"value\": %.10g, ", r->value);
		ipl_json_string(b, "valid_from", r->valid_from_text);
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "source", r->source);
		add_origin(&o, r->origin);
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "origin", ipl_buf_str(&o));
		ipl_buf_addf(b, ", \"current\": %s}",
			     ipl_catalog_rate_at(cat, r->code, cat->date_ymd) == r ? "true"
										   : "false");
		ipl_buf_release(&o);
	}
	ipl_buf_adds(b, cat->rates_nr ? "\n  ]" : "]");
}

/* the whole listing as one document: what the table shows, every column */
static void
show_json(const struct ipl_catalog *cat, const struct ipl_offer **sorted, const char *provider,
	  const char *type, bool rates, const struct ipl_diags *diags, struct ipl_buf *out)
{
	size_t i, n = 0;

	ipl_buf_adds(out, "{\n  ");
	ipl_json_schema_version(out);
	ipl_buf_adds(out, ",\n  ");
	ipl_json_string(out, "catalog", cat->name);
	ipl_buf_adds(out, ",\n  ");
	ipl_json_string(out, "catalog_date", cat->date);
	ipl_buf_adds(out, ",\n  \"sources\": [");
	for (i = 0; i < cat->sources_nr; i++) {
		const struct ipl_catalog_source *s = &cat->sources[i];
		struct ipl_buf o = IPL_BUF_INIT;
		if (provider && s->provider && strcmp(provider, s->provider))
			continue;
		add_origin(&o, s->origin);
		ipl_buf_adds(out, n++ ? ",\n    {" : "\n    {");
		ipl_json_string(out, "origin", ipl_buf_str(&o));
		ipl_buf_adds(out, ", ");
		ipl_json_string(out, "provider", s->provider);
		ipl_buf_adds(out, ", ");
		ipl_json_string(out, "date", s->date);
		ipl_buf_adds(out, ", ");
		ipl_json_string(out, "url", s->url);
		ipl_buf_adds(out, "}");
		ipl_buf_release(&o);
	}
	ipl_buf_adds(out, n ? "\n  ],\n  \"offers\": [" : "],\n  \"offers\": [");
	for (i = n = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = sorted[i];
		if ((provider && strcmp(provider, o->provider)) || (type && !offer_named(o, type)))
			continue;
		ipl_buf_adds(out, n++ ? ",\n    " : "\n    ");
		json_offer(out, cat, o);
	}
	ipl_buf_adds(out, n ? "\n  ],\n  " : "],\n  ");
	if (rates)
		json_rates(out, cat);
	else
		ipl_buf_adds(out, "\"rates\": []");
	ipl_buf_adds(out, ",\n  ");
	ipl_json_warnings(out, diags);
	ipl_buf_adds(out, "\n}\n");
}

static int
run_show(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *region = NULL, *type = NULL;
	bool wide = false;
	int format = IPL_FORMAT_TABLE;
	const struct ipl_option opts[] = {
		IPL_OPT_FORMAT(&format, ipl_formats_no_markdown),
		IPL_OPT_STRING(0, "type", &type, "T",
			       "only the prices of type T (cx23, cloud-vps-10)"),
		IPL_OPT_BOOL(0, "wide", &wide,
			     "every column: free allowances, origin and source (over 100 columns)"),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_STRING(0, "region", &region, "R",
			       "the AWS region whose cached prices to read (default us-east-1)"),
		IPL_OPT_END(),
	};
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_catalog *cat;
	struct ipl_buf out = IPL_BUF_INIT;
	const struct ipl_offer **sorted;
	const char *provider = NULL, *near = NULL, *last = NULL;
	struct ipl_buf cell = IPL_BUF_INIT;
	struct widths w = { 4, 5 }; /* "TYPE", "PRICE" */
	bool offline, rates;
	int rc;
	size_t i, j;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr > 1)
		return ipl_usage_error(cmd, "expected at most one provider");
	provider = args->nr ? args->operands[0] : NULL;
	offline = args->env->offline;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	if (ipl_catalog_load(&cat, offline, args->env->cache_dir, region, &arena, &diags) < 0) {
		rc = IPL_EXIT_ENV;
		goto done;
	}
	if (provider && !known_provider(cat, provider, &near)) {
		rc = near ? ipl_usage_error(cmd, "unknown provider '%s'; did you mean '%s'?",
					    provider, near)
			  : ipl_usage_error(cmd, "unknown provider '%s'", provider);
		goto done;
	}
	sorted = ipl_arena_alloc(&arena, sizeof(*sorted) * (cat->offers_nr + 1));
	for (i = 0; i < cat->offers_nr; i++)
		sorted[i] = &cat->offers[i];
	qsort(sorted, cat->offers_nr, sizeof(*sorted), cmp_offer);
	if (type && (rc = check_type(cmd, sorted, cat->offers_nr, provider, type)) != 0)
		goto done;
	rates = !type && (!provider || !strcmp(provider, "rates"));
	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = sorted[i];
		if ((provider && strcmp(provider, o->provider)) || (type && !offer_named(o, type)))
			continue;
		for (j = 0; j < o->prices_nr; j++) {
			ipl_buf_reset(&cell);
			add_amount(&cell, &o->prices[j]);
			widen(&w, o->id, &cell);
		}
	}
	for (i = 0; rates && i < cat->rates_nr; i++) {
		ipl_buf_reset(&cell);
		add_rate(&cell, &cat->rates[i]);
		widen(&w, cat->rates[i].code, &cell);
	}
	ipl_buf_release(&cell);
	if (format == IPL_FORMAT_JSON) {
		struct ipl_diags warnings;
		/* the catalog's warnings (a cache file skipped) travel in the document */
		ipl_diags_sort(&diags);
		ipl_diags_init(&warnings);
		for (i = 0; i < diags.nr; i++)
			if (diags.items[i].severity == IPL_WARNING)
				ipl_diag_add(&warnings, IPL_WARNING, diags.items[i].file,
					     diags.items[i].loc, "%s", diags.items[i].message);
		show_json(cat, sorted, provider, type, rates, &warnings, &out);
		ipl_diags_release(&warnings);
		ipl_diags_release(&diags);
		ipl_diags_init(&diags);
		fputs(ipl_buf_str(&out), stdout);
		rc = IPL_EXIT_OK;
		goto done;
	}
	show_sources(cat, offline, args->env->cache_dir, provider, wide, &out);
	show_header(wide, &w, &out);
	for (i = 0; i < cat->offers_nr; i++) {
		const struct ipl_offer *o = sorted[i];
		const struct ipl_price *cur = ipl_offer_price_at(o, cat->date_ymd);
		if ((provider && strcmp(provider, o->provider)) || (type && !offer_named(o, type)))
			continue;
		if (!wide && (!last || strcmp(last, o->provider)))
			ipl_buf_addf(&out, "%s\n", o->provider);
		last = o->provider;
		for (j = 0; j < o->prices_nr; j++)
			show_price(&out, o, &o->prices[j], &o->prices[j] == cur, wide, &w);
	}
	if (rates)
		show_rates(cat, wide, &w, &out);
	fputs(ipl_buf_str(&out), stdout);
	rc = IPL_EXIT_OK;
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

	/* prices, show and update, each from its own table (prices_update.h) */
	if (args->describe) {
		struct ipl_prices_update_values v;
		struct ipl_option update[IPL_PRICES_UPDATE_OPTS];
		ipl_parse_command(cmd, none, args);
		run_show(&cmd_show, args);
		ipl_prices_update_options(update, &v);
		return ipl_parse_command(&ipl_cmd_prices_update, update, args);
	}
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
	/*
	 * in a helper program, so that infraplan itself links no HTTP or XML
	 * library; --offline reaches it the way it reads the environment
	 */
	if (!strcmp(argv[1], "update")) {
		if (args->env->offline)
			setenv("INFRAPLAN_OFFLINE", "1", 1);
		return ipl_run_helper(IPL_PRICES_HELPER, args->argc, args->argv);
	}
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
	.description =
		"  prices show [--type T] [--wide] [PROVIDER]\n"
		"                                       what the catalog knows, and where from\n"
		"  prices update [--provider P] [--region R] [--base-url URL]\n"
		"                                       refresh the cache over the network\n"
		"See 'infraplan prices show --help' and 'infraplan prices update --help'.",
	.run = run_prices,
};
