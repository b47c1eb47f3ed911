/* diag.c: see diag.h. */
#include "core/common.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/xalloc.h"

#define DEFAULT_MAX_ITEMS 200

void
ipl_diags_init(struct ipl_diags *d)
{
	memset(d, 0, sizeof(*d));
	d->max_items = DEFAULT_MAX_ITEMS;
}

void
ipl_diags_release(struct ipl_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	for (i = 0; i < d->sources_nr; i++) {
		free(d->sources[i].file);
		free(d->sources[i].text);
	}
	free(d->items);
	free(d->sources);
	ipl_diags_init(d);
}

void
ipl_diags_add_source(struct ipl_diags *d, const char *file, const char *text, size_t len)
{
	struct ipl_diag_source *s;

	d->sources = ipl_xgrow(d->sources, sizeof(*d->sources), d->sources_nr + 1,
			       &d->sources_alloc);
	s = &d->sources[d->sources_nr++];
	s->file = ipl_xstrdup(file);
	s->text = ipl_xstrndup(text, len);
	s->len = len;
}

void
ipl_diag_vadd(struct ipl_diags *d, enum ipl_severity sev, const char *file, struct ipl_loc loc,
	      const char *fmt, va_list ap)
{
	struct ipl_buf msg = IPL_BUF_INIT;
	struct ipl_diag *item;

	if (sev == IPL_ERROR)
		d->errors++;
	if (d->nr >= d->max_items) {
		d->dropped++;
		return;
	}
	ipl_buf_vaddf(&msg, fmt, ap);
	d->items = ipl_xgrow(d->items, sizeof(*d->items), d->nr + 1, &d->alloc);
	item = &d->items[d->nr];
	item->severity = sev;
	item->file = ipl_xstrdup(file ? file : "infraplan");
	item->loc = loc;
	item->message = ipl_buf_detach(&msg, NULL);
	item->seq = (unsigned)d->nr;
	d->nr++;
}

void
ipl_diag_add(struct ipl_diags *d, enum ipl_severity sev, const char *file, struct ipl_loc loc,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_diag_vadd(d, sev, file, loc, fmt, ap);
	va_end(ap);
}

int
ipl_error(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_diag_vadd(d, IPL_ERROR, file, loc, fmt, ap);
	va_end(ap);
	return -1;
}

void
ipl_warning(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_diag_vadd(d, IPL_WARNING, file, loc, fmt, ap);
	va_end(ap);
}

void
ipl_note(struct ipl_diags *d, const char *file, struct ipl_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ipl_diag_vadd(d, IPL_NOTE, file, loc, fmt, ap);
	va_end(ap);
}

bool
ipl_diags_has_errors(const struct ipl_diags *d)
{
	return d->errors > 0;
}

static int
cmp_diag(const void *a, const void *b)
{
	const struct ipl_diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
ipl_diags_sort(struct ipl_diags *d)
{
	if (d->nr > 1)
		qsort(d->items, d->nr, sizeof(*d->items), cmp_diag);
}

static const struct ipl_diag_source *
find_source(const struct ipl_diags *d, const char *file)
{
	size_t i;

	for (i = 0; i < d->sources_nr; i++)
		if (!strcmp(d->sources[i].file, file))
			return &d->sources[i];
	return NULL;
}

/* bytes of a source line shown; a longer line is cut, around the column if need be */
#define EXCERPT_WIDTH 160

static bool
is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* prints line `line` of the source, then a caret under column `col` */
static void
print_excerpt(FILE *out, const struct ipl_diag_source *src, struct ipl_loc loc)
{
	const char *p = src->text, *end = src->text + src->len, *eol;
	int line = 1, col, skip = 0;
	size_t width;

	while (p < end && line < loc.line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
		line++;
	}
	if (line != loc.line || p > end)
		return;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	/* a CRLF file's CR ends the line; it is not a control byte to show */
	if (eol > p && eol[-1] == '\r')
		eol--;
	/*
	 * A column far to the right (a long flow mapping) would fall past the
	 * cut: start the excerpt some way before it, after "...". libyaml
	 * counts columns in characters, so whole characters are skipped.
	 */
	if (loc.col > EXCERPT_WIDTH * 3 / 4) {
		int want = loc.col - EXCERPT_WIDTH / 2;
		while (p < eol && skip < want) {
			p++;
			while (p < eol && is_continuation((unsigned char)*p))
				p++;
			skip++;
		}
	}
	width = (size_t)(eol - p);
	if (width > EXCERPT_WIDTH)
		width = EXCERPT_WIDTH;
	fputs(skip ? "  ..." : "  ", out);
	/* control bytes and invalid text are shown as '?', so the report stays one line */
	for (size_t i = 0; i < width; i++) {
		unsigned char c = (unsigned char)p[i];
		size_t n = c < 0x80                 ? 1
			   : c >= 0xC2 && c <= 0xDF ? 2
			   : c >= 0xE0 && c <= 0xEF ? 3
			   : c >= 0xF0 && c <= 0xF4 ? 4
						    : 0,
		       k;
		/* a multi-byte character is copied whole when it is well formed */
		for (k = 1; k < n && i + k < width && is_continuation((unsigned char)p[i + k]); k++)
			;
		/* C1 controls (U+0080 to U+009F) too: a terminal may act on U+009B */
		if (n == 2 && k == n && c == 0xC2 && (unsigned char)p[i + 1] < 0xA0) {
			fputc('?', out);
			i++;
			continue;
		}
		if (n > 1 && k == n) {
			fwrite(p + i, 1, n, out);
			i += n - 1;
			continue;
		}
		fputc(c == '\t' ? ' ' : (c < 0x20 || c >= 0x7f) ? '?' : c, out);
	}
	fputc('\n', out);
	fputs(skip ? "     " : "  ", out);
	/*
	 * libyaml counts columns in characters, not bytes: one space per
	 * character before the column, UTF-8 continuation bytes taking none
	 */
	col = 1 + skip;
	for (size_t i = 0; i < width && col < loc.col; i++) {
		if (!is_continuation((unsigned char)p[i])) {
			fputc(' ', out);
			col++;
		}
	}
	fputs("^\n", out);
}

/*
 * A message quotes what the spec said ("unknown key \"...\""), and a quoted
 * YAML string can hold any control character ("\e[2J"): those are shown as
 * '?', so that a spec cannot move the cursor or recolour the terminal
 */
static void
print_message(FILE *out, const char *msg)
{
	const unsigned char *p = (const unsigned char *)msg;

	for (; *p; p++) {
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0) {
			fputc('?', out);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fputc('?', out);
		} else {
			fputc(*p, out);
		}
	}
	fputc('\n', out);
}

/*
 * The same finding from several passes (tiers, scenarios, one per service
 * in turn) is said once: after the sort, findings at one position stand
 * together, so only those are compared.
 */
static bool
said_before(const struct ipl_diags *d, size_t i)
{
	const struct ipl_diag *it = &d->items[i];
	size_t j;

	for (j = i; j-- > 0;) {
		const struct ipl_diag *o = &d->items[j];
		if (o->loc.line != it->loc.line || o->loc.col != it->loc.col ||
		    strcmp(o->file, it->file))
			return false;
		if (o->severity == it->severity && !strcmp(o->message, it->message))
			return true;
	}
	return false;
}

void
ipl_diags_print(const struct ipl_diags *d, FILE *out, enum ipl_severity min)
{
	static const char *const names[] = { "error", "warning", "note" };
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct ipl_diag *it = &d->items[i];
		const struct ipl_diag_source *src;

		if (it->severity > min)
			continue;
		if (said_before(d, i))
			continue;
		if (it->loc.line > 0 && it->loc.col > 0)
			fprintf(out, "%s:%d:%d: %s: ", it->file, it->loc.line, it->loc.col,
				names[it->severity]);
		else if (it->loc.line > 0) /* a line-oriented file (a manifest) */
			fprintf(out, "%s:%d: %s: ", it->file, it->loc.line, names[it->severity]);
		else
			fprintf(out, "%s: %s: ", it->file, names[it->severity]);
		print_message(out, it->message);
		src = it->loc.line > 0 ? find_source(d, it->file) : NULL;
		if (src)
			print_excerpt(out, src, it->loc);
	}
	if (d->dropped)
		fprintf(out, "infraplan: note: %zu more diagnostics not shown\n", d->dropped);
}

void
ipl_diags_copy_errors(struct ipl_diags *to, const struct ipl_diags *from)
{
	size_t i;

	for (i = 0; i < from->nr; i++)
		if (from->items[i].severity == IPL_ERROR)
			ipl_diag_add(to, IPL_ERROR, from->items[i].file, from->items[i].loc, "%s",
				     from->items[i].message);
}
