"""Deterministic batch Lloyd iterations (kmeans-lloyd), numpy vectorised over points."""
import sys

import numpy as np


def sqdist(xt, c):
    """k x n squared distances as sums of (x - c)^2 (the expanded form
    |x|^2 - 2 x.c + |c|^2 cancels catastrophically far from the origin)."""
    dist = np.zeros((c.shape[0], xt.shape[1]))
    diff = np.empty(xt.shape[1])
    for j in range(c.shape[0]):
        for t in range(xt.shape[0]):
            np.subtract(xt[t], c[j, t], out=diff)
            diff *= diff
            dist[j] += diff
    return dist


def main():
    data = sys.stdin.buffer.read().split()
    n, d, k, T = (int(v) for v in data[:4])
    vals = np.array(data[4:4 + (k + n) * d], dtype=np.float64)
    c = vals[:k * d].reshape(k, d).copy()
    xt = np.ascontiguousarray(vals[k * d:].reshape(n, d).T)

    prev = None
    it = 0
    while it < T:
        labels = np.argmin(sqdist(xt, c), axis=0)  # first minimum: lowest index
        if prev is not None and np.array_equal(labels, prev):
            break
        cnt = np.bincount(labels, minlength=k)
        full = cnt > 0  # an empty cluster keeps its centroid
        for t in range(d):
            s = np.bincount(labels, weights=xt[t], minlength=k)
            c[full, t] = s[full] / cnt[full]
        it += 1
        prev = labels
    dist = sqdist(xt, c)
    labels = np.argmin(dist, axis=0)
    inertia = dist[labels, np.arange(n)].sum()

    out = [str(it)]
    out += [" ".join("%.9f" % v for v in row) for row in c.tolist()]
    out.append(" ".join(map(str, labels.tolist())))
    out.append("%.9f" % inertia)
    sys.stdout.write("\n".join(out) + "\n")


main()
