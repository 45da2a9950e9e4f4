import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import { nowIso } from '../db/database';
import { ORIGINAL_EXT } from './import/sniff';

/** Hides documents at once (Undo restores them); files stay until a purge. Returns how many changed. */
export function softDeleteDocuments(db: Database, ids: readonly number[]): number {
  const stmt = db.prepare('UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
  const at = nowIso();
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(at, id).changes, 0))();
}

/**
 * Brings soft-deleted documents back. One whose bytes were imported again meanwhile stays
 * deleted (the library never holds the same document twice).
 */
export function restoreDocuments(db: Database, ids: readonly number[]): number {
  const stmt = db.prepare('UPDATE documents SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL');
  return db.transaction(() => {
    let n = 0;
    for (const id of ids) {
      try {
        n += stmt.run(id).changes;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      }
    }
    return n;
  })();
}

/** Deletes soft-deleted documents older than `olderThanMs` for good: rows (cascading) and files. */
export function purgeDeleted(db: Database, paths: DataPaths, olderThanMs: number): number {
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  const rows = db
    .prepare('SELECT id, sha256 FROM documents WHERE deleted_at IS NOT NULL AND deleted_at <= ?')
    .all(cutoff) as { id: number; sha256: string }[];
  if (rows.length === 0) return 0;
  const del = db.prepare('DELETE FROM documents WHERE id = ?');
  db.transaction(() => rows.forEach((r) => del.run(r.id)))();
  const stillUsed = db.prepare('SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1');
  for (const r of rows) {
    fs.rmSync(path.join(paths.pages, String(r.id)), { recursive: true, force: true });
    fs.rmSync(path.join(paths.thumbs, String(r.id)), { recursive: true, force: true });
    if (!stillUsed.get(r.sha256)) {
      for (const ext of new Set(Object.values(ORIGINAL_EXT))) {
        fs.rmSync(path.join(paths.originals, `${r.sha256}.${ext}`), { force: true });
      }
    }
  }
  return rows.length;
}
