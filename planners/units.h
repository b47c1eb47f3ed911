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
/*
 * Hints for common slips, said after the parser's refusal, into hint (size
 * bytes); 0, or -1 when there is none. A memory size the parser refused:
 * "2GiB" or "2gi" (did you mean "2Gi"?), a bare "512" (write "512Mi").
 */
int ipl_memory_hint(const char *s, char *hint, size_t size);
/*
 * A CPU quantity above max_millicores that is a bare number of cores, in range
 * as millicores: "1500" (did you mean "1500m"?).
 */
int ipl_cpu_hint(const char *s, double max_millicores, char *hint, size_t size);
/* a fraction: "5%" is 0.05, a bare number is taken as the fraction itself */
int ipl_parse_fraction(const char *s, double *frac, const char **why);
/* a strict decimal number: [-]digits[.digits][e[+-]digits], nothing else */
int ipl_parse_number(const char *s, double *out);

#endif
