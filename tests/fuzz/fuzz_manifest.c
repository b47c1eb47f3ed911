/*
 * fuzz_manifest.c: the libFuzzer target for the plan manifest
 * (DIR/.infraplan-manifest, planners/manifest.h). The manifest comes from the
 * repository and gen removes or replaces the files it names, so each input
 * goes through ipl_manifest_parse, and what it accepts is held to what gen
 * relies on: every path stays inside the plan directory
 * (ipl_path_check_relative), every hash is 64 lower-case hex digits, no path
 * is named twice, and writing the manifest back and reading it again gives
 * the same entries. A refused input must come with an error. Any broken
 * promise aborts, so that libFuzzer reports it.
 *
 * Built only with -DFUZZ=ON (tests/fuzz/CMakeLists.txt); the seed corpus is
 * tests/fuzz/corpus-manifest/ (manifests gen wrote for examples/, and hostile
 * ones).
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/path.h"
#include "planners/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_entries(const struct ipl_manifest *m)
{
	size_t i, j;

	for (i = 0; i < m->nr; i++) {
		const struct ipl_manifest_entry *e = &m->entries[i];

		if (ipl_path_check_relative(e->path, strlen(e->path)))
			abort();
		if (strlen(e->hash) != 64 || strspn(e->hash, "0123456789abcdef") != 64)
			abort();
		for (j = 0; j < i; j++)
			if (!strcmp(m->entries[j].path, e->path))
				abort();
	}
}

/* what gen writes from m reads back as m (ipl_manifest_write sorts m's entries first) */
static void
check_round_trip(struct ipl_manifest *m)
{
	struct ipl_manifest again;
	struct ipl_diags diags;
	struct ipl_buf text = IPL_BUF_INIT;
	size_t i;

	ipl_manifest_write(m, "fuzz", m->spec ? m->spec : "spec.yaml", m->rightsized, &text);
	ipl_manifest_init(&again);
	ipl_diags_init(&diags);
	if (ipl_manifest_parse(&again, "again", text.data, text.len, &diags) < 0)
		abort();
	if (again.nr != m->nr || again.rightsized != m->rightsized ||
	    (m->spec && strcmp(again.spec, m->spec)))
		abort();
	for (i = 0; i < m->nr; i++)
		if (strcmp(again.entries[i].path, m->entries[i].path) ||
		    strcmp(again.entries[i].hash, m->entries[i].hash))
			abort();
	ipl_diags_release(&diags);
	ipl_manifest_release(&again);
	ipl_buf_release(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipl_manifest m;
	struct ipl_diags diags;

	ipl_manifest_init(&m);
	ipl_diags_init(&diags);
	if (ipl_manifest_parse(&m, IPL_MANIFEST_NAME, (const char *)data, size, &diags) == 0) {
		if (ipl_diags_has_errors(&diags))
			abort();
		check_entries(&m);
		check_round_trip(&m);
	} else if (!ipl_diags_has_errors(&diags)) {
		abort();
	}
	ipl_diags_release(&diags);
	ipl_manifest_release(&m);
	return 0;
}
