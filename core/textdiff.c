/*
 * textdiff.c: see textdiff.h. The lines are views into the two texts; the
 * edit script is one op per line of the output (' ', '-', '+'), cut into
 * hunks where more than 6 unchanged lines separate two changes.
 */
#include "core/common.h"

#include "core/textdiff.h"
#include "core/xalloc.h"

#define CONTEXT 3
/* cells of the LCS table above which the middle is not matched (16 MB of them) */
#define MAX_CELLS (4u << 20)

struct line {
	const char *s;
	size_t len; /* with its '\n', when it has one */
};

struct lines {
	struct line *v;
	size_t nr, alloc;
};

struct op {
	char op;
	const struct line *line;
	size_t ai, bi; /* lines of a and of b before this one */
};

struct script {
	struct op *v;
	size_t nr, alloc;
};

static void
split(struct lines *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '\n')
			j++;
		if (j < len)
			j++;
		out->v = ipl_xgrow(out->v, sizeof(*out->v), out->nr + 1, &out->alloc);
		out->v[out->nr].s = s + i;
		out->v[out->nr++].len = j - i;
		i = j;
	}
}

static bool
same(const struct line *x, const struct line *y)
{
	return x->len == y->len && !memcmp(x->s, y->s, x->len);
}

static void
push(struct script *sc, char op, const struct line *line, size_t *ai, size_t *bi)
{
	sc->v = ipl_xgrow(sc->v, sizeof(*sc->v), sc->nr + 1, &sc->alloc);
	sc->v[sc->nr].op = op;
	sc->v[sc->nr].line = line;
	sc->v[sc->nr].ai = *ai;
	sc->v[sc->nr++].bi = *bi;
	if (op != '+')
		(*ai)++;
	if (op != '-')
		(*bi)++;
}

/* the edit script of a[a0, a1) into b[b0, b1), which share no head or tail line */
static void
middle(struct script *sc, const struct lines *a, size_t a0, size_t a1, const struct lines *b,
       size_t b0, size_t b1, size_t *ai, size_t *bi)
{
	size_t n = a1 - a0, m = b1 - b0, i, j;
	unsigned *t;

	if (n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS) {
		for (i = a0; i < a1; i++)
			push(sc, '-', &a->v[i], ai, bi);
		for (j = b0; j < b1; j++)
			push(sc, '+', &b->v[j], ai, bi);
		return;
	}
	/* t[i][j]: the longest common subsequence of a[a0+i..] and b[b0+j..] */
	t = ipl_xcalloc((n + 1) * (m + 1), sizeof(*t));
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;) {
			unsigned *c = &t[i * (m + 1) + j];
			if (same(&a->v[a0 + i], &b->v[b0 + j]))
				*c = t[(i + 1) * (m + 1) + j + 1] + 1;
			else {
				unsigned down = t[(i + 1) * (m + 1) + j],
					 right = t[i * (m + 1) + j + 1];
				*c = down >= right ? down : right;
			}
		}
	for (i = j = 0; i < n || j < m;) {
		if (i < n && j < m && same(&a->v[a0 + i], &b->v[b0 + j])) {
			push(sc, ' ', &a->v[a0 + i], ai, bi);
			i++;
			j++;
		} else if (j == m ||
			   (i < n && t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
			push(sc, '-', &a->v[a0 + i++], ai, bi);
		} else {
			push(sc, '+', &b->v[b0 + j++], ai, bi);
		}
	}
	free(t);
}

static void
write_line(struct ipl_buf *out, char op, const struct line *l)
{
	ipl_buf_addc(out, op);
	ipl_buf_add(out, l->s, l->len);
	if (!l->len || l->s[l->len - 1] != '\n')
		ipl_buf_adds(out, "\n\\ No newline at end of file\n");
}

static void
write_range(struct ipl_buf *out, size_t before, size_t n)
{
	if (n == 1)
		ipl_buf_addf(out, "%zu", before + 1);
	else
		ipl_buf_addf(out, "%zu,%zu", before + (n ? 1 : 0), n);
}

static void
write_hunks(struct ipl_buf *out, const struct script *sc)
{
	size_t k = 0;

	while (k < sc->nr) {
		size_t first, last, start, end, i, an = 0, bn = 0;
		while (k < sc->nr && sc->v[k].op == ' ')
			k++;
		if (k == sc->nr)
			break;
		first = last = k;
		/* take in every change no more than 2 * CONTEXT unchanged lines further */
		for (i = k + 1; i < sc->nr; i++) {
			if (sc->v[i].op == ' ')
				continue;
			if (i - last - 1 > 2 * CONTEXT)
				break;
			last = i;
		}
		start = first > CONTEXT ? first - CONTEXT : 0;
		end = last + CONTEXT + 1 < sc->nr ? last + CONTEXT + 1 : sc->nr;
		for (i = start; i < end; i++) {
			an += sc->v[i].op != '+';
			bn += sc->v[i].op != '-';
		}
		/* as diff -u: an empty side names the line before it, a count of 1 goes unsaid */
		ipl_buf_adds(out, "@@ -");
		write_range(out, sc->v[start].ai, an);
		ipl_buf_adds(out, " +");
		write_range(out, sc->v[start].bi, bn);
		ipl_buf_adds(out, " @@\n");
		for (i = start; i < end; i++)
			write_line(out, sc->v[i].op, sc->v[i].line);
		k = end;
	}
}

struct ipl_textdiff_stat
ipl_textdiff_unified(struct ipl_buf *out, const char *a_label, const char *a, size_t a_len,
		     const char *b_label, const char *b, size_t b_len)
{
	struct lines la = { NULL, 0, 0 }, lb = { NULL, 0, 0 };
	struct script sc = { NULL, 0, 0 };
	struct ipl_textdiff_stat st = { 0, 0 };
	size_t head = 0, tail = 0, i, ai = 0, bi = 0;

	split(&la, a, a_len);
	split(&lb, b, b_len);
	while (head < la.nr && head < lb.nr && same(&la.v[head], &lb.v[head]))
		head++;
	while (tail < la.nr - head && tail < lb.nr - head &&
	       same(&la.v[la.nr - 1 - tail], &lb.v[lb.nr - 1 - tail]))
		tail++;
	for (i = 0; i < head; i++)
		push(&sc, ' ', &la.v[i], &ai, &bi);
	middle(&sc, &la, head, la.nr - tail, &lb, head, lb.nr - tail, &ai, &bi);
	for (i = la.nr - tail; i < la.nr; i++)
		push(&sc, ' ', &la.v[i], &ai, &bi);
	for (i = 0; i < sc.nr; i++) {
		st.added += sc.v[i].op == '+';
		st.removed += sc.v[i].op == '-';
	}
	if (out && (st.added || st.removed)) {
		ipl_buf_addf(out, "--- %s\n+++ %s\n", a_label, b_label);
		write_hunks(out, &sc);
	}
	free(sc.v);
	free(la.v);
	free(lb.v);
	return st;
}
