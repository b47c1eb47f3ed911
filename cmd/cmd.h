/*
 * cmd.h: what every subcommand offers main.c, and the option parser they share.
 *
 * A subcommand is one file in cmd/ that defines a `const struct ipl_cmd`.
 * Its run function builds its option table from locals (as git's builtins
 * do) and hands it to ipl_parse_options, which also prints `--help` from that
 * table, so parsing and help cannot drift apart. `infraplan help X` is
 * `infraplan X --help`.
 *
 * cmd/ is the only layer that prints to the terminal or picks an exit status.
 */
#ifndef IPL_CMD_H
#define IPL_CMD_H

#include "core/common.h"
#include "core/diag.h"

/* exit statuses, documented in --help and README.md */
enum ipl_exit {
	IPL_EXIT_OK = 0,     /* success */
	IPL_EXIT_CHECK = 1,  /* a check ran and found a problem (stale plan, cost over a threshold) */
	IPL_EXIT_USAGE = 2,  /* bad usage or bad input */
	IPL_EXIT_ENV = 3,    /* the environment failed: I/O, network, git */
};

enum ipl_opt_type {
	IPL_OPT_END = 0,
	IPL_OPT_BOOL,        /* --flag: sets *(bool *)value */
	IPL_OPT_STRING,      /* --name VALUE or --name=VALUE: sets *(const char **)value */
	IPL_OPT_LIST,        /* repeatable --name VALUE: appends to a struct ipl_opt_list */
};

struct ipl_option {
	enum ipl_opt_type type;
	char short_name;         /* 0 for none */
	const char *long_name;
	void *value;
	const char *arg_name;    /* "FORMAT" in --format FORMAT */
	const char *help;
};

struct ipl_opt_list {
	const char **items;
	size_t nr, alloc;
};

#define IPL_OPT_BOOL(s, l, v, h) { IPL_OPT_BOOL, (s), (l), (v), NULL, (h) }
#define IPL_OPT_STRING(s, l, v, a, h) { IPL_OPT_STRING, (s), (l), (v), (a), (h) }
#define IPL_OPT_LIST(s, l, v, a, h) { IPL_OPT_LIST, (s), (l), (v), (a), (h) }
#define IPL_OPT_END() { IPL_OPT_END, 0, NULL, NULL, NULL, NULL }

struct ipl_cmd {
	const char *name;
	const char *summary;      /* one line, for `infraplan --help` */
	const char *usage;        /* "validate [OPTIONS] SPEC..." */
	const char *description;  /* a paragraph for `infraplan help X`, may be NULL */
	int (*run)(const struct ipl_cmd *cmd, int argc, char **argv);
};

/*
 * Parses argv[1..] against opts. Operands (non-options) are collected, in
 * order, into *operands (argv's own strings) and their count into *nr.
 * Returns 0 to go on, 1 when --help was printed (exit 0), or -1 after
 * printing a one-line error (exit 2).
 */
int ipl_parse_options(const struct ipl_cmd *cmd, const struct ipl_option *opts, int argc,
		      char **argv, char ***operands, int *nr);
/*
 * The same for a command's run function: returns IPL_GO_ON to go on, or the
 * exit status to return at once (0 after --help, 2 after a usage error), in
 * which case *operands is already freed.
 */
#define IPL_GO_ON (-1)
int ipl_parse_command(const struct ipl_cmd *cmd, const struct ipl_option *opts, int argc,
		      char **argv, char ***operands, int *nr);
void ipl_print_command_help(const struct ipl_cmd *cmd, const struct ipl_option *opts, FILE *out);
void ipl_opt_list_release(struct ipl_opt_list *l);

/* usage error: prints "infraplan CMD: error: ..." and returns IPL_EXIT_USAGE */
int ipl_usage_error(const struct ipl_cmd *cmd, const char *fmt, ...) IPL_PRINTF(2, 3);
/* prints diagnostics sorted, errors and warnings, to stderr */
void ipl_report(struct ipl_diags *diags);

/*
 * Runs the helper program name (core/libexec.h) in this process's place with
 * argv[1..]; returns only when it cannot, with IPL_EXIT_ENV after saying why.
 */
int ipl_run_helper(const char *name, int argc, char **argv);
/* the helper that runs `prices update` (prices_update.c) */
#define IPL_PRICES_HELPER "infraplan-prices-fetch"
/* status, or IPL_EXIT_ENV when stdout could not be written and closed */
int ipl_finish(int status);

/* the command table, sorted by name (main.c) */
const struct ipl_cmd *const *ipl_commands(size_t *nr);
const struct ipl_cmd *ipl_find_command(const char *name);

extern const struct ipl_cmd ipl_cmd_check;
extern const struct ipl_cmd ipl_cmd_cost;
extern const struct ipl_cmd ipl_cmd_diff;
extern const struct ipl_cmd ipl_cmd_gen;
extern const struct ipl_cmd ipl_cmd_help;
extern const struct ipl_cmd ipl_cmd_history;
extern const struct ipl_cmd ipl_cmd_plan;
extern const struct ipl_cmd ipl_cmd_prices;
extern const struct ipl_cmd ipl_cmd_rightsize;
extern const struct ipl_cmd ipl_cmd_validate;

#endif
