/*
 * json.h: the pieces every JSON document infraplan prints shares
 * (docs/json.md). Each writes a key and its value into a buffer, without the
 * comma before or after: the caller lays out its document.
 *
 * The conventions:
 * - a document's first key is "schema_version": 1 (an integer, raised when a
 *   key changes meaning or goes away; new keys do not raise it);
 * - money is a number with 2 decimals next to the same figure as a decimal
 *   string, as Infracost does: "monthly": 12.34, "monthly_decimal": "12.34";
 * - warnings travel in the document as
 *   "warnings": [{"file": ..., "line": N, "column": N, "message": ...}].
 */
#ifndef IPL_JSON_H
#define IPL_JSON_H

#include "core/common.h"
#include "core/buf.h"
#include "core/diag.h"

/* the version of every document's shape that this build writes and reads */
#define IPL_JSON_SCHEMA_VERSION 1

/* "schema_version": 1 */
void ipl_json_schema_version(struct ipl_buf *b);
/*
 * "KEY": 12.34, "KEY_decimal": "12.34" in ipl_money_format's format; a figure
 * that is not ipl_money_ok writes null for both
 */
void ipl_json_money(struct ipl_buf *b, const char *key, double amount);
/* "KEY": "escaped value", or "KEY": null for NULL */
void ipl_json_string(struct ipl_buf *b, const char *key, const char *value);
/*
 * "warnings": [...]: every diagnostic of d that is a warning, in d's order
 * (sort it first), one object a line indented by 4 spaces, "[]" when none.
 * line and column are null when the diagnostic is about a whole file (0), file
 * is null when it names none.
 */
void ipl_json_warnings(struct ipl_buf *b, const struct ipl_diags *d);
/*
 * adds "warnings": [...] as the last key of doc, a complete document that
 * ends in "\n}\n" (as every document infraplan writes does): for a writer
 * that knows nothing of diagnostics. A doc that does not end so is left as is.
 */
void ipl_json_append_warnings(struct ipl_buf *doc, const struct ipl_diags *d);
/* the same for the diagnostics of exactly severity sev, under KEY ("errors") */
void ipl_json_diags(struct ipl_buf *b, const char *key, const struct ipl_diags *d,
		    enum ipl_severity sev);

#endif
