/*
 * validate.c: `infraplan validate SPEC...`: parse and check specs, report
 * every problem as file:line:col, print a one-line summary per valid spec.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "core/arena.h"
#include "core/buf.h"
#include "planners/spec.h"

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
run_validate(const struct ipl_cmd *cmd, int argc, char **argv)
{
	bool quiet = false, print_model = false;
	const struct ipl_option opts[] = {
		IPL_OPT_BOOL('q', "quiet", &quiet, "print nothing for a valid spec"),
		IPL_OPT_BOOL(0, "print-model", &print_model,
			     "print the parsed model, one field per line (for tests and debugging)"),
		IPL_OPT_END(),
	};
	char **specs;
	int nr, i, status = IPL_EXIT_OK, rc;

	rc = ipl_parse_options(cmd, opts, argc, argv, &specs, &nr);
	if (rc) {
		free(specs);
		return rc > 0 ? IPL_EXIT_OK : IPL_EXIT_USAGE;
	}
	if (nr == 0) {
		free(specs);
		return ipl_usage_error(cmd, "expected a spec file, such as infraplan.yaml");
	}
	for (i = 0; i < nr; i++) {
		struct ipl_arena arena;
		struct ipl_diags diags;
		struct ipl_spec *spec;

		ipl_arena_init(&arena);
		ipl_diags_init(&diags);
		if (ipl_spec_load(&spec, specs[i], &arena, &diags) < 0)
			status = IPL_EXIT_USAGE;
		ipl_report(&diags);
		if (spec && print_model) {
			struct ipl_buf out = IPL_BUF_INIT;
			ipl_spec_dump(spec, &out);
			fputs(ipl_buf_str(&out), stdout);
			ipl_buf_release(&out);
		} else if (spec && !quiet) {
			print_summary(spec);
		}
		ipl_diags_release(&diags);
		ipl_arena_release(&arena);
	}
	free(specs);
	return status;
}

const struct ipl_cmd ipl_cmd_validate = {
	.name = "validate",
	.summary = "check a spec and report every problem with its line and column",
	.usage = "validate [OPTIONS] SPEC...",
	.description = "Reads each SPEC (YAML), checks types, units, ranges, references between\n"
		       "services and unknown keys, and prints every problem as\n"
		       "SPEC:LINE:COL: error: MESSAGE on stderr. See docs/spec.md for the format.",
	.run = run_validate,
};
