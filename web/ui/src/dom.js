// DOM building without innerHTML. Strings always become text nodes, so
// anything that comes from a user (source, output, logs, messages) is inert.
// The one place that writes HTML is markdown.js, after DOMPurify.

/**
 * h('a', { href: '#/', class: 'x', onclick: fn }, 'text', node, [more])
 * Attributes: `class`, `dataset` (object), `on<event>` (function), booleans
 * (true sets, false/null/undefined omits), anything else via setAttribute.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Monospace text with tabs, trailing spaces and a missing final newline made visible. */
export function visibleText(text, className = 'ws-text') {
  const pre = h('pre', { class: className });
  const lines = text.split('\n');
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  lines.forEach((line, i) => {
    if (i) pre.append('\n');
    appendVisibleLine(pre, line);
  });
  if (text !== '' && !endsWithNewline) pre.append(h('span', { class: 'ws-nonl', title: 'no newline at end' }));
  return pre;
}

/** One line, whitespace marks drawn with CSS so that copying gives the real text. */
export function appendVisibleLine(parent, line) {
  const trail = line.length - line.replace(/[ \t\r]+$/, '').length;
  const body = line.slice(0, line.length - trail);
  const parts = body.split('\t');
  parts.forEach((p, i) => {
    if (i) parent.append(h('span', { class: 'ws-tab' }, '\t'));
    if (p) parent.append(p);
  });
  for (const ch of line.slice(line.length - trail)) {
    if (ch === '\t') parent.append(h('span', { class: 'ws-tab' }, '\t'));
    else if (ch === '\r') parent.append(h('span', { class: 'ws-cr', title: 'carriage return' }, '\r'));
    else parent.append(h('span', { class: 'ws-sp' }, ' '));
  }
  return parent;
}

export function fmtMs(ms) {
  if (ms == null) return '–';
  if (ms < 1000) return `${ms} ms`;
  // 1 s, 1.5 s, 2.35 s: no trailing zeros.
  return `${Number((ms / 1000).toFixed(ms < 10000 ? 2 : 1))} s`;
}

export function fmtKb(kb) {
  if (kb == null) return '–';
  if (kb < 1024) return `${kb} KB`;
  const mb = kb / 1024;
  return `${mb < 100 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

const rtf = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

export function parseTime(s) {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtWhen(s) {
  const d = parseTime(s);
  if (!d) return s || '–';
  const sec = Math.round((d.getTime() - Date.now()) / 1000);
  const abs = Math.abs(sec);
  if (!rtf) return d.toLocaleString();
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(sec / 3600), 'hour');
  if (abs < 86400 * 7) return rtf.format(Math.round(sec / 86400), 'day');
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function timeEl(s) {
  const d = parseTime(s);
  return h('time', { datetime: s, title: d ? d.toLocaleString() : null }, fmtWhen(s));
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h('textarea', { class: 'offscreen', readonly: true }, text);
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function copyButton(getText, label = 'Copy') {
  const btn = h('button', { type: 'button', class: 'btn btn-small btn-ghost copy', title: 'Copy to clipboard' }, label);
  btn.addEventListener('click', async () => {
    const ok = await copyText(getText());
    btn.textContent = ok ? 'Copied' : 'Copy failed';
    btn.classList.toggle('done', ok);
    setTimeout(() => {
      btn.textContent = label;
      btn.classList.remove('done');
    }, 1200);
  });
  return btn;
}

let toastTimer = 0;
export function toast(message, kind = 'info') {
  let el = document.getElementById('toast');
  if (!el) {
    el = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  el.className = `toast show ${kind}`;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), kind === 'error' ? 6000 : 2500);
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const modKey = isMac ? '⌘' : 'Ctrl';
