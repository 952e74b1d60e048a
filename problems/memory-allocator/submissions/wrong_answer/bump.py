"""MUTANT bump (Python): a bump pointer; freed space is never reused.

Expected: WA (spurious out-of-memory), caught by the py-reuse group.
"""


class Allocator:
    def __init__(self, arena):
        self.size = len(arena)
        self.top = 0
        self.live = set()

    def malloc(self, n):
        if n <= 0 or n > self.size - self.top:
            return -1
        off = self.top
        self.top += (n + 15) & ~15  # BUG: nothing ever moves it back
        self.live.add(off)
        return off

    def free(self, off):
        if off == -1:
            return 0
        if off not in self.live:
            return -1
        self.live.remove(off)
        return 0
