/*
 * prices_update.h: `prices update`'s descriptor and option table, shared by
 * the helper that runs it and infraplan, which describes it
 * (prices_update_opts.c).
 */
#ifndef IPL_PRICES_UPDATE_H
#define IPL_PRICES_UPDATE_H

#include "core/common.h"
#include "cmd/cmd.h"

/* what the options of prices update set */
struct ipl_prices_update_values {
	int provider; /* IPL_PRICES_* of catalog/fetch/price_update.h */
	const char *region, *base_url, *spot_url;
	bool quiet;
};

#define IPL_PRICES_UPDATE_OPTS 6 /* the options and the end */
extern const struct ipl_cmd ipl_cmd_prices_update;
/* fills opts with the table over v, and v with the defaults */
void ipl_prices_update_options(struct ipl_option opts[IPL_PRICES_UPDATE_OPTS],
			       struct ipl_prices_update_values *v);

#endif
