#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (run as root):
# installs the packages of deps/debian-packages.txt, builds, and runs every
# CTest suite (unit, sandbox threats, end-to-end, web API, browser, problem
# validation), then again under AddressSanitizer + UndefinedBehaviorSanitizer.
#
# usage: scripts/test.sh [--no-sanitize] [-- extra ctest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sanitize=1
ctest_args=()
while [ $# -gt 0 ]; do
	case $1 in
	--no-sanitize) sanitize=0 ;;
	--) shift; ctest_args=("$@"); break ;;
	*) echo "usage: scripts/test.sh [--no-sanitize] [-- ctest args]" >&2; exit 2 ;;
	esac
	shift
done
jobs=$(nproc)

"$root/scripts/install-deps.sh"

echo "== build (RelWithDebInfo)"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJUDGE_BUILD_TESTS=ON -DJUDGE_BUILD_UI=ON
cmake --build "$root/build" -j"$jobs"
echo "== tests"
ctest --test-dir "$root/build" --output-on-failure --no-tests=error -j1 "${ctest_args[@]}"

if [ "$sanitize" = 1 ]; then
	echo "== build (ASan + UBSan)"
	cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DJUDGE_SANITIZE=ON \
		-DJUDGE_BUILD_UI=OFF -DJUDGE_BUILD_TESTS=ON
	cmake --build "$root/build-asan" -j"$jobs"
	echo "== tests under the sanitizers"
	# The browser tests need the UI bundle; the normal build above ran them.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir "$root/build-asan" --output-on-failure --no-tests=error -j1 -LE browser "${ctest_args[@]}"
fi
echo "== all tests passed"
