import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityCheck, latestVersion, migrate, openDatabase } from '../../src-main/db/database';
import type { Migration } from '../../src-main/db/migration';
import { MIGRATIONS } from '../../src-main/db/migrations';
import { tmpDir } from '../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dbFile(): string {
  const t = tmpDir();
  cleanups.push(t.cleanup);
  return path.join(t.dir, 'redlab.db');
}
function tables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
  ).map((r) => r.name);
}

describe('database migrations', () => {
  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
  });

  it('opens a new database with WAL, full sync, foreign keys and the latest schema', () => {
    const file = dbFile();
    const { db, readOnly, schemaVersion } = openDatabase(file);
    expect(readOnly).toBe(false);
    expect(schemaVersion).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(integrityCheck(db)).toBe('ok');
    db.close();
  });

  for (const m of MIGRATIONS) {
    it(`applies migration ${m.version} (${m.name}) on top of ${m.version - 1} and bumps user_version in the same step`, () => {
      const file = dbFile();
      const db = new BetterSqlite3(file);
      migrate(
        db,
        MIGRATIONS.filter((x) => x.version < m.version),
      );
      const before = tables(db);
      expect(db.pragma('user_version', { simple: true })).toBe(m.version - 1);
      migrate(
        db,
        MIGRATIONS.filter((x) => x.version <= m.version),
      );
      expect(db.pragma('user_version', { simple: true })).toBe(m.version);
      expect(integrityCheck(db)).toBe('ok');
      expect(tables(db).length).toBeGreaterThanOrEqual(before.length);
      db.close();
    });
  }

  it('creates the initial tables of the product (migration 1)', () => {
    const { db } = openDatabase(dbFile());
    for (const t of [
      'documents',
      'pages',
      'page_text',
      'annotations',
      'datasets',
      'dataset_documents',
      'runs',
      'run_metrics',
      'checkpoints',
      'predictions',
      'review_decisions',
      'jobs',
      'settings',
    ]) {
      expect(tables(db)).toContain(t);
    }
    // foreign keys are enforced
    expect(() =>
      db
        .prepare(
          `INSERT INTO pages (document_id, page_index, width, height, dpi, image_path) VALUES (999, 0, 1, 1, 72, 'x')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('rolls a failing migration back completely and keeps the previous version', () => {
    const file = dbFile();
    const broken: Migration = {
      version: latestVersion() + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('disk on fire');
      },
    };
    openDatabase(file).db.close();
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow(/disk on fire/);
    const db = new BetterSqlite3(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('opens a database written by a newer app read-only with a clear message, and writes fail', () => {
    const file = dbFile();
    const first = openDatabase(file);
    first.db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"')`).run();
    first.db.pragma(`user_version = ${latestVersion() + 5}`);
    first.db.close();
    const again = openDatabase(file);
    expect(again.readOnly).toBe(true);
    expect(again.message).toMatch(/newer version of Redaction Lab/);
    expect(again.message).toMatch(/read-only/);
    expect(() => again.db.prepare(`DELETE FROM settings`).run()).toThrow();
    expect(again.db.prepare(`SELECT COUNT(*) AS n FROM settings`).get()).toEqual({ n: 1 });
    again.db.close();
  });
});
