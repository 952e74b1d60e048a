#!/usr/bin/env python3
"""Deterministic trace generator for the memory-allocator problem.

usage: gen.py GROUP KIND --seed N [--scale c|py]

Writes one trace to standard output:
    <arena_size> <op_count>
    a <id> <n> | f <id> | x double <id> | x interior <id> | x misaligned <id>
    | x outside | x null
Every id is allocated by exactly one `a` line and is below op_count.

--scale c  (default): the C/C++ traces.
--scale py: Python's own traces, scaled down ten times: at most 10^4
            operations, 500 live blocks and a 4 MiB arena.
The same arguments always give the same bytes (the PRNG is seeded from them).
Each group asserts the property the catalog promises for it.
"""
import argparse
import collections
import heapq
import math
import random
import sys

KIB = 1024
MIB = 1024 * KIB
PY_MAX_OPS, PY_MAX_LIVE, PY_MAX_ARENA = 10_000, 500, 4 * MIB


class Trace:
    """Builds a trace and tracks the live set as if every malloc succeeded."""

    def __init__(self, arena, max_live=None):
        assert arena % 16 == 0 and 64 * KIB <= arena <= 64 * MIB
        self.arena = arena
        self.max_live = max_live
        self.lines = []
        self.next_id = 0
        self.live = []  # ids, in no particular order (O(1) random pick and removal)
        self.pos = {}
        self.size = {}
        self.freed = []
        self.live_bytes = self.peak = self.total = self.peak_blocks = 0

    def alloc(self, n):
        i = self.next_id
        self.next_id += 1
        self.lines.append(f"a {i} {n}")
        self.size[i] = n
        self.pos[i] = len(self.live)
        self.live.append(i)
        self.live_bytes += n
        self.total += n
        self.peak = max(self.peak, self.live_bytes)
        self.peak_blocks = max(self.peak_blocks, len(self.live))
        return i

    def free(self, i):
        self.lines.append(f"f {i}")
        k = self.pos.pop(i)
        last = self.live.pop()
        if last != i:
            self.live[k] = last
            self.pos[last] = k
        self.live_bytes -= self.size[i]
        self.freed.append(i)

    def is_live(self, i):
        return i in self.pos

    def full(self):
        return self.max_live is not None and len(self.live) >= self.max_live

    def misuse(self, kind, i=None):
        self.lines.append(f"x {kind}" if i is None else f"x {kind} {i}")

    def free_random(self, rng):
        self.free(self.live[rng.randrange(len(self.live))])

    def text(self):
        return f"{self.arena} {len(self.lines)}\n" + "\n".join(self.lines) + "\n"


def loguniform(rng, lo, hi):
    return min(hi, int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1)))))


def scaled(scale, c_value, py_value):
    return c_value if scale == "c" else py_value


def by_seed(seed, options):
    """Seeds 1, 2, 3, ... walk through the options in order."""
    return options[(seed - 1) % len(options)]


# ---- basic: small random traces (the edge cases are committed by hand) ----

def gen_basic(rng, scale, kind, seed):
    assert kind == "random"
    t = Trace(64 * KIB, scaled(scale, None, PY_MAX_LIVE))
    while len(t.lines) < 400:
        r = rng.random()
        if t.live and (r < 0.4 or t.live_bytes > 40 * KIB or t.full()):
            t.free_random(rng)
        elif r < 0.41:
            t.alloc(0)
        else:
            band = rng.random()
            lo, hi = (1, 64) if band < 0.5 else (65, 1024) if band < 0.85 else (1025, 8192)
            t.alloc(rng.randint(lo, hi))
    return t


# ---- reuse: total requested >= 4 x arena, peak live <= arena / 2 ----

def gen_reuse(rng, scale, kind, seed):
    arena = scaled(scale, 1 * MIB, 256 * KIB)
    ops = scaled(scale, 20_000, 8_000)
    cap = arena // 2
    t = Trace(arena, scaled(scale, None, PY_MAX_LIVE))
    if kind == "fifo":
        queue = collections.deque()
        while len(t.lines) < ops:
            s = loguniform(rng, 16, 8192)
            while queue and (t.live_bytes + s > cap or t.full() or rng.random() < 0.15):
                t.free(queue.popleft())
            queue.append(t.alloc(s))
    elif kind == "window":
        # Random lifetimes, but a block dies before another cap*0.8 bytes
        # have been requested after it, so old space is always dead.
        born = collections.deque()
        while len(t.lines) < ops:
            s = rng.choice((rng.randint(1, 256), loguniform(rng, 16, 16384)))
            while born and (not t.is_live(born[0][1]) or t.total - born[0][0] > cap * 0.8):
                _, i = born.popleft()
                if t.is_live(i):
                    t.free(i)
            while t.live and (t.live_bytes + s > cap or t.full() or rng.random() < 0.45):
                t.free_random(rng)
            born.append((t.total, t.alloc(s)))
    elif kind == "stack":
        stack = []
        while len(t.lines) < ops:
            target = rng.uniform(0.2, 1.0) * cap
            while len(t.lines) < ops:
                s = loguniform(rng, 1, 4096)
                if t.live_bytes + s > target or t.full():
                    break
                stack.append(t.alloc(s))
            keep = rng.randrange(4)
            while len(stack) > keep and len(t.lines) < ops:
                t.free(stack.pop())
    elif kind == "same":
        size = by_seed(seed, (1000, 4096, 512, 24000))
        ring = collections.deque()
        depth = min(rng.randint(1, 8), cap // size - 1)
        while len(t.lines) < ops:
            ring.append(t.alloc(size))
            if len(ring) > depth:
                t.free(ring.popleft())
    else:
        raise SystemExit(f"unknown reuse kind {kind}")
    assert t.total >= 4 * arena, (t.total, arena)
    assert t.peak <= arena // 2, (t.peak, arena)
    return t


# ---- coalesce: fill with small blocks, free all in random order, ask for half ----

def gen_coalesce(rng, scale, kind, seed):
    assert kind == "fill"
    if scale == "c":
        arena = by_seed(seed, (256 * KIB, 1 * MIB, 2 * MIB))
        block = 64
        count = arena // block
    else:
        # 64-byte blocks cannot fill even the smallest arena within Python's
        # 500-live-block budget; use the smallest block size that can.
        arena = 64 * KIB
        block = by_seed(seed, (144, 160, 192))
        count = min(PY_MAX_LIVE, arena // block + 32)
    t = Trace(arena)
    ids = [t.alloc(block) for _ in range(count)]
    rng.shuffle(ids)
    for i in ids:
        t.free(i)
    big = t.alloc(arena // 2)
    t.free(big)
    t.alloc(arena // 2 + rng.randrange(1, 1024))
    return t


# ---- split: one large block allocated and freed, then many small requests ----

def gen_split(rng, scale, kind, seed):
    assert kind == "small"
    arena = scaled(scale, by_seed(seed, (1 * MIB, 2 * MIB)), 256 * KIB)
    t = Trace(arena, scaled(scale, None, PY_MAX_LIVE))
    big = t.alloc(arena * 3 // 4 // 16 * 16)
    t.free(big)
    hi = scaled(scale, 256, 512)
    while t.live_bytes < arena // 2 and not t.full():
        if t.live and rng.random() < 0.1:
            t.free_random(rng)
        else:
            t.alloc(rng.randint(1, hi))
    return t


# ---- fragmentation: mixed sizes, interleaved frees, the arena really fills ----

def gen_fragmentation(rng, scale, kind, seed):
    arena = scaled(scale, by_seed(seed, (1 * MIB, 2 * MIB, 4 * MIB)), 512 * KIB)
    ops = scaled(scale, 20_000, PY_MAX_OPS)
    t = Trace(arena, scaled(scale, None, PY_MAX_LIVE))
    lo_target, hi_target = (1.0, 1.6) if kind == "pressure" else (0.5, 1.3)
    target = rng.uniform(lo_target, hi_target)
    while len(t.lines) < ops:
        if len(t.lines) % 2000 == 0:
            target = rng.uniform(lo_target, hi_target)
        p_alloc = 0.7 if t.live_bytes < target * arena else 0.3
        if t.live and (rng.random() > p_alloc or t.full()):
            t.free_random(rng)
            continue
        if kind == "bimodal":
            s = rng.randint(16, 128) if rng.random() < 0.7 else rng.randint(8 * KIB, 64 * KIB)
        elif kind in ("random", "pressure"):
            s = loguniform(rng, 1, 64 * KIB)
        else:
            raise SystemExit(f"unknown fragmentation kind {kind}")
        t.alloc(s)
    return t


# ---- misuse: bad frees mixed into a normal trace ----

def gen_misuse(rng, scale, kind, seed):
    assert kind == "mixed"
    arena = scaled(scale, 1 * MIB, 256 * KIB)
    ops = scaled(scale, 10_000, 5_000)
    t = Trace(arena, scaled(scale, None, PY_MAX_LIVE))
    while len(t.lines) < ops:
        r = rng.random()
        if r < 0.25:
            what = rng.choice(("double", "double", "interior", "misaligned", "outside", "null"))
            if what == "double" and t.freed:
                # Recently freed pointers are the likeliest to be handed out again.
                t.misuse("double", t.freed[-1 - rng.randrange(min(8, len(t.freed)))])
            elif what == "interior":
                big = [i for i in t.live[-16:] if t.size[i] >= 32]
                if big:
                    t.misuse("interior", rng.choice(big))
            elif what == "misaligned" and t.next_id:
                t.misuse("misaligned", rng.randrange(t.next_id))
            elif what in ("outside", "null"):
                t.misuse(what)
        elif t.live and (r < 0.55 or t.live_bytes > arena * 0.7 or t.full()):
            t.free_random(rng)
        else:
            t.alloc(loguniform(rng, 1, 8192))
    return t


# ---- large: 64 MiB arena, 10^5 operations, <= 2000 live blocks ----

def gen_large(rng, scale, kind, seed):
    arena = scaled(scale, 64 * MIB, PY_MAX_ARENA)
    ops = scaled(scale, 100_000, PY_MAX_OPS)
    max_live = scaled(scale, 2000, 200)
    max_total = scaled(scale, 512 * MIB, 51 * MIB)
    hi = 64 * KIB
    t = Trace(arena, max_live)
    if kind == "prefix":
        # Long-lived blocks occupy the low addresses for the whole trace, so an
        # allocator that scans the arena from its start walks past them every time.
        for _ in range(max_live * 3 // 10):
            t.alloc(loguniform(rng, 16 * KIB, scaled(scale, 64 * KIB, 24 * KIB)))
        keep = set(t.live)
        churn_lo, churn_hi = max_live * 4 // 10, max_live * 65 // 100
        while len(t.lines) < ops:
            churn = len(t.live) - len(keep)
            if churn > churn_lo and (churn >= churn_hi or rng.random() < 0.5):
                i = t.live[rng.randrange(len(t.live))]
                if i not in keep:
                    t.free(i)
            else:
                t.alloc(loguniform(rng, 16, hi))
    elif kind == "random":
        while len(t.lines) < ops:
            n = len(t.live)
            if n > max_live // 2 and (n >= max_live or rng.random() < 0.5):
                t.free_random(rng)
            else:
                t.alloc(loguniform(rng, 16, hi))
    elif kind == "sawtooth":
        while len(t.lines) < ops:
            while not t.full() and len(t.lines) < ops:
                t.alloc(loguniform(rng, 16, hi // 2))
            order = list(t.live)
            rng.shuffle(order)
            for i in order[: len(order) - rng.randrange(len(order) // 10 + 1)]:
                if len(t.lines) >= ops:
                    break
                t.free(i)
    else:
        raise SystemExit(f"unknown large kind {kind}")
    assert t.peak_blocks <= max_live and t.total <= max_total, (t.peak_blocks, t.total)
    return t


# ---- scored: mdriver-style realistic mixes ----

def gen_scored(rng, scale, kind, seed):
    ops = scaled(scale, 1_000_000, PY_MAX_OPS)
    max_live = scaled(scale, 20_000, PY_MAX_LIVE)
    if kind == "compiler":
        # Mostly small, mostly short-lived objects, a tail of big ones, some long-lived.
        t = Trace(scaled(scale, 24 * MIB, 2 * MIB), max_live)
        deaths = []
        step = 0
        while len(t.lines) < ops:
            step += 1
            if deaths and (deaths[0][0] <= step or t.full()):
                _, i = heapq.heappop(deaths)
                t.free(i)
                continue
            r = rng.random()
            s = (rng.randint(8, 64) if r < 0.6 else rng.randint(65, 512) if r < 0.85
                 else rng.randint(513, 4096) if r < 0.97 else rng.randint(4097, 32768))
            life = rng.expovariate(1 / 40) if rng.random() < 0.95 else rng.expovariate(8 / ops)
            heapq.heappush(deaths, (step + 1 + int(life), t.alloc(s)))
    elif kind in ("binary", "binary2"):
        # Alternate a small and a big block, free the big ones, then ask for
        # slightly bigger blocks that do not fit the holes; free everything.
        small, big, bigger = (64, 448, 512) if kind == "binary" else (16, 112, 128)
        t = Trace(scaled(scale, (16 if kind == "binary" else 8) * MIB, 512 * KIB), max_live)
        pairs = max_live * 3 // 10
        while len(t.lines) < ops:
            smalls, bigs = [], []
            for _ in range(pairs):
                smalls.append(t.alloc(small))
                bigs.append(t.alloc(big))
            for i in bigs:
                t.free(i)
            biggers = [t.alloc(bigger) for _ in range(pairs)]
            rest = smalls + biggers
            rng.shuffle(rest)
            for i in rest:
                t.free(i)
        del t.lines[ops:]
    elif kind == "random":
        t = Trace(scaled(scale, 48 * MIB, 2 * MIB), max_live)
        while len(t.lines) < ops:
            if t.live and (t.full() or rng.random() < len(t.live) / max_live):
                t.free_random(rng)
            else:
                t.alloc(rng.randint(1, 2048))
    elif kind == "phases":
        # Ramp up to the live-block budget, ramp down in random order, repeat.
        t = Trace(scaled(scale, 32 * MIB, 1 * MIB), max_live)
        while len(t.lines) < ops:
            while not t.full() and len(t.lines) < ops:
                if t.live and rng.random() < 0.2:
                    t.free_random(rng)
                t.alloc(loguniform(rng, 16, 1024))
            floor = max_live // 10
            while len(t.live) > floor and len(t.lines) < ops:
                t.free_random(rng)
                if rng.random() < 0.2:
                    t.alloc(loguniform(rng, 16, 1024))
        del t.lines[ops:]
    elif kind == "coalescing":
        # Two neighbours freed, then one block as large as both, over a
        # background of random live blocks.
        t = Trace(scaled(scale, 16 * MIB, 2 * MIB), max_live)
        background = max_live // 4
        size = 16
        while len(t.lines) < ops:
            if len(t.live) < background or rng.random() < 0.1:
                t.alloc(loguniform(rng, 16, 2048))
                if len(t.live) > background:
                    t.free_random(rng)
                continue
            x, y = t.alloc(size), t.alloc(size)
            t.free(x)
            t.free(y)
            t.free(t.alloc(2 * size))
            size = size + 16 if size < 4096 else 16
        del t.lines[ops:]
    else:
        raise SystemExit(f"unknown scored kind {kind}")
    assert t.peak_blocks <= max_live
    return t


GROUPS = {
    "basic": gen_basic,
    "reuse": gen_reuse,
    "coalesce": gen_coalesce,
    "split": gen_split,
    "fragmentation": gen_fragmentation,
    "misuse": gen_misuse,
    "large": gen_large,
    "scored": gen_scored,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("group", choices=sorted(GROUPS))
    ap.add_argument("kind")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--scale", choices=("c", "py"), default="c")
    args = ap.parse_args()
    rng = random.Random(f"memory-allocator/{args.group}/{args.kind}/{args.seed}/{args.scale}")
    t = GROUPS[args.group](rng, args.scale, args.kind, args.seed)
    if args.scale == "py":
        assert len(t.lines) <= PY_MAX_OPS and t.peak_blocks <= PY_MAX_LIVE
        assert t.arena <= PY_MAX_ARENA
    sys.stdout.write(t.text())


if __name__ == "__main__":
    main()
