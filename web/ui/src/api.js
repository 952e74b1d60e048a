// The JSON API of judge-web (docs/api.md). Paths are relative to the page so
// the UI also works behind a reverse proxy that mounts it under a prefix.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  let res;
  try {
    res = await fetch(`api/${path}`, {
      method,
      signal,
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Cannot reach the judge server. Is judge-web still running?');
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'bad_json', `The server sent something that is not JSON (${path})`);
    }
  }
  if (!res.ok) {
    const err = data && data.error;
    throw new ApiError(res.status, err?.code || 'http', err?.message || `${res.status} ${res.statusText}`);
  }
  return data;
}

const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const str = s.toString();
  return str ? `?${str}` : '';
};

export const getProblems = (signal) => api('problems', { signal });
export const getProblem = (id, signal) => api(`problems/${encodeURIComponent(id)}`, { signal });
export const getSubmission = (id, signal) => api(`submissions/${encodeURIComponent(id)}`, { signal });
export const listSubmissions = (params, signal) => api(`submissions${q(params)}`, { signal });
export const createSubmission = (body, signal) => api('submissions', { method: 'POST', body, signal });
export const getHealth = (signal) => api('health', { signal });

/** Sleep that ends early (rejecting) when the signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * Polls GET /api/submissions/{id} until status is done or failed, calling
 * onUpdate with every new state. Backoff: 300 ms, x1.5, at most 3 s; a
 * network error waits the longest interval and retries.
 */
export async function pollSubmission(id, onUpdate, signal) {
  let delay = 300;
  let last = '';
  for (;;) {
    let sub = null;
    try {
      sub = await getSubmission(id, signal);
    } catch (e) {
      if (signal?.aborted || (e instanceof ApiError && e.status === 404)) throw e;
      onUpdate(null, e);
      await sleep(3000, signal);
      continue;
    }
    const key = `${sub.status}|${sub.result ? 1 : 0}`;
    if (key !== last) {
      last = key;
      onUpdate(sub, null);
      // The header's queue counter listens for this.
      window.dispatchEvent(new Event('judge:activity'));
    }
    if (sub.status === 'done' || sub.status === 'failed') return sub;
    await sleep(delay, signal);
    delay = Math.min(3000, Math.round(delay * 1.5));
  }
}
