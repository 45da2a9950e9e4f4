import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';

const VIEWS = ['Library', 'Annotate', 'Synthetic', 'Train', 'Runs', 'Review', 'Audit', 'Settings'];

describe('app shell in Chromium', () => {
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

  it('loads without console errors, reaches every view and shows a job progress bar moving', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    // the token moved into a cookie and out of the address bar
    expect(page.url()).not.toContain('token=');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const v of VIEWS) {
      await nav.getByRole('link', { name: v, exact: true }).click();
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(v);
    }
    // Settings shows the data folder and the ML backend in use
    await expect.poll(() => page.getByTestId('data-dir').innerText()).toContain(`${tmp.dir}/data`);
    await expect
      .poll(() => page.getByTestId('backend-selected').innerText(), { timeout: 30_000 })
      .toMatch(/wasm|tfjs-node/);

    // A real job (backend speed check in a worker) shows progress in the jobs panel.
    await page.getByRole('button', { name: /^Jobs/ }).click();
    await page.getByRole('button', { name: 'Measure speed' }).click();
    const bar = page.getByRole('progressbar', { name: /Check ML backend speed/ });
    await bar.waitFor({ timeout: 30_000 });
    const seen = new Set<string>();
    for (let i = 0; i < 100 && seen.size < 2; i++) {
      const v = await bar.getAttribute('aria-valuenow').catch(() => null);
      if (v !== null) seen.add(v);
      await page.waitForTimeout(50);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('gflops').innerText(), { timeout: 60_000 }).toMatch(/GFLOP\/s/);
    const shot = await screenshot(page, 'shell-settings');
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);

    // Theme switch persists through a reload
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole('button', { name: 'Switch light/dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(before);
    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(before);
    expect(errors).toEqual([]);
  });
});
