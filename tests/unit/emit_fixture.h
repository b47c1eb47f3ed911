/*
 * emit_fixture.h: what the tests of the emitters (test_node_files.c,
 * test_terraform.c) share: a spec parsed from YAML, a plan whose nodes the
 * test builds by hand (so that the tests do not move when the planner's
 * sizing does), the files emitted, and assertions on their text.
 * Included by one test file each; hence static functions.
 */
#ifndef IPL_TEST_EMIT_FIXTURE_H
#define IPL_TEST_EMIT_FIXTURE_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "planners/plan.h"
#include "planners/spec_load.h"
#include "planners/provider.h"
#include "model/spec.h"
#include "providers/emit.h"

struct fixture {
	struct ipl_arena arena;
	struct ipl_diags diags;
	struct ipl_fileset fs;
	struct ipl_spec *spec;
	struct ipl_plan *plan;
};

static inline void
fixture_init(struct fixture *f, const char *yaml)
{
	memset(f, 0, sizeof(*f));
	ipl_arena_init(&f->arena);
	ipl_diags_init(&f->diags);
	ipl_fileset_init(&f->fs);
	if (ipl_spec_parse(&f->spec, "test.yaml", yaml, strlen(yaml), &f->arena, &f->diags) < 0) {
		ipl_diags_print(&f->diags, stderr, IPL_NOTE);
		fail_msg("the test spec does not parse");
	}
	f->plan = IPL_ARENA_NEW(&f->arena, struct ipl_plan);
	f->plan->spec = f->spec;
	f->plan->provider = ipl_provider_get(f->spec->provider);
	f->plan->layout = IPL_LAYOUT_SINGLE;
	f->plan->network_cidr = "10.0.0.0/16";
	f->plan->subnet_cidr = "10.0.1.0/24";
	f->plan->nodes = IPL_ARENA_ARRAY(&f->arena, struct ipl_plan_node, 4);
}

static inline void
fixture_release(struct fixture *f)
{
	ipl_fileset_release(&f->fs);
	ipl_diags_release(&f->diags);
	ipl_arena_release(&f->arena);
}

/* the text of an emitted file; fails the test when there is none */
static inline const char *
file(const struct fixture *f, const char *path)
{
	const struct ipl_file *fl = ipl_fileset_find(&f->fs, path);

	if (!fl)
		fail_msg("no file %s", path);
	return ipl_buf_str(&fl->content);
}

#define assert_has(text, needle)                                                           \
	do {                                                                               \
		if (!strstr((text), (needle)))                                             \
			fail_msg("expected to find:\n%s\n---- in:\n%s", (needle), (text)); \
	} while (0)
#define assert_lacks(text, needle)                                                       \
	do {                                                                             \
		if (strstr((text), (needle)))                                            \
			fail_msg("did not expect:\n%s\n---- in:\n%s", (needle), (text)); \
	} while (0)

#endif
