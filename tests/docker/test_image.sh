#!/usr/bin/env bash
# The image, without Docker: lays out the runtime image's files the way
# docker/Dockerfile does (`cmake --install` of the build tree with prefix
# /usr/local, docker/assemble.sh), mounts them over /usr/local in a private
# mount namespace, and drives the image's entry points there:
#
#   - docker/seal.sh as the build runs it (in a default container, see
#     default-container.sh): every problem's generated tests made, problems
#     and cache then unreadable for any other uid than root (problems: also
#     group judge);
#   - docker/entrypoint.sh: the CLI by default, judge-web when named, the
#     problems mounted at /problems.d added (copied private, an image
#     package replaced by a mounted one of the same id), a submission judged
#     AC in a default container with the pre-generated tests (nothing
#     generated again);
#   - the compose setup: judge-web as the unprivileged user judge with
#     --workers 0 answering /api/health, serving the UI, taking a submission,
#     and `judge worker --once` in a default container judging it AC.
#
# Environment (set by CTest): JUDGE_SRC (source tree), JUDGE_BUILD (the build
# tree, configured with the default prefix /usr/local), DOCKER_SECCOMP.
# Needs root, unshare and setpriv (util-linux), capsh; exits 77 without.
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

: "${JUDGE_SRC:?set JUDGE_SRC to the source tree}"
: "${JUDGE_BUILD:?set JUDGE_BUILD to the build tree}"
: "${DOCKER_SECCOMP:?set DOCKER_SECCOMP to the docker-seccomp wrapper}"
export DOCKER_SECCOMP

[ "$(id -u)" = 0 ] || skip "needs root (mount namespace, the sandbox's uids)"
for tool in unshare setpriv capsh cmake; do
	command -v "$tool" >/dev/null || skip "$tool not found"
done
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$JUDGE_BUILD/CMakeCache.txt")
[ "$prefix" = /usr/local ] || skip "the build tree's install prefix is '$prefix', the image's is /usr/local"

# --- the image's files -----------------------------------------------------------

if ! DESTDIR=$T/root cmake --install "$JUDGE_BUILD" >"$T/install.log" 2>&1; then
	fail "cmake --install: $(tail -n 5 "$T/install.log")"
	finish
fi
sh "$JUDGE_SRC/docker/assemble.sh" "$JUDGE_SRC" "$T/root" || {
	fail "docker/assemble.sh failed"
	finish
}
for f in bin/judge bin/judge-web bin/judge-entrypoint libexec/judge/judge-sandbox-keeper \
	libexec/judge/seal share/judge/languages.json share/judge/problems; do
	[ -e "$T/root/usr/local/$f" ] || fail "layout: /usr/local/$f missing"
done
UI=0
[ -f "$T/root/usr/local/share/judge/ui/index.html" ] && UI=1

# The image's user and group judge, in copies of /etc/passwd and /etc/group.
mkdir -p "$T/etc"
cp /etc/passwd "$T/etc/passwd"
cp /etc/group "$T/etc/group"
grep -q '^judge:' "$T/etc/group" || echo 'judge:x:10001:' >>"$T/etc/group"
grep -q '^judge:' "$T/etc/passwd" ||
	echo 'judge:x:10001:10001::/var/lib/judge:/usr/sbin/nologin' >>"$T/etc/passwd"
JUDGE_UID=$(awk -F: '$1 == "judge" { print $3 }' "$T/etc/passwd")
JUDGE_GID=$(awk -F: '$1 == "judge" { print $3 }' "$T/etc/group")

# in_image CMD...: CMD with the image's /usr/local and users (private mounts).
# shellcheck disable=SC2317,SC2016 # called through run; $1 is the inner shell's
in_image() {
	unshare --mount --propagation private -- bash -c '
		mount --bind "$1/root/usr/local" /usr/local &&
			mount --bind "$1/etc/passwd" /etc/passwd &&
			mount --bind "$1/etc/group" /etc/group || exit 125
		shift
		exec "$@"' in_image "$T" "$@"
}

# in_default_container CMD...: in_image, then as a default container.
# shellcheck disable=SC2317 # called through run
in_default_container() {
	in_image bash "$HERE/default-container.sh" "$@"
}

# The image's environment (docker/Dockerfile's ENV), the cache in $T.
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export JUDGE_PROBLEMS=/usr/local/share/judge/problems
export JUDGE_LANGUAGES=/usr/local/share/judge/languages.json
export JUDGE_CACHE=$T/cache
export JUDGE_PROBLEMS_D=$T/problems.d
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
chmod 1777 "$TMPDIR"
# Outside a container the entrypoint leaves cgroups alone (auto); say so.
export JUDGE_CGROUP_SETUP=0
PROBLEMS=$T/root/usr/local/share/judge/problems

# --- seal: generated tests and permissions -------------------------------------

run in_default_container /usr/local/libexec/judge/seal
expect_rc 0 "seal (generate every problem's tests, in a default container)"
[ "$RC" = 0 ] || tail -n 20 "$T/err" >&2
ngen=0
for pj in "$PROBLEMS"/*/problem.json; do
	grep -q '"generators"' "$pj" && ngen=$((ngen + 1))
done
nmade=$(find "$JUDGE_CACHE/tests" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
if [ "$nmade" = "$ngen" ]; then
	pass "generated tests of all $ngen problems with generators in the cache"
else
	fail "$nmade generated test sets in the cache, expected $ngen"
fi

# Numeric owners: this host's own files do not know the user judge.
mode_of() { stat -c '%a %u:%g' "$1"; }
expect_eq "$(mode_of "$PROBLEMS")" "750 0:$JUDGE_GID" "problems folder (root:judge)"
expect_eq "$(mode_of "$JUDGE_CACHE")" "700 0:0" "cache folder (root:root)"
ans=$(find "$PROBLEMS" -name '*.ans' -path '*/secret/*' | head -n 1)
gans=$(find "$JUDGE_CACHE/tests" -name '*.ans' | head -n 1)
for f in "$ans" "$gans"; do
	[ -n "$f" ] || continue
	if in_image setpriv --reuid 65432 --regid 65432 --clear-groups cat "$f" >/dev/null 2>&1; then
		fail "a sandbox-like uid reads $f"
	else
		pass "a sandbox-like uid cannot read ${f#"$T"/}"
	fi
done
stmt=$(find "$PROBLEMS" -name statement.md | head -n 1)
if in_image setpriv --reuid judge --regid judge --init-groups cat "$stmt" >/dev/null 2>&1; then
	pass "user judge reads the statements"
else
	fail "user judge cannot read $stmt"
fi
if [ -n "$gans" ]; then
	if in_image setpriv --reuid judge --regid judge --init-groups cat "$gans" >/dev/null 2>&1; then
		fail "user judge reads the cache"
	else
		pass "user judge cannot read the cache"
	fi
fi

# --- the entrypoint -------------------------------------------------------------------

run in_image judge-entrypoint --version
expect_rc 0 "entrypoint --version (the judge CLI by default)"
run in_image judge-entrypoint judge-web --version
expect_rc 0 "entrypoint judge-web --version"

# Mounted problems: a package of its own and a set replacing an image package.
mkdir -p "$JUDGE_PROBLEMS_D/set"
cp -R "$HERE/fixtures/add-one" "$JUDGE_PROBLEMS_D/add-one"
chmod -R a+rX "$JUDGE_PROBLEMS_D"
replaced=$(basename "$(dirname "$stmt")")
cp -R "$PROBLEMS/$replaced" "$JUDGE_PROBLEMS_D/set/$replaced"
sed -i 's/"title": *"[^"]*"/"title": "Replaced by a mounted package"/' \
	"$JUDGE_PROBLEMS_D/set/$replaced/problem.json"
chmod -R a+rX "$JUDGE_PROBLEMS_D"

run in_image judge-entrypoint list --json
expect_rc 0 "entrypoint list with /problems.d"
nimage=$(find "$PROBLEMS" -mindepth 2 -maxdepth 2 -name problem.json | wc -l)
expect_json "len(d[\"problems\"] if isinstance(d, dict) else d) == $nimage + 1" \
	"list: the image's $nimage problems and the mounted add-one"
if grep -q 'Replaced by a mounted package' "$T/out"; then
	pass "a mounted package replaces the image's $replaced"
else
	fail "the mounted $replaced did not replace the image's: $(head -c 400 "$T/out")"
fi
if grep -q "problem $replaced from .* replaces the image's" "$T/err"; then
	pass "the replacement is announced"
else
	fail "no notice of the replacement: $(head -c 300 "$T/err")"
fi
merged=$(find "$TMPDIR" -maxdepth 1 -name 'judge-problems.*' | head -n 1)
if [ -n "$merged" ] && [ "$(stat -c %a "$merged/add-one")" = 700 ] &&
	[ "$(stat -c %a "$merged/add-one/data/secret/main/large.ans")" = 600 ]; then
	pass "mounted packages are copied private (700/600)"
else
	fail "mounted packages are not private: $(find "$merged" -maxdepth 1 -printf '%m %p\n' 2>&1 | head -n 8)"
fi

run in_default_container judge-entrypoint submit add-one \
	"$HERE/fixtures/add-one/submissions/accepted/add_one.c" --json
expect_rc 0 "submit a mounted problem through the entrypoint, default container"
expect_json 'd["verdict"] == "AC" and d["isolation"]["level"] == "no-namespaces"' \
	"mounted add-one: AC, no-namespaces"

# A generated problem: judged with the tests seal made, none made again.
gen=""
for pj in "$PROBLEMS"/*/problem.json; do
	grep -q '"generators"' "$pj" || continue
	d=$(dirname "$pj")
	[ "$(basename "$d")" = "$replaced" ] && continue
	sol=$(find "$d/submissions/accepted" -name '*.c' | head -n 1)
	[ -n "$sol" ] && gen=$(basename "$d") && break
done
if [ -n "$gen" ]; then
	before=$(find "$JUDGE_CACHE/tests" | sort | md5sum)
	cp "$sol" "$T/sol.c"
	run in_default_container judge-entrypoint submit "$gen" "$T/sol.c" --json
	expect_rc 0 "submit $gen's reference solution, default container"
	expect_json 'd["verdict"] == "AC"' "$gen: AC"
	after=$(find "$JUDGE_CACHE/tests" | sort | md5sum)
	expect_eq "$after" "$before" "$gen: judged with the pre-generated tests (cache unchanged)"
fi

# --- entrypoint: cgroup v2 delegation, on a fake cgroup tree ---------------------------
# (The real one needs a container with a writable cgroup v2; this checks what
# the entrypoint writes where.)

fake=$T/cgfs
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
[ "$own" = / ] && own=
group=$fake$own
mkdir -p "$group"
echo "cpuset cpu io memory pids" >"$group/cgroup.controllers"
printf '101\n102\n' >"$group/cgroup.procs"
: >"$group/cgroup.subtree_control"

if [ -e /.dockerenv ] || [ -e /run/.containerenv ] || [ -n "${container:-}" ]; then
	echo "note: this machine is itself a container; JUDGE_CGROUP_SETUP=auto not checked"
else
	JUDGE_CGROUP_SETUP=auto JUDGE_CGROUP_FS=$fake run in_image judge-entrypoint --version
	if [ ! -e "$group/init" ] && [ ! -e "$group/judge" ]; then
		pass "cgroup: left alone outside a container (JUDGE_CGROUP_SETUP=auto)"
	else
		fail "cgroup: the entrypoint reorganised cgroups outside a container"
	fi
fi
# In a reproduced default container the real cgroups are read-only, so the
# sandbox's notes name the group it was given.
JUDGE_CGROUP_SETUP=1 JUDGE_CGROUP_FS=$fake run in_default_container judge-entrypoint box --json -- /bin/true
expect_eq "$(cat "$group/init/cgroup.procs" 2>&1)" 102 "cgroup: the group's processes moved into init"
expect_eq "$(cat "$group/cgroup.subtree_control")" "+memory +pids" "cgroup: memory and pids enabled"
if [ -d "$group/judge" ] && grep -q "cgroup v2 at $group/judge " "$T/out"; then
	pass "cgroup: JUDGE_CGROUP_ROOT is the empty sibling judge"
else
	fail "cgroup: JUDGE_CGROUP_ROOT not $group/judge: $(grep -o '"notes".*' "$T/out" | head -c 400)"
fi
echo "cpu io" >"$group/cgroup.controllers"
rm -rf "${group:?}/init" "${group:?}/judge"
JUDGE_CGROUP_SETUP=1 JUDGE_CGROUP_FS=$fake run in_image judge-entrypoint --version
if [ "$RC" = 0 ] && grep -q "lacks the memory and pids controllers" "$T/err" && [ ! -e "$group/judge" ]; then
	pass "cgroup: without memory and pids the entrypoint says so and goes on"
else
	fail "cgroup: without the controllers: exit $RC, $(head -c 300 "$T/err")"
fi

# --- compose: judge-web as user judge, a worker in a default container ----------------

install -d -o "$JUDGE_UID" -g "$JUDGE_GID" -m 0700 "$T/web" "$T/token"
in_image setpriv --reuid judge --regid judge --init-groups \
	env HOME="$T/web" judge-entrypoint judge-web --listen 127.0.0.1:0 --db "$T/web/web.db" \
	--token-file "$T/token/token" --workers 0 >"$T/web.out" 2>"$T/web.err" &
CLEANUP_PIDS="$CLEANUP_PIDS $!"
url=""
for _ in $(seq 100); do
	url=$(sed -n 's/^judge-web: listening on \(http:[^ ]*\)$/\1/p' "$T/web.out" | head -n 1)
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -z "$url" ]; then
	fail "judge-web (user judge) did not start: $(head -c 600 "$T/web.err")"
	finish
fi
pass "judge-web runs as user judge at $url"

# http METHOD PATH [JSON]: the body in $T/out; RC 0 for a 2xx or 3xx status.
http() {
	"$PYTHON" - "$1" "$url${2#/}" "${3:-}" >"$T/out" 2>"$T/err" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"} if body else {})
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        code, text = r.status, r.read().decode()
except urllib.error.HTTPError as e:
    code, text = e.code, e.read().decode()
print(text)
sys.exit(0 if code < 400 else 1)
PY
	RC=$?
}

http GET /api/health
expect_rc 0 "GET /api/health"
expect_json "d[\"ok\"] is True and d[\"problems\"] == $nimage + 1" "health: ok, with the mounted problem"
if [ "$UI" = 1 ]; then
	http GET /
	if [ "$RC" = 0 ] && grep -qi '<html' "$T/out"; then
		pass "the UI is served"
	else
		fail "GET /: $(head -c 200 "$T/out")"
	fi
fi
expect_eq "$(stat -c '%a %u' "$T/token/token" 2>&1)" "600 $JUDGE_UID" "the token judge-web created (0600, user judge)"

body=$("$PYTHON" -c 'import json, sys; print(json.dumps({"problem": "add-one", "language": "c", "mode": "submit", "source": open(sys.argv[1]).read()}))' \
	"$HERE/fixtures/add-one/submissions/accepted/add_one.c")
http POST /api/submissions "$body"
expect_rc 0 "POST /api/submissions"
id=$(jget "$T/out" 'd["id"]' 2>/dev/null)

run in_default_container judge-entrypoint worker --server "$url" --token-file "$T/token/token" --once
expect_rc 0 "judge worker --once, default container"
http GET "/api/submissions/$id"
expect_json 'd["status"] == "done" and d["verdict"] == "AC" and d["result"]["isolation"]["level"] == "no-namespaces"' \
	"the worker's result: AC at no-namespaces"

finish
