// Rendering of one judged submission (docs/result-schema.md): verdict banner,
// test strip, compile log, per-test table with details and sample diffs,
// isolation footer. Every string from the result is put in as text.
import { h, fmtMs, fmtKb, visibleText, appendVisibleLine, copyButton } from './dom.js';
import { verdictBadge, verdictName } from './verdicts.js';
import { diffLines, inlineDiff } from './diff.js';

const OUTPUT_CAP = 4096; // tests[].output holds the first 4 KiB

/** Banner while a submission waits or runs, or when the worker failed. */
export function pendingBanner(sub) {
  const s = sub?.status || 'queued';
  if (s === 'failed') {
    return h('div', { class: 'banner v-IE', role: 'status' },
      h('div', { class: 'banner-main' }, h('span', { class: 'banner-verdict' }, 'Judging failed')),
      h('p', { class: 'banner-msg' }, 'The judge could not produce a result. This is not your fault; submit again.'),
      sub.message ? h('p', { class: 'banner-msg' }, sub.message) : null);
  }
  const text = s === 'running' ? 'Judging…' : 'Waiting for a worker…';
  return h('div', { class: `banner v-${s}`, role: 'status', 'aria-live': 'polite' },
    h('div', { class: 'banner-main' }, h('span', { class: 'spinner big', 'aria-hidden': 'true' }), h('span', { class: 'banner-verdict' }, text)),
    h('p', { class: 'banner-msg' }, s === 'queued'
      ? 'Your submission is queued. This page updates by itself.'
      : 'Compiling and running the tests. This page updates by itself.'));
}

export function verdictBanner(result) {
  const stats = [];
  if (result.verdict !== 'CE' && result.total != null) stats.push(`${result.passed} / ${result.total} tests passed`);
  if (result.verdict !== 'CE' && result.tests?.length) stats.push(`max CPU ${fmtMs(result.time_ms)}`, `max memory ${fmtKb(result.memory_kb)}`);
  return h('div', { class: `banner v-${result.verdict}`, role: 'status', 'aria-live': 'polite' },
    h('div', { class: 'banner-main' },
      h('span', { class: 'banner-verdict' }, verdictName(result.verdict)),
      h('span', { class: 'banner-code' }, result.verdict),
      result.mode === 'test' ? h('span', { class: 'banner-mode' }, 'samples only') : null),
    stats.length ? h('div', { class: 'banner-stats' }, stats.join(' · ')) : null,
    result.score ? scoreLine(result.score) : null,
    result.message ? h('p', { class: 'banner-msg' }, result.message) : null);
}

function scoreLine(score) {
  const pct = score.max ? Math.max(0, Math.min(100, (score.value / score.max) * 100)) : 0;
  return h('div', { class: 'score' },
    h('span', { class: 'score-value' }, `${fmtNum(score.value)} / ${fmtNum(score.max)}`),
    h('span', { class: 'score-bar', role: 'img', 'aria-label': `${pct.toFixed(0)} percent` }, h('span', { style: `width:${pct.toFixed(1)}%` })),
    score.label ? h('span', { class: 'score-label' }, score.label) : null);
}

const fmtNum = (x) => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(2)) : String(x ?? '–'));

/** One square per test, coloured by verdict; each links to its table row. */
export function testStrip(tests, idPrefix) {
  if (!tests || tests.length < 2) return null;
  return h('div', { class: 'strip', 'aria-label': 'Tests at a glance' },
    tests.map((t, i) => h('a', {
      class: `cell v-${t.verdict}`,
      href: `#${idPrefix}-${i}`,
      title: `${t.name}: ${verdictName(t.verdict)}`,
      'aria-label': `${t.name}: ${verdictName(t.verdict)}`,
      onclick: (e) => {
        e.preventDefault();
        const row = document.getElementById(`${idPrefix}-${i}`);
        row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        row?.querySelector('button')?.focus({ preventScroll: true });
        row?.querySelector('button')?.click();
      },
    })));
}

export function compileLog(compile, verdict) {
  if (!compile) return null;
  const log = compile.log || '';
  if (compile.ok && !log.trim()) return null;
  const failed = !compile.ok || verdict === 'CE';
  return h('details', { class: `compile ${failed ? 'failed' : 'warnings'}`, open: failed },
    h('summary', null, failed ? 'Compilation failed' : 'Compiler warnings',
      h('span', { class: 'muted' }, ` · ${fmtMs(compile.time_ms)}${compile.cached ? ' (cached)' : ''}`)),
    log ? h('div', { class: 'log-wrap' }, copyButton(() => log), h('pre', { class: 'log' }, log)) : h('p', { class: 'muted' }, 'The compiler printed nothing.'));
}

/**
 * The per-test table. samples: [{name, input, answer}] from the problem, to
 * diff tests[].output against. Options: onlySamples (the problem page's
 * compact view), idPrefix (row ids for the strip).
 */
export function testTable(tests, samples, { idPrefix = 't', onlySamples = false, compact = false } = {}) {
  const cols = compact ? 5 : 7;
  const byName = new Map((samples || []).map((s) => [s.name, s]));
  const rows = [];
  let openedFailing = false;
  tests.forEach((t, i) => {
    if (onlySamples && t.group !== 'sample') return;
    const sample = byName.get(t.name);
    const hasDetails = !!(t.message || t.stderr || t.output != null || sample || t.exit_code || t.signal);
    // Open the first failing test (and every failing sample) straight away.
    const open = hasDetails && t.verdict !== 'AC' && (t.group === 'sample' || !openedFailing);
    if (open) openedFailing = true;
    const detailRow = h('tr', { class: 'details', hidden: !open }, h('td', { colspan: cols }, open ? testDetails(t, sample) : null));
    const toggle = hasDetails
      ? h('button', { type: 'button', class: 'row-toggle', 'aria-expanded': String(open), title: 'Show details' }, h('span', { class: 'chev', 'aria-hidden': 'true' }), t.name)
      : h('span', { class: 'row-name' }, t.name);
    if (hasDetails) {
      toggle.addEventListener('click', () => {
        const show = detailRow.hidden;
        if (show && !detailRow.firstChild.firstChild) detailRow.firstChild.append(testDetails(t, sample));
        detailRow.hidden = !show;
        toggle.setAttribute('aria-expanded', String(show));
      });
    }
    rows.push(h('tr', { id: `${idPrefix}-${i}`, class: `test-row r-${t.verdict}` },
      h('td', { class: 'name' }, toggle),
      compact ? null : h('td', { class: 'group c-group' }, t.group),
      h('td', null, verdictBadge(t.verdict)),
      h('td', { class: 'num' }, fmtMs(t.time_ms)),
      compact ? null : h('td', { class: 'num c-wall' }, fmtMs(t.wall_ms)),
      h('td', { class: 'num c-mem' }, fmtKb(t.memory_kb)),
      h('td', { class: 'msg c-msg', title: t.message || null }, t.message || (t.score != null ? `score ${fmtNum(t.score)}` : ''))));
    rows.push(detailRow);
  });
  if (!rows.length) return null;
  return h('div', { class: 'table-wrap' },
    h('table', { class: `tests${compact ? ' compact' : ''}` },
      h('thead', null, h('tr', null,
        h('th', null, 'Test'), compact ? null : h('th', { class: 'c-group' }, 'Group'), h('th', null, 'Verdict'),
        h('th', { class: 'num', title: 'CPU time, user + system' }, 'CPU'),
        compact ? null : h('th', { class: 'num c-wall', title: 'Wall-clock time' }, 'Wall'),
        h('th', { class: 'num c-mem', title: 'Peak memory' }, 'Memory'),
        h('th', { class: 'c-msg' }, 'Message'))),
      h('tbody', null, rows)));
}

function testDetails(t, sample) {
  const parts = [];
  const facts = [];
  const msg = t.message || '';
  if (t.exit_code && !/exit code/i.test(msg)) facts.push(`exit code ${t.exit_code}`);
  if (t.signal && !/signal|SIG[A-Z]/.test(msg)) facts.push(`killed by signal ${t.signal}`);
  if (t.score != null) facts.push(`score ${fmtNum(t.score)}`);
  // The row shows a short message whole; a long one is cut there and given in full here.
  if (msg.length > 40 || msg.includes('\n')) parts.push(h('p', { class: 'detail-msg' }, msg));
  if (facts.length) parts.push(h('p', { class: 'muted small' }, facts.join(' · ')));
  if (sample) {
    parts.push(h('details', { class: 'sample-input' },
      h('summary', null, 'Input'),
      h('div', { class: 'io' }, copyButton(() => sample.input), visibleText(sample.input))));
    if (t.output != null) parts.push(outputDiff(sample.answer, t.output));
    else parts.push(h('p', { class: 'muted small' }, 'The judge kept no output for this test.'));
  } else if (t.output != null) {
    parts.push(h('div', { class: 'io' }, h('div', { class: 'io-label' }, 'Your output'), visibleText(t.output)));
  }
  if (t.stderr) {
    parts.push(h('div', { class: 'io stderr' }, h('div', { class: 'io-label' }, 'Standard error'), visibleText(t.stderr)));
  }
  return h('div', { class: 'test-details' }, parts);
}

/** Side-by-side diff: expected answer left, the program's output right. */
export function outputDiff(expected, actual) {
  const truncated = new TextEncoder().encode(actual).length >= OUTPUT_CAP;
  let rows = diffLines(expected, actual);
  if (truncated) {
    // Only the first 4 KiB were kept: lines past them are unknown, not missing.
    let last = -1;
    rows.forEach((r, i) => { if (r.b) last = i; });
    rows = rows.filter((r, i) => !(i > last && r.kind === 'del'));
  }
  const differs = rows.some((r) => r.kind !== 'same');
  const cell = (side, row) => {
    if (!side) return [h('td', { class: 'ln' }), h('td', { class: 'code empty' })];
    const td = h('td', { class: 'code' });
    if (row.kind === 'change') {
      const [[pa, ma, sa], [pb, mb, sb]] = inlineDiff(row.a.text, row.b.text);
      const [p, m, s] = side === row.a ? [pa, ma, sa] : [pb, mb, sb];
      appendVisibleLine(td, p);
      if (m) td.append(appendVisibleLine(h('mark', null), m));
      appendVisibleLine(td, s);
    } else appendVisibleLine(td, side.text);
    return [h('td', { class: 'ln' }, String(side.no)), td];
  };
  const body = rows.map((r) => h('tr', { class: `d-${r.kind}` }, cell(r.a, r), cell(r.b, r)));
  return h('div', { class: 'diff' },
    h('div', { class: 'diff-title' },
      h('span', null, differs ? 'Output differs from the expected answer' : 'Output matches the expected answer'),
      truncated ? h('span', { class: 'muted small' }, ' · only the first 4 KiB of your output were kept') : null),
    h('table', { class: 'diff-table' },
      h('colgroup', null, h('col', { class: 'ln' }), h('col'), h('col', { class: 'ln' }), h('col')),
      h('thead', null, h('tr', null,
        h('th', { colspan: 2 }, 'Expected', h('span', { class: 'th-actions' }, copyButton(() => expected))),
        h('th', { colspan: 2 }, 'Your output', h('span', { class: 'th-actions' }, copyButton(() => actual))))),
      h('tbody', null, body.length ? body : h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'Both are empty.')))));
}

export function isolationFooter(result) {
  const iso = result.isolation;
  const bits = [];
  if (iso) {
    bits.push(`sandbox: ${iso.level || '?'}`);
    if (iso.namespaces?.length) bits.push(`namespaces ${iso.namespaces.join(', ')}`);
    if (iso.cgroup) bits.push(`cgroup ${iso.cgroup}`);
    bits.push(`seccomp ${iso.seccomp ? 'on' : 'off'}`);
    if (iso.uid != null) bits.push(`uid ${iso.uid}`);
  }
  if (result.judge_version) bits.push(`judge ${result.judge_version}`);
  const start = result.started_at ? new Date(result.started_at) : null;
  const end = result.finished_at ? new Date(result.finished_at) : null;
  if (start && !Number.isNaN(start.getTime())) {
    let s = `judged ${start.toLocaleString()}`;
    if (end && !Number.isNaN(end.getTime())) s += ` in ${fmtMs(Math.max(0, end - start))}`;
    bits.push(s);
  }
  return h('footer', { class: 'isolation' },
    h('span', null, bits.join(' · ')),
    iso?.notes?.length ? h('ul', { class: 'notes' }, iso.notes.map((n) => h('li', null, n))) : null);
}

/** The whole result block. */
export function resultView(sub, samples, { compact = false, idPrefix = 't' } = {}) {
  const r = sub.result;
  if (!r) return h('div', { class: 'result' }, pendingBanner(sub));
  const tests = r.tests || [];
  const hidden = compact ? tests.filter((t) => t.group !== 'sample').length : 0;
  return h('div', { class: 'result' },
    verdictBanner(r),
    testStrip(tests, idPrefix),
    compileLog(r.compile, r.verdict),
    tests.length ? testTable(tests, samples, { idPrefix, compact, onlySamples: compact && hidden > 0 }) : null,
    hidden ? h('p', { class: 'more' }, h('a', { href: `#/submissions/${sub.id}` }, `All ${tests.length} tests, the source and the sandbox report →`)) : null);
}

