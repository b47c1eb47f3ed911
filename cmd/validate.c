/*
 * validate.c: `infraplan validate SPEC...`: parse, plan and generate specs
 * in memory as gen would, report every problem as file:line:col, print a
 * one-line summary per valid spec.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "planners/spec_load.h"
#include "core/buf.h"
#include "core/json.h"
#include "planners/provider.h"
#include "model/spec.h"

static void
print_summary(const struct ipl_spec *spec)
{
	size_t i, dbs = 0;

	for (i = 0; i < spec->services_nr; i++)
		if (ipl_service_is_stateful(&spec->services[i]))
			dbs++;
	printf("%s: ok: \"%s\" on %s, layout %s, %zu service%s (%zu stateful)", spec->path,
	       spec->name.s, ipl_provider_name(spec->provider), ipl_layout_name(spec->layout),
	       spec->services_nr, spec->services_nr == 1 ? "" : "s", dbs);
	if (spec->nodes_nr)
		printf(", %zu pinned node%s", spec->nodes_nr, spec->nodes_nr == 1 ? "" : "s");
	putchar('\n');
}

/* one spec's entry of the JSON document (docs/json.md); its warnings leave run */
static void
json_entry(struct ipl_run *run, const char *spec_path, int rc, struct ipl_buf *b)
{
	struct ipl_diags warnings;
	const struct ipl_spec *spec = rc == IPL_EXIT_OK ? run->spec : NULL;
	size_t i, dbs = 0;

	ipl_run_take_warnings(run, &warnings);
	ipl_buf_adds(b, "{");
	ipl_json_string(b, "spec", spec_path);
	ipl_buf_addf(b, ", \"valid\": %s", spec ? "true" : "false");
	if (spec) {
		for (i = 0; i < spec->services_nr; i++)
			if (ipl_service_is_stateful(&spec->services[i]))
				dbs++;
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "name", spec->name.s);
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "provider", ipl_provider_name(spec->provider));
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "layout", ipl_layout_name(spec->layout));
		ipl_buf_addf(b, ", \"services\": %zu, \"stateful\": %zu, \"pinned_nodes\": %zu",
			     spec->services_nr, dbs, spec->nodes_nr);
	}
	/* the errors stay in run too: ipl_run_finish says them on stderr, with the caret */
	ipl_buf_adds(b, ",\n  ");
	ipl_json_diags(b, "errors", &run->diags, IPL_ERROR);
	ipl_buf_adds(b, ",\n  ");
	ipl_json_warnings(b, &warnings);
	ipl_buf_adds(b, "}");
	ipl_diags_release(&warnings);
}

static int
run_validate(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	bool quiet = false, print_model = false;
	int format = IPL_FORMAT_TABLE;
	struct ipl_buf json = IPL_BUF_INIT;
	const struct ipl_option opts[] = {
		IPL_OPT_FORMAT(&format, ipl_formats_no_markdown),
		IPL_OPT_BOOL('q', "quiet", &quiet, "print nothing for a valid spec"),
		IPL_OPT_BOOL(
			0, "print-model", &print_model,
			"print the parsed model, one field per line (for tests and debugging)"),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	int i, status = IPL_EXIT_OK, rc;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr == 0)
		return ipl_usage_error(cmd, "expected a spec file, such as infraplan.yaml");
	if (print_model && format == IPL_FORMAT_JSON)
		return ipl_usage_error(cmd, "--print-model prints text: drop --format json");
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_adds(&json, "{\n  ");
		ipl_json_schema_version(&json);
		ipl_buf_adds(&json, ",\n  \"specs\": [");
	}
	for (i = 0; i < args->nr; i++) {
		const char *spec_path = args->operands[i];
		struct ipl_run run;
		struct ipl_plan *plan;
		struct ipl_cost *cost;

		/*
		 * The steps gen takes, files made in memory and dropped: a spec is
		 * valid when gen would write its plan. There is no syntax-only mode:
		 * the catalog is embedded, so every check can always run, and a
		 * gate that passed specs gen refuses would be no gate.
		 */
		ipl_run_init(&run, args->env);
		rc = ipl_run_load(&run, spec_path);
		if (rc == IPL_EXIT_OK)
			rc = ipl_run_plan(&run, spec_path, false, &plan, &cost, NULL);
		if (rc > status)
			status = rc;
		if (format == IPL_FORMAT_JSON) {
			ipl_buf_adds(&json, i ? ",\n  " : "\n  ");
			json_entry(&run, spec_path, rc, &json);
		} else if (run.spec && print_model) {
			struct ipl_buf out = IPL_BUF_INIT;
			ipl_spec_dump(run.spec, &out);
			fputs(ipl_buf_str(&out), stdout);
			ipl_buf_release(&out);
		} else if (rc == IPL_EXIT_OK && !quiet) {
			print_summary(run.spec);
		}
		ipl_run_finish(&run);
	}
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_addf(&json, "\n  ],\n  \"valid\": %s\n}\n",
			     status == IPL_EXIT_OK ? "true" : "false");
		fputs(ipl_buf_str(&json), stdout);
		ipl_buf_release(&json);
	}
	return status;
}

const struct ipl_cmd ipl_cmd_validate = {
	.name = "validate",
	.summary = "check a spec and report every problem with its line and column",
	.operands = "SPEC...",
	.description = "Reads each SPEC (YAML), checks types, units, ranges, references between\n"
		       "services and unknown keys, then plans, prices and generates it in memory\n"
		       "as gen does, so a spec validate accepts is one plan and gen accept. Every\n"
		       "problem is printed as SPEC:LINE:COL: error: MESSAGE on stderr. See\n"
		       "docs/spec.md for the format. --format json prints one document with each\n"
		       "spec's summary, errors and warnings (docs/json.md); the errors are also\n"
		       "printed on stderr.",
	.run = run_validate,
};
