# Accepted: bytes.split() for the words, greedy lines built with join.
import sys


def main():
    tokens = sys.stdin.buffer.read().split()
    if not tokens:
        return
    width = int(tokens[0])
    words = tokens[1:]
    lens = [len(w) for w in words]
    n = len(words)
    out = []
    i = 0
    while i < n:
        used = lens[i]  # letters plus one space per gap
        j = i + 1
        while j < n and used + 1 + lens[j] <= width:
            used += 1 + lens[j]
            j += 1
        gaps = j - i - 1
        if j == n or gaps == 0:
            out.append(b" ".join(words[i:j]))
        else:
            spare = width - used
            q, r = divmod(spare, gaps)
            wide = b" " * (q + 2)  # the first r gaps
            narrow = b" " * (q + 1)
            out.append(wide.join(words[i:i + r + 1]) + narrow + narrow.join(words[i + r + 1:j]))
        i = j
    # bytes.join holds an 80-byte buffer view per item: join in blocks, not 10^6 lines at once
    write = sys.stdout.buffer.write
    for k in range(0, len(out), 1 << 14):
        write(b"\n".join(out[k:k + (1 << 14)]) + b"\n")


main()
