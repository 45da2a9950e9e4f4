import type { Database } from 'better-sqlite3';
import type { Box } from '../shared/boxes';
import type { ModelKeyDTO } from '../shared/contract/evaluation';

export interface NewPrediction {
  class: string;
  box: Box;
  score: number;
}

/** SQL of the `predictions` and `prediction_pages` tables (one model's boxes per page). */
export class PredictionsRepo {
  constructor(private readonly db: Database) {}

  /** Replaces one model's boxes on one page and records that the model ran there (even with none). */
  replacePage(modelKey: string, pageId: number, boxes: readonly NewPrediction[]): void {
    this.replacePages(modelKey, [{ pageId, boxes }]);
  }

  /** Same as `replacePage` for many pages in one transaction. */
  replacePages(modelKey: string, pages: readonly { pageId: number; boxes: readonly NewPrediction[] }[]): void {
    const del = this.db.prepare(`DELETE FROM predictions WHERE model_key = ? AND page_id = ?`);
    const ins = this.db.prepare(
      `INSERT INTO predictions (model_key, page_id, class, x0, y0, x1, y1, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const mark = this.db.prepare(
      `INSERT INTO prediction_pages (model_key, page_id, boxes) VALUES (?, ?, ?)
       ON CONFLICT (model_key, page_id) DO UPDATE SET boxes = excluded.boxes,
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    );
    this.db.transaction(() => {
      for (const p of pages) {
        del.run(modelKey, p.pageId);
        for (const b of p.boxes) ins.run(modelKey, p.pageId, b.class, b.box[0], b.box[1], b.box[2], b.box[3], b.score);
        mark.run(modelKey, p.pageId, p.boxes.length);
      }
    })();
  }

  /** Model keys that have run on at least one page, with the run's name where there is one. */
  modelKeys(): ModelKeyDTO[] {
    const rows = this.db
      .prepare(
        `WITH pages AS (
           SELECT model_key, page_id FROM prediction_pages
           UNION SELECT model_key, page_id FROM predictions)
         SELECT k.model_key AS modelKey, COUNT(*) AS pages,
                (SELECT COUNT(*) FROM predictions p WHERE p.model_key = k.model_key) AS boxes
         FROM pages k GROUP BY k.model_key ORDER BY k.model_key`,
      )
      .all() as { modelKey: string; pages: number; boxes: number }[];
    return rows.map((r) => ({ ...r, label: this.label(r.modelKey) }));
  }

  /** A readable name: "Default model", the run's name for `run:<id>`, or the key itself. */
  label(modelKey: string): string {
    if (modelKey === 'default') return 'Default model';
    const m = /^run:(\d+)$/.exec(modelKey);
    if (m) {
      const run = this.db.prepare(`SELECT name FROM runs WHERE id = ?`).get(Number(m[1])) as
        { name: string } | undefined;
      return run ? `Run ${m[1]}: ${run.name}` : `Run ${m[1]}`;
    }
    return modelKey;
  }
}
