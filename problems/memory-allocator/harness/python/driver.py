#!/usr/bin/env python3
"""driver.py - judge driver for the memory-allocator harness problem (Python).

The candidate's file is saved as solution.py beside this driver and defines
    class Allocator:
        def __init__(self, arena: memoryview): ...
        def malloc(self, n: int) -> int: ...   # offset, multiple of 16, or -1
        def free(self, off: int) -> int: ...   # 0 freed, -1 not a live block; free(-1) -> 0

The trace arrives on standard input and is validated before the candidate's
module is imported.  It is replayed in lockstep on the candidate and on a
reference allocator (explicit free list, first fit), with the same checks as
the C driver on every operation: bounds and 16-byte alignment, no overlap with
a live block, payload bytes (written through the memoryview after malloc and
verified before free and at the end), the no-avoidable-NULL rule, misuse
operations returning -1 and free(-1) returning 0.  Only the allocator calls of
`a` and `f` operations are timed; throughput = reference time / candidate time.

Whatever the candidate prints to stdout goes to stderr; the one-line report
(same format as the C driver: OK ..., FAIL op k (...): ..., BADTRACE ...,
INTERNAL ...) is written to a private copy of the original stdout.  An
exception raised by the candidate is noted as CRASH on stderr and propagates
(non-zero exit: RE).
"""
import bisect
import operator
import os
import random
import sys
import time

ARENA_MIN, ARENA_MAX = 64 << 10, 64 << 20
RESERVED_BASE, NULL_SLACK = 4096, 128
KINDS = {"double", "interior", "misaligned", "outside", "null"}


class BadTrace(Exception):
    def __init__(self, line, msg):
        super().__init__(msg)
        self.line = line


def parse(data):
    """Returns (arena_size, ops); ops are tuples (kind, id, n)."""
    lines = data.decode("ascii", "replace").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    head = lines[0].split() if lines else []
    if len(head) != 2 or not all(w.isdigit() for w in head):
        raise BadTrace(1, "header must be '<arena_size> <op_count>'")
    size, nops = int(head[0]), int(head[1])
    if not (ARENA_MIN <= size <= ARENA_MAX and size % 16 == 0):
        raise BadTrace(1, f"arena size {size} not in [64 KiB, 64 MiB] or not a multiple of 16")
    if len(lines) - 1 != nops:
        raise BadTrace(len(lines), f"{len(lines) - 1} operations, header says {nops}")
    state, n_of, ops = {}, {}, []
    for ln, text in enumerate(lines[1:], start=2):
        w = text.split()
        try:
            if len(w) == 3 and w[0] == "a":
                op = ("a", int(w[1]), int(w[2]))
            elif len(w) == 2 and w[0] == "f":
                op = ("f", int(w[1]), 0)
            elif len(w) == 3 and w[0] == "x" and w[1] in KINDS - {"outside", "null"}:
                op = (w[1], int(w[2]), 0)
            elif len(w) == 2 and w[0] == "x" and w[1] in ("outside", "null"):
                op = (w[1], -1, 0)
            else:
                raise ValueError
        except ValueError:
            raise BadTrace(ln, "malformed operation") from None
        kind, i, n = op
        if kind not in ("outside", "null") and not 0 <= i < nops or n < 0 or n >= 1 << 64:
            raise BadTrace(ln, "id not below op_count or size out of range")
        st = state.get(i, 0)
        if kind == "a":
            if st:
                raise BadTrace(ln, f"id {i} allocated twice")
            state[i], n_of[i] = 1, n
        elif kind == "f":
            if st != 1:
                raise BadTrace(ln, f"f of id {i}, which is not live")
            state[i] = 2
        elif kind == "double" and st != 2:
            raise BadTrace(ln, f"x double of id {i}, which was not freed")
        elif kind == "interior" and (st != 1 or n_of[i] < 32):
            raise BadTrace(ln, f"x interior needs a live block of at least 32 bytes (id {i})")
        elif kind == "misaligned" and not st:
            raise BadTrace(ln, f"x misaligned of unknown id {i}")
        ops.append(op)
    return size, ops


def op_text(op):
    kind, i, n = op
    if kind == "a":
        return f"a {i} {n}"
    if kind == "f":
        return f"f {i}"
    return f"x {kind}" if kind in ("outside", "null") else f"x {kind} {i}"


class Failure(Exception):
    pass


class RefAllocator:
    """Explicit free list, first fit in insertion order, splitting, immediate
    coalescing; bookkeeping in dictionaries (the Python contract allows it)."""

    def __init__(self, arena):
        self.size = len(arena)
        self.free_at = {0: self.size}  # start -> size, the free list in order
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
        if size > need:
            self.free_at[start + need] = size - need
            self.free_end[start + size] = start + need
        self.used[start] = need
        return start

    def free(self, off):
        size = self.used.pop(off)
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


class Run:
    def __init__(self, size, alloc_cls, check_misuse):
        self.size = size
        self.buf = bytearray(size)
        self.view = memoryview(self.buf)
        self.cls = alloc_cls
        self.check_misuse = check_misuse
        self.starts = []  # sorted offsets of live blocks
        self.owner = {}  # offset -> id
        self.off, self.n, self.state = {}, {}, {}
        self.live = self.peak = self.high = 0
        self.allocs = self.frees = self.misuse = self.skipped = self.nulls = 0
        self.outside_seen = 0
        self.ns = self.calls = 0
        self.gap = None  # (length, offset), valid until the live set changes

    def begin(self):
        self.alloc = self.cls(memoryview(self.buf))

    def largest_gap(self):
        reserved = RESERVED_BASE + self.size // 64
        cursor, best, best_off = reserved, 0, reserved
        k = max(0, bisect.bisect_left(self.starts, reserved) - 1)
        for s in self.starts[k:]:
            if s > cursor and s - cursor > best:
                best, best_off = s - cursor, cursor
            cursor = max(cursor, s + self.n[self.owner[s]])
        if self.size - cursor > best:
            best, best_off = self.size - cursor, cursor
        return best, best_off

    def do_alloc(self, i, n):
        t0 = time.perf_counter_ns()
        ret = self.alloc.malloc(n)
        self.ns += time.perf_counter_ns() - t0
        self.calls += 1
        self.allocs += 1
        try:
            if isinstance(ret, bool):
                raise TypeError
            off = operator.index(ret)
        except TypeError:
            raise Failure(f"malloc returned {type(ret).__name__} {ret!r}, expected an int") from None
        if off == -1:
            self.state[i] = "null"
            if n == 0:
                return
            self.nulls += 1
            if n <= self.size:
                need = ((n + 15) & ~15) + NULL_SLACK
                if self.gap is None:
                    self.gap = self.largest_gap()
                glen, goff = self.gap
                if glen >= need:
                    raise Failure(
                        f"spurious out-of-memory: malloc returned -1, but the {glen} bytes at "
                        f"arena offsets [{goff}, {goff + glen}) hold no live block (-1 is allowed "
                        f"only when no such gap of round_up_16(n) + 128 = {need} bytes is left "
                        f"past the first {RESERVED_BASE + self.size // 64} bytes)")
            return
        if n == 0:
            raise Failure(f"malloc(0) returned {off}; it must return -1")
        if not 0 <= off < self.size:
            raise Failure(f"returned offset {off} is outside the arena [0, {self.size})")
        if off % 16:
            raise Failure(f"returned offset {off} is not a multiple of 16")
        if n > self.size - off:
            raise Failure(f"block at offset {off} with {n} bytes runs past the end of the "
                          f"{self.size}-byte arena")
        k = bisect.bisect_right(self.starts, off)
        for j in (k - 1, k):
            if 0 <= j < len(self.starts):
                s = self.starts[j]
                other = self.owner[s]
                if s < off + n and off < s + self.n[other]:
                    raise Failure(f"block [{off}, {off + n}) overlaps the live block of id {other} "
                                  f"at [{s}, {s + self.n[other]})")
        self.starts.insert(k, off)
        self.owner[off] = i
        self.off[i], self.n[i], self.state[i] = off, n, "live"
        s = pattern_start(i)
        self.view[off:off + n] = PATTERN[s:s + n]
        self.live += n
        self.peak = max(self.peak, self.live)
        self.high = max(self.high, off + n)
        self.gap = None

    def check_payload(self, i):
        off, n = self.off[i], self.n[i]
        s = pattern_start(i)
        if self.view[off:off + n].tobytes() == PATTERN[s:s + n]:
            return n
        return next(b for b in range(n) if self.view[off + b] != PATTERN[s + b])

    def do_free(self, i):
        if self.state[i] == "null":
            self.skipped += 1
            return
        off, n = self.off[i], self.n[i]
        bad = self.check_payload(i)
        if bad < n:
            raise Failure(f"payload of block id {i} ([{off}, {off + n}), {n} bytes) was modified "
                          f"at byte {bad} while it was live")
        t0 = time.perf_counter_ns()
        rv = self.alloc.free(off)
        self.ns += time.perf_counter_ns() - t0
        self.calls += 1
        if rv != 0 or isinstance(rv, bool):
            raise Failure(f"free of the live block of id {i} returned {rv!r}, expected 0")
        self.starts.pop(bisect.bisect_left(self.starts, off))
        del self.owner[off]
        self.state[i] = "freed"
        self.live -= n
        self.frees += 1
        self.gap = None

    def do_misuse(self, kind, i):
        if not self.check_misuse:
            return
        if kind not in ("null", "outside") and self.state[i] == "null":
            self.skipped += 1
            return
        want = -1
        if kind == "null":
            p, want, what = -1, 0, "free(-1)"
        elif kind == "outside":
            self.outside_seen += 1
            if self.outside_seen % 2:
                p, what = -64, "free(-64), 64 bytes before the arena"
            else:
                p, what = self.size + 64, "free of an offset 64 bytes past the arena's end"
        elif kind == "double":
            p = self.off[i]
            if p in self.owner:  # handed out again: indistinguishable from a valid free
                self.skipped += 1
                return
            what = f"free of the already freed offset of id {i}"
        elif kind == "interior":
            p, what = self.off[i] + 16, f"free(offset of live id {i} + 16)"
        else:
            p, what = self.off[i] + 1, f"free(offset of id {i} + 1)"
        self.misuse += 1
        rv = self.alloc.free(p)
        if rv != want or isinstance(rv, bool):
            raise Failure(f"{what} returned {rv!r}, expected {want}"
                          + (" (misuse must be detected and change nothing)" if want else ""))

    def step(self, op):
        kind, i, n = op
        if kind == "a":
            self.do_alloc(i, n)
        elif kind == "f":
            self.do_free(i)
        else:
            self.do_misuse(kind, i)

    def end(self):
        for i, st in self.state.items():
            if st == "live":
                bad = self.check_payload(i)
                if bad < self.n[i]:
                    raise Failure(f"payload of block id {i}, still live, was modified at byte {bad}")


PATTERN = b""


def pattern_start(i):
    return (i * 2654435761) % 4096


def timer_overhead():
    best = None
    for _ in range(5):
        s = 0
        for _ in range(2000):
            a = time.perf_counter_ns()
            s += time.perf_counter_ns() - a
        best = s if best is None else min(best, s)
    return best / 2000


def net_ns(run, overhead):
    return max(run.ns - overhead * run.calls, max(run.calls, 1))


def main():
    global PATTERN
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # the candidate's prints go to stderr

    def report(line):
        out.write(line + "\n")
        out.flush()

    try:
        size, ops = parse(sys.stdin.buffer.read())
    except BadTrace as e:
        report(f"BADTRACE line {e.line}: {e}")
        return
    PATTERN = random.Random(0x5EED).randbytes(size + 4096)

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import solution  # noqa: E402  (an exception here is the candidate's crash)

    overhead = timer_overhead()
    cand = Run(size, solution.Allocator, True)
    ref = Run(size, RefAllocator, False)
    k = -1
    try:
        cand.begin()
        ref.begin()
        for k, op in enumerate(ops):
            try:
                cand.step(op)
            except Failure as e:
                report(f"FAIL op {k + 1} ({op_text(op)}): {e}")
                return
            try:
                ref.step(op)
            except Failure as e:
                report(f"INTERNAL the reference allocator failed: op {k + 1}: {e}")
                return
        try:
            cand.end()
        except Failure as e:
            report(f"FAIL end of trace: {e}")
            return
    except Exception as e:
        where = f" op {k + 1} ({op_text(ops[k])})" if k >= 0 else ""
        note = f"CRASH{where}: {type(e).__name__}: {e}"
        print(note, file=sys.stderr)
        report(note)
        raise
    util = cand.peak / cand.high if cand.high else 0.0
    thr = net_ns(ref, overhead) / net_ns(cand, overhead)
    report(f"OK ops={len(ops)} allocs={cand.allocs} frees={cand.frees} misuse={cand.misuse} "
           f"skipped={cand.skipped} nulls={cand.nulls} peak={cand.peak} high={cand.high} "
           f"util={util:.6f} thr={thr:.4f} cand_ns={net_ns(cand, overhead):.0f} "
           f"ref_ns={net_ns(ref, overhead):.0f}")


if __name__ == "__main__":
    main()
