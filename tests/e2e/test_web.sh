#!/usr/bin/env bash
# `judge submit --post` and `judge worker` against a real judge-web on a
# free port of 127.0.0.1.
. "$(dirname "$0")/lib.sh"

: "${JUDGE_WEB:?set JUDGE_WEB to the judge-web binary}"
[ -x "$JUDGE_WEB" ] || skip "no judge-web binary"
command -v curl >/dev/null || skip "curl is needed"
need_sandbox
S=$E2E/double-it/submissions

# judge-web makes its token where the CLI looks for it ($XDG_CONFIG_HOME).
"$JUDGE_WEB" --listen 127.0.0.1:0 --db "$T/web.db" --problems "$E2E" --workers 0 \
	>"$T/web.out" 2>"$T/web.err" &
web=$!
CLEANUP_PIDS="$CLEANUP_PIDS $web"
URL=
for _ in $(seq 100); do
	URL=$(sed -n 's/^judge-web: listening on \(http:[^ ]*\)$/\1/p' "$T/web.out")
	[ -n "$URL" ] && break
	kill -0 "$web" 2>/dev/null || break
	sleep 0.1
done
[ -n "$URL" ] || { cat "$T/web.err" >&2; fail "judge-web did not start"; finish; }
TOKEN_FILE=$XDG_CONFIG_HOME/judge/token
[ -s "$TOKEN_FILE" ] || fail "judge-web made no token in $TOKEN_FILE"

# A post with the token from the config file; the web lists it.
run "$JUDGE" --problems "$E2E" submit double-it "$S/accepted/double.c" --json --post "$URL"
expect_rc 0 "submit --post"
grep -q "posted to ${URL%/}/api/results" "$T/err" && pass "the post is reported" || fail "post: $(err)"
key=$(jget "$T/out" 'd["key"]')
curl -sf "${URL%/}/api/submissions" >"$T/list.json" || fail "GET /api/submissions"
python3 - "$T/list.json" <<'PY' && pass "GET /api/submissions shows the posted result" || fail "not listed: $(cat "$T/list.json")"
import json, sys
subs = json.load(open(sys.argv[1]))["submissions"]
sys.exit(0 if any(s["problem"] == "double-it" and s["verdict"] == "AC" and s["language"] == "c" for s in subs) else 1)
PY
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["submissions"][0]["id"])' "$T/list.json")
curl -sf "${URL%/}/api/submissions/$id" >"$T/one.json"
python3 - "$T/one.json" "$key" <<'PY' && pass "the stored result has the key and the source" || fail "stored: $(head -c 500 "$T/one.json")"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["result"]
sys.exit(0 if r["key"] == sys.argv[2] and "scanf" in d["source"] else 1)
PY

# --token explicitly, to the endpoint itself; a wrong token is a warning only.
run "$JUDGE" --problems "$E2E" submit double-it "$S/wrong_answer/abs_value.c" --post "${URL%/}/api/results" \
	--token "$(cat "$TOKEN_FILE")"
expect_rc 1 "submit WA --post --token"
grep -q 'posted to' "$T/err" && pass "posted with --token" || fail "--token: $(err)"
run "$JUDGE" --problems "$E2E" submit double-it "$S/accepted/double.c" --json --post "$URL" --token wrong
expect_rc 0 "a refused post keeps the verdict's exit code"
grep -q 'warning: post to .* failed: HTTP 401' "$T/err" && pass "401 is a warning" || fail "401: $(err)"
expect_json 'd["verdict"] == "AC"' "stdout is still the one result document"

# A dead port: retried with backoff, then a warning; the exit code is the verdict's.
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s)
run "$JUDGE" --problems "$E2E" submit double-it "$S/wrong_answer/abs_value.c" --json \
	--post "http://127.0.0.1:$dead/" --token x
took=$(($(date +%s) - start))
expect_rc 1 "post to a dead port: exit code from the verdict (WA)"
grep -q 'warning: post to .* failed' "$T/err" && pass "dead port: warning" || fail "dead port: $(err)"
expect_json 'd["verdict"] == "WA"' "dead port: the result is printed"
[ "$took" -ge 3 ] && pass "dead port: retried with backoff (${took} s)" || fail "dead port: no backoff (${took} s)"
[ -s "$XDG_DATA_HOME/judge/history.jsonl" ] && grep -q "\"verdict\":\"WA\"" "$XDG_DATA_HOME/judge/history.jsonl" &&
	pass "dead port: the result is kept locally" || fail "dead port: not in the history"

# The worker: a submission queued from the web, judged by `worker --once`.
python3 - "$S/accepted/double.py" >"$T/job.json" <<'PY'
import json, sys
print(json.dumps({"problem": "double-it", "language": "python", "mode": "submit",
                  "source": open(sys.argv[1]).read()}))
PY
curl -sf -H 'Content-Type: application/json' --data-binary @"$T/job.json" "${URL%/}/api/submissions" >"$T/queued.json" ||
	fail "POST /api/submissions"
qid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/queued.json")
run "$JUDGE" worker --server "$URL" --problems "$E2E" --once
expect_rc 0 "worker --once"
curl -sf "${URL%/}/api/submissions/$qid" >"$T/job-done.json"
python3 - "$T/job-done.json" <<'PY' && pass "the queued submission is judged: done, AC" || fail "job: $(head -c 600 "$T/job-done.json"); worker: $(err)"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["status"] == "done" and d["verdict"] == "AC" and d["result"]["mode"] == "submit" else 1)
PY
run "$JUDGE" worker --server "$URL" --problems "$E2E" --once
expect_rc 0 "worker --once with an empty queue"
grep -q 'no job queued' "$T/err" && pass "empty queue: said so" || fail "empty queue: $(err)"

# A job for a problem this worker does not have fails cleanly (status failed).
python3 - "$S/accepted/double.c" >"$T/job2.json" <<'PY'
import json, sys
print(json.dumps({"problem": "double-it", "language": "c", "mode": "test",
                  "source": open(sys.argv[1]).read()}))
PY
curl -sf -H 'Content-Type: application/json' --data-binary @"$T/job2.json" "${URL%/}/api/submissions" >"$T/queued2.json"
qid2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/queued2.json")
mkdir -p "$T/empty-problems"
run "$JUDGE" worker --server "$URL" --problems "$T/empty-problems" --once
expect_rc 0 "worker --once on a problem it lacks"
curl -sf "${URL%/}/api/submissions/$qid2" >"$T/job2-done.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["status"] == "failed" else 1)' "$T/job2-done.json" &&
	pass "an unjudgeable job is reported failed" || fail "job2: $(cat "$T/job2-done.json")"

# A slow job under a short lease: the heartbeats keep it, and SIGTERM in
# the middle lets the worker finish and post it before exiting 0.
python3 - "$S/time_limit_exceeded/spin.c" >"$T/job3.json" <<'PY'
import json, sys
print(json.dumps({"problem": "double-it", "language": "c", "mode": "submit",
                  "source": open(sys.argv[1]).read()}))
PY
curl -sf -H 'Content-Type: application/json' --data-binary @"$T/job3.json" "${URL%/}/api/submissions" >"$T/queued3.json"
qid3=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/queued3.json")
"$JUDGE" worker --server "$URL" --problems "$E2E" --lease 3 >"$T/w3.out" 2>"$T/w3.err" &
w3=$!
for _ in $(seq 100); do
	grep -q "job $qid3:" "$T/w3.err" && break
	sleep 0.1
done
sleep 0.5
kill -TERM "$w3"
wait "$w3"
w3rc=$?
[ "$w3rc" = 0 ] && pass "worker: SIGTERM during a job exits 0" || fail "worker: SIGTERM mid-job: exit $w3rc"
curl -sf "${URL%/}/api/submissions/$qid3" >"$T/job3-done.json"
python3 - "$T/job3-done.json" <<'PY' && pass "the job outlived its 3 s lease (heartbeats) and was posted: TLE" || fail "job3: $(head -c 400 "$T/job3-done.json"); worker: $(cat "$T/w3.err")"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["result"] or {}
took = sum(t["wall_ms"] for t in r.get("tests", []))
sys.exit(0 if d["status"] == "done" and d["verdict"] == "TLE" and took > 3000 else 1)
PY

# A refused token stops the worker with exit 2.
run "$JUDGE" worker --server "$URL" --token wrong --once
expect_rc 2 "worker with a wrong token"

# SIGTERM while idle: exit 0, promptly.
"$JUDGE" worker --server "$URL" --problems "$E2E" >"$T/w.out" 2>"$T/w.err" &
w=$!
sleep 1
kill -TERM "$w"
start=$(date +%s)
wait "$w"
wrc=$?
[ "$wrc" = 0 ] && [ $(($(date +%s) - start)) -le 3 ] && pass "worker: SIGTERM while idle exits 0" ||
	fail "worker: SIGTERM: exit $wrc; $(cat "$T/w.err")"

finish
