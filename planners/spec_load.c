/*
 * spec_load.c: a spec file in, the typed model (spec.h) out. The text goes
 * to the YAML tree (yaml_tree.c), the tree through the field tables
 * (spec_fields.c, decoded by spec_decode.c) into the model, and the model
 * through the whole-spec checks (spec_check.c). Every problem found on the
 * way is a diagnostic; the spec is returned only when there is none.
 */
#include "core/common.h"

#include <errno.h>

#include "core/buf.h"
#include "planners/spec_decode.h"
#include "planners/spec_load.h"

int
ipl_spec_parse(struct ipl_spec **out, const char *name, const char *text, size_t len,
	       struct ipl_arena *arena, struct ipl_diags *diags)
{
	struct ipl_spec_decoder c;
	struct ipl_ynode *root;
	size_t errors_before = diags->errors;

	*out = NULL;
	/*
	 * A UTF-8 byte order mark (some Windows editors write one) is no part
	 * of the text; libyaml, told the encoding, would read it as content
	 */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	ipl_diags_add_source(diags, name, text, len);
	c.file = ipl_arena_strdup(arena, name);
	c.arena = arena;
	c.diags = diags;
	c.spec = IPL_ARENA_NEW(arena, struct ipl_spec);
	c.spec->path = c.file;
	c.where = NULL;
	ipl_spec_defaults(ipl_spec_root(), c.spec);
	root = ipl_yaml_parse(c.file, text, len, arena, diags);
	if (!root)
		return -1;
	ipl_spec_decode(&c, root);
	ipl_spec_check(&c);
	if (diags->errors > errors_before)
		return -1;
	*out = c.spec;
	return 0;
}

int
ipl_spec_load(struct ipl_spec **out, const char *path, struct ipl_arena *arena,
	      struct ipl_diags *diags)
{
	struct ipl_buf text = IPL_BUF_INIT;
	struct ipl_loc none = { 0, 0 };
	int rc;

	*out = NULL;
	if (ipl_buf_read_file(&text, path, IPL_SPEC_MAX_BYTES) < 0) {
		int e = errno;
		ipl_buf_release(&text);
		if (e == EISDIR)
			return ipl_error(diags, path, none, "is a directory; expected a spec file");
		if (e == EFBIG)
			return ipl_error(
				diags, path, none,
				"file is larger than %d bytes; a spec is expected to be far smaller",
				IPL_SPEC_MAX_BYTES);
		if (e == ENOENT)
			return ipl_error(diags, path, none, "no such file; expected a spec file");
		return ipl_error(diags, path, none, "cannot read: %s", strerror(e));
	}
	rc = ipl_spec_parse(out, path, text.data, text.len, arena, diags);
	ipl_buf_release(&text);
	return rc;
}
