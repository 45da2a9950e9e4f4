import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dataPaths } from '../../src-main/app/paths';
import type { AnnotatedPageDTO } from '../../src-main/shared/contract/annotations';
import type { ReviewPageDTO } from '../../src-main/shared/contract/review';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { rpc, serveApp, type ServedApp } from '../helpers/app-server';
import { CLI, ROOT, SHARED, tmpDir } from '../helpers/tmp';

const PDF = path.join(SHARED, 'fixtures', 'pdf-audit', 'rectangles_yes.pdf');
const DEFAULT_MODEL = path.join(ROOT, 'resources', 'models', 'default');
const modelInstalled = ['model.json', 'state.json'].some((f) => fs.existsSync(path.join(DEFAULT_MODEL, f)));

/** Imports the fixture PDF with the built CLI, as a user would; returns its first page id and DPI. */
function importPdf(dataDir: string): { pageId: number; dpi: number } {
  execFileSync(process.execPath, [CLI, 'import', PDF, '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
  const db = new Database(dataPaths(dataDir).database, { readonly: true });
  try {
    return db.prepare('SELECT id AS pageId, dpi FROM pages ORDER BY id LIMIT 1').get() as {
      pageId: number;
      dpi: number;
    };
  } finally {
    db.close();
  }
}

async function openReview(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByTestId('queue-item').first().waitFor({ timeout: 60_000 });
  await page.locator('.page img').first().waitFor();
}

/** Accepts the selected box with `a`, then rejects the next one with `x`; returns the two predictions. */
async function acceptThenReject(page: Page, app: ServedApp, pageId: number, modelKey: string): Promise<ReviewPageDTO> {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('a');
  await expect.poll(() => page.locator('[data-testid="prediction"][data-decision="accept"]').count()).toBe(1);
  await page.keyboard.press('x');
  await expect.poll(() => page.locator('[data-testid="prediction"][data-decision="reject"]').count()).toBe(1);
  return rpc<ReviewPageDTO>(app, 'review:page', { pageId, modelKey });
}

describe('Review view in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  let first: { pageId: number; dpi: number };
  const tmp = tmpDir();

  beforeAll(async () => {
    first = importPdf(`${tmp.dir}/data`);
    app = await serveApp(`${tmp.dir}/data`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('accepts one box and rejects another from the keyboard; the accepted one is an annotation from the model; adjusts one', async () => {
    // Detections as a detector would store them (page pixels), over the black boxes of the page.
    const k = first.dpi / 72;
    const db = new Database(dataPaths(`${tmp.dir}/data`).database);
    const ins = db.prepare(
      `INSERT INTO predictions (model_key, page_id, class, x0, y0, x1, y1, score) VALUES ('default', ?, 'redaction', ?, ?, ?, ?, ?)`,
    );
    ins.run(first.pageId, 141 * k, 232 * k, 167 * k, 246 * k, 0.93);
    ins.run(first.pageId, 273 * k, 315 * k, 537 * k, 329 * k, 0.81);
    ins.run(first.pageId, 412 * k, 480 * k, 438 * k, 494 * k, 0.3);
    db.close();

    const { page, errors } = await openPage(browser, app.launchUrl);
    await openReview(page);
    // the box under the threshold is hidden until the slider goes down
    await expect.poll(() => page.getByTestId('prediction').count()).toBe(2);
    const after = await acceptThenReject(page, app, first.pageId, 'default');
    const [best, second] = after.predictions;
    expect(best?.decision).toBe('accept');
    expect(second?.decision).toBe('reject');

    const stored = await rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId: first.pageId });
    expect(stored.boxes).toHaveLength(1);
    expect(stored.boxes[0]).toMatchObject({ class: 'redaction', source: 'model', score: 0.93, box: best?.box });
    await screenshot(page, 'review-keyboard');

    // u undoes the reject; e opens the box for adjusting: drag its right edge in, Enter saves
    await page.keyboard.press('u');
    await expect.poll(() => page.locator('[data-testid="prediction"][data-decision="reject"]').count()).toBe(0);
    await page.keyboard.press('e');
    const handle = page.locator('[data-handle="e"]');
    const hb = await handle.boundingBox();
    if (!hb) throw new Error('no handle');
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x - 60, hb.y + hb.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="prediction"][data-decision="adjust"]').count()).toBe(1);
    const review = await rpc<ReviewPageDTO>(app, 'review:page', { pageId: first.pageId, modelKey: 'default' });
    const adjusted = review.predictions[1];
    const boxes = (await rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId: first.pageId })).boxes;
    const made = boxes.find((b) => b.id === adjusted?.annotationId);
    expect(made?.source).toBe('model');
    expect((made?.box[2] ?? 0) < (second?.box[2] ?? 0) - 20).toBe(true);
    // Shift+A: nothing is left to accept above the threshold
    await page.keyboard.press('Shift+A');
    await page.waitForTimeout(300);
    expect((await rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId: first.pageId })).boxes).toHaveLength(2);

    // from the page to the audit of its PDF, cross-checked with these boxes
    await page.getByRole('button', { name: 'Audit this PDF with these boxes' }).click();
    const summary = page.getByTestId('audit-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect.poll(() => summary.innerText()).toMatch(/^3 bad redaction\(s\) hiding 64 characters/);
    expect(errors).toEqual([]);
  });

  it.skipIf(!modelInstalled)(
    'runs the default model on the imported document, then accept and reject from the keyboard',
    async () => {
      const docs = await rpc<{ id: number }[]>(app, 'review:documents', { modelKey: 'default' });
      const db = new Database(dataPaths(`${tmp.dir}/data`).database);
      db.prepare(`DELETE FROM predictions WHERE model_key = 'default'`).run();
      db.close();
      const { page, errors } = await openPage(browser, app.launchUrl);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review', exact: true }).click();
      await page.getByTestId('review-model').selectOption('default');
      await page.getByRole('button', { name: 'Run detector' }).click();
      const bar = page.getByRole('progressbar', { name: /Detect redactions/ });
      await bar.waitFor({ timeout: 60_000 });
      await page.getByTestId('queue-item').first().waitFor({ timeout: 300_000 });
      const stored = await rpc<ReviewPageDTO>(app, 'review:page', { pageId: first.pageId, modelKey: 'default' });
      expect(stored.predictions.length).toBeGreaterThanOrEqual(2);
      await page
        .getByRole('slider', { name: 'Score threshold' })
        .fill(String(Math.max(0.05, (stored.predictions[1]?.score ?? 0.5) - 0.01)));
      await page.getByTestId('queue-item').filter({ hasText: 'rectangles_yes.pdf · p. 1' }).click();
      await page.waitForTimeout(300);
      const before = (await rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId: first.pageId })).boxes.length;
      const after = await acceptThenReject(page, app, first.pageId, 'default');
      const accepted = after.predictions.find((p) => p.decision === 'accept');
      const boxes = (await rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId: first.pageId })).boxes;
      expect(boxes.length).toBe(before + 1);
      expect(boxes.some((b) => b.source === 'model' && b.id === accepted?.annotationId)).toBe(true);
      expect(docs.length).toBe(1);
      await screenshot(page, 'review-default-model');
      expect(errors).toEqual([]);
    },
  );
});

describe('first run: the sample library', () => {
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

  it('opens in one click from the empty Review view, and the Audit view shows the sample PDF leaks', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Open sample library' }).click();
    // the view leaves its empty state once the sample documents are in the library
    await page.getByRole('navigation', { name: 'Review queue' }).waitFor({ timeout: 120_000 });
    const docs = await rpc<{ name: string }[]>(app, 'review:documents', { modelKey: 'default' });
    expect(docs.map((d) => d.name)).toEqual(['Sample: generated redacted pages', 'redaction-lab-sample-leaky.pdf']);
    if (modelInstalled) await page.getByTestId('queue-item').first().waitFor({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click();
    const summary = page.getByTestId('audit-summary');
    await summary.waitFor({ timeout: 30_000 });
    await expect.poll(() => summary.innerText()).toMatch(/^[45] bad redaction\(s\)/);
    await screenshot(page, 'audit-sample-library');
    expect(errors).toEqual([]);
  });
});
