/*
 * test_schema_sync.c: the parser, the JSON Schema editors use
 * (schema/infraplan.schema.json) and the reference (docs/spec.md) say the
 * same thing. The parser is the source: its field tables
 * (planners/spec_fields.h, walked by ipl_spec_sections_walk) list the keys
 * each mapping accepts and the names of every enum, and every section must
 * have
 *
 *   - in the schema, an object with exactly those properties (a key missing
 *     on either side is named), additionalProperties false, a description on
 *     every property, and enums equal to the parser's names;
 *   - in the docs, a heading that names the section in backticks, under which
 *     a table row starts with each key in backticks (and with no other key),
 *     and defaults that agree with the schema's.
 *
 * Every YAML example in the docs validates: a whole spec (starting with
 * "name:") as it is, a fragment (starting with another top-level key) inside
 * a minimal spec. This is what `infraplan validate` runs: ipl_spec_parse.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "planners/provider.h"
#include "model/spec.h"
#include "planners/spec_load.h"
#include "planners/spec_fields.h"

#define SCHEMA_PATH IPL_SOURCE_DIR "/schema/infraplan.schema.json"
#define DOCS_PATH IPL_SOURCE_DIR "/docs/spec.md"

static json_t *schema;
static struct ipl_buf docs = IPL_BUF_INIT;

/* every mapping of a spec by its path, from the parser's tables (ipl_spec_sections_walk) */
struct section {
	char *path;
	const struct ipl_spec_table *t;
};
static struct section *sections;
static size_t sections_nr;

static void
collect_section(const char *path, const struct ipl_spec_table *t, void *arg)
{
	struct section *grown = realloc(sections, (sections_nr + 1) * sizeof(*sections));

	(void)arg;
	assert_non_null(grown);
	sections = grown;
	sections[sections_nr].path = strdup(path);
	assert_non_null(sections[sections_nr].path);
	sections[sections_nr++].t = t;
}

static const struct section *
sections_all(size_t *nr)
{
	if (!sections)
		ipl_spec_sections_walk(collect_section, NULL);
	*nr = sections_nr;
	return sections;
}

static int
setup(void **state)
{
	json_error_t err;

	(void)state;
	schema = json_load_file(SCHEMA_PATH, JSON_REJECT_DUPLICATES, &err);
	if (!schema) {
		fprintf(stderr, "schema/infraplan.schema.json:%d:%d: %s\n", err.line, err.column,
			err.text);
		return -1;
	}
	if (ipl_buf_read_file(&docs, DOCS_PATH, 4 << 20) < 0) {
		fprintf(stderr, "docs/spec.md: cannot read\n");
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(schema);
	ipl_buf_release(&docs);
	while (sections_nr)
		free(sections[--sections_nr].path);
	free(sections);
	return 0;
}

/* ---- Walking the schema ------------------------------------------------ */

/* follows local references ("#/$defs/service"); NULL for a broken one */
static json_t *
resolve(json_t *node)
{
	int hops;

	for (hops = 0; node && hops < 16; hops++) {
		const char *ref = json_string_value(json_object_get(node, "$ref"));
		char seg[128];
		const char *p;

		if (!ref)
			return node;
		if (strncmp(ref, "#/", 2)) {
			fprintf(stderr,
				"schema: only local references are resolved, found \"%s\"\n", ref);
			return NULL;
		}
		node = schema;
		for (p = ref + 2; node && *p;) {
			size_t n = strcspn(p, "/"), i, k = 0;
			/* a JSON pointer segment: ~1 is '/', ~0 is '~' */
			for (i = 0; i < n && k + 1 < sizeof(seg); i++) {
				if (p[i] == '~' && i + 1 < n &&
				    (p[i + 1] == '0' || p[i + 1] == '1')) {
					seg[k++] = p[i + 1] == '1' ? '/' : '~';
					i++;
				} else {
					seg[k++] = p[i];
				}
			}
			seg[k] = '\0';
			node = json_object_get(node, seg);
			p += n;
			if (*p == '/')
				p++;
		}
		if (!node)
			fprintf(stderr, "schema: unresolved reference \"%s\"\n", ref);
	}
	return node;
}

/* the object schema a value may be: the node itself, or its one alternative with properties */
static json_t *
object_of(json_t *node)
{
	static const char *const combinators[] = { "anyOf", "oneOf", "allOf" };
	size_t c, i;
	json_t *alt;

	node = resolve(node);
	if (!node || json_object_get(node, "properties"))
		return node;
	for (c = 0; c < IPL_ARRAY_SIZE(combinators); c++)
		json_array_foreach(json_object_get(node, combinators[c]), i, alt)
		{
			json_t *o = resolve(alt);
			if (o && json_object_get(o, "properties"))
				return o;
		}
	return NULL;
}

typedef int (*section_fn)(const struct section *sec, json_t *obj, const char *how);

/*
 * Walks a section path ("services[].env.*") from node and calls fn on every
 * object schema it leads to: "[]" is the array's items, ".*" each schema a
 * mapping's other keys can have (additionalProperties and every
 * patternProperties entry). Returns the number of problems.
 */
static int
walk(json_t *node, const char *path, const struct section *sec, section_fn fn, const char *how,
     int *reached)
{
	char seg[64];
	struct ipl_buf via = IPL_BUF_INIT; /* a buffer: nested paths outgrow any fixed size */
	size_t n;
	bool items;
	int bad = 0;

	node = resolve(node);
	if (!node)
		return 0;
	if (!*path) {
		node = object_of(node);
		if (!node)
			return 0;
		(*reached)++;
		return fn(sec, node, how);
	}
	n = strcspn(path, ".");
	items = n >= 2 && path[n - 2] == '[' && path[n - 1] == ']';
	snprintf(seg, sizeof(seg), "%.*s", (int)(items ? n - 2 : n), path);
	path += n;
	if (*path == '.')
		path++;
	if (!strcmp(seg, "*")) {
		json_t *pattern_props = json_object_get(node, "patternProperties"), *v;
		const char *pattern;

		ipl_buf_addf(&via, "%s.additionalProperties", how);
		bad += walk(json_object_get(node, "additionalProperties"), path, sec, fn, via.data,
			    reached);
		json_object_foreach(pattern_props, pattern, v)
		{
			ipl_buf_reset(&via);
			ipl_buf_addf(&via, "%s.patternProperties[\"%s\"]", how, pattern);
			bad += walk(v, path, sec, fn, via.data, reached);
		}
		ipl_buf_release(&via);
		return bad;
	}
	node = resolve(json_object_get(json_object_get(object_of(node), "properties"), seg));
	if (node && items)
		node = json_object_get(node, "items");
	ipl_buf_addf(&via, "%s%s%s%s", how, *how ? "." : "", seg, items ? "[]" : "");
	bad = walk(node, path, sec, fn, via.data, reached);
	ipl_buf_release(&via);
	return bad;
}

/* runs fn on the schema objects of every parser section; a section with none is a problem */
static int
for_each_section(section_fn fn)
{
	const struct section *sec;
	size_t nsec, i;
	int bad = 0;

	sec = sections_all(&nsec);
	assert_true(nsec > 0);
	for (i = 0; i < nsec; i++) {
		int reached = 0;
		bad += walk(schema, sec[i].path, &sec[i], fn, "", &reached);
		if (!reached) {
			fprintf(stderr,
				"schema: no object schema for the parser's section \"%s\"\n",
				sec[i].path);
			bad++;
		}
	}
	return bad;
}

static bool
parser_has_key(const struct section *sec, const char *key)
{
	size_t k;

	for (k = 0; k < sec->t->fields_nr; k++)
		if (!strcmp(sec->t->fields[k].key, key))
			return true;
	return false;
}

/* ---- The schema names the parser's keys -------------------------------- */

static int
check_keys(const struct section *sec, json_t *obj, const char *how)
{
	json_t *props = json_object_get(obj, "properties"), *v;
	const char *key;
	size_t k, i;
	int bad = 0;

	for (k = 0; k < sec->t->fields_nr; k++)
		if (!json_object_get(props, sec->t->fields[k].key)) {
			fprintf(stderr,
				"schema: section \"%s\" (%s) lacks key \"%s\", which the parser accepts\n",
				sec->path, how, sec->t->fields[k].key);
			bad++;
		}
	json_object_foreach(props, key, v)
	{
		if (!parser_has_key(sec, key)) {
			fprintf(stderr,
				"schema: section \"%s\" (%s) has key \"%s\", which the parser refuses\n",
				sec->path, how, key);
			bad++;
		}
	}
	/* the parser refuses unknown keys in every section, so the editor should too */
	if (!json_is_false(json_object_get(obj, "additionalProperties"))) {
		fprintf(stderr,
			"schema: section \"%s\" (%s) lacks \"additionalProperties\": false\n",
			sec->path, how);
		bad++;
	}
	json_array_foreach(json_object_get(obj, "required"), i, v)
	{
		if (!json_is_string(v) || !json_object_get(props, json_string_value(v))) {
			fprintf(stderr,
				"schema: section \"%s\" (%s) requires a key it does not define\n",
				sec->path, how);
			bad++;
		}
	}
	return bad;
}

static void
test_schema_keys_match_parser(void **state)
{
	(void)state;
	assert_int_equal(for_each_section(check_keys), 0);
}

/* every property, at any depth, has a description (the editor's hover text) */
static int
check_descriptions(json_t *node, const char *where)
{
	const char *key;
	json_t *v;
	size_t i;
	int bad = 0;
	char sub[512];

	if (json_is_array(node)) {
		json_array_foreach(node, i, v)
		{
			snprintf(sub, sizeof(sub), "%s[%zu]", where, i);
			bad += check_descriptions(v, sub);
		}
		return bad;
	}
	if (!json_is_object(node))
		return 0;
	json_object_foreach(node, key, v)
	{
		/* conditions (if/then/else/not) constrain properties described elsewhere */
		if (!strcmp(key, "if") || !strcmp(key, "then") || !strcmp(key, "else") ||
		    !strcmp(key, "not"))
			continue;
		if (!strcmp(key, "properties") && json_is_object(v)) {
			const char *name;
			json_t *prop;
			json_object_foreach(v, name, prop)
			{
				const char *d = json_string_value(
					json_object_get(prop, "description"));
				if (!d || !*d) {
					fprintf(stderr, "schema: %s.%s has no description\n", where,
						name);
					bad++;
				}
			}
		}
		snprintf(sub, sizeof(sub), "%s/%s", where, key);
		bad += check_descriptions(v, sub);
	}
	return bad;
}

static void
test_schema_is_described(void **state)
{
	(void)state;
	assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
			    "https://json-schema.org/draft/2020-12/schema");
	assert_non_null(json_string_value(json_object_get(schema, "$id")));
	assert_non_null(json_string_value(json_object_get(schema, "title")));
	assert_int_equal(check_descriptions(schema, "#"), 0);
}

/* ---- Enums ------------------------------------------------------------- */

/* the schema of a key of a section, after references */
static json_t *
property_of(const char *section, const char *key)
{
	const struct section *sec;
	size_t nsec, i;

	sec = sections_all(&nsec);
	for (i = 0; i < nsec; i++) {
		json_t *node = schema;
		char path[128];
		const char *p;

		if (strcmp(sec[i].path, section))
			continue;
		/* sections with an enum key have no ".*" step: follow properties and items */
		snprintf(path, sizeof(path), "%s", section);
		for (p = path; *p;) {
			size_t n = strcspn(p, ".");
			bool items = n >= 2 && p[n - 2] == '[';
			char seg[64];
			snprintf(seg, sizeof(seg), "%.*s", (int)(items ? n - 2 : n), p);
			node = resolve(json_object_get(
				json_object_get(object_of(node), "properties"), seg));
			if (node && items)
				node = json_object_get(node, "items");
			p += n;
			if (*p == '.')
				p++;
		}
		return resolve(
			json_object_get(json_object_get(object_of(node), "properties"), key));
	}
	return NULL;
}

/*
 * What an override's monthly means is a rule, not a description: the
 * schema's hover text and the reference both state it in the same words (an
 * override was once multiplied by 730 hours, GB or vCPU-hours).
 */
#define OVERRIDE_RULE \
	"the monthly amount of the line it replaces, per instance where the line counts instances"

static void
test_override_rule_in_step(void **state)
{
	json_t *monthly = json_object_get(
		json_object_get(json_object_get(json_object_get(schema, "$defs"), "price_override"),
				"properties"),
		"monthly");
	const char *d = json_string_value(json_object_get(monthly, "description"));
	const char *sec = strstr(ipl_buf_str(&docs), "## `price_overrides[]`");
	const char *row = sec ? strstr(sec, "\n| `monthly` |") : NULL;
	char lower[512];
	size_t i;

	(void)state;
	assert_non_null(d);
	for (i = 0; d[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)(d[i] >= 'A' && d[i] <= 'Z' ? d[i] - 'A' + 'a' : d[i]);
	lower[i] = '\0';
	if (!strstr(lower, OVERRIDE_RULE))
		fail_msg("schema: price_override.monthly does not say \"%s\": %s", OVERRIDE_RULE,
			 d);
	if (!row || strncmp(row, "\n| `monthly` |", 14) || !strstr(row, OVERRIDE_RULE) ||
	    strstr(row, OVERRIDE_RULE) > strchr(row + 1, '\n'))
		fail_msg("docs: the `monthly` row of price_overrides[] does not say \"%s\"",
			 OVERRIDE_RULE);
}

/* compares an enum of the schema with the parser's names, in order */
static int
check_enum(const char *what, json_t *e, const char *const *names, size_t n)
{
	size_t i;
	int bad = 0;

	if (!json_is_array(e)) {
		fprintf(stderr, "schema: no enum for %s\n", what);
		return 1;
	}
	if (json_array_size(e) != n) {
		fprintf(stderr, "schema: the enum of %s has %zu values, the parser %zu\n", what,
			json_array_size(e), n);
		bad++;
	}
	for (i = 0; i < n && i < json_array_size(e); i++) {
		const char *s = json_string_value(json_array_get(e, i));
		if (!s || strcmp(s, names[i])) {
			fprintf(stderr,
				"schema: the enum of %s has \"%s\" where the parser has \"%s\"\n",
				what, s ? s : "(not a string)", names[i]);
			bad++;
		}
	}
	return bad;
}

/*
 * Every value the parser's tables give allowed names (provider, kind, arch,
 * each currency...) has the same enum in the schema, in the same order; for
 * a mapping of the user's own keys (rates), the enum of its property names.
 */
static void
test_enums_match_parser(void **state)
{
	const struct section *sec;
	size_t nsec, i, k;
	int bad = 0, enums = 0;

	(void)state;
	sec = sections_all(&nsec);
	for (i = 0; i < nsec; i++) {
		for (k = 0; k < sec[i].t->fields_nr; k++) {
			const struct ipl_spec_field *f = &sec[i].t->fields[k];
			json_t *prop;
			char what[128];

			if (!f->names)
				continue;
			prop = property_of(sec[i].path, f->key);
			if (f->kind == IPL_SPEC_MAP)
				prop = resolve(json_object_get(prop, "propertyNames"));
			snprintf(what, sizeof(what), "%s%s%s%s", sec[i].path,
				 *sec[i].path ? "." : "", f->key,
				 f->kind == IPL_SPEC_MAP ? " (propertyNames)" : "");
			bad += check_enum(what, json_object_get(prop, "enum"), f->names,
					  f->names_nr);
			enums++;
		}
	}
	assert_true(enums > 0);
	assert_int_equal(bad, 0);
}

/* ---- The docs ---------------------------------------------------------- */

struct doc_line {
	const char *s;
	size_t len;
	int lineno;
	bool in_code; /* inside a ``` fence, or the fence itself */
};

static struct doc_line *doc_lines;
static size_t doc_lines_nr;

static void
split_docs(void)
{
	const char *p = docs.data, *end = docs.data + docs.len;
	bool code = false;
	size_t alloc = 0;

	if (doc_lines)
		return;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *t = p;
		bool fence;

		while (t < p + len && *t == ' ')
			t++;
		fence = (size_t)(p + len - t) >= 3 && !strncmp(t, "```", 3);
		if (doc_lines_nr == alloc) {
			struct doc_line *grown;
			alloc = alloc ? alloc * 2 : 256;
			grown = realloc(doc_lines, alloc * sizeof(*doc_lines));
			assert_non_null(grown);
			doc_lines = grown;
		}
		doc_lines[doc_lines_nr].s = p;
		doc_lines[doc_lines_nr].len = len;
		doc_lines[doc_lines_nr].lineno = (int)doc_lines_nr + 1;
		doc_lines[doc_lines_nr].in_code = code || fence;
		doc_lines_nr++;
		if (fence)
			code = !code;
		p += len + 1;
	}
}

static bool
is_heading(const struct doc_line *l)
{
	return !l->in_code && l->len && l->s[0] == '#';
}

static bool
line_has(const struct doc_line *l, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= l->len; i++)
		if (!memcmp(l->s + i, needle, n))
			return true;
	return false;
}

/* the heading of a section: "## Top level" for "", else one naming the path in backticks */
static long
section_heading(const char *path)
{
	char quoted[96];
	size_t i;

	snprintf(quoted, sizeof(quoted), "`%s`", path);
	for (i = 0; i < doc_lines_nr; i++) {
		if (!is_heading(&doc_lines[i]))
			continue;
		if (*path ? line_has(&doc_lines[i], quoted)
			  : line_has(&doc_lines[i], "# Top level"))
			return (long)i;
	}
	return -1;
}

/* the key a table row documents: "| `cpu` | ..." gives "cpu" */
static bool
row_key(const struct doc_line *l, char *key, size_t size)
{
	const char *end;

	if (l->in_code || l->len < 5 || strncmp(l->s, "| `", 3))
		return false;
	end = memchr(l->s + 3, '`', l->len - 3);
	if (!end || (size_t)(end - l->s - 3) >= size)
		return false;
	snprintf(key, size, "%.*s", (int)(end - l->s - 3), l->s + 3);
	return true;
}

/* cell `n` (0-based) of a table row, trimmed, into out */
static bool
row_cell(const struct doc_line *l, int n, char *out, size_t size)
{
	const char *p = l->s, *end = l->s + l->len;
	int cell = -1;

	for (; p < end; p++) {
		if (*p != '|')
			continue;
		if (++cell == n) {
			const char *q = p + 1, *stop = memchr(q, '|', (size_t)(end - q));
			if (!stop)
				return false;
			while (q < stop && *q == ' ')
				q++;
			while (stop > q && stop[-1] == ' ')
				stop--;
			snprintf(out, size, "%.*s", (int)(stop - q), q);
			return true;
		}
	}
	return false;
}

static json_t *schema_property(const struct section *sec, const char *key);

static void
test_docs_document_every_key(void **state)
{
	const struct section *sec;
	size_t nsec, i, k, j;
	int bad = 0;

	(void)state;
	split_docs();
	sec = sections_all(&nsec);
	for (i = 0; i < nsec; i++) {
		long h = section_heading(sec[i].path);
		bool *seen;

		if (h < 0) {
			fprintf(stderr, "docs/spec.md: no heading names section `%s`\n",
				sec[i].path);
			bad++;
			continue;
		}
		seen = calloc(sec[i].t->fields_nr + 1, sizeof(*seen));
		assert_non_null(seen);
		for (j = (size_t)h + 1; j < doc_lines_nr && !is_heading(&doc_lines[j]); j++) {
			char key[64], dflt[512];
			json_t *prop;
			bool known = false;

			if (!row_key(&doc_lines[j], key, sizeof(key)))
				continue;
			for (k = 0; k < sec[i].t->fields_nr; k++)
				if (!strcmp(sec[i].t->fields[k].key, key))
					seen[k] = known = true;
			if (!known) {
				fprintf(stderr,
					"docs/spec.md:%d: section `%s` documents `%s`, which the parser "
					"refuses there\n",
					doc_lines[j].lineno, sec[i].path, key);
				bad++;
				continue;
			}
			/* a default the schema gives the editor is the one the docs give the reader */
			prop = schema_property(&sec[i], key);
			if (prop && json_object_get(prop, "default") &&
			    row_cell(&doc_lines[j], 2, dflt, sizeof(dflt))) {
				json_t *d = json_object_get(prop, "default");
				char want[64];
				const char *cell = dflt[0] == '`' ? dflt + 1 : dflt;

				if (json_is_string(d))
					snprintf(want, sizeof(want), "%s", json_string_value(d));
				else if (json_is_number(d))
					snprintf(want, sizeof(want), "%g", json_number_value(d));
				else
					snprintf(want, sizeof(want), "%s",
						 json_is_true(d) ? "true" : "false");
				if (strncmp(cell, want, strlen(want))) {
					fprintf(stderr,
						"docs/spec.md:%d: the default of `%s` in `%s` is \"%s\"; the "
						"schema says %s\n",
						doc_lines[j].lineno, key, sec[i].path, dflt, want);
					bad++;
				}
			}
		}
		for (k = 0; k < sec[i].t->fields_nr; k++)
			if (!seen[k]) {
				fprintf(stderr,
					"docs/spec.md:%d: section `%s` has no table row for `%s`\n",
					doc_lines[h].lineno, sec[i].path, sec[i].t->fields[k].key);
				bad++;
			}
		free(seen);
	}
	assert_int_equal(bad, 0);
}

static json_t *found_property;
static const char *wanted_key;

static int
find_property(const struct section *sec, json_t *obj, const char *how)
{
	(void)sec;
	(void)how;
	if (!found_property)
		found_property = resolve(
			json_object_get(json_object_get(obj, "properties"), wanted_key));
	return 0;
}

/* the schema of key in a section (the first object, for ".*" sections) */
static json_t *
schema_property(const struct section *sec, const char *key)
{
	int reached = 0;

	found_property = NULL;
	wanted_key = key;
	walk(schema, sec->path, sec, find_property, "", &reached);
	return found_property;
}

/*
 * Parses an example as `infraplan validate` does; prints the problems and
 * returns false when it is invalid. Lines in the messages count from the
 * example's first line, which is line `first` of the docs.
 */
static bool
spec_is_valid(int first, const char *text, size_t len)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	bool ok;

	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	ok = ipl_spec_parse(&spec, "example", text, len, &arena, &diags) == 0;
	if (!ok) {
		fprintf(stderr,
			"docs/spec.md:%d: this example does not validate (line 1 below is line %d "
			"of docs/spec.md):\n",
			first, first);
		ipl_diags_sort(&diags);
		ipl_diags_print(&diags, stderr, IPL_NOTE);
	}
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return ok;
}

static void
test_docs_examples_validate(void **state)
{
	size_t i;
	int whole = 0, fragments = 0, bad = 0;

	(void)state;
	split_docs();
	for (i = 0; i < doc_lines_nr; i++) {
		const struct doc_line *open = &doc_lines[i];
		struct ipl_buf text = IPL_BUF_INIT;
		size_t indent = 0, j;
		int first = open->lineno + 1;

		while (indent < open->len && open->s[indent] == ' ')
			indent++;
		if (open->len != indent + 7 || strncmp(open->s + indent, "```yaml", 7))
			continue;
		for (j = i + 1; j < doc_lines_nr; j++) {
			const struct doc_line *l = &doc_lines[j];
			size_t cut = 0;
			while (cut < l->len && l->s[cut] == ' ')
				cut++;
			if (l->len - cut >= 3 && !strncmp(l->s + cut, "```", 3))
				break;
			cut = 0;
			while (cut < indent && cut < l->len && l->s[cut] == ' ')
				cut++;
			ipl_buf_add(&text, l->s + cut, l->len - cut);
			ipl_buf_addc(&text, '\n');
		}
		if (!text.len || text.data[0] == ' ' || text.data[0] == '#') {
			fprintf(stderr,
				"docs/spec.md:%d: a yaml example starts with a top-level key\n",
				first);
			bad++;
		} else if (!strncmp(text.data, "name:", 5)) {
			whole++;
			if (!spec_is_valid(first, text.data, text.len))
				bad++;
		} else {
			/* a fragment: the smallest spec around it, after it so that lines keep their numbers */
			struct ipl_buf spec = IPL_BUF_INIT;
			fragments++;
			ipl_buf_add(&spec, text.data, text.len);
			ipl_buf_adds(&spec, "name: example\nprovider: hetzner\n");
			if (strncmp(text.data, "services:", 9) && !strstr(text.data, "\nservices:"))
				ipl_buf_adds(
					&spec,
					"services:\n  - {name: web, kind: app, command: /usr/bin/web}\n");
			if (!spec_is_valid(first, spec.data, spec.len))
				bad++;
			ipl_buf_release(&spec);
		}
		ipl_buf_release(&text);
		i = j;
	}
	/* the docs show at least one whole spec and one fragment per section with an example */
	assert_true(whole >= 1);
	assert_true(fragments >= 1);
	assert_int_equal(bad, 0);
}

static int
release_docs_lines(void **state)
{
	(void)state;
	free(doc_lines);
	doc_lines = NULL;
	doc_lines_nr = 0;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_keys_match_parser),
		cmocka_unit_test(test_schema_is_described),
		cmocka_unit_test(test_enums_match_parser),
		cmocka_unit_test(test_override_rule_in_step),
		cmocka_unit_test_teardown(test_docs_document_every_key, release_docs_lines),
		cmocka_unit_test_teardown(test_docs_examples_validate, release_docs_lines),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
