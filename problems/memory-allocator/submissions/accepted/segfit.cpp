// segfit.cpp - segregated free lists with boundary tags, in C++ (no operator
// new/delete, no standard containers: every table lives in the arena).
//
// Same design as segfit.c: a start bitmap (1 bit per 16-byte granule) and the
// class heads at the arena's start; blocks with an 8-byte header
// (size | ALLOC | PREV_ALLOC), free blocks with links and a footer; exact
// 16-byte classes up to 1 KiB, then four per power of two; immediate
// coalescing; splitting when the rest is at least 32 bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace
{

constexpr unsigned kClasses = 128;
constexpr std::size_t kMinBlock = 32;
constexpr std::size_t kAlloc = 1, kPrevAlloc = 2;

struct Heap {
	std::uintptr_t base, lo, hi; // arena start, first header, epilogue header
	std::size_t size;
	std::uint64_t *bits;   // start bitmap, inside the arena
	std::uintptr_t *heads; // class heads, inside the arena
	std::uint64_t nonempty[kClasses / 64];
};

Heap heap;

std::size_t get(std::uintptr_t a)
{
	std::size_t v;
	std::memcpy(&v, reinterpret_cast<const void *>(a), sizeof(v));
	return v;
}

void put(std::uintptr_t a, std::size_t v)
{
	std::memcpy(reinterpret_cast<void *>(a), &v, sizeof(v));
}

constexpr std::size_t size_of(std::size_t h)
{
	return h & ~std::size_t{15};
}

unsigned class_of(std::size_t size)
{
	if (size <= 1024)
		return static_cast<unsigned>(size >> 4) - 2;
	unsigned e = 63 - static_cast<unsigned>(__builtin_clzll(size));
	unsigned c = 63 + (e - 10) * 4 + static_cast<unsigned>((size >> (e - 2)) & 3);
	return c < kClasses ? c : kClasses - 1;
}

void list_insert(std::uintptr_t b, std::size_t size)
{
	unsigned c = class_of(size);
	std::uintptr_t h = heap.heads[c];
	put(b + 8, h);
	put(b + 16, 0);
	if (h)
		put(h + 16, b);
	heap.heads[c] = b;
	heap.nonempty[c / 64] |= std::uint64_t{1} << (c % 64);
}

void list_remove(std::uintptr_t b, std::size_t size)
{
	unsigned c = class_of(size);
	std::uintptr_t next = get(b + 8), prev = get(b + 16);
	if (prev) {
		put(prev + 8, next);
	} else {
		heap.heads[c] = next;
		if (!next)
			heap.nonempty[c / 64] &= ~(std::uint64_t{1} << (c % 64));
	}
	if (next)
		put(next + 16, prev);
}

unsigned next_nonempty(unsigned c)
{
	while (c < kClasses) {
		std::uint64_t w = heap.nonempty[c / 64] & (~std::uint64_t{0} << (c % 64));
		if (w)
			return (c & ~63u) + static_cast<unsigned>(__builtin_ctzll(w));
		c = (c & ~63u) + 64;
	}
	return kClasses;
}

std::uintptr_t find_fit(std::size_t asize)
{
	unsigned c = class_of(asize);
	std::uintptr_t b = heap.heads[c];
	for (int k = 0; b && k < 8; k++, b = get(b + 8))
		if (size_of(get(b)) >= asize)
			return b;
	unsigned up = next_nonempty(c + 1);
	if (up < kClasses)
		return heap.heads[up];
	for (; b; b = get(b + 8))
		if (size_of(get(b)) >= asize)
			return b;
	return 0;
}

bool is_start(std::size_t g)
{
	return (heap.bits[g / 64] >> (g % 64)) & 1;
}

} // namespace

extern "C" int mm_init(void *arena, std::size_t size)
{
	auto base = reinterpret_cast<std::uintptr_t>(arena);
	if (!arena || base % 16 || size % 16 || size < 8192)
		return -1;
	std::size_t bits = (size / 128 + 15) & ~std::size_t{15};
	std::size_t heads = kClasses * sizeof(std::uintptr_t);
	std::memset(arena, 0, bits + heads);
	heap = Heap{};
	heap.base = base;
	heap.size = size;
	heap.bits = reinterpret_cast<std::uint64_t *>(base);
	heap.heads = reinterpret_cast<std::uintptr_t *>(base + bits);
	heap.lo = base + bits + heads + 8;
	heap.hi = base + size - 8;
	std::size_t first = heap.hi - heap.lo;
	put(heap.hi, kAlloc); // epilogue: size 0, allocated, previous block free
	put(heap.lo, first | kPrevAlloc);
	put(heap.lo + first - 8, first);
	list_insert(heap.lo, first);
	return 0;
}

extern "C" void *mm_malloc(std::size_t n)
{
	if (n == 0 || n > heap.size)
		return nullptr;
	std::size_t asize = (n + 8 + 15) & ~std::size_t{15};
	if (asize < kMinBlock)
		asize = kMinBlock;
	std::uintptr_t b = find_fit(asize);
	if (!b)
		return nullptr;
	std::size_t h = get(b), bsize = size_of(h);
	list_remove(b, bsize);
	if (bsize - asize >= kMinBlock) {
		std::uintptr_t rest = b + asize;
		put(b, asize | kAlloc | (h & kPrevAlloc));
		put(rest, (bsize - asize) | kPrevAlloc);
		put(rest + bsize - asize - 8, bsize - asize);
		list_insert(rest, bsize - asize);
	} else {
		put(b, bsize | kAlloc | (h & kPrevAlloc));
		put(b + bsize, get(b + bsize) | kPrevAlloc);
	}
	std::size_t g = (b + 8 - heap.base) >> 4;
	heap.bits[g / 64] |= std::uint64_t{1} << (g % 64);
	return reinterpret_cast<void *>(b + 8);
}

extern "C" int mm_free(void *p)
{
	auto a = reinterpret_cast<std::uintptr_t>(p);
	if (!p)
		return 0;
	if (a % 16 || a < heap.lo + 8 || a >= heap.hi)
		return -1;
	std::size_t g = (a - heap.base) >> 4;
	if (!is_start(g))
		return -1;
	heap.bits[g / 64] &= ~(std::uint64_t{1} << (g % 64));

	std::uintptr_t b = a - 8;
	std::size_t h = get(b), size = size_of(h);
	std::size_t nh = get(b + size);
	if (!(nh & kAlloc)) {
		list_remove(b + size, size_of(nh));
		size += size_of(nh);
	}
	if (!(h & kPrevAlloc)) {
		std::size_t psize = size_of(get(b - 8));
		b -= psize;
		list_remove(b, psize);
		size += psize;
	}
	put(b, size | kPrevAlloc);
	put(b + size - 8, size);
	put(b + size, get(b + size) & ~kPrevAlloc);
	list_insert(b, size);
	return 0;
}
