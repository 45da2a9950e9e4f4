import type { Migration } from '../migration';

/**
 * Which model has run on which page, even when it found nothing there: without it a page with no
 * `predictions` rows cannot be told apart from a page the model never saw.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'prediction-pages',
  up(db) {
    db.exec(`
      CREATE TABLE prediction_pages (
        model_key TEXT NOT NULL,
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        boxes INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (model_key, page_id)
      );
      CREATE INDEX prediction_pages_page ON prediction_pages(page_id);
      CREATE INDEX predictions_model ON predictions(model_key, page_id);
    `);
  },
};
