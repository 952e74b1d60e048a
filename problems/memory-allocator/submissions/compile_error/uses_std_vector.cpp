// MUTANT uses_std_vector: the arena is carved up correctly, but the block
// table is a std::vector, which allocates with operator new and delete.
// Expected: CE (forbidden symbols _Znwm and _ZdlPvm in the object file).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace
{

struct Block {
	std::uintptr_t start;
	std::size_t size;
	bool used;
};

std::vector<Block> blocks; // address order, free and used

} // namespace

extern "C" int mm_init(void *arena, std::size_t size)
{
	blocks.assign(1, Block{reinterpret_cast<std::uintptr_t>(arena), size, false});
	return 0;
}

extern "C" void *mm_malloc(std::size_t n)
{
	if (n == 0 || n > SIZE_MAX / 2)
		return nullptr;
	std::size_t need = (n + 15) & ~std::size_t{15};
	for (std::size_t i = 0; i < blocks.size(); i++) {
		if (blocks[i].used || blocks[i].size < need)
			continue;
		if (blocks[i].size > need) {
			Block rest{blocks[i].start + need, blocks[i].size - need, false};
			blocks[i].size = need;
			blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1, rest);
		}
		blocks[i].used = true;
		return reinterpret_cast<void *>(blocks[i].start);
	}
	return nullptr;
}

extern "C" int mm_free(void *p)
{
	auto a = reinterpret_cast<std::uintptr_t>(p);
	if (!p)
		return 0;
	for (std::size_t i = 0; i < blocks.size(); i++) {
		if (blocks[i].start != a)
			continue;
		if (!blocks[i].used)
			return -1;
		blocks[i].used = false;
		if (i + 1 < blocks.size() && !blocks[i + 1].used) {
			blocks[i].size += blocks[i + 1].size;
			blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1);
		}
		if (i > 0 && !blocks[i - 1].used) {
			blocks[i - 1].size += blocks[i].size;
			blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
		}
		return 0;
	}
	return -1;
}
