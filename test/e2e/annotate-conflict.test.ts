import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';
import { boxClasses, drawOnPage, importPages, openEditor, saveState, storedPage } from './annotate-fixture';

/** The save channel's URL (the client percent-encodes the colon). */
const SAVE = /\/api\/rpc\/annotations(%3A|:)save$/;

/** Holds a tab's saves (as a slow network would) until `release()`. */
async function holdSaves(page: Page): Promise<{ held: () => number; release: () => Promise<void> }> {
  const routes: Route[] = [];
  let holding = true;
  await page.route(SAVE, (route) => (holding ? void routes.push(route) : route.continue()));
  return {
    held: () => routes.length,
    release: async () => {
      holding = false;
      for (const r of routes.splice(0)) await r.continue();
    },
  };
}

describe('annotation editor: two tabs, conflicts and failed saves', () => {
  let app: ServedApp;
  let browser: Browser;
  let pages: number[];
  const tmp = tmpDir();

  beforeAll(async () => {
    pages = importPages(`${tmp.dir}/data`);
    app = await serveApp(`${tmp.dir}/data`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('shows a clean second tab the boxes another tab saved, without a reload', async () => {
    const a = await openPage(browser, app.launchUrl);
    const b = await openPage(browser, app.launchUrl);
    const pageId = pages[0]!;
    await openEditor(a.page, app, pageId);
    await openEditor(b.page, app, pageId);
    await drawOnPage(a.page, 60, 60, 200, 90);
    await expect.poll(() => saveState(a.page)).toBe('saved');
    await expect.poll(() => boxClasses(b.page)).toEqual(['redaction']);
    await expect.poll(() => b.page.getByRole('status').filter({ hasText: 'another window' }).count()).toBe(1);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('refuses a stale edit from a second tab with a conflict message and overwrites nothing', async () => {
    const a = await openPage(browser, app.launchUrl);
    const b = await openPage(browser, app.launchUrl);
    const pageId = pages[1]!;
    await openEditor(a.page, app, pageId);
    await openEditor(b.page, app, pageId);

    // Tab B's save is slow to arrive; tab A saves first.
    const heldB = await holdSaves(b.page);
    await drawOnPage(b.page, 300, 300, 420, 330);
    await b.page.keyboard.press('3');
    await expect.poll(() => heldB.held()).toBe(1);
    expect(await saveState(b.page)).toBe('saving');

    await drawOnPage(a.page, 60, 60, 200, 90);
    await expect.poll(() => saveState(a.page)).toBe('saved');
    const afterA = await storedPage(app, pageId);
    expect(afterA.boxes.map((x) => x.class)).toEqual(['redaction']);

    await heldB.release();

    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain(
      'This page was changed in another window; reload it to see the changes',
    );
    expect(await saveState(b.page)).toBe('conflict');
    // B's own box stays visible until the user chooses
    expect(await boxClasses(b.page)).toEqual(['exemption_label']);
    await screenshot(b.page, 'annotate-conflict');
    // nothing was overwritten
    const stored = await storedPage(app, pageId);
    expect(stored.version).toBe(afterA.version);
    expect(stored.boxes).toEqual(afterA.boxes);

    // more edits in B are kept locally and still not sent over A's work
    await b.page.keyboard.press('1');
    await expect.poll(() => boxClasses(b.page)).toEqual(['redaction']);
    expect((await storedPage(app, pageId)).version).toBe(afterA.version);

    await b.page.getByRole('button', { name: 'Reload page' }).click();
    await expect.poll(() => saveState(b.page)).toBe('saved');
    await expect.poll(() => boxClasses(b.page)).toEqual(['redaction']);
    const shown = await b.page.locator('[data-testid="box"]').first().getAttribute('x');
    expect(Number(shown)).toBeCloseTo(afterA.boxes[0]!.box[0], 1);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('"Keep my version" saves this tab’s boxes over the other tab’s, only when asked', async () => {
    const a = await openPage(browser, app.launchUrl);
    const b = await openPage(browser, app.launchUrl);
    const pageId = pages[2]!;
    await openEditor(a.page, app, pageId);
    await openEditor(b.page, app, pageId);
    const heldB = await holdSaves(b.page);
    await drawOnPage(b.page, 300, 300, 420, 330);
    await expect.poll(() => heldB.held()).toBe(1);
    await drawOnPage(a.page, 60, 60, 200, 90);
    await expect.poll(() => saveState(a.page)).toBe('saved');
    await heldB.release();
    await b.page.getByTestId('conflict').waitFor();

    await b.page.getByRole('button', { name: 'Keep my version' }).click();
    await expect.poll(() => saveState(b.page)).toBe('saved');
    const stored = await storedPage(app, pageId);
    expect(stored.boxes).toHaveLength(1);
    expect(stored.boxes[0]!.box[0]).toBeGreaterThan(200);
    // and tab A, which had nothing unsaved, follows
    await expect
      .poll(async () => a.page.locator('[data-testid="box"]').first().getAttribute('x'))
      .toBe(String(stored.boxes[0]!.box[0]));
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('keeps a change that could not be saved visibly unsaved, and Retry saves it', async () => {
    const { page } = await openPage(browser, app.launchUrl);
    const pageId = pages[0]!;
    await openEditor(page, app, pageId);
    const before = await storedPage(app, pageId);
    await page.route(SAVE, (route) => route.abort('connectionrefused'));
    await drawOnPage(page, 300, 500, 400, 540);
    await expect.poll(() => saveState(page)).toBe('failed');
    const status = page.getByTestId('save-status');
    expect(await status.innerText()).toMatch(/Not saved[\s\S]*Retry/);
    expect(await page.getByTestId('save-error').innerText()).toContain('cannot be reached');
    await screenshot(page, 'annotate-save-failed');
    expect((await storedPage(app, pageId)).boxes).toEqual(before.boxes);
    expect(await boxClasses(page)).toHaveLength(before.boxes.length + 1);

    await page.unroute(SAVE);
    await status.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => saveState(page)).toBe('saved');
    const after = await storedPage(app, pageId);
    expect(after.boxes).toHaveLength(before.boxes.length + 1);
    await page.close();
  });
});
