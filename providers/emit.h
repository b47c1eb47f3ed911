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
 *   terraform/.gitignore backend.tf.example terraform.tfvars.example   (terraform_files.c)
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
	int mode;      /* 0644 */
	char hash[65]; /* hex SHA-256 of content once ipl_generate has hashed it, else "" */
};

struct ipl_fileset {
	struct ipl_file *files;
	size_t nr, alloc;
	/*
	 * files[0..sorted_nr) are sorted by path (ipl_fileset_sort): finds use
	 * bsearch there and look through the few added since (the manifest) one
	 * by one.
	 */
	size_t sorted_nr;
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

/*
 * After the Terraform emitter: .gitignore, backend.tf.example and
 * terraform.tfvars.example beside its variables.tf (nothing when there is none)
 */
int ipl_terraform_conventions(const struct ipl_plan *plan, struct ipl_fileset *out,
			      struct ipl_diags *diags);

/*
 * The description of the variable of a secret the spec names: what it is
 * (which services read it as which variable) and where it goes (store: "SSM
 * Parameter Store", "a koyeb_secret")
 */
void ipl_terraform_secret_description(struct ipl_buf *out, const struct ipl_spec *spec,
				      const char *secret, const char *store);

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
