"""Right answers, wrong tool (kmeans-lloyd): the Lloyd loop in plain Python, point by
point and centroid by centroid. Fine on small tests, far too slow on the large
ones (about 4e8 distance terms)."""
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, d, k, T = (int(v) for v in data[:4])
    vals = [float(v) for v in data[4:4 + (k + n) * d]]
    c = [vals[j * d:(j + 1) * d] for j in range(k)]
    x = [vals[(k + i) * d:(k + i + 1) * d] for i in range(n)]

    def dist2(p, q):
        s = 0.0
        for a, b in zip(p, q):
            s += (a - b) * (a - b)
        return s

    def assign():
        labels = []
        for p in x:
            best, arg = dist2(p, c[0]), 0
            for j in range(1, k):
                dd = dist2(p, c[j])
                if dd < best:
                    best, arg = dd, j
            labels.append(arg)
        return labels

    prev = None
    it = 0
    while it < T:
        labels = assign()
        if labels == prev:
            break
        sums = [[0.0] * d for _ in range(k)]
        cnt = [0] * k
        for p, lab in zip(x, labels):
            cnt[lab] += 1
            s = sums[lab]
            for t in range(d):
                s[t] += p[t]
        for j in range(k):
            if cnt[j]:
                c[j] = [s / cnt[j] for s in sums[j]]
        it += 1
        prev = labels
    labels = assign()
    inertia = 0.0
    for p, lab in zip(x, labels):
        inertia += dist2(p, c[lab])

    out = [str(it)]
    out += [" ".join("%.9f" % v for v in row) for row in c]
    out.append(" ".join(map(str, labels)))
    out.append("%.9f" % inertia)
    sys.stdout.write("\n".join(out) + "\n")


main()
