#!/usr/bin/env python3
"""Test generator and input validator for kmeans-lloyd.

    gen.py MODE --seed S [--key value ...]   write one test input to standard output
    gen.py                                   validate the input on standard input:
                                             exit 42 when it is valid, 43 with a reason

Modes (all coordinates are whole multiples of 1e-6, printed exactly):
    far         k unit-spread blobs offset by --offset (default 1e7) in every coordinate
    slow        two big clusters exchange one point per update for --steps updates,
                every centroid moving less than 1e-5 per update
    tiny-shift  an update that moves every centroid by less than 1e-9 is followed by
                another label change
    large       n = 5e4, d = 8, k = 32 Gaussian blobs, T = 1e4, about 30 updates

Same arguments, same bytes: every random choice comes from random.Random seeded with
the arguments and the attempt number. A candidate test is kept only if it satisfies
the determinism guarantee, checked by running the reference algorithm: at every
assignment step, for every point, the best and second-best squared distances differ
by at least 1e-6 relative, except exact ties between identical centroids (any step)
or, at the first step, between integer starting centroids for integer points.
"""

import random
import re
import sys

import numpy as np

UNIT = 10**6  # coordinates are integers in units of 1e-6
MARGIN = 1e-6
MAX_UPDATES = 100
LIMITS = {"n": (1, 50000), "d": (1, 8), "k": (1, 32), "T": (1, 10000)}
MAX_ABS = 2 * 10**7 * UNIT


class Invalid(Exception):
    pass


def sqdist(Xt, C):
    """Squared distances as a k x n array, summed coordinate by coordinate as (x - c)^2."""
    D = np.zeros((C.shape[0], Xt.shape[1]))
    diff = np.empty(Xt.shape[1])
    for j, c in enumerate(C):
        for t in range(Xt.shape[0]):
            np.subtract(Xt[t], c[t], out=diff)
            diff *= diff
            D[j] += diff
    return D


def check_margins(D, L, C, exact_ok, step):
    d1 = D[L, np.arange(D.shape[1])]
    # d2 - d1 >= MARGIN * d2 for every other centroid, i.e. d2 >= d1 / (1 - MARGIN)
    near = D <= d1 / (1 - MARGIN)
    for i in np.nonzero(np.count_nonzero(near, axis=0) > 1)[0]:
        for j in np.nonzero(near[:, i])[0]:
            if j == L[i] or np.array_equal(C[j], C[L[i]]):
                continue
            if exact_ok and D[j, i] == d1[i]:
                continue
            raise Invalid(f"assignment step {step}: point {i} is nearly tied between "
                          f"centroids {L[i]} and {j} ({d1[i]!r} vs {D[j, i]!r})")


def lloyd(X, C0, T, integer):
    """The reference algorithm with the determinism checks.

    Returns (it, C, labels, shifts, changes): shifts[s] is the largest centroid move
    of update s+1, changes[s] how many labels assignment step s+2 changed."""
    k = C0.shape[0]
    Xt = np.ascontiguousarray(X.T)
    C = C0.copy()
    prev = None
    it = 0
    shifts, changes = [], []
    step = 1
    while it < T:
        D = sqdist(Xt, C)
        L = np.argmin(D, axis=0)
        exact_ok = integer and step == 1 and D.max() < 2.0**53
        check_margins(D, L, C, exact_ok, step)
        if prev is not None:
            changes.append(int(np.count_nonzero(L != prev)))
            if changes[-1] == 0:
                return it, C, L, shifts, changes
        if it == MAX_UPDATES:
            raise Invalid(f"no convergence within {MAX_UPDATES} updates")
        cnt = np.bincount(L, minlength=k)
        newC = C.copy()
        for t in range(Xt.shape[0]):
            s = np.bincount(L, weights=Xt[t], minlength=k)
            newC[cnt > 0, t] = s[cnt > 0] / cnt[cnt > 0]
        shifts.append(float(np.sqrt(((newC - C) ** 2).sum(axis=1)).max()))
        C = newC
        it += 1
        prev = L
        step += 1
    D = sqdist(Xt, C)
    L = np.argmin(D, axis=0)
    check_margins(D, L, C, False, step)
    return it, C, L, shifts, changes


def to_float(units):
    return np.array([[u / UNIT for u in row] for row in units], dtype=np.float64)


def fmt(u):
    """Exact decimal of u * 1e-6, without trailing zeros."""
    sign = "-" if u < 0 else ""
    whole, frac = divmod(abs(u), UNIT)
    return f"{sign}{whole}.{frac:06d}".rstrip("0").rstrip(".")


def run_checked(C0u, Xu, T):
    integer = all(u % UNIT == 0 for row in C0u + Xu for u in row)
    return lloyd(to_float(Xu), to_float(C0u), T, integer)


def render(C0u, Xu, T):
    out = [f"{len(Xu)} {len(Xu[0])} {len(C0u)} {T}"]
    out += [" ".join(map(fmt, row)) for row in C0u]
    out += [" ".join(map(fmt, row)) for row in Xu]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- modes


def mode_far(rng, a):
    n, d, k = int(a.get("n", 20000)), int(a.get("d", 2)), int(a.get("k", 2))
    offset = int(float(a.get("offset", 1e7)) * UNIT)
    sep = float(a.get("sep", 2.5))
    centers = [[rng.uniform(-1, 1) for _ in range(d)]]
    while len(centers) < k:
        c = [rng.uniform(-sep * k / 2, sep * k / 2) for _ in range(d)]
        if min(sum((p - q) ** 2 for p, q in zip(c, o)) for o in centers) >= sep * sep:
            centers.append(c)
    Xu = []
    for i in range(n):
        c = centers[i % k]
        Xu.append([offset + round((c[t] + rng.gauss(0, 1)) * UNIT) for t in range(d)])
    rng.shuffle(Xu)
    C0u = [list(Xu[i]) for i in rng.sample(range(n), k)]
    return C0u, Xu, 1000, lambda r: r[0] >= 3


def chain_boundary(SA, mA, SB, mB, y0):
    """x on the line y = y0 equidistant from the two centroids (2-D)."""
    ax, ay, bx, by = SA[0] / mA, SA[1] / mA, SB[0] / mB, SB[1] / mB
    return ((bx * bx - ax * ax) + (y0 - by) ** 2 - (y0 - ay) ** 2) / (2 * (bx - ax))


def mode_slow(rng, a):
    m, K = int(a.get("m", 20000)), int(a.get("steps", 80))
    D = 100000  # half the distance between the two big clusters, in units
    x0, y0 = rng.randint(-3, 3) * UNIT // 2, rng.randint(-3, 3) * UNIT // 2
    A = [[x0 - D + round(rng.gauss(0, D / 10)), y0 + round(rng.gauss(0, D / 4))]
         for _ in range(m)]
    B = [[x0 + D + round(rng.gauss(0, D / 10)), y0 + round(rng.gauss(0, D / 4))]
         for _ in range(m)]
    SA = [sum(p[t] for p in A) for t in range(2)]
    SB = [sum(p[t] for p in B) for t in range(2)]
    # chain[i] must lie between the boundary after i-1 and after i chain points moved
    # to A; the boundary depends (weakly) on the chain itself: iterate to a fixed point.
    chain = [x0 + 5 * i for i in range(K)]
    for _ in range(50):
        b = []
        for i in range(K + 1):
            inA, inB = sum(chain[:i]), sum(chain[i:])
            b.append(chain_boundary([SA[0] + inA, SA[1] + i * y0], m + i,
                                    [SB[0] + inB, SB[1] + (K - i) * y0], m + K - i, y0))
        new = [round(b[0] - (b[1] - b[0]) / 2)] + [round((b[i - 1] + b[i]) / 2)
                                                   for i in range(1, K)]
        if new == chain:
            break
        chain = new
    Xu = A + B + [[c, y0] for c in chain]
    rng.shuffle(Xu)
    C0u = [[x0 - D - 2000, y0], [x0 + D - 2000, y0]]

    def ok(r):
        it, _, _, shifts, changes = r
        return it == K + 1 and max(shifts[1:]) < 1e-5 and all(c == 1 for c in changes[:-1])

    return C0u, Xu, 10000, ok


def mode_tiny_shift(rng, a):
    # 1-D, units of 1e-6, p2 at x0, p1 at x0 - 1, a group of h points at x0 - 2.
    m, h = 22000, 2400 + rng.randint(-100, 100)
    x0 = rng.randint(-40, 40)
    A = [x0 - 14 + rng.randint(-3, 3) for _ in range(m)]
    B = [x0 + 13 + rng.randint(-3, 3) for _ in range(m)]
    # After the group has moved to A, the boundary must sit just below p2, at
    # x0 - 2.5e-4 units: choose the sum of B so that its centroid is where it must be.
    a1 = (sum(A) + h * (x0 - 2)) / (m + h)
    target = round((2 * (x0 - 2.5e-4) - a1) * (m + 2) - (x0 - 1) - x0)
    need = target - sum(B)
    for i in range(m):
        if need == 0:
            break
        step = 1 if need > 0 else -1
        if abs(B[i] + step - (x0 + 13)) <= 3:
            B[i] += step
            need -= step
    if need != 0:
        raise Invalid("cannot place the boundary")
    Xu = [[u] for u in A + B + [x0 - 2] * h + [x0 - 1, x0]]
    rng.shuffle(Xu)
    C0u = [[x0 - 19], [x0 + 9]]

    def ok(r):
        it, _, _, shifts, changes = r
        return it == 4 and shifts[2] < 1e-9 and changes[2] > 0

    return C0u, Xu, 1000, ok


def mode_large(rng, a):
    n, d, k = int(a.get("n", 50000)), int(a.get("d", 8)), int(a.get("k", 32))
    spread, box = float(a.get("spread", 0.8)), float(a.get("box", 10.0))
    lo, hi = int(a.get("min_it", 25)), int(a.get("max_it", 40))
    centers = [[rng.uniform(-box, box) for _ in range(d)] for _ in range(k)]
    scales = [spread * rng.uniform(0.5, 1.5) for _ in range(k)]
    Xu = []
    for i in range(n):
        j = rng.randrange(k)
        Xu.append([round((centers[j][t] + rng.gauss(0, scales[j])) * UNIT) for t in range(d)])
    C0u = [list(Xu[i]) for i in rng.sample(range(n), k)]
    return C0u, Xu, 10000, lambda r: lo <= r[0] <= hi


class Args(dict):
    """The --key value pairs; remembers which keys the mode read."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.used = {"seed"}

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)


MODES = {"far": mode_far, "slow": mode_slow, "tiny-shift": mode_tiny_shift,
         "large": mode_large}


def generate(argv):
    mode = argv[0]
    if mode not in MODES or len(argv) % 2 != 1:
        sys.exit(f"usage: gen.py {{{'|'.join(MODES)}}} --seed S [--key value ...]")
    args = Args((argv[i].lstrip("-"), argv[i + 1]) for i in range(1, len(argv), 2))
    for attempt in range(100):
        rng = random.Random(" ".join(argv) + f" #{attempt}")
        try:
            C0u, Xu, T, ok = MODES[mode](rng, args)
            if set(args) - args.used:
                sys.exit(f"{mode}: unknown options {sorted(set(args) - args.used)}")
            result = run_checked(C0u, Xu, T)
        except Invalid as e:
            print(f"attempt {attempt} rejected: {e}", file=sys.stderr)
            continue
        if ok(result):
            sys.stdout.write(render(C0u, Xu, T))
            return
        print(f"attempt {attempt} rejected: it={result[0]}", file=sys.stderr)
    sys.exit("no valid test found in 100 attempts")


# ---------------------------------------------------------------- validator

NUM = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]{1,6})?")


def parse_units(tok):
    if not NUM.fullmatch(tok):
        raise Invalid(f"bad number {tok[:40]!r}")
    neg = tok.startswith("-")
    whole, _, frac = tok.lstrip("-").partition(".")
    u = int(whole) * UNIT + int(frac.ljust(6, "0") or 0)
    if abs(u) > MAX_ABS:
        raise Invalid(f"coordinate {tok} out of range")
    return -u if neg else u


def validate(data):
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise Invalid("input is not ASCII")
    if not text.endswith("\n"):
        raise Invalid("the last line has no newline")
    lines = text[:-1].split("\n")
    head = lines[0].split(" ")
    if len(head) != 4 or not all(re.fullmatch(r"[1-9][0-9]{0,5}", t) for t in head):
        raise Invalid(f"bad first line {lines[0][:60]!r}")
    n, d, k, T = map(int, head)
    for name, v in zip("ndkT", (n, d, k, T)):
        lo, hi = LIMITS[name]
        if not lo <= v <= hi:
            raise Invalid(f"{name} = {v} out of [{lo}, {hi}]")
    if k > n:
        raise Invalid(f"k = {k} > n = {n}")
    if len(lines) != 1 + k + n:
        raise Invalid(f"expected {1 + k + n} lines, got {len(lines)}")
    rows = []
    for no, line in enumerate(lines[1:], start=2):
        toks = line.split(" ")
        if len(toks) != d:
            raise Invalid(f"line {no}: expected {d} numbers")
        rows.append([parse_units(t) for t in toks])
    it = run_checked(rows[:k], rows[k:], T)[0]
    return f"valid: n={n} d={d} k={k} T={T}, the reference stops after {it} updates"


def main():
    if len(sys.argv) > 1:
        generate(sys.argv[1:])
        return
    try:
        print(validate(sys.stdin.buffer.read()), file=sys.stderr)
    except Invalid as e:
        print(f"invalid input: {e}", file=sys.stderr)
        sys.exit(43)
    sys.exit(42)


if __name__ == "__main__":
    main()
