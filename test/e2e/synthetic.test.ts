import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { rpc, serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';

describe('Synthetic view in Chromium', () => {
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

  it('previews pages with their boxes, generates pages as a job into a dataset and counts them', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Synthetic', exact: true }).click();
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Synthetic');

    // the preview gallery fills itself: images loaded, boxes drawn, style names on hover
    const cards = page.getByTestId('synth-preview');
    await expect.poll(() => cards.count(), { timeout: 60_000 }).toBe(4);
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="synth-preview"] img')
            .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 500)),
        { timeout: 30_000 },
      )
      .toBe(true);
    const redactions = cards.locator('rect.redaction');
    expect(await redactions.count()).toBeGreaterThan(0);
    expect(await cards.locator('rect.content').count()).toBe(4);
    const style = await redactions.first().getAttribute('data-style');
    await redactions.first().hover({ force: true });
    await expect.poll(() => page.getByTestId('synth-hover').first().innerText()).toContain(style ?? 'x');

    // a page opens larger
    await cards
      .first()
      .getByRole('button', { name: /Open page \d+ larger/ })
      .click();
    await expect.poll(() => page.locator('dialog[open] img').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);

    // choosing a profile regenerates the preview; "negatives only" draws no redactions
    await page.getByTestId('synth-profile').selectOption('negatives-only');
    await expect.poll(() => cards.locator('rect.redaction').count(), { timeout: 60_000 }).toBe(0);
    await page.getByTestId('synth-profile').selectOption('default');

    // generate 3 pages as a job into a dataset split
    await page.getByLabel('Pages', { exact: true }).fill('3');
    await page.getByTestId('synth-dataset').fill('e2e mix');
    await page.getByRole('button', { name: 'Generate 3 pages' }).click();
    await page.getByRole('button', { name: /^Jobs/ }).click();
    await expect
      .poll(() => page.getByText('Generate 3 synthetic pages (default, seed 1)').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('synth-result').innerText(), { timeout: 120_000 })
      .toContain('Added 3 pages');
    await page.keyboard.press('Escape');
    const row = page.locator('[data-testid="synth-ratios"] tr[data-dataset="e2e mix"]');
    await expect.poll(() => row.getByTestId('synthetic-pages').innerText()).toBe('3');

    // the pages are in the library, flagged synthetic
    const ratios = await rpc<{ name: string; syntheticPages: number; realPages: number }[]>(app, 'synth:datasetRatios');
    expect(ratios.find((r) => r.name === 'e2e mix')).toMatchObject({ syntheticPages: 3, realPages: 0 });

    // save the current settings as a profile
    await page.getByLabel('Profile name').fill('my mix');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('synth-profile').inputValue()).toBe('my mix');
    const profiles = await rpc<{ name: string; builtIn: boolean }[]>(app, 'synth:profiles');
    expect(profiles.find((p) => p.name === 'my mix')?.builtIn).toBe(false);

    const shot = await screenshot(page, 'synthetic-view');
    expect(fs.statSync(shot).size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
  });
});
