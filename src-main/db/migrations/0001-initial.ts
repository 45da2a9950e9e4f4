import type { Migration } from '../migration';

/** The initial schema: documents, pages, annotations, datasets, runs, checkpoints, predictions, reviews, jobs. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        source_path TEXT,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pdf', 'image', 'synthetic')),
        mime TEXT,
        bytes INTEGER NOT NULL DEFAULT 0,
        page_count INTEGER NOT NULL DEFAULT 0,
        synthetic INTEGER NOT NULL DEFAULT 0,
        synth_settings TEXT,
        -- 'importing' documents are invisible: an import becomes visible only when complete.
        state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('importing', 'ready')),
        deleted_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE UNIQUE INDEX documents_sha256 ON documents(sha256) WHERE deleted_at IS NULL;

      CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page_index INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        dpi REAL NOT NULL,
        width_pt REAL,
        height_pt REAL,
        rotation INTEGER NOT NULL DEFAULT 0,
        image_path TEXT NOT NULL,
        image_sha256 TEXT,
        thumb_path TEXT,
        -- NULL: not yet said; 0: the user said "page has no redactions"; 1: contains redactions.
        has_redactions INTEGER,
        reviewed INTEGER NOT NULL DEFAULT 0,
        annotation_version INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (document_id, page_index)
      );

      CREATE TABLE page_text (
        page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
        -- JSON array of text items with positions in PDF points (origin top-left).
        items TEXT NOT NULL
      );

      CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        class TEXT NOT NULL CHECK (class IN ('redaction', 'content', 'exemption_label')),
        x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
        style TEXT,
        label TEXT,
        source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'model', 'synthetic', 'import')),
        score REAL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        CHECK (x1 > x0 AND y1 > y0)
      );
      CREATE INDEX annotations_page ON annotations(page_id);

      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        test_frozen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      -- Splits are assigned by document: pages of one document never straddle splits.
      CREATE TABLE dataset_documents (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
        PRIMARY KEY (dataset_id, document_id)
      );

      CREATE TABLE sweeps (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        grid TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'completed', 'failed', 'stopped', 'interrupted')),
        config TEXT NOT NULL,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_hash TEXT,
        app_version TEXT,
        backend TEXT,
        out_dir TEXT,
        notes TEXT,
        tags TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL,
        best_map REAL,
        best_ap50 REAL,
        steps_done INTEGER NOT NULL DEFAULT 0,
        steps_total INTEGER,
        error TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        started_at TEXT,
        finished_at TEXT
      );

      -- One row per (run, metric, step): a resumed run can never duplicate a point.
      CREATE TABLE run_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch REAL,
        value REAL NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (run_id, name, step)
      );

      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        is_best INTEGER NOT NULL DEFAULT 0,
        metrics TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX checkpoints_run ON checkpoints(run_id, step);

      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        -- Which model: 'default', 'run:<id>', or a model folder's hash.
        model_key TEXT NOT NULL,
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        class TEXT NOT NULL,
        x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
        score REAL NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX predictions_page ON predictions(page_id, model_key);

      CREATE TABLE review_decisions (
        id INTEGER PRIMARY KEY,
        prediction_id INTEGER REFERENCES predictions(id) ON DELETE SET NULL,
        page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'adjust')),
        annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        progress REAL NOT NULL DEFAULT 0,
        message TEXT,
        params TEXT,
        result TEXT,
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX jobs_status ON jobs(status);
    `);
  },
};
