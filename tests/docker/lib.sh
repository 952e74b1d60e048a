# shellcheck shell=bash
# lib.sh -- helpers shared by the tests of tests/docker (sourced, not run).
#
# Each test gets a private temporary directory $T with its own XDG homes, so
# the history, caches and token of whoever runs the tests stay untouched.
# A test exits 0 (pass), 1 (fail) or 77 (skipped: the machine lacks what it
# needs, with the reason on stderr).

set -u

T=$(mktemp -d "${TMPDIR:-/tmp}/judge-docker-test.XXXXXX")
chmod 755 "$T"
CLEANUP_PIDS=""

cleanup() {
	local pid
	for pid in $CLEANUP_PIDS; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

export XDG_DATA_HOME=$T/data XDG_CACHE_HOME=$T/cache XDG_CONFIG_HOME=$T/config HOME=$T/home
export NO_COLOR=1
unset JUDGE_PROBLEMS JUDGE_CACHE
mkdir -p "$HOME"

FAILS=0

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

pass() {
	echo "ok: [${SECONDS}s] $*"
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
	echo "all checks passed"
	exit 0
}

# run CMD...: exit status in RC, output in $T/out and $T/err.
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# Debian's python3 (a runtime dependency); a python3 on PATH may be a slow
# version manager's shim.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# jget FILE EXPR: a Python expression on the JSON document `d` in FILE.
jget() {
	"$PYTHON" - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
v = eval(sys.argv[2], {"d": d})
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)
PY
}

# expect_json EXPR WHAT: EXPR (Python, on `d`) holds for the last stdout.
expect_json() {
	local v
	v=$(jget "$T/out" "$1" 2>&1)
	if [ "$v" = "true" ]; then
		pass "$2"
	else
		fail "$2: $1 is $v; stdout: $(head -c 1500 "$T/out"); stderr: $(head -c 600 "$T/err")"
	fi
}

# expect_eq GOT WANT WHAT: GOT is WANT.
expect_eq() {
	if [ "$1" = "$2" ]; then
		pass "$3: $1"
	else
		fail "$3: '$1', expected '$2'"
	fi
}

# expect_rc CODE WHAT: the last run exited with CODE.
expect_rc() {
	if [ "$RC" = "$1" ]; then
		pass "$2 (exit $RC)"
	else
		fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$T/err")"
	fi
}

# Number of processes running as uid $1 (one awk over every process).
procs_of_uid() {
	cat /proc/[0-9]*/status 2>/dev/null |
		awk -v uid="$1" '/^Uid:/ && $2 == uid { n++ } END { print n + 0 }'
}

# expect_no_procs UID WHAT: nothing of UID is left (within two seconds: the
# last processes may still be on their way out).
expect_no_procs() {
	local n tries=10
	while :; do
		n=$(procs_of_uid "$1")
		[ "$n" = 0 ] || [ "$tries" = 0 ] && break
		tries=$((tries - 1))
		sleep 0.2
	done
	if [ "$n" = 0 ]; then
		pass "$2: no process of uid $1 left"
	else
		fail "$2: $n process(es) of uid $1 left"
	fi
}
