import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { createCanvas } from '@napi-rs/canvas';
import { PredictionsRepo, type NewPrediction } from '../../../src-main/eval/predictions-repo';
import type { Box, BoxClass } from '../../../src-main/shared/boxes';

export interface SeedPage {
  gt: { class: BoxClass; box: Box; style?: string }[];
  pred: NewPrediction[] | null;
  synthetic?: boolean;
}

export const PAGE_W = 600;
export const PAGE_H = 800;

/** Writes a white page image with the ground-truth redactions painted black. */
function pageImage(file: string, gt: SeedPage['gt']): void {
  const c = createCanvas(PAGE_W, PAGE_H);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, PAGE_W, PAGE_H);
  g.fillStyle = '#333333';
  for (let y = 60; y < PAGE_H - 60; y += 24) g.fillRect(50, y, PAGE_W - 100, 10);
  g.fillStyle = '#000000';
  for (const b of gt)
    if (b.class === 'redaction') g.fillRect(b.box[0], b.box[1], b.box[2] - b.box[0], b.box[3] - b.box[1]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, c.toBuffer('image/png'));
  const thumb = createCanvas(PAGE_W / 4, PAGE_H / 4);
  thumb.getContext('2d').drawImage(c, 0, 0, PAGE_W / 4, PAGE_H / 4);
  fs.writeFileSync(file.replace(/\.png$/, '.thumb.jpg'), thumb.toBuffer('image/jpeg'));
}

/**
 * Inserts documents (one real, one synthetic), their pages with images under `dataDir/pages`, ground
 * truth in `annotations` and, where given, predictions of `modelKey`. Returns the page ids in order.
 */
export function seedPages(
  db: Database,
  dataDir: string,
  pages: SeedPage[],
  modelKey = 'run:1',
  datasetId?: number,
): number[] {
  const repo = new PredictionsRepo(db);
  const docs = new Map<boolean, number>();
  const docId = (synthetic: boolean): number => {
    let id = docs.get(synthetic);
    if (id === undefined) {
      const r = db
        .prepare(`INSERT INTO documents (name, sha256, kind, synthetic, page_count) VALUES (?, ?, ?, ?, 0)`)
        .run(
          synthetic ? 'synthetic-set' : 'release.pdf',
          `sha-${synthetic}-${Date.now()}-${Math.random()}`,
          synthetic ? 'synthetic' : 'pdf',
          synthetic ? 1 : 0,
        );
      id = Number(r.lastInsertRowid);
      docs.set(synthetic, id);
      if (datasetId)
        db.prepare(`INSERT INTO dataset_documents (dataset_id, document_id, split) VALUES (?, ?, 'val')`).run(
          datasetId,
          id,
        );
    }
    return id;
  };
  return pages.map((p, i) => {
    const d = docId(p.synthetic ?? false);
    const rel = path.join('pages', String(d), `${i}.png`);
    pageImage(path.join(dataDir, rel), p.gt);
    const r = db
      .prepare(
        `INSERT INTO pages (document_id, page_index, width, height, dpi, image_path, thumb_path, has_redactions)
         VALUES (?, ?, ?, ?, 72, ?, ?, ?)`,
      )
      .run(d, i, PAGE_W, PAGE_H, rel, rel.replace(/\.png$/, '.thumb.jpg'), p.gt.length ? 1 : 0);
    const pageId = Number(r.lastInsertRowid);
    for (const b of p.gt) {
      db.prepare(`INSERT INTO annotations (page_id, class, x0, y0, x1, y1, style) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        pageId,
        b.class,
        ...b.box,
        b.style ?? null,
      );
    }
    db.prepare(`UPDATE documents SET page_count = page_count + 1 WHERE id = ?`).run(d);
    if (p.pred) repo.replacePage(modelKey, pageId, p.pred);
    return pageId;
  });
}

/** A small set: a perfect page, a page with a false positive and a miss, a synthetic page, an un-run page. */
export function demoPages(): SeedPage[] {
  return [
    {
      gt: [
        { class: 'redaction', box: [100, 100, 300, 130], style: 'black' },
        { class: 'redaction', box: [100, 200, 400, 230], style: 'black' },
      ],
      pred: [
        { class: 'redaction', box: [101, 100, 300, 131], score: 0.95 },
        { class: 'redaction', box: [100, 201, 399, 230], score: 0.9 },
      ],
    },
    {
      gt: [
        { class: 'redaction', box: [50, 300, 250, 330], style: 'grey' },
        { class: 'redaction', box: [300, 500, 500, 540], style: 'black' },
      ],
      pred: [
        { class: 'redaction', box: [50, 300, 250, 330], score: 0.85 },
        { class: 'redaction', box: [120, 650, 420, 690], score: 0.92 },
      ],
    },
    {
      gt: [{ class: 'redaction', box: [200, 400, 500, 440], style: 'marker' }],
      pred: [{ class: 'redaction', box: [200, 400, 500, 440], score: 0.6 }],
      synthetic: true,
    },
    { gt: [{ class: 'redaction', box: [10, 10, 60, 30] }], pred: null },
  ];
}
