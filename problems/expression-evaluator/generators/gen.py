#!/usr/bin/env python3
"""Deterministic test generator for expression-evaluator.

Usage: gen.py MODE [--seed S] [options]; writes one test input to stdout.
Same arguments, same bytes: every random choice comes from a random.Random
seeded with the mode and the arguments.

Modes
  deep-parens --depth D        "(" * D + "-1" + ")" * D and variants
  deep-unary --count N         runs of N unary signs
  random --seed S --lines T --len L      short mixed lines, some invalid
  chains --seed S --lines T --len L [--ws] [--crlf] [--dense]
                               long + - * / chains with scattered parentheses,
                               followed by the deep-parentheses line
  long-errors --seed S --len L long lines that go wrong near their end
  deep-mix --seed S --lines T --depth D  long lines with three deep nests each

Every literal and every intermediate result stays within [-10^18, 10^18]
(products are kept below 10^15, terms below 10^9), lines stay within --len
characters and files within 2 * 10^6 characters.
"""
import argparse
import random
import sys

PRODUCT_CAP = 10**15
TERM_CAP = 10**9


def c_div(a, b):
    """Integer division truncating toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


class Builder:
    """Builds random valid expressions and tracks their exact values."""

    def __init__(self, rng, ws=False, dense=False):
        self.rng = rng
        self.ws = ws
        self.dense = dense

    def sp(self):
        if self.dense:
            return ""
        if not self.ws:
            return self.rng.choice(("", " ", " "))
        return self.rng.choice(("", " ", "  ", "\t", " \t", ""))

    def literal(self):
        r = self.rng.random()
        if r < 0.75:
            v = self.rng.randint(0, 99)
        elif r < 0.95:
            v = self.rng.randint(100, 99999)
        else:
            v = self.rng.randint(10**5, 10**9)
        text = str(v)
        if self.rng.random() < 0.02:
            text = "0" * self.rng.randint(1, 3) + text
        return text, v

    def factor(self, depth, budget):
        rng = self.rng
        signs = ""
        neg = False
        if rng.random() < 0.15:
            for _ in range(rng.randint(1, 3)):
                s = rng.choice("+--")
                neg ^= s == "-"
                signs += s + (self.sp() if rng.random() < 0.3 else "")
        if depth > 0 and budget > 12 and rng.random() < 0.12:
            text, v = self.expr(depth - 1, rng.randint(4, min(budget, 60)))
            text = "(" + self.sp() + text + self.sp() + ")"
        else:
            text, v = self.literal()
        return signs + text, (-v if neg else v)

    def term(self, depth, budget):
        rng = self.rng
        text, v = self.factor(depth, budget)
        parts = [text]
        used = len(text)
        while used < budget and rng.random() < 0.55:
            op = rng.choice("*/")
            ftext, f = self.factor(depth, budget - used)
            if op == "*" and abs(v * f) > PRODUCT_CAP:
                op = "/"
            if op == "/" and f == 0:
                op = "*"
            v = v * f if op == "*" else c_div(v, f)
            piece = self.sp() + op + self.sp() + ftext
            parts.append(piece)
            used += len(piece)
        while abs(v) > TERM_CAP:
            d = rng.randint(10**5, 10**6)
            piece = self.sp() + "/" + self.sp() + str(d)
            parts.append(piece)
            v = c_div(v, d)
        return "".join(parts), v

    def expr(self, depth, budget, first_budget=None):
        rng = self.rng
        text, v = self.term(depth, min(budget, 40))
        parts = [text]
        used = len(text)
        while used < budget:
            op = rng.choice("+-")
            ttext, t = self.term(depth, min(budget - used, 40))
            v = v + t if op == "+" else v - t
            piece = self.sp() + op + self.sp() + ttext
            parts.append(piece)
            used += len(piece)
        return "".join(parts), v

    def line(self, target, depth=3):
        """A valid expression of at most target characters (close to it)."""
        rng = self.rng
        parts = []
        v = 0
        used = 0
        while True:
            text, t = self.term(depth, 40)
            op = "" if not parts else rng.choice("+-")
            piece = (self.sp() + op + self.sp() if parts else "") + text
            if used + len(piece) > target:
                if parts:
                    break
                continue
            parts.append(piece)
            used += len(piece)
            v = v + t if op in ("", "+") else v - t
            if used > target - 20:
                break
        return "".join(parts), v


def deep_parens(depth):
    return [
        "(" * depth + "-1" + ")" * depth,
        "-" + "(" * (depth - 1) + " 2 * 3 - 1 " + ")" * (depth - 1) + " + 1",
        "(" * depth + "7" + ")" * (depth - 1),
        "(" * (depth // 2) + "(1)" + ")" * (depth // 2) + "(2)",
        "(" * (depth - 1) + "6/(3-3)" + ")" * (depth - 1),
    ]


def deep_unary(count):
    return [
        "-" * count + "1",
        "-" * (count - 1) + "1",
        "- " * (count - 1) + "-7",
        "+" * count + "42",
        "1" + "-" * count + "1",
        "2*" + "-+" * (count // 2) + "3",
        "-" * count,
        "(" + "-" * count + "(5))*-1",
    ]


def mutate(rng, text):
    """Turn a valid expression into an invalid one (syntax, character or division by zero)."""
    kind = rng.randrange(9)
    pos = rng.randint(0, len(text))
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if kind == 0:
        return text[:pos] + rng.choice(":.^%x#=,") + text[pos:]
    if kind == 1 and "(" in text:
        i = rng.choice([i for i, c in enumerate(text) if c in "()"])
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text + rng.choice(("+", " *", ")", " (", " 1", "-"))
    if kind == 3:
        return rng.choice(("*", "/", ")", "1 ", "()")) + text
    if kind == 4 and digits:
        i = rng.choice(digits)
        return text[:i + 1] + rng.choice((" ", "\t", " (2)", "(")) + text[i + 1:]
    if kind == 5 and digits:
        i = rng.choice(digits)
        while i + 1 < len(text) and text[i + 1].isdigit():
            i += 1
        return text[:i + 1] + rng.choice(("/0", " / 0", "/(1-1)", "/ (4 - 2*2)", "*0/0")) + text[i + 1:]
    if kind == 6:
        ops = [i for i, c in enumerate(text) if c in "*/+"]
        if ops:
            i = rng.choice(ops)
            return text[:i] + ":" + text[i + 1:]
    if kind == 7:
        return "0*(" + text + ")/0" if rng.random() < 0.5 else "0*(1/0)+" + text
    return text + rng.choice((" 2", "(3)", ".5", " \xe2\x88\x92 1"))


def random_lines(rng, count, length, ws):
    b = Builder(rng, ws)
    out = []
    for _ in range(count):
        r = rng.random()
        if r < 0.03:
            out.append(rng.choice(("", " ", "\t", "  \t ")))
            continue
        text, _ = b.line(rng.randint(1, length), depth=2)
        if r < 0.3:
            text = mutate(rng, text)
        if ws and rng.random() < 0.3:
            text = b.sp() + text + b.sp()
        out.append(text[:length])
    return out


def chains(rng, count, length, ws, dense):
    b = Builder(rng, ws, dense)
    out = []
    for _ in range(count):
        text, _ = b.line(length, depth=3)
        out.append(text)
    out.append("(" * 10000 + "-1" + ")" * 10000)
    return out


def long_errors(rng, length):
    b = Builder(rng, False)
    tails = [
        ")",
        " : 3",
        " 1 2",
        "/0",
        "/(7-7)",
        " +",
        "*0*(1/0)",
        " \xe2\x88\x92 1",
        "(",
        "2(3)",
    ]
    out = []
    for tail in tails:
        text, _ = b.line(length - 20)
        out.append(text + tail)
    for _ in range(2):
        out.append(b.line(length)[0])
    rng.shuffle(out)
    return out


def deep_mix(rng, count, depth, length):
    """Long lines mixing ordinary chains with three nests 5000 to depth levels deep."""
    b = Builder(rng, False)
    out = []
    for _ in range(count):
        nests = []
        for _ in range(3):
            d = rng.randint(depth // 2, depth)
            signs = "".join(rng.choice("+-") for _ in range(rng.randint(0, 3)))
            inner, _ = b.line(rng.randint(10, 200), depth=1)
            lead = "".join(rng.choice(("(", "-(", "+(", "(")) for _ in range(d))
            nests.append(signs + lead + inner + ")" * d)
        filler = (length - sum(len(n) + 1 for n in nests)) // 4
        parts = [b.line(filler)[0]]
        for nest in nests:
            parts.append(rng.choice("+-") + nest)
            parts.append(rng.choice("+-") + b.line(filler)[0])
        out.append("".join(parts))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("deep-parens", "deep-unary", "random", "chains",
                                     "long-errors", "deep-mix"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lines", type=int, default=10)
    ap.add_argument("--len", type=int, default=100000)
    ap.add_argument("--depth", type=int, default=10000)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--ws", action="store_true", help="random spaces and tabs between tokens")
    ap.add_argument("--crlf", action="store_true", help="end lines with CR LF")
    ap.add_argument("--dense", action="store_true", help="no blanks at all between tokens")
    a = ap.parse_args()
    rng = random.Random("%s/%d/%d/%d/%d/%d/%d/%d/%d" % (a.mode, a.seed, a.lines, a.len, a.depth,
                                                        a.count, a.ws, a.crlf, a.dense))

    if a.mode == "deep-parens":
        lines = deep_parens(a.depth)
    elif a.mode == "deep-unary":
        lines = deep_unary(a.count)
    elif a.mode == "random":
        lines = random_lines(rng, a.lines, a.len, a.ws)
    elif a.mode == "chains":
        lines = chains(rng, a.lines, a.len, a.ws, a.dense)
    elif a.mode == "long-errors":
        lines = long_errors(rng, a.len)
    else:
        lines = deep_mix(rng, a.lines, a.depth, a.len)

    eol = "\r\n" if a.crlf else "\n"
    text = str(len(lines)) + eol + "".join(line + eol for line in lines)
    sys.stdout.buffer.write(text.encode("latin-1"))


if __name__ == "__main__":
    main()
