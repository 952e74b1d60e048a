#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine (run as root): installs the
# packages of deps/debian-packages.txt, builds the judge and the web UI,
# generates the problems' large tests, starts judge-web with one local worker
# on its embedded SQLite database, submits every problem's sample solutions
# (accepted ones and one wrong answer) so the pages have results to show,
# prints the URL, and serves until Ctrl-C.
#
# Environment: JUDGE_LISTEN (default 127.0.0.1:8080), JUDGE_DB (default
# $XDG_DATA_HOME/judge/web.db), JUDGE_WORKERS (default 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
listen=${JUDGE_LISTEN:-127.0.0.1:8080}
workers=${JUDGE_WORKERS:-1}

"$root/scripts/install-deps.sh" build runtime
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJUDGE_BUILD_UI=ON
cmake --build "$root/build" -j"$(nproc)"
judge=$root/build/judge

echo "== generating the problems' large tests (once; cached)"
for dir in "$root"/problems/*/; do
	"$judge" --problems "$root/problems" generate "$(basename "$dir")"
done

echo "== starting judge-web on $listen"
args=(--listen "$listen" --problems "$root/problems" --workers "$workers")
[ -n "${JUDGE_DB:-}" ] && args+=(--db "$JUDGE_DB")
log=$(mktemp /tmp/judge-web.XXXXXX.log)
"$root/build/judge-web" "${args[@]}" >"$log" 2>&1 &
web=$!
trap 'kill "$web" 2>/dev/null; wait "$web" 2>/dev/null; rm -f "$log"' EXIT INT TERM
url=
for _ in $(seq 100); do
	url=$(sed -n 's/^judge-web: listening on \(http:[^ ]*\)$/\1/p' "$log" | head -n 1)
	[ -n "$url" ] && break
	kill -0 "$web" 2>/dev/null || { cat "$log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "judge-web did not start" >&2; cat "$log" >&2; exit 1; }

# Seed the history once: only into an empty database.
if curl -fsS "${url}api/submissions?limit=1" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["submissions"] else 1)'; then
	echo "== the database already has submissions: not seeding"
else
	echo "== submitting the sample solutions (the worker judges them in the background)"
	for dir in "$root"/problems/*/; do
		id=$(basename "$dir")
		files=("$dir"submissions/accepted/*)
		wrong=("$dir"submissions/wrong_answer/*)
		[ -e "${wrong[0]}" ] && files+=("${wrong[0]}")
		for f in "${files[@]}"; do
			[ -f "$f" ] || continue
			case $f in *.c) lang=c ;; *.cpp) lang=cpp ;; *.py) lang=python ;; *) continue ;; esac
			python3 - "$id" "$lang" "$f" <<'PY' |
import json, sys
print(json.dumps({"problem": sys.argv[1], "language": sys.argv[2],
                  "source": open(sys.argv[3]).read(), "mode": "submit"}))
PY
				curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- \
					"${url}api/submissions" && echo "   $id $(basename "$f")"
		done
	done
fi

echo
echo "judge-web is serving $url  (Ctrl-C to stop; log: $log)"
wait "$web"
