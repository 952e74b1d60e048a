// #/submissions/{id} — live status, verdict, per-test table with sample
// diffs, compile log, the source, and what the sandbox applied.
import { h, timeEl, copyButton, toast } from '../dom.js';
import { getSubmission, getProblem, pollSubmission } from '../api.js';
import { createEditor } from '../editor.js';
import { verdictBadge, langName } from '../verdicts.js';
import { resultView, isolationFooter } from '../result.js';
import { saveDraft, saveLang } from '../storage.js';

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

  const sourceBox = h('div', { class: 'editor-box readonly' });
  const editor = createEditor(sourceBox, { doc: first.source || '', language: first.language, readOnly: true, label: 'Submitted source' });
  signal.addEventListener('abort', () => editor.destroy());

  const openInEditor = h('button', { type: 'button', class: 'btn btn-small' }, 'Open in editor');
  openInEditor.addEventListener('click', () => {
    saveDraft(first.problem, first.language, first.source || '', problem?.templates?.[first.language]);
    saveLang(first.problem, first.language);
    toast(`Submission #${first.id} loaded into the editor.`);
    location.hash = `#/problems/${encodeURIComponent(first.problem)}`;
  });

  const lines = (first.source || '').replace(/\n$/, '').split('\n').length;
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
      first.origin ? fact('From', first.origin) : null),
    resultBox,
    h('section', { class: 'source-section' },
      h('div', { class: 'section-bar' },
        h('h2', { class: 'section-title' }, 'Source', h('span', { class: 'muted small' }, ` · ${lines} line${lines === 1 ? '' : 's'}`)),
        h('span', { class: 'spacer' }),
        copyButton(() => first.source || '', 'Copy'),
        problem ? openInEditor : null),
      sourceBox),
    footerBox));

  render(first);
  if (first.status !== 'done' && first.status !== 'failed') {
    pollSubmission(first.id, (sub) => sub && render(sub), signal).catch(() => {});
  }
}

const fact = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v));
