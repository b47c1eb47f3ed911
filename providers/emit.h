/*
 * emit.h: what the providers emit (the provider table, planners/provider.c,
 * points at these).
 *
 * Emitters write into an ipl_fileset (paths relative to the output directory,
 * contents in buffers); cmd/gen.c writes the whole set atomically. Emitters
 * read the plan model (model/plan.h, types only) and never print or exit.
 *
 * Layout of a generated plan directory:
 *   terraform/versions.tf variables.tf main.tf outputs.tf   (not for provider none)
 *   nodes/NODE/cloud-init.yaml                               (#cloud-config user-data)
 *   nodes/NODE/systemd/UNIT                                  (the units cloud-init installs)
 *   COST.md cost.json                                        (cmd/gen.c)
 *   .infraplan-manifest                                      (hashes of what was generated)
 */
#ifndef IPL_EMIT_H
#define IPL_EMIT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/diag.h"
#include "model/plan.h"
#include "model/cost.h"
#include "model/provider.h"

struct ipl_file {
	char *path; /* relative, '/'-separated */
	struct ipl_buf content;
	int mode; /* 0644 */
};

struct ipl_fileset {
	struct ipl_file *files;
	size_t nr, alloc;
	bool sorted; /* set by ipl_fileset_sort, cleared by _add: finds use bsearch */
};

void ipl_fileset_init(struct ipl_fileset *fs);
void ipl_fileset_release(struct ipl_fileset *fs);
/* takes over content (it is reset to empty); returns the new file */
struct ipl_file *ipl_fileset_add(struct ipl_fileset *fs, const char *path, struct ipl_buf *content,
				 int mode);
const struct ipl_file *ipl_fileset_find(const struct ipl_fileset *fs, const char *path);
/* sorts by path, for a stable manifest */
void ipl_fileset_sort(struct ipl_fileset *fs);

/* the Terraform emitters, one per provider file */
int ipl_aws_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			   struct ipl_diags *diags);
int ipl_contabo_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			       struct ipl_diags *diags);
int ipl_hetzner_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			       struct ipl_diags *diags);
int ipl_koyeb_emit_terraform(const struct ipl_plan *plan, struct ipl_fileset *out,
			     struct ipl_diags *diags);

/* cloud-init user-data and systemd units for every node (providers/node_files.c) */
/*
 * where each server's data lives (a volume, or the server's own disk and what
 * replacing it would lose) and, for a split layout, the steps that migrate a
 * database off the single layout's server, as Markdown (node_data.c); nothing
 * is written when no server holds data
 */
void ipl_emit_data_notes(const struct ipl_plan *plan, struct ipl_buf *b);
/* nodes/README.md with those notes */
int ipl_emit_data_readme(const struct ipl_plan *plan, struct ipl_fileset *out);
int ipl_emit_node_files(const struct ipl_plan *plan, struct ipl_fileset *out,
			struct ipl_diags *diags);

#endif
