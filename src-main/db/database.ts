import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { AppError } from '../shared/errors';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

export interface OpenedDatabase {
  db: Database;
  path: string;
  readOnly: boolean;
  /** A sentence for the UI when the database is not fully usable; null when all is well. */
  message: string | null;
  schemaVersion: number;
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Called between migrations; used by tests that kill the process mid-migration. */
  onMigrated?: (version: number) => void;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((m, x) => Math.max(m, x.version), 0);
}

function applyPragmas(db: Database, readOnly: boolean): void {
  if (!readOnly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * Runs each pending migration in its own transaction together with its `user_version` bump,
 * so a crash leaves the database at the previous version, never in between.
 */
export function migrate(db: Database, migrations: readonly Migration[], onMigrated?: (v: number) => void): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of sorted) {
    if (m.version <= current) continue;
    if (m.version !== current + 1) {
      throw new AppError('INTERNAL', `Migration ${m.version} (${m.name}) is out of order after version ${current}.`);
    }
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    current = m.version;
    onMigrated?.(current);
  }
  return current;
}

/** Opens (creating if needed) the app database, applies pragmas and migrations. */
export function openDatabase(file: string, opts: OpenOptions = {}): OpenedDatabase {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = latestVersion(migrations);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Under Electron, `npm start` points at a copy of the addon built for Electron's ABI.
  const nativeBinding = process.env.REDLAB_SQLITE_BINDING || undefined;
  let db = new BetterSqlite3(file, { nativeBinding });
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version > latest) {
    db.close();
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding });
    applyPragmas(db, true);
    return {
      db,
      path: file,
      readOnly: true,
      schemaVersion: version,
      message:
        `This database was written by a newer version of Redaction Lab (schema ${version}, this app knows ${latest}). ` +
        'It is open read-only so nothing is lost; update the app to edit it.',
    };
  }
  applyPragmas(db, false);
  version = migrate(db, migrations, opts.onMigrated);
  return { db, path: file, readOnly: false, message: startupCheck(db), schemaVersion: version };
}

/** Startup check: SQLite recent enough and no damage found by `quick_check`. A sentence, or null. */
export function startupCheck(db: Database): string | null {
  const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 35)) {
    return `SQLite ${version} is too old for Redaction Lab (3.35 or newer is needed); reinstall the app.`;
  }
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const result = rows.map((r) => r.quick_check).join('; ');
  return result === 'ok'
    ? null
    : `The database reports damage (${result.slice(0, 200)}). Restore a backup from Settings.`;
}

/** `PRAGMA integrity_check` result: 'ok' or the first problems SQLite reports. */
export function integrityCheck(db: Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

export function nowIso(): string {
  return new Date().toISOString();
}
