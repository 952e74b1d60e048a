// Line diff of expected vs actual output for the sample tests.
// Lines compare after dropping trailing blanks and CR (the exact-lines
// checker's rule); trailing empty lines are ignored, as both checkers do.

const norm = (line) => line.replace(/[ \t\r]+$/, '');

export function splitLines(text) {
  const lines = String(text ?? '').split('\n');
  while (lines.length && norm(lines[lines.length - 1]) === '') lines.pop();
  return lines;
}

/**
 * Rows for a side-by-side view: { kind: 'same'|'change'|'del'|'add',
 * a: {no, text}|null (expected), b: {no, text}|null (actual) }.
 */
export function diffLines(expected, actual) {
  const A = splitLines(expected);
  const B = splitLines(actual);
  const n = A.length;
  const m = B.length;
  const ops = []; // 'same' | 'del' | 'add', in order
  if (n * m > 4e6) {
    // Too big for the table: pair lines by position.
    for (let i = 0; i < Math.max(n, m); i++) {
      if (i < n && i < m && norm(A[i]) === norm(B[i])) ops.push(['same', i, i]);
      else {
        if (i < n) ops.push(['del', i, -1]);
        if (i < m) ops.push(['add', -1, i]);
      }
    }
  } else {
    // LCS table from the end, then walk forward.
    const w = m + 1;
    const L = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        L[i * w + j] = norm(A[i]) === norm(B[j]) ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && norm(A[i]) === norm(B[j])) ops.push(['same', i++, j++]);
      else if (j < m && (i === n || L[i * w + j + 1] >= L[(i + 1) * w + j])) ops.push(['add', -1, j++]);
      else ops.push(['del', i++, -1]);
    }
  }
  // Pair each run of deletions with the additions that follow as changes.
  const rows = [];
  for (let k = 0; k < ops.length;) {
    if (ops[k][0] === 'same') {
      rows.push({ kind: 'same', a: { no: ops[k][1] + 1, text: A[ops[k][1]] }, b: { no: ops[k][2] + 1, text: B[ops[k][2]] } });
      k++;
      continue;
    }
    const dels = [];
    const adds = [];
    while (k < ops.length && ops[k][0] !== 'same') {
      if (ops[k][0] === 'del') dels.push(ops[k][1]);
      else adds.push(ops[k][2]);
      k++;
    }
    for (let x = 0; x < Math.max(dels.length, adds.length); x++) {
      const a = x < dels.length ? { no: dels[x] + 1, text: A[dels[x]] } : null;
      const b = x < adds.length ? { no: adds[x] + 1, text: B[adds[x]] } : null;
      rows.push({ kind: a && b ? 'change' : a ? 'del' : 'add', a, b });
    }
  }
  return rows;
}

/** [prefix, middle, suffix] of each string around their common prefix and suffix. */
export function inlineDiff(a, b) {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const cut = (x) => [x.slice(0, p), x.slice(p, x.length - s), x.slice(x.length - s)];
  return [cut(a), cut(b)];
}
