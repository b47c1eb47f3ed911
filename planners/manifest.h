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

#define IPL_MANIFEST_NAME ".infraplan-manifest"

struct ipl_manifest_entry {
	char *path;
	char hash[65];
};

struct ipl_manifest {
	struct ipl_manifest_entry *entries;
	size_t nr, alloc;
	char *spec;      /* from "# spec: PATH", or NULL */
	bool rightsized; /* from "# rightsize: true": gen --rightsize wrote it */
};

void ipl_manifest_init(struct ipl_manifest *m);
void ipl_manifest_release(struct ipl_manifest *m);
void ipl_manifest_add(struct ipl_manifest *m, const char *path, const char hash[65]);
const struct ipl_manifest_entry *ipl_manifest_find(const struct ipl_manifest *m, const char *path);
/* parses a manifest; returns -1 when the text is not one */
int ipl_manifest_parse(struct ipl_manifest *m, const char *text, size_t len);
void ipl_manifest_write(const struct ipl_manifest *m, const char *plan_name, const char *spec_rel,
			bool rightsized, struct ipl_buf *out);
/* hex SHA-256 of data (OpenSSL libcrypto) */
void ipl_sha256_hex(const void *data, size_t len, char out[65]);

#endif
