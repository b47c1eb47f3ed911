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
	case '"':
		ipl_buf_adds(b, "\\\"");
		return true;
	case '\\':
		ipl_buf_adds(b, "\\\\");
		return true;
	case '\n':
		ipl_buf_adds(b, "\\n");
		return true;
	case '\r':
		ipl_buf_adds(b, "\\r");
		return true;
	case '\t':
		ipl_buf_adds(b, "\\t");
		return true;
	default:
		return false;
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
			ipl_buf_adds(b, "%%"); /* specifiers: %n, %i ... */
		else if (c == '$' && exec)
			ipl_buf_adds(b, "$$"); /* variable expansion in Exec lines */
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

/* ---- GitHub-flavoured Markdown ---- */

/*
 * The ASCII punctuation that opens or closes inline Markdown: code spans,
 * emphasis, strikethrough, links and images ([ and ]), table cells, headings'
 * closing #s, and the backslash itself, so that a user's "\|" cannot turn the
 * escape of the pipe after it into an escaped backslash and a live column
 * separator (GFM's table scanner pairs a backslash with any punctuation).
 */
static const char markdown_inline[] = "\\`*_[]|~#";

static bool
at_www(const char *start, const char *s)
{
	/* "www." starts an extended autolink (GFM 6.9), in any case */
	return s - start >= 3 && (s[-3] | 0x20) == 'w' && (s[-2] | 0x20) == 'w' &&
	       (s[-1] | 0x20) == 'w';
}

/*
 * true when s is the marker of a block at the start of the text: a list item
 * ("- ", "+ ", "1. ", "1) ") or a quote (">"), which the text would open when
 * it starts a list item of ours ("- NAME: ...")
 */
static bool
starts_block(const char *start, const char *s)
{
	const char *p;

	if (s == start)
		return strchr("-+>", *s) != NULL;
	if ((*s != '.' && *s != ')') || (s[1] != ' ' && s[1] != '\0'))
		return false;
	for (p = start; p < s; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

void
ipl_escape_markdown_cell(struct ipl_buf *b, const char *s)
{
	const char *start = s;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			ipl_buf_addc(b, ' '); /* a line break would end the table row */
		else if (c == '<')
			ipl_buf_adds(b, "&lt;"); /* no HTML, no <https://...> autolink */
		else if (c == '&')
			ipl_buf_adds(b, "&amp;"); /* "&#91;" stays text, not a character */
		else if (strchr(markdown_inline, c) || starts_block(start, s))
			ipl_buf_addf(b, "\\%c", c);
		else if (c == ':' && s[1] == '/' && s[2] == '/')
			ipl_buf_adds(b, "&#58;"); /* breaks the http:// autolink, shows ':' */
		else if (c == '.' && at_www(start, s))
			ipl_buf_adds(b, "&#46;"); /* breaks the www. autolink, shows '.' */
		else
			ipl_buf_addc(b, (char)c);
	}
}

/* true when a '|' in s follows an odd number of backslashes */
static bool
has_odd_backslashes_before_pipe(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		size_t n = 0;
		if (*p != '|')
			continue;
		while (p - n > s && p[-1 - (ptrdiff_t)n] == '\\')
			n++;
		if (n % 2)
			return true;
	}
	return false;
}

void
ipl_escape_markdown_code(struct ipl_buf *b, const char *s, bool in_table)
{
	size_t run = 0, longest = 0, len = strlen(s), i;
	bool pad;

	if (!*s)
		return;
	/*
	 * In a table cell the pipe is escaped even inside a code span (GFM 4.10),
	 * and the table's unescaping drops the backslash of "\|" only. A
	 * backslash of the user's right before it would pair with that escape
	 * and end the cell, so such a string is written as escaped text instead:
	 * the same characters, not in monospace.
	 */
	if (in_table && has_odd_backslashes_before_pipe(s)) {
		ipl_escape_markdown_cell(b, s);
		return;
	}
	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* a fence longer than any backtick run inside; a space against a backtick or a
	   space at either end, which CommonMark strips again (6.1) */
	pad = s[0] == '`' || s[len - 1] == '`' ||
	      ((s[0] == ' ' || s[len - 1] == ' ') && strspn(s, " ") < len);
	ipl_buf_addch(b, '`', longest + 1);
	if (pad)
		ipl_buf_addc(b, ' ');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			ipl_buf_addc(b, ' ');
		else if (c == '|' && in_table)
			ipl_buf_adds(b, "\\|");
		else
			ipl_buf_addc(b, (char)c);
	}
	if (pad)
		ipl_buf_addc(b, ' ');
	ipl_buf_addch(b, '`', longest + 1);
}

void
ipl_escape_roff(struct ipl_buf *b, const char *s)
{
	bool line_start = true;

	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			ipl_buf_adds(b, "\\&");
		line_start = *s == '\n';
		if (*s == '\\')
			ipl_buf_adds(b, "\\e");
		else if (*s == '-')
			ipl_buf_adds(b, "\\-");
		else
			ipl_buf_addc(b, *s);
	}
}

void
ipl_escape_zsh_description(struct ipl_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			ipl_buf_adds(b, "'\\''");
		else if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
			ipl_buf_addf(b, "\\%c", *s);
		else if (*s == '\n')
			ipl_buf_addc(b, ' ');
		else
			ipl_buf_addc(b, *s);
	}
}

void
ipl_escape_mermaid_string(struct ipl_buf *b, const char *s)
{
	ipl_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			ipl_buf_addc(b, ' ');
		else if (c == '"')
			ipl_buf_adds(b, "#quot;");
		else if (c == '#' || c == '<' || c == '>' || c == '&' || c == '`' || c == ';')
			ipl_buf_addf(b, "#%d;", c); /* entity codes Mermaid decodes back */
		else
			ipl_buf_addc(b, (char)c);
	}
	ipl_buf_addc(b, '"');
}
