/* units.c: see units.h. */
#include "core/common.h"

#include <ctype.h>
#include <math.h>

#include "planners/units.h"

int
ipl_parse_number(const char *s, double *out)
{
	const char *p = s;
	double v = 0, scale;
	int exp = 0, esign = 1, digits = 0;
	bool neg = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (*p == '.') {
		p++;
		scale = 0.1;
		while (isdigit((unsigned char)*p)) {
			v += (*p++ - '0') * scale;
			scale /= 10;
			digits++;
		}
	}
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			esign = *p++ == '-' ? -1 : 1;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p)) {
			if (exp < 10000)
				exp = exp * 10 + (*p - '0');
			p++;
		}
	}
	if (*p)
		return -1;
	/* strtod would be locale-dependent; exactness beyond 1e-12 does not matter here */
	if (exp)
		v *= pow(10, esign * exp);
	if (!isfinite(v))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* splits "12.5Gi" into 12.5 and "Gi" */
static int
split_unit(const char *s, double *num, const char **unit)
{
	char head[64];
	size_t i = 0;

	while (s[i] && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == '-' || s[i] == '+'))
		i++;
	/* an exponent, as YAML writes numbers (1e3), when digits follow: no unit starts with e */
	if (i > 0 && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (s[j] == '-' || s[j] == '+')
			j++;
		if (isdigit((unsigned char)s[j])) {
			while (isdigit((unsigned char)s[j]))
				j++;
			i = j;
		}
	}
	if (i == 0 || i >= sizeof(head))
		return -1;
	memcpy(head, s, i);
	head[i] = '\0';
	if (ipl_parse_number(head, num) < 0)
		return -1;
	*unit = s + i;
	while (**unit == ' ')
		(*unit)++;
	return 0;
}

int
ipl_parse_cpu(const char *s, double *millicores, const char **why)
{
	double v;
	const char *unit;

	*why = "expected CPU cores such as 0.25, 2 or 500m";
	if (split_unit(s, &v, &unit) < 0)
		return -1;
	if (!strcmp(unit, "m"))
		*millicores = v;
	else if (!*unit)
		*millicores = v * 1000;
	else
		return -1;
	return 0;
}

struct unit_factor {
	const char *unit;
	double factor;
};

static int
scaled(const char *s, const struct unit_factor *units, size_t n, bool bare_ok, double bare_factor,
       double *out)
{
	double v;
	const char *unit;
	size_t i;

	if (split_unit(s, &v, &unit) < 0)
		return -1;
	if (!*unit) {
		if (!bare_ok)
			return -1;
		*out = v * bare_factor;
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(unit, units[i].unit)) {
			*out = v * units[i].factor;
			return 0;
		}
	}
	return -1;
}

int
ipl_parse_memory(const char *s, double *mib, const char **why)
{
	static const struct unit_factor units[] = {
		{ "Ki", 1.0 / 1024 },    { "Mi", 1 },
		{ "Gi", 1024 },          { "Ti", 1024.0 * 1024 },
		{ "K", 1e3 / 1048576 },  { "M", 1e6 / 1048576 },
		{ "G", 1e9 / 1048576 },  { "T", 1e12 / 1048576 },
		{ "KB", 1e3 / 1048576 }, { "MB", 1e6 / 1048576 },
		{ "GB", 1e9 / 1048576 }, { "TB", 1e12 / 1048576 },
	};

	*why = "expected a memory size with a unit such as 512Mi, 2Gi or 1G";
	return scaled(s, units, IPL_ARRAY_SIZE(units), false, 0, mib);
}

/* strcmp, but for the case of ASCII letters */
static bool
same_letters(const char *a, const char *b)
{
	for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
		;
	return *a == *b;
}

/* the number of s as written, up to its unit: "1.5" of "1.5 GiB" */
static int
number_text(const char *s, const char *unit)
{
	int len = (int)(unit - s);

	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

int
ipl_memory_hint(const char *s, char *hint, size_t size)
{
	/* the units ipl_parse_memory takes, to match whatever the case */
	static const char *const units[] = { "Ki", "Mi", "Gi", "Ti", "K",  "M",
					     "G",  "T",  "KB", "MB", "GB", "TB" };
	char unit[4];
	const char *rest;
	double v;
	size_t i, n;

	if (split_unit(s, &v, &rest) < 0)
		return -1;
	if (!*rest) {
		/* "512" is MiB, "4" surely GiB: 4 MiB runs nothing */
		const char *u = v < 64 ? "Gi" : "Mi";
		snprintf(hint, size,
			 "a bare number could be bytes or MiB: write \"%.*s%s\" for %.*s %sB",
			 number_text(s, rest), s, u, number_text(s, rest), s, u);
		return 0;
	}
	/* "GiB", the IEC symbol, is Kubernetes' "Gi" */
	n = strlen(rest);
	if (n == 3 && (rest[1] == 'i' || rest[1] == 'I') && (rest[2] == 'B' || rest[2] == 'b'))
		n = 2;
	if (n > 2)
		return -1;
	memcpy(unit, rest, n);
	unit[n] = '\0';
	for (i = 0; i < IPL_ARRAY_SIZE(units); i++) {
		if (!same_letters(unit, units[i]))
			continue;
		snprintf(hint, size, "did you mean \"%.*s%s\"?", number_text(s, rest), s, units[i]);
		return 0;
	}
	return -1;
}

int
ipl_cpu_hint(const char *s, double max_millicores, char *hint, size_t size)
{
	double v;
	const char *rest;

	if (split_unit(s, &v, &rest) < 0 || *rest || v * 1000 <= max_millicores ||
	    v > max_millicores || v < 1)
		return -1;
	snprintf(hint, size, "did you mean \"%.*sm\" (%.10g cores)?", number_text(s, rest), s,
		 v / 1000);
	return 0;
}

int
ipl_parse_storage(const char *s, double *gb, const char **why)
{
	static const struct unit_factor units[] = {
		{ "Mi", 1048576 / 1e9 },
		{ "Gi", 1073741824 / 1e9 },
		{ "Ti", 1099511627776 / 1e9 },
		{ "M", 1e-3 },
		{ "G", 1 },
		{ "T", 1e3 },
		{ "MB", 1e-3 },
		{ "GB", 1 },
		{ "TB", 1e3 },
	};

	*why = "expected a storage size such as 50, 100GB, 1TB or 20Gi (a bare number is GB)";
	return scaled(s, units, IPL_ARRAY_SIZE(units), true, 1, gb);
}

int
ipl_parse_fraction(const char *s, double *frac, const char **why)
{
	double v;
	const char *unit;

	*why = "expected a fraction such as 0.05 or a percentage such as 5%";
	if (split_unit(s, &v, &unit) < 0)
		return -1;
	if (!strcmp(unit, "%"))
		*frac = v / 100;
	else if (!*unit)
		*frac = v;
	else
		return -1;
	return 0;
}
