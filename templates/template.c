/*
 * template.c: the embedded templates (see template.h) and their one
 * substitution, {{name}}. The table comes from template_data.c, which
 * cmake/embed_files.cmake writes at build time from the .tmpl files
 * of this folder.
 *
 * Rendering goes into a scratch buffer first, so that a template with an
 * unknown variable leaves the caller's buffer as it was.
 */
#include "core/common.h"

#include "templates/template.h"

struct ipl_embedded_file {
	const char *name;
	const char *data;
	size_t size;
};

extern const struct ipl_embedded_file ipl_template_files[];

const char *
ipl_template_text(const char *name)
{
	const struct ipl_embedded_file *f;

	for (f = ipl_template_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f->data;
	return NULL;
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static const char *
lookup(const struct ipl_template_var *vars, size_t nvars, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nvars; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return vars[i].value ? vars[i].value : "";
	return NULL;
}

int
ipl_template_render(struct ipl_buf *out, const char *name, const struct ipl_template_var *vars,
		    size_t nvars)
{
	const char *text = ipl_template_text(name), *p, *line;
	struct ipl_buf b = IPL_BUF_INIT;

	if (!text)
		return -1;
	for (line = p = text; *p;) {
		const char *end, *value;
		size_t len;

		if (p[0] != '{' || p[1] != '{') {
			if (*p == '\n')
				line = p + 1;
			ipl_buf_addc(&b, *p++);
			continue;
		}
		for (end = p + 2; is_name_char(*end); end++)
			;
		len = (size_t)(end - (p + 2));
		if (len == 0 || end[0] != '}' || end[1] != '}')
			goto fail;
		value = lookup(vars, nvars, p + 2, len);
		if (!value)
			goto fail;
		/* a line that holds only a variable expanding to nothing is dropped whole */
		if (!*value && p == line && (end[2] == '\n' || end[2] == '\0')) {
			p = end[2] ? end + 3 : end + 2;
			line = p;
			continue;
		}
		ipl_buf_adds(&b, value);
		p = end + 2;
	}
	ipl_buf_add(out, b.data ? b.data : "", b.len);
	ipl_buf_release(&b);
	return 0;
fail:
	ipl_buf_release(&b);
	return -1;
}
