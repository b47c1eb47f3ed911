/*
 * test_spec_fields.c: the spec's field tables (planners/spec_fields.h) are
 * whole. The decoder trusts them: a quantity without a unit parser, a list
 * without an item table or a map without an entry decoder would be a crash
 * or a silently dropped key, not a message, so every entry is checked here
 * for what its kind needs. Then the defaults the tables give: a spec that
 * says nothing of settings, load, backup or budget leaves each of their
 * quantities unset (IPL_UNSET), not 0. And the fuzzer's dictionary
 * (tests/fuzz/spec.dict) has every key and every name the tables accept, so
 * that the fuzzer reaches each key's checks (audio_hours, nat_gateway and
 * processing_ratio were once missing from it).
 */
#include "core/common.h"

#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "model/spec.h"
#include "planners/spec_load.h"
#include "planners/spec_fields.h"

struct walk_state {
	int tables;
	int bad;
	char paths[64][96];
};

static int
field_problem(const char *path, const struct ipl_spec_field *f, const char *what)
{
	fprintf(stderr, "spec table \"%s\": key \"%s\" %s\n", path, f->key, what);
	return 1;
}

/* what a field of each kind needs for the decoder to read it */
static int
check_field(const char *path, const struct ipl_spec_table *t, const struct ipl_spec_field *f)
{
	int bad = 0;

	if (!f->key || !*f->key)
		return field_problem(path, f, "has no name");
	if (!f->what || !*f->what)
		bad += field_problem(path, f, "has no name for messages (what)");
	switch (f->kind) {
	case IPL_SPEC_NUM:
	case IPL_SPEC_MONEY:
		if (f->min > f->max)
			bad += field_problem(path, f, "has an empty range");
		break;
	case IPL_SPEC_QUANTITY:
		if (!f->unit_parse || !f->unit || f->min > f->max)
			bad += field_problem(path, f, "is a quantity without a unit or a range");
		break;
	case IPL_SPEC_ENUM:
	case IPL_SPEC_NAME:
	case IPL_SPEC_CODE:
		if (!f->names || !f->names_nr)
			bad += field_problem(path, f, "is an enum without names");
		break;
	case IPL_SPEC_SECTION:
		if (!f->table)
			bad += field_problem(path, f, "is a section without a table");
		break;
	case IPL_SPEC_LIST:
		if (!f->table || !f->table->size || !f->table->what || !f->nr_offset)
			bad += field_problem(path, f,
					     "is a list without an item table, size or count");
		break;
	case IPL_SPEC_MAP:
		if (!f->entry || !f->item_size || !f->nr_offset)
			bad += field_problem(path, f,
					     "is a map without an entry decoder, size or count");
		break;
	case IPL_SPEC_STR_LIST:
		if (!f->nr_offset)
			bad += field_problem(path, f, "is a list without a count");
		break;
	case IPL_SPEC_STR:
	case IPL_SPEC_BOOL:
		break;
	}
	/* "missing required key ...; expected one of" needs the names */
	if (f->required && !f->expect && !f->names)
		bad += field_problem(path, f, "is required but says nothing of what is expected");
	if (f->early && !t->name)
		bad += field_problem(path, f, "is early in a table that is not named by it");
	if (t->size && f->offset >= t->size)
		bad += field_problem(path, f, "lies outside the item's struct");
	return bad;
}

static void
check_table(const char *path, const struct ipl_spec_table *t, void *arg)
{
	struct walk_state *w = arg;
	size_t i, j;

	if ((size_t)w->tables < IPL_ARRAY_SIZE(w->paths))
		snprintf(w->paths[w->tables], sizeof(w->paths[0]), "%s", path);
	w->tables++;
	if (!t->where && !t->name) {
		fprintf(stderr, "spec table \"%s\": no name for messages (where)\n", path);
		w->bad++;
	}
	if (!t->fields_nr) {
		fprintf(stderr, "spec table \"%s\": no keys\n", path);
		w->bad++;
	}
	for (i = 0; i < t->fields_nr; i++) {
		w->bad += check_field(path, t, &t->fields[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(t->fields[i].key, t->fields[j].key))
				w->bad += field_problem(path, &t->fields[i], "is listed twice");
	}
}

static void
test_tables_are_whole(void **state)
{
	struct walk_state w = { 0 };
	int i, j;

	(void)state;
	ipl_spec_sections_walk(check_table, &w);
	assert_ptr_equal(ipl_spec_root(), ipl_spec_root());
	assert_true(w.tables > 1);
	assert_true((size_t)w.tables <= IPL_ARRAY_SIZE(w.paths));
	assert_string_equal(w.paths[0], "");
	for (i = 0; i < w.tables; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(w.paths[i], w.paths[j])) {
				fprintf(stderr, "spec section \"%s\" is reached twice\n",
					w.paths[i]);
				w.bad++;
			}
	assert_int_equal(w.bad, 0);
}

static void
test_defaults_are_unset(void **state)
{
	static const char text[] = "name: probe\nprovider: none\n"
				   "services:\n  - {name: web, kind: app, command: /usr/bin/web}\n";
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	const struct ipl_service *web;

	(void)state;
	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	assert_int_equal(ipl_spec_parse(&spec, "probe", text, sizeof(text) - 1, &arena, &diags), 0);
	assert_true(spec->settings.split_above_concurrent.v == IPL_UNSET);
	assert_true(spec->settings.autoscale_cpu_target.v == IPL_UNSET);
	assert_true(spec->load.users.v == IPL_UNSET);
	assert_true(spec->load.gpu_hours.v == IPL_UNSET);
	assert_true(spec->backup.size_gb.v == IPL_UNSET);
	assert_true(spec->backup.retention_days.v == IPL_UNSET);
	assert_false(spec->backup.present);
	assert_true(spec->budget.amount == IPL_UNSET);
	assert_int_equal(spec->layout, IPL_LAYOUT_AUTO);
	web = ipl_spec_find_service(spec, "web");
	assert_non_null(web);
	/* a service's own sections (limits, observed) are defaulted with it */
	assert_true(web->port.v == IPL_UNSET);
	assert_true(web->max_connections.v == IPL_UNSET);
	assert_true(web->observed_cpu_m.v == IPL_UNSET);
	assert_int_equal(web->kind, IPL_KIND_APP);
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
}

#define DICT_PATH IPL_SOURCE_DIR "/tests/fuzz/spec.dict"

struct dict_state {
	const char *text;
	int bad;
};

static void
dict_want(struct dict_state *ds, const char *line)
{
	if (strstr(ds->text, line))
		return;
	fprintf(stderr, "tests/fuzz/spec.dict: no line %s", line + (line[0] == '\n'));
	ds->bad++;
}

static void
check_dict_table(const char *path, const struct ipl_spec_table *t, void *arg)
{
	struct dict_state *ds = arg;
	char line[160];
	size_t i, k;

	(void)path;
	for (i = 0; i < t->fields_nr; i++) {
		const struct ipl_spec_field *f = &t->fields[i];

		snprintf(line, sizeof(line), "\nkey_%s=\"%s\"\n", f->key, f->key);
		dict_want(ds, line);
		snprintf(line, sizeof(line), "\nentry_%s=\"%s: \"\n", f->key, f->key);
		dict_want(ds, line);
		/* an enum's names as values: value_146="aws" */
		for (k = 0; k < f->names_nr; k++) {
			snprintf(line, sizeof(line), "=\"%s\"\n", f->names[k]);
			dict_want(ds, line);
		}
	}
}

static void
test_fuzz_dict_has_every_key(void **state)
{
	struct ipl_buf dict = IPL_BUF_INIT;
	struct dict_state ds = { NULL, 0 };

	(void)state;
	assert_int_equal(ipl_buf_read_file(&dict, DICT_PATH, 1 << 20), 0);
	ds.text = ipl_buf_str(&dict);
	ipl_spec_sections_walk(check_dict_table, &ds);
	ipl_buf_release(&dict);
	assert_int_equal(ds.bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_are_whole),
		cmocka_unit_test(test_defaults_are_unset),
		cmocka_unit_test(test_fuzz_dict_has_every_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
