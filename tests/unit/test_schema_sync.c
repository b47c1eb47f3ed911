/*
 * test_schema_sync.c: the parser's key lists (ipl_spec_sections), the JSON
 * Schema editors use (schema/infraplan.schema.json) and the reference
 * (docs/spec.md) name the same keys. A key added to one and not the others
 * fails here, saying which key and where.
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/buf.h"
#include "planners/spec.h"

static json_t *schema;
static struct ipl_buf docs = IPL_BUF_INIT;

static int
setup(void **state)
{
	json_error_t err;

	(void)state;
	schema = json_load_file(IPL_SOURCE_DIR "/schema/infraplan.schema.json", 0, &err);
	if (!schema) {
		fprintf(stderr, "schema/infraplan.schema.json:%d: %s\n", err.line, err.text);
		return -1;
	}
	return ipl_buf_read_file(&docs, IPL_SOURCE_DIR "/docs/spec.md", 4 << 20);
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(schema);
	ipl_buf_release(&docs);
	return 0;
}

/* the object schema of an alternative list (oneOf), or the node itself */
static json_t *
object_of(json_t *node)
{
	json_t *alts = json_object_get(node, "oneOf"), *alt;
	size_t i;

	if (!alts)
		return node;
	json_array_foreach(alts, i, alt)
		if (json_object_get(alt, "properties"))
			return alt;
	return NULL;
}

/* walks "services[].limits", "services[].env.*" to the schema object that holds properties */
static json_t *
walk(const char *path)
{
	json_t *node = schema;
	char seg[64];
	const char *p = path;

	while (*p && node) {
		size_t n = strcspn(p, ".");
		bool items = n >= 2 && p[n - 2] == '[' && p[n - 1] == ']';
		snprintf(seg, sizeof(seg), "%.*s", (int)(items ? n - 2 : n), p);
		if (!strcmp(seg, "*"))
			node = object_of(json_object_get(node, "additionalProperties"));
		else
			node = json_object_get(json_object_get(node, "properties"), seg);
		if (node && items)
			node = json_object_get(node, "items");
		p += n;
		if (*p == '.')
			p++;
	}
	return node ? object_of(node) : NULL;
}

static void
test_schema_matches_parser(void **state)
{
	const struct ipl_spec_section *sec;
	size_t nsec, i, k;
	int bad = 0;

	(void)state;
	sec = ipl_spec_sections(&nsec);
	for (i = 0; i < nsec; i++) {
		json_t *props = json_object_get(walk(sec[i].path), "properties");
		const char *key;
		json_t *v;

		if (!props) {
			fprintf(stderr, "schema: no object for section \"%s\"\n", sec[i].path);
			bad++;
			continue;
		}
		for (k = 0; k < sec[i].keys_nr; k++)
			if (!json_object_get(props, sec[i].keys[k])) {
				fprintf(stderr, "schema: section \"%s\" lacks key \"%s\"\n", sec[i].path,
					sec[i].keys[k]);
				bad++;
			}
		json_object_foreach(props, key, v) {
			bool known = false;
			for (k = 0; k < sec[i].keys_nr && !known; k++)
				known = !strcmp(key, sec[i].keys[k]);
			if (!known) {
				fprintf(stderr, "schema: section \"%s\" has key \"%s\" the parser refuses\n",
					sec[i].path, key);
				bad++;
			}
			if (!json_object_get(v, "description") && !json_object_get(v, "$ref")) {
				fprintf(stderr, "schema: \"%s.%s\" has no description\n", sec[i].path, key);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_docs_name_every_key(void **state)
{
	const struct ipl_spec_section *sec;
	size_t nsec, i, k;
	int bad = 0;

	(void)state;
	sec = ipl_spec_sections(&nsec);
	for (i = 0; i < nsec; i++)
		for (k = 0; k < sec[i].keys_nr; k++) {
			char quoted[80];
			snprintf(quoted, sizeof(quoted), "`%s`", sec[i].keys[k]);
			if (!strstr(docs.data, quoted)) {
				fprintf(stderr, "docs/spec.md: no `%s` (section \"%s\")\n", sec[i].keys[k],
					sec[i].path);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

static void
test_enums_match_parser(void **state)
{
	json_t *kinds = json_object_get(walk("services[]"), "properties");
	json_t *providers = json_object_get(json_object_get(schema, "properties"), "provider");
	size_t i;

	(void)state;
	kinds = json_object_get(json_object_get(kinds, "kind"), "enum");
	assert_int_equal(json_array_size(kinds), IPL_KIND__COUNT);
	for (i = 0; i < IPL_KIND__COUNT; i++)
		assert_string_equal(json_string_value(json_array_get(kinds, i)),
				    ipl_service_kind_name((enum ipl_service_kind)i));
	providers = json_object_get(providers, "enum");
	assert_int_equal(json_array_size(providers), IPL_PROVIDER__COUNT);
	for (i = 0; i < IPL_PROVIDER__COUNT; i++)
		assert_string_equal(json_string_value(json_array_get(providers, i)),
				    ipl_provider_name((enum ipl_provider_id)i));
}

/* every whole spec shown in the docs (a yaml block starting with "name:") validates */
static void
test_docs_examples_validate(void **state)
{
	const char *p = docs.data;
	int examples = 0;

	(void)state;
	while ((p = strstr(p, "```yaml\nname:"))) {
		const char *start = p + 8, *end = strstr(start, "```");
		struct ipl_arena arena;
		struct ipl_diags diags;
		struct ipl_spec *spec;

		assert_non_null(end);
		ipl_arena_init(&arena);
		ipl_diags_init(&diags);
		if (ipl_spec_parse(&spec, "docs/spec.md example", start, (size_t)(end - start), &arena,
				   &diags) < 0) {
			ipl_diags_print(&diags, stderr, IPL_NOTE);
			fail();
		}
		ipl_diags_release(&diags);
		ipl_arena_release(&arena);
		examples++;
		p = end;
	}
	assert_true(examples >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_matches_parser),
		cmocka_unit_test(test_docs_name_every_key),
		cmocka_unit_test(test_enums_match_parser),
		cmocka_unit_test(test_docs_examples_validate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
