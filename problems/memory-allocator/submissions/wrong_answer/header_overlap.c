/*
 * MUTANT header_overlap: the block size leaves out the header and footer, so
 * a payload runs 8 bytes into the next block's header: the allocator writes
 * headers over the end of the previous live payload (and the driver's fill
 * overwrites the allocator's tags).
 * Expected: WA (payload corrupted / overlap); RE if the corrupted tags send it
 * outside the arena.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int mm_init(void *arena, size_t size);
void *mm_malloc(size_t n);
int mm_free(void *p);

/* Explicit free list, first fit, 8-byte header and footer (size | 1 when
 * allocated), payload 16-aligned; a start bitmap in front of the heap marks
 * the payload of every allocated block so mm_free can reject bad pointers. */
static uintptr_t g_base, g_lo, g_hi, g_head;
static size_t g_size;
static uint64_t *g_bits;

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

static void tags(uintptr_t b, size_t size, size_t alloc)
{
	put(b, size | alloc);
	put(b + size - 8, size | alloc);
}

static void push(uintptr_t b)
{
	put(b + 8, g_head);
	put(b + 16, 0);
	if (g_head)
		put(g_head + 16, b);
	g_head = b;
}

static void unlink_block(uintptr_t b)
{
	uintptr_t next = get(b + 8), prev = get(b + 16);

	if (prev)
		put(prev + 8, next);
	else
		g_head = next;
	if (next)
		put(next + 16, prev);
}

static int bit(uintptr_t p)
{
	size_t g = (p - g_base) >> 4;
	return (int)((g_bits[g / 64] >> (g % 64)) & 1);
}

static void set_bit(uintptr_t p, int on)
{
	size_t g = (p - g_base) >> 4;
	if (on)
		g_bits[g / 64] |= 1ull << (g % 64);
	else
		g_bits[g / 64] &= ~(1ull << (g % 64));
}

int mm_init(void *arena, size_t size)
{
	size_t bits = (size / 128 + 15) & ~(size_t)15;

	g_base = (uintptr_t)arena;
	g_size = size;
	g_bits = arena;
	memset(arena, 0, bits);
	g_lo = g_base + bits + 8; /* first header; g_lo - 8 is the prologue footer */
	g_hi = g_base + size - 8; /* epilogue header */
	put(g_lo - 8, 1);
	put(g_hi, 1);
	g_head = 0;
	tags(g_lo, g_hi - g_lo, 0);
	push(g_lo);
	return 0;
}

void *mm_malloc(size_t n)
{
	size_t asize, bsize;
	uintptr_t b;

	if (n == 0 || n > g_size)
		return NULL;
	asize = (n + 15) & ~(size_t)15; /* BUG: forgot the 16 bytes of tags */
	if (asize < 32)
		asize = 32;
	for (b = g_head; b; b = get(b + 8)) {
		bsize = get(b) & ~(size_t)15;
		if (bsize < asize)
			continue;
		unlink_block(b);
		if (bsize - asize >= 32) {
			tags(b, asize, 1);
			tags(b + asize, bsize - asize, 0);
			push(b + asize);
		} else {
			tags(b, bsize, 1);
		}
		set_bit(b + 8, 1);
		return (void *)(b + 8);
	}
	return NULL;
}

int mm_free(void *p)
{
	uintptr_t a = (uintptr_t)p, b = a - 8, next;
	size_t size;

	if (!p)
		return 0;
	if (a % 16 || a < g_lo + 8 || a >= g_hi || !bit(a))
		return -1;
	set_bit(a, 0);
	size = get(b) & ~(size_t)15;
	next = b + size;
	if (!(get(b - 8) & 1)) {
		size_t psize = get(b - 8) & ~(size_t)15;
		b -= psize;
		size += psize;
		unlink_block(b);
	}
	if (!(get(next) & 1)) {
		size += get(next) & ~(size_t)15;
		unlink_block(next);
	}
	tags(b, size, 0);
	push(b);
	return 0;
}
