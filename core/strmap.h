/*
 * strmap.h: a hash map from strings to pointers, for the lookups by name
 * that would otherwise scan a list once per item (AWS node names, Terraform
 * variables, secrets): each add and get is O(1) on average, so a plan of
 * 10,000 services is not checked in 10,000^2 string comparisons.
 *
 * Keys are not copied: each must outlive the map (they usually point into
 * the spec, the plan or the arena). Open addressing with linear probing, at
 * most half full; FNV-1a hashes.
 */
#ifndef IPL_STRMAP_H
#define IPL_STRMAP_H

#include "core/common.h"

struct ipl_strmap_slot {
	const char *key; /* NULL: empty */
	void *value;
};

struct ipl_strmap {
	struct ipl_strmap_slot *slots;
	size_t nr, cap; /* cap is 0 or a power of two */
};

#define IPL_STRMAP_INIT    \
	{                  \
		NULL, 0, 0 \
	}

void ipl_strmap_init(struct ipl_strmap *m);
void ipl_strmap_release(struct ipl_strmap *m);
/*
 * Maps key to value unless key is there already: returns true when added,
 * false (the first value kept) when key was there.
 */
bool ipl_strmap_add(struct ipl_strmap *m, const char *key, void *value);
/* the value of key, or NULL when absent */
void *ipl_strmap_get(const struct ipl_strmap *m, const char *key);

#endif
