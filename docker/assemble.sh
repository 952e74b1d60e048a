#!/bin/sh
# assemble.sh SRC DEST -- completes an installed tree for the image: after
# `DESTDIR=DEST cmake --install BUILD` (judge, judge-web, the keeper, the UI)
# adds what CMake does not install: the problem packages, the entrypoint and
# seal.sh, at the paths the installed binaries look for
# them (prefix /usr/local). Used by docker/Dockerfile and tests/docker.
set -eu
[ $# = 2 ] || {
	echo "usage: assemble.sh SRC DEST" >&2
	exit 2
}
src=$1
dest=$2
share=$dest/usr/local/share/judge

mkdir -p "$share/problems"
cp -R "$src/problems/." "$share/problems/"
install -D -m 0755 "$src/docker/entrypoint.sh" "$dest/usr/local/bin/judge-entrypoint"
install -D -m 0755 "$src/docker/seal.sh" "$dest/usr/local/libexec/judge/seal"
