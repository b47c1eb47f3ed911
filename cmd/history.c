/*
 * history.c: `infraplan history SPEC`: the monthly total at every commit that
 * changed the spec, newest first, with the change from the version before:
 * when did the bill grow, and who grew it.
 */
#include "core/common.h"

#include <time.h>

#include "cmd/cmd.h"
#include "cmd/pipeline.h"
#include "core/json.h"
#include "core/date.h"
#include "core/escape.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "planners/cost.h"
#include "planners/mermaid.h"
#include "planners/vcs.h"

struct entry {
	char id[12];
	char date[64];
	char *author;
	char *renamed_from; /* the spec's earlier path when this commit renamed it */
	bool deleted, valid;
	double total;
};

/* what one version of the spec costs: planned once however many commits hold it */
struct estimate {
	bool valid;
	double total;
};

struct collect {
	struct entry *items;
	size_t nr, alloc;
	struct ipl_run *run;
	const char *path, *currency;
	int status; /* IPL_EXIT_ENV when a catalog could not be loaded */
	/*
	 * Estimates by the spec's text: the same text is the same blob, so a
	 * version that comes back (a revert, a setting toggled back) is parsed
	 * and costed once. Keys and values are the collector's.
	 */
	struct ipl_strmap seen;
	char **texts;
	struct estimate **estimates;
	size_t seen_nr, seen_alloc, estimates_alloc;
};

/* the estimate of text, costed when it is a version not seen before; NULL on an IPL_EXIT_ENV */
static const struct estimate *
estimate(struct collect *c, const struct ipl_buf *text)
{
	const char *key = ipl_buf_str(text);
	struct estimate *known = ipl_strmap_get(&c->seen, key), *e;
	struct ipl_diags quiet;
	struct ipl_cost *cost;
	int rc;

	if (known)
		return known;
	/* a version that does not plan is shown as such, not fatal to the history */
	ipl_diags_init(&quiet);
	rc = ipl_run_cost_text(c->run, c->path, text, c->currency, NULL, &cost, &quiet);
	if (rc == IPL_EXIT_ENV) {
		ipl_diags_copy_errors(&c->run->diags, &quiet);
		ipl_diags_release(&quiet);
		return NULL;
	}
	ipl_diags_release(&quiet);
	e = ipl_xmalloc(sizeof(*e));
	e->valid = rc == IPL_EXIT_OK;
	e->total = e->valid ? cost->monthly_total : 0;
	c->texts = ipl_xgrow(c->texts, sizeof(*c->texts), c->seen_nr + 1, &c->seen_alloc);
	c->texts[c->seen_nr] = ipl_xstrndup(key, text->len);
	c->estimates = ipl_xgrow(c->estimates, sizeof(*c->estimates), c->seen_nr + 1,
				 &c->estimates_alloc);
	c->estimates[c->seen_nr] = e;
	/* a text with a NUL in it is costed each time: the map's keys end at the first NUL */
	if (strlen(key) == text->len)
		(void)ipl_strmap_add(&c->seen, c->texts[c->seen_nr], e);
	c->seen_nr++;
	return e;
}

static int
add_change(const struct ipl_vcs_change *ch, void *payload)
{
	struct collect *c = payload;
	struct entry *e;
	time_t t = (time_t)(ch->time + ch->offset * 60);
	struct tm tm;
	char day[11];

	c->items = ipl_xgrow(c->items, sizeof(*c->items), c->nr + 1, &c->alloc);
	e = &c->items[c->nr++];
	memset(e, 0, sizeof(*e));
	memcpy(e->id, ch->id, sizeof(e->id));
	gmtime_r(&t, &tm);
	ipl_date_format((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday, day);
	snprintf(e->date, sizeof(e->date), "%s %02d:%02d %c%02d%02d", day, tm.tm_hour, tm.tm_min,
		 ch->offset < 0 ? '-' : '+', abs(ch->offset) / 60, abs(ch->offset) % 60);
	e->author = ipl_xstrdup(ch->author);
	e->renamed_from = ch->renamed_from ? ipl_xstrdup(ch->renamed_from) : NULL;
	e->deleted = ch->deleted;
	if (!ch->deleted) {
		const struct estimate *est = estimate(c, &ch->text);
		if (!est) {
			c->status = IPL_EXIT_ENV;
		} else {
			e->valid = est->valid;
			e->total = est->total;
		}
	}
	return 0;
}

/* the totals over the commits, oldest first, as a bar chart (planners/mermaid.h) */
static void
history_chart(struct ipl_run *run, const struct collect *c, struct ipl_buf *out)
{
	const char **labels = IPL_ARENA_ARRAY(&run->arena, const char *, c->nr);
	double *values = IPL_ARENA_ARRAY(&run->arena, double, c->nr);
	struct ipl_mermaid_chart chart = {
		.title = "Monthly cost over commits",
		.x_title = "commit",
		.y_title = ipl_arena_printf(&run->arena, "%s a month", c->currency),
		.labels = labels,
		.values = values,
	};
	struct ipl_buf text = IPL_BUF_INIT;
	size_t i;

	/* a deleted or invalid spec has no total to draw */
	for (i = c->nr; i-- > 0;)
		if (c->items[i].valid) {
			labels[chart.nr] = c->items[i].id;
			values[chart.nr++] = c->items[i].total;
		}
	if (!chart.nr)
		return;
	ipl_mermaid_xychart(&text, &chart);
	ipl_buf_adds(out, "\n");
	ipl_mermaid_fence(out, &text);
	ipl_buf_release(&text);
}

static int
run_history(const struct ipl_cmd *cmd, struct ipl_args *args)
{
	const char *rev = "HEAD", *currency = "EUR";
	int format = IPL_FORMAT_TABLE;
	const struct ipl_option opts[] = {
		IPL_OPT_STRING(0, "rev", &rev, "REV", "walk back from this revision (HEAD)"),
		IPL_OPT_FORMAT(&format, ipl_formats),
		IPL_OPT_CURRENCY(&currency),
		IPL_OPT_OFFLINE(args),
		IPL_OPT_END(),
	};
	const char *spec_path = "infraplan.yaml";
	char *rel;
	int rc, status = IPL_EXIT_OK;
	struct ipl_run run;
	struct ipl_vcs *vcs = NULL;
	struct collect c;
	struct ipl_buf path = IPL_BUF_INIT, out = IPL_BUF_INIT;
	size_t i;

	if ((rc = ipl_parse_command(cmd, opts, args)) != IPL_GO_ON)
		return rc;
	/* as for diff, the spec is ./infraplan.yaml unless one is named */
	if (args->nr > 1)
		return ipl_usage_error(cmd, "expected at most one spec file");
	if (args->nr == 1)
		spec_path = args->operands[0];
	memset(&c, 0, sizeof(c));
	ipl_run_init(&run, args->env);
	if (ipl_vcs_open(&vcs, ".", "run infraplan history inside one", &run.diags) < 0) {
		status = IPL_EXIT_ENV;
		goto done;
	}
	rel = ipl_vcs_repo_path(vcs, spec_path);
	ipl_buf_adds(&path, rel);
	free(rel);
	c.run = &run;
	c.path = path.data;
	c.currency = currency;
	if (ipl_vcs_file_history(vcs, rev, path.data, add_change, &c, &run.diags) < 0 ||
	    c.status != IPL_EXIT_OK) {
		status = IPL_EXIT_ENV;
		goto done;
	}
	if (c.nr == 0) {
		ipl_error(&run.diags, spec_path, (struct ipl_loc){ 0, 0 },
			  "no commit reachable from %s touches this file", rev);
		status = IPL_EXIT_USAGE;
		goto done;
	}
	if (format == IPL_FORMAT_JSON) {
		ipl_buf_adds(&out, "{\n  ");
		ipl_json_schema_version(&out);
		ipl_buf_adds(&out, ",\n  ");
		ipl_json_string(&out, "spec", path.data);
		ipl_buf_adds(&out, ",\n  ");
		ipl_json_string(&out, "currency", currency);
		ipl_buf_adds(&out, ",\n  \"commits\": [");
	} else if (format == IPL_FORMAT_MARKDOWN)
		ipl_buf_addf(
			&out,
			"| Commit | Date | Author | Total (%s) | Change |\n|---|---|---|---:|---:|\n",
			currency);
	else
		ipl_buf_addf(&out, "%-11s  %-22s  %-20s  %10s  %9s\n", "COMMIT", "DATE", "AUTHOR",
			     currency, "CHANGE");
	for (i = 0; i < c.nr; i++) {
		const struct entry *e = &c.items[i], *older = i + 1 < c.nr ? &c.items[i + 1] : NULL;
		char total[32], delta[32];
		if (e->deleted)
			snprintf(total, sizeof(total), "deleted");
		else if (!e->valid)
			snprintf(total, sizeof(total), "invalid");
		else
			snprintf(total, sizeof(total), "%.2f", e->total);
		if (older && older->valid && (e->valid || e->deleted))
			snprintf(delta, sizeof(delta), "%+.2f",
				 (e->valid ? e->total : 0) - older->total);
		else
			snprintf(delta, sizeof(delta), older ? "-" : "new");
		if (format == IPL_FORMAT_JSON) {
			ipl_buf_addf(&out,
				     "%s\n    {\"commit\": \"%s\", \"date\": \"%s\", \"author\": ",
				     i ? "," : "", e->id, e->date);
			ipl_escape_json_string(&out, e->author);
			ipl_buf_adds(&out, ", ");
			if (e->valid)
				ipl_json_money(&out, "total", e->total);
			else
				ipl_buf_addf(
					&out,
					"\"total\": null, \"total_decimal\": null, \"state\": \"%s\"",
					total);
			ipl_buf_adds(&out, ", ");
			if (older && strcmp(delta, "-"))
				ipl_json_money(&out, "delta",
					       (e->valid ? e->total : 0) - older->total);
			else
				ipl_buf_adds(&out, "\"delta\": null, \"delta_decimal\": null");
			if (e->renamed_from) {
				ipl_buf_adds(&out, ", \"renamed_from\": ");
				ipl_escape_json_string(&out, e->renamed_from);
			}
			ipl_buf_adds(&out, "}");
		} else if (format == IPL_FORMAT_MARKDOWN) {
			ipl_buf_addf(&out, "| `%s` | %s | ", e->id, e->date);
			ipl_escape_markdown_cell(&out, e->author);
			ipl_buf_addf(&out, " | %s | %s", total, delta);
			if (e->renamed_from) {
				ipl_buf_adds(&out, " (renamed from ");
				ipl_escape_markdown_code(&out, e->renamed_from, true);
				ipl_buf_adds(&out, ")");
			}
			ipl_buf_adds(&out, " |\n");
		} else {
			ipl_buf_addf(&out, "%-11s  %-22s  %-20.20s  %10s  %9s", e->id, e->date,
				     e->author, total, delta);
			if (e->renamed_from)
				ipl_buf_addf(&out, "  renamed from %s", e->renamed_from);
			ipl_buf_addc(&out, '\n');
		}
	}
	if (format == IPL_FORMAT_JSON) {
		struct ipl_diags warnings;
		ipl_buf_adds(&out, "\n  ]\n}\n");
		ipl_run_take_warnings(&run, &warnings);
		ipl_json_append_warnings(&out, &warnings);
		ipl_diags_release(&warnings);
	}
	if (format == IPL_FORMAT_MARKDOWN)
		history_chart(&run, &c, &out);
	fputs(ipl_buf_str(&out), stdout);
done:
	for (i = 0; i < c.nr; i++) {
		free(c.items[i].author);
		free(c.items[i].renamed_from);
	}
	free(c.items);
	for (i = 0; i < c.seen_nr; i++) {
		free(c.texts[i]);
		free(c.estimates[i]);
	}
	free(c.texts);
	free(c.estimates);
	ipl_strmap_release(&c.seen);
	ipl_buf_release(&path);
	ipl_buf_release(&out);
	ipl_vcs_free(vcs);
	ipl_run_finish(&run);
	return status;
}

const struct ipl_cmd ipl_cmd_history = {
	.name = "history",
	.summary = "the monthly total at every commit that changed a spec",
	.operands = "[SPEC]",
	.description = "Walks back from REV (first parents) and, for each commit that changed SPEC\n"
		       "(default ./infraplan.yaml), prints the commit, date, author, the plan's\n"
		       "monthly total and the change; it follows the spec through renames.",
	.run = run_history,
};
