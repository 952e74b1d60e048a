// Verdict codes of the result JSON (docs/result-schema.md) and how to show them.
import { h } from './dom.js';

export const VERDICTS = {
  AC: 'Accepted',
  WA: 'Wrong answer',
  TLE: 'Time limit exceeded',
  MLE: 'Memory limit exceeded',
  OLE: 'Output limit exceeded',
  RE: 'Run-time error',
  CE: 'Compile error',
  SV: 'Security violation',
  IE: 'Internal error',
};

export const STATUS = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export const verdictName = (v) => VERDICTS[v] || v;

/** A coloured pill: `AC`, `WA`, … or the status while the submission is not judged yet. */
export function verdictBadge(verdict, { status, long = false } = {}) {
  if (!verdict) {
    const s = status || 'queued';
    return h('span', { class: `verdict v-${s}`, title: STATUS[s] || s }, s === 'running' || s === 'queued' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, STATUS[s] || s);
  }
  return h('span', { class: `verdict v-${verdict}`, title: verdictName(verdict) }, long ? verdictName(verdict) : verdict);
}

export function difficultyBadge(d) {
  return h('span', { class: `badge diff-${d}` }, d ? d[0].toUpperCase() + d.slice(1) : '–');
}

export const LANG_NAMES = { c: 'C', cpp: 'C++', python: 'Python' };
export const langName = (id) => LANG_NAMES[id] || id;
