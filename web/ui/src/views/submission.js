// #/submissions/{id} — live status, verdict, per-test table with sample
// diffs, compile log, the source, and what the sandbox applied.
import { h, timeEl, copyButton, toast } from '../dom.js';
import { getSubmission, getProblem, pollSubmission } from '../api.js';
import { createEditor } from '../editor.js';
import { verdictBadge, langName } from '../verdicts.js';
import { resultView, isolationFooter } from '../result.js';
import { loadDraft, saveDraft, saveLang } from '../storage.js';

export async function submissionView(root, { params, signal }) {
  const [id] = params;
  const first = await getSubmission(id, signal);
  // The problem gives the title and the sample answers for the diffs.
  const problem = await getProblem(first.problem, signal).catch((e) => {
    if (signal.aborted) throw e;
    return null;
  });
  document.title = `Submission #${first.id} · judge`;
  const samples = problem?.samples || [];

  const status = h('span', { class: 'head-verdict' });
  const resultBox = h('div', { class: 'submission-result' });
  const footerBox = h('div');
  const render = (sub) => {
    status.replaceChildren(verdictBadge(sub.verdict || sub.result?.verdict, { status: sub.status }));
    resultBox.replaceChildren(resultView(sub, samples, { idPrefix: 't' }));
    footerBox.replaceChildren(sub.result ? isolationFooter(sub.result) : '');
  };

  // A CLI result may carry its source only inside the result document.
  const source = typeof first.source === 'string' ? first.source : first.result?.source;
  const hasSource = typeof source === 'string';
  const sourceBox = h('div', { class: 'editor-box readonly', hidden: !hasSource });
  const editor = createEditor(sourceBox, { doc: source || '', language: first.language, readOnly: true, label: 'Submitted source' });
  signal.addEventListener('abort', () => editor.destroy());

  const openInEditor = h('button', { type: 'button', class: 'btn btn-small' }, 'Open in editor');
  openInEditor.addEventListener('click', () => {
    const current = loadDraft(first.problem, first.language);
    if (current != null && current !== source && !window.confirm(`Replace your current ${langName(first.language)} draft for this problem with submission #${first.id}?`)) return;
    saveDraft(first.problem, first.language, source || '', problem?.templates?.[first.language]);
    saveLang(first.problem, first.language);
    toast(`Submission #${first.id} loaded into the editor.`);
    location.hash = `#/problems/${encodeURIComponent(first.problem)}`;
  });

  const lines = (source || '').replace(/\n$/, '').split('\n').length;
  root.append(h('div', { class: 'page' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/history' }, 'History'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', null, `#${first.id}`)),
    h('div', { class: 'page-head sub-head' },
      h('h1', null, `Submission #${first.id}`),
      status),
    h('dl', { class: 'facts' },
      fact('Problem', h('a', { href: `#/problems/${encodeURIComponent(first.problem)}` }, problem?.title || first.problem)),
      fact('Language', langName(first.language)),
      fact('Mode', first.mode === 'test' ? 'Run on samples' : 'Submit (all tests)'),
      fact('Sent', timeEl(first.created_at)),
      first.origin ? fact('From', first.origin === 'cli' ? 'command line' : first.origin === 'web' ? 'browser' : first.origin) : null,
      first.attempts > 1 ? fact('Attempts', String(first.attempts)) : null),
    resultBox,
    h('section', { class: 'source-section' },
      h('div', { class: 'section-bar' },
        h('h2', { class: 'section-title' }, 'Source', hasSource ? h('span', { class: 'muted small' }, ` · ${lines} line${lines === 1 ? '' : 's'}`) : null),
        h('span', { class: 'spacer' }),
        hasSource ? copyButton(() => source, 'Copy') : null,
        hasSource && problem ? openInEditor : null),
      hasSource ? null : h('p', { class: 'muted' }, 'This result was posted without its source.'),
      sourceBox),
    footerBox));

  render(first);
  if (first.status !== 'done' && first.status !== 'failed') {
    pollSubmission(first.id, (sub) => sub && render(sub), signal).catch((e) => {
      if (!signal.aborted) resultBox.replaceChildren(h('p', { class: 'banner-msg' }, `Stopped following this submission: ${e.message}`));
    });
  }
}

const fact = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v));
