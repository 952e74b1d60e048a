#!/usr/bin/env bash
# Bad input is a clear one-line error and exit 2, never a crash: unknown
# problem or language, missing, empty, oversized or binary source, a
# malformed problem.json, bad option values.
. "$(dirname "$0")/lib.sh"

P="--problems $E2E"
SOL=$E2E/double-it/submissions/accepted/double.py
printf 'print(1)\n' >"$T/sol.rs"
: >"$T/empty.py"
head -c 2097152 /dev/zero | tr '\0' 'a' >"$T/big.py"
head -c 4096 /dev/urandom >"$T/garbage.py"
printf 'print("\xff\xfe")\n' >"$T/latin1.py"
printf 'x = 1\n' >"$T/noext"

check() { # WHAT ARGS...
	local what=$1
	shift
	run "$JUDGE" "$@"
	expect_rc 2 "$what"
	expect_one_line_error "$what"
}

for cmd in submit test; do
	check "$cmd: unknown problem" $P $cmd no-such-problem "$SOL"
	check "$cmd: problem id with odd characters" $P $cmd '../double-it' "$SOL"
	check "$cmd: unknown extension" $P $cmd double-it "$T/sol.rs"
	check "$cmd: unknown --lang" $P $cmd double-it "$SOL" --lang rust
	check "$cmd: no extension" $P $cmd double-it "$T/noext"
	check "$cmd: missing file" $P $cmd double-it "$T/missing.py"
	check "$cmd: empty file" $P $cmd double-it "$T/empty.py"
	check "$cmd: 2 MiB source" $P $cmd double-it "$T/big.py"
	check "$cmd: binary garbage" $P $cmd double-it "$T/garbage.py"
	check "$cmd: invalid UTF-8" $P $cmd double-it "$T/latin1.py"
	check "$cmd: a directory as FILE" $P $cmd double-it "$T" --lang python
	check "$cmd: extra operand" $P $cmd double-it "$SOL" extra
done
check "submit --input is test's" $P submit double-it "$SOL" --input "$SOL"
check "test --post is submit's" $P test double-it "$SOL" --post http://127.0.0.1:1/
check "test --input missing file" $P test double-it "$SOL" --input "$T/missing.in"

# Malformed packages (the fixtures of the problem loader).
for bad in unknown-key invalid-json trailing-garbage binary-garbage tags-wrong-type \
	missing-time id-mismatch; do
	[ -d "$JUDGE_SRC/tests/fixtures/bad-problems/$bad" ] || continue
	check "submit to malformed package $bad" --problems "$JUDGE_SRC/tests/fixtures/bad-problems" \
		submit "$bad" "$SOL"
	check "show malformed package $bad" --problems "$JUDGE_SRC/tests/fixtures/bad-problems" \
		show "$bad"
done
check "unknown problems directory" --problems "$T/nowhere" list
check "show unknown problem" $P show nope

# exec and box
check "exec: missing file" exec "$T/missing.c"
check "exec: empty file" exec "$T/empty.py"
check "exec: binary garbage" exec "$T/garbage.py"
check "exec: 2 MiB source" exec "$T/big.py"
check "exec: unknown language" exec "$T/sol.rs"
check "exec: bad --time-limit" exec "$SOL" --time-limit abc
check "exec: zero --time-limit" exec "$SOL" --time-limit 0
check "exec: bad --memory-limit" exec "$SOL" --memory-limit -5
check "exec: missing --stdin file" exec "$SOL" --stdin "$T/missing.in"
check "box: no command" box --
check "box: missing program" box -- "$T/missing-program"
check "box: bad --repeat" box --repeat 0 -- /bin/true
check "box: bad --profile" box --profile rootkit -- /bin/true

# new and worker
check "new: bad id" --problems "$T/problems" new 'Bad_Id'
check "worker: no --server" worker
check "worker: no token" worker --server http://127.0.0.1:1/
check "worker: both tokens" worker --server http://127.0.0.1:1/ --token a --token-file b

finish
