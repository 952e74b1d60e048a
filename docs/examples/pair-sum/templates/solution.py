import sys

data = sys.stdin.buffer.read().split()
# print i j or -1
