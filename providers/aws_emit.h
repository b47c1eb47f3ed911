/*
 * aws_emit.h: private to the AWS module (providers/aws*.c): the state of
 * writing one plan's Terraform for AWS, AWS's name limits, and the pieces the
 * files of that job share. Nothing outside them includes it; the entry point,
 * ipl_aws_emit_terraform, is in emit.h.
 */
#ifndef IPL_AWS_EMIT_H
#define IPL_AWS_EMIT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "providers/emit.h"
#include "providers/hcl.h"

/* AWS name limits (the API references of each resource) */
#define AWS_LB_NAME_MAX 32 /* load balancers and target groups */
#define AWS_IAM_ROLE_NAME_MAX 64
#define AWS_RDS_ID_MAX 63
#define AWS_CACHE_ID_MAX 40 /* ElastiCache cluster_id */
#define AWS_SQS_NAME_MAX 80
#define AWS_S3_PREFIX_MAX 37 /* bucket_prefix: the provider adds 26 characters */
#define AWS_NAME_MAX 255     /* everything else we name */
/* gp3 RDS storage for PostgreSQL and MySQL starts at 20 GiB */
#define AWS_RDS_MIN_STORAGE_GB 20
/* RDS backups and ElastiCache snapshots: 0 to 35 days */
#define AWS_RETENTION_MAX 35

struct ipl_aws_emit {
	const struct ipl_plan *plan;
	const struct ipl_spec *spec;
	struct ipl_diags *diags;
	struct ipl_hcl h;
	const struct ipl_plan_node *default_public; /* the load balancer's default target */
	bool any_fargate, any_public;
	struct ipl_strmap nodes;   /* node name -> its struct ipl_plan_node */
	struct ipl_strmap secrets; /* secret name -> its first struct ipl_env_var in the spec */
};

/* aws.c */
const char *ipl_aws_lbl(struct ipl_buf *b, const char *name);
const char *ipl_aws_name(const struct ipl_spec *spec, const char *suffix, size_t max, char *buf);
bool ipl_aws_node_is(const struct ipl_plan_node *n, enum ipl_aws_kind kind);
bool ipl_aws_behind_load_balancer(const struct ipl_plan_node *n);
const struct ipl_plan_node *ipl_aws_node_named(const struct ipl_aws_emit *a, const char *name);
/* does a service before env var ei of service si already name its secret? */
bool ipl_aws_secret_seen_before(const struct ipl_aws_emit *a, size_t si, size_t ei);
void ipl_aws_output(struct ipl_hcl *h, const char *name, const char *description,
		    const char *value);

/* aws_network.c */
bool ipl_aws_serves_https(const struct ipl_aws_emit *a);
const char *ipl_aws_listener(const struct ipl_aws_emit *a);
void ipl_aws_network(struct ipl_aws_emit *a);
void ipl_aws_security_group(struct ipl_aws_emit *a, const char *label, const char *suffix,
			    const char *description);
void ipl_aws_ingress(struct ipl_aws_emit *a, const char *name, const char *sg, int port,
		     const char *from_sg);
void ipl_aws_load_balancer(struct ipl_aws_emit *a);
bool ipl_aws_uses_data(const struct ipl_aws_emit *a, const struct ipl_plan_node *n);
void ipl_aws_client_groups(struct ipl_aws_emit *a);
void ipl_aws_ingress_from_clients(struct ipl_aws_emit *a, const char *sg, int port,
				  const struct ipl_plan_node *data);

/* aws_ecs.c */
void ipl_aws_cluster(struct ipl_aws_emit *a);
void ipl_aws_secrets(struct ipl_aws_emit *a);
void ipl_aws_fargate_service(struct ipl_aws_emit *a, const struct ipl_plan_node *n);

/* aws_data.c */
void ipl_aws_database(struct ipl_aws_emit *a, const struct ipl_plan_node *n);
void ipl_aws_cache(struct ipl_aws_emit *a, const struct ipl_plan_node *n);
void ipl_aws_queue(struct ipl_aws_emit *a, const struct ipl_plan_node *n);
void ipl_aws_bucket(struct ipl_aws_emit *a, const struct ipl_plan_node *n);

/* aws_billing.c */
void ipl_aws_billing_alarm(struct ipl_aws_emit *a);

#endif
