#!/usr/bin/env bash
# The judge in a default Docker container, reproduced on this host: runs the
# real `judge` (box, exec, submit) under default-container.sh (read-only
# cgroups, Docker's capability set, the namespace rules of Docker's seccomp
# profile) and checks that the sandbox degrades to `no-namespaces`, says so
# in the result's `isolation`, and still enforces time, memory, output and
# process limits, blocks the network and writes outside the box, hides the
# answers of a root-only problems folder (as the image keeps it), and that
# an accepted solution is still accepted.
#
# Environment (set by CTest): JUDGE (the judge binary), DOCKER_SECCOMP (the
# docker-seccomp wrapper). Needs root, unshare, capsh, gcc and python3; exits
# 77 (skipped) with the reason when one is missing.
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

: "${JUDGE:?set JUDGE to the judge binary}"
: "${DOCKER_SECCOMP:?set DOCKER_SECCOMP to the docker-seccomp wrapper}"
export DOCKER_SECCOMP
PROGS=$HERE/progs

[ "$(id -u)" = 0 ] || skip "needs root: the sandbox's no-namespaces level is root's (uid of its own)"
for tool in unshare capsh gcc python3; do
	command -v "$tool" >/dev/null || skip "$tool not found (see deps/debian-packages.txt, role test)"
done

# in_container CMD...: CMD as a default container would run it.
# shellcheck disable=SC2317 # called through run
in_container() {
	bash "$HERE/default-container.sh" "$@"
}

# The emulation itself: it must set up, and then refuse what Docker refuses.
run in_container sh -c 'grep "^CapEff" /proc/self/status; unshare -n true 2>/dev/null && echo UNSHARED; exit 0'
[ "$RC" = 0 ] || skip "cannot reproduce a default container here (exit $RC): $(head -c 300 "$T/err")"
if grep -q UNSHARED "$T/out"; then
	fail "emulation: unshare still works under docker-seccomp"
	finish
fi
caps=$(awk '{ print $2 }' "$T/out")
if [ $((0x$caps & ~0xa80425fb)) = 0 ]; then
	pass "emulation: capabilities $caps, within Docker's default set"
else
	fail "emulation: capabilities $caps exceed Docker's default set a80425fb"
fi

# A problems folder as the image keeps it: readable by root only.
mkdir -p "$T/problems"
cp -r "$HERE/fixtures/add-one" "$T/problems/"
chmod -R go-rwx "$T/problems"
ANS=$T/problems/add-one/data/secret/main/large.ans
UIDS=""

# Every box's uid, to check at the end that none of its processes is left.
remember_uid() {
	UIDS="$UIDS $(jget "$T/out" 'd["isolation"]["uid"]' 2>/dev/null)"
}

# --- what the sandbox says about itself ---------------------------------

run in_container "$JUDGE" box --json -- /bin/true
expect_rc 0 "box /bin/true"
expect_json 'd["status"] == "OK" and d["isolation"]["level"] == "no-namespaces"' \
	"isolation.level is no-namespaces"
expect_json 'd["isolation"]["namespaces"] == [] and d["isolation"]["cgroup"] == "none" and d["isolation"]["seccomp"] is True' \
	"no namespaces, no cgroup, seccomp on"
expect_json '60000 <= d["isolation"]["uid"] < 90000' "an unprivileged uid of the box's own"
expect_json 'any(n.startswith("namespaces unavailable") for n in d["isolation"]["notes"])' \
	"notes: namespaces unavailable"
expect_json 'any("cgroup" in n for n in d["isolation"]["notes"])' "notes: why there is no cgroup"
LANDLOCK=$(jget "$T/out" 'd["isolation"]["landlock"]' 2>/dev/null || echo 0)
if [ "$LANDLOCK" = 0 ]; then
	expect_json 'any("Landlock unavailable" in n for n in d["isolation"]["notes"])' \
		"notes: Landlock unavailable (file access by permissions only)"
else
	pass "Landlock ABI $LANDLOCK applies"
fi
if [ "$(jget "$T/out" 'd["status"]' 2>/dev/null)" != OK ]; then
	# Nothing below can pass if a trivial run does not.
	finish
fi

# --- limits ------------------------------------------------------------------

run in_container "$JUDGE" exec --json --time-limit 1 "$PROGS/spin.c"
expect_rc 1 "exec: spin loop"
expect_json 'd["status"] == "TLE" and d["time_ms"] >= 900 and d["isolation"]["level"] == "no-namespaces"' \
	"spin loop: TLE at the limit"
if grep -q 'warning: sandbox: reduced isolation (no-namespaces' "$T/err"; then
	pass "the reduced isolation is announced on stderr"
else
	fail "no 'reduced isolation' warning on stderr: $(head -c 300 "$T/err")"
fi
remember_uid

run in_container "$JUDGE" exec --json --memory-limit 64 "$PROGS/hog.c"
expect_rc 1 "exec: memory hog"
expect_json 'd["status"] == "MLE" and "memory limit" in d["message"]' \
	"memory hog: MLE (RLIMIT_AS + peak resident size)"
remember_uid

run in_container "$JUDGE" exec --json "$PROGS/flood.c"
expect_rc 1 "exec: output flood"
expect_json 'd["status"] == "OLE" and d["stdout_truncated"] is True' "output flood: OLE"
remember_uid

run in_container "$JUDGE" exec --json --time-limit 2 "$PROGS/forkbomb.c"
expect_rc 1 "exec: fork bomb"
expect_json 'd["status"] == "SV" and ("clone" in d["message"] or "fork" in d["message"])' \
	"fork bomb (submission profile): SV naming the call"
uid=$(jget "$T/out" 'd["isolation"]["uid"]' 2>/dev/null)
expect_no_procs "$uid" "exec fork bomb"

# A fork bomb where processes are allowed (box: compiler profile): only
# RLIMIT_NPROC on the box's uid and the CPU limit hold it.
gcc -O2 -o "$T/forkbomb" "$PROGS/forkbomb.c" || skip "cannot build forkbomb.c"
run in_container "$JUDGE" box --json --time-limit 2 -- "$T/forkbomb"
if [ "$RC" = 1 ]; then
	pass "box: fork bomb stopped (exit 1)"
else
	fail "box: fork bomb: exit $RC, expected 1; stderr: $(head -c 300 "$T/err")"
fi
expect_json 'd["status"] in ("TLE", "RE", "SV")' "box fork bomb: $(jget "$T/out" 'd["status"]' 2>&1)"
uid=$(jget "$T/out" 'd["isolation"]["uid"]' 2>/dev/null)
expect_no_procs "$uid" "box fork bomb"

# --- network -------------------------------------------------------------------

"$PYTHON" - "$T/port" "$T/connections" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write("connection\n")
    c.close()
PY
CLEANUP_PIDS="$CLEANUP_PIDS $!"
for _ in $(seq 50); do
	[ -s "$T/port" ] && break
	sleep 0.1
done
[ -s "$T/port" ] || skip "the test's listener did not start"
port=$(cat "$T/port")
# Check the listener works at all, from outside any box.
gcc -O2 -o "$T/connect" "$PROGS/connect.c" || skip "cannot build connect.c"
"$T/connect" "$port" >/dev/null || skip "cannot reach the test's own listener on 127.0.0.1:$port"
rm -f "$T/connections"

echo "$port" >"$T/port.in"
run in_container "$JUDGE" exec --json --stdin "$T/port.in" "$PROGS/connect.c"
expect_rc 1 "exec: connect to 127.0.0.1:$port"
expect_json 'd["status"] == "SV" and "socket" in d["message"]' "connect (submission): SV naming socket"
run in_container "$JUDGE" box --json -- "$T/connect" "$port"
expect_json 'd["status"] == "SV" and "socket" in d["message"]' "connect (box, compiler profile): SV"
remember_uid
sleep 0.2
if [ -e "$T/connections" ]; then
	fail "the listener saw $(wc -l <"$T/connections") connection(s) from the box"
else
	pass "the listener saw no connection"
fi

# --- files ---------------------------------------------------------------------

# With Landlock even a world-writable directory is out of reach; without it
# only permissions protect, so the target is a root-owned directory.
if [ "$LANDLOCK" != 0 ]; then
	mkdir -m 0777 "$T/outside"
else
	mkdir -m 0755 "$T/outside"
fi
printf '%s\n%s\n' "$T/outside/escaped" "$ANS" >"$T/escape.in"
run in_container "$JUDGE" exec --json --stdin "$T/escape.in" "$PROGS/escape.c"
expect_rc 0 "exec: write outside, read the answers"
if [ -e "$T/outside/escaped" ]; then
	fail "a file written from the box appeared on the host: $T/outside/escaped"
else
	pass "write outside the box: no file on the host"
fi
if jget "$T/out" 'd["stdout"]' | grep -x "cannot read $ANS: .*" >/dev/null; then
	pass "the answers of a root-only problems folder are unreadable"
else
	fail "the box read $ANS: $(head -c 600 "$T/out")"
fi
if [ "$LANDLOCK" != 0 ]; then
	echo public >"$T/public.txt"
	chmod 0644 "$T/public.txt"
	tmpfile=/tmp/judge-docker-escape.$$
	printf '%s\n%s\n' "$tmpfile" "$T/public.txt" >"$T/escape.in"
	run in_container "$JUDGE" exec --json --stdin "$T/escape.in" "$PROGS/escape.c"
	if [ -e "$tmpfile" ]; then
		rm -f "$tmpfile"
		fail "Landlock: the box wrote $tmpfile"
	else
		pass "Landlock: no write to the host's /tmp"
	fi
	expect_json '"cannot read" in d["stdout"]' "Landlock: a world-readable file outside is unreadable"
fi

# --- judging -----------------------------------------------------------------------

for sol in add_one.c add_one.py; do
	run in_container "$JUDGE" --problems "$T/problems" submit add-one \
		"$HERE/fixtures/add-one/submissions/accepted/$sol" --json
	expect_rc 0 "submit $sol"
	expect_json 'd["verdict"] == "AC" and len(d["tests"]) == 3 and all(t["verdict"] == "AC" for t in d["tests"])' \
		"submit $sol: AC on every test"
	expect_json 'd["isolation"]["level"] == "no-namespaces"' "submit $sol: isolation recorded"
	remember_uid
done

run in_container "$JUDGE" --problems "$T/problems" submit add-one "$PROGS/flood.c" --json
expect_rc 1 "submit flood.c"
expect_json 'd["verdict"] == "OLE"' "submit flood.c: OLE at the problem's 64 KB"

# --- nothing left behind ------------------------------------------------------------

for uid in $UIDS; do
	[ -n "$uid" ] && expect_no_procs "$uid" "after the runs"
done

finish
