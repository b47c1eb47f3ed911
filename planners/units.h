/*
 * units.h: the quantities a spec writes as text: CPU ("0.25", "250m", 2),
 * memory ("512Mi", "2Gi", "1G"), storage ("100GB", "1TB", "20Gi", 50),
 * and fractions ("5%", 0.05); dates are core/date.h. Each parser returns 0 or
 * -1 with a message (static text) saying what was expected.
 */
#ifndef IPL_UNITS_H
#define IPL_UNITS_H

#include "core/common.h"

/* millicores */
int ipl_parse_cpu(const char *s, double *millicores, const char **why);
/* MiB; a bare number is refused, as bytes or MiB would be a guess */
int ipl_parse_memory(const char *s, double *mib, const char **why);
/* GB (10^9 bytes); a bare number is GB */
int ipl_parse_storage(const char *s, double *gb, const char **why);
/* a fraction: "5%" is 0.05, a bare number is taken as the fraction itself */
int ipl_parse_fraction(const char *s, double *frac, const char **why);
/* a strict decimal number: [-]digits[.digits][e[+-]digits], nothing else */
int ipl_parse_number(const char *s, double *out);

#endif
