# TOO SLOW: correct, but takes words off the front of a list with pop(0), which
# moves every remaining element: quadratic in the number of words.
import sys


def main():
    tokens = sys.stdin.buffer.read().split()
    if not tokens:
        return
    width = int(tokens.pop(0))
    words = tokens
    out = []
    while words:
        line = [words.pop(0)]
        used = len(line[0])
        while words and used + 1 + len(words[0]) <= width:
            used += 1 + len(words[0])
            line.append(words.pop(0))
        gaps = len(line) - 1
        if not words or gaps == 0:
            out.append(b" ".join(line))
        else:
            q, r = divmod(width - used, gaps)
            text = line[0]
            for k in range(1, len(line)):
                text += b" " * (1 + q + (k <= r)) + line[k]
            out.append(text)
    out.append(b"")
    sys.stdout.buffer.write(b"\n".join(out))


main()
