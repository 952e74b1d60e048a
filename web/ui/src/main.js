// judge-web UI: hash routes, one view at a time. Each view gets an
// AbortSignal that fires when the user leaves it (stops polls, frees editors).
import { h } from './dom.js';
import { ApiError, getHealth } from './api.js';
import { problemsView } from './views/problems.js';
import { problemView } from './views/problem.js';
import { submissionView } from './views/submission.js';
import { historyView } from './views/history.js';

const routes = [
  { re: /^\/$/, view: problemsView, nav: 'problems', name: 'problems' },
  { re: /^\/problems\/([^/]+)$/, view: problemView, nav: 'problems', name: 'problem' },
  { re: /^\/submissions\/(\d+)$/, view: submissionView, nav: 'history', name: 'submission' },
  { re: /^\/history$/, view: historyView, nav: 'history', name: 'history' },
];

let current = null;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)));
  return { path, query };
}

async function route() {
  const { path, query } = parseHash();
  // In-page anchors (#t-3) are not routes.
  if (!path.startsWith('/')) return;
  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const main = document.getElementById('view');
  const keepFocus = main.contains(document.activeElement) ? document.activeElement.id : '';
  const match = routes.map((r) => ({ r, m: path.match(r.re) })).find((x) => x.m);
  document.body.dataset.route = match ? match.r.name : 'none';
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (match && a.dataset.nav === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Show "Loading" only when the view is slow, so quick re-renders do not flash.
  const slow = setTimeout(() => main.replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), 'Loading…')), 200);
  try {
    if (!match) throw new ApiError(404, 'not_found', `There is no page at ${path}.`);
    const params = match.m.slice(1).map(decodeURIComponent);
    const content = h('div', { class: 'view-root' });
    await match.r.view(content, { params, query, signal: ctl.signal });
    if (ctl.signal.aborted) return;
    main.replaceChildren(content);
    window.scrollTo(0, 0);
    const again = keepFocus && document.getElementById(keepFocus);
    if (again) again.focus();
  } catch (e) {
    if (ctl.signal.aborted) return;
    main.replaceChildren(errorView(e));
    if (!(e instanceof ApiError)) console.error(e);
  } finally {
    clearTimeout(slow);
  }
}

function errorView(e) {
  const notFound = e instanceof ApiError && e.status === 404;
  document.title = `${notFound ? 'Not found' : 'Error'} · judge`;
  return h('div', { class: 'page narrow' },
    h('div', { class: 'empty error-state' },
      h('h1', null, notFound ? 'Not found' : 'Something went wrong'),
      h('p', null, e.message || String(e)),
      h('p', null, h('a', { class: 'btn', href: '#/' }, 'Back to the problems'))));
}

async function refreshHealth() {
  const el = document.getElementById('health');
  if (!el || document.hidden) return;
  try {
    const hl = await getHealth();
    const busy = (hl.queued || 0) + (hl.running || 0);
    el.className = `health ${busy ? 'busy' : 'ok'}`;
    el.textContent = busy ? `${hl.running || 0} running · ${hl.queued || 0} queued` : 'judge idle';
    el.title = `judge-web ${hl.version || ''}`.trim();
  } catch {
    el.className = 'health down';
    el.textContent = 'server unreachable';
    el.title = '';
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', refreshHealth);
window.addEventListener('judge:activity', refreshHealth);
route();
refreshHealth();
setInterval(refreshHealth, 10000);
