import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from '../../src-main/db/database';
import { MIGRATIONS } from '../../src-main/db/migrations';
import { tmpDir } from '../helpers/tmp';
import { ROWS } from './children/slow-migrations';
import { exited, iterations, recordFigure, rng, spawnTs } from './helpers';

const CHILD = path.join(__dirname, 'children', 'migrate-child.ts');
const base = MIGRATIONS.length;

function tableExists(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

describe('an app killed mid-migration', () => {
  it('always leaves the database at a whole migration, never in between', async () => {
    const n = iterations(12);
    const random = rng();
    let killedMidway = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const t = tmpDir();
      const file = path.join(t.dir, 'redlab.db');
      const { proc, lines } = spawnTs(CHILD, [file]);
      // wait until the app's own migrations are done, then kill during the slow ones
      const deadline = Date.now() + 30_000;
      while (!lines.includes(`migrated ${base}`) && proc.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, random.next() * 900));
      proc.kill('SIGKILL');
      await exited(proc);
      if (!lines.includes('done')) killedMidway++;

      const db = new BetterSqlite3(file);
      const version = db.pragma('user_version', { simple: true }) as number;
      const ok =
        integrityCheck(db) === 'ok' &&
        version >= base &&
        version <= base + 2 &&
        tableExists(db, 'kill_test_a') === version >= base + 1 &&
        tableExists(db, 'kill_test_b') === version >= base + 2 &&
        (version < base + 1 || (db.prepare('SELECT COUNT(*) AS n FROM kill_test_a').get() as { n: number }).n === ROWS);
      if (!ok) bad++;
      db.close();
      // the next start finishes the migrations
      const again = spawnTs(CHILD, [file]);
      await exited(again.proc);
      expect(again.lines).toContain('done');
      t.cleanup();
    }
    recordFigure('migration-kills', { kills: n, midway: killedMidway, bad });
    expect(bad).toBe(0);
    expect(killedMidway).toBeGreaterThan(0);
  });
});
