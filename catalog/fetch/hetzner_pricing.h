/*
 * hetzner_pricing.h: reads the answer of Hetzner Cloud's GET /v1/pricing
 * (docs.hetzner.cloud, "Pricing"; the call needs an API token, HCLOUD_TOKEN). Every money
 * value there is a string with "net" and "gross"; infraplan's catalog is net
 * (excluding VAT), monthly, for one location.
 */
#ifndef IPL_HETZNER_PRICING_H
#define IPL_HETZNER_PRICING_H

#include "core/common.h"

/* Hetzner's EU prices are the same in fsn1, nbg1 and hel1; the catalog is for the EU */
#define IPL_HETZNER_DEFAULT_LOCATION "fsn1"

struct ipl_hetzner_price {
	char *name; /* server type "cx33", or "primary-ipv4" */
	bool is_server;
	double monthly_net;
	double hourly_net; /* 0 when not given */
};

struct ipl_hetzner_pricing {
	char currency[8]; /* "EUR" */
	char vat_rate[16];
	struct ipl_hetzner_price *prices;
	size_t nr;
};

/* the prices at location; -1 with a one-line reason in err */
int ipl_hetzner_pricing_parse(struct ipl_hetzner_pricing *out, const char *text, size_t len,
			      const char *location, char *err, size_t err_size);
void ipl_hetzner_pricing_release(struct ipl_hetzner_pricing *p);

#endif
