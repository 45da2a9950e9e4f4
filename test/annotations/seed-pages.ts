import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createCanvas } from '@napi-rs/canvas';

export interface SeedPage {
  width: number;
  height: number;
}

export interface SeededDocument {
  documentId: number;
  pageIds: number[];
}

/** A plain page image with a few lines of "text" and a black bar, as a PNG buffer. */
export function pagePng(width: number, height: number, seed = 0): Buffer {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#fbfaf6';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#333';
  for (let y = 60; y < height - 60; y += 28) g.fillRect(50, y, width - 100 - ((y * 7 + seed) % 180), 9);
  g.fillStyle = '#000';
  g.fillRect(120, 150, 220, 22);
  return c.toBuffer('image/png');
}

/**
 * Inserts a ready document and its pages directly with SQL (the way an import leaves them),
 * writing a PNG per page under `imagesDir` when given. For tests of the annotation domain that
 * must not depend on the import pipeline.
 */
export function seedDocument(
  db: Database,
  name: string,
  pages: readonly SeedPage[],
  imagesDir?: string,
): SeededDocument {
  const sha = crypto.createHash('sha256').update(`${name}:${Math.random()}`).digest('hex');
  const doc = db
    .prepare(`INSERT INTO documents (name, sha256, kind, page_count, state) VALUES (?, ?, 'image', ?, 'ready')`)
    .run(name, sha, pages.length);
  const documentId = Number(doc.lastInsertRowid);
  const pageIds = pages.map((p, i) => {
    let file = `seed-${documentId}-${i}.png`;
    if (imagesDir) {
      fs.mkdirSync(imagesDir, { recursive: true });
      file = path.join(imagesDir, file);
      fs.writeFileSync(file, pagePng(p.width, p.height, i));
    }
    const r = db
      .prepare(
        `INSERT INTO pages (document_id, page_index, width, height, dpi, image_path) VALUES (?, ?, ?, ?, 100, ?)`,
      )
      .run(documentId, i, p.width, p.height, file);
    return Number(r.lastInsertRowid);
  });
  return { documentId, pageIds };
}
