/*
 * aws_offer_codes.c: the AWS offer codes (aws_offer_codes.h), apart from the
 * offer-file filter so that the price cache can name its files without
 * linking yajl.
 */
#include "core/common.h"

#include "catalog/aws_offer_codes.h"

const char *const ipl_aws_offer_codes[] = {
	"AmazonECS", "AmazonRDS", "AmazonElastiCache", "AWSQueueService", "AmazonS3",
};
const size_t ipl_aws_offer_codes_nr = IPL_ARRAY_SIZE(ipl_aws_offer_codes);
