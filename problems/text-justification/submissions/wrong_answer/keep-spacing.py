# WRONG: splits the text on single spaces, so a run of spaces yields empty words
# (the original spacing leaks into the output) and tabs stay inside words.
import sys


def main():
    first, _, text = sys.stdin.read().partition("\n")
    width = int(first)
    words = text.strip().replace("\n", " ").split(" ")
    if words == [""]:
        return
    out = []
    i = 0
    while i < len(words):
        j = i + 1
        used = len(words[i])
        while j < len(words) and used + 1 + len(words[j]) <= width:
            used += 1 + len(words[j])
            j += 1
        gaps = j - i - 1
        if j == len(words) or gaps == 0:
            out.append(" ".join(words[i:j]))
        else:
            q, r = divmod(width - used, gaps)
            line = words[i]
            for k in range(1, j - i):
                line += " " * (1 + q + (k <= r)) + words[i + k]
            out.append(line)
        i = j
    print("\n".join(out))


main()
