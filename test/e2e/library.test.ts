import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { rpc, serveApp, type ServedApp } from '../helpers/app-server';
import { SHARED, tmpDir } from '../helpers/tmp';
import { bombPng, pagePng } from '../documents/make-files';
import type { LibraryDTO } from '../../src-main/shared/contract/documents';

const FIXTURES = path.join(SHARED, 'fixtures', 'pdf-audit');

function docCards(page: Page): Promise<string[]> {
  return page.getByTestId('document').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

async function waitForResult(page: Page, text: RegExp): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .getByTestId('import-result')
          .innerText()
          .catch(() => ''),
      { timeout: 120_000 },
    )
    .toMatch(text);
}

describe('Library view in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  const tmp = tmpDir('redlab-e2e-library-');

  beforeAll(async () => {
    app = await serveApp(path.join(tmp.dir, 'data'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('imports a folder of PDFs and uploaded PNGs, lists broken files with reasons and leaves the library unchanged for them', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByLabel('Folder to import').fill(FIXTURES);
    await page.getByRole('button', { name: 'Import folder' }).click();
    await waitForResult(page, /10 imported, 0 already in the library/);
    expect(await docCards(page)).toHaveLength(10);

    const pngs = await Promise.all(
      [1, 2, 3].map(async (i) => ({
        name: `scan-${i}.png`,
        mimeType: 'image/png',
        buffer: await pagePng(240, 320, i),
      })),
    );
    const bad = [
      { name: 'zero.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
      {
        name: 'broken.pdf',
        mimeType: 'application/pdf',
        buffer: fs.readFileSync(path.join(FIXTURES, 'ok_words.pdf')).subarray(0, 400),
      },
      { name: 'huge.png', mimeType: 'image/png', buffer: bombPng(30000, 30000) },
    ];
    await page.getByTestId('import-files').setInputFiles([...pngs, ...bad]);
    await waitForResult(page, /3 imported, 0 already in the library, 3 not imported/);
    const listed = await page.getByTestId('import-errors').innerText();
    expect(listed).toMatch(/zero\.pdf: The file is empty/);
    expect(listed).toMatch(/broken\.pdf: The PDF is damaged or incomplete/);
    expect(listed).toMatch(/huge\.png: The image is 30000×30000 pixels/);
    await expect.poll(() => docCards(page)).toHaveLength(13);
    const lib = await rpc<LibraryDTO>(app, 'documents:list', {});
    expect(lib.documents.map((d) => d.name).filter((n) => /zero|broken|huge/.test(n))).toEqual([]);

    // thumbnails load lazily from the media route
    await page.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('button.thumb img')).slice(0, 4);
      return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await screenshot(page, 'library-imported');
    expect(errors).toEqual([]);
  });

  it('imports a file dropped onto the view', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByTestId('library-grid').waitFor();
    await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 160;
      c.height = 200;
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 160, 200);
      ctx.fillStyle = '#000';
      ctx.fillRect(20, 40, 100, 12);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
      const target = document.querySelector('section.library')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await waitForResult(page, /1 imported/);
    await expect.poll(() => docCards(page)).toContain('dropped.png');
    expect(errors).toEqual([]);
  });

  it('filters and searches, assigns a split, deletes with undo and sets page flags from the keyboard', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.getByTestId('library-grid').waitFor();
    await expect.poll(() => docCards(page)).toHaveLength(14);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search documents by name',
    );
    await page.keyboard.type('rect');
    await expect
      .poll(async () => (await docCards(page)).sort())
      .toEqual([
        'rect_ordering_0.8.pdf',
        'rect_ordering_1.23.pdf',
        'rectangles_no.pdf',
        'rectangles_yes.pdf',
        'unfilled_rect.pdf',
      ]);

    await page.getByLabel('Select rectangles_yes.pdf').check();
    await page.getByLabel('Split to assign').selectOption('test');
    await page.getByRole('button', { name: 'Assign split' }).click();
    const card = page.locator('[data-testid="document"][aria-label="rectangles_yes.pdf"]');
    await expect.poll(() => card.getByTestId('split').innerText()).toBe('test');
    await page.getByLabel('Split filter').selectOption('test');
    await expect.poll(() => docCards(page)).toEqual(['rectangles_yes.pdf']);
    await page.getByLabel('Split filter').selectOption('any');

    // delete with the Delete key, then undo with Ctrl+Z
    await page.getByLabel('Select rectangles_no.pdf').check();
    await page.getByLabel('Select rectangles_yes.pdf').uncheck();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Delete');
    await page.getByTestId('undo-bar').waitFor();
    await expect.poll(() => docCards(page)).not.toContain('rectangles_no.pdf');
    expect((await rpc<LibraryDTO>(app, 'documents:list', {})).documents.map((d) => d.name)).not.toContain(
      'rectangles_no.pdf',
    );
    await page.keyboard.press('Control+z');
    await expect.poll(() => docCards(page)).toContain('rectangles_no.pdf');

    // page flag "contains redactions" through the annotation channel, kept after a reload
    const flag = card.getByRole('button', { name: /Redactions on page 1/ });
    await flag.click();
    await expect.poll(() => flag.innerText()).toBe('has redactions');
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByLabel('Page filter').selectOption('redactions');
    await expect.poll(() => docCards(page)).toEqual(['rectangles_yes.pdf']);

    // arrow keys move between thumbnails
    await page.getByLabel('Page filter').selectOption('all');
    await page.locator('button.thumb').first().focus();
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toMatch(/^Open page 1 of /);
    expect(focused).not.toBe(await page.locator('button.thumb').first().getAttribute('aria-label'));
    expect(errors).toEqual([]);
  });

  it('shows stats charts, suggests splits, lists validation warnings with a jump to the page, and exports COCO', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    const lib = await rpc<LibraryDTO>(app, 'documents:list', {});
    const target = lib.documents.find((d) => d.name === 'scan-1.png')!.pages[0]!;
    await rpc(app, 'annotations:save', {
      pageId: target.id,
      baseVersion: target.version,
      boxes: [
        { class: 'redaction', box: [10, 10, 200, 30] },
        { class: 'redaction', box: [50, 100, 51.5, 101] },
      ],
    });
    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => page.getByTestId('stats-pages').innerText()).toBe('14');
    expect(await page.locator('aside canvas').count()).toBe(5);
    await page.getByRole('button', { name: 'Suggest splits (80/10/10)' }).click();
    await expect.poll(() => page.getByText(/No split 0 documents/).count()).toBe(1);

    await page.getByRole('button', { name: 'Check boxes' }).click();
    const warnings = page.getByTestId('validation-warnings');
    await expect.poll(() => warnings.innerText()).toMatch(/scan-1\.png, page 1: a redaction box is only 1\.5×1 pixels/);
    await warnings.getByRole('button', { name: 'Go to page 1 of scan-1.png' }).first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/annotate?page=${target.id}`);
    await page.goBack();

    await page.getByLabel('Export format').selectOption('coco');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 60_000 });
    const href = await link.getAttribute('href');
    const coco = (await page.evaluate(async (u) => (await fetch(u!)).json() as Promise<unknown>, href)) as {
      images: unknown[];
      annotations: unknown[];
    };
    expect(coco.images).toHaveLength(14);
    expect(coco.annotations).toHaveLength(2);
    await screenshot(page, 'library-dataset');
    expect(errors).toEqual([]);
  });
});
