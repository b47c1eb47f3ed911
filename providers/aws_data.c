/*
 * aws_data.c: the managed data services of the AWS module's main.tf: RDS
 * databases (backup retention, storage autoscaling), ElastiCache clusters,
 * SQS queues with their dead-letter queue, and S3 buckets. Part of the AWS
 * module (aws.c).
 */
#include "core/common.h"

#include "catalog/catalog.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "providers/aws_emit.h"
#include "providers/emit.h"
#include "providers/hcl.h"
#include "providers/selfhosted.h"

/* ---- main.tf: data ---- */

static int
clamp_retention(int days)
{
	return days < 0 ? 0 : days > AWS_RETENTION_MAX ? AWS_RETENTION_MAX : days;
}

void
ipl_aws_database(struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	const struct ipl_service *s = n->services[0].svc;
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = ipl_aws_lbl(&l, n->name);
	bool pg = s->kind == IPL_KIND_POSTGRES;
	int port = pg ? 5432 : 3306;
	double storage = n->aws.storage_gb, storage_max = n->aws.storage_max_gb;
	char name[AWS_NAME_MAX + 1], id[AWS_NAME_MAX + 1], sg[AWS_NAME_MAX + 1],
		rule[AWS_NAME_MAX + 1];

	if (storage < AWS_RDS_MIN_STORAGE_GB) {
		ipl_warning(a->diags, a->spec->path,
			    s->storage_gb.v != IPL_UNSET ? s->storage_gb.loc : s->loc,
			    "RDS gp3 storage starts at %d GB; database \"%s\" gets %d GB, not %.0f",
			    AWS_RDS_MIN_STORAGE_GB, n->name, AWS_RDS_MIN_STORAGE_GB, storage);
		storage = AWS_RDS_MIN_STORAGE_GB;
	}
	/* max_allocated_storage below allocated_storage is refused */
	if (storage_max < storage)
		storage_max = storage;
	ipl_aws_name(a->spec, n->name, AWS_NAME_MAX, name);
	snprintf(sg, sizeof(sg), "db_%s", label);
	snprintf(rule, sizeof(rule), "db-%s", n->name);
	ipl_aws_security_group(a, sg, rule,
			       "database: reachable from the services that depend on it only");
	ipl_aws_ingress_from_clients(a, sg, port, n);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_db_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", name);
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "the master password lives in Secrets Manager (output "
			   "*_master_user_secret_arn),\nnever in this file or the state");
	ipl_hcl_open(h, "resource \"aws_db_instance\" \"%s\"", label);
	ipl_hcl_str(h, "identifier", ipl_aws_name(a->spec, n->name, AWS_RDS_ID_MAX, id));
	ipl_hcl_str(h, "engine", pg ? "postgres" : "mysql");
	ipl_hcl_str(h, "instance_class", n->type->product_id);
	ipl_hcl_expr(h, "allocated_storage", "%.0f", storage);
	ipl_hcl_expr(h, "max_allocated_storage", "%.0f", storage_max);
	ipl_hcl_str(h, "storage_type", "gp3");
	ipl_hcl_expr(h, "storage_encrypted", "true");
	ipl_hcl_expr(h, "publicly_accessible", "false");
	ipl_hcl_str(h, "username", "app");
	ipl_hcl_expr(h, "manage_master_user_password", "true");
	ipl_hcl_expr(h, "db_subnet_group_name", "aws_db_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "vpc_security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "backup_retention_period", "%d", clamp_retention(n->aws.retention_days));
	/*
	 * never destroyed without a snapshot, and never apply_immediately: a
	 * change that restarts or resizes the database waits for the
	 * maintenance window instead of happening during the apply
	 */
	ipl_hcl_expr(h, "deletion_protection", "true");
	ipl_hcl_expr(h, "skip_final_snapshot", "false");
	snprintf(rule, sizeof(rule), "%s-final", n->name);
	ipl_hcl_str(h, "final_snapshot_identifier", ipl_aws_name(a->spec, rule, AWS_NAME_MAX, id));
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

static const char cache_encryption_comment[] =
	"013: a replication group of one node, since only it encrypts Redis: in\n"
	"transit (TLS; clients connect with rediss://) and at rest, and it asks\n"
	"for the auth token (AUTH), a variable: the same node price as a cluster.";

void
ipl_aws_cache(struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = ipl_aws_lbl(&l, n->name);
	char name[AWS_NAME_MAX + 1], sg[AWS_NAME_MAX + 1], rule[AWS_NAME_MAX + 1];

	snprintf(sg, sizeof(sg), "cache_%s", label);
	snprintf(rule, sizeof(rule), "cache-%s", n->name);
	ipl_aws_security_group(a, sg, rule,
			       "cache: reachable from the services that depend on it only");
	ipl_aws_ingress_from_clients(a, sg, 6379, n);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_elasticache_subnet_group\" \"%s\"", label);
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, n->name, AWS_NAME_MAX, name));
	ipl_hcl_expr(h, "subnet_ids", "local.private_subnet_ids");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, cache_encryption_comment);
	ipl_hcl_open(h, "resource \"aws_elasticache_replication_group\" \"%s\"", label);
	ipl_hcl_str(h, "replication_group_id",
		    ipl_aws_name(a->spec, n->name, AWS_CACHE_ID_MAX, name));
	snprintf(rule, sizeof(rule), "cache %s", n->name);
	ipl_hcl_str(h, "description", rule);
	ipl_hcl_str(h, "engine", "redis");
	ipl_hcl_str(h, "node_type", n->type->product_id);
	ipl_hcl_expr(h, "num_cache_clusters", "1");
	ipl_hcl_expr(h, "port", "6379");
	ipl_hcl_expr(h, "transit_encryption_enabled", "true");
	ipl_hcl_expr(h, "at_rest_encryption_enabled", "true");
	ipl_hcl_expr(h, "auth_token", "var.%s_auth_token", label);
	ipl_warning(a->diags, a->spec->path, n->services[0].svc->loc,
		    "cache \"%s\" asks for a password: set TF_VAR_%s_auth_token (16 to 128 "
		    "characters) before the apply, and give the services that use it "
		    "rediss://:TOKEN@ENDPOINT:6379 in their secret",
		    n->name, label);
	ipl_hcl_expr(h, "subnet_group_name", "aws_elasticache_subnet_group.%s.name", label);
	ipl_hcl_expr(h, "security_group_ids", "[aws_security_group.%s.id]", sg);
	ipl_hcl_expr(h, "snapshot_retention_limit", "%d", clamp_retention(n->aws.retention_days));
	/* Redis (not Memcached) can take a last snapshot when the cluster is destroyed */
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "destroying the cluster leaves a last snapshot of its data");
	snprintf(rule, sizeof(rule), "%s-final", n->name);
	ipl_hcl_str(h, "final_snapshot_identifier",
		    ipl_aws_name(a->spec, rule, AWS_NAME_MAX, name));
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

void
ipl_aws_queue(struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = ipl_aws_lbl(&l, n->name);
	char name[AWS_NAME_MAX + 1], suffix[AWS_NAME_MAX + 1];

	snprintf(suffix, sizeof(suffix), "%s-dead-letters", n->name);
	ipl_hcl_blank(h);
	ipl_hcl_comment(h, "messages that failed 5 times wait here (14 days) instead of looping");
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s_dead_letters\"", label);
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, suffix, AWS_SQS_NAME_MAX, name));
	ipl_hcl_expr(h, "message_retention_seconds", "1209600");
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_sqs_queue\" \"%s\"", label);
	ipl_hcl_str(h, "name", ipl_aws_name(a->spec, n->name, AWS_SQS_NAME_MAX, name));
	ipl_hcl_expr(h, "sqs_managed_sse_enabled", "true");
	ipl_hcl_expr(h, "redrive_policy",
		     "jsonencode({ deadLetterTargetArn = aws_sqs_queue.%s_dead_letters.arn, "
		     "maxReceiveCount = 5 })",
		     label);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}

void
ipl_aws_bucket(struct ipl_aws_emit *a, const struct ipl_plan_node *n)
{
	struct ipl_hcl *h = &a->h;
	struct ipl_buf l = IPL_BUF_INIT;
	const char *label = ipl_aws_lbl(&l, n->name);
	char prefix[AWS_NAME_MAX + 2];

	/* the provider appends a 26-character suffix: the prefix ends with '-' to set it apart */
	ipl_aws_name(a->spec, n->name, AWS_S3_PREFIX_MAX - 1, prefix);
	{
		size_t len = strlen(prefix);
		snprintf(prefix + len, sizeof(prefix) - len, "-");
	}
	ipl_hcl_blank(h);
	/* no force_destroy: its default (false) refuses to destroy a bucket that holds objects,
	   so nothing is written rather than force_destroy = false */
	ipl_hcl_open(h, "resource \"aws_s3_bucket\" \"%s\"", label);
	ipl_hcl_str(h, "bucket_prefix", prefix);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_public_access_block\" \"%s\"", label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_expr(h, "block_public_acls", "true");
	ipl_hcl_expr(h, "block_public_policy", "true");
	ipl_hcl_expr(h, "ignore_public_acls", "true");
	ipl_hcl_expr(h, "restrict_public_buckets", "true");
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"%s\"",
		     label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "rule");
	ipl_hcl_open(h, "apply_server_side_encryption_by_default");
	ipl_hcl_str(h, "sse_algorithm", "AES256");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "resource \"aws_s3_bucket_versioning\" \"%s\"", label);
	ipl_hcl_expr(h, "bucket", "aws_s3_bucket.%s.id", label);
	ipl_hcl_blank(h);
	ipl_hcl_open(h, "versioning_configuration");
	ipl_hcl_str(h, "status", "Enabled");
	ipl_hcl_close(h);
	ipl_hcl_close(h);
	ipl_buf_release(&l);
}
