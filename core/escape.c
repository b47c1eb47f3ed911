/*
 * escape.c: see escape.h. Each function knows one format's rules; callers
 * never assemble quoted text by hand.
 */
#include "core/common.h"

#include "core/escape.h"

/* the escapes HCL, YAML and JSON strings share; false when c needs a format's own rule */
static bool
add_common_escape(struct ipl_buf *b, unsigned char c)
{
	switch (c) {
	case '"': ipl_buf_adds(b, "\\\""); return true;
	case '\\': ipl_buf_adds(b, "\\\\"); return true;
	case '\n': ipl_buf_adds(b, "\\n"); return true;
	case '\r': ipl_buf_adds(b, "\\r"); return true;
	case '\t': ipl_buf_adds(b, "\\t"); return true;
	default: return false;
	}
}

void
ipl_escape_hcl_string(struct ipl_buf *b, const char *s)
{
	ipl_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (add_common_escape(b, c))
			continue;
		switch (c) {
		case '$':
		case '%':
			/* "${" and "%{" start interpolation and directives: "$${" is a literal */
			ipl_buf_addc(b, (char)c);
			if (s[1] == '{')
				ipl_buf_addc(b, (char)c);
			break;
		default:
			if (c < 0x20)
				ipl_buf_addf(b, "\\u%04x", c);
			else
				ipl_buf_addc(b, (char)c);
		}
	}
	ipl_buf_addc(b, '"');
}

void
ipl_escape_yaml_string(struct ipl_buf *b, const char *s)
{
	ipl_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (add_common_escape(b, c))
			continue;
		switch (c) {
		default:
			/* NEL, LS and PS are line breaks to YAML 1.1: in a double-quoted
			   scalar PyYAML (so cloud-init) folds a NEL into a space */
			if (c == 0xc2 && (unsigned char)s[1] == 0x85) {
				ipl_buf_adds(b, "\\N");
				s++;
			} else if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
				   ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9)) {
				ipl_buf_adds(b, (unsigned char)s[2] == 0xa8 ? "\\L" : "\\P");
				s += 2;
			} else if (c < 0x20 || c == 0x7f) {
				ipl_buf_addf(b, "\\x%02x", c);
			} else {
				ipl_buf_addc(b, (char)c);
			}
		}
	}
	ipl_buf_addc(b, '"');
}

static bool
systemd_needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (*s == ' ' || *s == '"' || *s == '\'' || *s == '\\' || *s == ';')
			return true;
	return false;
}

static void
systemd_escape(struct ipl_buf *b, const char *s, bool exec)
{
	bool quote = systemd_needs_quotes(s);

	if (quote)
		ipl_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '%')
			ipl_buf_adds(b, "%%");          /* specifiers: %n, %i ... */
		else if (c == '$' && exec)
			ipl_buf_adds(b, "$$");          /* variable expansion in Exec lines */
		else if (c == '"' || c == '\\')
			ipl_buf_addf(b, "\\%c", c);
		else if (c == '\n')
			ipl_buf_adds(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			ipl_buf_addf(b, "\\x%02x", c);
		else
			ipl_buf_addc(b, (char)c);
	}
	if (quote)
		ipl_buf_addc(b, '"');
}

void
ipl_escape_systemd_value(struct ipl_buf *b, const char *s)
{
	systemd_escape(b, s, false);
}

void
ipl_escape_systemd_exec(struct ipl_buf *b, const char *s)
{
	systemd_escape(b, s, true);
}

void
ipl_escape_shell_word(struct ipl_buf *b, const char *s)
{
	ipl_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ipl_buf_adds(b, "'\\''");
		else
			ipl_buf_addc(b, *s);
	}
	ipl_buf_addc(b, '\'');
}

void
ipl_escape_json_string(struct ipl_buf *b, const char *s)
{
	ipl_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (add_common_escape(b, c))
			continue;
		switch (c) {
		default:
			if (c < 0x20 || c == 0x7f)
				ipl_buf_addf(b, "\\u%04x", c);
			else
				ipl_buf_addc(b, (char)c);
		}
	}
	ipl_buf_addc(b, '"');
}

void
ipl_escape_markdown_cell(struct ipl_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			ipl_buf_adds(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			ipl_buf_addc(b, ' ');
		else if (*s == '<')
			ipl_buf_adds(b, "&lt;");
		else
			ipl_buf_addc(b, *s);
	}
}
