#!/usr/bin/env bash
# `judge submit`, `judge test`, `judge list`, `judge show` on the fixture
# problems: verdicts, exit codes, the result JSON, the history, the diffs.
. "$(dirname "$0")/lib.sh"

need_sandbox
P="--problems $E2E"
S=$E2E/double-it/submissions

# Accepted, as exactly one JSON document with the documented fields.
run "$JUDGE" $P submit double-it "$S/accepted/double.c" --json
expect_rc 0 "submit accepted C --json"
expect_json 'd["schema"] == "judge-result/1" and d["mode"] == "submit" and d["problem"] == "double-it" and d["language"] == "c"' \
	"result: schema, mode, problem, language"
expect_json 'len(d["key"]) == 32 and all(c in "0123456789abcdef" for c in d["key"])' "result: key"
expect_json 'd["submission"]["file"] == "double.c" and d["submission"]["bytes"] > 0 and len(d["submission"]["sha256"]) == 64' \
	"result: submission"
expect_json 'd["verdict"] == "AC" and d["message"] == "" and d["passed"] == d["total"] == len(d["tests"]) == 3' \
	"result: verdict AC, every test"
expect_json 'set(d["compile"]) >= {"ok", "log", "time_ms", "cached"} and d["compile"]["ok"] is True' "result: compile"
expect_json 'all(set(t) >= {"name", "group", "verdict", "time_ms", "wall_ms", "memory_kb", "message", "exit_code", "signal"} for t in d["tests"])' \
	"result: test fields"
expect_json '[t["name"] for t in d["tests"]] == ["sample/1", "secret/main/large", "secret/main/negative"]' \
	"result: test order"
expect_json 'isinstance(d["isolation"], dict) and "level" in d["isolation"] and "judge_version" in d and "started_at" in d and "finished_at" in d' \
	"result: isolation, version, times"
expect_json '"source" not in d' "result: no source unless posted"
[ ! -s "$T/err" ] || grep -q 'warning' "$T/err" || fail "--json off a terminal: stderr has progress: $(err)"

run "$JUDGE" $P submit double-it "$S/accepted/double.py" --json
expect_rc 0 "submit accepted Python"
expect_json 'd["verdict"] == "AC" and d["language"] == "python"' "Python: AC"

# One submission per verdict: exit 1, the verdict in the JSON.
for pair in wrong_answer/abs_value.c:WA time_limit_exceeded/spin.c:TLE \
	run_time_error/null_deref.c:RE run_time_error/exit_code.py:RE \
	memory_limit_exceeded/hog.c:MLE compile_error/syntax.c:CE; do
	file=${pair%%:*}
	want=${pair##*:}
	run "$JUDGE" $P submit double-it "$S/$file" --json --fail-fast
	expect_rc 1 "submit $file"
	expect_json "d[\"verdict\"] == \"$want\"" "$file: $want"
done
run "$JUDGE" $P submit double-it "$S/compile_error/syntax.c" --json
expect_json 'd["tests"] == [] and d["compile"]["ok"] is False and d["compile"]["log"] != ""' "CE: no tests, the log"

# Without --json: the live lines (one per test off a terminal), the table.
run "$JUDGE" $P submit double-it "$S/wrong_answer/abs_value.c"
expect_rc 1 "submit WA, text"
grep -q '^\[3/3\] secret/main/negative  *WA' "$T/out" && pass "a progress line per test" ||
	fail "progress lines: $(out)"
grep -q '^Verdict: WA' "$T/out" && grep -q '^First failure: secret/main/negative' "$T/out" &&
	pass "summary: verdict and first failure" || fail "summary: $(out)"
grep -qE '^main +1/2' "$T/out" && pass "summary: per-group table" || fail "group table: $(out)"
if grep -q $'\033' "$T/out"; then fail "colour off a terminal"; else pass "no colour off a terminal"; fi
run "$JUDGE" $P submit double-it "$S/compile_error/syntax.c"
grep -q '^Compile log:' "$T/out" && pass "CE: the compile log is shown" || fail "CE: $(out)"

# On a terminal: lines rewritten with \r, colour unless NO_COLOR.
if command -v script >/dev/null; then
	script -qec "'$JUDGE' $P submit double-it '$S/accepted/double.c'" /dev/null >"$T/tty" 2>&1
	grep -q $'\r\033\\[K\\[' "$T/tty" && pass "terminal: progress rewritten in place" ||
		fail "terminal: no \\r rewriting: $(head -c 300 "$T/tty" | od -c | head)"
	grep -q $'\033\\[32m' "$T/tty" && pass "terminal: colour" || fail "terminal: no colour"
	NO_COLOR=1 script -qec "'$JUDGE' $P submit double-it '$S/accepted/double.c'" /dev/null >"$T/tty" 2>&1
	if grep -q $'\033\\[3[0-9]m' "$T/tty"; then fail "NO_COLOR: colour used"; else pass "NO_COLOR: no colour"; fi
fi

# The history: list shows the best verdict per problem.
[ -s "$XDG_DATA_HOME/judge/history.jsonl" ] && pass "history recorded" || fail "no history file"
run "$JUDGE" $P list --json
expect_rc 0 "list --json"
expect_json '[p for p in d["problems"] if p["id"] == "double-it"][0]["best"]["verdict"] == "AC"' "list: best verdict AC"
run "$JUDGE" $P list
expect_rc 0 "list"
grep -qE '^double-it +easy +AC' "$T/out" && pass "list: difficulty and best verdict" || fail "list: $(out)"

# judge test: the samples, with a diff for a failing one.
printf 'print(2 * int(input()) + 1)\n' >"$T/plus_one.py"
run "$JUDGE" $P test double-it "$T/plus_one.py"
expect_rc 1 "test on a wrong solution"
grep -q '^  - 42' "$T/out" && grep -q '^  + 43' "$T/out" && pass "test: expected/actual diff" ||
	fail "test: no diff: $(out)"
grep -q 'input:' "$T/out" && pass "test: the sample's input is shown" || fail "test: no input"
run "$JUDGE" $P test double-it "$S/accepted/double.c" --json
expect_rc 0 "test accepted --json"
expect_json 'd["mode"] == "test" and [t["group"] for t in d["tests"]] == ["sample"] and d["tests"][0]["output"] == "42\n"' \
	"test: samples only, with their output"

# judge test --input: your output beside the reference's.
printf '7\n' >"$T/seven.in"
run "$JUDGE" $P test double-it "$T/plus_one.py" --input "$T/seven.in"
expect_rc 1 "test --input, wrong"
grep -q 'Reference output (submissions/accepted/double.py)' "$T/out" && pass "--input: the reference in your language" ||
	fail "--input: reference: $(out)"
grep -q 'Outputs differ' "$T/out" && pass "--input: the difference is reported" || fail "--input: $(out)"
run "$JUDGE" $P test double-it "$S/accepted/double.c" --input "$T/seven.in" --json
expect_rc 0 "test --input, right, --json"
expect_json 'd["yours"]["stdout"] == "14\n" and d["reference"]["file"] == "submissions/accepted/double.c" and d["agree"] is True' \
	"--input --json: outputs and agreement"

# judge show: the statement with its samples.
run "$JUDGE" $P show double-it
expect_rc 0 "show"
grep -q 'Double an integer' "$T/out" && grep -q 'Sample 1' "$T/out" && pass "show: statement and sample" ||
	fail "show: $(out)"

# A harness problem, when the engine supports it.
if [ -d "$FIX/mean-harness" ]; then
	run "$JUDGE" --problems "$FIX" submit mean-harness "$FIX/mean-harness/submissions/accepted/mean.c" --json
	expect_rc 0 "harness problem: accepted C"
	run "$JUDGE" --problems "$FIX" submit mean-harness "$FIX/mean-harness/submissions/compile_error/uses_malloc.c" --json
	expect_json 'd["verdict"] == "CE"' "harness problem: forbidden malloc is CE"
fi

finish
