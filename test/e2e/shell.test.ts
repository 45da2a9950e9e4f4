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
    // record every value the bar shows, however short-lived it is
    await page.evaluate(() => {
      const w = window as unknown as { barValues: string[] };
      w.barValues = [];
      const look = (): void => {
        const bars = document.querySelectorAll('[role="progressbar"]');
        for (let i = 0; i < bars.length; i++) {
          const el = bars.item(i);
          const name = el.getAttribute('aria-label') ?? '';
          const v = el.getAttribute('aria-valuenow');
          if (/Check ML backend speed/.test(name) && v !== null && !w.barValues.includes(v)) w.barValues.push(v);
        }
      };
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      });
    });
    await page.getByRole('button', { name: 'Measure speed' }).click();
    await page.getByRole('progressbar', { name: /Check ML backend speed/ }).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { barValues: string[] }).barValues.length), {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(2);
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
