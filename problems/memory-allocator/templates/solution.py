class Allocator:
    def __init__(self, arena: memoryview):
        """arena: writable, len(arena) bytes, offsets 0 .. len(arena) - 1."""
        self.arena = arena

    def malloc(self, n: int) -> int:
        """n >= 1: an offset, a multiple of 16, with [off, off + n) inside the
        arena and disjoint from every live block, or -1.  n == 0: -1."""
        return -1

    def free(self, off: int) -> int:
        """0 when off was a live block and is now free; -1 (changing nothing)
        when it is not the start of a live block.  free(-1) returns 0."""
        return -1
