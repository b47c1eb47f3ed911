/*
 * hcl.h: writing HCL the way `terraform fmt` would: two-space indents, and the
 * '=' of consecutive one-line attributes aligned. Attributes are held until
 * the run ends (a nested block, a blank line or the end of the block) and then
 * written with the run's widest key. String values go through
 * ipl_escape_hcl_string; raw values are expressions the emitter wrote itself.
 */
#ifndef IPL_HCL_H
#define IPL_HCL_H

#include "core/common.h"
#include "core/buf.h"

struct ipl_hcl_attr {
	char *key;
	struct ipl_buf value;
};

struct ipl_hcl {
	struct ipl_buf *out;
	int depth;
	/* the run being held, however long: terraform fmt aligns the whole run */
	struct ipl_hcl_attr *run;
	size_t run_nr, run_alloc;
};

void ipl_hcl_init(struct ipl_hcl *h, struct ipl_buf *out);
/* opens `HEADER {`, e.g. `resource "hcloud_server" "app"` */
void ipl_hcl_open(struct ipl_hcl *h, const char *fmt, ...) IPL_PRINTF(2, 3);
void ipl_hcl_close(struct ipl_hcl *h);
/* an attribute with a quoted, escaped string value */
void ipl_hcl_str(struct ipl_hcl *h, const char *key, const char *value);
/* an attribute with an expression (a number, a reference, a list) */
void ipl_hcl_expr(struct ipl_hcl *h, const char *key, const char *fmt, ...) IPL_PRINTF(3, 4);
/* a line that opens a nested value as written, e.g. `options = {` or `env = [` */
void ipl_hcl_open_raw(struct ipl_hcl *h, const char *fmt, ...) IPL_PRINTF(2, 3);
/* the line that closes it, e.g. `}` or `}])` */
void ipl_hcl_close_raw(struct ipl_hcl *h, const char *text);
/* a line as written, at the current depth (a list element) */
void ipl_hcl_line(struct ipl_hcl *h, const char *fmt, ...) IPL_PRINTF(2, 3);
/* a blank line (ends the current run of aligned attributes) */
void ipl_hcl_blank(struct ipl_hcl *h);
/* a comment line at the current depth */
void ipl_hcl_comment(struct ipl_hcl *h, const char *text);

/*
 * the text of s as it goes inside an HCL quoted template, without the quotes:
 * for a string that mixes user text with an interpolation the emitter writes
 * itself, e.g. "${path.module}/../nodes/NODE/cloud-init.yaml"
 */
void ipl_hcl_template_text(struct ipl_buf *b, const char *s);

/* versions.tf: required_version and one required provider */
void ipl_hcl_versions_tf(struct ipl_buf *out, const char *name, const char *source,
			 const char *version);
/* a sensitive string variable with no default: a value that must never be committed */
void ipl_hcl_sensitive_variable(struct ipl_hcl *h, const char *name, const char *description);

#endif
