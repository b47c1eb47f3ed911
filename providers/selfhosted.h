/*
 * selfhosted.h: what the Terraform of the VPS providers (Contabo, Hetzner)
 * shares: the SSH variables, the names of a node's resources, the
 * user-data reference, and the public ports a node opens.
 */
#ifndef IPL_SELFHOSTED_H
#define IPL_SELFHOSTED_H

#include "core/buf.h"
#include "planners/plan.h"
#include "providers/hcl.h"

/* ssh_public_key and ssh_allowed_cidrs, with the spec's values as defaults */
void ipl_selfhosted_ssh_variables(struct ipl_hcl *h, const struct ipl_spec *spec);
/* "app_server" style label for a node's resources: names are [a-z0-9-] */
void ipl_selfhosted_label(struct ipl_buf *b, const char *name);
/* the public TCP ports of a node's services, sorted, without duplicates; returns the count */
size_t ipl_selfhosted_public_ports(const struct ipl_plan_node *n, int *ports, size_t max);

#endif
