/*
 * commit_message.c: see commit_message.h. The change is taken from the
 * committed cost.json, not by re-planning the old spec, so that it is the
 * difference between the two plans as committed (prices of their day,
 * --rightsize or not), which is what a reviewer compares.
 */
#include "core/common.h"

#include <jansson.h>

#include "core/json.h"
#include "planners/commit_message.h"

/* an ISO 4217 code: three capital letters (a committed file could hold a line break) */
static bool
currency_code(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

/*
 * The total and currency of a cost.json: 1, or 0 when it is not one or holds
 * no real total, or the schema_version it says when this build does not know
 * it (a document without one is from before schema_version: read as 1).
 */
static int
read_total(const struct ipl_buf *json, double *total, char currency[8])
{
	json_t *root = json_loadb(json->data ? json->data : "", json->len, 0, NULL);
	json_t *t = json_object_get(root, "monthly_total");
	json_t *c = json_object_get(root, "currency");
	json_t *v = json_object_get(root, "schema_version");
	bool ok = json_is_number(t) && json_is_string(c) && currency_code(json_string_value(c));
	int rc;

	/* a total no estimate would write (inf from an old absurd price) is no total */
	ok = ok && ipl_money_ok(json_number_value(t));
	if (v && (!json_is_integer(v) || json_integer_value(v) != IPL_JSON_SCHEMA_VERSION)) {
		json_int_t n = json_is_integer(v) ? json_integer_value(v) : -1;
		/* a version we cannot name (not a small positive integer) is no cost.json */
		rc = n > 0 && n < 1000000 ? (int)n : 0;
	} else {
		rc = ok ? 1 : 0;
		if (ok) {
			*total = json_number_value(t);
			snprintf(currency, 8, "%s", json_string_value(c));
		}
	}
	json_decref(root);
	return rc;
}

void
ipl_commit_message(const struct ipl_cost *cost, const struct ipl_buf *previous, const char *body,
		   const struct ipl_plan_diff *change, struct ipl_buf *out)
{
	double before = 0, delta;
	char currency[8];
	size_t i;
	int known;

	ipl_buf_addf(out, "%s: ", cost->name);
	ipl_money_format(out, cost->monthly_total);
	ipl_buf_addf(out, " %s/month (", cost->currency);
	if (!previous) {
		ipl_buf_adds(out, "new plan");
	} else if ((known = read_total(previous, &before, currency)) == 0) {
		ipl_buf_adds(out, "change unknown: the committed cost.json is unreadable");
	} else if (known > 1) {
		ipl_buf_addf(out,
			     "change unknown: the committed cost.json has schema_version %d, this "
			     "infraplan reads %d",
			     known, IPL_JSON_SCHEMA_VERSION);
	} else if (strcmp(currency, cost->currency)) {
		ipl_buf_adds(out, "was ");
		ipl_money_format(out, before);
		ipl_buf_addf(out, " %s", currency);
	} else if ((delta = ipl_money_round(cost->monthly_total - before)) == 0) {
		ipl_buf_adds(out, "no change");
	} else {
		ipl_buf_adds(out, delta > 0 ? "+" : "-");
		ipl_money_format(out, delta > 0 ? delta : -delta);
	}
	ipl_buf_adds(out, ")\n");
	if (body && *body)
		ipl_buf_addf(out, "\n%s\n", body);
	if (change && change->stateful_nr) {
		ipl_buf_adds(out, "\nWarning: this change destroys or replaces resources that hold "
				  "data:\n");
		for (i = 0; i < change->stateful_nr; i++)
			ipl_buf_addf(out, "- %s\n", change->stateful[i].reason);
	}
}
