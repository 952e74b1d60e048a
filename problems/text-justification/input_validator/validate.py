#!/usr/bin/env python3
"""Input validator for text-justification: exit 42 when stdin is a valid test input.

First line: W (1 <= W <= 10^5, no sign or leading zeros), ended by LF or CR LF.
The rest is the text: at most 5 * 10^6 bytes, only printable ASCII (33..126),
space, tab, CR and LF, and at most 10^6 words.
"""
import re
import sys

MAX_W = 10**5
MAX_TEXT = 5 * 10**6
MAX_WORDS = 10**6


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(43)


def main():
    data = sys.stdin.buffer.read()
    m = re.match(rb"([1-9][0-9]*)\r?\n", data)
    if not m:
        fail("first line must be W, a positive integer without leading zeros, ended by a line feed")
    w = int(m.group(1))
    if w > MAX_W:
        fail("W = %d > 10^5" % w)
    text = data[m.end():]
    if len(text) > MAX_TEXT:
        fail("text has %d bytes, more than 5*10^6" % len(text))
    bad = re.search(rb"[^\x21-\x7e \t\r\n]", text)
    if bad:
        fail("byte 0x%02x at text offset %d is not allowed" % (bad.group()[0], bad.start()))
    words = len(re.findall(rb"[\x21-\x7e]+", text))
    if words > MAX_WORDS:
        fail("%d words, more than 10^6" % words)
    sys.exit(42)


if __name__ == "__main__":
    main()
