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

static int
run_validate(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	bool quiet = false, print_model = false;
	const struct ipl_option opts[] = {
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
		if (run.spec && print_model) {
			struct ipl_buf out = IPL_BUF_INIT;
			ipl_spec_dump(run.spec, &out);
			fputs(ipl_buf_str(&out), stdout);
			ipl_buf_release(&out);
		} else if (rc == IPL_EXIT_OK && !quiet) {
			print_summary(run.spec);
		}
		ipl_run_finish(&run);
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
		       "docs/spec.md for the format.",
	.run = run_validate,
};
