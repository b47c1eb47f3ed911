/*
 * manifest.h: the record of what `gen` wrote, so that a later run can tell a
 * file it generated (safe to replace) from one a person edited since (never
 * replaced without --force). The manifest is a text file in the plan
 * directory, `.infraplan-manifest`: comment lines (one names the spec,
 * "# spec: PATH", relative to the plan directory, so `infraplan check` can
 * find every plan in a repository), then "SHA256  PATH" per file, sorted by
 * path.
 */
#ifndef IPL_MANIFEST_H
#define IPL_MANIFEST_H

#include "core/common.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/dirtx.h"

#define IPL_MANIFEST_NAME ".infraplan-manifest"

struct ipl_manifest_entry {
	char *path;
	char hash[65];
	int line; /* in the file it was parsed from; 0 when added */
};

struct ipl_manifest {
	struct ipl_manifest_entry *entries;
	size_t nr, alloc;
	char *spec;      /* from "# spec: PATH", or NULL */
	bool rightsized; /* from "# rightsize: true": gen --rightsize wrote it */
	bool sorted;     /* entries sorted by path (after a parse): finds use bsearch */
};

void ipl_manifest_init(struct ipl_manifest *m);
void ipl_manifest_release(struct ipl_manifest *m);
void ipl_manifest_add(struct ipl_manifest *m, const char *path, const char hash[65]);
const struct ipl_manifest_entry *ipl_manifest_find(const struct ipl_manifest *m, const char *path);
/*
 * Parses a manifest read from file (named in errors as FILE:LINE): returns 0,
 * or -1 with an error when a line is not as gen writes it or a path leads out
 * of the plan directory (absolute, "..", NUL or control bytes).
 */
int ipl_manifest_parse(struct ipl_manifest *m, const char *file, const char *text, size_t len,
		       struct ipl_diags *diags);
/*
 * Reads and parses the manifest of the plan directory tx has open, never
 * through a link: 1 read, 0 absent, -1 not a manifest gen wrote (or not a
 * regular file, or a link), -2 an I/O error; the errors are in diags, named
 * DIR/.infraplan-manifest.
 */
int ipl_manifest_read(struct ipl_manifest *m, struct ipl_dirtx *tx, struct ipl_diags *diags);
void ipl_manifest_write(const struct ipl_manifest *m, const char *plan_name, const char *spec_rel,
			bool rightsized, struct ipl_buf *out);
struct ipl_fileset;
struct ipl_file;
/*
 * the nodes whose files (nodes/NODE/...) differ between the manifest of the
 * previous gen and the files about to be written, as "app, db" appended to
 * out: the running servers that need nodes/NODE/apply.sh. A node that is new
 * (its cloud-init runs when the server is created) or gone is not listed.
 */
void ipl_manifest_changed_nodes(const struct ipl_manifest *old, const struct ipl_fileset *fs,
				struct ipl_buf *out);
/* true when the manifest lists a file under dir ("nodes/main/") */
bool ipl_manifest_has_dir(const struct ipl_manifest *m, const char *dir);
/*
 * hex SHA-256 of data (planners/sha256.c: the processor's SHA instructions
 * where it has them, else libmd, one small library instead of all of
 * libcrypto); _portable is always libmd, for the test that both agree
 */
void ipl_sha256_hex(const void *data, size_t len, char out[65]);
void ipl_sha256_hex_portable(const void *data, size_t len, char out[65]);
/* the file's hash as ipl_generate recorded it, or computed into buf for a set it did not make */
const char *ipl_file_hash(const struct ipl_file *f, char buf[65]);

#endif
