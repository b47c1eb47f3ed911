/*
 * generate.h: everything `gen` writes for a plan, as an in-memory file set:
 * the provider's Terraform, cloud-init and systemd files per node, COST.md and
 * cost.json, and the manifest. Shared by `gen` (which writes it) and `check`
 * (which compares it with what is committed).
 */
#ifndef IPL_GENERATE_H
#define IPL_GENERATE_H

#include "core/diag.h"
#include "planners/cost.h"
#include "planners/plan.h"
#include "providers/emit.h"

/*
 * Fills fs (sorted by path) and adds the manifest as its last file, naming
 * spec_rel, the spec's path relative to the plan directory. -1 with errors.
 */
int ipl_generate(const struct ipl_plan *plan, const struct ipl_cost *cost, const char *spec_rel,
		 bool rightsized, struct ipl_fileset *fs, struct ipl_diags *diags);

#endif
