import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createServices } from '../../src-main/app/services';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';
import { demoPages, seedPages } from '../eval/helpers/seed';

describe('error-analysis view in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  let ids: number[];
  const tmp = tmpDir();
  const dataDir = `${tmp.dir}/data`;

  beforeAll(async () => {
    // A real data folder: pages with images, annotations and a run's predictions in SQLite.
    const s = createServices({ dataDir, transport: 'test' });
    ids = seedPages(s.db, dataDir, demoPages(), 'run:1');
    await s.close();
    app = await serveApp(dataDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('opens from #/runs?errors=run:1 and shows the FP/FN gallery with images, mistakes and curves', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.evaluate(() => (location.hash = '#/runs?errors=run%3A1'));
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Error analysis');

    const gallery = page.getByTestId('patch-gallery');
    await gallery.waitFor({ timeout: 30_000 });
    const patches = gallery.getByTestId('patch');
    // demo data at the suggested threshold: one false positive and one missed box on the second page
    await expect.poll(() => patches.count()).toBeGreaterThanOrEqual(2);
    await expect
      .poll(
        () =>
          gallery
            .locator('img')
            .evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length),
        { timeout: 30_000 },
      )
      .toBe(await patches.count());
    await expect.poll(() => gallery.locator('[data-kind="fp"]').count()).toBe(1);
    await expect.poll(() => gallery.locator('[data-kind="fn"]').count()).toBe(1);
    expect(await gallery.locator('rect.gt').count()).toBeGreaterThan(0);
    const shot = await screenshot(page, 'error-analysis-gallery');
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);

    // ground truth toggle hides the dashed truth boxes; the kind filter keeps only false positives
    await page.getByRole('checkbox', { name: 'Ground truth' }).uncheck();
    await expect.poll(() => gallery.locator('rect.gt').count()).toBe(0);
    await page.getByRole('radio', { name: 'False positives' }).check();
    await expect.poll(() => patches.count()).toBe(1);
    // a confidence filter above the false positive's score (0.92) empties the gallery
    await page.getByRole('slider', { name: 'Confidence filter' }).fill('0.95');
    await expect
      .poll(() => page.getByText('No false positives or false negatives at this confidence.').count())
      .toBe(1);

    // pages sorted by false negatives
    await page.getByRole('tab', { name: 'Pages' }).click();
    await expect.poll(() => page.getByTestId('error-pages').locator('tbody tr').count()).toBe(3);

    // curves with the best threshold
    await page.getByRole('tab', { name: 'Curves and metrics' }).click();
    await expect.poll(() => page.getByTestId('best-threshold').innerText()).toMatch(/Best F1 .* at confidence/);
    expect(await page.locator('canvas').count()).toBe(2);
    await screenshot(page, 'error-analysis-metrics');

    // a likely missing annotation, one click from the editor
    await page.getByRole('tab', { name: /Likely label mistakes/ }).click();
    const mistakes = page.getByTestId('mistakes');
    await expect.poll(() => mistakes.getByText(/maybe an annotation is missing/).count()).toBe(1);
    await mistakes
      .locator('li', { hasText: 'maybe an annotation is missing' })
      .getByRole('button', { name: /Open page/ })
      .click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/annotate?page=${ids[1]}`);
    expect(errors, failed.join('\n')).toEqual([]);
  });
});
