"""Segregated free lists; the bookkeeping lives in dictionaries.

Free blocks are indexed three ways: by start (size), by end (start, for
coalescing with the left neighbour) and by size class (an insertion-ordered
dict per class).  Classes are exact in 16-byte steps up to 1 KiB, then four
per power of two; an int bit mask finds the next non-empty class.  Blocks need
no header, so a request takes exactly round_up_16(n) bytes.
"""

from itertools import islice

EXACT = 64  # classes 0..63 hold sizes 16..1024
PROBES = 8  # entries of the request's own class tried before a larger class


def size_class(size):
    if size <= 1024:
        return size // 16 - 1
    e = size.bit_length() - 1
    return EXACT + (e - 10) * 4 + ((size >> (e - 2)) & 3)


class Allocator:
    def __init__(self, arena):
        self.size = len(arena)
        self.used = {}  # start -> size of allocated blocks
        self.free_at = {}  # start -> size
        self.free_end = {}  # end -> start
        self.lists = [{} for _ in range(size_class(self.size) + 1)]
        self.mask = 0  # bit c set when class c has a free block
        self._insert(0, self.size)

    def _insert(self, start, size):
        c = size_class(size)
        self.lists[c][start] = size
        self.mask |= 1 << c
        self.free_at[start] = size
        self.free_end[start + size] = start

    def _remove(self, start, size):
        c = size_class(size)
        lst = self.lists[c]
        del lst[start]
        if not lst:
            self.mask &= ~(1 << c)
        del self.free_at[start], self.free_end[start + size]

    def malloc(self, n):
        if n <= 0 or n > self.size:
            return -1
        need = (n + 15) & ~15
        start = self._find(need)
        if start is None:
            return -1
        size = self.free_at[start]
        self._remove(start, size)
        if size > need:
            self._insert(start + need, size - need)
        self.used[start] = need
        return start

    def _find(self, need):
        """A free block of at least need bytes: a few entries of the request's
        class, else the first block of the next non-empty class (every block
        there fits), else the rest of the request's class."""
        c = size_class(need)
        own = self.lists[c]
        for start, size in islice(own.items(), PROBES):
            if size >= need:
                return start
        higher = self.mask >> (c + 1)
        if higher:
            return next(iter(self.lists[c + (higher & -higher).bit_length()]))
        for start, size in own.items():
            if size >= need:
                return start
        return None

    def free(self, off):
        if off == -1:
            return 0
        size = self.used.pop(off, None)
        if size is None:
            return -1
        start, end = off, off + size
        left = self.free_end.get(start)
        if left is not None:
            self._remove(left, start - left)
            start = left
        right = self.free_at.get(end)
        if right is not None:
            self._remove(end, right)
            end += right
        self._insert(start, end - start)
        return 0
