import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src-main/db/database';
import { dataPaths } from '../../src-main/app/paths';
import { seedDocument } from '../annotations/seed-pages';
import { rpc, type ServedApp } from '../helpers/app-server';
import type { AnnotatedPageDTO } from '../../src-main/shared/contract/annotations';

/** Puts a 3-page document (with page images in the data folder) into a fresh data folder; returns page ids. */
export function preparePages(dataDir: string): number[] {
  const paths = dataPaths(dataDir);
  const opened = openDatabase(paths.database);
  try {
    const doc = seedDocument(
      opened.db,
      'memo-1998.pdf',
      [
        { width: 850, height: 1100 },
        { width: 850, height: 1100 },
        { width: 850, height: 1100 },
      ],
      path.join(paths.pages, 'seed'),
    );
    return doc.pageIds;
  } finally {
    opened.db.close();
  }
}

export function storedPage(app: ServedApp, pageId: number): Promise<AnnotatedPageDTO> {
  return rpc<AnnotatedPageDTO>(app, 'annotations:getPage', { pageId });
}

/** Opens the editor on a page and waits until its image is shown. */
export async function openEditor(page: Page, app: ServedApp, pageId: number): Promise<void> {
  await page.goto(`${app.base}/#/annotate?page=${pageId}`, { waitUntil: 'networkidle' });
  await page.getByTestId('page-canvas').waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="page-canvas"] img');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
}

/** Drags on the page from (x0, y0) to (x1, y1), in CSS px relative to the page's top-left corner. */
export async function drawOnPage(page: Page, x0: number, y0: number, x1: number, y1: number): Promise<void> {
  const r = await page.locator('[data-testid="page-canvas"] svg').boundingBox();
  if (!r) throw new Error('page not visible');
  await page.mouse.move(r.x + x0, r.y + y0);
  await page.mouse.down();
  await page.mouse.move(r.x + (x0 + x1) / 2, r.y + (y0 + y1) / 2, { steps: 4 });
  await page.mouse.move(r.x + x1, r.y + y1, { steps: 4 });
  await page.mouse.up();
}

export function boxClasses(page: Page): Promise<string[]> {
  return page.locator('[data-testid="box"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-class') ?? ''));
}

export function saveState(page: Page): Promise<string | null> {
  return page.getByTestId('save-status').getAttribute('data-state');
}

export async function zoomOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('page-canvas').getAttribute('data-zoom'));
}
