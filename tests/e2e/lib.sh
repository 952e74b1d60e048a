# shellcheck shell=bash disable=SC2034  # sourced: its variables are used by the tests that source it
# lib.sh -- helpers shared by the end-to-end tests (sourced, not run).
#
# Every test gets a private temporary directory with its own XDG homes, so
# the history, the caches and the token of the person running the tests are
# never touched. `run CMD...` keeps the exit status in RC and the output in
# $T/out and $T/err.

set -u

: "${JUDGE:?set JUDGE to the judge binary}"
: "${JUDGE_SRC:?set JUDGE_SRC to the source tree}"

FIX=$JUDGE_SRC/tests/fixtures/problems
E2E=$JUDGE_SRC/tests/fixtures/e2e-problems
PROGS=$JUDGE_SRC/tests/e2e/progs
T=$(mktemp -d "${TMPDIR:-/tmp}/judge-e2e.XXXXXX")
CLEANUP_PIDS=""

cleanup() {
	for pid in $CLEANUP_PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

export XDG_DATA_HOME=$T/data XDG_CACHE_HOME=$T/cache XDG_CONFIG_HOME=$T/config HOME=$T/home
unset JUDGE_PROBLEMS JUDGE_CACHE NO_COLOR
mkdir -p "$HOME"

FAILS=0

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

pass() {
	echo "ok: $*"
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# The test's verdict: exit 1 when anything failed.
finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	exit 0
}

run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
}

out() { cat "$T/out"; }
err() { cat "$T/err"; }

# expect_rc CODE WHAT: the last run exited with CODE.
expect_rc() {
	if [ "$RC" = "$1" ]; then
		pass "$2 (exit $RC)"
	else
		fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$T/err")"
	fi
}

# The last run's stderr is exactly one line starting with "judge" and the
# program did not crash.
expect_one_line_error() {
	local n
	n=$(wc -l <"$T/err")
	if [ "$n" != 1 ] || ! head -n 1 "$T/err" | grep -q '^judge'; then
		fail "$1: expected a one-line 'judge...' error, got $n lines: $(head -c 600 "$T/err")"
	elif grep -qiE 'sanitizer|segmentation|core dumped|abort' "$T/err"; then
		fail "$1: crashed: $(cat "$T/err")"
	else
		pass "$1: $(cat "$T/err")"
	fi
}

# jget FILE EXPR: evaluates a Python expression on the JSON document `d`
# read from FILE (which must hold exactly one document).
jget() {
	python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
v = eval(sys.argv[2], {"d": d})
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)
PY
}

# expect_json EXPR WHAT: EXPR (Python, on `d`) is true for the last stdout.
expect_json() {
	local v
	v=$(jget "$T/out" "$1" 2>&1)
	if [ "$v" = "true" ]; then
		pass "$2"
	else
		fail "$2: $1 is $v; stdout: $(head -c 800 "$T/out")"
	fi
}

# compile NAME: builds progs/NAME.c on the host into $T/NAME.
compile() {
	command -v gcc >/dev/null || skip "gcc is needed to build the test programs"
	gcc -O2 -std=gnu17 -o "$T/$1" "$PROGS/$1.c" || skip "cannot build $1"
}

# Processes running as uid $1 (none once a box is closed).
procs_of_uid() {
	local n=0 d u
	for d in /proc/[0-9]*; do
		u=$(awk '/^Uid:/ {print $2}' "$d/status" 2>/dev/null)
		[ "$u" = "$1" ] && n=$((n + 1))
	done
	echo "$n"
}

# Skips the test when the sandbox cannot open a box here.
need_sandbox() {
	"$JUDGE" box --json -- /bin/true >"$T/probe" 2>"$T/probe.err"
	local rc=$?
	if [ "$rc" != 0 ]; then
		skip "the sandbox does not work here (exit $rc): $(head -c 300 "$T/probe.err")"
	fi
	LEVEL=$(jget "$T/probe" 'd["isolation"]["level"]')
}
