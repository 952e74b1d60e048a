import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
seen = {}
for j in range(n):
    v = int(data[2 + j])
    if t - v in seen:
        print(seen[t - v], j)
        break
    seen.setdefault(v, j)
else:
    print(-1)
