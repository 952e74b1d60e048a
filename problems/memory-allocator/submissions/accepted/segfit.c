/*
 * segfit.c - segregated free lists with boundary tags (reference solution).
 *
 * Arena layout: [start bitmap][class heads][pad][blocks ...][epilogue header]
 * - start bitmap: one bit per 16-byte granule, set for the payload of every
 *   allocated block.  mm_free checks it before touching anything, so double
 *   frees, interior, misaligned and foreign pointers are rejected exactly.
 * - class heads: one free-list head per size class (exact 16-byte classes up to
 *   1 KiB, then four classes per power of two).
 * - block: 8-byte header (size | ALLOC | PREV_ALLOC); the payload follows it and
 *   is 16-byte aligned.  A free block also holds next/prev links and a footer,
 *   so neighbours coalesce in O(1).  Allocated blocks have no footer: the next
 *   block's PREV_ALLOC bit says whether the previous one is free.
 * malloc: search the request's class (a few entries), else take the first block
 * of the next non-empty larger class (any of its blocks fits), else finish the
 * scan of the request's class; split when the rest is at least 32 bytes.
 * Static data: a few pointers and a 128-bit "class not empty" mask.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NCLASS     128
#define MINBLK     32
#define ALLOC      ((size_t)1)
#define PREV_ALLOC ((size_t)2)
#define SIZE_OF(h) ((h) & ~(size_t)15)

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

static uintptr_t g_base, g_lo, g_hi; /* arena start, first header, epilogue header */
static size_t g_size;
static uint64_t *g_bits;  /* start bitmap, inside the arena */
static uintptr_t *g_head; /* class heads, inside the arena */
static uint64_t g_nonempty[NCLASS / 64];

static size_t get(uintptr_t a)
{
	size_t v;
	memcpy(&v, (const void *)a, sizeof(v));
	return v;
}

static void put(uintptr_t a, size_t v)
{
	memcpy((void *)a, &v, sizeof(v));
}

static unsigned class_of(size_t size)
{
	unsigned e, c;

	if (size <= 1024)
		return (unsigned)(size >> 4) - 2;
	e = 63 - (unsigned)__builtin_clzll(size);
	c = 63 + (e - 10) * 4 + (unsigned)((size >> (e - 2)) & 3);
	return c < NCLASS ? c : NCLASS - 1;
}

static void list_insert(uintptr_t b, size_t size)
{
	unsigned c = class_of(size);
	uintptr_t h = g_head[c];

	put(b + 8, h);
	put(b + 16, 0);
	if (h)
		put(h + 16, b);
	g_head[c] = b;
	g_nonempty[c / 64] |= 1ull << (c % 64);
}

static void list_remove(uintptr_t b, size_t size)
{
	unsigned c = class_of(size);
	uintptr_t next = get(b + 8), prev = get(b + 16);

	if (prev) {
		put(prev + 8, next);
	} else {
		g_head[c] = next;
		if (!next)
			g_nonempty[c / 64] &= ~(1ull << (c % 64));
	}
	if (next)
		put(next + 16, prev);
}

/* First non-empty class >= c, or NCLASS. */
static unsigned next_nonempty(unsigned c)
{
	while (c < NCLASS) {
		uint64_t w = g_nonempty[c / 64] & (~0ull << (c % 64));
		if (w)
			return (c & ~63u) + (unsigned)__builtin_ctzll(w);
		c = (c & ~63u) + 64;
	}
	return NCLASS;
}

static uintptr_t find_fit(size_t asize)
{
	unsigned c = class_of(asize), up;
	uintptr_t b = g_head[c];
	int k;

	for (k = 0; b && k < 8; k++, b = get(b + 8))
		if (SIZE_OF(get(b)) >= asize)
			return b;
	up = next_nonempty(c + 1);
	if (up < NCLASS)
		return g_head[up];
	for (; b; b = get(b + 8))
		if (SIZE_OF(get(b)) >= asize)
			return b;
	return 0;
}

int mm_init(void *arena, size_t size)
{
	size_t bits, heads, first;

	if (!arena || (uintptr_t)arena % 16 || size % 16 || size < 8192)
		return -1;
	g_base = (uintptr_t)arena;
	g_size = size;
	bits = (size / 128 + 15) & ~(size_t)15;
	heads = NCLASS * sizeof(uintptr_t);
	memset(arena, 0, bits + heads);
	memset(g_nonempty, 0, sizeof(g_nonempty));
	g_bits = (uint64_t *)arena;
	g_head = (uintptr_t *)(g_base + bits);
	g_lo = g_base + bits + heads + 8;
	g_hi = g_base + size - 8;
	first = g_hi - g_lo;
	put(g_hi, ALLOC); /* epilogue: size 0, allocated, previous block free */
	put(g_lo, first | PREV_ALLOC);
	put(g_lo + first - 8, first);
	list_insert(g_lo, first);
	return 0;
}

void *mm_malloc(size_t n)
{
	size_t asize, bsize, h, g;
	uintptr_t b;

	if (n == 0 || n > g_size)
		return NULL;
	asize = (n + 8 + 15) & ~(size_t)15;
	if (asize < MINBLK)
		asize = MINBLK;
	b = find_fit(asize);
	if (!b)
		return NULL;
	h = get(b);
	bsize = SIZE_OF(h);
	list_remove(b, bsize);
	if (bsize - asize >= MINBLK) {
		uintptr_t rest = b + asize;
		put(b, asize | ALLOC | (h & PREV_ALLOC));
		put(rest, (bsize - asize) | PREV_ALLOC);
		put(rest + bsize - asize - 8, bsize - asize);
		list_insert(rest, bsize - asize);
	} else {
		put(b, bsize | ALLOC | (h & PREV_ALLOC));
		put(b + bsize, get(b + bsize) | PREV_ALLOC);
	}
	g = (b + 8 - g_base) >> 4;
	g_bits[g / 64] |= 1ull << (g % 64);
	return (void *)(b + 8);
}

int mm_free(void *p)
{
	uintptr_t a = (uintptr_t)p, b, next;
	size_t g, h, size, nh;

	if (!p)
		return 0;
	if (a % 16 || a < g_lo + 8 || a >= g_hi)
		return -1;
	g = (a - g_base) >> 4;
	if (!((g_bits[g / 64] >> (g % 64)) & 1))
		return -1;
	g_bits[g / 64] &= ~(1ull << (g % 64));

	b = a - 8;
	h = get(b);
	size = SIZE_OF(h);
	next = b + size;
	nh = get(next);
	if (!(nh & ALLOC)) {
		list_remove(next, SIZE_OF(nh));
		size += SIZE_OF(nh);
	}
	if (!(h & PREV_ALLOC)) {
		size_t psize = SIZE_OF(get(b - 8));
		b -= psize;
		list_remove(b, psize);
		size += psize;
	}
	put(b, size | PREV_ALLOC);
	put(b + size - 8, size);
	put(b + size, get(b + size) & ~PREV_ALLOC);
	list_insert(b, size);
	return 0;
}
