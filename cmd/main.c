/*
 * main.c: dispatch only. Finds the subcommand in one name-sorted table, runs
 * it, checks that everything written to stdout reached it, and returns the
 * exit status. Adding a command is adding a file in cmd/ and a line here.
 */
#include "core/common.h"

#include <locale.h>

#include "cmd/cmd.h"
#include "cmd/env.h"
#include "core/suggest.h"

#ifndef IPL_VERSION
#define IPL_VERSION "0.0.0"
#endif

/* sorted by name: `infraplan --help` lists them in this order */
static const struct ipl_cmd *const commands[] = {
	&ipl_cmd_check, &ipl_cmd_compare, &ipl_cmd_cost,      &ipl_cmd_diff,
	&ipl_cmd_gen,   &ipl_cmd_help,    &ipl_cmd_history,   &ipl_cmd_init,
	&ipl_cmd_plan,  &ipl_cmd_prices,  &ipl_cmd_rightsize, &ipl_cmd_validate,
};

const struct ipl_cmd *const *
ipl_commands(size_t *nr)
{
	*nr = IPL_ARRAY_SIZE(commands);
	return commands;
}

const struct ipl_cmd *
ipl_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void
print_main_help(FILE *out)
{
	size_t i;

	fputs("usage: infraplan [--offline] COMMAND [OPTIONS] [ARGS]\n"
	      "       infraplan --help | --version | help COMMAND\n\n"
	      "infraplan turns one YAML spec into deploy files (Terraform, cloud-init, systemd)\n"
	      "and an estimated monthly cost, offline. New here? 'infraplan init' writes a\n"
	      "commented infraplan.yaml to start from.\n\ncommands:\n",
	      out);
	for (i = 0; i < IPL_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nexit status:\n"
	      "  0  success\n"
	      "  1  a check ran and found a problem (stale plan, cost over a threshold)\n"
	      "  2  bad usage or bad input\n"
	      "  3  an environment failure (I/O, network, git)\n",
	      out);
}

static int
unknown_command(const char *name)
{
	const char *names[IPL_ARRAY_SIZE(commands)];
	const char *near;
	size_t i;

	for (i = 0; i < IPL_ARRAY_SIZE(commands); i++)
		names[i] = commands[i]->name;
	near = ipl_suggest(name, names, IPL_ARRAY_SIZE(commands));
	if (near)
		return ipl_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", name,
				       near);
	return ipl_usage_error(NULL, "unknown command '%s'; see 'infraplan --help'", name);
}

int
main(int argc, char **argv)
{
	const struct ipl_cmd *cmd;
	struct ipl_args args = { 0 };
	struct ipl_env env;
	const char *name;
	bool offline = false;
	int status;

	/* numbers are formatted the same whatever the user's locale */
	setlocale(LC_ALL, "C");
	/*
	 * stderr a line at a time, not a byte at a time: a diagnostic with its
	 * source line and caret was some 200 write(2) calls
	 */
	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	if (argc < 2) {
		print_main_help(stderr);
		return IPL_EXIT_USAGE;
	}
	name = argv[1];
	/* --offline: only the embedded catalog, never the price cache, as INFRAPLAN_OFFLINE=1 */
	if (!strcmp(name, "--offline")) {
		offline = true;
		if (argc < 3) {
			print_main_help(stderr);
			return IPL_EXIT_USAGE;
		}
		argc--;
		argv++;
		name = argv[1];
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		print_main_help(stdout);
		return ipl_finish(IPL_EXIT_OK);
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("infraplan %s\n", IPL_VERSION);
		return ipl_finish(IPL_EXIT_OK);
	}
	if (name[0] == '-')
		return ipl_usage_error(NULL, "unknown option '%s'; did you mean '--help'?", name);
	cmd = ipl_find_command(name);
	if (!cmd)
		return unknown_command(name);
	if (cmd == &ipl_cmd_help && argc == 2) {
		print_main_help(stdout);
		return ipl_finish(IPL_EXIT_OK);
	}
	/* the environment and today's date, once, for everything below to take as arguments */
	ipl_env_read(&env, offline);
	args.argc = argc - 1;
	args.argv = argv + 1;
	args.env = &env;
	status = cmd->run(cmd, &args);
	/* what the parser made for the command (operands, lists) lives until here */
	ipl_args_release(&args);
	ipl_env_release(&env);
	return ipl_finish(status);
}
