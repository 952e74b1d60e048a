"""Wrong on purpose (kmeans-lloyd mutant): numpy Lloyd with the expanded distance
|x|^2 - 2 x.c + |c|^2 computed by a matrix product, without centring the data.
Fast, and right near the origin, but far from it (coordinates around 1e7) the
cancellation loses the distance and points near a boundary change cluster."""
import sys

import numpy as np


def main():
    data = sys.stdin.buffer.read().split()
    n, d, k, T = (int(v) for v in data[:4])
    vals = np.array(data[4:4 + (k + n) * d], dtype=np.float64)
    c = vals[:k * d].reshape(k, d).copy()
    x = vals[k * d:].reshape(n, d)
    xx = (x * x).sum(axis=1)

    def sqdist(c):
        return xx[:, None] - 2.0 * (x @ c.T) + (c * c).sum(axis=1)[None, :]

    prev = None
    it = 0
    while it < T:
        labels = np.argmin(sqdist(c), axis=1)
        if prev is not None and np.array_equal(labels, prev):
            break
        cnt = np.bincount(labels, minlength=k)
        full = cnt > 0
        for t in range(d):
            s = np.bincount(labels, weights=x[:, t], minlength=k)
            c[full, t] = s[full] / cnt[full]
        it += 1
        prev = labels
    dist = sqdist(c)
    labels = np.argmin(dist, axis=1)
    inertia = dist[np.arange(n), labels].sum()

    out = [str(it)]
    out += [" ".join("%.9f" % v for v in row) for row in c.tolist()]
    out.append(" ".join(map(str, labels.tolist())))
    out.append("%.9f" % inertia)
    sys.stdout.write("\n".join(out) + "\n")


main()
