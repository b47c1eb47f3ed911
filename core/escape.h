/*
 * escape.h: one escaping function per output format, and every user string
 * goes through the one for the format it lands in. Each appends to a buffer.
 */
#ifndef IPL_ESCAPE_H
#define IPL_ESCAPE_H

#include "core/common.h"
#include "core/buf.h"

/* an HCL quoted string with the quotes: "\"a $${b}\"" -- ${ and %{ are doubled */
void ipl_escape_hcl_string(struct ipl_buf *b, const char *s);
/* a YAML double-quoted scalar with the quotes */
void ipl_escape_yaml_string(struct ipl_buf *b, const char *s);
/* a value in a systemd unit file (Environment=, Description=): % is doubled, and for
   command lines $ too; the result is quoted when needed */
void ipl_escape_systemd_value(struct ipl_buf *b, const char *s);
void ipl_escape_systemd_exec(struct ipl_buf *b, const char *s);
/* a single shell word: 'it'\''s' */
void ipl_escape_shell_word(struct ipl_buf *b, const char *s);
/* a JSON string with the quotes */
void ipl_escape_json_string(struct ipl_buf *b, const char *s);
/*
 * GitHub-flavoured Markdown text, in a table cell, a heading or a list item:
 * it reads as the characters given, never as a link, an image, emphasis, a
 * code span, HTML, an autolink (http://, www.) or a new column or row
 */
void ipl_escape_markdown_cell(struct ipl_buf *b, const char *s);
/*
 * a Markdown code span with its backticks, fenced by more backticks than any
 * run inside; in_table when it stands in a table cell, where its pipes are
 * escaped. "" writes nothing.
 */
void ipl_escape_markdown_code(struct ipl_buf *b, const char *s, bool in_table);
/*
 * roff text of a man page (man(7)): backslashes as \e, hyphens as \- (so
 * that options can be searched and copied), and a '.' or '\'' that starts a
 * line behind \& so it is never read as a request. Newlines are kept.
 */
void ipl_escape_roff(struct ipl_buf *b, const char *s);
/*
 * a description in a zsh _arguments spec or _describe item, inside single
 * quotes: [, ], : and \ behind a backslash, ' closing and reopening the quotes
 */
void ipl_escape_zsh_description(struct ipl_buf *b, const char *s);
/*
 * a Mermaid string with its quotes, for a node's label ("..." in a
 * flowchart) or a chart's title and axis labels: " # < > & ` and ; are
 * Mermaid entity codes (#quot; #35; #60; #62; #38; #96; #59;), which
 * Mermaid turns back into the characters, so the text never ends the
 * string, starts an entity, HTML or a Markdown string; a control character
 * (a line break) is a space. Node ids are never user strings: the writer
 * numbers them.
 */
void ipl_escape_mermaid_string(struct ipl_buf *b, const char *s);

#endif
