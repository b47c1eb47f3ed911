/*
 * ecb_rates.c: the ECB reference rates file to rates (ecb_rates.h). The file
 * is two kilobytes; libxml2 builds its tree, and we walk the Cube elements.
 */
#include "core/common.h"

#include <math.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/date.h"
#include "catalog/fetch/ecb_rates.h"

static bool
is_cube(xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)"Cube");
}

static bool
valid_date(const char *s)
{
	int ymd;

	return ipl_date_parse(s, &ymd, NULL) == 0;
}

static bool
valid_code(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

/* reads the rates of one <Cube time='...'>; -1 on a bad entry */
static int
read_day(struct ipl_ecb_rates *out, xmlNode *day, char *err, size_t err_size)
{
	xmlNode *c;

	out->nr = 0;
	for (c = day->children; c; c = c->next) {
		xmlChar *code, *rate;
		char *end;
		double v;
		int ok;
		if (!is_cube(c))
			continue;
		code = xmlGetProp(c, (const xmlChar *)"currency");
		rate = xmlGetProp(c, (const xmlChar *)"rate");
		ok = code && rate && valid_code((const char *)code);
		v = ok ? strtod((const char *)rate, &end) : 0;
		ok = ok && end != (char *)rate && !*end && isfinite(v) && v > 0;
		if (!ok) {
			snprintf(err, err_size,
				 "a Cube without a valid currency and rate (line %ld)",
				 (long)xmlGetLineNo(c));
		} else if (out->nr < IPL_ECB_MAX_RATES) {
			snprintf(out->rates[out->nr].code, sizeof(out->rates[0].code), "%s",
				 (const char *)code);
			out->rates[out->nr].value = v;
			out->nr++;
		}
		xmlFree(code);
		xmlFree(rate);
		if (!ok)
			return -1;
	}
	return 0;
}

/* depth-first: the newest <Cube time> wins (the daily file has one, the 90-day file many) */
static int
walk(struct ipl_ecb_rates *out, xmlNode *n, char *err, size_t err_size)
{
	for (; n; n = n->next) {
		xmlChar *time;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_cube(n) && (time = xmlGetProp(n, (const xmlChar *)"time"))) {
			int rc = 0;
			if (!valid_date((const char *)time)) {
				snprintf(err, err_size, "a Cube with a bad time \"%.20s\"",
					 (const char *)time);
				rc = -1;
			} else if (strcmp((const char *)time, out->date) > 0) {
				snprintf(out->date, sizeof(out->date), "%s", (const char *)time);
				rc = read_day(out, n, err, err_size);
			}
			xmlFree(time);
			if (rc < 0)
				return -1;
			continue;
		}
		if (walk(out, n->children, err, err_size) < 0)
			return -1;
	}
	return 0;
}

int
ipl_ecb_rates_parse(struct ipl_ecb_rates *out, const char *text, size_t len, char *err,
		    size_t err_size)
{
	xmlDoc *doc;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > INT32_MAX) {
		snprintf(err, err_size, "the rates file is too large");
		return -1;
	}
	/* no DTD, no entity substitution, no network: the file is data, never instructions */
	doc = xmlReadMemory(text, (int)len, "eurofxref-daily.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char msg[160];
		snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "parse error");
		msg[strcspn(msg, "\n")] = '\0';
		snprintf(err, err_size, "malformed XML at line %d: %s", e ? e->line : 0, msg);
		return -1;
	}
	rc = walk(out, xmlDocGetRootElement(doc), err, err_size);
	xmlFreeDoc(doc);
	if (rc == 0 && (!out->date[0] || !out->nr)) {
		snprintf(err, err_size,
			 "no <Cube time=...> with rates: not the ECB reference rates");
		rc = -1;
	}
	return rc;
}

double
ipl_ecb_rate(const struct ipl_ecb_rates *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->rates[i].code, code))
			return r->rates[i].value;
	return 0;
}
