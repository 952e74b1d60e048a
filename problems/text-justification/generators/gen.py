#!/usr/bin/env python3
"""Deterministic test generator for text-justification.

Usage: gen.py MODE [options]; writes one test input to stdout. Same arguments,
same bytes: every random choice comes from a random.Random seeded with the
arguments.

Modes
  words --seed S --count N --width W [--long P] [--ws]
        N random words of 1 to 6 letters (with probability P a word of W-5..3W
        letters instead), mostly separated by single spaces and line feeds;
        --ws adds runs of blanks, tabs and CR LF line ends.
  huge-gaps --seed S --width W [--groups G] [--shorts K]
        G groups of K (default 2 to 4) short words followed by a word too long
        to share a line, so every justified line has gaps of up to W spaces;
        the text ends with "the end".

The text never exceeds 5 * 10^6 bytes or 10^6 words: generation stops early
when the next word would not fit.
"""
import argparse
import random
import sys

MAX_TEXT = 5 * 10**6
MAX_WORDS = 10**6
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PUNCT = ".,;:!?'\"()-"


def word(rng, n):
    w = "".join(rng.choice(LETTERS) for _ in range(n))
    if n > 1 and rng.random() < 0.1:
        w = w[:-1] + rng.choice(PUNCT)
    return w


def separator(rng, ws):
    r = rng.random()
    if not ws:
        return " " if r < 0.9 else "\n"
    if r < 0.7:
        return " "
    if r < 0.8:
        return "\n"
    if r < 0.87:
        return "\t"
    if r < 0.93:
        return "\r\n"
    return rng.choice(("  ", " \t", "\n\n", "\r\n\r\n", "   "))


def words_mode(rng, count, width, long_p, ws):
    out = []
    size = 0
    for _ in range(min(count, MAX_WORDS)):
        if long_p and rng.random() < long_p:
            n = rng.randint(max(1, width - 5), 3 * width)
        else:
            n = rng.randint(1, 6)
        w = word(rng, n) if n < 50 else rng.choice(LETTERS) * n
        sep = separator(rng, ws)
        if size + len(w) + len(sep) > MAX_TEXT:
            break
        out.append(w)
        out.append(sep)
        size += len(w) + len(sep)
    head = "\r\n" if ws else "\n"
    lead = rng.choice(("", "\n", "  \t")) if ws else ""
    return str(width) + head + lead + "".join(out)


def huge_gaps(rng, width, groups, shorts):
    out = []
    size = 0
    for _ in range(groups):
        k = shorts or rng.randint(2, 4)
        words = [word(rng, rng.randint(1, 6)) for _ in range(k)]
        long_word = rng.choice(LETTERS) * rng.randint(width - 2, width)
        piece = " ".join(words) + " " + long_word + "\n"
        if size + len(piece) > MAX_TEXT:
            break
        out.append(piece)
        size += len(piece)
    out.append("the end\n")
    return str(width) + "\n" + "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("words", "huge-gaps"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=MAX_WORDS)
    ap.add_argument("--width", type=int, default=80)
    ap.add_argument("--long", type=float, default=0.0)
    ap.add_argument("--groups", type=int, default=100)
    ap.add_argument("--shorts", type=int, default=0, help="short words per group (0: 2 to 4)")
    ap.add_argument("--ws", action="store_true")
    a = ap.parse_args()
    if not 1 <= a.width <= 10**5:
        ap.error("--width must be in 1..10^5")
    rng = random.Random("%s/%d/%d/%d/%r/%d/%d/%d" % (a.mode, a.seed, a.count, a.width, a.long,
                                                     a.groups, a.shorts, a.ws))
    if a.mode == "words":
        text = words_mode(rng, a.count, a.width, a.long, a.ws)
    else:
        text = huge_gaps(rng, a.width, a.groups, a.shorts)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
