/* help.c: `infraplan help COMMAND`, the same text as `infraplan COMMAND --help`. */
#include "core/common.h"

#include "cmd/cmd.h"

static int
run_help(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const struct ipl_option opts[] = { IPL_OPT_END() };
	const struct ipl_cmd *target;
	char *help_argv[3];
	struct ipl_args help = { 0 };
	int rc;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (args->nr != 1)
		return ipl_usage_error(cmd, "expected one command name; see 'infraplan --help'");
	target = ipl_find_command(args->operands[0]);
	if (!target)
		return ipl_usage_error(cmd, "unknown command '%s'; see 'infraplan --help'",
				       args->operands[0]);
	help_argv[0] = (char *)target->name;
	help_argv[1] = (char *)"--help";
	help_argv[2] = NULL;
	help.argc = 2;
	help.argv = help_argv;
	help.env = args->env;
	rc = target->run(target, &help);
	ipl_args_release(&help);
	return rc;
}

const struct ipl_cmd ipl_cmd_help = {
	.name = "help",
	.summary = "show the help of a command",
	.operands = "COMMAND",
	.description = NULL,
	.run = run_help,
};
