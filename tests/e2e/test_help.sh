#!/usr/bin/env bash
# Every command answers --help on stdout with exit 0; judge --help and
# --version work; usage errors are exit 2 with a one-line message.
. "$(dirname "$0")/lib.sh"

for cmd in list show test submit exec box validate new generate worker; do
	run "$JUDGE" "$cmd" --help
	expect_rc 0 "judge $cmd --help"
	if ! grep -q "^usage: judge $cmd" "$T/out"; then
		fail "judge $cmd --help: no usage line: $(head -c 200 "$T/out")"
	fi
	if [ -s "$T/err" ]; then
		fail "judge $cmd --help wrote to stderr: $(err)"
	fi
done

run "$JUDGE" --help
expect_rc 0 "judge --help"
for cmd in list show test submit exec box validate new generate worker; do
	grep -q "^  $cmd " "$T/out" || fail "judge --help does not list $cmd"
done

run "$JUDGE" --version
expect_rc 0 "judge --version"
grep -qE '^judge [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "judge --version: $(out)"

run "$JUDGE"
expect_rc 2 "judge without a command"

run "$JUDGE" frobnicate
expect_rc 2 "unknown command"
expect_one_line_error "unknown command"

run "$JUDGE" --frob list
expect_rc 2 "unknown global option"
expect_one_line_error "unknown global option"

for cmd in show test submit exec validate new generate worker box; do
	run "$JUDGE" "$cmd"
	expect_rc 2 "judge $cmd without its operands"
	expect_one_line_error "judge $cmd without its operands"
	run "$JUDGE" "$cmd" --no-such-option x
	expect_rc 2 "judge $cmd --no-such-option"
	expect_one_line_error "judge $cmd --no-such-option"
done

finish
