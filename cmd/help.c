/*
 * help.c: `infraplan help COMMAND [SUBCOMMAND...]`, the same text as
 * `infraplan COMMAND [SUBCOMMAND...] --help`: the words after the command's
 * name reach it as they would on its own command line, so `help prices show`
 * is the help of `prices show`, whichever subcommands a command has.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "core/xalloc.h"

static int
run_help(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	static const struct ipl_opt_choice shells[] = {
		{ "bash", IPL_DOC_BASH },
		{ "zsh", IPL_DOC_ZSH },
		{ NULL, 0 },
	};
	bool man = false;
	int shell = -1;
	const struct ipl_option opts[] = {
		IPL_OPT_BOOL(0, "man", &man, "print the man page infraplan(1) in roff"),
		{ IPL_OPT_BASE(IPL_OPT_CHOICE, IPL_OPT_OR_PREV, 0, "completion", &shell, NULL,
			       "print the completion script of a shell"),
		  .choices = shells },
		IPL_OPT_END(),
	};
	const struct ipl_cmd *target;
	char **help_argv;
	struct ipl_args help = { 0 };
	int rc, i;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if ((man || shell >= 0) && args->nr)
		return ipl_usage_error(cmd, "--man and --completion take no command");
	if (man || shell >= 0)
		return ipl_describe_write(args->env, man ? IPL_DOC_MAN : (enum ipl_doc_kind)shell,
					  stdout);
	if (args->nr < 1)
		return ipl_usage_error(cmd, "expected a command name; see 'infraplan --help'");
	target = ipl_find_command(args->operands[0]);
	if (!target)
		return ipl_usage_error(cmd, "unknown command '%s'; see 'infraplan --help'",
				       args->operands[0]);
	/* COMMAND SUBCOMMAND... --help: the operands are words, never options */
	help_argv = ipl_xcalloc((size_t)args->nr + 2, sizeof(*help_argv));
	help_argv[0] = (char *)target->name;
	for (i = 1; i < args->nr; i++)
		help_argv[i] = args->operands[i];
	help_argv[args->nr] = (char *)"--help";
	help.argc = args->nr + 1;
	help.argv = help_argv;
	help.env = args->env;
	rc = target->run(target, &help);
	ipl_args_release(&help);
	free(help_argv);
	return rc;
}

const struct ipl_cmd ipl_cmd_help = {
	.name = "help",
	.summary = "show the help of a command",
	.operands = "COMMAND [SUBCOMMAND]",
	.description = "'infraplan help COMMAND' is 'infraplan COMMAND --help'. --man and\n"
		       "--completion print the man page and the completion scripts that\n"
		       "'cmake --install' installs, drawn from the same option tables as --help.",
	.run = run_help,
};
