#!/usr/bin/env bash
# `judge box` against hostile programs: the host must come out untouched.
. "$(dirname "$0")/lib.sh"

need_sandbox
for p in forkbomb connect kill_all spin; do
	compile "$p"
done
cd "$T" || exit 1

# A fork bomb under the compiler profile (processes allowed) ends by the
# process limit and the time limit, and leaves nothing of the box's uid.
run "$JUDGE" box --json --time-limit 2 -- ./forkbomb
expect_rc 1 "fork bomb"
expect_json 'd["status"] in ("TLE", "RE")' "fork bomb ends in TLE or RE"
uid=$(jget "$T/out" 'd["isolation"]["uid"]')
if [ "$LEVEL" = full ] && [ -n "$uid" ]; then
	sleep 0.5
	n=$(procs_of_uid "$uid")
	[ "$n" = 0 ] && pass "fork bomb: no process of uid $uid left" ||
		fail "fork bomb: $n processes of the box's uid $uid survive"
fi

# Network: a listener on the host's loopback sees no connection, and the
# program's socket() is a security violation.
python3 - "$T/port" "$T/conns" "$T/stop" <<'PY' &
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(0.1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = 0
deadline = time.time() + 120
while not os.path.exists(sys.argv[3]) and time.time() < deadline:
    try:
        c, _ = s.accept()
        conns += 1
        c.close()
    except socket.timeout:
        pass
with open(sys.argv[2], "w") as f:
    f.write(str(conns))
PY
listener=$!
CLEANUP_PIDS="$CLEANUP_PIDS $listener"
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
run "$JUDGE" box --json -- ./connect "$port"
expect_rc 1 "connect to the host's loopback"
expect_json 'd["status"] == "SV"' "connect: SV"
expect_json '"socket" in d["message"]' "connect: the message names socket()"
run "$JUDGE" box --json --profile native -- ./connect "$port"
expect_json 'd["status"] == "SV"' "connect under the native profile: SV"
touch "$T/stop"
wait "$listener"
conns=$(cat "$T/conns")
[ "$conns" = 0 ] && pass "the listener saw no connection" || fail "the listener saw $conns connections"

# Secrets of the host stay unreadable.
if [ -r /etc/shadow ]; then
	run "$JUDGE" box --json -- /bin/cat /etc/shadow
	expect_rc 1 "cat /etc/shadow"
	expect_json 'd["stdout"] == "" and (d["status"] != "OK" or d["exit_code"] != 0)' \
		"/etc/shadow is not readable"
fi

# Writes outside the work directory do not reach the host.
mkdir -p "$T/outside"
chmod 777 "$T/outside"
run "$JUDGE" box -- /bin/sh -c "echo pwned > '$T/outside/file'; echo pwned > /etc/judge-e2e-pwned; echo pwned > /usr/judge-e2e-pwned; echo done"
[ ! -e "$T/outside/file" ] && pass "no file written in a host directory" || fail "the box wrote $T/outside/file"
[ ! -e /etc/judge-e2e-pwned ] && [ ! -e /usr/judge-e2e-pwned ] && pass "nothing written in /etc or /usr" ||
	fail "the box wrote into /etc or /usr"
rm -f /etc/judge-e2e-pwned /usr/judge-e2e-pwned

# An output flood is OLE, and --json keeps only the first MiB of it.
run "$JUDGE" box --json -- /usr/bin/yes
expect_rc 1 "yes"
expect_json 'd["status"] == "OLE"' "yes: OLE"
expect_json 'd["stdout_truncated"] is True and len(d["stdout"]) <= 1 << 20' "yes: stdout cut in the JSON"
run "$JUDGE" box -- /usr/bin/yes
expect_rc 1 "yes without --json"
grep -q 'OLE' "$T/err" && pass "yes: the summary says OLE" || fail "yes: summary: $(err)"

# kill(-1) inside the box cannot reach a process of the host.
sleep 300 &
sentinel=$!
CLEANUP_PIDS="$CLEANUP_PIDS $sentinel"
run "$JUDGE" box --json -- ./kill_all
kill -0 "$sentinel" 2>/dev/null && pass "kill(-1): the sentinel process lives" ||
	fail "kill(-1) from the box killed the sentinel"

# Sleeping forever is a TLE on the wall clock.
run "$JUDGE" box --json --time-limit 1 -- /bin/sleep 1000
expect_rc 1 "sleep 1000"
expect_json 'd["status"] == "TLE" and d["wall_ms"] >= 1000 and d["wall_ms"] < 20000' \
	"sleep: TLE on the wall clock"

# A CPU burner is a TLE on CPU time.
run "$JUDGE" box --json --time-limit 1 -- ./spin
expect_json 'd["status"] == "TLE"' "spin: TLE"

# Normal runs: stdout passes through, --repeat reports the median and p95.
run "$JUDGE" box -- /bin/echo hello box
expect_rc 0 "echo"
[ "$(out)" = "hello box" ] && pass "echo: stdout" || fail "echo: stdout is '$(out)'"
run "$JUDGE" box --json --repeat 5 -- /bin/true
expect_rc 0 "true --repeat 5"
expect_json 'd["repeat"]["runs"] == 5 and 0 < d["repeat"]["wall_us_median"] <= d["repeat"]["wall_us_p95"]' \
	"--repeat: runs, median <= p95"
expect_json 'all(k in d["repeat"] for k in ("wall_ms_median", "wall_ms_p95", "wall_us_median", "wall_us_p95"))' \
	"--repeat: every field"
expect_json 'all(k in d for k in ("status", "exit_code", "signal", "time_ms", "wall_ms", "memory_kb", "message", "isolation"))' \
	"--json: the result fields and isolation"
run "$JUDGE" box --json -- /bin/sh -c 'exit 7'
expect_rc 1 "exit 7"
expect_json 'd["status"] == "OK" and d["exit_code"] == 7' "exit 7: status OK, exit code 7"

# The seccomp filter of each profile can be shown.
for prof in native python compiler; do
	run "$JUDGE" box --dump-filter --profile "$prof"
	expect_rc 0 "--dump-filter --profile $prof"
	[ -s "$T/out" ] || fail "--dump-filter --profile $prof printed nothing"
done

finish
