# Uses an element twice: 2 + 2 = 4 gives "0 0".
import sys

data = sys.stdin.buffer.read().split()
n, t = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
pos = {v: i for i, v in enumerate(a)}
for i, v in enumerate(a):
    if t - v in pos:
        print(min(i, pos[t - v]), max(i, pos[t - v]))
        break
else:
    print(-1)
