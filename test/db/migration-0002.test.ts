import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/db/database';
import { tmpDir } from '../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('migration 0002 (prediction_pages)', () => {
  it('records which model ran on which page and forgets it when the page is deleted', () => {
    const t = tmpDir();
    cleanups.push(t.cleanup);
    const { db } = openDatabase(path.join(t.dir, 'redlab.db'));
    db.prepare(`INSERT INTO documents (id, name, sha256, kind) VALUES (1, 'a.pdf', 'x', 'pdf')`).run();
    db.prepare(
      `INSERT INTO pages (id, document_id, page_index, width, height, dpi, image_path) VALUES (7, 1, 0, 100, 100, 72, 'p.png')`,
    ).run();
    db.prepare(`INSERT INTO prediction_pages (model_key, page_id, boxes) VALUES ('run:1', 7, 0)`).run();
    expect(() => db.prepare(`INSERT INTO prediction_pages (model_key, page_id) VALUES ('run:1', 7)`).run()).toThrow(
      /UNIQUE/,
    );
    expect(() => db.prepare(`INSERT INTO prediction_pages (model_key, page_id) VALUES ('run:1', 99)`).run()).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare(`DELETE FROM pages WHERE id = 7`).run();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM prediction_pages`).get()).toEqual({ n: 0 });
    db.close();
  });
});
