"""Wrong on purpose (kmeans-lloyd mutant): numpy Lloyd that stops when the centroids
move little, the usual library habit (total squared move <= 1e-4 times the mean
per-coordinate variance of the data, as in scikit-learn's `tol`), instead of
when the labels repeat."""
import sys

import numpy as np


def main():
    data = sys.stdin.buffer.read().split()
    n, d, k, T = (int(v) for v in data[:4])
    vals = np.array(data[4:4 + (k + n) * d], dtype=np.float64)
    c = vals[:k * d].reshape(k, d).copy()
    x = vals[k * d:].reshape(n, d)
    tol = 1e-4 * x.var(axis=0).mean()

    def sqdist(c):
        return np.stack([((x - cj) ** 2).sum(axis=1) for cj in c], axis=1)

    it = 0
    while it < T:
        labels = np.argmin(sqdist(c), axis=1)
        cnt = np.bincount(labels, minlength=k)
        full = cnt > 0
        new = c.copy()
        for t in range(d):
            s = np.bincount(labels, weights=x[:, t], minlength=k)
            new[full, t] = s[full] / cnt[full]
        move = ((new - c) ** 2).sum()
        if move <= tol:
            if move > 0:
                c = new
                it += 1
            break
        c = new
        it += 1
    dist = sqdist(c)
    labels = np.argmin(dist, axis=1)
    inertia = dist[np.arange(n), labels].sum()

    out = [str(it)]
    out += [" ".join("%.9f" % v for v in row) for row in c.tolist()]
    out.append(" ".join(map(str, labels.tolist())))
    out.append("%.9f" % inertia)
    sys.stdout.write("\n".join(out) + "\n")


main()
