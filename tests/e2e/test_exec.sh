#!/usr/bin/env bash
# `judge exec`: compile and run small C and Python programs once.
. "$(dirname "$0")/lib.sh"

need_sandbox
cd "$T" || exit 1

run "$JUDGE" exec "$PROGS/echo_sum.c" --stdin /dev/null
expect_rc 0 "C program, empty stdin"
[ "$(out)" = 0 ] || fail "C program: stdout '$(out)'"
grep -q 'judge exec: OK' "$T/err" && pass "one-line summary on stderr" || fail "summary: $(err)"

printf '1 2 3\n40\n' >"$T/in.txt"
run "$JUDGE" exec "$PROGS/echo_sum.c" --stdin "$T/in.txt"
expect_rc 0 "C program with --stdin"
[ "$(out)" = 46 ] && pass "--stdin reaches the program" || fail "--stdin: stdout '$(out)'"

printf 'import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n' >"$T/sum.py"
run "$JUDGE" exec "$T/sum.py" --stdin "$T/in.txt"
expect_rc 0 "Python program"
[ "$(out)" = 46 ] && pass "Python: stdout" || fail "Python: stdout '$(out)'"

run "$JUDGE" exec --json "$T/sum.py" --stdin "$T/in.txt"
expect_rc 0 "--json"
expect_json 'd["status"] == "OK" and d["exit_code"] == 0 and d["stdout"] == "46\n" and d["language"] == "python" and d["compile"]["ok"] is True' \
	"--json: status, stdout, compile"

run "$JUDGE" exec --json "$PROGS/exit3.c"
expect_rc 1 "exit status 3"
expect_json 'd["status"] == "OK" and d["exit_code"] == 3 and d["stdout"] == "bye\n"' "exit 3: exit code reported"

printf 'raise SystemExit("boom")\n' >"$T/boom.py"
run "$JUDGE" exec --json "$T/boom.py"
expect_rc 1 "Python exception"
expect_json 'd["exit_code"] == 1 and "boom" in d["stderr"]' "Python exception: exit code 1, stderr kept"

run "$JUDGE" exec --json "$PROGS/crash.c"
expect_rc 1 "segfault"
expect_json 'd["status"] == "RE" and d["signal"] == 11' "segfault: RE with SIGSEGV"

run "$JUDGE" exec --json --time-limit 1 "$PROGS/spin.c"
expect_rc 1 "busy loop"
expect_json 'd["status"] == "TLE"' "busy loop: TLE"

run "$JUDGE" exec --json --memory-limit 64 "$PROGS/hog.c"
expect_rc 1 "1 GB against 64 MB"
expect_json 'd["status"] == "MLE"' "memory hog: MLE"

run "$JUDGE" exec --json "$PROGS/inet_socket.c"
expect_rc 1 "socket(AF_INET)"
expect_json 'd["status"] == "SV" and "socket" in d["message"]' "socket(AF_INET): SV naming socket"

run "$JUDGE" exec --json --time-limit 2 "$PROGS/forkbomb.c"
expect_rc 1 "fork bomb"
expect_json 'd["status"] in ("SV", "RE", "TLE")' "fork bomb: stopped"
uid=$(jget "$T/out" 'd["isolation"]["uid"]')
if [ "$LEVEL" = full ]; then
	sleep 0.5
	n=$(procs_of_uid "$uid")
	[ "$n" = 0 ] && pass "fork bomb: nothing of uid $uid left" || fail "fork bomb: $n processes left"
fi

printf 'int main(void) { return x; }\n' >"$T/ce.c"
run "$JUDGE" exec "$T/ce.c"
expect_rc 1 "compile error"
grep -q 'error' "$T/err" && grep -q 'CE' "$T/err" && pass "compile error: log and CE on stderr" ||
	fail "compile error: stderr $(err)"
run "$JUDGE" exec --json "$T/ce.c"
expect_json 'd["status"] == "CE" and d["compile"]["ok"] is False and "error" in d["compile"]["log"]' \
	"compile error: --json"

# The language can be forced.
cp "$T/sum.py" "$T/sum.txt"
run "$JUDGE" exec --lang python "$T/sum.txt" --stdin "$T/in.txt"
expect_rc 0 "--lang python on a .txt"

finish
