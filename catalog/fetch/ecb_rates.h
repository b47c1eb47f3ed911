/*
 * ecb_rates.h: reads the ECB's euro foreign exchange reference rates,
 * eurofxref-daily.xml (https://www.ecb.europa.eu/stats/eurofxref/), with
 * libxml2, linked PRIVATE to ipl_providers. The shape:
 *
 *   <gesmes:Envelope ...><Cube><Cube time='2026-03-27'>
 *     <Cube currency='USD' rate='1.1539'/> ... </Cube></Cube></gesmes:Envelope>
 *
 * A rate says 1 EUR = rate units of the currency, as the catalog's rates do.
 * The parser never fetches anything the document points to (no DTD, no
 * external entities, no network).
 */
#ifndef IPL_ECB_RATES_H
#define IPL_ECB_RATES_H

#include "core/common.h"

#define IPL_ECB_MAX_RATES 64

struct ipl_ecb_rates {
	char date[11]; /* YYYY-MM-DD of the newest day in the file */
	struct {
		char code[4];
		double value;
	} rates[IPL_ECB_MAX_RATES];
	size_t nr;
};

/* -1 with a one-line reason in err */
int ipl_ecb_rates_parse(struct ipl_ecb_rates *out, const char *text, size_t len, char *err,
			size_t err_size);
/* the rate for code, or 0 when the file has none */
double ipl_ecb_rate(const struct ipl_ecb_rates *r, const char *code);

#endif
