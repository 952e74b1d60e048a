import sys


def main():
    tokens = sys.stdin.buffer.read().split()
    if not tokens:
        return
    width = int(tokens[0])
    words = tokens[1:]  # bytes objects; words are separated by spaces, tabs, CR and LF

    # TODO: fill lines of the given width greedily and print them justified.


main()
