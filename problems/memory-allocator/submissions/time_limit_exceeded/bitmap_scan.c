/*
 * MUTANT bitmap_scan: one "used" bit and one "start" bit per 16-byte granule,
 * both bitmaps at the arena's start.  mm_malloc scans the used bitmap bit by
 * bit from the first granule for a run of free granules long enough for the
 * request.  Correct, with no per-block overhead at all, but every request
 * walks past everything that is live below the first fitting hole: with long-
 * lived blocks at low addresses that is millions of steps per request.
 * Expected: TLE, caught by the large group.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

static uintptr_t g_base;
static size_t g_granules, g_first, g_size;
static uint64_t *g_used, *g_start;

static int test(const uint64_t *bits, size_t g)
{
	return (int)((bits[g / 64] >> (g % 64)) & 1);
}

static void set(uint64_t *bits, size_t g, int on)
{
	if (on)
		bits[g / 64] |= 1ull << (g % 64);
	else
		bits[g / 64] &= ~(1ull << (g % 64));
}

int mm_init(void *arena, size_t size)
{
	size_t bytes = (size / 128 + 15) & ~(size_t)15;

	g_base = (uintptr_t)arena;
	g_size = size;
	g_granules = size / 16;
	g_used = arena;
	g_start = (uint64_t *)(g_base + bytes);
	memset(arena, 0, 2 * bytes);
	g_first = 2 * bytes / 16;
	return 0;
}

void *mm_malloc(size_t n)
{
	size_t need, run = 0, g, s;

	if (n == 0 || n > g_size)
		return NULL;
	need = (n + 15) / 16;
	for (g = g_first; g < g_granules; g++) {
		if (test(g_used, g)) {
			run = 0;
			continue;
		}
		if (++run < need)
			continue;
		s = g + 1 - need;
		for (size_t k = s; k <= g; k++)
			set(g_used, k, 1);
		set(g_start, s, 1);
		return (void *)(g_base + 16 * s);
	}
	return NULL;
}

int mm_free(void *p)
{
	uintptr_t a = (uintptr_t)p;
	size_t g;

	if (!p)
		return 0;
	if (a % 16 || a < g_base + 16 * g_first || a >= g_base + g_size)
		return -1;
	g = (a - g_base) / 16;
	if (!test(g_start, g))
		return -1;
	set(g_start, g, 0);
	do
		set(g_used, g++, 0);
	while (g < g_granules && test(g_used, g) && !test(g_start, g));
	return 0;
}
