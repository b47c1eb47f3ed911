/* env.c: see env.h. The only reader of the environment and the clock. */
#include "core/common.h"

#include <errno.h>
#include <time.h>

#include "cmd/env.h"
#include "core/buf.h"
#include "core/date.h"

static char *
cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct ipl_buf b = IPL_BUF_INIT;

	/* the XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored */
	if (xdg && xdg[0] == '/')
		ipl_buf_addf(&b, "%s/infraplan", xdg);
	else if (home && home[0])
		ipl_buf_addf(&b, "%s/.cache/infraplan", home);
	else
		return NULL;
	return ipl_buf_detach(&b, NULL);
}

static time_t
now_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	/* reproducible-builds.org: a decimal count of seconds; anything else is ignored */
	if (s && *s) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

void
ipl_env_read(struct ipl_env *env, bool offline)
{
	const char *s = getenv("INFRAPLAN_OFFLINE");
	time_t t = now_epoch();
	struct tm tm;
	char day[11];

	memset(env, 0, sizeof(*env));
	env->offline = offline || (s && s[0] && strcmp(s, "0") != 0);
	env->cache_dir = cache_dir();
	env->hcloud_token = getenv("HCLOUD_TOKEN");
	if (env->hcloud_token && !*env->hcloud_token)
		env->hcloud_token = NULL;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm)), tm.tm_year = 70, tm.tm_mday = 1;
	env->today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	ipl_date_format(env->today, day);
	snprintf(env->now, sizeof(env->now), "%sT%02d:%02d:%02dZ", day, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

void
ipl_env_release(struct ipl_env *env)
{
	free(env->cache_dir);
	env->cache_dir = NULL;
}
