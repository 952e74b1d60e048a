#!/usr/bin/env bash
# Compile bombs end as CE with a clear message, quickly, and leave the judge
# able to go on: a source that includes /dev/zero, a preprocessor expansion
# bomb, a template explosion, a 2 GB initialised static array. Each is
# judged through `judge submit` on a fixture problem (so the verdict and the
# compile log are the result JSON's), then an accepted solution still passes.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
need_sandbox

printf '#include "/dev/zero"\nint main(void) { return 0; }\n' >"$T/zero.c"
python3 - >"$T/expand.c" <<'PY'
print("#define a0 x")
for i in range(1, 31):
    print(f"#define a{i} a{i-1} a{i-1}")
print("int main(void) { a30; return 0; }")
PY
cat >"$T/templates.cpp" <<'CPP'
template <int N, int M> struct A { enum { v = A<N - 1, M>::v + A<N, M - 1>::v }; };
template <int M> struct A<0, M> { enum { v = 1 }; };
template <int N> struct A<N, 0> { enum { v = 1 }; };
int main() { return A<440, 440>::v & 1; }
CPP
printf 'char big[1u << 31] = {1};\nint main(int argc, char **argv) { (void)argv; return big[argc * 1000]; }\n' >"$T/big.c"

bomb() { # bomb FILE WHAT LOG_PATTERN
	local start=$SECONDS
	run "$JUDGE" --problems "$FIX" submit sum-pair "$T/$1" --json
	expect_rc 1 "$2: judged, not accepted"
	expect_json 'd["verdict"] == "CE" and d["compile"]["ok"] is False and d["tests"] == []' "$2: CE"
	if jget "$T/out" 'd["compile"]["log"]' | grep -iE "$3" >/dev/null; then
		pass "$2: the compile log says why"
	else
		fail "$2: compile log lacks /$3/: $(jget "$T/out" 'd["compile"]["log"][-400:]')"
	fi
	[ $((SECONDS - start)) -le 90 ] && pass "$2: over in $((SECONDS - start)) s" ||
		fail "$2: took $((SECONDS - start)) s"
}
bomb zero.c "#include \"/dev/zero\"" "memory|time|output"
bomb expand.c "preprocessor expansion bomb" "memory|time|output"
bomb templates.cpp "template explosion" "error|memory|time"
bomb big.c "2 GB static array" "output|file size|SIGXFSZ|File size|error|Bugs"

run "$JUDGE" --problems "$FIX" submit sum-pair "$FIX/sum-pair/submissions/accepted/sum.c" --json
expect_rc 0 "after the bombs, an accepted solution"
expect_json 'd["verdict"] == "AC"' "after the bombs: AC"
finish
