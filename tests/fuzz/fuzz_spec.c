/*
 * fuzz_spec.c: the libFuzzer target for the spec loader. Each input goes
 * through what `infraplan check` does with a file: ipl_spec_parse (the YAML
 * tree, then the typed model and its checks), the diagnostics sorted and
 * printed with their source excerpt and caret, and, for a valid spec, the
 * canonical dump. Everything is released before returning, so that a leak
 * LeakSanitizer reports is a leak of the library, not of this harness.
 *
 * Built only with -DFUZZ=ON (tests/fuzz/CMakeLists.txt); the seed corpus is
 * tests/fuzz/corpus/ and the dictionary tests/fuzz/spec.dict.
 */
#include "core/common.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "model/spec.h"
#include "planners/spec_load.h"

/* libFuzzer declares no header for its entry point; -Wmissing-prototypes wants one */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* formats every diagnostic into memory, as cmd/ would to stderr, then drops the text */
static void
print_diags(struct ipl_diags *diags)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	ipl_diags_sort(diags);
	ipl_diags_print(diags, out, IPL_NOTE);
	if (fclose(out) != 0)
		abort();
	/* the report is one diagnostic header per item at least */
	if (diags->nr && len == 0)
		abort();
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_spec *spec = NULL;
	int rc;

	ipl_arena_init(&arena);
	ipl_diags_init(&diags);
	rc = ipl_spec_parse(&spec, "fuzz.yaml", (const char *)data, size, &arena, &diags);
	/* the contract in spec.h: 0 with a spec, or -1 with at least one error */
	if (rc == 0 ? !spec || ipl_diags_has_errors(&diags) : spec || !ipl_diags_has_errors(&diags))
		abort();
	print_diags(&diags);
	if (spec) {
		struct ipl_buf dump = IPL_BUF_INIT;

		ipl_spec_dump(spec, &dump);
		ipl_buf_release(&dump);
	}
	ipl_diags_release(&diags);
	ipl_arena_release(&arena);
	return 0;
}
