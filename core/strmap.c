/* strmap.c: see strmap.h. */
#include "core/common.h"

#include "core/strmap.h"
#include "core/xalloc.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* the slot holding key, or the empty slot where it would go */
static struct ipl_strmap_slot *
probe(const struct ipl_strmap *m, const char *key)
{
	size_t mask = m->cap - 1, i = (size_t)hash(key) & mask;

	while (m->slots[i].key && strcmp(m->slots[i].key, key))
		i = (i + 1) & mask;
	return &m->slots[i];
}

static void
grow(struct ipl_strmap *m)
{
	struct ipl_strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 16;
	m->slots = ipl_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*probe(m, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

void
ipl_strmap_init(struct ipl_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
ipl_strmap_release(struct ipl_strmap *m)
{
	free(m->slots);
	ipl_strmap_init(m);
}

bool
ipl_strmap_add(struct ipl_strmap *m, const char *key, void *value)
{
	struct ipl_strmap_slot *s;

	if ((m->nr + 1) * 2 > m->cap)
		grow(m);
	s = probe(m, key);
	if (s->key)
		return false;
	s->key = key;
	s->value = value;
	m->nr++;
	return true;
}

void *
ipl_strmap_get(const struct ipl_strmap *m, const char *key)
{
	const struct ipl_strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = probe(m, key);
	return s->key ? s->value : NULL;
}
