/*
 * options.c: the declarative option parser and the help text drawn from the
 * same table (see cmd.h).
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/suggest.h"
#include "core/xalloc.h"
#include "planners/units.h"
#include "catalog/catalog.h"

const struct ipl_opt_choice ipl_formats[] = {
	{ "table", IPL_FORMAT_TABLE },
	{ "json", IPL_FORMAT_JSON },
	{ "markdown", IPL_FORMAT_MARKDOWN },
	{ NULL, 0 },
};

const struct ipl_opt_choice ipl_formats_no_markdown[] = {
	{ "table", IPL_FORMAT_TABLE },
	{ "json", IPL_FORMAT_JSON },
	{ NULL, 0 },
};

const char *
ipl_opt_choice_name(const struct ipl_opt_choice *c, int value)
{
	for (; c->name; c++)
		if (c->value == value)
			return c->name;
	return NULL;
}

void
ipl_args_release(struct ipl_args *args)
{
	size_t i;

	for (i = 0; i < args->owned_nr; i++)
		free(args->owned[i]);
	free(args->owned);
	free(args->operands);
	args->owned = NULL;
	args->owned_nr = args->owned_alloc = 0;
	args->operands = NULL;
	args->nr = 0;
}

/* keeps p until ipl_args_release */
static void *
own(struct ipl_args *args, void *p)
{
	args->owned = ipl_xgrow(args->owned, sizeof(*args->owned), args->owned_nr + 1,
				&args->owned_alloc);
	args->owned[args->owned_nr++] = p;
	return p;
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

void
ipl_report(struct ipl_diags *diags)
{
	ipl_diags_sort(diags);
	ipl_diags_print(diags, stderr, IPL_WARNING);
}

/*
 * "table, json or markdown" (sep ", ", last " or "), "table|json|markdown"
 * (both "|"); dflt, when not NULL, is marked "(default)"
 */
static void
add_choices(struct ipl_buf *b, const struct ipl_opt_choice *c, const char *sep, const char *last,
	    const int *dflt)
{
	const struct ipl_opt_choice *k;

	for (k = c; k->name; k++) {
		if (k != c)
			ipl_buf_adds(b, k[1].name ? sep : last);
		ipl_buf_adds(b, k->name);
		if (dflt && k->value == *dflt)
			ipl_buf_adds(b, " (default)");
	}
}

/* "FORMAT" for --format: the placeholder of an option whose table gives none */
static void
add_arg_name(struct ipl_buf *b, const struct ipl_option *o)
{
	const char *p;

	if (o->arg_name) {
		ipl_buf_adds(b, o->arg_name);
		return;
	}
	for (p = o->long_name; *p; p++) {
		char c = *p == '-' ? '_' : *p;
		ipl_buf_addc(b, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
	}
}

/* one option as the usage line shows it: "--format table|json|markdown" */
static void
add_usage_option(struct ipl_buf *b, const struct ipl_option *o)
{
	ipl_buf_addf(b, "--%s", o->long_name);
	if (o->type == IPL_OPT_BOOL)
		return;
	ipl_buf_addc(b, ' ');
	if (o->type == IPL_OPT_CHOICE)
		add_choices(b, o->choices, "|", "|", NULL);
	else
		add_arg_name(b, o);
}

/*
 * The usage line, drawn from the table: every option in its order, in
 * brackets unless required, an alternative to the one before it after a
 * "|", one that goes only with the one before it inside its brackets; then
 * the operands. Wrapped before 80 columns, under the first option.
 */
void
ipl_add_usage(struct ipl_buf *b, const struct ipl_cmd *cmd, const struct ipl_option *opts)
{
	struct ipl_buf line = IPL_BUF_INIT, piece = IPL_BUF_INIT;
	const struct ipl_option *o;
	size_t indent, col;

	ipl_buf_addf(&line, "usage: infraplan %s", cmd->name);
	indent = col = line.len;
	for (o = opts;; o++) {
		const struct ipl_option *next = o->type != IPL_OPT_END ? o + 1 : NULL;
		const char *text = cmd->operands;

		ipl_buf_reset(&piece);
		if (o->type != IPL_OPT_END) {
			bool req = o->flags & IPL_OPT_REQUIRED;
			if (!req)
				ipl_buf_addc(&piece, '[');
			add_usage_option(&piece, o);
			for (; next->type != IPL_OPT_END &&
			       next->flags & (IPL_OPT_OR_PREV | IPL_OPT_WITH_PREV);
			     next++) {
				ipl_buf_adds(&piece, next->flags & IPL_OPT_OR_PREV ? " | " : " [");
				add_usage_option(&piece, next);
				if (next->flags & IPL_OPT_WITH_PREV)
					ipl_buf_addc(&piece, ']');
			}
			if (!req)
				ipl_buf_addc(&piece, ']');
			text = piece.data;
		}
		if (text && *text) {
			if (col > indent && col + 1 + strlen(text) > 79) {
				ipl_buf_addc(&line, '\n');
				ipl_buf_addch(&line, ' ', indent);
				col = indent;
			}
			ipl_buf_addf(&line, " %s", text);
			col += 1 + strlen(text);
		}
		if (o->type == IPL_OPT_END)
			break;
		o = next - 1;
	}
	ipl_buf_adds(b, line.data);
	ipl_buf_release(&piece);
	ipl_buf_release(&line);
}

void
ipl_add_option_left(struct ipl_buf *b, const struct ipl_option *o)
{
	if (o->short_name)
		ipl_buf_addf(b, "-%c, --%s", o->short_name, o->long_name);
	else
		ipl_buf_addf(b, "   --%s", o->long_name);
	if (o->type != IPL_OPT_BOOL) {
		ipl_buf_addc(b, ' ');
		add_arg_name(b, o);
	}
}

void
ipl_add_option_help(struct ipl_buf *b, const struct ipl_option *o)
{
	ipl_buf_adds(b, o->help);
	if (o->type == IPL_OPT_CHOICE) {
		ipl_buf_adds(b, ": ");
		add_choices(b, o->choices, ", ", " or ", o->value);
	}
}

void
ipl_print_command_help(const struct ipl_cmd *cmd, const struct ipl_option *opts, FILE *out)
{
	const struct ipl_option *o;
	struct ipl_buf left = IPL_BUF_INIT, help = IPL_BUF_INIT;

	ipl_add_usage(&left, cmd, opts);
	fprintf(out, "%s\n\n%s\n", left.data, cmd->summary);
	if (cmd->description)
		fprintf(out, "\n%s\n", cmd->description);
	fputs("\noptions:\n", out);
	for (o = opts; o->type != IPL_OPT_END; o++) {
		ipl_buf_reset(&left);
		ipl_buf_reset(&help);
		ipl_add_option_left(&left, o);
		ipl_add_option_help(&help, o);
		fprintf(out, "  %-28s %s\n", left.data, help.data);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
	fputs("\nexit status: 0 success, 1 a check found a problem, 2 bad usage or input, "
	      "3 environment failure\n",
	      out);
	ipl_buf_release(&left);
	ipl_buf_release(&help);
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
bad_choice(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *value)
{
	struct ipl_buf b = IPL_BUF_INIT;
	int rc;

	add_choices(&b, o->choices, ", ", " or ", NULL);
	rc = ipl_usage_error(cmd, "unknown %s '%s'; expected %s", o->long_name, value, b.data);
	ipl_buf_release(&b);
	return rc;
}

/* N,N,...: every value checked and the first bad one named, with the range */
static int
set_numbers(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *arg,
	    struct ipl_args *args)
{
	struct ipl_opt_numbers *out = o->value;
	double *v = NULL;
	size_t alloc = 0, n = 0;
	const char *p = arg;
	bool above = o->flags & IPL_OPT_ABOVE_MIN;

	for (;;) {
		size_t len = strcspn(p, ",");
		char *item = ipl_xstrndup(p, len);
		double x;
		if (ipl_parse_number(item, &x) < 0 || !(x >= o->min && x <= o->max) ||
		    (above && x == o->min)) {
			ipl_usage_error(cmd,
					"invalid --%s value '%s' (number %zu of '%s'); expected "
					"%s %s %.15g %s %.15g, such as %s",
					o->long_name, item, n + 1, arg, o->what,
					above ? "above" : "from", o->min, above ? "up to" : "to",
					o->max, o->example);
			free(item);
			free(v);
			return IPL_EXIT_USAGE;
		}
		free(item);
		v = ipl_xgrow(v, sizeof(*v), n + 1, &alloc);
		v[n++] = x;
		if (!p[len])
			break;
		p += len + 1;
	}
	out->v = own(args, v);
	out->nr = n;
	return 0;
}

/* 0, or the exit status after a usage error */
static int
set_value(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *value,
	  struct ipl_args *args)
{
	const struct ipl_opt_choice *c;

	switch (o->type) {
	case IPL_OPT_BOOL:
		*(bool *)o->value = true;
		return 0;
	case IPL_OPT_STRING:
		*(const char **)o->value = value;
		return 0;
	case IPL_OPT_CHOICE:
		for (c = o->choices; c->name && strcmp(c->name, value); c++)
			;
		if (!c->name)
			return bad_choice(cmd, o, value);
		*(int *)o->value = c->value;
		return 0;
	case IPL_OPT_NUMBERS:
		return set_numbers(cmd, o, value, args);
	case IPL_OPT_CALLBACK:
		return o->callback(cmd, o, value) < 0 ? IPL_EXIT_USAGE : 0;
	default:
		return ipl_usage_error(cmd, "internal error: bad option table");
	}
}

/* what the table says of options together: required ones, alternatives, companions */
static int
check_together(const struct ipl_cmd *cmd, const struct ipl_option *opts, const bool *seen)
{
	size_t i;

	for (i = 0; opts[i].type != IPL_OPT_END; i++) {
		const struct ipl_option *o = &opts[i];
		if ((o->flags & IPL_OPT_REQUIRED) && !seen[i])
			return o->short_name ? ipl_usage_error(cmd, "expected --%s %s (-%c %s)",
							       o->long_name, o->arg_name,
							       o->short_name, o->arg_name)
					     : ipl_usage_error(cmd, "expected --%s %s",
							       o->long_name, o->arg_name);
		if (i && (o->flags & IPL_OPT_OR_PREV) && seen[i] && seen[i - 1]) {
			struct ipl_buf prev = IPL_BUF_INIT;
			int rc;
			add_usage_option(&prev, &opts[i - 1]);
			rc = ipl_usage_error(cmd, "give %s or --%s, not both", prev.data,
					     o->long_name);
			ipl_buf_release(&prev);
			return rc;
		}
		if (i && (o->flags & IPL_OPT_WITH_PREV) && seen[i] && !seen[i - 1])
			return ipl_usage_error(cmd, "--%s goes with --%s; add --%s", o->long_name,
					       opts[i - 1].long_name, opts[i - 1].long_name);
	}
	return 0;
}

static int
parse(const struct ipl_cmd *cmd, const struct ipl_option *opts, struct ipl_args *args, bool *seen)
{
	int i, argc = args->argc, rc;
	char **argv = args->argv;
	bool only_operands = false;

	for (i = 1; i < argc; i++) {
		char *arg = argv[i];
		const struct ipl_option *o;

		if (only_operands || arg[0] != '-' || !strcmp(arg, "-")) {
			args->operands[args->nr++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_operands = true;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			ipl_print_command_help(cmd, opts, stdout);
			return IPL_EXIT_OK;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			o = find_long(opts, name, len);
			if (!o)
				return unknown_option(cmd, opts, arg);
			seen[o - opts] = true;
			if (o->type == IPL_OPT_BOOL) {
				if (eq)
					return ipl_usage_error(cmd, "option '--%s' takes no value",
							       o->long_name);
				rc = set_value(cmd, o, NULL, args);
			} else if (eq) {
				rc = set_value(cmd, o, eq + 1, args);
			} else if (i + 1 < argc) {
				rc = set_value(cmd, o, argv[++i], args);
			} else {
				struct ipl_buf a = IPL_BUF_INIT;
				add_arg_name(&a, o);
				rc = ipl_usage_error(cmd, "option '--%s' needs a value (%s)",
						     o->long_name, a.data);
				ipl_buf_release(&a);
			}
			if (rc)
				return rc;
			continue;
		}
		/* short options, possibly bundled: -fv, or -o DIR / -oDIR */
		for (const char *p = arg + 1; *p; p++) {
			o = find_short(opts, *p);
			if (!o) {
				char one[3] = { '-', *p, '\0' };
				return unknown_option(cmd, opts, one);
			}
			seen[o - opts] = true;
			if (o->type == IPL_OPT_BOOL) {
				set_value(cmd, o, NULL, args);
				continue;
			}
			if (p[1]) {
				rc = set_value(cmd, o, p + 1, args);
			} else if (i + 1 < argc) {
				rc = set_value(cmd, o, argv[++i], args);
			} else {
				struct ipl_buf a = IPL_BUF_INIT;
				add_arg_name(&a, o);
				rc = ipl_usage_error(cmd, "option '-%c' needs a value (%s)", *p,
						     a.data);
				ipl_buf_release(&a);
			}
			if (rc)
				return rc;
			break;
		}
	}
	return check_together(cmd, opts, seen) ? IPL_EXIT_USAGE : IPL_GO_ON;
}

int
ipl_parse_command(const struct ipl_cmd *cmd, const struct ipl_option *opts, struct ipl_args *args)
{
	size_t n = 0;
	bool *seen;
	int rc;

	/* `help --man` and `--completion`: the table is described, not parsed */
	if (args->describe) {
		args->describe->fn(args->describe->ctx, cmd, opts);
		return IPL_EXIT_OK;
	}
	while (opts[n].type != IPL_OPT_END)
		n++;
	seen = ipl_xcalloc(n + 1, sizeof(*seen));
	free(args->operands);
	args->nr = 0;
	args->operands = ipl_xcalloc((size_t)args->argc + 1, sizeof(char *));
	rc = parse(cmd, opts, args, seen);
	free(seen);
	return rc;
}

int
ipl_opt_currency(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *arg)
{
	if (!ipl_currency_known(arg))
		return ipl_usage_error(cmd, "unknown currency '%s'; expected EUR, USD or INR", arg),
		       -1;
	*(const char **)o->value = arg;
	return 0;
}
