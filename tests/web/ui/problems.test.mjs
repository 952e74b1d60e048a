// Problem list and problem page in a real browser against the real judge-web:
// list with difficulty and filters, statement with KaTeX math, samples, and a
// statement full of markup that must stay inert.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, startServer, launchBrowser, openPage, screenshot, injectedCount, NOTHING_INJECTED, PROBLEM,
} from './helpers.mjs';

const skip = skipReason();

describe('problems', { skip: skip || false }, () => {
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

  it('lists the problems with difficulty and filters them', async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(server.url);
      const row = page.locator('table.problems tbody tr', { hasText: PROBLEM });
      await row.waitFor();
      assert.match(await row.locator('.badge').first().innerText(), /^(Easy|Medium|Hard)$/);
      assert.ok(await row.locator('.chip').count() > 0, 'tags are shown');
      assert.equal(await row.locator('.best-cell').innerText(), 'not tried');
      // The hostile title is text.
      await page.locator('table.problems tbody tr', { hasText: 'Echo <img src=x' }).waitFor();
      await screenshot(page, 'problems-list');

      // Filter by search, then by difficulty and tag through the controls.
      await page.keyboard.press('/');
      await page.keyboard.type('echo');
      assert.equal(await page.locator('table.problems tbody tr').count(), 1);
      assert.match(page.url(), /q=echo/);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('table.problems tbody tr').count(), 2);
      await page.getByRole('button', { name: 'Hard', exact: true }).click();
      const hard = await page.locator('table.problems tbody tr').count();
      await page.getByRole('button', { name: 'All', exact: true }).click();
      await page.locator('.filters .chip', { hasText: 'test' }).click();
      assert.equal(await page.locator('table.problems tbody tr').count(), 1);
      assert.ok(hard <= 2);
      s.check();
    } finally {
      await s.close();
    }
  });

  it('renders the statement with KaTeX math, limits and samples', async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/problems/${PROBLEM}`);
      await page.locator('#statement .katex').first().waitFor();
      assert.ok(await page.locator('#statement .katex').count() >= 3, 'math is rendered by KaTeX');
      assert.equal(await page.locator('#statement .katex-error').count(), 0, 'no KaTeX parse errors');
      // KaTeX's fonts come from this server and load.
      const fontsOk = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded');
      });
      assert.ok(fontsOk, 'a KaTeX font loaded');
      assert.match(await page.locator('.limits').innerText(), /time limit[\s\S]*per test/i);
      const samples = page.locator('.samples .sample');
      assert.ok(await samples.count() >= 1, 'samples are shown');
      const input = await samples.first().locator('.ws-text').first().textContent();
      assert.ok(input.trim().length > 0, 'sample input shown');
      const langs = await page.locator('#language option').allTextContents();
      assert.ok(langs.length >= 1, `languages from the API: ${langs}`);
      await page.locator('#editor .cm-content').waitFor();
      await screenshot(page, 'problem-page');
      s.check();
    } finally {
      await s.close();
    }
  });

  it('keeps markup in a problem statement, title and samples inert', async () => {
    const s = await openPage(browser);
    try {
      const { page } = s;
      await page.goto(`${server.url}#/problems/xss-statement`);
      await page.locator('#statement', { hasText: 'MARKER-END-OF-STATEMENT' }).waitFor();
      assert.ok(await page.locator('#statement .katex').count() >= 2, 'math still renders');
      assert.equal(await page.locator('h1.problem-title').innerText(), 'Echo <img src=x onerror="alert(\'title\')">');
      assert.match(await page.locator('.samples').innerText(), /<script>alert\("sample"\)<\/script>/);
      assert.deepEqual(await injectedCount(page), NOTHING_INJECTED);
      assert.ok(await page.locator('body').isVisible(), 'the statement could not restyle the page');
      // Give any handler a moment to fire before looking for dialogs.
      await page.waitForTimeout(300);
      await screenshot(page, 'problem-xss-statement');
      s.check();
    } finally {
      await s.close();
    }
  });
});
