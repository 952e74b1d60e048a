"""gen.py N SEED [--none]: n random integers and a target."""
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
if "--none" in sys.argv[3:]:
    a = [2 * rng.randint(0, 10**8) for _ in range(n)]   # all even
    t = 1                                                # odd: no pair
else:
    a = [rng.randint(-10**9, 10**9) for _ in range(n)]
    i, j = sorted(rng.sample(range(n), 2))
    t = a[i] + a[j]
print(n, t)
print(*a)
