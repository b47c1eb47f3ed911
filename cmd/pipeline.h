/*
 * pipeline.h: the steps every planning command takes (load the spec, load the
 * catalog, build the plan, price it, generate its files), with the
 * diagnostics reported once. Not a subcommand: shared by validate.c, plan.c,
 * cost.c and gen.c.
 */
#ifndef IPL_PIPELINE_H
#define IPL_PIPELINE_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"
#include "cmd/env.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "providers/emit.h"

struct ipl_run {
	const struct ipl_env *env;
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	struct ipl_catalog *catalog;
	const char *catalog_region; /* the AWS region catalog was loaded for, NULL: the default */
};

void ipl_run_init(struct ipl_run *run, const struct ipl_env *env);
/* prints the diagnostics and frees everything */
void ipl_run_finish(struct ipl_run *run);
/*
 * Moves the run's warnings, sorted, into warnings (initialised here; the
 * caller releases it), so that a JSON document carries them (docs/json.md)
 * and ipl_run_finish prints only the errors and notes.
 */
void ipl_run_take_warnings(struct ipl_run *run, struct ipl_diags *warnings);
/* loads spec and catalog; returns an exit status (IPL_EXIT_OK to go on) */
int ipl_run_load(struct ipl_run *run, const char *spec_path);
/* the same from text, a spec not (yet) in a file: label names it in diagnostics */
int ipl_run_load_text(struct ipl_run *run, const char *label, const char *text, size_t len);
/*
 * Plans spec on the run's catalog and prices it in currency (NULL: the
 * spec's): the one "plan + cost" of every command. opts is NULL, or a
 * --tiers or --hours variant. With errors_only, warnings are dropped (said
 * already for the spec as written, or belonging to plan and gen) and only
 * errors reach diags. Returns an exit status (IPL_EXIT_OK to go on).
 */
int ipl_run_cost(struct ipl_run *run, const struct ipl_spec *spec,
		 const struct ipl_plan_options *opts, const char *currency, bool errors_only,
		 struct ipl_plan **plan, struct ipl_cost **cost, struct ipl_diags *diags);
/*
 * A spec read from git (diff, history): parsed from text under label, the
 * catalog loaded for its region as ipl_run_load does, then ipl_run_cost with
 * errors only, into diags; the plan (in the run's arena) through plan when
 * not NULL. Returns an exit status.
 */
int ipl_run_cost_text(struct ipl_run *run, const char *label, const struct ipl_buf *text,
		      const char *currency, struct ipl_plan **plan, struct ipl_cost **cost,
		      struct ipl_diags *diags);
/*
 * The path (plan_dir/spec_rel) of the spec a plan's manifest names, when it
 * is a regular file inside the work tree holding plan_dir (outside_root when
 * plan_dir is in no repository): a manifest comes from the repository, and
 * must not make infraplan read (and quote in its errors) a file elsewhere.
 * NULL with an error otherwise; the caller frees it.
 */
char *ipl_plan_spec_path(const char *plan_dir, const char *spec_rel, const char *outside_root,
			 struct ipl_diags *diags);
/*
 * Plans the loaded spec, prices it in the spec's currency and generates every
 * file gen would write, in memory (into fs, or dropped when fs is NULL), then
 * adds the budget check's warnings. Every check that can refuse a spec runs
 * here, including the emitters' own, so validate, plan and gen accept the
 * same specs and report the same diagnostics. spec_rel is the spec's path as
 * the manifest names it. Returns an exit status (IPL_EXIT_OK to go on).
 */
int ipl_run_plan(struct ipl_run *run, const char *spec_rel, bool rightsized, struct ipl_plan **plan,
		 struct ipl_cost **cost, struct ipl_fileset *fs);

#endif
