/*
 * MUTANT static_array_1mb: block descriptors in a 1 MiB static table (an
 * address-ordered array of every block, free or used) instead of inside the
 * arena.
 * Expected: CE (.data + .bss over the 1 KiB limit).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

#define MAX_BLOCKS 65536

static struct block {
	uintptr_t start;
	size_t size; /* low bit set when used */
} g_blocks[MAX_BLOCKS];
static size_t g_count;

int mm_init(void *arena, size_t size)
{
	g_blocks[0] = (struct block){(uintptr_t)arena, size};
	g_count = 1;
	return 0;
}

void *mm_malloc(size_t n)
{
	size_t need;

	if (n == 0 || n > ((size_t)-1) / 2)
		return NULL;
	need = (n + 15) & ~(size_t)15;
	for (size_t i = 0; i < g_count; i++) {
		struct block *b = &g_blocks[i];
		if (b->size & 1 || b->size < need)
			continue;
		if (b->size > need && g_count < MAX_BLOCKS) {
			memmove(b + 2, b + 1, (g_count - i - 1) * sizeof(*b));
			b[1] = (struct block){b->start + need, b->size - need};
			b->size = need;
			g_count++;
		}
		b->size |= 1;
		return (void *)b->start;
	}
	return NULL;
}

int mm_free(void *p)
{
	size_t lo = 0, hi = g_count;

	if (!p)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g_blocks[mid].start < (uintptr_t)p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == g_count || g_blocks[lo].start != (uintptr_t)p || !(g_blocks[lo].size & 1))
		return -1;
	g_blocks[lo].size &= ~(size_t)1;
	if (lo + 1 < g_count && !(g_blocks[lo + 1].size & 1)) {
		g_blocks[lo].size += g_blocks[lo + 1].size;
		memmove(&g_blocks[lo + 1], &g_blocks[lo + 2],
		        (g_count - lo - 2) * sizeof(g_blocks[0]));
		g_count--;
	}
	if (lo > 0 && !(g_blocks[lo - 1].size & 1)) {
		g_blocks[lo - 1].size += g_blocks[lo].size;
		memmove(&g_blocks[lo], &g_blocks[lo + 1], (g_count - lo - 1) * sizeof(g_blocks[0]));
		g_count--;
	}
	return 0;
}
