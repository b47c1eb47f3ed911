/*
 * selfhosted.h: what the Terraform of the VPS providers (Contabo, Hetzner)
 * shares: the SSH variables, the names of a node's resources, the
 * user-data reference, the public ports a node opens, and the lifecycle
 * rules that keep a server from being replaced or destroyed behind the
 * user's back.
 */
#ifndef IPL_SELFHOSTED_H
#define IPL_SELFHOSTED_H

#include "core/buf.h"
#include "core/diag.h"
#include "model/plan.h"
#include "providers/hcl.h"

/* ssh_public_key and ssh_allowed_cidrs, with the spec's values as defaults */
void ipl_selfhosted_ssh_variables(struct ipl_hcl *h, const struct ipl_spec *spec);
/*
 * the region (or location) variable: the spec's region as the default (else
 * dflt) and a validation block that accepts only the provider's names, so a
 * typo fails at plan time and not halfway through an apply; a spec region
 * outside the list is an error (-1)
 */
int ipl_selfhosted_region_variable(struct ipl_hcl *h, const struct ipl_plan *plan, const char *var,
				   const char *description, const char *const *allowed,
				   size_t allowed_nr, const char *dflt, struct ipl_diags *diags);
/* "app_server" style label for a node's resources: names are [a-z0-9-] */
void ipl_selfhosted_label(struct ipl_buf *b, const char *name);
/* a node's resource name as an HCL string: "PLAN-NODE", or "PLAN-NODE-${count.index + 1}"
   for a node with copies */
void ipl_selfhosted_name(struct ipl_buf *b, const struct ipl_plan *plan,
			 const struct ipl_plan_node *n);
/* file("${path.module}/../nodes/NODE/cloud-init.yaml"): the node's user data */
void ipl_selfhosted_user_data(struct ipl_buf *b, const struct ipl_plan_node *n);
/*
 * the TCP ports a node opens to the internet, sorted, without duplicates, as
 * an array the caller frees, and their count in *nr. A database node of a
 * split layout and a service bound to the private address open nothing,
 * whatever the services say.
 */
int *ipl_selfhosted_public_ports(const struct ipl_plan_node *n, size_t *nr);
/*
 * a server's lifecycle block, with the comment that says why: ignore_changes
 * lists the attributes (the resource's own names, e.g. "user_data, image,
 * ssh_keys") whose change would make the provider replace the server, and a
 * node with a stateful service also gets prevent_destroy
 */
void ipl_selfhosted_lifecycle(struct ipl_hcl *h, const struct ipl_plan_node *n,
			      const char *ignore_changes);

/*
 * moved blocks for the nodes that had another name in the other layout
 * (node->moved_from: single's main is split's app), for its server resource
 * type ("hcloud_server": to the first copy, [0], of a node with copies) and
 * its firewall's. A moved block whose old address holds nothing is a no-op,
 * so a plan that starts split carries them harmlessly; they are derived from
 * the layout rule, never from a previous plan directory, so that the output
 * depends on the spec alone.
 */
void ipl_selfhosted_moved(struct ipl_hcl *h, const struct ipl_plan *plan, const char *server,
			  const char *firewall);
/* "db_postgres": the Terraform name of a node's volume, by node and service */
void ipl_selfhosted_volume_label(struct ipl_buf *b, const char *node,
				 const struct ipl_plan_volume *v);
/* the placeholder in nodes/NODE/cloud-init.yaml that Terraform replaces by the volume's id */
void ipl_selfhosted_volume_token(struct ipl_buf *b, const char *node,
				 const struct ipl_plan_volume *v);

#endif
