#!/usr/bin/env bash
# One source of truth for Debian packages: runs deps_consistency.py on the
# tree (the Dockerfile, CMake, languages.json, the code's exec paths, the
# tests' tools and the shared libraries of the built binaries against
# deps/debian-packages.txt), then proves it catches divergences by running
# it on mutated copies of the list and of the Dockerfile.
#
# Environment (set by CTest): JUDGE_SRC; JUDGE and JUDGE_WEB (optional: their
# shared libraries are checked too). Needs dpkg and Debian's python3; exits
# 77 without.
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

: "${JUDGE_SRC:?set JUDGE_SRC to the source tree}"
command -v dpkg-query >/dev/null || skip "needs dpkg (a Debian system)"
[ -x /usr/bin/python3 ] || skip "needs Debian's python3"
CHECK=$HERE/deps_consistency.py
LIST=$JUDGE_SRC/deps/debian-packages.txt
DOCKERFILE=$JUDGE_SRC/docker/Dockerfile
bins=()
for b in "${JUDGE:-}" "${JUDGE_WEB:-}"; do
	[ -n "$b" ] && [ -x "$b" ] && bins+=(--binary "$b")
done

run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" "${bins[@]}"
if [ "$RC" = 0 ]; then
	pass "the tree is consistent with deps/debian-packages.txt ($(grep -c '^ok:' "$T/out") checks)"
else
	grep '^FAIL' "$T/out" >&2
	fail "the tree diverges from deps/debian-packages.txt (exit $RC)"
fi

# mutant NAME EXPECTED-FAIL-REGEX: the last run failed, naming the divergence.
mutant() {
	if [ "$RC" = 1 ] && grep -Eq "^FAIL: .*($2)" "$T/out"; then
		pass "divergence caught: $1"
	else
		fail "divergence not caught: $1 (exit $RC): $(grep '^FAIL' "$T/out" | head -n 3)"
	fi
}

grep -v '^libseccomp-dev ' "$LIST" >"$T/list"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --list "$T/list"
mutant "a -dev package of pkg_check_modules unlisted" "libseccomp-dev"

sed 's/^gcc \( *\)runtime/gcc \1test/' "$LIST" >"$T/list"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --list "$T/list"
mutant "the compiler of languages.json listed as test" "package gcc must be listed as runtime"

if [ ${#bins[@]} -gt 0 ]; then
	grep -v '^libcurl4 ' "$LIST" >"$T/list"
	run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --list "$T/list" "${bins[@]}"
	mutant "a shared library of the judge unlisted" "libcurl"
fi

grep -v '^bubblewrap ' "$LIST" >"$T/list"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --list "$T/list"
mutant "a tool of the benchmarks unlisted" "bwrap"

{
	cat "$DOCKERFILE"
	echo 'RUN apt-get update && apt-get install -y --no-install-recommends curl'
} >"$T/Dockerfile"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --dockerfile "$T/Dockerfile"
mutant "the Dockerfile installs a package itself" "installs packages itself"

awk '/^FROM debian:12-slim/ { rt = 1 } rt && /install-deps\.sh runtime/ { sub(/install-deps\.sh runtime/, "install-deps.sh build runtime") } { print }' \
	"$DOCKERFILE" >"$T/Dockerfile"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --dockerfile "$T/Dockerfile"
mutant "the runtime stage installs the build role" "want runtime"

sed 's|^COPY sandbox/ sandbox/|COPY sandbox/ no-such-dir/ sandbox/|' "$DOCKERFILE" >"$T/Dockerfile"
run /usr/bin/python3 "$CHECK" "$JUDGE_SRC" --dockerfile "$T/Dockerfile"
mutant "a COPY source that does not exist" "no-such-dir"

finish
