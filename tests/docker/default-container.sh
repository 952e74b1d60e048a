#!/usr/bin/env bash
# Runs a command on this host the way a process sees the machine inside a
# default `docker run` (no --privileged, no --cap-add, default seccomp and
# cgroup mounts), so the sandbox's `no-namespaces` level can be tested
# without a Docker engine:
#
#   1. a private mount namespace in which every cgroup mount under
#      /sys/fs/cgroup is read-only (Docker mounts them read-only);
#   2. the namespace rules of Docker's default seccomp profile
#      (docker-seccomp: unshare, setns, mount... EPERM; clone with CLONE_NEW*
#      EPERM; clone3 ENOSYS), loaded while CAP_SYS_ADMIN is still held, as
#      runc does;
#   3. Docker's default capability set, nothing more: CHOWN, DAC_OVERRIDE,
#      FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP,
#      NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE (capsh drops the rest
#      from the bounding set, so the command, run as root, gets only those).
#
# usage: DOCKER_SECCOMP=PATH tests/docker/default-container.sh CMD [ARGS...]
# Needs root, unshare (util-linux) and capsh (libcap2-bin). Exit 125 when the
# container cannot be set up, else the command's status.
set -euo pipefail

# Docker's default capabilities (moby oci/caps/defaults.go) as a bit mask.
DOCKER_CAPS=0xa80425fb

die() {
	echo "default-container: $*" >&2
	exit 125
}

: "${DOCKER_SECCOMP:?set DOCKER_SECCOMP to the docker-seccomp wrapper (built by CMake)}"
[ $# -gt 0 ] || die "usage: default-container.sh CMD [ARGS...]"

if [ "$1" != --inside ]; then
	[ "$(id -u)" = 0 ] || die "needs root"
	command -v unshare >/dev/null || die "unshare (util-linux) not found"
	command -v capsh >/dev/null || die "capsh (libcap2-bin) not found"
	[ -x "$DOCKER_SECCOMP" ] || die "$DOCKER_SECCOMP is not executable"
	exec unshare --mount --propagation private -- bash "$0" --inside "$@"
fi
shift

# 1. cgroups read-only, in this mount namespace only: a bind remount changes
# the mount's flags, not the cgroup file system's.
mounts=$(awk '$5 ~ "^/sys/fs/cgroup(/|$)" { print $5 }' /proc/self/mountinfo)
for m in $mounts; do
	mount -o remount,bind,ro "$m" || die "cannot remount $m read-only"
done

# 3. the capabilities to drop: every one the kernel knows but Docker's.
last=$(cat /proc/sys/kernel/cap_last_cap)
drop=
for ((i = 0; i <= last; i++)); do
	if (((DOCKER_CAPS >> i) & 1)); then
		continue
	fi
	drop+=${drop:+,}$i
done

# 2 then 3: the filter first (loading it without no_new_privs needs
# CAP_SYS_ADMIN), then capsh drops the capabilities and execs the command.
# shellcheck disable=SC2016 # $0 and $@ are for the inner shell
exec "$DOCKER_SECCOMP" capsh --drop="$drop" -- -c 'exec "$0" "$@"' "$@"
