import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { serveApp, type ServedApp } from '../helpers/app-server';
import { SHARED, tmpDir } from '../helpers/tmp';

const F = path.join(SHARED, 'fixtures', 'pdf-audit');

describe('Audit view in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  const tmp = tmpDir();

  beforeAll(async () => {
    app = await serveApp(`${tmp.dir}/data`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('audits uploaded fixture PDFs, shows the findings per page, reveals one after confirming and exports CSV', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click();
    await page
      .getByTestId('audit-file-input')
      .setInputFiles([
        path.join(F, 'rectangles_yes.pdf'),
        path.join(F, 'ok_words.pdf'),
        path.join(F, 'whitespace_redactions.pdf'),
      ]);
    await expect.poll(() => page.getByTestId('audit-files').locator('li').count()).toBe(3);
    await page.getByRole('button', { name: 'Run audit' }).click();
    const summary = page.getByTestId('audit-summary');
    await summary.waitFor({ timeout: 90_000 });
    await expect
      .poll(() => summary.innerText())
      .toMatch(/3 bad redaction\(s\) hiding 64 characters on 1 of 3 page\(s\) in 3 file\(s\)/);

    const files = page.getByTestId('audit-file');
    await expect.poll(() => files.count()).toBe(3);
    const yes = files.filter({ hasText: 'rectangles_yes.pdf' });
    const leaks = yes.getByTestId('leak-summary');
    await expect
      .poll(() => leaks.allInnerTexts())
      .toEqual([
        expect.stringMatching(/^4 characters hidden \(sha1 0883b6131de5…\)/),
        expect.stringMatching(/^56 characters hidden/),
        expect.stringMatching(/^4 characters hidden/),
      ]);
    // the page image with the boxes drawn is loaded
    const img = yes.locator('img').first();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(500);
    // the files that are fine show no leak
    await expect.poll(() => files.filter({ hasText: 'ok_words.pdf' }).getByTestId('leak-summary').count()).toBe(0);
    expect(await page.getByTestId('revealed-text').count()).toBe(0);
    await screenshot(page, 'audit-findings');

    // reveal needs a confirmation, then shows the text
    await yes.getByRole('button', { name: 'Reveal…' }).nth(1).click();
    await page.getByRole('alertdialog', { name: 'Reveal hidden text' }).waitFor();
    await page.getByRole('button', { name: 'Show text' }).click();
    await expect
      .poll(() => page.getByTestId('revealed-text').first().innerText())
      .toBe('\u201cYes\u201d, but did not disclose all relevant medical history');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file ?? '', 'utf8');
    expect(csv.split('\n').filter((l) => l.includes(',text_under_box,leak,'))).toHaveLength(3);
    expect(csv).not.toContain('medical history');
    await screenshot(page, 'audit-revealed');
    expect(errors).toEqual([]);
  });
});
