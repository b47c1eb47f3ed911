/*
 * options.c: the declarative option parser and the help text drawn from the
 * same table (see cmd.h).
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "core/suggest.h"
#include "core/xalloc.h"

void
ipl_opt_list_release(struct ipl_opt_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int
ipl_usage_error(const struct ipl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	if (cmd)
		fprintf(stderr, "infraplan %s: error: ", cmd->name);
	else
		fputs("infraplan: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return IPL_EXIT_USAGE;
}

/* the same message, for the parser, which reports failure as -1 */
static int
ipl_usage_error_quiet(const struct ipl_cmd *cmd, const char *fmt, ...) IPL_PRINTF(2, 3);

static int
ipl_usage_error_quiet(const struct ipl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "infraplan %s: error: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

void
ipl_report(struct ipl_diags *diags)
{
	ipl_diags_sort(diags);
	ipl_diags_print(diags, stderr, IPL_WARNING);
}

void
ipl_print_command_help(const struct ipl_cmd *cmd, const struct ipl_option *opts, FILE *out)
{
	const struct ipl_option *o;

	fprintf(out, "usage: infraplan %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->description)
		fprintf(out, "\n%s\n", cmd->description);
	fputs("\noptions:\n", out);
	for (o = opts; o->type != IPL_OPT_END; o++) {
		char left[64];
		if (o->arg_name)
			snprintf(left, sizeof(left), "%s%c%s--%s %s", o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
				 o->long_name, o->arg_name);
		else
			snprintf(left, sizeof(left), "%s%c%s--%s", o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
				 o->long_name);
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
	fputs("\nexit status: 0 success, 1 a check found a problem, 2 bad usage or input, "
	      "3 environment failure\n",
	      out);
}

static const struct ipl_option *
find_long(const struct ipl_option *opts, const char *name, size_t len)
{
	const struct ipl_option *o;

	for (o = opts; o->type != IPL_OPT_END; o++)
		if (strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static const struct ipl_option *
find_short(const struct ipl_option *opts, char c)
{
	const struct ipl_option *o;

	for (o = opts; o->type != IPL_OPT_END; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static int
unknown_option(const struct ipl_cmd *cmd, const struct ipl_option *opts, const char *arg)
{
	const char *names[64];
	const char *name = arg;
	const char *near;
	size_t n = 0;
	const struct ipl_option *o;
	char base[128];

	while (*name == '-')
		name++;
	snprintf(base, sizeof(base), "%.*s", (int)strcspn(name, "="), name);
	for (o = opts; o->type != IPL_OPT_END && n < IPL_ARRAY_SIZE(names) - 1; o++)
		names[n++] = o->long_name;
	names[n++] = "help";
	near = ipl_suggest(base, names, n);
	if (near)
		return ipl_usage_error(cmd, "unknown option '%s'; did you mean '--%s'?", arg, near);
	return ipl_usage_error(cmd, "unknown option '%s'; see 'infraplan %s --help'", arg,
			       cmd->name);
}

static int
set_value(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *value)
{
	switch (o->type) {
	case IPL_OPT_BOOL:
		*(bool *)o->value = true;
		return 0;
	case IPL_OPT_STRING:
		*(const char **)o->value = value;
		return 0;
	case IPL_OPT_LIST: {
		struct ipl_opt_list *l = o->value;
		l->items = ipl_xgrow(l->items, sizeof(*l->items), l->nr + 1, &l->alloc);
		l->items[l->nr++] = value;
		return 0;
	}
	default:
		return ipl_usage_error(cmd, "internal error: bad option table");
	}
}

int
ipl_parse_options(const struct ipl_cmd *cmd, const struct ipl_option *opts, int argc, char **argv,
		  char ***operands, int *nr)
{
	int i;
	bool only_operands = false;

	*nr = 0;
	*operands = ipl_xcalloc((size_t)argc + 1, sizeof(char *));
	for (i = 1; i < argc; i++) {
		char *arg = argv[i];
		const struct ipl_option *o;

		if (only_operands || arg[0] != '-' || !strcmp(arg, "-")) {
			(*operands)[(*nr)++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_operands = true;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			ipl_print_command_help(cmd, opts, stdout);
			return 1;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			o = find_long(opts, name, len);
			if (!o) {
				unknown_option(cmd, opts, arg);
				return -1;
			}
			if (o->type == IPL_OPT_BOOL) {
				if (eq)
					return ipl_usage_error_quiet(cmd, "option '--%s' takes no value",
								     o->long_name);
				set_value(cmd, o, NULL);
			} else if (eq) {
				set_value(cmd, o, eq + 1);
			} else if (i + 1 < argc) {
				set_value(cmd, o, argv[++i]);
			} else {
				return ipl_usage_error_quiet(cmd, "option '--%s' needs a value (%s)",
							     o->long_name, o->arg_name);
			}
			continue;
		}
		/* short options, possibly bundled: -fv, or -o DIR / -oDIR */
		for (const char *p = arg + 1; *p; p++) {
			o = find_short(opts, *p);
			if (!o) {
				char one[3] = { '-', *p, '\0' };
				unknown_option(cmd, opts, one);
				return -1;
			}
			if (o->type == IPL_OPT_BOOL) {
				set_value(cmd, o, NULL);
				continue;
			}
			if (p[1]) {
				set_value(cmd, o, p + 1);
			} else if (i + 1 < argc) {
				set_value(cmd, o, argv[++i]);
			} else {
				return ipl_usage_error_quiet(cmd, "option '-%c' needs a value (%s)", *p,
						       o->arg_name);
			}
			break;
		}
	}
	return 0;
}

int
ipl_parse_command(const struct ipl_cmd *cmd, const struct ipl_option *opts, int argc, char **argv,
		  char ***operands, int *nr)
{
	int rc = ipl_parse_options(cmd, opts, argc, argv, operands, nr);

	if (rc == 0)
		return IPL_GO_ON;
	free(*operands);
	*operands = NULL;
	return rc > 0 ? IPL_EXIT_OK : IPL_EXIT_USAGE;
}
