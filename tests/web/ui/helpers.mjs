// Shared pieces of the browser tests: start the real judge-web on a free
// port with a temporary database and problem folder, drive Debian's
// chromium through playwright-core, and fail on any page error.
//
// playwright-core comes from web/ui/node_modules (a devDependency there):
// these tests need the built UI anyway, and so that install.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const buildDir = path.resolve(repoRoot, process.env.JUDGE_BUILD_DIR || 'build');
export const serverBin = path.join(buildDir, 'judge-web');
export const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = path.join(buildDir, 'screenshots');
export const PROBLEM = 'expression-evaluator';
const problemSrc = path.join(repoRoot, 'problems', PROBLEM);

let playwright = null;
try {
  playwright = createRequire(path.join(repoRoot, 'web/ui/package.json'))('playwright-core');
} catch {
  // reported by skipReason()
}

/** Why these tests cannot run here, or '' when they can. */
export function skipReason() {
  if (!playwright) return 'playwright-core is missing: run `npm ci --ignore-scripts` in web/ui';
  if (!fs.existsSync(serverBin)) return `${serverBin} is not built (set JUDGE_BUILD_DIR)`;
  // judge-web serves <build>/web/ui/dist (what CMake builds), else web/ui/dist.
  if (![buildDir, repoRoot].some((d) => fs.existsSync(path.join(d, 'web/ui/dist/index.html')))) {
    return 'the UI is not built: cmake --build build --target ui';
  }
  if (!fs.existsSync(chromiumBin)) return `${chromiumBin} is missing (apt-get install chromium)`;
  if (!fs.existsSync(path.join(problemSrc, 'problem.json'))) return `problems/${PROBLEM} is missing`;
  return '';
}

/** A problem whose title, statement and samples try to run script. */
function writeHostileProblem(dir) {
  const p = path.join(dir, 'xss-statement');
  fs.mkdirSync(path.join(p, 'data/sample'), { recursive: true });
  fs.mkdirSync(path.join(p, 'data/secret/main'), { recursive: true });
  fs.mkdirSync(path.join(p, 'submissions/accepted'), { recursive: true });
  fs.writeFileSync(path.join(p, 'problem.json'), `${JSON.stringify({
    id: 'xss-statement',
    title: 'Echo <img src=x onerror="alert(\'title\')">',
    source: 'browser test <script>alert("source")</script>',
    difficulty: 'easy',
    tags: ['test'],
    style: 'stdio',
    limits: { time_ms: 1000, memory_mb: 64 },
    checker: { type: 'tokens' },
    groups: [{ name: 'main' }],
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(p, 'statement.md'), [
    '# Echo',
    '',
    'Print the input back. The sum $\\sum_{i=1}^{n} a_i$ and $x^2$ still render.',
    '',
    '<script>alert("statement script")</script>',
    '',
    '<img src="x" onerror="alert(\'img onerror\')">',
    '',
    '<svg onload="alert(\'svg onload\')"><circle r="1"></circle></svg>',
    '',
    '<iframe src="javascript:alert(\'iframe\')"></iframe>',
    '',
    '[a javascript link](javascript:alert("link")) and <a href="javascript:alert(\'a\')">another</a>',
    '',
    '<details open ontoggle="alert(\'details\')"><summary>x</summary>y</details>',
    '',
    '<style>body { display: none !important; }</style>',
    '',
    '<form action="https://example.invalid/"><input name="q"><button>go</button></form>',
    '',
    'MARKER-END-OF-STATEMENT',
    '',
  ].join('\n'));
  const sample = '<script>alert("sample")</script>\n';
  fs.writeFileSync(path.join(p, 'data/sample/1.in'), sample);
  fs.writeFileSync(path.join(p, 'data/sample/1.ans'), sample);
  fs.writeFileSync(path.join(p, 'data/secret/main/1.in'), 'a b c\n');
  fs.writeFileSync(path.join(p, 'data/secret/main/1.ans'), 'a b c\n');
  fs.writeFileSync(path.join(p, 'submissions/accepted/echo.py'), 'import sys\nsys.stdout.write(sys.stdin.read())\n');
}

/**
 * Starts `judge-web --listen 127.0.0.1:0 --db <tmp> --problems <tmp> --workers 1`
 * and reads the URL from its "judge-web: listening on http://HOST:PORT/" line.
 */
export async function startServer() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-ui-test-'));
  const problems = path.join(tmp, 'problems');
  fs.mkdirSync(problems);
  fs.cpSync(problemSrc, path.join(problems, PROBLEM), { recursive: true });
  writeHostileProblem(problems);
  const args = ['--listen', '127.0.0.1:0', '--db', path.join(tmp, 'judge.db'), '--problems', problems, '--workers', '1'];
  // The bearer token is created under XDG_CONFIG_HOME: keep it out of the user's home.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config') };
  const child = spawn(serverBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-20000); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`judge-web did not say where it listens within 30 s\nstdout: ${out}\nstderr: ${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/judge-web: listening on (http:\/\/[^\s/]+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`judge-web exited (${code ?? sig}) before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  return {
    url,
    log: () => `stdout:\n${out}\nstderr:\n${err}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(t);
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, no network beyond loopback-initiated requests. */
export function launchBrowser() {
  // Playwright gives every launch a fresh temporary --user-data-dir itself.
  return playwright.chromium.launch({
    executablePath: chromiumBin,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A new context and page that records page errors, console errors and
 * dialogs (dismissed). check() throws if any happened.
 */
export async function openPage(browser, { colorScheme = 'light', viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return {
    page,
    dialogs,
    check() {
      if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}`);
      if (dialogs.length) throw new Error(`a dialog opened (script ran):\n${dialogs.join('\n')}`);
    },
    close: () => context.close(),
  };
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * Puts text into the CodeMirror editor the way a user pastes it (typing
 * would be re-indented by the editor). Replaces what was there.
 */
export async function pasteIntoEditor(page, text) {
  const content = page.locator('#editor .cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await content.evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * The draft the page saved for a problem and language: the editor's whole
 * text (the DOM holds only the lines in view). Waits for the save.
 */
export async function savedDraft(page, problem, lang, expected) {
  const key = `judge.draft.${problem}.${lang}`;
  await page.waitForFunction(([k, want]) => localStorage.getItem(k) === want, [key, expected], { timeout: 5000 }).catch(() => {});
  return page.evaluate((k) => localStorage.getItem(k), key);
}

/** The text of the editor lines that are drawn (short documents: all of it). */
export function editorText(page, selector = '#editor') {
  return page.locator(`${selector} .cm-line`).allTextContents().then((lines) => lines.join('\n'));
}

/** Things that must never appear in the page if nothing ran. */
export async function injectedCount(page) {
  return page.evaluate(() => ({
    scripts: [...document.scripts].filter((s) => !/\/app-[\w]+\.js$/.test(s.src)).length,
    onerror: document.querySelectorAll('[onerror]').length,
    onload: document.querySelectorAll('[onload]').length,
    ontoggle: document.querySelectorAll('[ontoggle]').length,
    iframes: document.querySelectorAll('iframe').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    styles: document.querySelectorAll('#view style, #view link').length,
    forms: document.querySelectorAll('#view form').length,
  }));
}

export const NOTHING_INJECTED = { scripts: 0, onerror: 0, onload: 0, ontoggle: 0, iframes: 0, jsLinks: 0, styles: 0, forms: 0 };

// ---- solutions for expression-evaluator ----

/** Recursive descent, truncating division, 64-bit arithmetic done unsigned (wraps, never UB). */
export const CORRECT_C = String.raw`#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;
static const char *p;
static int bad;

static void blanks(void) { while (*p == ' ' || *p == '\t') p++; }
static long long expr(void);

static long long factor(void) {
    blanks();
    if (*p == '+' || *p == '-') {
        char sign = *p++;
        long long v = factor();
        return sign == '-' ? (long long)(0 - (u64)v) : v;
    }
    if (*p == '(') {
        p++;
        long long v = expr();
        blanks();
        if (*p == ')') p++; else bad = 1;
        return v;
    }
    if (*p >= '0' && *p <= '9') {
        u64 v = 0;
        while (*p >= '0' && *p <= '9') v = v * 10 + (u64)(*p++ - '0');
        return (long long)v;
    }
    bad = 1;
    return 0;
}

static long long term(void) {
    long long v = factor();
    while (!bad) {
        blanks();
        if (*p == '*') {
            p++;
            long long r = factor();
            v = (long long)((u64)v * (u64)r);
        } else if (*p == '/') {
            p++;
            long long r = factor();
            if (bad) break;
            if (r == 0) { bad = 1; break; }
            v /= r;
        } else break;
    }
    return v;
}

static long long expr(void) {
    long long v = term();
    while (!bad) {
        blanks();
        if (*p == '+') { p++; v = (long long)((u64)v + (u64)term()); }
        else if (*p == '-') { p++; v = (long long)((u64)v - (u64)term()); }
        else break;
    }
    return v;
}

int main(void) {
    size_t cap = 1 << 20, n = 0, got;
    char *buf = malloc(cap + 1);
    while ((got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
    }
    buf[n] = '\n';
    for (size_t i = 0; i < n; i++) if (buf[i] == '\0') buf[i] = '\x01';
    char *line = buf, *end = buf + n;
    char *nl = memchr(line, '\n', (size_t)(end - line) + 1);
    long t = strtol(line, NULL, 10);
    line = nl + 1;
    for (long k = 0; k < t; k++) {
        nl = line <= end ? memchr(line, '\n', (size_t)(end - line) + 1) : NULL;
        if (!nl) { puts("error"); continue; }
        *nl = '\0';
        if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
        p = line;
        bad = 0;
        blanks();
        long long v = 0;
        if (*p == '\0') bad = 1; else v = expr();
        blanks();
        if (bad || *p != '\0') puts("error"); else printf("%lld\n", v);
        line = nl + 1;
    }
    return 0;
}
`;

/** Right except for division: Python's // floors, so -7 / 2 gives -4 (sample line 3). */
export const FLOOR_DIVISION_PY = `import sys


def main():
    lines = sys.stdin.read().split("\\n")
    out = []
    for line in lines[1 : int(lines[0]) + 1]:
        out.append(evaluate(line.rstrip("\\r")))
    print("\\n".join(out))


def evaluate(s):
    pos = [0]

    def blanks():
        while pos[0] < len(s) and s[pos[0]] in " \\t":
            pos[0] += 1

    def peek():
        blanks()
        return s[pos[0]] if pos[0] < len(s) else ""

    def factor():
        c = peek()
        if c in ("+", "-"):
            pos[0] += 1
            v = factor()
            return -v if c == "-" else v
        if c == "(":
            pos[0] += 1
            v = expr()
            if peek() != ")":
                raise ValueError
            pos[0] += 1
            return v
        start = pos[0]
        while pos[0] < len(s) and s[pos[0]].isdigit():
            pos[0] += 1
        if start == pos[0]:
            raise ValueError
        return int(s[start : pos[0]])

    def term():
        v = factor()
        while peek() in ("*", "/") and peek():
            op = s[pos[0]]
            pos[0] += 1
            r = factor()
            v = v * r if op == "*" else v // r
        return v

    def expr():
        v = term()
        while peek() in ("+", "-") and peek():
            op = s[pos[0]]
            pos[0] += 1
            v = v + term() if op == "+" else v - term()
        return v

    try:
        v = expr()
        if peek():
            return "error"
        return str(v)
    except (ValueError, ZeroDivisionError):
        return "error"


main()
`;

/** Typed key by key: prints markup that must stay text everywhere. */
export const XSS_C = '#include <stdio.h>\nint main(void){puts("<script>alert(1)</script><img src=x onerror=alert(2)>");return 0;}';
