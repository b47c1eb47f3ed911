/*
 * env.h: what infraplan takes from its environment, read once in main.c and
 * passed down (struct ipl_args.env), so that no library code reads a variable
 * or the clock: a test or another caller gives the same values as arguments.
 * GIT_AUTHOR_* and GIT_COMMITTER_* stay with planners/vcs_commit.c: they are
 * git's own convention for a commit's identity, read where git reads them.
 */
#ifndef IPL_ENV_H
#define IPL_ENV_H

#include "core/common.h"

struct ipl_env {
	bool offline;    /* --offline, or INFRAPLAN_OFFLINE set to anything but "" or "0" */
	char *cache_dir; /* $XDG_CACHE_HOME/infraplan or $HOME/.cache/infraplan; NULL: neither */
	int today;       /* YYYYMMDD (UTC): SOURCE_DATE_EPOCH when set, else the clock */
	char now[21];    /* "2026-11-22T11:50:30Z", by the same rule */
	const char *hcloud_token; /* HCLOUD_TOKEN, NULL when unset or empty */
};

void ipl_env_read(struct ipl_env *env, bool offline);
void ipl_env_release(struct ipl_env *env);

#endif
