/* xalloc.c: see xalloc.h. */
#include "core/common.h"

#include "core/xalloc.h"

static IPL_NORETURN void
out_of_memory(size_t size)
{
	fprintf(stderr, "infraplan: fatal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
ipl_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
ipl_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *
ipl_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
ipl_xgrow(void *ptr, size_t elem, size_t need, size_t *alloc)
{
	size_t n;

	if (need <= *alloc)
		return ptr;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			out_of_memory(SIZE_MAX);
		n *= 2;
	}
	*alloc = n;
	return ipl_xrealloc(ptr, n * elem);
}

char *
ipl_xstrdup(const char *s)
{
	return ipl_xstrndup(s, strlen(s));
}

char *
ipl_xstrndup(const char *s, size_t n)
{
	char *p = ipl_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
