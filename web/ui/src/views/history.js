// #/history — every submission, newest first, filtered by problem, language
// and verdict; pages with ?before=ID (docs/api.md).
import { h, fmtMs, fmtKb, timeEl } from '../dom.js';
import { getProblems, listSubmissions, sleep } from '../api.js';
import { verdictBadge, VERDICTS, LANG_NAMES, langName } from '../verdicts.js';

const PAGE = 50;

export async function historyView(root, { query, signal }) {
  document.title = 'History · judge';
  const filters = { problem: query.problem || '', language: query.language || '', verdict: query.verdict || '' };
  // ?limit= in the address sets the page size (the API takes 1 to 200).
  const limit = Math.min(200, Math.max(1, Number.parseInt(query.limit, 10) || PAGE));
  if (limit !== PAGE) filters.limit = String(limit);
  const [{ problems = [] }, page] = await Promise.all([
    getProblems(signal),
    listSubmissions({ ...filters, limit, before: query.before }, signal),
  ]);
  const titles = new Map(problems.map((p) => [p.id, p.title]));

  const go = (next) => { location.hash = hashWith(filters, next); };
  const select = (name, label, options) => {
    const el = h('select', { id: `filter-${name}`, class: 'input select', 'aria-label': label },
      h('option', { value: '' }, `All ${label.toLowerCase()}s`),
      options.map(([v, text]) => h('option', { value: v, selected: v === filters[name] }, text)));
    el.addEventListener('change', () => go({ [name]: el.value, before: '' }));
    return el;
  };

  const tbody = h('tbody');
  const fill = (subs) => tbody.replaceChildren(...subs.map((s) => h('tr', {
    class: 'clickable',
    onclick: (e) => {
      if (!e.target.closest('a') && !getSelection().toString()) location.hash = `#/submissions/${s.id}`;
    },
  },
  h('td', { class: 'num id-cell' }, h('a', { href: `#/submissions/${s.id}` }, `#${s.id}`)),
  h('td', { class: 'when' }, timeEl(s.created_at)),
  h('td', { class: 'problem-cell' }, h('a', { href: `#/problems/${encodeURIComponent(s.problem)}` }, titles.get(s.problem) || s.problem)),
  h('td', null, langName(s.language)),
  h('td', null, h('span', { class: `mode mode-${s.mode}` }, s.mode === 'test' ? 'samples' : 'submit')),
  h('td', null, verdictBadge(s.verdict, { status: s.status })),
  h('td', { class: 'num' }, s.total ? `${s.passed} / ${s.total}` : '–'),
  h('td', { class: 'num' }, s.status === 'done' && s.verdict !== 'CE' ? fmtMs(s.time_ms) : '–'),
  h('td', { class: 'num' }, s.status === 'done' && s.verdict !== 'CE' ? fmtKb(s.memory_kb) : '–'))));
  fill(page.submissions || []);

  const filtered = Boolean(filters.problem || filters.language || filters.verdict);
  const subs = page.submissions || [];
  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', null, 'History'),
      h('span', { class: 'muted' }, query.before ? `older than #${query.before}` : subs.length ? 'newest first' : '')),
    h('div', { class: 'filters' },
      select('problem', 'Problem', problems.map((p) => [p.id, p.title])),
      select('language', 'Language', Object.entries(LANG_NAMES)),
      select('verdict', 'Verdict', Object.entries(VERDICTS).map(([k, v]) => [k, `${k} · ${v}`])),
      filtered ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => location.hash = '#/history' }, 'Clear filters') : null),
    subs.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'list history' },
        h('thead', null, h('tr', null,
          h('th', { class: 'num' }, '#'), h('th', null, 'When'), h('th', null, 'Problem'), h('th', null, 'Language'),
          h('th', null, 'Mode'), h('th', null, 'Verdict'), h('th', { class: 'num' }, 'Tests'),
          h('th', { class: 'num' }, 'CPU'), h('th', { class: 'num' }, 'Memory'))),
        tbody))
      : h('div', { class: 'empty' },
        h('p', null, filtered ? 'No submission matches these filters.' : 'No submissions yet.'),
        filtered ? null : h('p', null, h('a', { class: 'btn', href: '#/' }, 'Pick a problem'))),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      query.before ? h('a', { class: 'btn btn-small', href: hashWith(filters, {}) }, '← Newest') : null,
      page.next_before != null ? h('a', { class: 'btn btn-small', id: 'older', href: hashWith(filters, { before: page.next_before }) }, 'Older →') : null)));

  // Rows still queued or running update themselves while the page is open.
  (async () => {
    let delay = 1000;
    while (tbody.querySelector('.v-queued, .v-running')) {
      await sleep(delay, signal);
      delay = Math.min(5000, delay * 1.5);
      try {
        fill((await listSubmissions({ ...filters, limit, before: query.before }, signal)).submissions || []);
      } catch (e) {
        if (signal.aborted) throw e;
        // The server may be restarting: keep the rows, try again later.
      }
    }
  })().catch(() => {}); // only the abort of leaving the page ends up here
}

function hashWith(filters, extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== '' && v != null) params.set(k, v);
  const qs = params.toString();
  return `#/history${qs ? `?${qs}` : ''}`;
}
