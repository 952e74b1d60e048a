#!/bin/sh
# seal.sh [--no-generate] -- the last step of the image, run as root in the
# runtime stage: makes every problem's generated tests into $JUDGE_CACHE
# (`judge generate ID`, in the sandbox), so containers do not make them on
# every run, then locks the answers away from the sandbox: the problems and
# the cache become readable by root only (the problems also by group judge,
# for judge-web's statements and samples). In a container without namespaces
# and without Landlock, these permissions are all that keeps a submission's
# uid from the expected output. Used by docker/Dockerfile and tests/docker.
set -eu
: "${JUDGE_PROBLEMS:?}" "${JUDGE_CACHE:?}"
generate=1
[ "${1:-}" = --no-generate ] && generate=0

install -d -m 0700 "$JUDGE_CACHE"
if [ "$generate" = 1 ]; then
	for dir in "$JUDGE_PROBLEMS"/*/; do
		[ -f "$dir/problem.json" ] || continue
		judge generate "$(basename "$dir")"
	done
fi
chown -R root:judge "$JUDGE_PROBLEMS"
chmod -R u=rwX,g=rX,o= "$JUDGE_PROBLEMS"
chown -R root:root "$JUDGE_CACHE"
chmod 0700 "$JUDGE_CACHE"
