/* costdiff.c: see costdiff.h. */
#include "core/common.h"

#include <math.h>

#include "core/escape.h"
#include "planners/costdiff.h"

static const struct ipl_line_item *
find_item(const struct ipl_cost *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->items_nr; i++)
		if (!strcmp(c->items[i].name, name))
			return &c->items[i];
	return NULL;
}

void
ipl_costdiff(struct ipl_plan_diff *d, const char *spec, const struct ipl_cost *base,
	     const struct ipl_cost *head, struct ipl_arena *arena)
{
	size_t i, cap = (base ? base->items_nr : 0) + (head ? head->items_nr : 0) + 1;

	memset(d, 0, sizeof(*d));
	d->spec = spec;
	d->before = base ? base->monthly_total : 0;
	d->after = head ? head->monthly_total : 0;
	d->status = !base ? "added" : !head ? "removed" : "changed";
	d->changes = IPL_ARENA_ARRAY(arena, struct ipl_line_change, cap);
	for (i = 0; head && i < head->items_nr; i++) {
		const struct ipl_line_item *now = &head->items[i],
					   *was = find_item(base, now->name);
		if (was && fabs(was->monthly - now->monthly) < 0.005)
			continue;
		d->changes[d->changes_nr++] = (struct ipl_line_change){ was ? '~' : '+', now->name,
									was ? was->monthly : 0,
									now->monthly };
	}
	for (i = 0; base && i < base->items_nr; i++)
		if (!find_item(head, base->items[i].name))
			d->changes[d->changes_nr++] = (struct ipl_line_change){
				'-', base->items[i].name, base->items[i].monthly, 0
			};
	if (base && head && !d->changes_nr)
		d->status = "unchanged";
}

static void
signed_money(struct ipl_buf *b, double v)
{
	ipl_buf_adds(b, v > 0.004 ? "+" : v < -0.004 ? "-" : "");
	ipl_money_format(b, fabs(v));
}

static double
percent(double before, double after)
{
	return before > 0 ? (after - before) / before * 100 : 0;
}

void
ipl_costdiff_write(const struct ipl_plan_diff *d, size_t n, const char *cur, const char *base_rev,
		   const char *head_rev, const char *format, struct ipl_buf *out)
{
	double before = 0, after = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		before += d[i].before;
		after += d[i].after;
	}
	before = ipl_money_round(before);
	after = ipl_money_round(after);
	if (!strcmp(format, "json")) {
		ipl_buf_addf(out, "{\n  \"currency\": \"%s\",\n  \"base\": ", cur);
		ipl_escape_json_string(out, base_rev);
		ipl_buf_adds(out, ",\n  \"head\": ");
		ipl_escape_json_string(out, head_rev);
		ipl_buf_addf(
			out,
			",\n  \"base_total\": %.2f,\n  \"head_total\": %.2f,\n  \"delta\": %.2f,\n"
			"  \"percent\": %.1f,\n  \"plans\": [",
			before, after, after - before, percent(before, after));
		for (i = 0; i < n; i++) {
			ipl_buf_adds(out, i ? ",\n    {\"spec\": " : "\n    {\"spec\": ");
			ipl_escape_json_string(out, d[i].spec);
			ipl_buf_adds(out, ", \"renamed_from\": ");
			if (d[i].renamed_from)
				ipl_escape_json_string(out, d[i].renamed_from);
			else
				ipl_buf_adds(out, "null");
			ipl_buf_addf(
				out,
				", \"status\": \"%s\", \"base_total\": %.2f, \"head_total\": %.2f, "
				"\"delta\": %.2f, \"changes\": [",
				d[i].status, d[i].before, d[i].after, d[i].after - d[i].before);
			for (j = 0; j < d[i].changes_nr; j++) {
				const struct ipl_line_change *c = &d[i].changes[j];
				ipl_buf_addf(out, "%s{\"op\": \"%c\", \"name\": ", j ? ", " : "",
					     c->op);
				ipl_escape_json_string(out, c->name);
				ipl_buf_addf(out, ", \"base\": %.2f, \"head\": %.2f}", c->before,
					     c->after);
			}
			ipl_buf_adds(out, "]}");
		}
		ipl_buf_adds(out, n ? "\n  ]\n}\n" : "]\n}\n");
		return;
	}
	if (!strcmp(format, "markdown")) {
		ipl_buf_addf(out, "%s\n### infraplan: monthly cost ", IPL_DIFF_MARKER);
		signed_money(out, after - before);
		ipl_buf_addf(out, " %s (", cur);
		ipl_money_format(out, before);
		ipl_buf_adds(out, " → ");
		ipl_money_format(out, after);
		ipl_buf_addf(out, ")\n\n| Plan | Base | Head | Change |\n|---|---:|---:|---:|\n");
		for (i = 0; i < n; i++) {
			ipl_buf_adds(out, "| ");
			ipl_escape_markdown_code(out, d[i].spec, true);
			ipl_buf_adds(out, " (");
			if (d[i].renamed_from) {
				ipl_buf_adds(out, "renamed from ");
				ipl_escape_markdown_code(out, d[i].renamed_from, true);
				ipl_buf_adds(out, ", ");
			}
			ipl_buf_addf(out, "%s) | %.2f | %.2f | ", d[i].status, d[i].before,
				     d[i].after);
			signed_money(out, d[i].after - d[i].before);
			ipl_buf_adds(out, " |\n");
		}
		ipl_buf_adds(out, "\n<details><summary>Line items</summary>\n\n");
		for (i = 0; i < n; i++) {
			if (!d[i].changes_nr)
				continue;
			ipl_escape_markdown_code(out, d[i].spec, false);
			ipl_buf_adds(
				out,
				"\n\n| | Item | Base | Head | Change |\n|---|---|---:|---:|---:|\n");
			for (j = 0; j < d[i].changes_nr; j++) {
				const struct ipl_line_change *c = &d[i].changes[j];
				ipl_buf_addf(out, "| %c | ", c->op);
				ipl_escape_markdown_cell(out, c->name);
				ipl_buf_addf(out, " | %.2f | %.2f | ", c->before, c->after);
				signed_money(out, c->after - c->before);
				ipl_buf_adds(out, " |\n");
			}
			ipl_buf_adds(out, "\n");
		}
		/* the revisions as given on the command line: a branch name is free text too */
		ipl_buf_adds(out, "</details>\n\nBase ");
		ipl_escape_markdown_code(out, base_rev, false);
		ipl_buf_adds(out, ", head ");
		ipl_escape_markdown_code(out, head_rev, false);
		ipl_buf_adds(out, "; prices from the embedded catalog, 730 hours a month.\n");
		return;
	}
	ipl_buf_adds(out, "Key: + added, - removed, ~ changed\n");
	for (i = 0; i < n; i++) {
		ipl_buf_addf(out, "\n%c %s  ",
			     !strcmp(d[i].status, "added")     ? '+'
			     : !strcmp(d[i].status, "removed") ? '-'
							       : '~',
			     d[i].spec);
		if (d[i].renamed_from)
			ipl_buf_addf(out, "(renamed from %s)  ", d[i].renamed_from);
		signed_money(out, d[i].after - d[i].before);
		ipl_buf_addf(out, " (%.2f -> %.2f)\n", d[i].before, d[i].after);
		for (j = 0; j < d[i].changes_nr; j++) {
			const struct ipl_line_change *c = &d[i].changes[j];
			ipl_buf_addf(out, "    %c %s  ", c->op, c->name);
			signed_money(out, c->after - c->before);
			if (c->op == '~')
				ipl_buf_addf(out, " (%.2f -> %.2f)", c->before, c->after);
			ipl_buf_addc(out, '\n');
		}
	}
	ipl_buf_addf(out, "\nMonthly cost change (%s..%s)\nAmount:  ", base_rev, head_rev);
	signed_money(out, after - before);
	ipl_buf_addf(out, " %s (%.2f -> %.2f)\n", cur, before, after);
	if (before > 0)
		ipl_buf_addf(out, "Percent: %+.1f%%\n", percent(before, after));
}
