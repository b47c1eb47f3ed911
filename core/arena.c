/* arena.c: see arena.h. */
#include "core/common.h"

#include "core/arena.h"
#include "core/xalloc.h"

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

struct ipl_arena_block {
	struct ipl_arena_block *next;
	size_t size;
	_Alignas(ALIGN) unsigned char data[];
};

void
ipl_arena_init(struct ipl_arena *arena)
{
	memset(arena, 0, sizeof(*arena));
}

void
ipl_arena_release(struct ipl_arena *arena)
{
	struct ipl_arena_block *b = arena->blocks, *next;

	while (b) {
		next = b->next;
		free(b);
		b = next;
	}
	ipl_arena_init(arena);
}

static struct ipl_arena_block *
new_block(struct ipl_arena *arena, size_t size)
{
	struct ipl_arena_block *b = ipl_xmalloc(sizeof(*b) + size);

	b->size = size;
	b->next = arena->blocks;
	arena->blocks = b;
	return b;
}

void *
ipl_arena_alloc(struct ipl_arena *arena, size_t size)
{
	struct ipl_arena_block *b;
	void *p;

	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
	arena->total += size;
#ifdef IPL_ARENA_DEBUG
	b = new_block(arena, size);
	/* keep the newest block full so the next allocation gets its own */
	arena->used = size;
	p = b->data;
#else
	b = arena->blocks;
	if (size > BLOCK_SIZE / 4) {
		/* a large object gets its own block, linked behind the current one */
		struct ipl_arena_block *big = ipl_xmalloc(sizeof(*big) + size);
		big->size = size;
		if (b) {
			big->next = b->next;
			b->next = big;
		} else {
			big->next = NULL;
			arena->blocks = big;
			arena->used = size;
		}
		p = big->data;
		memset(p, 0, size);
		return p;
	}
	if (!b || arena->used + size > b->size) {
		b = new_block(arena, BLOCK_SIZE);
		arena->used = 0;
	}
	p = b->data + arena->used;
	arena->used += size;
#endif
	memset(p, 0, size);
	return p;
}

char *
ipl_arena_strndup(struct ipl_arena *arena, const char *s, size_t n)
{
	char *p = ipl_arena_alloc(arena, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
ipl_arena_strdup(struct ipl_arena *arena, const char *s)
{
	return ipl_arena_strndup(arena, s, strlen(s));
}

char *
ipl_arena_printf(struct ipl_arena *arena, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = ipl_arena_alloc(arena, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
ipl_arena_grow(struct ipl_arena *arena, void *array, size_t elem, size_t nr, size_t *alloc)
{
	size_t n;
	void *grown;

	if (nr < *alloc)
		return array;
	n = *alloc ? *alloc * 2 : 8;
	grown = ipl_arena_alloc(arena, elem * n);
	if (nr)
		memcpy(grown, array, nr * elem);
	*alloc = n;
	return grown;
}
