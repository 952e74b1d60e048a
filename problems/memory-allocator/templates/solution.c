#include <stddef.h>

/* Called once, before any request.  arena is 16-byte aligned, size is a
 * multiple of 16 between 64 KiB and 64 MiB.  Return 0 on success. */
int mm_init(void *arena, size_t size)
{
	(void)arena;
	(void)size;
	return -1;
}

/* n >= 1: a 16-byte aligned pointer p with [p, p + n) inside the arena and
 * disjoint from every live block, or NULL.  n == 0: NULL. */
void *mm_malloc(size_t n)
{
	(void)n;
	return NULL;
}

/* 0 when p was a live block and is now free; -1 (changing nothing) when p is
 * not the start of a live block.  mm_free(NULL) returns 0. */
int mm_free(void *p)
{
	(void)p;
	return -1;
}
