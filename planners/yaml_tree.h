/*
 * yaml_tree.h: the spec's YAML as a small tree of scalars, mappings and
 * sequences with positions, built from libyaml's event stream with hard
 * limits. This is where the generic YAML ends: the spec loader turns the tree
 * into the typed model and nothing else sees it.
 *
 * Refused here, before any typing: invalid UTF-8 and control bytes, tabs in
 * indentation, more than one document, anchors and aliases (they can expand
 * without bound: "billion laughs"), tags, nesting deeper than
 * IPL_YAML_MAX_DEPTH, more than IPL_YAML_MAX_NODES nodes, duplicate keys and
 * keys that are not plain scalars.
 */
#ifndef IPL_YAML_TREE_H
#define IPL_YAML_TREE_H

#include "core/common.h"
#include "core/arena.h"
#include "core/diag.h"

#define IPL_SPEC_MAX_BYTES (1024 * 1024)
#define IPL_YAML_MAX_DEPTH 32
/* a 1 MiB file cannot hold more than ~500k nodes; the cap bounds memory, not legal specs */
#define IPL_YAML_MAX_NODES 500000
#define IPL_YAML_MAX_SCALAR 65536

enum ipl_ynode_type {
	IPL_YSCALAR,
	IPL_YMAP,
	IPL_YSEQ
};

struct ipl_ynode {
	enum ipl_ynode_type type;
	struct ipl_loc loc;
	/* scalars */
	const char *value;
	size_t len;
	bool plain; /* unquoted, so it may be a number, a bool or null */
	/* mappings: keys[i] -> items[i]; sequences: items[i] */
	struct ipl_ynode **keys;
	struct ipl_ynode **items;
	size_t nr;
};

/* returns the root node, or NULL with errors added to diags */
struct ipl_ynode *ipl_yaml_parse(const char *file, const char *text, size_t len,
				 struct ipl_arena *arena, struct ipl_diags *diags);

#endif
