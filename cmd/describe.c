/*
 * describe.c: the man page infraplan(1) and the bash and zsh completion,
 * drawn from the commands' own option tables, so that they, the parser and
 * --help cannot drift apart (curl generates its man page and --help from one
 * source; here the source is the table). `infraplan help --man` and
 * `infraplan help --completion SHELL` print them; the build runs the first
 * and the second for the installed files (cmd/CMakeLists.txt).
 *
 * Every command is run with a describer (cmd.h): its parse hands over its
 * table and returns before anything else happens, and the table's texts are
 * copied here, since the table is the run function's local. What an operand
 * completes to is read from the command's operand text: SPEC is a YAML file,
 * DIR a directory, COMMAND a command's name, PROVIDER a catalog provider.
 */
#include "core/common.h"

#include "cmd/cmd.h"
#include "cmd/env.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "catalog/catalog.h"

#ifndef IPL_VERSION
#define IPL_VERSION "0.0.0"
#endif
#ifndef IPL_SCHEMA_PATH
#define IPL_SCHEMA_PATH "/usr/local/share/infraplan/infraplan.schema.json"
#endif
#ifndef IPL_DOC_DIR
#define IPL_DOC_DIR "/usr/local/share/doc/infraplan"
#endif

/* ---- the tables, copied ---- */

struct doc_opt {
	char short_name;
	const char *long_name;
	const char *arg;  /* "DIR", NULL for a flag */
	const char *left; /* "-o, --output DIR" */
	const char *help; /* with a choice's values and default */
	const char *what; /* the help alone, for zsh */
	const char **choices;
};

struct doc_cmd {
	const struct ipl_cmd *cmd;
	const char *usage;
	struct doc_opt *opts;
	size_t nr;
};

struct docs {
	struct ipl_arena arena;
	struct doc_cmd *cmds;
	size_t nr, alloc;
};

static char *
take(struct ipl_arena *arena, struct ipl_buf *b)
{
	char *s = ipl_arena_strdup(arena, ipl_buf_str(b));

	ipl_buf_reset(b);
	return s;
}

static void
collect(void *ctx, const struct ipl_cmd *cmd, const struct ipl_option *opts)
{
	struct docs *d = ctx;
	struct doc_cmd *c;
	struct ipl_buf b = IPL_BUF_INIT;
	size_t n = 0, i, k;

	while (opts[n].type != IPL_OPT_END)
		n++;
	d->cmds = ipl_arena_grow(&d->arena, d->cmds, sizeof(*d->cmds), d->nr, &d->alloc);
	c = &d->cmds[d->nr++];
	c->cmd = cmd;
	ipl_add_usage(&b, cmd, opts);
	c->usage = take(&d->arena, &b);
	c->opts = IPL_ARENA_ARRAY(&d->arena, struct doc_opt, n);
	c->nr = n;
	for (i = 0; i < n; i++) {
		const struct ipl_option *o = &opts[i];
		struct doc_opt *t = &c->opts[i];
		const char *sp;
		t->short_name = o->short_name;
		t->long_name = o->long_name;
		ipl_add_option_left(&b, o);
		t->left = take(&d->arena, &b);
		sp = strrchr(t->left, ' ');
		t->arg = o->type == IPL_OPT_BOOL || !sp ? NULL : sp + 1;
		ipl_add_option_help(&b, o);
		t->help = take(&d->arena, &b);
		t->what = o->help;
		if (o->type == IPL_OPT_CHOICE) {
			for (k = 0; o->choices[k].name; k++)
				;
			t->choices = IPL_ARENA_ARRAY(&d->arena, const char *, k + 1);
			for (k = 0; o->choices[k].name; k++)
				t->choices[k] = o->choices[k].name;
		}
	}
	ipl_buf_release(&b);
}

/* every command's table, in the command table's order, subcommands after theirs */
static void
collect_all(struct docs *d, struct ipl_env *env)
{
	const struct ipl_describer describer = { collect, d };
	const struct ipl_cmd *const *cmds;
	size_t nr, i;

	ipl_arena_init(&d->arena);
	d->cmds = NULL;
	d->nr = d->alloc = 0;
	cmds = ipl_commands(&nr);
	for (i = 0; i < nr; i++) {
		char *argv[] = { (char *)cmds[i]->name, NULL };
		struct ipl_args args = { 0 };
		args.argc = 1;
		args.argv = argv;
		args.env = env;
		args.describe = &describer;
		cmds[i]->run(cmds[i], &args);
		ipl_args_release(&args);
	}
}

/* the providers `prices show` knows: the catalog's, and rates */
static void
add_catalog_providers(struct ipl_buf *b)
{
	struct ipl_arena arena;
	struct ipl_catalog *cat;
	const char *seen[64];
	size_t n = 0, i, j;

	ipl_arena_init(&arena);
	if (ipl_catalog_load_embedded(&cat, &arena, NULL) == 0) {
		for (i = 0; i < cat->offers_nr; i++) {
			for (j = 0; j < n && strcmp(seen[j], cat->offers[i].provider); j++)
				;
			if (j == n && n < IPL_ARRAY_SIZE(seen))
				seen[n++] = cat->offers[i].provider;
		}
	}
	for (i = 0; i < n; i++)
		ipl_buf_addf(b, "%s ", seen[i]);
	ipl_buf_adds(b, "rates");
	ipl_arena_release(&arena);
}

/* what an operand or an option's value completes to */
enum completes {
	COMPLETES_NOTHING,
	COMPLETES_SPEC,
	COMPLETES_DIR,
	COMPLETES_COMMAND,
	COMPLETES_PROVIDER,
};

static enum completes
completes(const char *text)
{
	if (!text)
		return COMPLETES_NOTHING;
	if (strstr(text, "SPEC") || strstr(text, "FILE"))
		return COMPLETES_SPEC;
	if (strstr(text, "DIR"))
		return COMPLETES_DIR;
	if (strstr(text, "COMMAND"))
		return COMPLETES_COMMAND;
	if (strstr(text, "PROVIDER"))
		return COMPLETES_PROVIDER;
	return COMPLETES_NOTHING;
}

/* "prices show" -> "show" */
static const char *
sub_name(const struct doc_cmd *c)
{
	const char *sp = strchr(c->cmd->name, ' ');

	return sp ? sp + 1 : NULL;
}

/* ---- man page ---- */

/* the usage line without "usage: ", its wrapped lines indented under the name */
static void
add_usage_lines(struct ipl_buf *b, const char *usage)
{
	const size_t cut = strlen("usage: ");
	const char *line = usage + cut, *nl;

	for (; line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (line != usage + cut)
			line += strspn(line, " ") < cut ? strspn(line, " ") : cut;
		{
			char *text = ipl_xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
			ipl_escape_roff(b, text);
			free(text);
		}
		ipl_buf_addc(b, '\n');
	}
}

static void
man_option(struct ipl_buf *b, const struct doc_opt *o)
{
	ipl_buf_adds(b, ".TP\n");
	if (o->short_name)
		ipl_buf_addf(b, "\\fB\\-%c\\fR, ", o->short_name);
	ipl_buf_adds(b, "\\fB\\-\\-");
	ipl_escape_roff(b, o->long_name);
	ipl_buf_adds(b, "\\fR");
	if (o->arg) {
		ipl_buf_adds(b, " \\fI");
		ipl_escape_roff(b, o->arg);
		ipl_buf_adds(b, "\\fR");
	}
	ipl_buf_addc(b, '\n');
	ipl_escape_roff(b, o->help);
	ipl_buf_addc(b, '\n');
}

static void
write_man(const struct docs *d, struct ipl_buf *b)
{
	size_t i, j;

	ipl_buf_adds(b, ".\\\" infraplan(1), generated by 'infraplan help --man' from the "
			"commands' option tables: do not edit\n");
	ipl_buf_adds(b, ".TH INFRAPLAN 1 2026 \"infraplan " IPL_VERSION "\" \"User Commands\"\n");
	ipl_buf_adds(b, ".SH NAME\n"
			"infraplan \\- one YAML spec in, deploy files and a monthly cost out\n"
			".SH SYNOPSIS\n"
			".B infraplan\n"
			".RB [ \\-\\-offline ]\n"
			".I COMMAND\n"
			".RI [ OPTIONS ]\n"
			".RI [ ARGS ]\n"
			".br\n"
			".B infraplan\n"
			".BR \\-\\-help \" | \" \\-\\-version \" | \" help\n"
			".I COMMAND\n"
			".SH DESCRIPTION\n"
			"infraplan turns one YAML spec into deploy files (Terraform, cloud\\-init "
			"user\\-data, hardened systemd units) and an estimated monthly cost, "
			"offline, with every price's source and date.\n"
			".PP\n"
			"To start, write a commented spec for a common stack and check it:\n"
			".PP\n"
			".nf\n"
			".RS\n"
			"infraplan init \\-\\-template node\\-api \\-\\-provider hetzner app\n"
			"infraplan validate app/infraplan.yaml\n"
			"infraplan gen \\-o app/plan app/infraplan.yaml\n"
			"terraform \\-chdir=app/plan/terraform init\n"
			".RE\n"
			".fi\n"
			".PP\n"
			"A \\fISPEC\\fR in brackets may be left out: \\fBhistory\\fR and "
			"\\fBdiff\\fR then read \\fIinfraplan.yaml\\fR, \\fBgen\\fR the spec "
			"its plan directory's manifest names, \\fBcheck\\fR every committed "
			"plan's. \\fB\\-\\-offline\\fR before the command, the "
			"command's own \\fB\\-\\-offline\\fR and \\fBINFRAPLAN_OFFLINE=1\\fR are "
			"the same. \\fBinfraplan help\\fR \\fICOMMAND\\fR [\\fISUBCOMMAND\\fR] "
			"is \\fBinfraplan\\fR \\fICOMMAND\\fR [\\fISUBCOMMAND\\fR] "
			"\\fB\\-\\-help\\fR (\\fBinfraplan help prices show\\fR).\n"
			".SH COMMANDS\n");
	for (i = 0; i < d->nr; i++) {
		const struct doc_cmd *c = &d->cmds[i];
		ipl_buf_adds(b, ".SS \"");
		ipl_escape_roff(b, c->cmd->name);
		ipl_buf_adds(b, "\"\n");
		ipl_escape_roff(b, c->cmd->summary);
		ipl_buf_adds(b, ".\n.PP\n.nf\n");
		add_usage_lines(b, c->usage);
		ipl_buf_adds(b, ".fi\n");
		if (c->cmd->description) {
			ipl_buf_adds(b, ".PP\n");
			ipl_escape_roff(b, c->cmd->description);
			ipl_buf_addc(b, '\n');
		}
		for (j = 0; j < c->nr; j++)
			man_option(b, &c->opts[j]);
		ipl_buf_adds(b, ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the command's help\n");
	}
	ipl_buf_adds(
		b,
		".SH EXIT STATUS\n"
		".TP\n0\nsuccess\n"
		".TP\n1\na check ran and found a problem (a stale plan, a hand\\-edited generated "
		"file, a cost over a threshold)\n"
		".TP\n2\nbad usage or bad input; the spec's errors are printed as "
		"\\fISPEC\\fR:\\fILINE\\fR:\\fICOL\\fR: error: \\fIMESSAGE\\fR\n"
		".TP\n3\nan environment failure (I/O, network, git)\n"
		".SH ENVIRONMENT\n"
		".TP\n.B INFRAPLAN_OFFLINE\nset to anything but empty or 0: only the embedded "
		"catalog, never the price cache\n"
		".TP\n.B XDG_CACHE_HOME\nthe price cache is \\fI$XDG_CACHE_HOME/infraplan\\fR, "
		"else \\fI$HOME/.cache/infraplan\\fR\n"
		".TP\n.B HCLOUD_TOKEN\na read\\-only Hetzner Cloud API token, for "
		"\\fBprices update \\-\\-provider hetzner\\fR\n"
		".TP\n.B SOURCE_DATE_EPOCH\ntoday's date for the age of prices and for commits, "
		"instead of the clock\n"
		".TP\n.BR GIT_AUTHOR_NAME \", \" GIT_AUTHOR_EMAIL \", \" GIT_COMMITTER_NAME "
		"\", \" GIT_COMMITTER_EMAIL\nthe identity of \\fBgen \\-\\-commit\\fR, as git "
		"reads them\n"
		".SH FILES\n"
		".TP\n.I infraplan.yaml\nthe spec, documented key by key in "
		"\\fI" IPL_DOC_DIR "/spec.md\\fR\n"
		".TP\n.I " IPL_SCHEMA_PATH "\nits JSON Schema, for editors: \\fBinit\\fR "
		"writes a first line pointing at it\n"
		".SH SEE ALSO\n"
		".BR terraform (1),\n"
		".BR cloud\\-init (1),\n"
		".BR systemd.exec (5)\n");
}

/* ---- bash ---- */

static void
bash_words(struct ipl_buf *b, const struct doc_cmd *c)
{
	size_t j;

	for (j = 0; j < c->nr; j++) {
		if (c->opts[j].short_name)
			ipl_buf_addf(b, "-%c ", c->opts[j].short_name);
		ipl_buf_addf(b, "--%s ", c->opts[j].long_name);
	}
	ipl_buf_adds(b, "-h --help");
}

static const char *const bash_completes[] = {
	[COMPLETES_NOTHING] = "return",
	[COMPLETES_SPEC] = "_infraplan_specs; return",
	[COMPLETES_DIR] = "_infraplan_dirs; return",
	[COMPLETES_COMMAND] = "_infraplan_reply \"$_infraplan_commands\"; return",
	[COMPLETES_PROVIDER] = "_infraplan_reply \"$_infraplan_providers\"; return",
};

static void
bash_command(struct ipl_buf *b, const struct doc_cmd *c)
{
	size_t j, k;

	ipl_buf_addf(b, "\t\"%s\")\n\t\tcase $prev in\n", c->cmd->name);
	for (j = 0; j < c->nr; j++) {
		const struct doc_opt *o = &c->opts[j];
		if (!o->arg)
			continue;
		ipl_buf_adds(b, "\t\t");
		if (o->short_name)
			ipl_buf_addf(b, "-%c | ", o->short_name);
		ipl_buf_addf(b, "--%s) ", o->long_name);
		if (o->choices) {
			ipl_buf_adds(b, "_infraplan_reply \"");
			for (k = 0; o->choices[k]; k++)
				ipl_buf_addf(b, "%s%s", k ? " " : "", o->choices[k]);
			ipl_buf_adds(b, "\"; return");
		} else {
			ipl_buf_adds(b, bash_completes[completes(o->arg)]);
		}
		ipl_buf_adds(b, " ;;\n");
	}
	ipl_buf_adds(b, "\t\tesac\n\t\tif [[ $cur == -* ]]; then\n\t\t\t_infraplan_reply \"");
	bash_words(b, c);
	ipl_buf_addf(b, "\"\n\t\telse\n\t\t\t%s\n\t\tfi\n\t\t;;\n",
		     completes(c->cmd->operands) == COMPLETES_NOTHING
			     ? ":"
			     : bash_completes[completes(c->cmd->operands)]);
}

static void
write_bash(const struct docs *d, struct ipl_buf *b)
{
	const struct ipl_cmd *const *cmds;
	size_t nr, i;

	ipl_buf_adds(b, "# bash completion of infraplan, generated by 'infraplan help --completion "
			"bash'\n# from the commands' option tables: do not edit\n");
	ipl_buf_adds(b, "_infraplan_commands='");
	cmds = ipl_commands(&nr);
	for (i = 0; i < nr; i++)
		ipl_buf_addf(b, "%s%s", i ? " " : "", cmds[i]->name);
	ipl_buf_adds(b, "'\n_infraplan_providers='");
	add_catalog_providers(b);
	ipl_buf_adds(b, "'\n");
	ipl_buf_adds(
		b, "_infraplan_reply() {\n"
		   "\tlocal IFS=$'\\n'\n"
		   "\tCOMPREPLY=($(IFS=' '; compgen -W \"$1\" -- \"$cur\"))\n"
		   "}\n"
		   "# spec files (*.yaml, *.yml) and the directories that may hold them\n"
		   "_infraplan_specs() {\n"
		   "\tlocal IFS=$'\\n'\n"
		   "\tCOMPREPLY=($(compgen -d -- \"$cur\") $(compgen -f -X '!*.yaml' -- \"$cur\")\n"
		   "\t\t$(compgen -f -X '!*.yml' -- \"$cur\"))\n"
		   "\tcompopt -o filenames 2>/dev/null\n"
		   "}\n"
		   "_infraplan_dirs() {\n"
		   "\tlocal IFS=$'\\n'\n"
		   "\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n"
		   "\tcompopt -o filenames 2>/dev/null\n"
		   "}\n"
		   "_infraplan() {\n"
		   "\tlocal cur prev i cmd= sub=\n"
		   "\tCOMPREPLY=()\n"
		   "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
		   "\tprev=${COMP_WORDS[COMP_CWORD - 1]}\n"
		   "\t# --format=json: bash splits the word at '='\n"
		   "\tif [[ $cur == = ]]; then\n"
		   "\t\tcur=\n"
		   "\telif [[ $prev == = ]]; then\n"
		   "\t\tprev=${COMP_WORDS[COMP_CWORD - 2]}\n"
		   "\tfi\n"
		   "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		   "\t\tcase ${COMP_WORDS[i]} in\n"
		   "\t\t-* | =) ;;\n"
		   "\t\t*)\n"
		   "\t\t\tif [[ -z $cmd ]]; then\n"
		   "\t\t\t\tcmd=${COMP_WORDS[i]}\n"
		   "\t\t\telif [[ $cmd == prices && -z $sub ]]; then\n"
		   "\t\t\t\tsub=${COMP_WORDS[i]}\n"
		   "\t\t\tfi\n"
		   "\t\t\t;;\n"
		   "\t\tesac\n"
		   "\tdone\n"
		   "\tif [[ -z $cmd ]]; then\n"
		   "\t\tif [[ $cur == -* ]]; then\n"
		   "\t\t\t_infraplan_reply \"--offline --help --version\"\n"
		   "\t\telse\n"
		   "\t\t\t_infraplan_reply \"$_infraplan_commands\"\n"
		   "\t\tfi\n"
		   "\t\treturn\n"
		   "\tfi\n"
		   "\tif [[ $cmd == prices ]]; then\n"
		   "\t\tif [[ -z $sub ]]; then\n"
		   "\t\t\t_infraplan_reply \"");
	for (i = 0; i < d->nr; i++)
		if (sub_name(&d->cmds[i]))
			ipl_buf_addf(b, "%s ", sub_name(&d->cmds[i]));
	ipl_buf_adds(b, "--help\"\n"
			"\t\t\treturn\n"
			"\t\tfi\n"
			"\t\tcmd=\"prices $sub\"\n"
			"\tfi\n"
			"\tcase $cmd in\n");
	for (i = 0; i < d->nr; i++)
		bash_command(b, &d->cmds[i]);
	ipl_buf_adds(b, "\tesac\n"
			"}\n"
			"complete -F _infraplan infraplan\n");
}

/* ---- zsh ---- */

static const char *const zsh_completes[] = {
	[COMPLETES_NOTHING] = " ",
	[COMPLETES_SPEC] = "_files -g \"*.(yaml|yml)\"",
	[COMPLETES_DIR] = "_files -/",
	[COMPLETES_COMMAND] = "_infraplan_commands",
	[COMPLETES_PROVIDER] = "_infraplan_providers",
};

static void
zsh_option(struct ipl_buf *b, const struct doc_opt *o)
{
	size_t k;

	ipl_buf_adds(b, "\t\t'");
	if (o->short_name)
		ipl_buf_addf(b, "(-%c --%s)'{-%c,--%s}'", o->short_name, o->long_name,
			     o->short_name, o->long_name);
	else
		ipl_buf_addf(b, "--%s", o->long_name);
	/* --name=VALUE or --name VALUE */
	if (o->arg && !o->short_name)
		ipl_buf_addc(b, '=');
	ipl_buf_addc(b, '[');
	ipl_escape_zsh_description(b, o->what);
	ipl_buf_addc(b, ']');
	if (o->arg) {
		ipl_buf_adds(b, ":");
		ipl_escape_zsh_description(b, o->arg);
		ipl_buf_adds(b, ":");
		if (o->choices) {
			ipl_buf_addc(b, '(');
			for (k = 0; o->choices[k]; k++)
				ipl_buf_addf(b, "%s%s", k ? " " : "", o->choices[k]);
			ipl_buf_addc(b, ')');
		} else {
			ipl_buf_adds(b, zsh_completes[completes(o->arg)]);
		}
	}
	ipl_buf_adds(b, "' \\\n");
}

static void
zsh_command(struct ipl_buf *b, const struct doc_cmd *c, const char *label)
{
	size_t j;
	enum completes what = completes(c->cmd->operands);

	ipl_buf_addf(b, "\t%s)\n\t\t_arguments -s \\\n", label);
	for (j = 0; j < c->nr; j++)
		zsh_option(b, &c->opts[j]);
	ipl_buf_adds(b, "\t\t'(- *)'{-h,--help}'[show the help]'");
	if (what != COMPLETES_NOTHING)
		ipl_buf_addf(b, " \\\n\t\t'*:operand:%s'", zsh_completes[what]);
	ipl_buf_adds(b, "\n\t\t;;\n");
}

static void
write_zsh(const struct docs *d, struct ipl_buf *b)
{
	size_t i;

	ipl_buf_adds(b, "#compdef infraplan\n"
			"# zsh completion of infraplan, generated by 'infraplan help --completion "
			"zsh'\n# from the commands' option tables: do not edit\n"
			"_infraplan_commands() {\n\t_values command");
	for (i = 0; i < d->nr; i++)
		if (!sub_name(&d->cmds[i]))
			ipl_buf_addf(b, " %s", d->cmds[i].cmd->name);
	ipl_buf_adds(b, "\n}\n_infraplan_providers() {\n\t_values provider ");
	add_catalog_providers(b);
	ipl_buf_adds(b, "\n}\n"
			"_infraplan() {\n"
			"\tlocal curcontext=$curcontext state line\n"
			"\tlocal -a commands\n"
			"\tcommands=(\n");
	for (i = 0; i < d->nr; i++) {
		if (sub_name(&d->cmds[i]))
			continue;
		ipl_buf_addf(b, "\t\t'%s:", d->cmds[i].cmd->name);
		ipl_escape_zsh_description(b, d->cmds[i].cmd->summary);
		ipl_buf_adds(b, "'\n");
	}
	ipl_buf_adds(b, "\t)\n"
			"\t_arguments -C \\\n"
			"\t\t'--offline[only the embedded catalog, never the price cache]' \\\n"
			"\t\t'(- *)'{-h,--help}'[show the help]' \\\n"
			"\t\t'(- *)'{-V,--version}'[show the version]' \\\n"
			"\t\t'1:command:->command' \\\n"
			"\t\t'*::argument:->argument'\n"
			"\tcase $state in\n"
			"\tcommand)\n"
			"\t\t_describe -t commands 'infraplan command' commands\n"
			"\t\treturn\n"
			"\t\t;;\n"
			"\tesac\n"
			"\tlocal cmd=$words[1]\n"
			"\tif [[ $cmd == prices ]]; then\n"
			"\t\tif (( CURRENT == 2 )); then\n"
			"\t\t\t_values subcommand");
	for (i = 0; i < d->nr; i++)
		if (sub_name(&d->cmds[i]))
			ipl_buf_addf(b, " %s", sub_name(&d->cmds[i]));
	ipl_buf_adds(b, "\n"
			"\t\t\treturn\n"
			"\t\tfi\n"
			"\t\tcmd=\"prices $words[2]\"\n"
			"\t\tshift words\n"
			"\t\t(( CURRENT-- ))\n"
			"\tfi\n"
			"\tcase $cmd in\n");
	for (i = 0; i < d->nr; i++) {
		char label[64];
		snprintf(label, sizeof(label), "\"%s\"", d->cmds[i].cmd->name);
		zsh_command(b, &d->cmds[i], label);
	}
	ipl_buf_adds(b, "\tesac\n"
			"}\n"
			"if [[ $funcstack[1] == _infraplan ]]; then\n"
			"\t_infraplan \"$@\"\n"
			"else\n"
			"\tcompdef _infraplan infraplan\n"
			"fi\n");
}

int
ipl_describe_write(struct ipl_env *env, enum ipl_doc_kind kind, FILE *out)
{
	struct docs d;
	struct ipl_buf b = IPL_BUF_INIT;

	collect_all(&d, env);
	switch (kind) {
	case IPL_DOC_MAN:
		write_man(&d, &b);
		break;
	case IPL_DOC_BASH:
		write_bash(&d, &b);
		break;
	case IPL_DOC_ZSH:
		write_zsh(&d, &b);
		break;
	}
	fputs(ipl_buf_str(&b), out);
	ipl_buf_release(&b);
	ipl_arena_release(&d.arena);
	return IPL_EXIT_OK;
}
