/*
 * MUTANT calls_libc_malloc: the arena is carved up correctly, but the block
 * descriptors (an address-ordered list) come from libc malloc and free.
 * Expected: CE (forbidden symbols malloc and free in the object file).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

struct desc {
	uintptr_t start;
	size_t size;
	int used;
	struct desc *next;
};

static struct desc *g_list;

int mm_init(void *arena, size_t size)
{
	g_list = malloc(sizeof(*g_list));
	if (!g_list)
		return -1;
	*g_list = (struct desc){(uintptr_t)arena, size, 0, NULL};
	return 0;
}

void *mm_malloc(size_t n)
{
	size_t need;

	if (n == 0 || n > ((size_t)-1) / 2)
		return NULL;
	need = (n + 15) & ~(size_t)15;
	for (struct desc *d = g_list; d; d = d->next) {
		if (d->used || d->size < need)
			continue;
		if (d->size > need) {
			struct desc *rest = malloc(sizeof(*rest));
			if (!rest)
				return NULL;
			*rest = (struct desc){d->start + need, d->size - need, 0, d->next};
			d->next = rest;
			d->size = need;
		}
		d->used = 1;
		return (void *)d->start;
	}
	return NULL;
}

int mm_free(void *p)
{
	struct desc *prev = NULL, *d;

	if (!p)
		return 0;
	for (d = g_list; d && d->start != (uintptr_t)p; d = d->next)
		prev = d;
	if (!d || !d->used)
		return -1;
	d->used = 0;
	if (d->next && !d->next->used) {
		struct desc *gone = d->next;
		d->size += gone->size;
		d->next = gone->next;
		free(gone);
	}
	if (prev && !prev->used) {
		prev->size += d->size;
		prev->next = d->next;
		free(d);
	}
	return 0;
}
