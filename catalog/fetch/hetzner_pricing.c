/*
 * hetzner_pricing.c: GET /v1/pricing's answer to prices (hetzner_pricing.h).
 * The answer is a few tens of kilobytes, so it is read whole with jansson.
 */
#include "core/common.h"

#include <math.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "catalog/fetch/hetzner_pricing.h"

/* "6.4900000000" -> 6.49; -1 when it is not a non-negative decimal */
static double
money(json_t *price, const char *which)
{
	const char *s = json_string_value(json_object_get(json_object_get(price, which), "net"));
	char *end;
	double v;

	if (!s)
		return -1;
	v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v < 0)
		return -1;
	return v;
}

static json_t *
at_location(json_t *prices, const char *location)
{
	size_t i;
	json_t *p;

	json_array_foreach(prices, i, p)
	{
		const char *loc = json_string_value(json_object_get(p, "location"));
		if (loc && !strcmp(loc, location))
			return p;
	}
	return NULL;
}

static void
add(struct ipl_hetzner_pricing *out, size_t *alloc, const char *name, bool server, double monthly,
    double hourly)
{
	out->prices = ipl_xgrow(out->prices, sizeof(*out->prices), out->nr + 1, alloc);
	out->prices[out->nr].name = ipl_xstrdup(name);
	out->prices[out->nr].is_server = server;
	out->prices[out->nr].monthly_net = monthly;
	out->prices[out->nr].hourly_net = hourly > 0 ? hourly : 0;
	out->nr++;
}

int
ipl_hetzner_pricing_parse(struct ipl_hetzner_pricing *out, const char *text, size_t len,
			  const char *location, char *err, size_t err_size)
{
	json_error_t jerr;
	json_t *root, *pricing, *types, *t, *ips, *ip;
	const char *currency, *vat;
	size_t i, alloc = 0;

	memset(out, 0, sizeof(*out));
	root = json_loadb(text, len, 0, &jerr);
	if (!root) {
		snprintf(err, err_size, "malformed JSON at byte %d: %s", jerr.position, jerr.text);
		return -1;
	}
	pricing = json_object_get(root, "pricing");
	types = json_object_get(pricing, "server_types");
	currency = json_string_value(json_object_get(pricing, "currency"));
	if (!json_is_object(pricing) || !json_is_array(types) || !currency) {
		snprintf(err, err_size,
			 "not a /v1/pricing answer: no pricing.server_types or currency");
		json_decref(root);
		return -1;
	}
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	vat = json_string_value(json_object_get(pricing, "vat_rate"));
	snprintf(out->vat_rate, sizeof(out->vat_rate), "%s", vat ? vat : "");
	json_array_foreach(types, i, t)
	{
		const char *name = json_string_value(json_object_get(t, "name"));
		json_t *p = at_location(json_object_get(t, "prices"), location);
		double m;
		/* a type not sold at this location has no price there */
		if (!name || !p)
			continue;
		m = money(p, "price_monthly");
		if (m < 0) {
			snprintf(err, err_size, "server type \"%s\" has no valid price_monthly.net",
				 name);
			json_decref(root);
			ipl_hetzner_pricing_release(out);
			return -1;
		}
		add(out, &alloc, name, true, m, money(p, "price_hourly"));
	}
	/* the primary IPv4 address every server with a public IPv4 pays for */
	ips = json_object_get(pricing, "primary_ips");
	json_array_foreach(ips, i, ip)
	{
		const char *type = json_string_value(json_object_get(ip, "type"));
		json_t *p = at_location(json_object_get(ip, "prices"), location);
		double m;
		if (!type || strcmp(type, "ipv4") || !p)
			continue;
		m = money(p, "price_monthly");
		if (m >= 0)
			add(out, &alloc, "primary-ipv4", false, m, money(p, "price_hourly"));
	}
	json_decref(root);
	if (!out->nr) {
		snprintf(err, err_size, "no prices for location \"%s\"", location);
		return -1;
	}
	return 0;
}

void
ipl_hetzner_pricing_release(struct ipl_hetzner_pricing *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		free(p->prices[i].name);
	free(p->prices);
	memset(p, 0, sizeof(*p));
}
