"""MUTANT no_split (Python): first fit with coalescing, but a request takes a
whole free block however large it is.

Expected: WA (spurious out-of-memory), caught by the py-split group (and
almost everything else).
"""


class Allocator:
    def __init__(self, arena):
        self.size = len(arena)
        self.free_at = {0: self.size}  # start -> size
        self.free_end = {self.size: 0}  # end -> start
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
        del self.free_at[start], self.free_end[start + size]
        self.used[start] = size  # BUG: the rest of the block is not split off
        return start

    def free(self, off):
        if off == -1:
            return 0
        size = self.used.pop(off, None)
        if size is None:
            return -1
        start, end = off, off + size
        if start in self.free_end:
            start = self.free_end.pop(start)
            del self.free_at[start]
        if end in self.free_at:
            old = end
            end += self.free_at.pop(old)
            del self.free_end[end]
        self.free_at[start] = end - start
        self.free_end[end] = start
        return 0
