/*
 * MUTANT bump: a bump pointer that never reuses freed space.  mm_free checks
 * its argument against a start bitmap (so misuse is handled) but the space of
 * a freed block is gone for good.
 * Expected: WA (spurious out-of-memory), caught by every reuse trace.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

static uintptr_t g_base, g_next, g_end;
static uint64_t *g_bits;

int mm_init(void *arena, size_t size)
{
	size_t bits = (size / 128 + 15) & ~(size_t)15;

	g_base = (uintptr_t)arena;
	g_end = g_base + size;
	g_bits = arena;
	memset(arena, 0, bits);
	g_next = g_base + bits;
	return 0;
}

void *mm_malloc(size_t n)
{
	uintptr_t p = g_next;
	size_t g;

	if (n == 0 || n > g_end - g_next)
		return NULL;
	g_next += (n + 15) & ~(size_t)15; /* BUG: nothing ever moves it back */
	g = (p - g_base) >> 4;
	g_bits[g / 64] |= 1ull << (g % 64);
	return (void *)p;
}

int mm_free(void *p)
{
	uintptr_t a = (uintptr_t)p;
	size_t g;

	if (!p)
		return 0;
	if (a % 16 || a < g_base || a >= g_next)
		return -1;
	g = (a - g_base) >> 4;
	if (!((g_bits[g / 64] >> (g % 64)) & 1))
		return -1;
	g_bits[g / 64] &= ~(1ull << (g % 64));
	return 0;
}
