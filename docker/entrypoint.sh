#!/bin/sh
# judge-entrypoint -- the entrypoint of the judge image (docker/Dockerfile).
#
#   judge-entrypoint [judge|judge-web] ARGS...
#
# Runs `judge ARGS...` (or judge-web, or judge, when named first) after two
# preparations, both of which do nothing when they do not apply:
#
# 1. Problems. The image's packages are in $JUDGE_PROBLEMS
#    (/usr/local/share/judge/problems). Packages mounted under
#    $JUDGE_PROBLEMS_D (/problems.d) are added: /problems.d/<id>/problem.json
#    (one package per mount) or /problems.d/<set>/<id>/problem.json (a folder
#    of packages). They are copied into a private directory readable by this
#    container's user only (the answers stay out of the sandbox's reach
#    whatever their permissions on the host), the image's packages are linked
#    beside them (a mounted package replaces an image package of the same id),
#    and JUDGE_PROBLEMS points there. `--problems DIR` on the command line
#    still wins over all of this.
#
# 2. cgroup v2 delegation (full isolation only). The sandbox needs a cgroup
#    in which it may enable the memory and pids controllers for its runs'
#    groups; the kernel refuses that in a group that holds processes. Inside
#    a container with a writable cgroup (the full-isolation run mode, see
#    docs/docker.md) and run as root, this moves every process of the
#    container's group into a leaf "init", enables memory and pids, creates an
#    empty sibling "judge" for the sandbox and exports JUDGE_CGROUP_ROOT, as
#    docker-in-docker's init does. A read-only cgroup mount (a default
#    container) is made writable only when CAP_SYS_ADMIN allows it; otherwise
#    the sandbox runs without cgroups and says so in the result's isolation.
#
# Environment: JUDGE_PROBLEMS, JUDGE_PROBLEMS_D, JUDGE_CGROUP_ROOT (set: step 2
# is skipped), JUDGE_CGROUP_SETUP (auto: only inside a container, the
# default; 0: never; 1: also outside one), JUDGE_CGROUP_FS (/sys/fs/cgroup).
set -eu

say() {
	echo "judge-entrypoint: $*" >&2
}

# --- 1. problems ---------------------------------------------------------------

# is_package DIR: DIR holds a problem package.
is_package() {
	[ -f "$1/problem.json" ]
}

merge_problems() {
	base=${JUDGE_PROBLEMS:-/usr/local/share/judge/problems}
	extra=${JUDGE_PROBLEMS_D:-/problems.d}
	found=0
	for d in "$extra"/*/ "$extra"/*/*/; do
		d=${d%/}
		if is_package "$d"; then
			found=1
			break
		fi
	done
	[ "$found" = 1 ] || return 0

	merged=$(mktemp -d "${TMPDIR:-/tmp}/judge-problems.XXXXXX")
	chmod 0700 "$merged"
	for d in "$base"/*/; do
		d=${d%/}
		is_package "$d" && ln -s "$d" "$merged/${d##*/}"
	done
	for d in "$extra"/*/ "$extra"/*/*/; do
		d=${d%/}
		is_package "$d" || continue
		id=${d##*/}
		if [ -L "$merged/$id" ]; then
			say "problem $id from $d replaces the image's"
			rm -f "$merged/$id"
		elif [ -e "$merged/$id" ]; then
			say "problem $id: $d ignored, another mounted package has that id"
			continue
		fi
		if ! cp -R "$d" "$merged/$id"; then
			say "cannot copy $d (is it readable by uid $(id -u)?)"
			rm -rf "${merged:?}/$id"
			continue
		fi
		chmod -R go-rwx "$merged/$id"
	done
	JUDGE_PROBLEMS=$merged
	export JUDGE_PROBLEMS
}

# --- 2. cgroup v2 delegation ---------------------------------------------------------

in_container() {
	[ -f /.dockerenv ] || [ -f /run/.containerenv ] || [ -n "${container:-}" ]
}

setup_cgroup() {
	fs=${JUDGE_CGROUP_FS:-/sys/fs/cgroup}
	case ${JUDGE_CGROUP_SETUP:-auto} in
	0) return 0 ;;
	1) ;;
	*) in_container || return 0 ;;
	esac
	[ -z "${JUDGE_CGROUP_ROOT:-}" ] || return 0
	[ "$(id -u)" = 0 ] || return 0
	[ -f "$fs/cgroup.controllers" ] || return 0 # not cgroup v2: nothing to do
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	[ -n "$own" ] || return 0
	[ "$own" = / ] && own=
	group=$fs$own
	[ -d "$group" ] || return 0

	if [ ! -w "$group/cgroup.procs" ]; then
		# Docker mounts the cgroup file system read-only; with CAP_SYS_ADMIN
		# (full isolation) it can be made writable, else leave it be.
		mount -o remount,bind,rw "$fs" 2>/dev/null ||
			mount -o remount,rw "$fs" 2>/dev/null || return 0
		[ -w "$group/cgroup.procs" ] || return 0
	fi
	if ! grep -qw memory "$group/cgroup.controllers" ||
		! grep -qw pids "$group/cgroup.controllers"; then
		say "cgroup $group lacks the memory and pids controllers: the sandbox runs without cgroups"
		return 0
	fi

	mkdir -p "$group/init" "$group/judge"
	# Move every process (this one included) out of the group, so that it may
	# delegate controllers; processes may appear meanwhile: a few rounds.
	for _ in 1 2 3 4 5; do
		moved=0
		while read -r pid; do
			echo "$pid" >"$group/init/cgroup.procs" 2>/dev/null && moved=1
		done <"$group/cgroup.procs"
		[ "$moved" = 1 ] || break
	done
	if ! echo "+memory +pids" >"$group/cgroup.subtree_control" 2>/dev/null; then
		say "cannot enable memory and pids in $group: the sandbox runs without cgroups"
		return 0
	fi
	JUDGE_CGROUP_ROOT=$group/judge
	export JUDGE_CGROUP_ROOT
}

merge_problems
setup_cgroup

case ${1:-} in
judge | judge-web)
	cmd=$1
	shift
	exec "$cmd" "$@"
	;;
*)
	exec judge "$@"
	;;
esac
