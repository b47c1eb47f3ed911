/*
 * spec_decode.h: inside the spec loader, shared by its parts only
 * (spec_decode.c decodes by the tables, spec_fields.c holds the tables and
 * their special cases, spec_check.c checks the whole spec, spec_load.c
 * runs them). Nothing outside planners/spec_*.c includes it.
 */
#ifndef IPL_SPEC_DECODE_H
#define IPL_SPEC_DECODE_H

#include "model/spec.h"
#include "planners/spec_fields.h"
#include "planners/yaml_tree.h"

struct ipl_spec_decoder {
	const char *file;
	struct ipl_arena *arena;
	struct ipl_diags *diags;
	struct ipl_spec *spec;
	const char *where; /* the mapping being decoded, for messages: "service \"api\"" */
};

/* the unset value of every field of table in obj, and in the sections inside it */
void ipl_spec_defaults(const struct ipl_spec_table *t, void *obj);
/* decodes the top level of a spec into d->spec */
void ipl_spec_decode(struct ipl_spec_decoder *d, const struct ipl_ynode *root);
/* the whole-spec checks: references between services and nodes, unique names (spec_check.c) */
void ipl_spec_check(struct ipl_spec_decoder *d);
/* scenarios[]: one scenario per GPU-hours figure (spec_check.c) */
void ipl_spec_check_scenario_hours(struct ipl_spec_decoder *d, void *scenarios, size_t nr);

/* ---- Decoding one value, for the tables' callbacks ---------------------- */

/*
 * A diagnostic past the report's cap is counted, not stored: a spec with
 * 100,000 unknown keys should not pay for 100,000 "did you mean" searches.
 */
bool ipl_spec_diag_room(const struct ipl_spec_decoder *d);
bool ipl_spec_is_null(const struct ipl_ynode *n);
/* what a node is, for "expected X, found Y" */
const char *ipl_spec_describe(const struct ipl_ynode *n);
struct ipl_str ipl_spec_str_of(const struct ipl_ynode *n, const char *s);
const struct ipl_ynode *ipl_spec_lookup(const struct ipl_ynode *map, const char *key);

int ipl_spec_want_type(struct ipl_spec_decoder *d, const struct ipl_ynode *n, enum ipl_ynode_type t,
		       const char *what);
int ipl_spec_get_str(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		     struct ipl_str *out);
int ipl_spec_get_num(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		     double min, double max, bool integer, struct ipl_num *out);
int ipl_spec_get_enum(struct ipl_spec_decoder *d, const struct ipl_ynode *n, const char *what,
		      const char *const *names, size_t count, int *out);
/* reports the keys of map that table does not have; returns how many */
int ipl_spec_check_keys(struct ipl_spec_decoder *d, const struct ipl_ynode *map,
			const struct ipl_spec_table *t, const char *where);

/* what a format message calls a field's value: its label, or the key of a quoted `what` */
const char *ipl_spec_label(const struct ipl_spec_field *f);
/* a one-line string without control characters, at most max bytes */
int ipl_spec_check_line(struct ipl_spec_decoder *d, struct ipl_str s, const char *what, size_t max);
int ipl_spec_check_no_space(struct ipl_spec_decoder *d, struct ipl_str s, const char *what);
/* service, node and plan names: they become unit names, host names and HCL labels */
int ipl_spec_check_name(struct ipl_spec_decoder *d, struct ipl_str s, const char *what);

#endif
