import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { dataPaths } from '../../src-main/app/paths';
import { rpc, type ServedApp } from '../helpers/app-server';
import { CLI, SHARED } from '../helpers/tmp';
import type { AnnotatedPageDTO } from '../../src-main/shared/contract/annotations';

/** Real PDFs from the shared fixtures, read in place. */
const PDFS = ['rectangles_yes.pdf', 'ok_words.pdf', 'unfilled_rect.pdf'].map((f) =>
  path.join(SHARED, 'fixtures', 'pdf-audit', f),
);

/**
 * Imports three fixture PDFs into a fresh data folder with the built CLI (`redlab import --json`),
 * as a user would, and returns their page ids in library order.
 */
export function importPages(dataDir: string): number[] {
  const out = execFileSync(process.execPath, [CLI, 'import', ...PDFS, '--data-dir', dataDir, '--json'], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out) as { documents: { id: number; pages: number }[]; errors: unknown[] };
  if (r.documents.length !== PDFS.length || r.errors.length > 0) throw new Error(`import failed: ${out}`);
  const db = new Database(dataPaths(dataDir).database, { readonly: true });
  try {
    const rows = db.prepare('SELECT id FROM pages ORDER BY document_id, page_index').all() as { id: number }[];
    return rows.map((x) => x.id);
  } finally {
    db.close();
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
