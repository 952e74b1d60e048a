#!/usr/bin/env python3
"""One source of truth for Debian packages: deps/debian-packages.txt.

Checks that the Dockerfile, the scripts, CMake and the code rely only on
packages that list names, each with a role that gets it installed where it
is needed (build: the image's build stage; runtime: both stages; test: CI
only), and that every installer goes through scripts/install-deps.sh.
Files are mapped to packages with dpkg on this (Debian 12) machine.

usage: deps_consistency.py SRC [--list FILE] [--dockerfile FILE]
                           [--binary FILE]...
Exit 0: consistent; 1: a divergence (each printed as FAIL); 77: no dpkg.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys

ROLES = ("build", "runtime", "test")
# Base images the Dockerfile may start from: debian:12-slim only (both stages;
# the build stage gets Debian's node and npm from the list).
BASES = {"debian:12-slim": "any"}
STD_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
# Tools the tests and benchmarks run that no `command -v` names.
TEST_TOOLS = ["bwrap", "wrk", "hyperfine", "chromium", "capsh", "unshare", "setpriv",
              "curl", "sqlite3", "script", "gcc", "python3"]

# Shell words and this project's own programs, not packages.
SHELL_WORDS = {"if", "then", "else", "fi", "for", "do", "done", "test", "set", "cd", "export",
               "true", "false", "echo", "exit", "scripts", "docker"}
OWN_PROGRAMS = {"judge", "judge-web", "judge-entrypoint", "judge-sandbox-keeper"}
# What the image's own scripts run (the runtime stage must have them).
IMAGE_SCRIPT_TOOLS = {
    "docker/entrypoint.sh": ["sh", "mount", "sed", "grep", "mktemp", "cp", "chmod", "ln", "rm",
                             "id"],
    "docker/seal.sh": ["sh", "install", "chown", "chmod", "basename"],
    "docker/Dockerfile (runtime)": ["bash", "useradd"],
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def sh(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stdout


# --- the list --------------------------------------------------------------------

def read_list(path):
    roles = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or parts[1] not in ROLES:
                fail(f"{path}:{n}: '{line}': want 'PACKAGE ROLE' with ROLE one of {ROLES}")
                continue
            if parts[0] in roles:
                fail(f"{path}:{n}: {parts[0]} listed twice")
            roles[parts[0]] = parts[1]
    return roles


# --- dpkg --------------------------------------------------------------------------

_status = None


def dpkg_status():
    """package -> (essential, priority, [dependencies]) of installed packages."""
    global _status
    if _status is None:
        _status = {}
        _, out = sh("dpkg-query", "-W", "-f",
                    "${Package}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Status}\n")
        for line in out.splitlines():
            pkg, ess, prio, deps, status = (line.split("\t") + [""] * 5)[:5]
            if not status.endswith(" installed"):
                continue
            names = set()
            for alt in deps.split(","):
                for d in alt.split("|"):
                    d = d.strip().split(" ")[0].split(":")[0]
                    if d:
                        names.add(d)
            _status[pkg] = (ess == "yes", prio, names)
    return _status


def base_packages():
    """What a debian:12-slim image has: essential and required packages and
    what they depend on."""
    st = dpkg_status()
    base = {p for p, (ess, prio, _) in st.items() if ess or prio == "required"}
    for p in list(base):
        base |= st[p][2]
    return base


_index = None


def file_index():
    """path -> package, from dpkg's file lists (one read instead of a
    dpkg-query -S per path)."""
    global _index
    if _index is None:
        _index = {}
        for lst in glob.glob("/var/lib/dpkg/info/*.list"):
            pkg = os.path.basename(lst)[:-5].split(":")[0]
            with open(lst, errors="replace") as f:
                for line in f:
                    _index.setdefault(line.rstrip("\n"), pkg)
    return _index


def owner(path):
    """The installed package that ships path (usrmerge-aware), or None."""
    cands = [path]
    for a, b in (("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/"), ("/usr/lib/", "/lib/")):
        if path.startswith(a):
            cands.append(b + path[len(a):])
        elif path.startswith(b):
            cands.append(a + path[len(b):])
    real = os.path.realpath(path)
    if real != path:
        cands += [real]
    idx = file_index()
    for c in cands:
        if c in idx and not os.path.isdir(c):
            return idx[c]
    for c in cands:
        rc, out = sh("dpkg-query", "-S", c)
        # "pkg[:arch][, pkg2]: path" lines, and "diversion by ..." lines
        lines = [l for l in out.splitlines() if ": " in l and not l.startswith("diversion by")]
        if rc == 0 and lines:
            pkgs = lines[0][: lines[0].rindex(": ")]
            return pkgs.split(",")[0].strip().split(":")[0]
    return None


def satisfied(pkg, roles, allowed):
    """How pkg gets installed with one of the allowed roles: 'listed',
    'via X' (a dependency of listed X), 'base', or None."""
    if roles.get(pkg) in allowed:
        return "listed as " + roles[pkg]
    if pkg in base_packages():
        return "in the base image"
    st = dpkg_status()
    for listed, role in roles.items():
        if role in allowed and listed in st and pkg in st[listed][2]:
            return f"via {listed} ({role})"
    return None


_checked = set()


def need_file(what, path, roles, allowed):
    if (what, path) in _checked:
        return
    _checked.add((what, path))
    pkg = owner(path)
    if pkg is None:
        fail(f"{what}: {path} belongs to no installed package (install-deps.sh not run?)")
        return
    how = satisfied(pkg, roles, allowed)
    if how:
        ok(f"{what}: {path} from {pkg}, {how}")
    elif pkg in roles:
        fail(f"{what}: {path} comes from {pkg}, listed as {roles[pkg]}, needed as {'/'.join(allowed)}")
    else:
        fail(f"{what}: {path} comes from {pkg}, which deps/debian-packages.txt does not list "
             f"(role {'/'.join(allowed)})")


def need_tool(what, name, roles, allowed):
    path = shutil.which(name, path=STD_PATH)
    if path is None:
        fail(f"{what}: '{name}' is not installed here: list its package "
             f"(role {'/'.join(allowed)}) and run scripts/install-deps.sh")
        return
    need_file(what, path, roles, allowed)


# --- the Dockerfile ---------------------------------------------------------------

def dockerfile_instructions(path):
    """(line number, INSTRUCTION, arguments) with continuations joined."""
    out, buf, start = [], "", 0
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not buf and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if buf and line.lstrip().startswith("#"):
                continue
            if not buf:
                start = n
            if line.endswith("\\"):
                buf += line[:-1] + " "
                continue
            buf += line
            word, _, rest = buf.strip().partition(" ")
            out.append((start, word.upper(), rest.strip()))
            buf = ""
    return out


def dockerignore(src):
    pats = []
    p = os.path.join(src, ".dockerignore")
    if os.path.exists(p):
        with open(p) as f:
            pats = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    return pats


def ignored(rel, pats):
    import fnmatch
    parts = rel.strip("/").split("/")
    for pat in pats:
        pat = pat.strip("/")
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatch(prefix, pat) or (pat.startswith("**/") and
                                                fnmatch.fnmatch(parts[i - 1], pat[3:])):
                return True
    return False


INSTALLERS = re.compile(r"\b(apt-get|apt|aptitude)\s+(-\S+\s+)*install\b|\bdpkg\s+-i\b|"
                        r"\bpip3?\s+install\b|\bnpm\s+(install|i)\s+-g\b|\bcurl\b[^|]*\|\s*(ba)?sh")


def check_dockerfile(src, path, roles):
    ins = dockerfile_instructions(path)
    pats = dockerignore(src)
    stages, cur = [], None
    for n, word, args in ins:
        if word == "FROM":
            toks = args.split()
            toks = [t for t in toks if not t.startswith("--")]
            image = toks[0]
            alias = toks[2] if len(toks) >= 3 and toks[1].lower() == "as" else None
            base = image.split("@")[0]
            cur = {"line": n, "image": base, "alias": alias, "copies": [], "deps": [],
                   "runs": []}
            stages.append(cur)
            if base not in BASES and base not in {s["alias"] for s in stages[:-1]}:
                fail(f"Dockerfile:{n}: FROM {image}: expected one of {sorted(BASES)} (pinned tags)")
        elif word in ("COPY", "ADD"):
            toks = args.split()
            frm = [t for t in toks if t.startswith("--from")]
            toks = [t for t in toks if not t.startswith("--")]
            if word == "ADD":
                fail(f"Dockerfile:{n}: ADD: use COPY")
            if frm:
                continue
            for s in toks[:-1]:
                cur["copies"].append(s)
                matches = glob.glob(os.path.join(src, s))
                if not matches:
                    fail(f"Dockerfile:{n}: COPY source {s} does not exist")
                elif ignored(s, pats):
                    fail(f"Dockerfile:{n}: COPY source {s} is excluded by .dockerignore")
        elif word == "RUN":
            cur["runs"].append((n, args))
            if INSTALLERS.search(args):
                fail(f"Dockerfile:{n}: installs packages itself: use scripts/install-deps.sh")
            for m in re.finditer(r"install-deps\.sh((?:\s+(?:build|runtime|test))*)", args):
                cur["deps"].append((n, m.group(1).split()))
    if len(stages) < 2:
        fail("Dockerfile: expected a build stage and a runtime stage")
        return
    runtime = stages[-1]
    if runtime["image"] != "debian:12-slim":
        fail(f"Dockerfile:{runtime['line']}: the runtime stage must be debian:12-slim")
    for st in stages:
        want = ["runtime"] if st is runtime else ["build", "runtime"]
        if BASES.get(st["image"]) is None:
            continue  # FROM an earlier stage
        if not st["deps"]:
            fail(f"Dockerfile:{st['line']}: stage {st['alias']} does not run scripts/install-deps.sh")
        for n, got in st["deps"]:
            if sorted(got) != sorted(want):
                fail(f"Dockerfile:{n}: install-deps.sh {' '.join(got)}: want {' '.join(want)}")
            else:
                ok(f"Dockerfile:{n}: stage {st['alias']} installs roles {' '.join(got)}")
        for f in ("deps/debian-packages.txt", "scripts/install-deps.sh"):
            if f not in st["copies"]:
                fail(f"Dockerfile: stage {st['alias']} does not COPY {f}")
    # Tools the RUN lines call: installed by their stage (or the base image).
    for st in stages:
        allowed = ("runtime",) if st is runtime else ("build", "runtime")
        for n, args in st["runs"]:
            for m in re.finditer(r"(?:^|&&|\|\||;|\bthen\b|\belse\b|\|)\s*([a-z][\w.+-]*)", args):
                tool = m.group(1)
                if tool in SHELL_WORDS or tool in OWN_PROGRAMS:
                    continue
                need_tool(f"Dockerfile:{n} ({st['alias']} stage)", tool, roles, allowed)
    # What the image's scripts run, in the runtime stage.
    for script, tools in IMAGE_SCRIPT_TOOLS.items():
        for tool in tools:
            need_tool(script, tool, roles, ("runtime",))


# --- CMake -------------------------------------------------------------------------------

def cmake_files(src):
    for root, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in (".git", "node_modules") and not d.startswith("build")]
        for f in files:
            if f == "CMakeLists.txt" or f.endswith(".cmake"):
                yield os.path.join(root, f)


def check_cmake(src, roles):
    for path in cmake_files(src):
        rel = os.path.relpath(path, src)
        text = open(path).read()
        text = re.sub(r"#[^\n]*", "", text)
        for_tests = rel.startswith(("tests/", "bench/"))
        for m in re.finditer(r"pkg_check_modules\s*\(([^)]*)\)", text):
            toks = m.group(1).split()[1:]
            mods = [t for t in toks if t not in ("REQUIRED", "QUIET", "IMPORTED_TARGET", "GLOBAL",
                                                 "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH")]
            for mod in mods:
                mod = re.split(r"[<>=]", mod)[0]
                rc, out = sh("pkg-config", "--variable=pcfiledir", mod)
                pc = os.path.join(out.strip(), mod + ".pc") if rc == 0 else None
                if not pc or not os.path.exists(pc):
                    fail(f"{rel}: pkg_check_modules({mod}): no {mod}.pc here: list its -dev package as build")
                    continue
                pkg = owner(pc)
                if pkg and roles.get(pkg) == "build":
                    ok(f"{rel}: pkg_check_modules({mod}): {pkg}, listed as build")
                elif pkg:
                    fail(f"{rel}: pkg_check_modules({mod}): {pkg} must be listed as build "
                         f"(is {roles.get(pkg, 'not listed')})")
                else:
                    fail(f"{rel}: {pc} belongs to no package")
        for m in re.finditer(r"find_program\s*\(\s*\w+\s+([^)]*)\)", text):
            toks = m.group(1).split()
            names = toks[1:toks.index("PATHS")] if "NAMES" in toks and "PATHS" in toks else (
                toks[toks.index("NAMES") + 1:] if "NAMES" in toks else toks[:1])
            names = [t for t in names if t.isupper() is False and not t.startswith("$")]
            found = [n for n in names if shutil.which(n, path=STD_PATH)]
            if not found:
                fail(f"{rel}: find_program({' '.join(names)}): none installed here")
                continue
            need_tool(f"{rel}: find_program", found[0], roles,
                      ROLES if for_tests else ("build", "runtime"))
    for tool in ("cmake", "pkg-config", "make"):
        need_tool("the build", tool, roles, ("build",))


# --- what the code runs ---------------------------------------------------------------------

def check_languages(src, roles):
    path = os.path.join(src, "judge", "languages.json")
    langs = json.load(open(path))
    for lid, lang in langs.items():
        cmds = []
        for key, val in lang.items():
            if key in ("compile", "harness_compile"):
                cmds += val
            elif key in ("run", "harness_run", "version"):
                cmds.append(val)
        for cmd in cmds:
            if cmd and cmd[0].startswith("/"):
                need_file(f"languages.json {lid}", cmd[0], roles, ("runtime",))
        for pkg in lang.get("packages", "").split():
            if roles.get(pkg) == "runtime":
                ok(f"languages.json {lid}: package {pkg} listed as runtime")
            else:
                fail(f"languages.json {lid}: package {pkg} must be listed as runtime "
                     f"(is {roles.get(pkg, 'not listed')})")


def check_code_execs(src, roles):
    pat = re.compile(r'"(/(?:usr/)?s?bin/[A-Za-z0-9_.+-]+)"')
    seen = set()
    for d in ("sandbox", "judge", "web"):
        for path in glob.glob(os.path.join(src, d, "*.[ch]")):
            for m in pat.finditer(open(path, errors="replace").read()):
                if m.group(1) not in seen:
                    seen.add(m.group(1))
                    need_file(f"{os.path.relpath(path, src)}", m.group(1), roles, ("runtime",))


def script_files(src):
    for d in ("tests", "bench", "scripts", ".ci", "docker"):
        for root, dirs, files in os.walk(os.path.join(src, d)):
            dirs[:] = [x for x in dirs if x != "node_modules"]
            for f in files:
                p = os.path.join(root, f)
                if f.endswith((".sh", ".mjs", ".js", ".py")) or (
                        os.access(p, os.X_OK) and open(p, "rb").read(2) == b"#!"):
                    yield p


def check_test_tools(src, roles):
    tools = set(TEST_TOOLS)
    text_all = ""
    for p in script_files(src):
        text = open(p, errors="replace").read()
        text_all += text
        tools |= set(re.findall(r"command -v \"?([a-z][\w.+-]*)", text))
        for m in re.finditer(r"['\"](/usr/s?bin/[A-Za-z0-9_.+-]+)['\"]", text):
            tools.add(m.group(1))
        for m in re.finditer(r"for tool in ([a-z0-9 .+-]+); do", text):
            tools |= set(m.group(1).split())
    for t in sorted(tools):
        if t.startswith("/"):
            need_file("tests/bench", t, roles, ROLES)
        else:
            need_tool("tests/bench", t, roles, ROLES)


def check_binaries(binaries, roles):
    for b in binaries:
        if not os.path.exists(b):
            continue
        rc, out = sh("readelf", "-d", b)
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
        rc, ld = sh("ldconfig", "-p")
        for so in needed:
            if re.match(r"lib(asan|ubsan|lsan|tsan)\.", so):
                continue  # a sanitizer build's runtime, never in the image
            m = re.search(r"^\s*" + re.escape(so) + r" \(libc[^)]*x86-64[^)]*\) => (\S+)", ld, re.M) or \
                re.search(r"^\s*" + re.escape(so) + r" \([^)]*\) => (\S+)", ld, re.M)
            if not m:
                fail(f"{os.path.basename(b)}: {so} not found by ldconfig")
                continue
            need_file(f"{os.path.basename(b)} needs {so}", m.group(1), roles, ("runtime",))


# --- the entry points ------------------------------------------------------------------

def check_entry_points(src):
    def has(rel, pattern, what):
        p = os.path.join(src, rel)
        if not os.path.exists(p):
            fail(f"{rel} is missing")
        elif re.search(pattern, open(p).read(), re.M):
            ok(f"{rel}: {what}")
        else:
            fail(f"{rel}: {what}: not found")
    has(".ci/run", r"scripts/test\.sh", "runs scripts/test.sh")
    has("scripts/test.sh", r"install-deps\.sh\"?\s*$", "installs every role through install-deps.sh")
    has("README.md", r"scripts/install-deps\.sh", "the setup command is scripts/install-deps.sh")
    has("scripts/install-deps.sh", r"deps/debian-packages\.txt", "reads deps/debian-packages.txt")
    for rel in ("scripts/test.sh", "scripts/quickstart.sh", ".ci/run", "scripts/install-deps.sh"):
        p = os.path.join(src, rel)
        if os.path.exists(p):
            body = re.sub(r"^\s*#.*$", "", open(p).read(), flags=re.M)
            body = body.replace('apt-get install -y -qq --no-install-recommends "${missing[@]}"', "")
            if INSTALLERS.search(body):
                fail(f"{rel}: installs packages outside install-deps.sh")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("--list")
    ap.add_argument("--dockerfile")
    ap.add_argument("--binary", action="append", default=[])
    a = ap.parse_args()
    if not shutil.which("dpkg-query"):
        print("SKIP: needs dpkg (a Debian system)", file=sys.stderr)
        return 77
    roles = read_list(a.list or os.path.join(a.src, "deps", "debian-packages.txt"))
    st = dpkg_status()
    for pkg in roles:
        if pkg not in st:
            rc, _ = sh("apt-cache", "show", pkg)
            if rc != 0:
                fail(f"deps/debian-packages.txt: {pkg}: no such package")
    check_dockerfile(a.src, a.dockerfile or os.path.join(a.src, "docker", "Dockerfile"), roles)
    check_cmake(a.src, roles)
    check_languages(a.src, roles)
    check_code_execs(a.src, roles)
    check_test_tools(a.src, roles)
    check_binaries(a.binary, roles)
    check_entry_points(a.src)
    print(f"{len(failures)} divergence(s)" if failures else "consistent")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
