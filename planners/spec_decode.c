/*
 * spec_decode.c: from the YAML tree (yaml_tree.c) to the typed model
 * (spec.h), driven by the field tables (spec_fields.c).
 *
 * One generic decoder reads every mapping: it checks the mapping's keys
 * against its table (unknown keys with "did you mean", then missing required
 * ones), decodes each key the table has by its kind, type, unit and range,
 * and runs the table's callbacks for what no kind says. Errors are
 * collected, not stopped at: a user fixing a spec wants to see all of them
 * at once. The decoders of single values are here too, for the callbacks.
 */
#include "core/common.h"

#include <ctype.h>
#include <math.h>

#include "core/buf.h"
#include "core/suggest.h"
#include "core/xalloc.h"
#include "planners/spec_decode.h"
#include "planners/units.h"

/* ---- Scalars ------------------------------------------------------------ */

bool
ipl_spec_diag_room(const struct ipl_spec_decoder *d)
{
	return d->diags->nr < d->diags->max_items;
}

bool
ipl_spec_is_null(const struct ipl_ynode *n)
{
	return n->type == IPL_YSCALAR && n->plain &&
	       (!n->len || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
		!strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

static bool
scalar_is_bool(const struct ipl_ynode *n)
{
	static const char *const words[] = { "true", "false", "True", "False", "TRUE", "FALSE",
					     "yes",  "no",    "Yes",  "No",    "YES",  "NO",
					     "on",   "off",   "On",   "Off",   "ON",   "OFF" };
	size_t i;

	if (n->type != IPL_YSCALAR || !n->plain)
		return false;
	for (i = 0; i < IPL_ARRAY_SIZE(words); i++)
		if (!strcmp(n->value, words[i]))
			return true;
	return false;
}

static bool
scalar_is_number(const struct ipl_ynode *n)
{
	double v;

	return n->type == IPL_YSCALAR && n->plain && ipl_parse_number(n->value, &v) == 0;
}

const char *
ipl_spec_describe(const struct ipl_ynode *n)
{
	if (n->type == IPL_YMAP)
		return "a mapping";
	if (n->type == IPL_YSEQ)
		return "a sequence";
	if (ipl_spec_is_null(n))
		return "nothing (null)";
	if (scalar_is_bool(n))
		return "a boolean";
	if (scalar_is_number(n))
		return "a number";
	return "a string";
}

struct ipl_str
ipl_spec_str_of(const struct ipl_ynode *n, const char *s)
{
	struct ipl_str r = { s, n->loc };
	return r;
}

const struct ipl_ynode *
ipl_spec_lookup(const struct ipl_ynode *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->nr; i++)
		if (!strcmp(map->keys[i]->value, key))
			return map->items[i];
	return NULL;
}

/* ---- Values ------------------------------------------------------------- */

int
ipl_spec_want_type(struct ipl_spec_decoder *d, const struct ipl_ynode *n, enum ipl_ynode_type t,
		   const char *what)
{
	static const char *const names[] = { "a value", "a mapping", "a sequence" };

	if (n->type == t && !(t == IPL_YSCALAR && ipl_spec_is_null(n)))
		return 0;
	return ipl_error(d->diags, d->file, n->loc, "expected %s for %s, found %s", names[t], what,
			 ipl_spec_describe(n));
}

int
ipl_spec_get_str(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		 struct ipl_str *out)
{
	if (ipl_spec_want_type(d, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (scalar_is_number(n) || scalar_is_bool(n))
		return ipl_error(
			d->diags, d->file, n->loc,
			"expected a string for %s, found %s; quote it if you mean the text \"%s\"",
			what, ipl_spec_describe(n), n->value);
	*out = ipl_spec_str_of(n, n->value);
	return 0;
}

int
ipl_spec_get_num(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		 double min, double max, bool integer, struct ipl_num *out)
{
	double v;

	if (ipl_spec_want_type(d, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (!n->plain && ipl_parse_number(n->value, &v) == 0)
		return ipl_error(
			d->diags, d->file, n->loc,
			"expected a number for %s, found the quoted string \"%s\"; write it "
			"without quotes",
			what, n->value);
	if (!n->plain || ipl_parse_number(n->value, &v) < 0)
		return ipl_error(d->diags, d->file, n->loc,
				 "expected a number for %s, found %s \"%s\"", what,
				 ipl_spec_describe(n), n->value);
	if (integer && v != floor(v))
		return ipl_error(d->diags, d->file, n->loc,
				 "expected a whole number for %s, found %s", what, n->value);
	if (v < min || v > max)
		return ipl_error(d->diags, d->file, n->loc,
				 "%s %s is out of range; expected %.10g to %.10g", what, n->value,
				 min, max);
	out->v = v;
	out->loc = n->loc;
	return 0;
}

static int
get_bool(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what, bool *out)
{
	if (ipl_spec_want_type(d, n, IPL_YSCALAR, what) < 0)
		return -1;
	if (n->plain && !strcmp(n->value, "true")) {
		*out = true;
		return 0;
	}
	if (n->plain && !strcmp(n->value, "false")) {
		*out = false;
		return 0;
	}
	return ipl_error(d->diags, d->file, n->loc, "expected true or false for %s, found \"%s\"",
			 what, n->value);
}

static void
join_names(struct ipl_buf *b, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ipl_buf_addf(b, "%s%s", i ? ", " : "", names[i]);
}

int
ipl_spec_get_enum(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		  const char *const *names, size_t count, int *out)
{
	struct ipl_buf list = IPL_BUF_INIT;
	const char *near;
	size_t i;

	if (ipl_spec_want_type(d, n, IPL_YSCALAR, what) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (!strcmp(n->value, names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	join_names(&list, names, count);
	near = ipl_spec_diag_room(d) ? ipl_suggest(n->value, names, count) : NULL;
	if (near)
		ipl_error(d->diags, d->file, n->loc, "unknown %s \"%s\"; did you mean \"%s\"?",
			  what, n->value, near);
	else
		ipl_error(d->diags, d->file, n->loc, "unknown %s \"%s\"; expected one of %s", what,
			  n->value, list.data);
	ipl_buf_release(&list);
	return -1;
}

/* a quantity written as a number or a string with a unit; `unit` names the result for ranges */
static int
get_quantity(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
	     ipl_spec_unit_fn parse, double min, double max, const char *unit, struct ipl_num *out)
{
	const char *why;
	char hint[160];
	double v;

	if (ipl_spec_want_type(d, n, IPL_YSCALAR, what) < 0)
		return -1;
	/* parse first: it sets `why`, which a boolean would otherwise leave unset */
	if (parse(n->value, &v, &why) < 0 || scalar_is_bool(n)) {
		/* a common slip ("2GiB", a bare 512) is named, not only the expected form */
		if (parse == ipl_parse_memory && !scalar_is_bool(n) &&
		    ipl_memory_hint(n->value, hint, sizeof(hint)) == 0)
			return ipl_error(d->diags, d->file, n->loc, "invalid %s \"%s\"; %s", what,
					 n->value, hint);
		return ipl_error(d->diags, d->file, n->loc, "invalid %s \"%s\"; %s", what, n->value,
				 why);
	}
	if ((v < min || v > max) && parse == ipl_parse_fraction)
		return ipl_error(
			d->diags, d->file, n->loc,
			"%s \"%s\" is out of range; expected a fraction from %.10g to %.10g "
			"(%.10g%% to %.10g%%)",
			what, n->value, min, max, min * 100, max * 100);
	/* "cpu: 1500" is 1500 cores; 1500m was meant */
	if (v > max && parse == ipl_parse_cpu &&
	    ipl_cpu_hint(n->value, max, hint, sizeof(hint)) == 0)
		return ipl_error(d->diags, d->file, n->loc,
				 "%s \"%s\" is %.10g cores, more than %.10g; %s", what, n->value,
				 v / 1000, max / 1000, hint);
	if (v < min || v > max) {
		/* ranges are said in the unit the user writes: CPU in cores, not millicores */
		double scale = parse == ipl_parse_cpu ? 1000 : 1;
		return ipl_error(d->diags, d->file, n->loc,
				 "%s \"%s\" is out of range; expected %.10g to %.10g %s", what,
				 n->value, min / scale, max / scale,
				 parse == ipl_parse_cpu ? "cores" : unit);
	}
	out->v = v;
	out->loc = n->loc;
	return 0;
}

static void
decode_str_list(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		struct ipl_str **out, size_t *nr)
{
	size_t i;

	if (ipl_spec_want_type(d, n, IPL_YSEQ, what) < 0)
		return;
	*out = IPL_ARENA_ARRAY(d->arena, struct ipl_str, n->nr);
	for (i = 0; i < n->nr; i++)
		if (ipl_spec_get_str(d, n->items[i], what, &(*out)[*nr]) == 0)
			(*nr)++;
}

/* ---- Strings with a format ---------------------------------------------- */

int
ipl_spec_check_name(struct ipl_spec_decoder *d, struct ipl_str s, const char *what)
{
	size_t i, len = strlen(s.s);

	if (len == 0 || len > 63 || !islower((unsigned char)s.s[0]))
		goto bad;
	for (i = 0; i < len; i++) {
		char ch = s.s[i];
		if (!(islower((unsigned char)ch) || isdigit((unsigned char)ch) || ch == '-'))
			goto bad;
	}
	if (s.s[len - 1] == '-')
		goto bad;
	return 0;
bad:
	return ipl_error(d->diags, d->file, s.loc,
			 "invalid %s \"%s\"; expected 1 to 63 lower-case letters, digits and '-', "
			 "starting with a letter and not ending with '-'",
			 what, s.s);
}

int
ipl_spec_check_line(struct ipl_spec_decoder *d, struct ipl_str s, const char *what, size_t max)
{
	const unsigned char *p = (const unsigned char *)s.s;

	if (strlen(s.s) > max)
		return ipl_error(d->diags, d->file, s.loc, "%s is longer than %zu characters", what,
				 max);
	/* C0, DEL and, written as escapes ("\x85", "\u009b"), the C1 controls */
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0))
			return ipl_error(
				d->diags, d->file, s.loc,
				"%s contains a control character; expected one line of text", what);
	return 0;
}

int
ipl_spec_check_no_space(struct ipl_spec_decoder *d, struct ipl_str s, const char *what)
{
	const char *p;

	for (p = s.s; *p; p++)
		if (isspace((unsigned char)*p))
			return ipl_error(d->diags, d->file, s.loc, "%s \"%s\" contains white space",
					 what, s.s);
	return 0;
}

/* ---- Mappings by their table -------------------------------------------- */

static void
join_keys(struct ipl_buf *b, const struct ipl_spec_table *t)
{
	size_t i;

	for (i = 0; i < t->fields_nr; i++)
		ipl_buf_addf(b, "%s%s", i ? ", " : "", t->fields[i].key);
}

static const struct ipl_spec_field *
find_field(const struct ipl_spec_table *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->fields_nr; i++)
		if (!strcmp(t->fields[i].key, key))
			return &t->fields[i];
	return NULL;
}

/* "did you mean" among the keys of t, in the table's order */
static const char *
suggest_key(const struct ipl_spec_table *t, const char *key)
{
	const char **keys = ipl_xmalloc(sizeof(*keys) * (t->fields_nr + 1));
	const char *near;
	size_t i;

	for (i = 0; i < t->fields_nr; i++)
		keys[i] = t->fields[i].key;
	near = ipl_suggest(key, keys, t->fields_nr);
	free(keys);
	return near;
}

int
ipl_spec_check_keys(struct ipl_spec_decoder *d, const struct ipl_ynode *map,
		    const struct ipl_spec_table *t, const char *where)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < map->nr; i++) {
		const char *key = map->keys[i]->value, *near;

		if (find_field(t, key))
			continue;
		bad++;
		near = ipl_spec_diag_room(d) ? suggest_key(t, key) : NULL;
		if (near) {
			ipl_error(d->diags, d->file, map->keys[i]->loc,
				  "unknown key \"%s\" in %s; did you mean \"%s\"?", key, where,
				  near);
		} else {
			struct ipl_buf list = IPL_BUF_INIT;
			join_keys(&list, t);
			ipl_error(d->diags, d->file, map->keys[i]->loc,
				  "unknown key \"%s\" in %s; expected one of %s", key, where,
				  list.data);
			ipl_buf_release(&list);
		}
	}
	return bad;
}

static void
require(struct ipl_spec_decoder *d, const struct ipl_ynode *map, const struct ipl_spec_field *f,
	const char *where)
{
	struct ipl_buf names = IPL_BUF_INIT;

	if (ipl_spec_lookup(map, f->key))
		return;
	if (!f->expect) {
		ipl_buf_adds(&names, "one of ");
		join_names(&names, f->names, f->names_nr);
	}
	ipl_error(d->diags, d->file, map->loc, "missing required key \"%s\" in %s; expected %s",
		  f->key, where, f->expect ? f->expect : names.data);
	ipl_buf_release(&names);
}

void
ipl_spec_defaults(const struct ipl_spec_table *t, void *obj)
{
	size_t i;

	for (i = 0; i < t->fields_nr; i++) {
		const struct ipl_spec_field *f = &t->fields[i];
		char *at = (char *)obj + f->offset;

		if (f->kind == IPL_SPEC_NUM || f->kind == IPL_SPEC_QUANTITY) {
			struct ipl_num *n = (struct ipl_num *)at;
			n->v = IPL_UNSET;
			n->loc.line = n->loc.col = 0;
		} else if (f->kind == IPL_SPEC_MONEY) {
			((struct ipl_money *)at)->amount = IPL_UNSET;
		} else if (f->kind == IPL_SPEC_SECTION) {
			ipl_spec_defaults(f->table, at);
		}
	}
}

const char *
ipl_spec_label(const struct ipl_spec_field *f)
{
	if (f->label)
		return f->label;
	return f->what[0] == '"' ? f->key : f->what;
}

static int
decode_str(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	   struct ipl_str *out)
{
	if (ipl_spec_get_str(d, v, f->what, out) < 0)
		return -1;
	/* the format is reported, the value kept: the checks that follow may still use it */
	if (f->max_len && ipl_spec_check_line(d, *out, ipl_spec_label(f), f->max_len) == 0 &&
	    f->no_space)
		ipl_spec_check_no_space(d, *out, ipl_spec_label(f));
	return 0;
}

static bool decode_mapping(struct ipl_spec_decoder *d, const struct ipl_spec_table *t,
			   const struct ipl_ynode *map, void *obj, const char *what, size_t index);

static void
decode_list(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	    void *obj)
{
	const struct ipl_spec_table *t = f->table;
	size_t *nr = (size_t *)((char *)obj + f->nr_offset);
	char *items;
	size_t i;

	if (ipl_spec_want_type(d, v, IPL_YSEQ, f->what) < 0)
		return;
	if (t->empty && v->nr == 0) {
		ipl_error(d->diags, d->file, v->loc, "%s", t->empty);
		return;
	}
	items = ipl_arena_alloc(d->arena, t->size * v->nr);
	/* the model's array is a typed pointer: write it as bytes, not through a void ** */
	memcpy((char *)obj + f->offset, &items, sizeof(items));
	for (i = 0; i < v->nr; i++) {
		void *item = items + *nr * t->size;

		ipl_spec_defaults(t, item);
		if (decode_mapping(d, t, v->items[i], item, t->what, i) || t->keep_invalid)
			(*nr)++;
	}
	if (t->finish_list)
		t->finish_list(d, items, *nr);
}

static void
decode_map(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	   void *obj)
{
	size_t *nr = (size_t *)((char *)obj + f->nr_offset);
	char *items;
	size_t i;

	if (ipl_spec_want_type(d, v, IPL_YMAP, f->what) < 0)
		return;
	items = ipl_arena_alloc(d->arena, f->item_size * v->nr);
	memcpy((char *)obj + f->offset, &items, sizeof(items));
	for (i = 0; i < v->nr; i++)
		if (f->entry(d, f, v->keys[i], v->items[i], items + *nr * f->item_size) == 0)
			(*nr)++;
}

static void
decode_field(struct ipl_spec_decoder *d, const struct ipl_spec_field *f, const struct ipl_ynode *v,
	     void *obj)
{
	char *at = (char *)obj + f->offset;
	int rc = -1, k;

	switch (f->kind) {
	case IPL_SPEC_STR:
		rc = decode_str(d, f, v, (struct ipl_str *)at);
		break;
	case IPL_SPEC_NUM:
		rc = ipl_spec_get_num(d, v, f->what, f->min, f->max, f->integer,
				      (struct ipl_num *)at);
		break;
	case IPL_SPEC_QUANTITY:
		rc = get_quantity(d, v, f->what, f->unit_parse, f->min, f->max, f->unit,
				  (struct ipl_num *)at);
		break;
	case IPL_SPEC_MONEY: {
		struct ipl_money *m = (struct ipl_money *)at;
		struct ipl_num n;

		if ((rc = ipl_spec_get_num(d, v, f->what, f->min, f->max, false, &n)) == 0) {
			m->amount = n.v;
			m->loc = v->loc;
		}
		break;
	}
	case IPL_SPEC_BOOL:
		rc = get_bool(d, v, f->what, (bool *)at);
		break;
	case IPL_SPEC_ENUM:
	case IPL_SPEC_NAME:
	case IPL_SPEC_CODE:
		if ((rc = ipl_spec_get_enum(d, v, f->what, f->names, f->names_nr, &k)) < 0)
			break;
		if (f->kind == IPL_SPEC_ENUM)
			*(int *)at = k;
		else if (f->kind == IPL_SPEC_NAME)
			*(struct ipl_str *)at = ipl_spec_str_of(v, f->names[k]);
		else
			*(const char **)at = f->names[k];
		break;
	case IPL_SPEC_STR_LIST:
		decode_str_list(d, v, f->what, (struct ipl_str **)at,
				(size_t *)((char *)obj + f->nr_offset));
		return;
	case IPL_SPEC_SECTION:
		rc = decode_mapping(d, f->table, v, at, f->what, 0) ? 0 : -1;
		break;
	case IPL_SPEC_LIST:
		decode_list(d, f, v, obj);
		return;
	case IPL_SPEC_MAP:
		decode_map(d, f, v, obj);
		return;
	}
	if (rc < 0)
		return;
	if (f->loc_offset)
		*(struct ipl_loc *)((char *)obj + f->loc_offset) = v->loc;
	if (f->set_offset)
		*(bool *)((char *)obj + f->set_offset) = true;
	if (f->check)
		f->check(d, f, v, obj);
}

/* decodes the fields of t that are (or are not) early */
static void
decode_fields(struct ipl_spec_decoder *d, const struct ipl_spec_table *t,
	      const struct ipl_ynode *map, void *obj, bool early)
{
	const struct ipl_ynode *v;
	size_t i;

	for (i = 0; i < t->fields_nr; i++)
		if (t->fields[i].early == early && (v = ipl_spec_lookup(map, t->fields[i].key)))
			decode_field(d, &t->fields[i], v, obj);
}

/*
 * Decodes one mapping by its table into obj; false when it is not a
 * mapping. The order is the order of the messages: the mapping's name, its
 * unknown keys, its missing keys, then each key as the table lists them.
 */
static bool
decode_mapping(struct ipl_spec_decoder *d, const struct ipl_spec_table *t,
	       const struct ipl_ynode *map, void *obj, const char *what, size_t index)
{
	const char *outer = d->where;
	size_t i;

	if (t->loc_offset)
		*(struct ipl_loc *)((char *)obj + t->loc_offset) = map->loc;
	if (ipl_spec_want_type(d, map, IPL_YMAP, what) < 0)
		return false;
	decode_fields(d, t, map, obj, true);
	d->where = t->name ? t->name(d, obj, index) : t->where;
	ipl_spec_check_keys(d, map, t, d->where);
	for (i = 0; i < t->fields_nr; i++)
		if (t->fields[i].required)
			require(d, map, &t->fields[i], d->where);
	decode_fields(d, t, map, obj, false);
	if (t->finish)
		t->finish(d, map, obj);
	d->where = outer;
	return true;
}

void
ipl_spec_decode(struct ipl_spec_decoder *d, const struct ipl_ynode *root)
{
	if (root->type != IPL_YMAP) {
		ipl_error(d->diags, d->file, root->loc,
			  "expected a mapping at the top of the spec, found %s",
			  ipl_spec_describe(root));
		return;
	}
	decode_mapping(d, ipl_spec_root(), root, d->spec, "the spec", 0);
}
