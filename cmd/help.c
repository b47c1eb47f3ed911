/* help.c: `infraplan help COMMAND`, the same text as `infraplan COMMAND --help`. */
#include "core/common.h"

#include "cmd/cmd.h"

static int
run_help(const struct ipl_cmd *cmd, int argc, char **argv)
{
	const struct ipl_option opts[] = { IPL_OPT_END() };
	char **operands;
	int nr, rc;
	const struct ipl_cmd *target;
	char *help_argv[3];

	if ((rc = ipl_parse_command(cmd, opts, argc, argv, &operands, &nr)) != IPL_GO_ON)
		return rc;
	if (nr != 1) {
		free(operands);
		return ipl_usage_error(cmd, "expected one command name; see 'infraplan --help'");
	}
	target = ipl_find_command(operands[0]);
	if (!target) {
		rc = ipl_usage_error(cmd, "unknown command '%s'; see 'infraplan --help'", operands[0]);
		free(operands);
		return rc;
	}
	free(operands);
	help_argv[0] = (char *)target->name;
	help_argv[1] = (char *)"--help";
	help_argv[2] = NULL;
	return target->run(target, 2, help_argv);
}

const struct ipl_cmd ipl_cmd_help = {
	.name = "help",
	.summary = "show the help of a command",
	.usage = "help COMMAND",
	.description = NULL,
	.run = run_help,
};
