# RUN-TIME ERROR: correct recursive descent, but the default recursion limit (1000)
# is kept, so nesting 10^4 deep raises RecursionError.
import re
import sys

TOKEN = re.compile(r"[0-9]+|[^ \t]")


class Error(Exception):
    pass


class Parser:
    def __init__(self, line):
        self.toks = TOKEN.findall(line)
        self.toks.append("")  # end marker
        self.i = 0

    def expr(self):
        v = self.term()
        while self.toks[self.i] in ("+", "-"):
            op = self.toks[self.i]
            self.i += 1
            r = self.term()
            v = v + r if op == "+" else v - r
        return v

    def term(self):
        v = self.factor()
        while self.toks[self.i] in ("*", "/"):
            op = self.toks[self.i]
            self.i += 1
            r = self.factor()
            if op == "*":
                v *= r
            elif r == 0:
                raise Error
            else:
                q = abs(v) // abs(r)  # truncate toward zero
                v = q if (v < 0) == (r < 0) else -q
        return v

    def factor(self):
        t = self.toks[self.i]
        self.i += 1
        if t in ("+", "-"):
            v = self.factor()
            return -v if t == "-" else v
        if t == "(":
            v = self.expr()
            if self.toks[self.i] != ")":
                raise Error
            self.i += 1
            return v
        if t[:1] in "0123456789" and t:
            return int(t)
        raise Error


def evaluate(line):
    p = Parser(line)
    v = p.expr()
    if p.toks[p.i] != "":
        raise Error
    return v


def main():
    lines = sys.stdin.buffer.read().decode("latin-1").split("\n")
    t = int(lines[0])
    out = []
    for i in range(1, t + 1):
        line = lines[i] if i < len(lines) else ""
        if line.endswith("\r"):
            line = line[:-1]
        try:
            out.append(str(evaluate(line)))
        except Error:
            out.append("error")
    print("\n".join(out))


main()
