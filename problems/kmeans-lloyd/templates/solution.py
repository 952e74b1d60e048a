import sys

import numpy as np


def main():
    data = sys.stdin.buffer.read().split()
    n, d, k, T = (int(v) for v in data[:4])
    vals = np.array(data[4:4 + (k + n) * d], dtype=np.float64)
    centroids = vals[:k * d].reshape(k, d).copy()
    points = vals[k * d:].reshape(n, d)

    # Run Lloyd's iterations, then print it, the k centroids, the n labels and
    # the inertia.


main()
