#!/usr/bin/env bash
# Every shell script of the project passes shellcheck (warnings and errors).
# usage: test_shell.sh SOURCE_TREE
set -euo pipefail
cd "$1"
command -v shellcheck >/dev/null || { echo "FAIL: shellcheck missing (deps/debian-packages.txt, role test)" >&2; exit 1; }
mapfile -t files < <(git ls-files 2>/dev/null | grep -E '\.sh$|^\.ci/run$|^bench/[a-z-]+$' ||
	find . -path ./build -prune -o \( -name '*.sh' -o -path ./.ci/run \) -print)
[ "${#files[@]}" -gt 0 ] || { echo "FAIL: no scripts found" >&2; exit 1; }
shellcheck -x --severity=warning "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean"
