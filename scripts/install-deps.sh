#!/usr/bin/env bash
# Install the Debian packages listed in deps/debian-packages.txt.
# usage: scripts/install-deps.sh [build|runtime|test ...]   (default: all roles)
# Must run as root (apt-get). Packages already installed are skipped quickly.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
roles=("$@")
[ ${#roles[@]} -gt 0 ] || roles=(build runtime test)

pkgs=()
while read -r pkg role _; do
	case "$pkg" in '' | '#'*) continue ;; esac
	for r in "${roles[@]}"; do
		[ "$r" = "$role" ] && pkgs+=("$pkg")
	done
done <"$here/deps/debian-packages.txt"

missing=()
for p in "${pkgs[@]}"; do
	# nodejs may come from another source (nodesource) that also ships npm.
	if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
	if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#pkgs[@]} packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]}" >&2
	exit 2
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
