/* hcl.c: see hcl.h. */
#include "core/common.h"

#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/hcl.h"

void
ipl_hcl_init(struct ipl_hcl *h, struct ipl_buf *out)
{
	memset(h, 0, sizeof(*h));
	h->out = out;
}

static void
flush(struct ipl_hcl *h)
{
	size_t i, w = 0;

	for (i = 0; i < h->run_nr; i++)
		if (strlen(h->run[i].key) > w)
			w = strlen(h->run[i].key);
	for (i = 0; i < h->run_nr; i++) {
		ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
		ipl_buf_addf(h->out, "%-*s = %s\n", (int)w, h->run[i].key,
			     ipl_buf_str(&h->run[i].value));
		free(h->run[i].key);
		ipl_buf_release(&h->run[i].value);
	}
	/* freed with each run, so that a writer needs no release of its own */
	free(h->run);
	h->run = NULL;
	h->run_nr = h->run_alloc = 0;
}

static struct ipl_buf *
add(struct ipl_hcl *h, const char *key)
{
	h->run = ipl_xgrow(h->run, sizeof(*h->run), h->run_nr + 1, &h->run_alloc);
	h->run[h->run_nr].key = ipl_xstrdup(key);
	ipl_buf_init(&h->run[h->run_nr].value);
	return &h->run[h->run_nr++].value;
}

void
ipl_hcl_open(struct ipl_hcl *h, const char *fmt, ...)
{
	va_list ap;

	flush(h);
	ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
	va_start(ap, fmt);
	ipl_buf_vaddf(h->out, fmt, ap);
	va_end(ap);
	ipl_buf_adds(h->out, " {\n");
	h->depth++;
}

void
ipl_hcl_open_raw(struct ipl_hcl *h, const char *fmt, ...)
{
	va_list ap;

	flush(h);
	ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
	va_start(ap, fmt);
	ipl_buf_vaddf(h->out, fmt, ap);
	va_end(ap);
	ipl_buf_addc(h->out, '\n');
	h->depth++;
}

void
ipl_hcl_close_raw(struct ipl_hcl *h, const char *text)
{
	flush(h);
	h->depth--;
	ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
	ipl_buf_adds(h->out, text);
	ipl_buf_addc(h->out, '\n');
}

void
ipl_hcl_line(struct ipl_hcl *h, const char *fmt, ...)
{
	va_list ap;

	flush(h);
	ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
	va_start(ap, fmt);
	ipl_buf_vaddf(h->out, fmt, ap);
	va_end(ap);
	ipl_buf_addc(h->out, '\n');
}

void
ipl_hcl_close(struct ipl_hcl *h)
{
	flush(h);
	h->depth--;
	ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
	ipl_buf_adds(h->out, "}\n");
}

void
ipl_hcl_str(struct ipl_hcl *h, const char *key, const char *value)
{
	ipl_escape_hcl_string(add(h, key), value);
}

void
ipl_hcl_expr(struct ipl_hcl *h, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct ipl_buf *b = add(h, key);

	va_start(ap, fmt);
	ipl_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
ipl_hcl_blank(struct ipl_hcl *h)
{
	flush(h);
	ipl_buf_addc(h->out, '\n');
}

void
ipl_hcl_comment(struct ipl_hcl *h, const char *text)
{
	const char *p = text;

	flush(h);
	while (*p) {
		size_t n = strcspn(p, "\n");
		ipl_buf_addch(h->out, ' ', (size_t)h->depth * 2);
		ipl_buf_adds(h->out, "# ");
		ipl_buf_add(h->out, p, n);
		ipl_buf_addc(h->out, '\n');
		p += n;
		if (*p)
			p++;
	}
}

void
ipl_hcl_template_text(struct ipl_buf *b, const char *s)
{
	struct ipl_buf q = IPL_BUF_INIT;

	/* one escaping function for HCL strings: take its text between the quotes */
	ipl_escape_hcl_string(&q, s);
	ipl_buf_add(b, q.data + 1, q.len - 2);
	ipl_buf_release(&q);
}

void
ipl_hcl_versions_tf(struct ipl_buf *out, const char *name, const char *source, const char *version)
{
	struct ipl_hcl h;

	ipl_hcl_init(&h, out);
	ipl_hcl_open(&h, "terraform");
	ipl_hcl_str(&h, "required_version", ">= 1.5");
	ipl_hcl_blank(&h);
	ipl_hcl_open(&h, "required_providers");
	ipl_hcl_open(&h, "%s =", name);
	ipl_hcl_str(&h, "source", source);
	ipl_hcl_str(&h, "version", version);
	ipl_hcl_close(&h);
	ipl_hcl_close(&h);
	ipl_hcl_close(&h);
}

void
ipl_hcl_sensitive_variable(struct ipl_hcl *h, const char *name, const char *description)
{
	ipl_hcl_open(h, "variable \"%s\"", name);
	ipl_hcl_str(h, "description", description);
	ipl_hcl_expr(h, "type", "string");
	ipl_hcl_expr(h, "sensitive", "true");
	ipl_hcl_close(h);
}
