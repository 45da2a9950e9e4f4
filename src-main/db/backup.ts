import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { AppError } from '../shared/errors';
import { integrityCheck, latestVersion } from './database';

export interface BackupInfo {
  name: string;
  bytes: number;
  createdAt: string;
  schemaVersion: number;
}

const NAME = /^redlab-\d{8}-\d{6}(-\d+)?\.db$/;
const PENDING = 'restore-pending.json';

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function inspect(file: string): { schemaVersion: number; integrity: string } {
  const db = new BetterSqlite3(file, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: process.env.REDLAB_SQLITE_BINDING || undefined,
  });
  try {
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number, integrity: integrityCheck(db) };
  } finally {
    db.close();
  }
}

/**
 * Online backups with SQLite's backup API (consistent while the app keeps writing), and restores
 * that take effect at the next start, when no connection is open.
 */
export class BackupService {
  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly root: string,
  ) {}

  async create(): Promise<BackupInfo> {
    fs.mkdirSync(this.dir, { recursive: true });
    let name = `redlab-${stamp()}.db`;
    for (let i = 1; fs.existsSync(path.join(this.dir, name)); i++) name = `redlab-${stamp()}-${i}.db`;
    const tmp = path.join(this.dir, `.${name}.partial`);
    await this.db.backup(tmp);
    const { integrity, schemaVersion } = inspect(tmp);
    if (integrity !== 'ok') {
      fs.rmSync(tmp, { force: true });
      throw new AppError('IO_ERROR', `The backup could not be verified (${integrity}); nothing was kept.`);
    }
    fs.renameSync(tmp, path.join(this.dir, name));
    return {
      name,
      bytes: fs.statSync(path.join(this.dir, name)).size,
      createdAt: new Date().toISOString(),
      schemaVersion,
    };
  }

  list(): BackupInfo[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => NAME.test(f))
      .map((name) => {
        const st = fs.statSync(path.join(this.dir, name));
        let schemaVersion = -1;
        try {
          schemaVersion = inspect(path.join(this.dir, name)).schemaVersion;
        } catch {
          // listed, but restore will refuse it
        }
        return { name, bytes: st.size, createdAt: st.mtime.toISOString(), schemaVersion };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  /** Checks the backup and schedules it to replace the database at the next start. */
  scheduleRestore(name: string): { restartRequired: true } {
    if (!NAME.test(name)) throw new AppError('INVALID_REQUEST', 'That is not the name of a backup.');
    const file = path.join(this.dir, name);
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `The backup ${name} does not exist.`);
    let checked: { integrity: string; schemaVersion: number };
    try {
      checked = inspect(file);
    } catch (e) {
      checked = { integrity: e instanceof Error ? e.message : String(e), schemaVersion: -1 };
    }
    const { integrity, schemaVersion } = checked;
    if (integrity !== 'ok')
      throw new AppError('CORRUPT_FILE', `The backup ${name} is damaged (${integrity}); pick another.`);
    if (schemaVersion > latestVersion()) {
      throw new AppError('INVALID_DATA', `The backup ${name} was made by a newer version of Redaction Lab.`);
    }
    fs.writeFileSync(
      path.join(this.root, PENDING),
      JSON.stringify({ backup: file, requestedAt: new Date().toISOString() }),
    );
    return { restartRequired: true };
  }
}

/**
 * Called before the database is opened: if a restore was scheduled, the current database is kept
 * as `backups/before-restore-*.db` and the backup takes its place. Returns a message, or null.
 */
export function applyPendingRestore(root: string, dbFile: string, backupsDir: string): string | null {
  const marker = path.join(root, PENDING);
  if (!fs.existsSync(marker)) return null;
  let backup: string;
  try {
    backup = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { backup: string }).backup;
  } catch {
    fs.rmSync(marker, { force: true });
    return 'A scheduled restore could not be read and was skipped; the database was not changed.';
  }
  if (!fs.existsSync(backup) || inspect(backup).integrity !== 'ok') {
    fs.rmSync(marker, { force: true });
    return 'The backup scheduled for restore is missing or damaged; the database was not changed.';
  }
  fs.mkdirSync(backupsDir, { recursive: true });
  const keep = path.join(backupsDir, `before-restore-${stamp()}.db`);
  if (fs.existsSync(dbFile)) {
    // Fold the WAL into the main file first so the kept copy is complete.
    const db = new BetterSqlite3(dbFile, { nativeBinding: process.env.REDLAB_SQLITE_BINDING || undefined });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fs.copyFileSync(dbFile, keep);
  }
  const tmp = `${dbFile}.restoring`;
  fs.copyFileSync(backup, tmp);
  for (const ext of ['-wal', '-shm']) fs.rmSync(dbFile + ext, { force: true });
  fs.renameSync(tmp, dbFile);
  fs.rmSync(marker, { force: true });
  return `The database was restored from ${path.basename(backup)}; the previous one is kept as ${path.basename(keep)}.`;
}
