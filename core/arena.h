/*
 * arena.h: one allocator for everything that lives for one run (the parsed
 * spec, the plan, the catalog view). Objects are never freed one by one; the
 * whole arena is released at the end. Built with IPL_ARENA_DEBUG (the
 * sanitizer build), every allocation goes to malloc on its own so that
 * AddressSanitizer sees overflows between objects, as libgit2's git_pool does.
 */
#ifndef IPL_ARENA_H
#define IPL_ARENA_H

#include "core/common.h"

struct ipl_arena_block;

struct ipl_arena {
	struct ipl_arena_block *blocks;
	size_t used;  /* bytes used in the newest block */
	size_t total; /* bytes handed out, for the memory cap */
};

void ipl_arena_init(struct ipl_arena *arena);
void ipl_arena_release(struct ipl_arena *arena);
/* zeroed, aligned for any type */
void *ipl_arena_alloc(struct ipl_arena *arena, size_t size);
char *ipl_arena_strdup(struct ipl_arena *arena, const char *s);
char *ipl_arena_strndup(struct ipl_arena *arena, const char *s, size_t n);
char *ipl_arena_printf(struct ipl_arena *arena, const char *fmt, ...) IPL_PRINTF(2, 3);
/*
 * an array of *alloc elements of elem bytes with nr in use, copied into a
 * larger one when it is full, so that it holds at least one more; the old
 * one stays in the arena until it is released
 */
void *ipl_arena_grow(struct ipl_arena *arena, void *array, size_t elem, size_t nr, size_t *alloc);

#define IPL_ARENA_NEW(arena, type) ((type *)ipl_arena_alloc((arena), sizeof(type)))
#define IPL_ARENA_ARRAY(arena, type, n) ((type *)ipl_arena_alloc((arena), sizeof(type) * (n)))

#endif
