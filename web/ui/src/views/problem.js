// #/problems/{id} — statement, samples and limits on the left; editor,
// Run on samples / Submit and the live result on the right.
import { h, visibleText, copyButton, fmtMs, timeEl, toast, modKey } from '../dom.js';
import { getProblem, createSubmission, listSubmissions, pollSubmission, ApiError } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { createEditor } from '../editor.js';
import { difficultyBadge, verdictBadge, langName } from '../verdicts.js';
import { resultView } from '../result.js';
import { loadDraft, saveDraft, loadLang, saveLang } from '../storage.js';

const DEFAULT_MULTIPLIER = { python: 5 };

export async function problemView(root, { params, signal }) {
  const [id] = params;
  const p = await getProblem(id, signal);
  document.title = `${p.title} · judge`;
  const languages = p.languages || [];
  const templates = p.templates || {};
  let lang = pickLanguage(loadLang(id), languages);

  // ---- left: the statement ----
  const statement = h('article', { class: 'markdown', id: 'statement' });
  statement.append(renderMarkdown(p.statement));
  // The page shows the title already; a statement that starts with it as a heading would repeat it.
  const first = statement.firstElementChild;
  if (first?.tagName === 'H1') first.remove();
  // A statement ends with its source line; show it after the samples, as a footnote.
  const last = statement.lastElementChild;
  const sourceLine = last?.tagName === 'P' && /^Source:/.test(last.textContent) ? last : null;
  sourceLine?.remove();
  sourceLine?.classList.add('source');
  const left = h('section', { class: 'pane statement-pane', 'aria-label': 'Problem statement' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Problems'), h('span', { 'aria-hidden': 'true' }, ' / '), h('span', null, p.id)),
    h('h1', { class: 'problem-title' }, p.title),
    h('div', { class: 'meta' },
      difficultyBadge(p.difficulty),
      p.style === 'harness' ? h('span', { class: 'badge style', title: 'You write the functions below; the judge supplies main() and calls them' }, 'function-style') : null,
      (p.tags || []).map((t) => h('a', { class: 'chip small', href: `#/?tag=${encodeURIComponent(t)}` }, t))),
    limitsBox(p.limits, languages),
    statement,
    samplesBox(p.samples || []),
    sourceLine);

  // ---- right: editor and results ----
  const langSelect = h('select', { id: 'language', class: 'input select', 'aria-label': 'Language' },
    languages.map((l) => h('option', { value: l.id, selected: l.id === lang }, l.name || langName(l.id))));
  const saved = h('span', { class: 'save-state muted small', 'aria-live': 'polite' });
  const resetBtn = h('button', { type: 'button', class: 'btn btn-ghost btn-small' });
  const labelReset = () => {
    const has = templates[lang] != null;
    resetBtn.textContent = has ? 'Reset to template' : 'Clear';
    resetBtn.title = `${has ? 'Replace your code with the starter template' : 'Empty the editor'} (${modKey}+Z in the editor undoes it)`;
  };
  labelReset();
  const runBtn = h('button', { type: 'button', id: 'run', class: 'btn', title: `Run on the samples only (${modKey}+')` },
    'Run on samples', h('kbd', null, `${modKey} '`));
  const submitBtn = h('button', { type: 'button', id: 'submit', class: 'btn btn-primary', title: `Judge on all tests (${modKey}+Enter)` },
    'Submit', h('kbd', null, `${modKey} ↵`));
  const editorBox = h('div', { class: 'editor-box', id: 'editor' });
  const resultBox = h('div', { class: 'run-result', id: 'run-result', 'aria-live': 'polite' });
  const recentBox = h('div', { class: 'recent' });

  let saveTimer = 0;
  const draftOf = (l) => loadDraft(id, l) ?? templates[l] ?? '';
  const flushDraft = () => {
    clearTimeout(saveTimer);
    saveDraft(id, lang, editor.getDoc(), templates[lang]);
  };
  const editor = createEditor(editorBox, {
    doc: draftOf(lang),
    language: lang,
    label: `Source code for ${p.title}`,
    onChange: () => {
      saved.textContent = '';
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => {
        flushDraft();
        saved.textContent = 'Draft saved';
      }, 400);
    },
    onSubmit: () => send('submit'),
    onRun: () => send('test'),
  });
  signal.addEventListener('abort', () => {
    flushDraft();
    editor.destroy();
  });
  window.addEventListener('beforeunload', flushDraft, { signal });

  langSelect.addEventListener('change', () => {
    flushDraft();
    lang = langSelect.value;
    saveLang(id, lang);
    editor.load(draftOf(lang), lang);
    labelReset();
    saved.textContent = '';
    editor.focus();
  });
  resetBtn.addEventListener('click', () => {
    editor.replace(templates[lang] ?? '');
    toast(`${templates[lang] != null ? 'Starter template restored' : 'Editor cleared'}. ${modKey}+Z in the editor brings your code back.`);
    editor.focus();
  });
  runBtn.addEventListener('click', () => send('test'));
  submitBtn.addEventListener('click', () => send('submit'));
  // The shortcuts work outside the editor too.
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
    if (e.key === 'Enter') send('submit');
    else if (e.key === "'") send('test');
    else return;
    e.preventDefault();
  }, { signal });

  let sending = false;
  let runCtl = null;
  async function send(mode) {
    if (sending) return;
    if (!languages.length) return toast('This problem accepts no language.', 'error');
    const source = editor.getDoc();
    if (!source.trim()) {
      toast('Write some code first.', 'error');
      editor.focus();
      return;
    }
    flushDraft();
    sending = true;
    runBtn.disabled = submitBtn.disabled = true;
    (mode === 'submit' ? submitBtn : runBtn).classList.add('busy');
    runCtl?.abort();
    runCtl = new AbortController();
    const ctl = runCtl;
    signal.addEventListener('abort', () => ctl.abort(), { once: true });
    resultBox.replaceChildren(resultHead(null, mode), h('div', { class: 'banner v-queued' }, h('div', { class: 'banner-main' }, h('span', { class: 'spinner big' }), h('span', { class: 'banner-verdict' }, 'Sending…'))));
    resultBox.parentElement.scrollTop = 0;
    let created;
    try {
      created = await createSubmission({ problem: id, language: lang, source, mode }, ctl.signal);
    } catch (e) {
      if (ctl.signal.aborted) return;
      resultBox.replaceChildren(h('div', { class: 'banner v-IE', role: 'alert' },
        h('div', { class: 'banner-main' }, h('span', { class: 'banner-verdict' }, 'Not sent')),
        h('p', { class: 'banner-msg' }, e instanceof ApiError ? e.message : String(e))));
      return;
    } finally {
      sending = false;
      runBtn.disabled = submitBtn.disabled = false;
      runBtn.classList.remove('busy');
      submitBtn.classList.remove('busy');
    }
    try {
      await pollSubmission(created.id, (sub, err) => {
        if (err) return resultBox.querySelector('.poll-error') || resultBox.append(h('p', { class: 'poll-error muted small' }, `${err.message} Retrying…`));
        resultBox.replaceChildren(resultHead(sub, mode), resultView(sub, p.samples, { compact: true, idPrefix: `r${sub.id}` }));
        if (sub.status === 'done' || sub.status === 'failed') {
          refreshRecent();
          // On narrow screens the result can be below the fold.
          const r = resultBox.getBoundingClientRect();
          if (r.top > window.innerHeight || r.bottom < 0) resultBox.scrollIntoView({ block: 'start', behavior: 'smooth' });
        }
      }, ctl.signal);
    } catch (e) {
      if (!ctl.signal.aborted) resultBox.append(h('p', { class: 'banner-msg' }, e.message));
    }
  }

  async function refreshRecent() {
    try {
      const { submissions = [] } = await listSubmissions({ problem: id, limit: 5 }, signal);
      if (!submissions.length) return recentBox.replaceChildren();
      recentBox.replaceChildren(
        h('h2', { class: 'section-title' }, 'Your recent submissions',
          h('a', { class: 'more-link', href: `#/history?problem=${encodeURIComponent(id)}` }, 'All →')),
        h('ul', { class: 'recent-list' }, submissions.map((s) => h('li', null,
          h('a', { href: `#/submissions/${s.id}` },
            verdictBadge(s.verdict, { status: s.status }),
            h('span', { class: 'recent-main' }, `#${s.id} · ${langName(s.language)} · ${s.mode === 'test' ? 'samples' : 'submit'}`),
            s.total ? h('span', { class: 'muted small' }, `${s.passed}/${s.total}`) : null,
            h('span', { class: 'muted small recent-when' }, timeEl(s.created_at)))))));
    } catch (e) {
      if (!signal.aborted) recentBox.replaceChildren(h('p', { class: 'muted small' }, `Could not load your submissions: ${e.message}`));
    }
  }
  refreshRecent();

  const right = h('section', { class: 'pane work-pane', 'aria-label': 'Your solution' },
    h('div', { class: 'toolbar' },
      languages.length ? langSelect : h('span', { class: 'muted' }, 'No languages'),
      resetBtn,
      h('span', { class: 'spacer' }),
      saved),
    editorBox,
    h('div', { class: 'actions' }, runBtn, submitBtn),
    h('div', { class: 'bottom-panel' }, resultBox, recentBox));

  root.append(h('div', { class: 'split' }, left, right));
}

function pickLanguage(preferred, languages) {
  if (languages.some((l) => l.id === preferred)) return preferred;
  return languages[0]?.id || '';
}

function resultHead(sub, mode) {
  return h('div', { class: 'result-head' },
    h('span', { class: 'result-kind' }, mode === 'test' ? 'Run on samples' : 'Submission'),
    sub ? h('a', { href: `#/submissions/${sub.id}`, class: 'more-link' }, `#${sub.id} · details →`) : null);
}

function limitsBox(limits, languages) {
  if (!limits) return null;
  const mult = { ...DEFAULT_MULTIPLIER, ...(limits.time_multipliers || {}) };
  const extra = languages
    .filter((l) => mult[l.id] && mult[l.id] !== 1)
    .map((l) => `${langName(l.id)} ${fmtMs(Math.round(limits.time_ms * mult[l.id]))}`);
  return h('dl', { class: 'limits' },
    h('div', null, h('dt', null, 'Time limit'), h('dd', null, `${fmtMs(limits.time_ms)} per test`, extra.length ? h('span', { class: 'muted' }, ` (${extra.join(', ')})`) : null)),
    limits.memory_mb ? h('div', null, h('dt', null, 'Memory'), h('dd', null, `${limits.memory_mb} MB`)) : null);
}

function samplesBox(samples) {
  if (!samples.length) return null;
  return h('section', { class: 'samples', 'aria-label': 'Samples' },
    h('h2', null, samples.length === 1 ? 'Sample' : 'Samples'),
    samples.map((s, i) => h('div', { class: 'sample' },
      h('h3', null, `Sample ${i + 1}`, h('span', { class: 'faint small' }, ` ${s.name}`)),
      h('div', { class: 'sample-grid' },
        h('div', { class: 'io' }, h('div', { class: 'io-label' }, 'Input', copyButton(() => s.input)), visibleText(s.input)),
        h('div', { class: 'io' }, h('div', { class: 'io-label' }, 'Output', copyButton(() => s.answer)), visibleText(s.answer))))));
}
