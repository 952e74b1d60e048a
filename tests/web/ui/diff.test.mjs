// The sample diff's line matching (web/ui/src/diff.js), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, inlineDiff, splitLines } from '../../../web/ui/src/diff.js';

const kinds = (rows) => rows.map((r) => r.kind).join(' ');

test('equal outputs are all "same", trailing blanks and empty lines ignored', () => {
  const rows = diffLines('47\n3\n-3\n', '47 \n3\r\n-3\n\n\n');
  assert.equal(kinds(rows), 'same same same');
  assert.deepEqual(rows.map((r) => [r.a.no, r.b.no]), [[1, 1], [2, 2], [3, 3]]);
});

test('a changed line pairs expected with actual', () => {
  const rows = diffLines('47\n3\n-3\n-2\n', '47\n3\n-4\n-2\n');
  assert.equal(kinds(rows), 'same same change same');
  assert.deepEqual([rows[2].a.text, rows[2].b.text], ['-3', '-4']);
});

test('missing and extra lines', () => {
  assert.equal(kinds(diffLines('1\n2\n3\n', '1\n3\n')), 'same del same');
  assert.equal(kinds(diffLines('1\n3\n', '1\n2\n3\n')), 'same add same');
  assert.equal(kinds(diffLines('1\n2\n', '')), 'del del');
  assert.equal(kinds(diffLines('', 'x\n')), 'add');
  assert.deepEqual(diffLines('', ''), []);
});

test('interior whitespace counts (exact-lines), trailing does not', () => {
  assert.equal(kinds(diffLines('a  b\n', 'a b\n')), 'change');
  assert.equal(kinds(diffLines('a b\t\n', 'a b\n')), 'same');
});

test('very long outputs fall back to pairing by position', () => {
  const a = Array.from({ length: 3000 }, (_, i) => String(i)).join('\n');
  const b = a.replace(/^1500$/m, 'x');
  const changed = diffLines(a, b).filter((r) => r.kind !== 'same');
  assert.deepEqual(changed.map((r) => [r.kind, r.a.text, r.b.text]), [['change', '1500', 'x']]);
});

test('inlineDiff isolates the differing middle', () => {
  assert.deepEqual(inlineDiff('-3', '-4'), [['-', '3', ''], ['-', '4', '']]);
  assert.deepEqual(inlineDiff('abc', 'abc'), [['abc', '', ''], ['abc', '', '']]);
  assert.deepEqual(inlineDiff('The    judge', 'The judge'), [['The ', '   ', 'judge'], ['The ', '', 'judge']]);
});

test('splitLines drops only trailing empty lines', () => {
  assert.deepEqual(splitLines('a\n\nb\n\n'), ['a', '', 'b']);
  assert.deepEqual(splitLines(null), []);
});
