/*
 * catalog_embedded.c: the embedded catalog, compiled into C data at build
 * time by catalog_compile.c from the JSON files of catalog/data/ (no JSON is parsed at
 * run time). The offers, their prices and the rates are copied into the
 * run's arena, because the price cache marks and merges into them
 * (catalog_cache.c); the strings stay in the binary's read-only data.
 */
#include "core/common.h"

#include "catalog/catalog.h"

extern const struct ipl_catalog ipl_catalog_compiled;

int
ipl_catalog_load_embedded(struct ipl_catalog **out, struct ipl_arena *arena,
			  struct ipl_diags *diags)
{
	const struct ipl_catalog *src = &ipl_catalog_compiled;
	struct ipl_catalog *cat = IPL_ARENA_NEW(arena, struct ipl_catalog);
	size_t i;

	(void)diags; /* a broken catalog file fails the build instead */
	*cat = *src;
	cat->name = "embedded";
	cat->offers = IPL_ARENA_ARRAY(arena, struct ipl_offer, src->offers_nr + 1);
	memcpy(cat->offers, src->offers, src->offers_nr * sizeof(*cat->offers));
	for (i = 0; i < cat->offers_nr; i++) {
		struct ipl_offer *o = &cat->offers[i];
		o->prices = IPL_ARENA_ARRAY(arena, struct ipl_price, o->prices_nr + 1);
		memcpy(o->prices, src->offers[i].prices, o->prices_nr * sizeof(*o->prices));
	}
	cat->rates = IPL_ARENA_ARRAY(arena, struct ipl_rate_entry, src->rates_nr + 1);
	memcpy(cat->rates, src->rates, src->rates_nr * sizeof(*cat->rates));
	*out = cat;
	return 0;
}
