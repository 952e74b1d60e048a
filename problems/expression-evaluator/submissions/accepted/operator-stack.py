# Accepted: tokens from one regular expression, operator-precedence parsing with explicit stacks.
import re
import sys

TOKEN = re.compile(rb"[0-9]+|[^ \t]")
PREC = {b"+": 1, b"-": 1, b"*": 2, b"/": 2, b"u": 3}


class Error(Exception):
    pass


def apply(op, vals):
    if op == b"u":
        vals[-1] = -vals[-1]
        return
    b = vals.pop()
    a = vals[-1]
    if op == b"+":
        vals[-1] = a + b
    elif op == b"-":
        vals[-1] = a - b
    elif op == b"*":
        vals[-1] = a * b
    elif b == 0:
        raise Error
    else:
        q = abs(a) // abs(b)  # truncate toward zero, not floor
        vals[-1] = q if (a < 0) == (b < 0) else -q


def evaluate(line):
    vals = []
    ops = []
    operand = True
    for t in TOKEN.findall(line):
        if operand:
            if t == b"-":
                ops.append(b"u")
            elif t == b"(":
                ops.append(t)
            elif t[0] <= 57 and t[0] >= 48:
                vals.append(int(t))
                operand = False
            elif t != b"+":
                raise Error
        elif t in PREC:
            p = PREC[t]
            while ops and ops[-1] != b"(" and PREC[ops[-1]] >= p:
                apply(ops.pop(), vals)
            ops.append(t)
            operand = True
        elif t == b")":
            while ops and ops[-1] != b"(":
                apply(ops.pop(), vals)
            if not ops:
                raise Error
            ops.pop()
        else:
            raise Error
    if operand:
        raise Error
    while ops:
        op = ops.pop()
        if op == b"(":
            raise Error
        apply(op, vals)
    return vals[0]


def main():
    data = sys.stdin.buffer.read().split(b"\n")
    t = int(data[0])
    out = []
    for i in range(1, t + 1):
        line = data[i] if i < len(data) else b""
        if line.endswith(b"\r"):
            line = line[:-1]
        try:
            out.append(str(evaluate(line)))
        except Error:
            out.append("error")
    sys.stdout.write("\n".join(out) + "\n")


main()
