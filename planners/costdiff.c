/* costdiff.c: see costdiff.h. */
#include "core/common.h"

#include <math.h>

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/json.h"
#include "planners/costdiff.h"
#include "planners/mermaid.h"

static const struct ipl_line_item *
find_item(const struct ipl_cost *c, const char *key)
{
	size_t i;

	for (i = 0; c && i < c->items_nr; i++)
		if (!strcmp(c->items[i].key, key))
			return &c->items[i];
	return NULL;
}

static const struct ipl_plan_node *
find_node(const struct ipl_plan *p, const char *name, enum ipl_node_kind kind)
{
	size_t i;

	for (i = 0; p && i < p->nodes_nr; i++)
		if (p->nodes[i].kind == kind && !strcmp(p->nodes[i].name, name))
			return &p->nodes[i];
	return NULL;
}

/*
 * the key a head line had in the base plan: the same, or, for a line of a
 * node that had another name in the other layout (moved_from: single's main
 * is split's app), "node:main" for "node:app", "volume:main:x" for
 * "volume:app:x". Keys are "kind:NODE" or "kind:NODE:rest".
 */
static const char *
base_key(const char *key, const struct ipl_plan *hp, struct ipl_arena *arena)
{
	const char *colon = strchr(key, ':'), *end;
	size_t i, len;

	if (!colon || !hp)
		return key;
	end = strchr(colon + 1, ':');
	len = end ? (size_t)(end - colon - 1) : strlen(colon + 1);
	for (i = 0; i < hp->nodes_nr; i++) {
		const struct ipl_plan_node *n = &hp->nodes[i];
		if (n->moved_from && strlen(n->name) == len && !strncmp(n->name, colon + 1, len))
			return ipl_arena_printf(arena, "%.*s:%s%s", (int)(colon - key), key,
						n->moved_from, end ? end : "");
	}
	return key;
}

/* the head plan's node that base node o became: the same name, or the one moved from it */
static const struct ipl_plan_node *
successor(const struct ipl_plan *hp, const struct ipl_plan_node *o)
{
	size_t i;
	const struct ipl_plan_node *n = find_node(hp, o->name, o->kind);

	for (i = 0; !n && hp && i < hp->nodes_nr; i++)
		if (hp->nodes[i].moved_from && !strcmp(hp->nodes[i].moved_from, o->name))
			n = &hp->nodes[i];
	return n;
}

/* the words of a key: "node:main" -> "node main" */
static const char *
key_words(const char *key, struct ipl_arena *arena)
{
	char *s = ipl_arena_strdup(arena, key), *p;

	for (p = s; *p; p++)
		if (*p == ':')
			*p = ' ';
	return s;
}

static const char *
arch_of(const struct ipl_plan_node *n)
{
	return n && n->type && n->type->arch ? n->type->arch : NULL;
}

static bool
differ(const char *a, const char *b)
{
	return a && b && strcmp(a, b);
}

/* what changed in a line matched by key: its server's type and arch, its size, else its name */
static const char *
change_detail(const struct ipl_line_item *was, const struct ipl_line_item *now,
	      const struct ipl_plan *bp, const struct ipl_plan *hp, struct ipl_arena *arena)
{
	struct ipl_buf b = IPL_BUF_INIT;
	const char *out = NULL;

	if (!strncmp(now->key, "node:", 5)) {
		const struct ipl_plan_node *n = find_node(hp, now->key + 5, IPL_NODE_SERVER),
					   *o = find_node(bp, was->key + 5, IPL_NODE_SERVER);
		if (o && n && o->type && n->type && strcmp(o->type->name, n->type->name))
			ipl_buf_addf(&b, "%s -> %s", o->type->name, n->type->name);
		if (differ(arch_of(o), arch_of(n)))
			ipl_buf_addf(&b, "%s%s -> %s", b.len ? ", " : "", arch_of(o), arch_of(n));
	}
	if (!b.len && was->unit && !strcmp(was->unit, "GB-month") && now->unit &&
	    !strcmp(now->unit, "GB-month") && fabs(was->quantity - now->quantity) > 1e-9)
		ipl_buf_addf(&b, "%.6g GB -> %.6g GB", was->quantity, now->quantity);
	if (!b.len && strcmp(was->name, now->name)) {
		/* "smtp: A -> smtp: B" says "smtp" once: the label has it */
		size_t skip = 0, k;
		for (k = 0; was->name[k] && was->name[k] == now->name[k]; k++)
			if (was->name[k] == ' ' && k && was->name[k - 1] == ':')
				skip = k + 1;
		ipl_buf_addf(&b, "%s -> %s", was->name + skip, now->name + skip);
	}
	if (b.len)
		out = ipl_arena_strdup(arena, ipl_buf_str(&b));
	ipl_buf_release(&b);
	return out;
}

/* the first stateful service placed on n, "db (postgres)", or NULL */
static const char *
stateful_service(const struct ipl_plan_node *n, struct ipl_arena *arena)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++) {
		const struct ipl_service *s = n->services[i].svc;
		if (ipl_service_is_stateful(s))
			return ipl_arena_printf(arena, "%s (%s)", s->name.s,
						ipl_service_kind_name(s->kind));
	}
	return NULL;
}

static void
add_stateful(struct ipl_plan_diff *d, size_t *cap, struct ipl_arena *arena, const char *reason)
{
	d->stateful = ipl_arena_grow(arena, d->stateful, sizeof(*d->stateful), d->stateful_nr, cap);
	d->stateful[d->stateful_nr++].reason = reason;
}

/* the node of plan p that runs the service named name, or NULL */
static const struct ipl_plan_node *
node_running(const struct ipl_plan *p, const char *name)
{
	size_t i, j;

	for (i = 0; p && i < p->nodes_nr; i++)
		for (j = 0; j < p->nodes[i].services_nr; j++)
			if (!strcmp(p->nodes[i].services[j].svc->name.s, name))
				return &p->nodes[i];
	return NULL;
}

/* the first stateful service of a node that has one */
static const struct ipl_service *
first_stateful(const struct ipl_plan_node *n)
{
	size_t i;

	for (i = 0; i < n->services_nr; i++)
		if (ipl_service_is_stateful(n->services[i].svc))
			return n->services[i].svc;
	return NULL;
}

/* the base plan's volume of the same service on the node n was, or NULL */
static const struct ipl_plan_volume *
old_volume(const struct ipl_plan *bp, const struct ipl_plan_node *n,
	   const struct ipl_plan_volume *v)
{
	const struct ipl_plan_node *o = find_node(bp, n->name, n->kind);
	size_t i;

	if (!o && n->moved_from)
		o = find_node(bp, n->moved_from, n->kind);
	for (i = 0; o && i < o->volumes_nr; i++)
		if (!strcmp(o->volumes[i].svc->name.s, v->svc->name.s))
			return &o->volumes[i];
	return NULL;
}

static void
find_stateful(struct ipl_plan_diff *d, const struct ipl_plan *bp, const struct ipl_plan *hp,
	      struct ipl_arena *arena)
{
	size_t i, j, cap = 0;

	for (i = 0; bp && i < bp->nodes_nr; i++) {
		const struct ipl_plan_node *o = &bp->nodes[i], *n = successor(hp, o);
		const char *svc, *what = NULL;

		if (o->kind == IPL_NODE_SERVER && (svc = stateful_service(o, arena))) {
			const struct ipl_plan_node *to = NULL;
			if (n && strcmp(n->name, o->name) && !stateful_service(n, arena))
				to = node_running(hp, first_stateful(o)->name.s);
			if (!n)
				what = "it is removed";
			else if (to) {
				add_stateful(
					d, &cap, arena,
					ipl_arena_printf(
						arena,
						"node %s holds %s: the server stays as node %s, and "
						"the data moves to the new node %s by migration: "
						"dump, restore, switch DB_HOST, retire "
						"(nodes/README.md)",
						o->name, svc, n->name, to->name));
				continue;
			} else if (o->type && n->type && strcmp(o->type->name, n->type->name))
				what = ipl_arena_printf(arena, "its server type changes (%s -> %s)",
							o->type->name, n->type->name);
			else if (differ(arch_of(o), arch_of(n)))
				what = ipl_arena_printf(arena, "it moves from %s to %s", arch_of(o),
							arch_of(n));
			if (what && n && o->volumes_nr) {
				/*
				 * the data is on volumes: the server changes, the data stays.
				 * No rescale crosses architectures (the image is built for
				 * one): that needs a new server, which prevent_destroy refuses
				 */
				bool arch = differ(arch_of(o), arch_of(n));
				add_stateful(
					d, &cap, arena,
					ipl_arena_printf(
						arena,
						"node %s holds %s: %s%s; its data is on volumes, %s",
						o->name, svc, what,
						arch ? ipl_arena_printf(arena, ", from %s to %s",
									arch_of(o), arch_of(n))
						     : "",
						arch ? "which stay, but no rescale crosses "
						       "architectures: replace the server on purpose "
						       "(remove prevent_destroy first)"
						     : "which stay, but the server restarts"));
				continue;
			}
			if (what)
				add_stateful(d, &cap, arena,
					     ipl_arena_printf(arena,
							      "node %s holds %s: %s; its data must "
							      "be migrated first",
							      o->name, svc, what));
		} else if (o->kind == IPL_NODE_AWS && !n &&
			   (o->aws.kind == IPL_AWS_RDS || o->aws.kind == IPL_AWS_ELASTICACHE ||
			    o->aws.kind == IPL_AWS_S3)) {
			add_stateful(d, &cap, arena,
				     ipl_arena_printf(arena,
						      "%s %s is removed; its data must be migrated "
						      "first",
						      o->aws.kind == IPL_AWS_RDS  ? "database"
						      : o->aws.kind == IPL_AWS_S3 ? "bucket"
										  : "cache",
						      o->name));
		}
	}
	/* a volume only grows: a smaller size fails the apply */
	for (i = 0; hp && i < hp->nodes_nr; i++)
		for (j = 0; j < hp->nodes[i].volumes_nr; j++) {
			const struct ipl_plan_volume *v = &hp->nodes[i].volumes[j];
			const struct ipl_plan_volume *was = old_volume(bp, &hp->nodes[i], v);
			if (was && v->size_gb < was->size_gb)
				add_stateful(d, &cap, arena,
					     ipl_arena_printf(
						     arena,
						     "volume of %s shrinks from %.6g GB to "
						     "%.6g GB: a volume only grows, so the apply "
						     "fails; keep %.6g GB",
						     v->svc->name.s, was->size_gb, v->size_gb,
						     was->size_gb));
		}
	/* a native command's binaries are built for one architecture */
	for (i = 0; hp && i < hp->nodes_nr; i++)
		for (j = 0; j < hp->nodes[i].services_nr; j++) {
			const struct ipl_service *s = hp->nodes[i].services[j].svc;
			const struct ipl_plan_node *o = node_running(bp, s->name.s);
			if (s->command.s && !s->image.s && o &&
			    differ(arch_of(o), arch_of(&hp->nodes[i])))
				add_stateful(
					d, &cap, arena,
					ipl_arena_printf(arena,
							 "service %s runs a native command: it "
							 "moves from %s to %s, and binaries built "
							 "for one do not run on the other",
							 s->name.s, arch_of(o),
							 arch_of(&hp->nodes[i])));
		}
}

static bool
was_moved(const char *const *keys, size_t nr, const char *key)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

void
ipl_costdiff(struct ipl_plan_diff *d, const char *spec, const struct ipl_cost *base,
	     const struct ipl_plan *base_plan, const struct ipl_cost *head,
	     const struct ipl_plan *head_plan, struct ipl_arena *arena)
{
	size_t i, cap = (base ? base->items_nr : 0) + (head ? head->items_nr : 0) + 1, moved_nr = 0;
	const char **moved_keys = IPL_ARENA_ARRAY(arena, const char *, cap);

	memset(d, 0, sizeof(*d));
	d->spec = spec;
	d->before = base ? base->monthly_total : 0;
	d->after = head ? head->monthly_total : 0;
	d->status = !base ? "added" : !head ? "removed" : "changed";
	d->base_plan = base ? base_plan : NULL;
	d->head_plan = head ? head_plan : NULL;
	d->changes = IPL_ARENA_ARRAY(arena, struct ipl_line_change, cap);
	for (i = 0; head && i < head->items_nr; i++) {
		const struct ipl_line_item *now = &head->items[i], *was = find_item(base, now->key);
		const char *moved = was ? NULL : base_key(now->key, head_plan, arena);
		if (moved && moved != now->key && (was = find_item(base, moved)))
			moved_keys[moved_nr++] = moved;
		const char *detail = was ? change_detail(was, now, base_plan, head_plan, arena)
					 : NULL;
		if (was && !detail && fabs(was->monthly - now->monthly) < 0.005)
			continue;
		/* a line of a moved node that only changed its name (its IPv4): nothing changed */
		if (moved && was && strncmp(now->key, "node:", 5) &&
		    fabs(was->monthly - now->monthly) < 0.005)
			continue;
		d->changes[d->changes_nr++] = (struct ipl_line_change){
			was ? '~' : '+',
			was && strcmp(now->key, now->name)
				? (moved && was ? ipl_arena_printf(arena, "%s (was %s)",
								   key_words(now->key, arena),
								   key_words(moved, arena))
						: key_words(now->key, arena))
				: now->name,
			detail, was ? was->monthly : 0, now->monthly
		};
	}
	for (i = 0; base && i < base->items_nr; i++)
		if (!find_item(head, base->items[i].key) &&
		    !was_moved(moved_keys, moved_nr, base->items[i].key))
			d->changes[d->changes_nr++] = (struct ipl_line_change){
				'-', base->items[i].name, NULL, base->items[i].monthly, 0
			};
	find_stateful(d, base_plan, head_plan, arena);
	if (base && head && !d->changes_nr && !d->stateful_nr)
		d->status = "unchanged";
}

bool
ipl_costdiff_replaces_stateful(const struct ipl_plan_diff *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].stateful_nr)
			return true;
	return false;
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

/* each plan at head as a Mermaid flowchart, its nodes marked against base */
static void
write_topologies(const struct ipl_plan_diff *d, size_t n, struct ipl_buf *out)
{
	struct ipl_buf t = IPL_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		/* an unchanged plan is left out: the comment is about the change */
		if (!d[i].head_plan || !strcmp(d[i].status, "unchanged"))
			continue;
		ipl_buf_adds(out, "\n#### Topology of ");
		ipl_escape_markdown_code(out, d[i].spec, false);
		ipl_buf_adds(out, d[i].base_plan ? " (marked against base)\n\n" : " (new)\n\n");
		ipl_buf_reset(&t);
		ipl_mermaid_topology(&t, d[i].head_plan, d[i].base_plan);
		ipl_mermaid_fence(out, &t);
	}
	ipl_buf_release(&t);
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
		ipl_buf_adds(out, "{\n  ");
		ipl_json_schema_version(out);
		ipl_buf_adds(out, ",\n  ");
		ipl_json_string(out, "currency", cur);
		ipl_buf_adds(out, ",\n  \"base\": ");
		ipl_escape_json_string(out, base_rev);
		ipl_buf_adds(out, ",\n  \"head\": ");
		ipl_escape_json_string(out, head_rev);
		ipl_buf_adds(out, ",\n  ");
		ipl_json_money(out, "base_total", before);
		ipl_buf_adds(out, ",\n  ");
		ipl_json_money(out, "head_total", after);
		ipl_buf_adds(out, ",\n  ");
		ipl_json_money(out, "delta", after - before);
		ipl_buf_addf(
			out,
			",\n  \"percent\": %.1f,\n  \"replaces_stateful\": %s,\n  \"plans\": [",
			percent(before, after),
			ipl_costdiff_replaces_stateful(d, n) ? "true" : "false");
		for (i = 0; i < n; i++) {
			ipl_buf_adds(out, i ? ",\n    {\"spec\": " : "\n    {\"spec\": ");
			ipl_escape_json_string(out, d[i].spec);
			ipl_buf_adds(out, ", \"renamed_from\": ");
			if (d[i].renamed_from)
				ipl_escape_json_string(out, d[i].renamed_from);
			else
				ipl_buf_adds(out, "null");
			ipl_buf_addf(out, ", \"status\": \"%s\", ", d[i].status);
			ipl_json_money(out, "base_total", d[i].before);
			ipl_buf_adds(out, ", ");
			ipl_json_money(out, "head_total", d[i].after);
			ipl_buf_adds(out, ", ");
			ipl_json_money(out, "delta", d[i].after - d[i].before);
			ipl_buf_addf(out, ", \"replaces_stateful\": %s, \"reasons\": [",
				     d[i].stateful_nr ? "true" : "false");
			for (j = 0; j < d[i].stateful_nr; j++) {
				ipl_buf_adds(out, j ? ", " : "");
				ipl_escape_json_string(out, d[i].stateful[j].reason);
			}
			ipl_buf_adds(out, "], \"changes\": [");
			for (j = 0; j < d[i].changes_nr; j++) {
				const struct ipl_line_change *c = &d[i].changes[j];
				ipl_buf_addf(out, "%s{\"op\": \"%c\", \"name\": ", j ? ", " : "",
					     c->op);
				ipl_escape_json_string(out, c->name);
				if (c->detail) {
					ipl_buf_adds(out, ", \"detail\": ");
					ipl_escape_json_string(out, c->detail);
				}
				ipl_buf_adds(out, ", ");
				ipl_json_money(out, "base", c->before);
				ipl_buf_adds(out, ", ");
				ipl_json_money(out, "head", c->after);
				ipl_buf_adds(out, "}");
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
		ipl_buf_adds(out, ")\n");
		if (ipl_costdiff_replaces_stateful(d, n)) {
			ipl_buf_adds(out, "\n> [!WARNING]\n> **This change destroys or replaces "
					  "resources that hold data:**\n");
			for (i = 0; i < n; i++)
				for (j = 0; j < d[i].stateful_nr; j++) {
					ipl_buf_adds(out, "> - ");
					ipl_escape_markdown_code(out, d[i].spec, false);
					ipl_buf_adds(out, ": ");
					ipl_escape_markdown_cell(out, d[i].stateful[j].reason);
					ipl_buf_adds(out, "\n");
				}
		}
		ipl_buf_addf(out, "\n| Plan | Base | Head | Change |\n|---|---:|---:|---:|\n");
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
				continue; /* its replacements are in the warning at the top */
			ipl_escape_markdown_code(out, d[i].spec, false);
			ipl_buf_adds(
				out,
				"\n\n| | Item | Base | Head | Change |\n|---|---|---:|---:|---:|\n");
			for (j = 0; j < d[i].changes_nr; j++) {
				const struct ipl_line_change *c = &d[i].changes[j];
				ipl_buf_addf(out, "| %c | ", c->op);
				ipl_escape_markdown_cell(out, c->name);
				if (c->detail) {
					ipl_buf_adds(out, ": ");
					ipl_escape_markdown_cell(out, c->detail);
				}
				ipl_buf_addf(out, " | %.2f | %.2f | ", c->before, c->after);
				signed_money(out, c->after - c->before);
				ipl_buf_adds(out, " |\n");
			}
			ipl_buf_adds(out, "\n");
		}
		ipl_buf_adds(out, "</details>\n");
		write_topologies(d, n, out);
		/* the revisions as given on the command line: a branch name is free text too */
		ipl_buf_adds(out, "\nBase ");
		ipl_escape_markdown_code(out, base_rev, false);
		ipl_buf_adds(out, ", head ");
		ipl_escape_markdown_code(out, head_rev, false);
		ipl_buf_adds(out, "; prices from the embedded catalog, 730 hours a month.\n");
		return;
	}
	ipl_buf_adds(out, "Key: + added, - removed, ~ changed, ! replaces stateful\n");
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
		for (j = 0; j < d[i].stateful_nr; j++)
			ipl_buf_addf(out, "    ! replaces stateful: %s\n", d[i].stateful[j].reason);
		for (j = 0; j < d[i].changes_nr; j++) {
			const struct ipl_line_change *c = &d[i].changes[j];
			ipl_buf_addf(out, "    %c %s%s%s  ", c->op, c->name, c->detail ? ": " : "",
				     c->detail ? c->detail : "");
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
