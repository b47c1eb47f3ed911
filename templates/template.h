/*
 * template.h: the text files in templates/ (embedded into the binary at build
 * time by templates/CMakeLists.txt) and the one substitution they support.
 *
 * Syntax:
 *   {{name}}   is replaced by the value given for name; a name is lower-case
 *              letters, digits and '_'. A line holding nothing but a variable
 *              whose value is empty is dropped whole, newline included, so
 *              optional blocks leave no blank lines behind.
 *   anything else is copied as it is. There is no escape for a literal "{{":
 *   none of the formats we emit needs one, and a "{{" that does not start a
 *   known variable is an error rather than text.
 *
 * Values are inserted as they are: the caller escapes them for the format
 * first (core/escape.h). Anything that needs logic (loops, conditions) is C
 * in the emitter. An unknown template or {{name}} is an error (-1), so a
 * template and its emitter cannot drift apart silently.
 */
#ifndef IPL_TEMPLATE_H
#define IPL_TEMPLATE_H

#include "core/common.h"
#include "core/buf.h"

struct ipl_template_var {
	const char *name;
	const char *value;
};

/* the template's text, or NULL; name is its file name, e.g. "systemd-service.tmpl" */
const char *ipl_template_text(const char *name);
/* appends the rendered template; returns 0, or -1 when the template or a variable is unknown */
int ipl_template_render(struct ipl_buf *out, const char *name, const struct ipl_template_var *vars,
			size_t nvars);

#endif
