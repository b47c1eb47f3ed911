/*
 * cmd.h: what every subcommand offers main.c, and the option parser they share.
 *
 * A subcommand is one file in cmd/ that defines a `const struct ipl_cmd`.
 * Its run function builds its option table from locals (as git's builtins
 * do) and hands it to ipl_parse_command, which also prints `--help` and
 * the usage line from that table, so parsing, help and usage cannot drift
 * apart: a choice's values, a number's range and which options go together
 * are said once, in the table, and checked by the parser. `infraplan help X`
 * is `infraplan X --help`.
 *
 * cmd/ is the only layer that prints to the terminal or picks an exit status.
 */
#ifndef IPL_CMD_H
#define IPL_CMD_H

#include "core/common.h"
#include "core/buf.h"
#include "core/diag.h"

struct ipl_env; /* cmd/env.h: what main.c read from the environment */

/* exit statuses, documented in --help and README.md */
enum ipl_exit {
	IPL_EXIT_OK = 0,    /* success */
	IPL_EXIT_CHECK = 1, /* a check ran and found a problem (stale plan, cost over a threshold) */
	IPL_EXIT_USAGE = 2, /* bad usage or bad input */
	IPL_EXIT_ENV = 3,   /* the environment failed: I/O, network, git */
};

/*
 * What a run of one command is given and what the parser makes for it. main.c
 * fills argc, argv (argv[0] is the command's name) and env; ipl_parse_command
 * sets the operands (argv's own strings, in order) and the arrays of list
 * options; ipl_args_release, called by main.c after the run, frees them all,
 * so no command frees what the parser made.
 */
struct ipl_describer;

struct ipl_args {
	int argc;
	char **argv;
	struct ipl_env *env; /* mutable only by the parser: a command's --offline sets offline */
	char **operands;
	int nr;
	void **owned; /* the parser's allocations, freed by ipl_args_release */
	size_t owned_nr, owned_alloc;
	const struct ipl_describer *describe; /* NULL, or: describe the table, run nothing */
};

void ipl_args_release(struct ipl_args *args);

enum ipl_opt_type {
	IPL_OPT_END = 0,
	IPL_OPT_BOOL,     /* --flag: sets *(bool *)value */
	IPL_OPT_STRING,   /* --name VALUE or --name=VALUE: sets *(const char **)value */
	IPL_OPT_CHOICE,   /* --name VALUE, one of choices: sets *(int *)value to its value */
	IPL_OPT_NUMBERS,  /* --name N,N,...: each in [min, max]: sets a struct ipl_opt_numbers */
	IPL_OPT_CALLBACK, /* --name VALUE: callback checks VALUE and sets *value */
};

/* flags of an option, for the parser and the usage line drawn from the table */
#define IPL_OPT_REQUIRED 1u  /* must be given: "--output DIR", not "[--output DIR]" */
#define IPL_OPT_OR_PREV 2u   /* the previous option's alternative: "[--head REV | --worktree]" */
#define IPL_OPT_WITH_PREV 4u /* only with the previous option: "[--commit [--message MESSAGE]]" */
#define IPL_OPT_ABOVE_MIN 8u /* NUMBERS: min itself is refused ("positive numbers") */

struct ipl_opt_choice {
	const char *name;
	int value;
};

/* the numbers of an IPL_OPT_NUMBERS option, in the order given; v is the parser's */
struct ipl_opt_numbers {
	const double *v;
	size_t nr;
};

struct ipl_cmd;
struct ipl_option;
/* checks arg and sets *o->value; 0, or -1 after printing a usage error */
typedef int ipl_opt_callback(const struct ipl_cmd *cmd, const struct ipl_option *o,
			     const char *arg);

struct ipl_option {
	enum ipl_opt_type type;
	char short_name; /* 0 for none */
	const char *long_name;
	void *value;
	const char *arg_name; /* "DIR" in --output DIR; a choice shows its values */
	const char *help;
	unsigned flags;                       /* IPL_OPT_REQUIRED... */
	const struct ipl_opt_choice *choices; /* CHOICE: ended by { NULL, 0 } */
	double min, max;                      /* NUMBERS: the range of each value */
	const char *what;                     /* NUMBERS: "hours a month", for the message */
	const char *example;                  /* NUMBERS: "10,50,150", for the message */
	ipl_opt_callback *callback;
};

/* designated, so that each kind names only its own fields */
#define IPL_OPT_BASE(t, f, s, l, v, a, h)                                             \
	.type = (t), .flags = (f), .short_name = (s), .long_name = (l), .value = (v), \
	.arg_name = (a), .help = (h)
#define IPL_OPT_BOOL(s, l, v, h)                                \
	{                                                       \
		IPL_OPT_BASE(IPL_OPT_BOOL, 0, s, l, v, NULL, h) \
	}
#define IPL_OPT_STRING(s, l, v, a, h)                          \
	{                                                      \
		IPL_OPT_BASE(IPL_OPT_STRING, 0, s, l, v, a, h) \
	}
#define IPL_OPT_CHOICE(s, l, v, c, h)                                             \
	{                                                                         \
		IPL_OPT_BASE(IPL_OPT_CHOICE, 0, s, l, v, NULL, h), .choices = (c) \
	}
#define IPL_OPT_NUMBERS(f, s, l, v, a, h, lo, hi, w, e)                                      \
	{                                                                                    \
		IPL_OPT_BASE(IPL_OPT_NUMBERS, f, s, l, v, a, h), .min = (lo), .max = (hi),   \
								 .what = (w), .example = (e) \
	}
#define IPL_OPT_CALLBACK(s, l, v, a, h, fn)                                        \
	{                                                                          \
		IPL_OPT_BASE(IPL_OPT_CALLBACK, 0, s, l, v, a, h), .callback = (fn) \
	}
/* a bool or a string with flags */
#define IPL_OPT_FLAGGED(f, t, s, l, v, a, h)      \
	{                                         \
		IPL_OPT_BASE(t, f, s, l, v, a, h) \
	}
#define IPL_OPT_END()               \
	{                           \
		.type = IPL_OPT_END \
	}

/* --format: the report formats, each command offering some of them */
enum ipl_format {
	IPL_FORMAT_TABLE,
	IPL_FORMAT_JSON,
	IPL_FORMAT_MARKDOWN,
	IPL_FORMAT_MERMAID, /* a Mermaid diagram alone, without a Markdown fence */
};
extern const struct ipl_opt_choice ipl_formats[];             /* table, json, markdown */
extern const struct ipl_opt_choice ipl_formats_no_markdown[]; /* table, json */
#define IPL_OPT_FORMAT(v, c) IPL_OPT_CHOICE('f', "format", (v), (c), "the output's format")
/* the name of a choice's value ("markdown"), NULL when none has it */
const char *ipl_opt_choice_name(const struct ipl_opt_choice *c, int value);

/* --currency CODE, checked against the currencies the cost report knows */
ipl_opt_callback ipl_opt_currency;
#define IPL_OPT_CURRENCY(v)                                                          \
	IPL_OPT_CALLBACK(0, "currency", (v), "CODE",                                 \
			 "report in EUR, USD or INR instead of the spec's currency", \
			 ipl_opt_currency)

/*
 * --offline of every command that loads the catalog: only the embedded
 * catalog, never the price cache. The same as `infraplan --offline CMD` and
 * INFRAPLAN_OFFLINE=1: it sets args->env->offline, which is all the
 * catalog's loaders read.
 */
#define IPL_OPT_OFFLINE(args)                             \
	IPL_OPT_BOOL(0, "offline", &(args)->env->offline, \
		     "only the embedded catalog, never the price cache")

struct ipl_cmd {
	const char *name;
	const char *summary;  /* one line, for `infraplan --help` */
	const char *operands; /* "SPEC...": the usage line after the options drawn from the table */
	const char *description; /* a paragraph for `infraplan help X`, may be NULL */
	int (*run)(const struct ipl_cmd *cmd, struct ipl_args *args);
};

/*
 * Parses args->argv[1..] against opts into their values and args->operands.
 * Returns IPL_GO_ON to go on, or the exit status to return at once: 0 after
 * --help was printed, 2 after a one-line usage error.
 */
#define IPL_GO_ON (-1)
int ipl_parse_command(const struct ipl_cmd *cmd, const struct ipl_option *opts,
		      struct ipl_args *args);
void ipl_print_command_help(const struct ipl_cmd *cmd, const struct ipl_option *opts, FILE *out);
/* what --help shows: the usage line ("usage: infraplan gen [--force]... [SPEC]",
   wrapped before 80 columns), an option's left column ("-o, --output DIR")
   and its help with a choice's values and default */
void ipl_add_usage(struct ipl_buf *b, const struct ipl_cmd *cmd, const struct ipl_option *opts);
void ipl_add_option_left(struct ipl_buf *b, const struct ipl_option *o);
void ipl_add_option_help(struct ipl_buf *b, const struct ipl_option *o);

/*
 * With args->describe set, ipl_parse_command hands fn the command and its
 * table and returns IPL_EXIT_OK before parsing anything, so the command's run
 * returns at once: `infraplan help --man` and `help --completion SHELL` run
 * every command so, and draw the man page and the completion from the same
 * tables as --help (describe.c). fn copies what it keeps: the table is the
 * run function's local. A command with subcommands describes each (prices.c).
 */
struct ipl_describer {
	void (*fn)(void *ctx, const struct ipl_cmd *cmd, const struct ipl_option *opts);
	void *ctx;
};

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

/* what `infraplan help` draws from every command's table (describe.c) */
enum ipl_doc_kind {
	IPL_DOC_MAN,  /* infraplan(1), roff */
	IPL_DOC_BASH, /* share/bash-completion/completions/infraplan */
	IPL_DOC_ZSH,  /* share/zsh/vendor-completions/_infraplan */
};
int ipl_describe_write(struct ipl_env *env, enum ipl_doc_kind kind, FILE *out);

/* the command table, sorted by name (main.c) */
const struct ipl_cmd *const *ipl_commands(size_t *nr);
const struct ipl_cmd *ipl_find_command(const char *name);

extern const struct ipl_cmd ipl_cmd_check;
extern const struct ipl_cmd ipl_cmd_compare;
extern const struct ipl_cmd ipl_cmd_cost;
extern const struct ipl_cmd ipl_cmd_diff;
extern const struct ipl_cmd ipl_cmd_gen;
extern const struct ipl_cmd ipl_cmd_help;
extern const struct ipl_cmd ipl_cmd_history;
extern const struct ipl_cmd ipl_cmd_init;
extern const struct ipl_cmd ipl_cmd_plan;
extern const struct ipl_cmd ipl_cmd_prices;
extern const struct ipl_cmd ipl_cmd_rightsize;
extern const struct ipl_cmd ipl_cmd_validate;

#endif
