/*
 * aws_offer_codes.h: the AWS Price List offer codes `prices update` reads,
 * and the price cache names its files after. Apart from the offer-file
 * filter (catalog/fetch/aws_offers.h) so that the cache needs no yajl.
 */
#ifndef IPL_AWS_OFFER_CODES_H
#define IPL_AWS_OFFER_CODES_H

#include "core/common.h"

/* the offer codes `prices update` reads, in the order it reads them */
extern const char *const ipl_aws_offer_codes[];
extern const size_t ipl_aws_offer_codes_nr;

#endif
