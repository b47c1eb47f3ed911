/*
 * json.c: schema_version, money as number and decimal string, and warnings,
 * written alike in every JSON document (json.h, docs/json.md). Strings go
 * through ipl_escape_json_string, money through ipl_money_format.
 */
#include "core/common.h"

#include "core/escape.h"
#include "core/json.h"
#include "core/money.h"

void
ipl_json_schema_version(struct ipl_buf *b)
{
	ipl_buf_addf(b, "\"schema_version\": %d", IPL_JSON_SCHEMA_VERSION);
}

void
ipl_json_money(struct ipl_buf *b, const char *key, double amount)
{
	struct ipl_buf m = IPL_BUF_INIT, k = IPL_BUF_INIT;

	ipl_money_format(&m, amount);
	ipl_buf_addf(&k, "%s_decimal", key);
	ipl_escape_json_string(b, key);
	ipl_buf_addf(b, ": %s, ", ipl_buf_str(&m));
	ipl_escape_json_string(b, ipl_buf_str(&k));
	ipl_buf_adds(b, ": ");
	/* "null" is no figure: the string is null too, never "null" */
	if (ipl_money_ok(ipl_money_round(amount)))
		ipl_escape_json_string(b, ipl_buf_str(&m));
	else
		ipl_buf_adds(b, "null");
	ipl_buf_release(&m);
	ipl_buf_release(&k);
}

void
ipl_json_string(struct ipl_buf *b, const char *key, const char *value)
{
	ipl_escape_json_string(b, key);
	ipl_buf_adds(b, ": ");
	if (value)
		ipl_escape_json_string(b, value);
	else
		ipl_buf_adds(b, "null");
}

static void
write_position(struct ipl_buf *b, const char *key, int n)
{
	if (n > 0)
		ipl_buf_addf(b, "\"%s\": %d", key, n);
	else
		ipl_buf_addf(b, "\"%s\": null", key);
}

void
ipl_json_diags(struct ipl_buf *b, const char *key, const struct ipl_diags *d, enum ipl_severity sev)
{
	size_t i, n = 0;

	ipl_escape_json_string(b, key);
	ipl_buf_adds(b, ": [");
	for (i = 0; d && i < d->nr; i++) {
		const struct ipl_diag *it = &d->items[i];

		if (it->severity != sev)
			continue;
		ipl_buf_adds(b, n++ ? ",\n    {" : "\n    {");
		ipl_json_string(b, "file", it->file && *it->file ? it->file : NULL);
		ipl_buf_adds(b, ", ");
		/* a line of 0 is the whole file: neither line nor column is known */
		write_position(b, "line", it->loc.line);
		ipl_buf_adds(b, ", ");
		write_position(b, "column", it->loc.line > 0 ? it->loc.col : 0);
		ipl_buf_adds(b, ", ");
		ipl_json_string(b, "message", it->message);
		ipl_buf_adds(b, "}");
	}
	ipl_buf_adds(b, n ? "\n  ]" : "]");
}

void
ipl_json_warnings(struct ipl_buf *b, const struct ipl_diags *d)
{
	ipl_json_diags(b, "warnings", d, IPL_WARNING);
}

void
ipl_json_append_warnings(struct ipl_buf *doc, const struct ipl_diags *d)
{
	if (doc->len < 3 || strcmp(doc->data + doc->len - 3, "\n}\n"))
		return;
	doc->len -= 3;
	doc->data[doc->len] = '\0';
	ipl_buf_adds(doc, ",\n  ");
	ipl_json_warnings(doc, d);
	ipl_buf_adds(doc, "\n}\n");
}
