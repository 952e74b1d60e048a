#!/usr/bin/env python3
"""Input validator for expression-evaluator: exit 42 when stdin is a valid test input.

Checks the format and every constraint of the statement: T on the first line,
exactly T lines each ended by LF (an optional CR before it), no control bytes
but tab, line and file lengths, nesting and sign-run depths, and that every
literal and every intermediate result lies in [-10^18, 10^18] (results that
depend on a division by zero are exempt).
"""
import re
import sys

MAX_T = 10**4
MAX_LINE = 10**5
MAX_FILE = 2 * 10**6
MAX_DEPTH = 10**4
BOUND = 10**18

TOKEN = re.compile(rb"[0-9]+|[^ \t]")
BAD_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
SIGN_RUN = re.compile(rb"[+-](?:[ \t]*[+-])*")
PREC = {b"+": 1, b"-": 1, b"*": 2, b"/": 2, b"u": 3}


class Invalid(Exception):
    pass


def check(v):
    if v is not None and abs(v) > BOUND:
        raise Invalid("intermediate result %d outside [-10^18, 10^18]" % v)
    return v


def apply(op, vals):
    if op == b"u":
        a = vals.pop()
        vals.append(None if a is None else -a)
        return
    b = vals.pop()
    a = vals.pop()
    if a is None or b is None:
        r = None
    elif op == b"+":
        r = a + b
    elif op == b"-":
        r = a - b
    elif op == b"*":
        r = a * b
    elif b == 0:
        r = None  # division by zero: everything depending on it is exempt
    else:
        q = abs(a) // abs(b)
        r = q if (a >= 0) == (b > 0) else -q
    vals.append(check(r))


def is_valid(tokens):
    """True when the tokens follow the grammar (the state machine of an operator-precedence parser)."""
    operand = True
    depth = 0
    for t in tokens:
        if operand:
            if t == b"(":
                depth += 1
            elif t[0:1].isdigit():
                operand = False
            elif t not in (b"+", b"-"):
                return False
        elif t in PREC:
            operand = True
        elif t == b")" and depth > 0:
            depth -= 1
        else:
            return False
    return not operand and depth == 0


def check_values(tokens):
    """Evaluates a valid token list, checking the range of every intermediate result."""
    vals, ops = [], []
    operand = True
    for t in tokens:
        if operand:
            if t == b"-":
                ops.append(b"u")
            elif t == b"(":
                ops.append(t)
            elif t != b"+":
                vals.append(int(t))
                operand = False
        elif t in PREC:
            while ops and ops[-1] != b"(" and PREC[ops[-1]] >= PREC[t]:
                apply(ops.pop(), vals)
            ops.append(t)
            operand = True
        else:  # ")"
            while ops[-1] != b"(":
                apply(ops.pop(), vals)
            ops.pop()
    while ops:
        apply(ops.pop(), vals)


def validate(data):
    if len(data) > MAX_FILE:
        raise Invalid("file has %d bytes, more than 2*10^6" % len(data))
    m = re.match(rb"([1-9][0-9]*)\r?\n", data)
    if not m:
        raise Invalid("first line must be T, a positive integer without leading zeros")
    t = int(m.group(1))
    if t > MAX_T:
        raise Invalid("T = %d > 10^4" % t)
    rest = data[m.end():]
    if rest and not rest.endswith(b"\n"):
        raise Invalid("the last line does not end with LF")
    lines = rest.split(b"\n")[:-1] if rest else []
    if len(lines) != t:
        raise Invalid("T = %d but %d expression lines follow" % (t, len(lines)))
    for no, line in enumerate(lines, 2):
        try:
            if line.endswith(b"\r"):
                line = line[:-1]
            if len(line) > MAX_LINE:
                raise Invalid("%d characters, more than 10^5" % len(line))
            bad = BAD_BYTES.search(line)
            if bad:
                raise Invalid("control byte 0x%02x" % bad.group()[0])
            depth = top = 0
            for c in line:
                if c == 40:
                    depth += 1
                    top = max(top, depth)
                elif c == 41:
                    depth -= 1
            if top > MAX_DEPTH:
                raise Invalid("parentheses nested %d deep" % top)
            run = max((len(re.sub(rb"[ \t]", b"", r)) for r in SIGN_RUN.findall(line)), default=0)
            if run > MAX_DEPTH:
                raise Invalid("a run of %d signs" % run)
            tokens = TOKEN.findall(line)
            for tok in tokens:
                if tok[0:1].isdigit() and int(tok) > BOUND:
                    raise Invalid("literal %s > 10^18" % tok.decode())
            if is_valid(tokens):
                check_values(tokens)
        except Invalid as e:
            raise Invalid("line %d: %s" % (no, e))


def main():
    try:
        validate(sys.stdin.buffer.read())
    except Invalid as e:
        print(e, file=sys.stderr)
        sys.exit(43)
    sys.exit(42)


if __name__ == "__main__":
    main()
