# WRONG: lets Python's eval do the work after replacing "/" by "//". Floor
# division gives -7/2 = -4; the literal 007, "2^3" (xor) and deep nesting are
# also wrong, and eval's errors are all reported as "error".
import sys

lines = sys.stdin.read().split("\n")
t = int(lines[0])
for i in range(1, t + 1):
    line = lines[i].strip() if i < len(lines) else ""
    try:
        print(eval(line.replace("/", "//"), {"__builtins__": {}}))
    except Exception:
        print("error")
