// Problem statements: Markdown with $math$ rendered by KaTeX inside the
// Markdown pass (so `$i<j$` is seen before HTML escaping), then sanitized.
import { Marked } from 'marked';
import markedKatex from 'marked-katex-extension';
import DOMPurify from 'dompurify';
import { highlightCode } from '@lezer/highlight';
import { cppLanguage } from '@codemirror/lang-cpp';
import { pythonLanguage } from '@codemirror/lang-python';
import { highlighter } from './editor.js';

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Raw HTML that carries an event-handler attribute is shown as text.
// DOMPurify would drop the handler, but Chromium reports a CSP violation as
// soon as such markup is parsed, even in DOMPurify's inert document; and no
// statement needs one.
const handlersAsText = {
  renderer: {
    html(token) {
      if (!/\bon[a-z]+\s*=/i.test(token.text)) return false;
      return token.block ? `<p>${escapeHtml(token.text)}</p>\n` : escapeHtml(token.text);
    },
  },
};

// Fenced code in C, C++ or Python is coloured like the editor.
const PARSERS = { c: cppLanguage, cpp: cppLanguage, 'c++': cppLanguage, h: cppLanguage, python: pythonLanguage, py: pythonLanguage };
const highlightFences = {
  renderer: {
    code({ text, lang }) {
      const language = PARSERS[(lang || '').trim().toLowerCase()];
      if (!language) return false;
      let html = '';
      highlightCode(text, language.parser.parse(text), highlighter,
        (t, cls) => { html += cls ? `<span class="${cls}">${escapeHtml(t)}</span>` : escapeHtml(t); },
        () => { html += '\n'; });
      return `<pre><code class="language-${escapeHtml(lang.trim())}">${html}</code></pre>\n`;
    },
  },
};

const marked = new Marked(
  { gfm: true, breaks: false },
  // nonStandard: `($n$)` and `$n$,` are math too, not only `$n$` between spaces.
  markedKatex({ throwOnError: false, nonStandard: true, output: 'htmlAndMathml' }),
  handlersAsText,
  highlightFences,
);

const purify = DOMPurify();
// Links in a statement open in a new tab and tell nothing about this page.
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    const href = node.getAttribute('href');
    if (!href.startsWith('#')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  }
});

const PURIFY_OPTIONS = {
  USE_PROFILES: { html: true, mathMl: true },
  // A statement may not restyle the page or put controls in it.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option'],
  ADD_ATTR: ['target'],
};

/** Markdown (problem text) -> sanitized DocumentFragment. */
export function renderMarkdown(text) {
  const html = marked.parse(String(text ?? ''), { async: false });
  return purify.sanitize(html, { ...PURIFY_OPTIONS, RETURN_DOM_FRAGMENT: true });
}
