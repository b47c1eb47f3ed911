/*
 * compare.c: `infraplan compare SPEC [--providers LIST]`: the spec's services
 * planned and priced on every provider that can host them, side by side, as
 * a table, JSON or Markdown for a pull-request comment (planners/compare.h
 * says how a spec is carried to another provider).
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/suggest.h"
#include "planners/compare.h"
#include "planners/provider.h"

/* --providers aws,hetzner: the names of the provider table, each once, in the order given */
struct provider_list {
	enum ipl_provider_id ids[IPL_PROVIDER__COUNT];
	size_t nr;
};

static int
parse_providers(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *arg)
{
	struct provider_list *l = o->value;
	const char *names[IPL_PROVIDER__COUNT];
	const char *p = arg;

	ipl_provider_names(names);
	l->nr = 0;
	while (*p) {
		size_t len = strcspn(p, ","), i, j;
		for (i = 0; i < IPL_PROVIDER__COUNT; i++)
			if (strlen(names[i]) == len && !strncmp(names[i], p, len))
				break;
		if (i == IPL_PROVIDER__COUNT ||
		    ipl_provider_get((enum ipl_provider_id)i)->own_server)
			return ipl_usage_error(cmd,
					       "unknown provider '%.*s' in --providers; expected "
					       "a list of aws, contabo, hetzner, koyeb",
					       (int)len, p),
			       -1;
		/* a provider named twice is one column */
		for (j = 0; j < l->nr && l->ids[j] != (enum ipl_provider_id)i; j++)
			;
		if (j == l->nr && l->nr < IPL_PROVIDER__COUNT)
			l->ids[l->nr++] = (enum ipl_provider_id)i;
		p += len;
		if (*p == ',')
			p++;
	}
	if (!l->nr)
		return ipl_usage_error(cmd,
				       "empty --providers; expected a list such as aws,hetzner"),
		       -1;
	return 0;
}

static int
run_compare(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	int format = IPL_FORMAT_TABLE;
	struct provider_list list = { .nr = 0 };
	const struct ipl_option opts[] = {
		IPL_OPT_CALLBACK(0, "providers", &list, "LIST",
				 "the providers to plan on (every one that sells servers or "
				 "services, and the spec's own)",
				 parse_providers),
		IPL_OPT_FORMAT(&format, ipl_formats),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	struct ipl_compare cmp;
	struct ipl_plan *plan;
	struct ipl_cost *cost;
	struct ipl_run run;
	struct ipl_buf out = IPL_BUF_INIT;
	int rc;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr != 1)
		return ipl_usage_error(cmd, "expected one spec file");
	ipl_run_init(&run, args->env);
	rc = ipl_run_load(&run, args->operands[0]);
	/* the spec as written first, with cost's diagnostics: a spec cost refuses, compare refuses */
	if (rc == IPL_EXIT_OK)
		rc = ipl_run_cost(&run, run.spec, NULL, NULL, false, &plan, &cost, &run.diags);
	if (rc == IPL_EXIT_OK) {
		enum ipl_provider_id ids[IPL_PROVIDER__COUNT];
		size_t nr = list.nr ? list.nr : ipl_compare_default_providers(run.spec, ids);
		ipl_compare_build(&cmp, run.spec, run.catalog, list.nr ? list.ids : ids, nr,
				  &run.arena);
		if (format == IPL_FORMAT_JSON)
			ipl_compare_write_json(&cmp, &out);
		else if (format == IPL_FORMAT_MARKDOWN)
			ipl_compare_write_markdown(&cmp, &out);
		else
			ipl_compare_write_table(&cmp, &out);
		fputs(ipl_buf_str(&out), stdout);
	}
	ipl_buf_release(&out);
	ipl_run_finish(&run);
	return rc;
}

const struct ipl_cmd ipl_cmd_compare = {
	.name = "compare",
	.summary = "plan and price a spec's services on every provider, side by side",
	.operands = "SPEC",
	.description =
		"Plans the spec's services on each provider with the same sizing rules and the\n"
		"provider's own equivalents (RDS on AWS, a server running PostgreSQL elsewhere),\n"
		"and prints the monthly totals in each provider's currency and the spec's, what\n"
		"differs, and why a provider cannot host a service with what it would need.\n"
		"The spec's own provider plans the spec as written: its column is `infraplan\n"
		"cost`. Elsewhere, pinned nodes, managed classes, routes and price overrides\n"
		"of nodes are the spec's provider's and are not carried over, and prices are\n"
		"the catalog's of its date (docs/compare.md).",
	.run = run_compare,
};
