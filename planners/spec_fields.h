/*
 * spec_fields.h: the keys of a spec as data. One table per mapping of the
 * spec (the top level, settings, a service, a node...) gives each key its
 * type, where its value goes in the model (spec.h), its range or allowed
 * names, whether it is required and what checks its format.
 *
 * The tables are the one source for decoding (spec_decode.c), for the
 * unknown-key, "did you mean" and "expected one of" messages, for the
 * defaults of an unset value, and for the test that keeps the JSON Schema
 * and docs/spec.md in step (tests/unit/test_schema_sync.c). They are
 * read-only: outside the loader, read them, never decode with them.
 */
#ifndef IPL_SPEC_FIELDS_H
#define IPL_SPEC_FIELDS_H

#include "model/spec.h"

struct ipl_ynode;
struct ipl_spec_decoder; /* one decoding run (spec_decode.h) */
struct ipl_spec_field;
struct ipl_spec_table;

enum ipl_spec_kind {
	IPL_SPEC_STR,      /* struct ipl_str */
	IPL_SPEC_NUM,      /* struct ipl_num: a plain number from min to max */
	IPL_SPEC_QUANTITY, /* struct ipl_num: a number or a string with a unit (unit_parse) */
	IPL_SPEC_MONEY,    /* struct ipl_money: its amount, from min to max */
	IPL_SPEC_BOOL,     /* bool */
	IPL_SPEC_ENUM,     /* an enum: the index of the value in names */
	IPL_SPEC_NAME,     /* struct ipl_str: the table's copy of one of names, at the value */
	IPL_SPEC_CODE,     /* const char *: one of names, without a position (a price's currency) */
	IPL_SPEC_STR_LIST, /* struct ipl_str *, its count at nr_offset */
	IPL_SPEC_SECTION,  /* a mapping decoded by table into the struct at offset */
	IPL_SPEC_LIST,     /* a sequence of mappings decoded by table: array at offset, count
			      at nr_offset */
	IPL_SPEC_MAP,      /* a mapping of the user's own keys (env, rates): array at offset, count
			      at nr_offset, an item of item_size per key decoded by entry */
};

/*
 * A check gets the field, its YAML value and the struct the field's
 * mapping decodes into (not the field itself: a check may compare or set
 * its neighbours). Returns 0, or -1 with a diagnostic added.
 */
typedef int (*ipl_spec_check_fn)(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
				 const struct ipl_ynode *v, void *obj);
/* one key of a MAP and its value into item; 0, or -1 with a diagnostic and no item */
typedef int (*ipl_spec_entry_fn)(struct ipl_spec_decoder *d, const struct ipl_spec_field *f,
				 const struct ipl_ynode *key, const struct ipl_ynode *value,
				 void *item);
typedef int (*ipl_spec_unit_fn)(const char *s, double *v, const char **why);

struct ipl_spec_field {
	const char *key;
	enum ipl_spec_kind kind;
	size_t offset;               /* of the value in the mapping's struct */
	size_t nr_offset;            /* STR_LIST, LIST, MAP: of the count */
	size_t item_size;            /* MAP: of one item */
	const char *what;            /* the value in messages: "load.users", "\"command\"" */
	const char *label;           /* in format messages, when not the key of a quoted `what` */
	double min, max;             /* NUM, QUANTITY, MONEY */
	bool integer;                /* NUM */
	ipl_spec_unit_fn unit_parse; /* QUANTITY */
	const char *unit;            /* QUANTITY: what min and max count, for "out of range" */
	const char *const *names; /* ENUM, NAME, CODE: the allowed values; MAP: the allowed keys */
	size_t names_nr;
	size_t max_len; /* STR: one line of at most this many bytes; 0: no such check */
	bool no_space;  /* STR: and no white space */
	bool required;
	const char *expect; /* a required key: what "missing required key" expects; NULL
				     for "one of" the names */
	bool early;         /* decoded before the key check, as the mapping's name */
	/* 0 for none: a position or a flag is never the first member of a model struct */
	size_t loc_offset;                  /* of a struct ipl_loc set to the value's position */
	size_t set_offset;                  /* of a bool set when the key is given and valid */
	const struct ipl_spec_table *table; /* SECTION, LIST: the mapping(s) inside; MAP: the
					       keys of a value that is a mapping */
	ipl_spec_entry_fn entry;            /* MAP */
	ipl_spec_check_fn check; /* after a valid value: its format, or checks with neighbours */
};

struct ipl_spec_table {
	const char *what;  /* one item, for "expected a mapping for %s": "a service" */
	const char *where; /* for "unknown key ... in %s": "settings", "a node" */
	size_t size;       /* of the struct one item decodes into (LIST) */
	size_t loc_offset; /* of the struct ipl_loc for the mapping's position; 0: none */
	bool keep_invalid; /* LIST: an item that is not a mapping still counts (services) */
	const char *empty; /* LIST: the message for an empty list, NULL when it may be */
	const struct ipl_spec_field *fields;
	size_t fields_nr;
	/* names the mapping in messages once its early fields are read ("service \"api\"") */
	const char *(*name)(struct ipl_spec_decoder *d, const void *obj, size_t index);
	/* checks between the mapping's fields, once every one is decoded */
	void (*finish)(struct ipl_spec_decoder *d, const struct ipl_ynode *map, void *obj);
	/* LIST: checks between the items, once every one is decoded */
	void (*finish_list)(struct ipl_spec_decoder *d, void *items, size_t nr);
};

/* the table of the top level of a spec */
const struct ipl_spec_table *ipl_spec_root(void);

/*
 * Calls fn on every mapping a spec has, the top level first and each table
 * before the ones inside it, with its path: "" for the top level,
 * "settings", "services[]" for the items of a list, "services[].limits",
 * "services[].env.*" for the values of a mapping of the user's own keys.
 */
void ipl_spec_sections_walk(void (*fn)(const char *path, const struct ipl_spec_table *t, void *arg),
			    void *arg);

#endif
