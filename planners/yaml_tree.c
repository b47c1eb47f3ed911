/* yaml_tree.c: see yaml_tree.h. */
#include "core/common.h"

#include <yaml.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "planners/yaml_tree.h"

struct builder {
	const char *file;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	size_t nodes;
	int depth;
	bool failed;
};

/* growable child lists while a collection is open; freed when it closes */
struct open_coll {
	struct ipl_ynode *node;
	struct ipl_ynode **keys, **items;
	size_t nr, alloc_k, alloc_i;
	bool want_key;
};

static struct ipl_loc
loc_of(yaml_mark_t m)
{
	struct ipl_loc l = { (int)m.line + 1, (int)m.column + 1 };
	return l;
}

/*
 * Checks that the text is UTF-8 without control bytes (but tab, CR, LF) and
 * that no line is indented with a tab. libyaml would catch most of this with
 * messages that do not say what to do.
 */
static int
precheck_text(struct builder *b, const unsigned char *p, size_t len)
{
	int line = 1, col = 1;
	bool indent = true;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n = 1;
		struct ipl_loc here = { line, col };

		if (c == '\n') {
			line++;
			col = 1;
			indent = true;
			i++;
			continue;
		}
		if (c == '\t' && indent)
			return ipl_error(b->diags, b->file, here,
					 "tab character in indentation; indent with spaces");
		if (c != ' ' && c != '-')
			indent = false;
		if (c < 0x20 && c != '\t' && c != '\r')
			return ipl_error(b->diags, b->file, here,
					 "control byte 0x%02x; a spec must be UTF-8 text", c);
		if (c == 0x7f)
			return ipl_error(b->diags, b->file, here,
					 "control byte 0x7f; a spec must be UTF-8 text");
		if (c >= 0x80) {
			uint32_t cp;
			size_t k;
			if (c >= 0xC2 && c <= 0xDF) {
				n = 2;
				cp = c & 0x1F;
			} else if (c >= 0xE0 && c <= 0xEF) {
				n = 3;
				cp = c & 0x0F;
			} else if (c >= 0xF0 && c <= 0xF4) {
				n = 4;
				cp = c & 0x07;
			} else {
				goto bad;
			}
			if (i + n > len)
				goto bad;
			for (k = 1; k < n; k++) {
				if ((p[i + k] & 0xC0) != 0x80)
					goto bad;
				cp = (cp << 6) | (p[i + k] & 0x3F);
			}
			/* overlong forms, surrogates and values past U+10FFFF */
			if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			    (cp >= 0xD800 && cp <= 0xDFFF))
				goto bad;
			/*
			 * What libyaml's reader refuses, or reads as a line break
			 * (which would put its lines out of step with ours)
			 */
			if (cp <= 0x9F)
				return ipl_error(
					b->diags, b->file, here,
					"control character U+%04X; a spec must be UTF-8 text",
					(unsigned)cp);
			if (cp == 0x2028 || cp == 0x2029)
				return ipl_error(
					b->diags, b->file, here,
					"character U+%04X, which YAML reads as a line break; "
					"end lines with a newline",
					(unsigned)cp);
			if (cp == 0xFFFE || cp == 0xFFFF)
				return ipl_error(
					b->diags, b->file, here,
					"U+%04X is not a character; a spec must be UTF-8 text",
					(unsigned)cp);
		}
		i += n;
		col++;
		continue;
bad:
		return ipl_error(b->diags, b->file, here,
				 "invalid UTF-8 byte 0x%02x; a spec must be UTF-8 text", c);
	}
	return 0;
}

static struct ipl_ynode *
new_node(struct builder *b, enum ipl_ynode_type type, yaml_mark_t mark)
{
	struct ipl_ynode *n;

	if (++b->nodes > IPL_YAML_MAX_NODES) {
		ipl_error(b->diags, b->file, loc_of(mark),
			  "more than %d YAML nodes; a spec is expected to be far smaller",
			  IPL_YAML_MAX_NODES);
		b->failed = true;
		return NULL;
	}
	n = IPL_ARENA_NEW(b->arena, struct ipl_ynode);
	n->type = type;
	n->loc = loc_of(mark);
	return n;
}

static bool
plain_key_ok(const struct ipl_ynode *k)
{
	return k->type == IPL_YSCALAR;
}

/* adds child to the innermost open collection; returns false on a key that is not a scalar */
static bool
attach(struct builder *b, struct open_coll *top, struct ipl_ynode *child)
{
	if (top->node->type == IPL_YSEQ) {
		top->items = ipl_xgrow(top->items, sizeof(*top->items), top->nr + 1, &top->alloc_i);
		top->items[top->nr++] = child;
		return true;
	}
	if (top->want_key) {
		if (!plain_key_ok(child)) {
			ipl_error(b->diags, b->file, child->loc,
				  "expected a string as a mapping key, found a %s",
				  child->type == IPL_YMAP ? "mapping" : "sequence");
			return false;
		}
		top->keys = ipl_xgrow(top->keys, sizeof(*top->keys), top->nr + 1, &top->alloc_k);
		top->keys[top->nr] = child;
		top->want_key = false;
		return true;
	}
	top->items = ipl_xgrow(top->items, sizeof(*top->items), top->nr + 1, &top->alloc_i);
	top->items[top->nr++] = child;
	top->want_key = true;
	return true;
}

static bool
same_key(const struct ipl_ynode *x, const struct ipl_ynode *y)
{
	return x->len == y->len && !memcmp(x->value, y->value, x->len);
}

/* by text, and equal keys in the order they were written */
static int
cmp_key(const void *a, const void *b)
{
	const struct ipl_ynode *x = *(const struct ipl_ynode *const *)a;
	const struct ipl_ynode *y = *(const struct ipl_ynode *const *)b;
	int r = memcmp(x->value, y->value, x->len < y->len ? x->len : y->len);

	if (r)
		return r;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
}

/*
 * Reports every key given twice in a closed mapping. A sorted copy, so that
 * a mapping of 100,000 keys (a 1 MiB file holds that many) is checked in
 * n log n, not n^2.
 */
static bool
check_duplicate_keys(struct builder *b, struct ipl_ynode *const *keys, size_t nr)
{
	struct ipl_ynode **sorted;
	size_t i, first = 0;
	bool ok = true;

	if (nr < 2)
		return true;
	sorted = ipl_xmalloc(nr * sizeof(*sorted));
	memcpy(sorted, keys, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_key);
	for (i = 1; i < nr; i++) {
		if (!same_key(sorted[first], sorted[i])) {
			first = i;
			continue;
		}
		ipl_error(b->diags, b->file, sorted[i]->loc,
			  "duplicate key \"%s\" (first given at line %d)", sorted[i]->value,
			  sorted[first]->loc.line);
		ok = false;
	}
	free(sorted);
	return ok;
}

/* returns false on a duplicate key */
static bool
close_coll(struct builder *b, struct open_coll *c)
{
	struct ipl_ynode *n = c->node;
	bool ok = true;

	n->nr = c->nr;
	if (c->nr) {
		n->items = IPL_ARENA_ARRAY(b->arena, struct ipl_ynode *, c->nr);
		memcpy(n->items, c->items, c->nr * sizeof(*n->items));
		if (n->type == IPL_YMAP) {
			n->keys = IPL_ARENA_ARRAY(b->arena, struct ipl_ynode *, c->nr);
			memcpy(n->keys, c->keys, c->nr * sizeof(*n->keys));
			ok = check_duplicate_keys(b, n->keys, n->nr);
		}
	}
	free(c->keys);
	free(c->items);
	memset(c, 0, sizeof(*c));
	return ok;
}

static bool only_blank(const char *text, size_t len);

/* the number of spaces that start the line beginning at text[i] */
static size_t
indent_at(const char *text, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && text[i + n] == ' ')
		n++;
	return n;
}

/*
 * libyaml says "mapping values are not allowed in this context" at a colon
 * that cannot start a key there, nearly always because the line is indented
 * more than the key above it (it then reads as more of that key's plain
 * value) or because a plain value holds ": ". Says which, into hint, and
 * moves the caret to the start of the line at fault.
 */
static void
mapping_values_hint(const char *text, size_t len, size_t at, struct ipl_loc *l,
		    struct ipl_buf *hint)
{
	size_t ls = at, ps, pe, ind, pind, k;
	int line = l->line;

	if (at > len)
		return;
	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	ind = indent_at(text, len, ls);
	/* the line before that holds something other than a comment */
	for (pe = ls; pe > 0;) {
		ps = pe - 1;
		while (ps > 0 && text[ps - 1] != '\n')
			ps--;
		line--;
		pind = indent_at(text, len, ps);
		if (ps + pind < pe - 1 && text[ps + pind] != '#' && text[ps + pind] != '\r')
			break;
		pe = ps;
	}
	if (pe > 0 && ind > pind) {
		const char *key = text + ps + pind;
		if (!strncmp(key, "- ", 2))
			key += 2;
		for (k = 0; key + k < text + pe && key[k] != ':' && key[k] != '\n' && k < 40; k++)
			;
		if (key + k < text + pe && key[k] == ':' && k > 0) {
			ipl_buf_addf(hint,
				     "; this line is indented more than \"%.*s\" on line %d, so it "
				     "reads as more of that key's value: indent it as the keys "
				     "beside it",
				     (int)k, key, line);
			l->col = (int)ind + 1;
			return;
		}
	}
	for (k = ls + ind; k < at; k++)
		if (text[k] == ':' && k + 1 < at && text[k + 1] == ' ')
			break;
	if (k < at)
		ipl_buf_adds(hint, "; a value that holds \": \" must be quoted");
	else
		ipl_buf_adds(hint, "; check this line's indentation against the keys above it");
}

static void
syntax_error(struct builder *b, yaml_parser_t *p, const char *text, size_t len)
{
	struct ipl_loc l = loc_of(p->problem_mark);
	const char *problem = p->problem ? p->problem : "unknown problem";

	/*
	 * An unclosed quote or bracket is only noticed at the end of the text,
	 * where there is nothing to show: point at where the construct started.
	 */
	if (p->context && p->problem_mark.index <= len &&
	    only_blank(text + p->problem_mark.index, len - p->problem_mark.index))
		l = loc_of(p->context_mark);
	if (p->error == YAML_READER_ERROR) {
		/* the reader reports a byte offset, not a line: count them */
		struct ipl_loc at = { 1, 1 };
		size_t i;
		for (i = 0; i < p->problem_offset && i < len; i++) {
			if (text[i] == '\n') {
				at.line++;
				at.col = 1;
			} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
				at.col++;
			}
		}
		ipl_error(b->diags, b->file, at, "unreadable text: %s", problem);
	} else if (p->context && l.line != (int)p->context_mark.line + 1) {
		ipl_error(b->diags, b->file, l,
			  "yaml syntax error: %s %s that starts at line %d, column %d", problem,
			  p->context, (int)p->context_mark.line + 1,
			  (int)p->context_mark.column + 1);
	} else if (p->context) {
		ipl_error(b->diags, b->file, l, "yaml syntax error: %s %s", problem, p->context);
	} else {
		struct ipl_buf hint = IPL_BUF_INIT;
		if (!strcmp(problem, "mapping values are not allowed in this context"))
			mapping_values_hint(text, len, p->problem_mark.index, &l, &hint);
		ipl_error(b->diags, b->file, l, "yaml syntax error: %s%s", problem,
			  ipl_buf_str(&hint));
		ipl_buf_release(&hint);
	}
}

static bool
only_blank(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		char c = text[i];
		if (c == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			return false;
		i++;
	}
	return true;
}

struct ipl_ynode *
ipl_yaml_parse(const char *file, const char *text, size_t len, struct ipl_arena *arena,
	       struct ipl_diags *diags)
{
	struct builder b = { file, arena, diags, 0, 0, false };
	struct open_coll stack[IPL_YAML_MAX_DEPTH + 1];
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ipl_ynode *root = NULL;
	int docs = 0, sp = -1;
	bool done = false;

	memset(stack, 0, sizeof(stack));
	if (len > IPL_SPEC_MAX_BYTES) {
		ipl_error(diags, file, (struct ipl_loc){ 0, 0 },
			  "file is larger than %d bytes; a spec is expected to be far smaller",
			  IPL_SPEC_MAX_BYTES);
		return NULL;
	}
	if (only_blank(text, len)) {
		ipl_error(
			diags, file, (struct ipl_loc){ 0, 0 },
			"the spec is empty; expected a mapping with \"name\", \"provider\" and \"services\"");
		return NULL;
	}
	if (precheck_text(&b, (const unsigned char *)text, len) < 0)
		return NULL;

	if (!yaml_parser_initialize(&parser)) {
		ipl_error(diags, file, (struct ipl_loc){ 0, 0 }, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && !b.failed) {
		struct ipl_ynode *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser, text, len);
			b.failed = true;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				ipl_error(diags, file, loc_of(ev.start_mark),
					  "more than one YAML document; a spec is one document");
				b.failed = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			ipl_error(diags, file, loc_of(ev.start_mark),
				  "yaml aliases are not supported (they can expand without bound); "
				  "write the value out");
			b.failed = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *anchor = ev.type == YAML_SCALAR_EVENT
							    ? ev.data.scalar.anchor
						    : ev.type == YAML_SEQUENCE_START_EVENT
							    ? ev.data.sequence_start.anchor
							    : ev.data.mapping_start.anchor;
			const yaml_char_t *tag = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.tag
						 : ev.type == YAML_SEQUENCE_START_EVENT
							 ? ev.data.sequence_start.tag
							 : ev.data.mapping_start.tag;
			if (anchor) {
				ipl_error(
					diags, file, loc_of(ev.start_mark),
					"yaml anchors are not supported (\"&%s\"); write the value out",
					(const char *)anchor);
				b.failed = true;
				break;
			}
			if (tag) {
				/* libyaml hands over "!!str" resolved; say it as it was written */
				static const char core[] = "tag:yaml.org,2002:";
				const char *t = (const char *)tag;
				bool short_form = !strncmp(t, core, sizeof(core) - 1);
				ipl_error(
					diags, file, loc_of(ev.start_mark),
					"yaml tags are not supported (\"%s%s\"); quote a value to make it a string",
					short_form ? "!!" : "",
					short_form ? t + sizeof(core) - 1 : t);
				b.failed = true;
				break;
			}
			if (ev.type == YAML_SCALAR_EVENT) {
				if (ev.data.scalar.length > IPL_YAML_MAX_SCALAR) {
					ipl_error(diags, file, loc_of(ev.start_mark),
						  "value is longer than %d bytes",
						  IPL_YAML_MAX_SCALAR);
					b.failed = true;
					break;
				}
				n = new_node(&b, IPL_YSCALAR, ev.start_mark);
				if (!n)
					break;
				n->value = ipl_arena_strndup(arena,
							     (const char *)ev.data.scalar.value,
							     ev.data.scalar.length);
				n->len = ev.data.scalar.length;
				n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
					ipl_error(diags, file, n->loc,
						  "value contains a NUL character");
					b.failed = true;
					break;
				}
			} else {
				n = new_node(&b,
					     ev.type == YAML_MAPPING_START_EVENT ? IPL_YMAP
										 : IPL_YSEQ,
					     ev.start_mark);
				if (!n)
					break;
			}
			if (sp >= 0) {
				if (!attach(&b, &stack[sp], n)) {
					b.failed = true;
					break;
				}
			} else {
				root = n;
			}
			if (n->type != IPL_YSCALAR) {
				if (sp + 1 >= IPL_YAML_MAX_DEPTH) {
					ipl_error(diags, file, n->loc,
						  "nesting deeper than %d levels",
						  IPL_YAML_MAX_DEPTH);
					b.failed = true;
					break;
				}
				sp++;
				stack[sp].node = n;
				stack[sp].want_key = true;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (!close_coll(&b, &stack[sp]))
				b.failed = true;
			sp--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	while (sp >= 0) {
		free(stack[sp].keys);
		free(stack[sp].items);
		sp--;
	}
	yaml_parser_delete(&parser);
	if (b.failed)
		return NULL;
	if (!root) {
		ipl_error(
			diags, file, (struct ipl_loc){ 0, 0 },
			"the spec is empty; expected a mapping with \"name\", \"provider\" and \"services\"");
		return NULL;
	}
	return root;
}
