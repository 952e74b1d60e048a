// #/ — the problem list with filters (kept in the hash: #/?tag=parsing&difficulty=medium&q=eval).
import { h } from '../dom.js';
import { getProblems } from '../api.js';
import { verdictBadge, difficultyBadge, verdictName } from '../verdicts.js';

const DIFFICULTIES = ['easy', 'medium', 'hard'];

export async function problemsView(root, { query, signal }) {
  document.title = 'Problems · judge';
  const { problems = [] } = await getProblems(signal);
  const state = { q: query.q || '', tag: query.tag || '', difficulty: query.difficulty || '' };
  const tags = [...new Set(problems.flatMap((p) => p.tags || []))].sort();
  const solved = problems.filter((p) => p.best_verdict === 'AC').length;

  const search = h('input', {
    id: 'problem-search', type: 'search', class: 'input search', placeholder: 'Search problems', value: state.q,
    'aria-label': 'Search problems', autocomplete: 'off', spellcheck: 'false',
  });
  const diffButtons = ['', ...DIFFICULTIES].map((d) => h('button', {
    type: 'button', class: 'seg-btn', dataset: { value: d },
  }, d ? d[0].toUpperCase() + d.slice(1) : 'All'));
  const tagButtons = tags.map((t) => h('button', { type: 'button', class: 'chip', dataset: { tag: t } }, t));
  const tbody = h('tbody');
  const count = h('span', { class: 'muted' });
  const empty = h('div', { class: 'empty', hidden: true },
    h('p', null, 'No problem matches these filters.'),
    h('button', { type: 'button', class: 'btn', onclick: () => set({ q: '', tag: '', difficulty: '' }) }, 'Clear filters'));

  const rows = problems.map((p) => {
    const bv = p.best_verdict;
    const row = h('tr', { class: bv === 'AC' ? 'solved' : '' },
      h('td', { class: 'status-cell' }, statusIcon(bv)),
      h('td', { class: 'title-cell' },
        h('a', { href: `#/problems/${encodeURIComponent(p.id)}`, class: 'problem-link' }, p.title),
        h('div', { class: 'pid' }, p.id, p.style === 'harness' ? h('span', { class: 'style-note', title: 'You write functions; the judge supplies main()' }, ' · function-style') : null)),
      h('td', null, difficultyBadge(p.difficulty)),
      h('td', { class: 'tags-cell' }, (p.tags || []).map((t) => h('button', {
        type: 'button', class: 'chip small', dataset: { tag: t }, title: `Only problems tagged ${t}`,
      }, t))),
      h('td', { class: 'best-cell' }, bv ? verdictBadge(bv) : h('span', { class: 'faint' }, 'not tried')));
    return { p, row };
  });

  function set(next) {
    Object.assign(state, next);
    const params = new URLSearchParams();
    for (const k of ['q', 'tag', 'difficulty']) if (state[k]) params.set(k, state[k]);
    const qs = params.toString();
    history.replaceState(null, '', `#/${qs ? `?${qs}` : ''}`);
    if (search.value !== state.q) search.value = state.q;
    apply();
  }

  function apply() {
    const q = state.q.trim().toLowerCase();
    const shown = rows.filter(({ p }) =>
      (!state.tag || (p.tags || []).includes(state.tag)) &&
      (!state.difficulty || p.difficulty === state.difficulty) &&
      (!q || `${p.title} ${p.id} ${(p.tags || []).join(' ')}`.toLowerCase().includes(q)));
    tbody.replaceChildren(...shown.map((x) => x.row));
    for (const b of diffButtons) b.setAttribute('aria-pressed', String(b.dataset.value === state.difficulty));
    for (const b of root.querySelectorAll('.chip[data-tag]')) b.setAttribute('aria-pressed', String(b.dataset.tag === state.tag));
    count.textContent = shown.length === problems.length
      ? `${problems.length} problem${problems.length === 1 ? '' : 's'} · ${solved} solved`
      : `${shown.length} of ${problems.length} problems`;
    empty.hidden = shown.length > 0 || problems.length === 0;
    table.hidden = shown.length === 0;
  }

  search.addEventListener('input', () => set({ q: search.value }));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') set({ q: '' });
    if (e.key === 'Enter' && tbody.firstChild) tbody.firstChild.querySelector('a').click();
  });
  for (const b of diffButtons) b.addEventListener('click', () => set({ difficulty: b.dataset.value }));
  root.addEventListener('click', (e) => {
    const chip = e.target.closest('.chip[data-tag]');
    if (chip) set({ tag: state.tag === chip.dataset.tag ? '' : chip.dataset.tag });
  });
  // "/" jumps to the search box, as on most sites.
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName)) {
      e.preventDefault();
      search.focus();
    }
  }, { signal });

  const table = h('table', { class: 'list problems' },
    h('thead', null, h('tr', null,
      h('th', { class: 'status-cell' }, h('span', { class: 'sr-only' }, 'Solved')),
      h('th', null, 'Problem'), h('th', null, 'Difficulty'), h('th', null, 'Tags'), h('th', null, 'Your best'))),
    tbody);

  root.append(h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Problems'), count),
    problems.length === 0
      ? h('div', { class: 'empty' },
        h('p', null, 'No problems are loaded.'),
        h('p', { class: 'muted' }, 'Start judge-web with --problems DIR pointing at a folder of problem packages.'))
      : [
        h('div', { class: 'filters' },
          h('div', { class: 'search-wrap' }, search, h('kbd', { class: 'search-key', title: 'Press / to search' }, '/')),
          h('div', { class: 'seg', role: 'group', 'aria-label': 'Difficulty' }, diffButtons),
          tags.length ? h('div', { class: 'chips', role: 'group', 'aria-label': 'Tags' }, tagButtons) : null),
        h('div', { class: 'table-wrap' }, table),
        empty,
      ]));
  apply();
}

function statusIcon(v) {
  if (v === 'AC') return h('span', { class: 'status-icon ok', title: 'Solved' }, '✓');
  if (v) return h('span', { class: 'status-icon tried', title: `Tried: best ${verdictName(v)}` }, '•');
  return h('span', { class: 'status-icon none', 'aria-hidden': 'true' });
}
