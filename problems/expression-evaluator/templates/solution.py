import sys


def main():
    lines = sys.stdin.buffer.read().decode("latin-1").split("\n")
    t = int(lines[0])
    out = []
    for i in range(1, t + 1):
        line = lines[i].rstrip("\r") if i < len(lines) else ""
        # TODO: evaluate the expression in line; append its value or "error".
        out.append("error")
    print("\n".join(out))


main()
