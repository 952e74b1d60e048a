#include <cstddef>

// No operator new/delete and no standard containers: the bookkeeping has to
// live inside the arena (at most 1 KiB of static data).

// Called once, before any request.  arena is 16-byte aligned, size is a
// multiple of 16 between 64 KiB and 64 MiB.  Return 0 on success.
extern "C" int mm_init(void *arena, std::size_t size)
{
	(void)arena;
	(void)size;
	return -1;
}

// n >= 1: a 16-byte aligned pointer p with [p, p + n) inside the arena and
// disjoint from every live block, or nullptr.  n == 0: nullptr.
extern "C" void *mm_malloc(std::size_t n)
{
	(void)n;
	return nullptr;
}

// 0 when p was a live block and is now free; -1 (changing nothing) when p is
// not the start of a live block.  mm_free(nullptr) returns 0.
extern "C" int mm_free(void *p)
{
	(void)p;
	return -1;
}
