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
#include "planners/cost.h"
#include "planners/plan.h"
#include "providers/emit.h"

struct ipl_run {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec;
	struct ipl_catalog *catalog;
};

void ipl_run_init(struct ipl_run *run);
/* prints the diagnostics and frees everything */
void ipl_run_finish(struct ipl_run *run);
/* loads spec and catalog; returns an exit status (IPL_EXIT_OK to go on) */
int ipl_run_load(struct ipl_run *run, const char *spec_path);
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
int ipl_run_plan(struct ipl_run *run, const char *spec_rel, bool rightsized,
		 struct ipl_plan **plan, struct ipl_cost **cost, struct ipl_fileset *fs);

#endif
