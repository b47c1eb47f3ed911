/*
 * spec_load.h: the spec loader's entry points: a spec file or buffer read,
 * decoded through the field tables (spec_fields.c) and checked as a whole
 * (spec_check.c) into the model (model/spec.h), and the model written back
 * as text for the golden tests (spec_dump.c).
 */
#ifndef IPL_SPEC_LOAD_H
#define IPL_SPEC_LOAD_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "model/spec.h"

/*
 * Reads and checks the spec at path. Returns 0 with *out set, or -1 with
 * every problem found added to diags (not only the first). The spec and all
 * its strings live in arena.
 */
int ipl_spec_load(struct ipl_spec **out, const char *path, struct ipl_arena *arena,
		  struct ipl_diags *diags);
/* the same, from a buffer; `name` is the file name used in diagnostics */
int ipl_spec_parse(struct ipl_spec **out, const char *name, const char *text, size_t len,
		   struct ipl_arena *arena, struct ipl_diags *diags);

/* writes the model as canonical, sorted text, for golden tests of the parser */
void ipl_spec_dump(const struct ipl_spec *spec, struct ipl_buf *out);

#endif
