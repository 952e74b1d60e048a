"""MUTANT no_coalesce (Python): first fit with splitting, but a freed block is
never merged with free neighbours.

Expected: WA (spurious out-of-memory), caught by the py-coalesce group.
"""


class Allocator:
    def __init__(self, arena):
        self.size = len(arena)
        self.free_at = {0: self.size}  # start -> size
        self.used = {}

    def malloc(self, n):
        if n <= 0 or n > self.size:
            return -1
        need = (n + 15) & ~15
        for start, size in self.free_at.items():
            if size >= need:
                break
        else:
            return -1
        del self.free_at[start]
        if size > need:
            self.free_at[start + need] = size - need
        self.used[start] = need
        return start

    def free(self, off):
        if off == -1:
            return 0
        size = self.used.pop(off, None)
        if size is None:
            return -1
        self.free_at[off] = size  # BUG: no merging with the neighbours
        return 0
