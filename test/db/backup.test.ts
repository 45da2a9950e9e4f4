import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { BackupService } from '../../src-main/db/backup';
import { integrityCheck } from '../../src-main/db/database';
import { tmpDir } from '../helpers/tmp';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function open(dir: string): Services {
  const s = createServices({ dataDir: dir, transport: 'test' });
  cleanups.push(() => s.close());
  return s;
}

function setTheme(s: Services, theme: 'light' | 'dark'): void {
  s.settings.set({ theme });
}

describe('database backups', () => {
  it('makes a consistent, verified backup while the app keeps writing', async () => {
    const t = tmpDir();
    cleanups.push(t.cleanup);
    const s = open(t.dir);
    const insert = s.db.prepare(`INSERT INTO datasets (name) VALUES (?)`);
    for (let i = 0; i < 200; i++) insert.run(`before-${i}`);
    const backups = new BackupService(s.db, s.paths.backups, s.paths.root);
    let writes = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 50; i++) insert.run(`during-${writes++}`);
    }, 1);
    const info = await backups.create();
    clearInterval(writer);
    expect(info.name).toMatch(/^redlab-\d{8}-\d{6}(-\d+)?\.db$/);
    expect(info.bytes).toBeGreaterThan(0);
    const Better = (await import('better-sqlite3')).default;
    const copy = new Better(path.join(s.paths.backups, info.name), { readonly: true });
    expect(integrityCheck(copy)).toBe('ok');
    const n = (copy.prepare(`SELECT COUNT(*) AS n FROM datasets`).get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(200);
    copy.close();
    expect(backups.list().map((b) => b.name)).toContain(info.name);
  });

  it('restores a backup at the next start and keeps the replaced database', async () => {
    const t = tmpDir();
    cleanups.push(t.cleanup);
    const first = createServices({ dataDir: t.dir, transport: 'test' });
    setTheme(first, 'dark');
    const backups = new BackupService(first.db, first.paths.backups, first.paths.root);
    const info = await backups.create();
    setTheme(first, 'light');
    expect(backups.scheduleRestore(info.name)).toEqual({ restartRequired: true });
    // the running app is unchanged until it restarts
    expect(first.settings.get().theme).toBe('light');
    await first.close();

    const second = open(t.dir);
    expect(second.settings.get().theme).toBe('dark');
    expect(second.database.message).toMatch(/restored from redlab-/);
    const kept = fs.readdirSync(second.paths.backups).filter((f) => f.startsWith('before-restore-'));
    expect(kept).toHaveLength(1);
  });

  it('refuses to schedule a damaged or unknown backup and changes nothing', async () => {
    const t = tmpDir();
    cleanups.push(t.cleanup);
    const s = open(t.dir);
    const backups = new BackupService(s.db, s.paths.backups, s.paths.root);
    const info = await backups.create();
    const file = path.join(s.paths.backups, info.name);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 100, Math.min(bytes.length, 5000));
    fs.writeFileSync(file, bytes);
    expect(() => backups.scheduleRestore(info.name)).toThrow(/is damaged/);
    expect(() => backups.scheduleRestore('../redlab.db')).toThrow(/not the name of a backup/);
    expect(() => backups.scheduleRestore('redlab-20990101-000000.db')).toThrow(/does not exist/);
    expect(fs.existsSync(path.join(t.dir, 'restore-pending.json'))).toBe(false);
  });
});
