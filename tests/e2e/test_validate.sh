#!/usr/bin/env bash
# `judge validate`, `judge new`, `judge generate`: packages proved right,
# and a wrong one caught.
. "$(dirname "$0")/lib.sh"

need_sandbox

# The fixture with one submission per verdict validates green.
run "$JUDGE" --problems "$E2E" validate double-it
expect_rc 0 "validate double-it"
for sub in accepted/double.c accepted/double.py wrong_answer/abs_value.c time_limit_exceeded/spin.c \
	run_time_error/null_deref.c memory_limit_exceeded/hog.c compile_error/syntax.c; do
	grep -qE "^  $sub +pass" "$T/out" && pass "validate: $sub" || fail "validate: $sub: $(grep "$sub" "$T/out")"
done
grep -qE '^  input validator +ok' "$T/out" && pass "validate: input validator ran" || fail "validator: $(out)"
grep -qE '^  c +ok +slowest accepted' "$T/out" && pass "validate: C margin reported" || fail "margin: $(out)"

# A package given as a directory, with a mismatch: a correct solution
# filed as wrong, and an input the validator refuses.
cp -r "$E2E/double-it" "$T/double-it"
cp "$E2E/double-it/submissions/accepted/double.c" "$T/double-it/submissions/wrong_answer/actually_right.c"
run "$JUDGE" validate "$T/double-it"
expect_rc 1 "validate a package with a mismatch"
grep -qE '^  wrong_answer/actually_right.c +FAIL +expected WA +got AC' "$T/out" &&
	pass "the mismatch is named" || fail "mismatch line: $(out)"
rm "$T/double-it/submissions/wrong_answer/actually_right.c"
printf '99999999999\n' >"$T/double-it/data/secret/main/huge.in"
printf '199999999998\n' >"$T/double-it/data/secret/main/huge.ans"
run "$JUDGE" validate "$T/double-it"
expect_rc 1 "validate a package with an invalid input"
grep -qE 'input validator +FAIL +secret/main/huge.in: rejected' "$T/out" && pass "the invalid input is named" ||
	fail "invalid input: $(out)"

# Expectations widen a folder's verdict (the loader's fixture).
if [ -d "$FIX/sum-pair" ]; then
	run "$JUDGE" --problems "$FIX" generate sum-pair
	expect_rc 0 "generate sum-pair"
	grep -q 'generated tests of sum-pair in' "$T/out" && pass "generate: where the tests are" || fail "generate: $(out)"
	run "$JUDGE" --problems "$FIX" validate sum-pair
	expect_rc 0 "validate sum-pair (generated tests, expectations)"
fi

# judge new: a package that validates green at once; no overwriting.
run "$JUDGE" --problems "$T/problems" new my-problem
expect_rc 0 "new my-problem"
for f in problem.json statement.md data/sample/1.in data/sample/1.ans submissions/accepted/add.c \
	submissions/accepted/add.py templates/solution.c templates/solution.py; do
	[ -f "$T/problems/my-problem/$f" ] || fail "new: $f missing"
done
run "$JUDGE" --problems "$T/problems" validate my-problem
expect_rc 0 "the new package validates"
run "$JUDGE" --problems "$T/problems" new my-problem
expect_rc 2 "new over an existing package"
expect_one_line_error "new over an existing package"
run "$JUDGE" --problems "$T/problems" list
grep -q '^my-problem' "$T/out" && pass "list shows the new problem" || fail "list: $(out)"

finish
