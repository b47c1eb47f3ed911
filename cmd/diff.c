/*
 * diff.c: `infraplan diff`: the monthly cost of each spec at two revisions,
 * read from git's object database (no checkout), line by line, with the
 * total change; `--fail-above` turns it into a CI gate, `--fail-on-replace` a
 * guard against changes that replace a resource holding data. Infracost needs two
 * runs and a JSON comparison for this; here it is one offline command.
 */
#include "core/common.h"

#include <errno.h>

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/json.h"
#include "core/xalloc.h"
#include "planners/compare.h"
#include "planners/costdiff.h"
#include "planners/units.h"
#include "planners/vcs.h"

/* one plan to compare: its spec's path at base and at head (they differ when it was renamed) */
struct spec_pair {
	char *from, *to;
};

struct spec_list {
	char **paths;
	size_t nr, alloc;
};

static void
list_add(struct spec_list *l, char *path)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->paths[i], path)) {
			free(path);
			return;
		}
	l->paths = ipl_xgrow(l->paths, sizeof(*l->paths), l->nr + 1, &l->alloc);
	l->paths[l->nr++] = path;
}

static bool
list_has(const struct spec_list *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->paths[i], path))
			return true;
	return false;
}

static void
list_release(struct spec_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->paths[i]);
	free(l->paths);
}

static int
cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct spec_pair *)a)->to, ((const struct spec_pair *)b)->to);
}

/*
 * The plans to compare: the specs given, or every spec at either revision;
 * a spec renamed between them (git's rename detection, among every spec of
 * both sides) is one plan, not one removed and one added. Returns the number
 * of pairs, -1 when git fails, or -2 when a given spec is outside the repository.
 */
static long
pair_specs(struct ipl_vcs *vcs, const char *base, const char *head, char **given, int ngiven,
	   struct spec_pair **out, struct ipl_diags *diags)
{
	struct spec_list wanted = { 0 }, known = { 0 };
	struct ipl_vcs_rename *renames = NULL;
	size_t nrenames = 0, i, j, n = 0;
	bool *used;

	*out = NULL;
	if (ipl_vcs_find_specs(vcs, base, &known.paths, &known.nr, &known.alloc, diags) < 0 ||
	    ipl_vcs_find_specs(vcs, head, &known.paths, &known.nr, &known.alloc, diags) < 0) {
		list_release(&known);
		return -1;
	}
	for (i = 0; i < (size_t)ngiven; i++) {
		char *rel = ipl_vcs_repo_path(vcs, given[i]);
		if (rel[0] == '/') {
			ipl_error(diags, given[i], (struct ipl_loc){ 0, 0 },
				  "outside the repository at %s", ipl_vcs_workdir(vcs));
			free(rel);
			list_release(&known);
			list_release(&wanted);
			return -2;
		}
		list_add(&wanted, rel);
	}
	if (!ngiven)
		for (i = 0; i < known.nr; i++)
			list_add(&wanted, ipl_xstrdup(known.paths[i]));
	for (i = 0; i < wanted.nr; i++)
		list_add(&known, ipl_xstrdup(wanted.paths[i]));
	if (ipl_vcs_find_renames(vcs, base, head, known.paths, known.nr, &renames, &nrenames,
				 diags) < 0) {
		list_release(&known);
		list_release(&wanted);
		return -1;
	}
	*out = ipl_xcalloc(wanted.nr + 1, sizeof(**out));
	used = ipl_xcalloc(wanted.nr + 1, sizeof(*used));
	for (j = 0; j < nrenames; j++) {
		if (!list_has(&wanted, renames[j].from) && !list_has(&wanted, renames[j].to))
			continue;
		for (i = 0; i < wanted.nr; i++)
			if (!strcmp(wanted.paths[i], renames[j].from) ||
			    !strcmp(wanted.paths[i], renames[j].to))
				used[i] = true;
		(*out)[n].from = ipl_xstrdup(renames[j].from);
		(*out)[n++].to = ipl_xstrdup(renames[j].to);
	}
	for (i = 0; i < wanted.nr; i++)
		if (!used[i]) {
			(*out)[n].from = ipl_xstrdup(wanted.paths[i]);
			(*out)[n++].to = ipl_xstrdup(wanted.paths[i]);
		}
	if (n)
		qsort(*out, n, sizeof(**out), cmp_pair);
	free(used);
	ipl_vcs_renames_free(renames, nrenames);
	list_release(&known);
	list_release(&wanted);
	return (long)n;
}

static void
pairs_free(struct spec_pair *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].from);
		free(p[i].to);
	}
	free(p);
}

/* --fail-above AMOUNT or PERCENT% */
struct threshold {
	const char *text;
	double value;
	bool percent;
};

static int
parse_threshold(const struct ipl_cmd *cmd, const struct ipl_option *o, const char *arg)
{
	struct threshold *t = o->value;
	size_t len = strlen(arg);
	char *num;
	int bad;

	t->percent = len && arg[len - 1] == '%';
	num = ipl_xstrndup(arg, t->percent ? len - 1 : len);
	bad = ipl_parse_number(num, &t->value) < 0 || t->value < 0;
	free(num);
	if (bad)
		return ipl_usage_error(cmd,
				       "invalid --fail-above '%s'; expected an amount such as "
				       "10 or a percentage such as 5%%",
				       arg),
		       -1;
	t->text = arg;
	return 0;
}

/* --compare: each plan at head that changed, on every provider (planners/compare.h) */
static void
write_comparisons(struct ipl_run *run, const struct ipl_plan_diff *d, size_t n, int format,
		  struct ipl_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		enum ipl_provider_id ids[IPL_PROVIDER__COUNT];
		const struct ipl_plan *hp = d[i].head_plan;
		struct ipl_compare cmp;
		if (!hp || !strcmp(d[i].status, "unchanged"))
			continue;
		ipl_compare_build(&cmp, hp->spec, hp->catalog, ids,
				  ipl_compare_default_providers(hp->spec, ids), &run->arena);
		ipl_buf_adds(out, "\n");
		if (format == IPL_FORMAT_MARKDOWN)
			ipl_compare_write_markdown(&cmp, out);
		else
			ipl_compare_write_table(&cmp, out);
	}
}

static int
run_diff(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *base = "HEAD", *head = NULL, *currency = NULL;
	int format = IPL_FORMAT_TABLE;
	bool worktree = false, fail_on_replace = false, compare = false;
	struct threshold fail_above = { NULL, 0, false };
	const struct ipl_option opts[] = {
		IPL_OPT_STRING(0, "base", &base, "REV", "the revision to compare with (HEAD)"),
		IPL_OPT_STRING(0, "head", &head, "REV",
			       "the revision to compare (the work tree by default)"),
		IPL_OPT_FLAGGED(IPL_OPT_OR_PREV, IPL_OPT_BOOL, 0, "worktree", &worktree, NULL,
				"compare the work tree (the default)"),
		IPL_OPT_FORMAT(&format, ipl_formats),
		IPL_OPT_CALLBACK(0, "fail-above", &fail_above, "AMOUNT|PERCENT%",
				 "exit 1 when the monthly increase is above this", parse_threshold),
		IPL_OPT_BOOL(0, "fail-on-replace", &fail_on_replace,
			     "exit 1 when a change destroys or replaces a resource holding data"),
		IPL_OPT_BOOL(0, "compare", &compare,
			     "add each changed plan at head priced on every provider "
			     "('infraplan compare'); not with --format json"),
		IPL_OPT_CURRENCY(&currency),
		IPL_OPT_END(),
	};
	struct spec_pair *pairs = NULL;
	long npairs = 0;
	size_t nspecs = 0, i;
	int rc, status = IPL_EXIT_OK;
	struct ipl_run run;
	struct ipl_vcs *vcs = NULL;
	struct ipl_plan_diff *diffs = NULL;
	struct ipl_buf out = IPL_BUF_INIT;
	const char *head_label;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	if (compare && format == IPL_FORMAT_JSON)
		return ipl_usage_error(cmd, "--compare adds to the table and markdown formats, not "
					    "to json; run 'infraplan compare --format json' on the "
					    "spec");
	head_label = head ? head : "worktree";
	ipl_run_init(&run, args->env);
	if (ipl_vcs_open(&vcs, ".", "run infraplan diff inside one", &run.diags) < 0) {
		status = IPL_EXIT_ENV;
		goto done;
	}
	if ((npairs = pair_specs(vcs, base, head, args->operands, args->nr, &pairs, &run.diags)) <
	    0) {
		status = npairs == -2 ? IPL_EXIT_USAGE : IPL_EXIT_ENV;
		goto done;
	}
	nspecs = (size_t)npairs;
	diffs = IPL_ARENA_ARRAY(&run.arena, struct ipl_plan_diff, (size_t)npairs + 1);
	if (!currency)
		currency = "EUR";
	for (i = 0; i < nspecs; i++) {
		struct ipl_buf bt = IPL_BUF_INIT, ht = IPL_BUF_INIT;
		struct ipl_cost *bc = NULL, *hc = NULL;
		struct ipl_plan *bp = NULL, *hp = NULL;
		const char *from = pairs[i].from, *to = pairs[i].to;
		char *label;
		int hb = ipl_vcs_read(vcs, base, from, &bt, &run.diags), hh;

		if (head) {
			hh = ipl_vcs_read(vcs, head, to, &ht, &run.diags);
		} else {
			hh = ipl_vcs_read_worktree(vcs, to, &ht, &run.diags);
		}
		if (hb < 0 || hh < 0) {
			status = IPL_EXIT_ENV;
		} else if (!hb && !hh) {
			ipl_error(&run.diags, to, (struct ipl_loc){ 0, 0 },
				  "no such spec at %s nor at %s", base, head_label);
			status = IPL_EXIT_USAGE;
		} else {
			label = ipl_arena_printf(&run.arena, "%s:%s", base, from);
			if (hb && (rc = ipl_run_cost_text(&run, label, &bt, currency, &bp, &bc,
							  &run.diags)))
				status = rc > status ? rc : status;
			label = head ? ipl_arena_printf(&run.arena, "%s:%s", head, to)
				     : ipl_arena_strdup(&run.arena, to);
			if (hh && (rc = ipl_run_cost_text(&run, label, &ht, currency, &hp, &hc,
							  &run.diags)))
				status = rc > status ? rc : status;
		}
		ipl_costdiff(&diffs[i], ipl_arena_strdup(&run.arena, to), bc, bc ? bp : NULL, hc,
			     hc ? hp : NULL, &run.arena);
		if (strcmp(from, to))
			diffs[i].renamed_from = ipl_arena_strdup(&run.arena, from);
		ipl_buf_release(&bt);
		ipl_buf_release(&ht);
	}
	if (status == IPL_EXIT_OK) {
		double before = 0, after = 0, delta;
		for (i = 0; i < nspecs; i++) {
			before += diffs[i].before;
			after += diffs[i].after;
		}
		ipl_costdiff_write(diffs, nspecs, currency, base, head_label,
				   ipl_opt_choice_name(ipl_formats, format), &out);
		if (format == IPL_FORMAT_JSON) {
			struct ipl_diags warnings;
			ipl_run_take_warnings(&run, &warnings);
			ipl_json_append_warnings(&out, &warnings);
			ipl_diags_release(&warnings);
		}
		if (compare)
			write_comparisons(&run, diffs, nspecs, format, &out);
		fputs(ipl_buf_str(&out), stdout);
		delta = ipl_money_round(after - before);
		if (fail_above.text &&
		    (fail_above.percent ? before > 0 && delta / before * 100 > fail_above.value
					: delta > fail_above.value)) {
			fprintf(stderr,
				"infraplan diff: the monthly cost rises by %.2f %s, above %s\n",
				delta, currency, fail_above.text);
			status = IPL_EXIT_CHECK;
		}
		if (fail_on_replace && ipl_costdiff_replaces_stateful(diffs, nspecs)) {
			fputs("infraplan diff: a change destroys or replaces a resource holding "
			      "data\n",
			      stderr);
			status = IPL_EXIT_CHECK;
		}
	}
done:
	pairs_free(pairs, nspecs);
	ipl_buf_release(&out);
	ipl_vcs_free(vcs);
	ipl_run_finish(&run);
	return status;
}

const struct ipl_cmd ipl_cmd_diff = {
	.name = "diff",
	.summary = "the monthly cost change of specs between two git revisions",
	.operands = "[SPEC...]",
	.description =
		"Plans each spec as it was at both revisions, read from the object database,\n"
		"and prints what was added (+), removed (-) or changed (~) per line item,\n"
		"then the total. With no SPEC, every infraplan.yaml at either revision\n"
		"(or the specs listed in .infraplan-specs); a renamed spec is one plan.\n"
		"Line items match by what they are, so a resize is one ~ change with old\n"
		"and new attributes; a change that removes or replaces a server holding a\n"
		"stateful service, an RDS, ElastiCache or S3 resource, or moves a native\n"
		"command between x86 and ARM is flagged as \"replaces stateful\".",
	.run = run_diff,
};
