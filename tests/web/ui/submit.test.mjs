// Editor, Run on samples, Submit, submission page and history, in a real
// browser against the real judge-web and its worker. The tests run in order
// and share one server: the history test sees what the others submitted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, startServer, launchBrowser, openPage, screenshot, pasteIntoEditor, editorText, savedDraft,
  injectedCount, NOTHING_INJECTED, PROBLEM, CORRECT_C, FLOOR_DIVISION_PY, XSS_C,
} from './helpers.mjs';

const skip = skipReason();
// Judging every test (generated large ones included) can take a while on a cold cache.
const JUDGE_TIMEOUT = Number(process.env.JUDGE_UI_JUDGE_TIMEOUT_MS || 240000);

async function pickLanguage(page, id) {
  const ids = await page.locator('#language option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(ids.includes(id), `the problem offers ${id} (it offers ${ids})`);
  await page.selectOption('#language', id);
}

describe('submitting', { skip: skip || false }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('accepts a correct C solution submitted with Ctrl+Enter', { timeout: JUDGE_TIMEOUT + 30000 }, async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/problems/${PROBLEM}`);
      await pickLanguage(page, 'c');
      await pasteIntoEditor(page, CORRECT_C);
      // The editor holds exactly what was pasted (no re-indentation), and keeps it as the draft.
      assert.equal(await savedDraft(page, PROBLEM, 'c', CORRECT_C), CORRECT_C);
      await page.keyboard.press('Control+Enter');
      await page.locator('#run-result .result-kind', { hasText: 'Submission' }).waitFor();
      const banner = page.locator('#run-result .banner:not(.v-queued):not(.v-running)');
      await banner.waitFor({ timeout: JUDGE_TIMEOUT });
      const text = await banner.innerText();
      assert.match(text, /Accepted/, `verdict banner: ${text}\n${server.log()}`);
      assert.match(text, /(\d+) \/ \1 tests passed/);
      await screenshot(page, 'submit-accepted');
      // The draft survives a reload.
      await page.reload();
      await page.locator('#editor .cm-content').waitFor();
      assert.match(await editorText(page), /static long long factor\(void\)/);
      s.check();
    } finally {
      await s.close();
    }
  });

  it('shows WA and a diff against the sample answer for Run on samples', { timeout: JUDGE_TIMEOUT }, async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/problems/${PROBLEM}`);
      await pickLanguage(page, 'python');
      await pasteIntoEditor(page, FLOOR_DIVISION_PY);
      await page.getByRole('button', { name: /Run on samples/ }).click();
      await page.locator('#run-result .result-kind', { hasText: 'Run on samples' }).waitFor();
      const banner = page.locator('#run-result .banner:not(.v-queued):not(.v-running)');
      await banner.waitFor({ timeout: JUDGE_TIMEOUT });
      assert.match(await banner.innerText(), /Wrong answer/);
      assert.match(await banner.innerText(), /samples only/);
      // Sample 1, line 3: -7 / 2 is -3; floor division prints -4.
      const change = page.locator('#run-result .diff-table tr.d-change').first();
      await change.waitFor();
      const cells = await change.locator('td.code').allInnerTexts();
      assert.deepEqual(cells.map((c) => c.trim()), ['-3', '-4']);
      assert.equal(await page.locator('#run-result .diff-table tr.d-same').count() >= 1, true);
      await screenshot(page, 'run-samples-wrong-answer');
      s.check();
    } finally {
      await s.close();
    }
  });

  it('keeps a hostile source and its output inert', { timeout: JUDGE_TIMEOUT }, async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/problems/${PROBLEM}`);
      await pickLanguage(page, 'c');
      // Typed key by key, as a user would.
      await page.locator('#editor .cm-content').click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Delete');
      await page.keyboard.type(XSS_C);
      assert.equal(await editorText(page), XSS_C);
      await page.keyboard.press("Control+'");
      const banner = page.locator('#run-result .banner:not(.v-queued):not(.v-running)');
      await banner.waitFor({ timeout: JUDGE_TIMEOUT });
      assert.match(await banner.innerText(), /Wrong answer/);
      const out = await page.locator('#run-result .diff-table tr.d-change td.code').nth(1).innerText();
      assert.match(out, /<script>alert\(1\)<\/script><img src=x onerror=alert\(2\)>/);
      assert.deepEqual(await injectedCount(page), NOTHING_INJECTED);

      // The submission page shows the same source as text.
      await page.locator('#run-result a', { hasText: 'details' }).click();
      await page.locator('.source-section .cm-content').waitFor();
      assert.equal(await editorText(page, '.source-section'), XSS_C);
      await page.locator('.tests').waitFor();
      await page.locator('.tests .diff-table').waitFor();
      assert.deepEqual(await injectedCount(page), NOTHING_INJECTED);
      await page.waitForTimeout(300);
      await screenshot(page, 'submission-xss-source');
      s.check();
    } finally {
      await s.close();
    }
  });

  it('shows a submission with its per-test table, source and sandbox report', async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/history?verdict=AC`);
      await page.locator('table.history tbody tr').first().waitFor();
      await page.locator('table.history tbody tr').first().locator('a', { hasText: '#' }).click();
      await page.locator('.submission-result .banner.v-AC').waitFor();
      const rows = page.locator('.tests tr.test-row');
      assert.ok(await rows.count() > 1, 'every test has a row');
      const first = await rows.first().locator('td').allInnerTexts();
      assert.equal(first[1], 'sample');
      assert.equal(first[2], 'AC');
      assert.match(first[3], /\d+ ms|s$/);
      assert.ok(await page.locator('.strip .cell.v-AC').count() === await rows.count());
      assert.match(await page.locator('footer.isolation').innerText(), /sandbox: \S+/);
      assert.match(await editorText(page, '.source-section'), /static long long factor\(void\)/);
      await screenshot(page, 'submission-page');
      s.check();
    } finally {
      await s.close();
    }
  });

  it('lists the submissions in the history, filtered by verdict', async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/history`);
      const rows = page.locator('table.history tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 3);
      const verdicts = await page.locator('table.history tbody .verdict').allInnerTexts();
      assert.deepEqual(verdicts, ['WA', 'WA', 'AC']);
      await screenshot(page, 'history');
      await page.selectOption('#filter-verdict', 'WA');
      await page.waitForURL(/verdict=WA/);
      // The view re-renders after the address changes: wait for the new row count.
      await page.waitForFunction(() => document.querySelectorAll('table.history tbody tr').length === 2);
      assert.deepEqual(await page.locator('table.history tbody .verdict').allInnerTexts(), ['WA', 'WA']);
      await page.selectOption('#filter-language', 'python');
      await page.waitForURL(/language=python/);
      await page.waitForFunction(() => document.querySelectorAll('table.history tbody tr').length === 1);
      assert.match(await page.locator('table.history tbody tr').innerText(), /Python/);
      // Pages of two: the second (older, through `before`) has the third row.
      await page.goto(`${server.url}#/history?limit=2`);
      await page.waitForFunction(() => document.querySelectorAll('table.history tbody tr').length === 2);
      await page.locator('#older').click();
      await page.waitForURL(/before=\d+/);
      await page.waitForFunction(() => document.querySelectorAll('table.history tbody tr').length === 1);
      assert.equal(await page.locator('table.history tbody .verdict').innerText(), 'AC');
      assert.equal(await page.locator('#older').count(), 0, 'no page after the last');
      await page.getByRole('link', { name: '← Newest' }).click();
      await page.waitForFunction(() => document.querySelectorAll('table.history tbody tr').length === 2);
      // The problem list now shows the best verdict.
      await page.goto(server.url);
      await page.locator('table.problems tbody tr', { hasText: PROBLEM }).locator('.best-cell .verdict.v-AC').waitFor();
      s.check();
    } finally {
      await s.close();
    }
  });
});
