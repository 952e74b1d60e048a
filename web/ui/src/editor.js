// The code editor: CodeMirror 6 with only the pieces a candidate uses.
// Colours come from CSS variables in app.css (light and dark alike); syntax
// tokens get `tok-*` classes rather than inline colours.
import { EditorState, Prec } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, highlightActiveLine, placeholder as placeholderExt,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  indentOnInput, indentUnit, bracketMatching, syntaxHighlighting, foldGutter, foldKeymap,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap, autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tagHighlighter, tags as t } from '@lezer/highlight';
import { cpp } from '@codemirror/lang-cpp';
import { python } from '@codemirror/lang-python';

// Also used for code blocks in statements (markdown.js).
export const highlighter = tagHighlighter([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.definitionKeyword, t.operatorKeyword, t.modifier], class: 'tok-keyword' },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], class: 'tok-type' },
  { tag: [t.string, t.character, t.docString], class: 'tok-string' },
  { tag: [t.escape, t.special(t.string), t.regexp], class: 'tok-escape' },
  { tag: [t.number, t.bool, t.atom, t.null, t.constant(t.variableName)], class: 'tok-number' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], class: 'tok-comment' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.function(t.propertyName)], class: 'tok-fn' },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], class: 'tok-def' },
  { tag: [t.propertyName, t.attributeName], class: 'tok-prop' },
  { tag: [t.macroName, t.meta, t.processingInstruction, t.annotation], class: 'tok-meta' },
  { tag: [t.self, t.special(t.variableName)], class: 'tok-special' },
  { tag: t.operator, class: 'tok-op' },
  { tag: t.invalid, class: 'tok-invalid' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--code-fg)', backgroundColor: 'var(--code-bg)', height: '100%', fontSize: 'var(--code-size)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--accent)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--code-sel)' },
  '.cm-gutters': { backgroundColor: 'var(--code-gutter-bg)', color: 'var(--faint)', border: 'none', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--code-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--code-active)', color: 'var(--muted)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 12px', minWidth: '3ch' },
  '.cm-foldGutter .cm-gutterElement': { padding: '0 4px', cursor: 'pointer' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--code-match)', outline: '1px solid var(--line-strong)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--code-match)' },
  '.cm-searchMatch': { backgroundColor: 'var(--code-search)', outline: '1px solid var(--warn)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--line-strong)', color: 'var(--fg)', borderRadius: '6px' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--fg)' },
  '.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
  '.cm-placeholder': { color: 'var(--faint)' },
});

function languageSupport(id) {
  if (id === 'c' || id === 'cpp') return cpp();
  if (id === 'python') return python();
  return [];
}

/**
 * createEditor(parent, { doc, language, readOnly, onChange, onSubmit, onRun, label })
 * returns { view, load, replace, getDoc, focus, destroy }.
 */
export function createEditor(parent, opts = {}) {
  const run = (fn) => () => {
    fn?.();
    return true;
  };
  const common = [
    lineNumbers(),
    highlightSpecialChars(),
    drawSelection(),
    syntaxHighlighting(highlighter),
    bracketMatching(),
    theme,
    EditorState.tabSize.of(4),
    indentUnit.of('    '),
    EditorView.contentAttributes.of({ 'aria-label': opts.label || 'Source code' }),
  ];
  if (opts.readOnly) {
    common.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
  } else {
    common.push(
      highlightActiveLineGutter(),
      highlightActiveLine(),
      foldGutter({ markerDOM: (open) => Object.assign(document.createElement('span'), { className: 'fold', textContent: open ? '▾' : '▸' }) }),
      history(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      closeBrackets(),
      autocompletion(),
      highlightSelectionMatches(),
      placeholderExt(opts.placeholder || 'Write your solution here'),
      // Before the default keymap, which binds Mod-Enter to "insert blank line".
      Prec.highest(keymap.of([
        { key: 'Mod-Enter', run: run(opts.onSubmit) },
        { key: "Mod-'", run: run(opts.onRun) },
      ])),
      keymap.of([
        ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
        ...foldKeymap, ...completionKeymap, indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) opts.onChange?.(u.state.doc.toString());
      }),
    );
  }
  const makeState = (doc, language) => EditorState.create({ doc, extensions: [common, languageSupport(language)] });
  const view = new EditorView({ state: makeState(opts.doc || '', opts.language), parent });
  return {
    view,
    /** Another document and language, with its own undo history. */
    load(doc, language) {
      view.setState(makeState(doc, language));
    },
    /** Replaces the text as one undoable change (Ctrl+Z brings the old text back). */
    replace(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
    },
    getDoc: () => view.state.doc.toString(),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
