#!/usr/bin/env bash
# Real results validate against docs/result.schema.json: one per verdict the
# fixture problem can produce (AC, WA, CE, TLE, RE, SV, MLE), from
# `judge submit --json` and `judge test --json`, plus a scored harness result.
# usage: test_result_schema.sh JUDGE SOURCE_TREE
set -u
judge=$1
src=$2
fix=$src/tests/fixtures/problems
t=$(mktemp -d "${TMPDIR:-/tmp}/judge-schema.XXXXXX")
trap 'rm -rf "$t"' EXIT
export XDG_DATA_HOME=$t/data XDG_CACHE_HOME=$t/cache XDG_CONFIG_HOME=$t/config HOME=$t
unset JUDGE_PROBLEMS NO_COLOR

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: the judge's full sandbox needs root"
	exit 77
fi
python3 -c 'import jsonschema' 2>/dev/null || {
	echo "FAIL: python3-jsonschema is missing (deps/debian-packages.txt, role test)" >&2
	exit 1
}

cat >"$t/ce.c" <<'C'
int main(void) { return missing_function(); }
C
cat >"$t/spin.c" <<'C'
int main(void) { volatile unsigned long x = 0; for (;;) x++; }
C
cat >"$t/crash.c" <<'C'
int main(void) { volatile int *p = 0; return *p; }
C
cat >"$t/sock.c" <<'C'
#include <sys/socket.h>
int main(void) { return socket(AF_INET, SOCK_STREAM, 0) < 0; }
C
cat >"$t/hog.c" <<'C'
#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 24); if (!p) return 1; memset(p, 1, 1 << 24); } }
C

fails=0
check() { # check EXPECTED_VERDICT FILE MODE PROBLEM_DIR
	local want=$1 file=$2 mode=$3 dir=$4 out=$t/result.json
	"$judge" --problems "$(dirname "$dir")" "$mode" "$(basename "$dir")" "$file" --json >"$out" 2>"$t/err"
	if ! python3 - "$src/docs/result.schema.json" "$out" "$want" <<'PY'; then
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors:
    print("schema:", "/".join(map(str, e.path)), e.message, file=sys.stderr)
if doc.get("verdict") != sys.argv[3]:
    print("verdict", doc.get("verdict"), "expected", sys.argv[3], file=sys.stderr)
    sys.exit(1)
sys.exit(1 if errors else 0)
PY
		echo "FAIL: $mode $(basename "$file") ($want)" >&2
		cat "$t/err" >&2
		fails=$((fails + 1))
	else
		echo "ok: $mode $(basename "$file") -> $want, valid"
	fi
}

check AC "$fix/sum-pair/submissions/accepted/sum.c" submit "$fix/sum-pair"
check AC "$fix/sum-pair/submissions/accepted/sum.py" test "$fix/sum-pair"
check WA "$fix/sum-pair/submissions/wrong_answer/overflow.c" submit "$fix/sum-pair"
check CE "$t/ce.c" submit "$fix/sum-pair"
check TLE "$t/spin.c" submit "$fix/sum-pair"
check RE "$t/crash.c" submit "$fix/sum-pair"
check SV "$t/sock.c" submit "$fix/sum-pair"
check MLE "$t/hog.c" submit "$fix/sum-pair"
# A custom checker, and a harness with a scored group where the package has one.
for d in "$fix"/*/; do
	d=${d%/}
	for f in "$d"/submissions/accepted/*; do
		[ -f "$f" ] || continue
		check AC "$f" submit "$d"
		break
	done
done
# The allocator scores: its result carries a score object.
check AC "$src/problems/memory-allocator/submissions/accepted/segfit.c" submit "$src/problems/memory-allocator"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["score"]; assert 0 < s["value"] <= s["max"] == 100, s' "$t/result.json" ||
	{ echo "FAIL: the allocator's result has no sensible score" >&2; fails=$((fails + 1)); }
[ "$fails" = 0 ] || { echo "$fails result(s) failed the schema" >&2; exit 1; }
echo "all results valid"
